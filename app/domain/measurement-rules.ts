/**
 * What a measurement may be, whichever way it arrives (form, grid, file,
 * API): its month lies in one range, and its value within its metric's
 * bounds. Pure; each path turns a problem into its own message, naming the
 * field, the cell or the row.
 */

/** Months before this are refused as typos (`1026-03`, `0000-01`). */
export const EARLIEST_MEASUREMENT_MONTH = "2000-01";

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type MonthProblem = { code: "month" } | { code: "monthRange"; from: string; to: string };

/**
 * A problem with a month `YYYY-MM`: malformed, or outside
 * EARLIEST_MEASUREMENT_MONTH..latest (the current month: a running month may be
 * reported early). Null when it is fine.
 */
export function monthProblem(month: string, latest: string): MonthProblem | null {
  if (!MONTH_RE.test(month)) return { code: "month" };
  if (month < EARLIEST_MEASUREMENT_MONTH || month > latest) return { code: "monthRange", from: EARLIEST_MEASUREMENT_MONTH, to: latest };
  return null;
}

/** The lowest and highest value a metric's measurement may have; null: no bound. */
export type MetricBounds = { min: number | null; max: number | null };

/** A metric definition as far as bounds go. */
export type BoundedMetric = { unit: string; minValue: number | null; maxValue: number | null };

/** Units read as a percentage. */
export function isPercentUnit(unit: string): boolean {
  return unit.trim() === "%";
}

/**
 * The bounds in force: the definition's own, and for a percentage 0 and 100
 * where the definition gives none (a return on investment, say, sets its own).
 */
export function effectiveBounds(metric: BoundedMetric): MetricBounds {
  const percent = isPercentUnit(metric.unit);
  return {
    min: metric.minValue ?? (percent ? 0 : null),
    max: metric.maxValue ?? (percent ? 100 : null),
  };
}

export type ValueProblem = { code: "value" } | { code: "belowMin"; min: number; max: number | null } | { code: "aboveMax"; min: number | null; max: number };

/** A problem with a value under the bounds, or null. */
export function valueProblem(value: number, bounds: MetricBounds): ValueProblem | null {
  if (!Number.isFinite(value)) return { code: "value" };
  if (bounds.min !== null && value < bounds.min) return { code: "belowMin", min: bounds.min, max: bounds.max };
  if (bounds.max !== null && value > bounds.max) return { code: "aboveMax", min: bounds.min, max: bounds.max };
  return null;
}

/** A definition's own bounds must be in order, and its target within them. */
export function boundsDefinitionProblem(def: {
  minValue: number | null;
  maxValue: number | null;
  target: number | null;
  unit: string;
}): { field: "maxValue"; code: "minAboveMax" } | { field: "target"; code: "targetOutside" } | null {
  if (def.minValue !== null && def.maxValue !== null && def.minValue > def.maxValue) return { field: "maxValue", code: "minAboveMax" };
  if (def.target !== null && valueProblem(def.target, effectiveBounds(def)) !== null) return { field: "target", code: "targetOutside" };
  return null;
}
