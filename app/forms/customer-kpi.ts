import { z } from "zod";
import { DEFAULT_CLV_PARAMS, SEGMENT_DIMENSIONS } from "~/domain/customer-kpi";
import { compareQuarter, isValidQuarter } from "~/domain/period";
import { decimalText } from "~/forms/metric-entry";
import { recordId } from "~/domain/record-id";

/** The view shown when the query string names nothing: per chain position, the CLV defaults. */
export const KPI_VIEW_DEFAULTS = {
  by: "position",
  discount: DEFAULT_CLV_PARAMS.discountRate * 100,
  acquisition: DEFAULT_CLV_PARAMS.acquisitionCost,
} as const;

/**
 * The filter of the portal-data KPIs on /metrics/kpi (a GET form: the view
 * is the query string). `latest` is the latest completed quarter, the last
 * one that may be shown. Percent and euros accept `10,5` and `1 000`.
 */
export function kpiViewSchema(latest: string) {
  return z.object({
    to: z
      .string()
      .trim()
      .optional()
      .superRefine((v, ctx) => {
        if (v === undefined) return;
        if (!isValidQuarter(v)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "kpiData.error.quarter" });
        else if (compareQuarter(v, latest) > 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "kpiData.error.quarterFuture" });
      })
      .transform((v) => v ?? latest),
    by: z.enum(SEGMENT_DIMENSIONS, { errorMap: () => ({ message: "kpiData.error.dimension" }) }).default(KPI_VIEW_DEFAULTS.by),
    // The loader answers digits beyond any id with a 404, like an unknown chain (rejectIdBeyondRange).
    chain: recordId("kpiData.error.chain").optional(),
    // The CLV series only converges when 1 + i > r; with r at most 100 %, any i above 0 will do.
    discount: decimalText.pipe(z.number().gt(0, "kpiData.error.discount").max(100, "kpiData.error.discount")).default(String(KPI_VIEW_DEFAULTS.discount)),
    acquisition: decimalText
      .pipe(z.number().min(0, "kpi.error.nonNegative").max(1e12, "kpiData.error.tooLarge"))
      .default(String(KPI_VIEW_DEFAULTS.acquisition)),
  });
}

export type KpiViewInput = z.output<ReturnType<typeof kpiViewSchema>>;
