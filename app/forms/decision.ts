import { z } from "zod";
import { FACTORS } from "~/domain/factors";
import { pastDate } from "./lifecycle";

/** One entry of the decision log: the small weekly decisions that add up (source 004). */
export const decisionSchema = z.object({
  decidedOn: pastDate,
  title: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "rel.form.tooLong"),
  note: z.string().trim().max(2000, "rel.form.tooLong").optional(),
  factor: z.enum(FACTORS, { errorMap: () => ({ message: "rel.form.invalidChoice" }) }).optional(),
});

export type DecisionInput = z.infer<typeof decisionSchema>;
