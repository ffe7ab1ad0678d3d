/**
 * The checks every measurement passes before it is written, on every path
 * (form, grid, import, API, KPI): the month range and the metric's bounds
 * (app/domain/measurement-rules.ts). commitMeasurements runs them again
 * inside its write transaction, so no path can skip them.
 */
import { inArray } from "drizzle-orm";
import { metricDefinitions } from "../../db/tables";
import { db } from "../db.server";
import { keyWithParams } from "../i18n/translate";
import { effectiveBounds, monthProblem, valueProblem, type MetricBounds, type MonthProblem, type ValueProblem } from "../domain/measurement-rules";

export type MeasurementProblem = MonthProblem | ValueProblem | { code: "metric" };

/** The bounds in force for each metric id (unknown ids are left out). */
export async function metricBounds(metricIds: readonly number[]): Promise<Map<number, MetricBounds>> {
  const ids = [...new Set(metricIds)];
  const out = new Map<number, MetricBounds>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db()
      .select({ id: metricDefinitions.id, unit: metricDefinitions.unit, minValue: metricDefinitions.minValue, maxValue: metricDefinitions.maxValue })
      .from(metricDefinitions)
      .where(inArray(metricDefinitions.id, ids.slice(i, i + 500)))
      .all();
    for (const r of rows) out.set(r.id, effectiveBounds(r));
  }
  return out;
}

/**
 * The problem of each row that has one, by its index in `rows`: a month
 * outside the range, a value outside its metric's bounds, an unknown metric.
 */
export async function measurementProblems(
  rows: ReadonlyArray<{ metricId: number; month: string; value: number }>,
  latestMonth: string,
): Promise<Map<number, MeasurementProblem>> {
  const bounds = await metricBounds(rows.map((r) => r.metricId));
  const problems = new Map<number, MeasurementProblem>();
  rows.forEach((r, i) => {
    const b = bounds.get(r.metricId);
    const problem = monthProblem(r.month, latestMonth) ?? (b ? valueProblem(r.value, b) : { code: "metric" as const });
    if (problem) problems.set(i, problem);
  });
  return problems;
}

/** A problem as an i18n message key with its parameters (`key?min=0&max=100`), for forms and the grid. */
export function problemMessage(problem: MeasurementProblem): string {
  switch (problem.code) {
    case "metric":
      return "metrics.error.metric";
    case "month":
    case "monthRange":
      return "metrics.error.month";
    case "value":
      return "metrics.error.value";
    case "belowMin":
    case "aboveMax":
      return boundsMessage(problem.min, problem.max);
  }
}

function boundsMessage(min: number | null, max: number | null): string {
  const key = min !== null && max !== null ? "metrics.error.between" : min !== null ? "metrics.error.atLeast" : "metrics.error.atMost";
  return keyWithParams(key, { min, max });
}

/** A problem in plain English, for API clients. */
export function problemText(problem: MeasurementProblem): string {
  switch (problem.code) {
    case "metric":
      return "Unknown metric";
    case "month":
      return "Expected a month as YYYY-MM";
    case "monthRange":
      return `The month must be from ${problem.from} to ${problem.to}`;
    case "value":
      return "Expected a finite number";
    case "belowMin":
    case "aboveMax":
      return problem.min !== null && problem.max !== null
        ? `The value must be from ${problem.min} to ${problem.max}`
        : problem.min !== null
          ? `The value must be at least ${problem.min}`
          : `The value must be at most ${problem.max}`;
  }
}
