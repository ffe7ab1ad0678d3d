import { z } from "zod";
import { ACTION_PHASES, ACTION_STATUSES, FACTORS } from "~/domain/factors";
import { isCalendarDate } from "./lifecycle";
import { recordId } from "~/domain/record-id";

/**
 * A development action. The outcome note is what the action taught, so it
 * is required once the action is done.
 */
export const developmentActionSchema = z
  .object({
    title: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "rel.form.tooLong"),
    description: z.string().trim().max(2000, "rel.form.tooLong").optional(),
    factor: z.enum(FACTORS, { errorMap: () => ({ message: "rel.form.invalidChoice" }) }).optional(),
    phase: z.enum(ACTION_PHASES, { errorMap: () => ({ message: "rel.form.invalidChoice" }) }),
    ownerUserId: recordId({ required: "validation.required", invalid: "rel.form.invalidChoice" }),
    dueDate: z.string().trim().refine(isCalendarDate, "rel.form.dateFormat").optional(),
    status: z.enum(ACTION_STATUSES, { errorMap: () => ({ message: "rel.form.invalidChoice" }) }),
    outcomeNote: z.string().trim().max(2000, "rel.form.tooLong").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status === "done" && !v.outcomeNote) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["outcomeNote"], message: "action.error.outcomeRequired" });
    }
  });

export type DevelopmentActionInput = z.infer<typeof developmentActionSchema>;
