/**
 * The metrics dashboard: the series of what the user may see (shared with
 * them, or their own), filtered and paged, and its grid for the exports.
 * Reads are scoped by visibleMeasurementCondition.
 */
import { and, eq, gte, inArray, isNull, lte, notInArray, sql, type SQL } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { measurements, metricDefinitions } from "../../db/tables";
import { db } from "../db.server";
import { effectiveBounds, type MetricBounds } from "../domain/measurement-rules";
import type { Grid, GridCell as SheetCell } from "../http/export.server";
import { memberOrganisationIds } from "./access.server";
import { dashboardOptionRows, dashboardSeriesKeys, dashboardVisibility, inSeries, seriesKeyString } from "./dashboard-series.server";
import { addMonths, monthOf } from "./measurement.server";
import type { MetricDefinition } from "./metric.server";
import { calendarNow, type ActingUser } from "./user.server";

export type DashboardScope = "shared" | "own";
export type DashboardFilters = {
  scope: DashboardScope;
  relationshipId?: number;
  category?: string;
  months: 12 | 24 | 36;
  /** One page of DASHBOARD_PAGE_SIZE series (1-based); every series when left out (the export). */
  page?: number;
};

/** Series a dashboard page draws: each is a chart, so a page stays light (an administrator sees 100+). */
export const DASHBOARD_PAGE_SIZE = 12;

export type SeriesPoint = { month: string; value: number };
export type DashboardSeries = {
  key: string;
  metric: Pick<MetricDefinition, "id" | "key" | "nameFi" | "nameEn" | "unit" | "direction" | "target" | "category" | "aggregation"> & { bounds: MetricBounds };
  relationship: { id: number; serviceName: string; providerName: string; customerName: string } | null;
  subjectName: string | null;
  recordedByName: string;
  points: SeriesPoint[];
  latest: SeriesPoint | null;
  previous: SeriesPoint | null;
  /** latest minus previous (one month earlier in the series). */
  change: number | null;
  /** Against the target, read in the metric's direction. */
  status: "met" | "missed" | null;
};

export type Dashboard = {
  from: string;
  to: string;
  /** The page's series (all of them when no page was asked for). */
  series: DashboardSeries[];
  /** Series matching the filters, on all pages. */
  total: number;
  page: number;
  pageCount: number;
  options: { relationships: Array<{ id: number; label: string }>; categories: string[] };
};

function scopeCondition(user: ActingUser, scope: DashboardScope): SQL | undefined {
  const orgIds = memberOrganisationIds(user);
  if (orgIds.length === 0) return scope === "own" ? sql`0 = 1` : undefined;
  return scope === "own" ? inArray(measurements.recordedByOrganisationId, orgIds) : notInArray(measurements.recordedByOrganisationId, orgIds);
}

export function targetStatus(value: number, target: number | null, direction: "higher_better" | "lower_better"): "met" | "missed" | null {
  if (target === null) return null;
  return (direction === "higher_better" ? value >= target : value <= target) ? "met" : "missed";
}

/**
 * What the user may see, as one series per metric × relationship (or
 * organisation) × recorder, over the last `months` completed months.
 * `shared`: recorded by others and shared with the user's organisations;
 * `own`: recorded by them.
 */
