import { z } from "zod";
import { FACTORS } from "~/domain/factors";
import { boundsDefinitionProblem } from "~/domain/measurement-rules";

export const METRIC_DIRECTIONS = ["higher_better", "lower_better"] as const;
export const METRIC_AGGREGATIONS = ["mean", "sum", "last"] as const;
/** Suggested categories; an organisation may use its own word. */
export const METRIC_CATEGORIES = ["delivery", "quality", "service", "customer", "usage", "finance", "collaboration", "sales"] as const;

/** A number as people type it: `95.5` or the Finnish `95,5`; blank means none. */
export const optionalDecimal = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim().replace(/\s/g, "").replace(",", ".")) : v),
  z.coerce.number({ invalid_type_error: "metrics.validation.number" }).finite("metrics.validation.number").optional(),
);

/**
 * A metric definition, created or edited. `owner` is `catalogue` (platform
 * administrators only) or the id of the user's organisation. The key cannot
 * change after creation, since files and API clients refer to it.
 */
export const metricDefinitionSchema = z
  .object({
    key: z
      .string({ required_error: "validation.required" })
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9_]{1,48}$/, "metrics.validation.key"),
    owner: z.string({ required_error: "validation.required" }).regex(/^(catalogue|\d+)$/, "validation.required"),
    nameFi: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(100, "metrics.validation.tooLong"),
    nameEn: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(100, "metrics.validation.tooLong"),
    unit: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(20, "metrics.validation.tooLong"),
    direction: z.enum(METRIC_DIRECTIONS, { required_error: "validation.required", invalid_type_error: "validation.required" }),
    aggregation: z.enum(METRIC_AGGREGATIONS, { required_error: "validation.required", invalid_type_error: "validation.required" }),
    target: optionalDecimal,
    /** The lowest and highest value a measurement may have; blank: none (a percentage: 0 and 100). */
    minValue: optionalDecimal,
    maxValue: optionalDecimal,
    category: z
      .string({ required_error: "validation.required" })
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9_]{1,29}$/, "metrics.validation.category"),
    factor: z.preprocess((v) => (v === "" ? undefined : v), z.enum(FACTORS).optional()),
  })
  .superRefine((v, ctx) => {
    const problem = boundsDefinitionProblem({ minValue: v.minValue ?? null, maxValue: v.maxValue ?? null, target: v.target ?? null, unit: v.unit });
    if (problem) {
      const message = problem.code === "minAboveMax" ? "metrics.validation.minAboveMax" : "metrics.validation.targetOutside";
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [problem.field], message });
    }
  });

export type MetricDefinitionInput = z.infer<typeof metricDefinitionSchema>;
