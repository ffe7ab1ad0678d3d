/**
 * The metrics dashboard: the series of what the user may see (shared with
 * them, or their own), filtered and paged, and its grid for the exports.
 * Reads are scoped by visibleMeasurementCondition.
 */
import { and, asc, eq, gte, inArray, isNull, lte, notInArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { measurements, metricDefinitions, organisations, relationships } from "../../db/schema";
import { db } from "../db.server";
import { effectiveBounds, type MetricBounds } from "../domain/measurement-rules";
import type { Grid, GridCell as SheetCell } from "../http/export.server";
import { memberOrganisationIds } from "./access.server";
import { dashboardOptionRows, dashboardSeriesKeys, dashboardVisibility, inSeries, seriesKeyString } from "./dashboard-series.server";
import { addMonths, monthOf } from "./measurement.server";
import type { MetricDefinition } from "./metric.server";
import { calendarNow, type ActingUser } from "./user.server";
import { customer, provider } from "./visible-relationships.server";

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
export function metricsDashboard(user: ActingUser, filters: DashboardFilters, asOf = calendarNow(user)): Dashboard {
  const to = addMonths(monthOf(asOf), -1);
  const from = addMonths(to, -(filters.months - 1));
  const recorder = alias(organisations, "recorder");
  const subject = alias(organisations, "subject");
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
  const chosen = dashboardSeriesKeys(filtered, filters.page, DASHBOARD_PAGE_SIZE);
  const rows = db()
    .select({
      metricId: metricDefinitions.id,
      metricKey: metricDefinitions.key,
      nameFi: metricDefinitions.nameFi,
      nameEn: metricDefinitions.nameEn,
      unit: metricDefinitions.unit,
      direction: metricDefinitions.direction,
      target: metricDefinitions.target,
      minValue: metricDefinitions.minValue,
      maxValue: metricDefinitions.maxValue,
      category: metricDefinitions.category,
      aggregation: metricDefinitions.aggregation,
      relationshipId: measurements.relationshipId,
      serviceName: relationships.serviceName,
      providerName: provider.name,
      customerName: customer.name,
      subjectId: measurements.subjectOrganisationId,
      subjectName: subject.name,
      recordedBy: measurements.recordedByOrganisationId,
      recordedByName: recorder.name,
      month: measurements.month,
      value: measurements.value,
    })
    .from(measurements)
    .innerJoin(metricDefinitions, eq(metricDefinitions.id, measurements.metricId))
    .innerJoin(recorder, eq(recorder.id, measurements.recordedByOrganisationId))
    .leftJoin(relationships, eq(relationships.id, measurements.relationshipId))
    .leftJoin(provider, eq(provider.id, relationships.providerId))
    .leftJoin(customer, eq(customer.id, relationships.customerId))
    .leftJoin(subject, eq(subject.id, measurements.subjectOrganisationId))
    .where(
      filters.page === undefined
        ? filtered
        : and(gte(measurements.month, from), lte(measurements.month, to), isNull(measurements.deletedAt), inSeries(chosen.keys)),
    )
    .orderBy(asc(metricDefinitions.category), asc(metricDefinitions.key), asc(provider.name), asc(customer.name), asc(measurements.month))
    .all();

  const byKey = new Map<string, DashboardSeries>();
  for (const r of rows) {
    const key = `${r.metricId}|${r.relationshipId ?? `o${r.subjectId}`}|${r.recordedBy}`;
    let s = byKey.get(key);
    if (!s) {
      s = {
        key,
        metric: {
          id: r.metricId,
          key: r.metricKey,
          nameFi: r.nameFi,
          nameEn: r.nameEn,
          unit: r.unit,
          direction: r.direction,
          target: r.target,
          category: r.category,
          aggregation: r.aggregation,
          bounds: effectiveBounds(r),
        },
        relationship:
          r.relationshipId === null
            ? null
            : { id: r.relationshipId, serviceName: r.serviceName!, providerName: r.providerName!, customerName: r.customerName! },
        subjectName: r.subjectName,
        recordedByName: r.recordedByName,
        points: [],
        latest: null,
        previous: null,
        change: null,
        status: null,
      };
      byKey.set(key, s);
    }
    s.points.push({ month: r.month, value: r.value });
  }
  const series = chosen.keys.map((k) => byKey.get(seriesKeyString(k))).filter((s) => s !== undefined);
  const pageCount = Math.max(1, Math.ceil(chosen.total / DASHBOARD_PAGE_SIZE));
  const page = chosen.page;
  for (const s of series) {
    s.latest = s.points.at(-1) ?? null;
    s.previous = s.points.length > 1 ? s.points[s.points.length - 2] : null;
    s.change = s.latest && s.previous ? s.latest.value - s.previous.value : null;
    s.status = s.latest ? targetStatus(s.latest.value, s.metric.target, s.metric.direction) : null;
  }

  // Filter choices come from everything in scope, so picking one does not hide the others.
  const optionRows = dashboardOptionRows(base);
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
