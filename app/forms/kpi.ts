import { z } from "zod";
import { decimalText, monthText } from "~/forms/metric-entry";
import { recordId } from "~/domain/record-id";

/** A count of customers or answers: a whole number, 0 or more. */
const count = decimalText.pipe(z.number().int("kpi.error.wholeNumber").min(0, "kpi.error.nonNegative"));
const nonNegative = decimalText.pipe(z.number().min(0, "kpi.error.nonNegative"));
const percent = decimalText.pipe(z.number().min(0, "kpi.error.percent").max(100, "kpi.error.percent"));
const optionalDecimal = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), decimalText.optional());

/**
 * Where to store the result: `intent=store` needs a relationship and a month;
 * `intent=calculate` only shows the figure.
 */
const storeFields = {
  intent: z.enum(["calculate", "store"]).default("calculate"),
  relationship: recordId("validation.required").optional(),
  month: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), monthText.optional()),
};

const clvFields = {
  margin: decimalText,
  retention: percent,
  discountRate: percent,
  acquisitionCost: optionalDecimal,
};

/** One schema for the calculators on /metrics/kpi; `calculator` (a hidden field) says which form was sent. */
export const kpiSchema = z
  .discriminatedUnion("calculator", [
    z.object({ calculator: z.literal("nps"), promoters: count, passives: count, detractors: count, ...storeFields }),
    z.object({ calculator: z.literal("retention"), atStart: count, kept: count, ...storeFields }),
    z.object({ calculator: z.literal("clv"), ...clvFields, ...storeFields }),
    z.object({ calculator: z.literal("equity"), customers: count, ...clvFields, ...storeFields }),
    z.object({ calculator: z.literal("roi"), returnEur: decimalText, investment: nonNegative, ...storeFields }),
    z.object({ calculator: z.literal("cpo"), cost: nonNegative, orders: count, ...storeFields }),
  ])
  .superRefine((v, ctx) => {
    if (v.calculator === "retention" && v.kept > v.atStart) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["kept"], message: "kpi.error.keptOverStart" });
    if (v.intent !== "store") return;
    if (v.calculator === "equity") ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["intent"], message: "kpi.error.notStorable" });
    if (!v.relationship) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["relationship"], message: "validation.required" });
    if (!v.month) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["month"], message: "validation.required" });
  });

export type KpiInput = z.infer<typeof kpiSchema>;
export type KpiCalculator = KpiInput["calculator"];
export const KPI_CALCULATORS = ["nps", "retention", "clv", "equity", "roi", "cpo"] as const satisfies readonly KpiCalculator[];