export async function metricsDashboard(user: ActingUser, filters: DashboardFilters, asOf = calendarNow(user)): Promise<Dashboard> {
  const to = addMonths(monthOf(asOf), -1);
  const from = addMonths(to, -(filters.months - 1));
  const base = and(
    gte(measurements.month, from),
    lte(measurements.month, to),
    scopeCondition(user, filters.scope),
    dashboardVisibility(user, filters.scope, from, to),
  );
  const filtered = and(
    base,
    filters.relationshipId ? eq(measurements.relationshipId, filters.relationshipId) : undefined,
    filters.category ? eq(metricDefinitions.category, filters.category) : undefined,
  );
  // The page's series are chosen in SQL; only their points are loaded (all of them for the export).
  const chosen = await dashboardSeriesKeys(filtered, filters.page, DASHBOARD_PAGE_SIZE);
  // Only the points: each series' definition and names came with its key.
  const rows = await db()
    .select({
      metricId: measurements.metricId,
      relationshipId: measurements.relationshipId,
      subjectId: measurements.subjectOrganisationId,
      recordedBy: measurements.recordedByOrganisationId,
      month: measurements.month,
      value: measurements.value,
    })
    .from(measurements)
    .innerJoin(metricDefinitions, eq(metricDefinitions.id, measurements.metricId))
    .where(
      filters.page === undefined
        ? filtered
        : and(gte(measurements.month, from), lte(measurements.month, to), isNull(measurements.deletedAt), inSeries(chosen.keys)),
    )
    .orderBy(asc(measurements.month))
    .all();

  const byKey = new Map<string, DashboardSeries>();
  for (const k of chosen.keys) {
    const key = seriesKeyString(k);
    byKey.set(key, {
      key,
      metric: {
        id: k.metricId,
        key: k.metricKey,
        nameFi: k.nameFi,
        nameEn: k.nameEn,
        unit: k.unit,
        direction: k.direction,
        target: k.target,
        category: k.category,
        aggregation: k.aggregation,
        bounds: effectiveBounds(k),
      },
      relationship:
        k.relationshipId === null ? null : { id: k.relationshipId, serviceName: k.serviceName!, providerName: k.providerName!, customerName: k.customerName! },
      subjectName: k.subjectName,
      recordedByName: k.recordedByName,
      points: [],
      latest: null,
      previous: null,
      change: null,
      status: null,
    });
  }
  for (const r of rows) byKey.get(seriesKeyString(r))?.points.push({ month: r.month, value: r.value });
  const series = [...byKey.values()].filter((s) => s.points.length > 0);
  const pageCount = Math.max(1, Math.ceil(chosen.total / DASHBOARD_PAGE_SIZE));
  const page = chosen.page;
  for (const s of series) {
    s.latest = s.points.at(-1) ?? null;
    s.previous = s.points.length > 1 ? s.points[s.points.length - 2] : null;
    s.change = s.latest && s.previous ? s.latest.value - s.previous.value : null;
    s.status = s.latest ? targetStatus(s.latest.value, s.metric.target, s.metric.direction) : null;
  }

  // Filter choices come from everything in scope, so picking one does not hide the others.
  const optionRows = await dashboardOptionRows(base);
  const relOptions = new Map<number, string>();
  for (const o of optionRows) {
    if (o.relationshipId !== null) relOptions.set(o.relationshipId, `${o.providerName} → ${o.customerName} · ${o.serviceName}`);
  }
  return {
    from,
    to,
    series,
    total: chosen.total,
    page,
    pageCount,
    options: {
      relationships: [...relOptions].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label, "fi")),
      categories: [...new Set(optionRows.map((o) => o.category))].sort(),
    },
  };
}

/**
 * The dashboard as a grid for the export module (app/http/export.server.ts,
 * which writes the CSV with its formula guard): every series the filters
 * select, on all pages, one line per month.
 */
export function dashboardGrid(dashboard: Dashboard, locale: "fi" | "en"): Grid {
  const header = ["metric", "relationship", "month", "value", "metric_name", "unit", "target", "provider", "customer", "subject_organisation", "recorded_by"];
  const rows: SheetCell[][] = [];
  for (const s of dashboard.series) {
    for (const p of s.points) {
      rows.push([
        s.metric.key,
        s.relationship?.id ?? null,
        p.month,
        p.value,
        locale === "fi" ? s.metric.nameFi : s.metric.nameEn,
        s.metric.unit,
        s.metric.target,
        s.relationship?.providerName ?? null,
        s.relationship?.customerName ?? null,
        s.subjectName,
        s.recordedByName,
      ]);
    }
  }
  return { title: "metrics", header, rows };
}
