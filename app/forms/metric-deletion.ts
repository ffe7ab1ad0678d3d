import { z } from "zod";
import { recordId } from "~/domain/record-id";

/**
 * Deleting one value of the grid: the metric and the month, first to review
 * (`deleteReview`), then to delete (`delete`).
 */
export const metricDeletionSchema = z.object({
  intent: z.enum(["deleteReview", "delete"]),
  metric: recordId({ invalid: "validation.required" }),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "metrics.error.month"),
});

export type MetricDeletionInput = z.infer<typeof metricDeletionSchema>;
