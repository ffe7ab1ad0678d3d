import { z } from "zod";
import { MATURITIES } from "~/domain/factors";

/** Staff override of the relationship's maturity; "derived" goes back to the start-date default. */
export const maturityOverrideSchema = z
  .object({
    maturity: z.enum(["derived", ...MATURITIES], { errorMap: () => ({ message: "rel.form.invalidChoice" }) }),
    note: z.string().trim().max(1000, "rel.form.tooLong").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.maturity !== "derived" && (!v.note || v.note.length < 3)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["note"], message: "context.error.noteRequired" });
    }
  });

export type MaturityOverrideInput = z.infer<typeof maturityOverrideSchema>;
