import { z } from "zod";
import { parseDecimal } from "~/domain/measurement-import";
import { parseMonthLoose } from "~/domain/period";
import { recordId } from "~/domain/record-id";

/** A value as typed: `95.5` or `95,5` (spaces as thousands separators allowed). */
export const decimalText = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .transform((v, ctx) => {
    const n = parseDecimal(v, "xlsx");
    if (n === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "metrics.error.value" });
      return z.NEVER;
    }
    return n;
  });

/** A month as `2026-03` (the browser's month input) or `3/2026`. */
export const monthText = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .transform((v, ctx) => {
    const m = parseMonthLoose(v);
    if (!m) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "metrics.error.month" });
      return z.NEVER;
    }
    return m;
  });

/** One value for one metric, relationship and month. */
export const metricEntrySchema = z.object({
  relationship: recordId("validation.required"),
  metric: recordId("validation.required"),
  month: monthText,
  value: decimalText,
});

export type MetricEntryInput = z.infer<typeof metricEntrySchema>;
