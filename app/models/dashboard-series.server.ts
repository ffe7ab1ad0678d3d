/**
 * The metrics dashboard's reads, cheap on large data
 * (docs/decisions/0015-visible-metric-cells.md):
 * - which measurements it shows, driven from the viewer's visible cells;
 * - which series a page shows, chosen in SQL (one row per series, LIMIT
 *   and OFFSET) so that only that page's points are loaded.
 */
import { and, eq, isNull, min, or, sql, type SQL } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { alias } from "drizzle-orm/sqlite-core";
import { measurements, metricDefinitions, organisations, relationships } from "../../db/tables";
import { db } from "../db.server";
import { memberOrganisationIds } from "./access.server";
import { visibleMeasurementCondition } from "./metric-access.server";
import type { ActingUser } from "./user.server";
import { sharedMeasurementIds } from "./visible-metric-cells.server";
import { customer, provider } from "./visible-relationships.server";

/**
 * The measurements of months from..to the user may see, as a condition on
 * `measurements`: the same rows as visibleMeasurementCondition, but for the
 * shared scope of a person in one organisation it is an indexed join from
 * that organisation's visible cells instead of a test of every measurement.
 */
export function dashboardVisibility(user: ActingUser, scope: "shared" | "own", from: string, to: string): SQL {
  const orgIds = memberOrganisationIds(user);
  if (scope === "shared" && !user.isPlatformAdmin && orgIds.length === 1) {
    return sql`(${measurements.deletedAt} is null and ${measurements.id} in (${sharedMeasurementIds(orgIds[0], from, to)}))`;
  }
  return visibleMeasurementCondition(user);
}

/** One series: its metric, its relationship or subject organisation, and its recorder. */
export type SeriesKey = { metricId: number; relationshipId: number | null; subjectId: number | null; recordedBy: number };

/** A series with its metric's definition and the names of its parties. */
export type ChosenSeries = Awaited<ReturnType<typeof dashboardSeriesKeys>>["keys"][number];

export function seriesKeyString(k: SeriesKey): string {
  return `${k.metricId}|${k.relationshipId ?? `o${k.subjectId}`}|${k.recordedBy}`;
}

/**
 * The series `where` selects, in the dashboard's order (category, metric,
 * provider, customer, then the first month: the order in which they first
 * appear among the rows sorted that way), with the total, each with its
 * metric's definition and the names of its parties. With `page` (of
 * `pageSize`), only that page's keys; a page past the end gives the last.
 */
export async function dashboardSeriesKeys(where: SQL | undefined, page: number | undefined, pageSize: number) {
  const recorder = alias(organisations, "recorder");
  const subject = alias(organisations, "subject");
  // Grouped first, named after: the joins run once per series, not once per point.
  const grouped = db()
    .select({
      metricId: measurements.metricId,
      relationshipId: measurements.relationshipId,
      subjectId: measurements.subjectOrganisationId,
      recordedBy: measurements.recordedByOrganisationId,
      firstMonth: min(measurements.month).as("first_month"),
    })
    .from(measurements)
    .innerJoin(metricDefinitions, eq(metricDefinitions.id, measurements.metricId))
    .where(where)
    .groupBy(measurements.metricId, measurements.relationshipId, measurements.subjectOrganisationId, measurements.recordedByOrganisationId)
    .as("series");
  const query = async (offset: number | undefined) => {
    const q = db()
      .select({
        metricId: grouped.metricId,
        relationshipId: grouped.relationshipId,
        subjectId: grouped.subjectId,
        recordedBy: grouped.recordedBy,
        total: sql<number>`count(*) over ()`,
        // What the page shows of each series, read here once rather than with each of its points.
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
        serviceName: relationships.serviceName,
        providerName: provider.name,
        customerName: customer.name,
        subjectName: subject.name,
        recordedByName: recorder.name,
      })
      .from(grouped)
      .innerJoin(metricDefinitions, eq(metricDefinitions.id, grouped.metricId))
      .innerJoin(recorder, eq(recorder.id, grouped.recordedBy))
      .leftJoin(relationships, eq(relationships.id, grouped.relationshipId))
      .leftJoin(provider, eq(provider.id, relationships.providerId))
      .leftJoin(customer, eq(customer.id, relationships.customerId))
      .leftJoin(subject, eq(subject.id, grouped.subjectId))
      .orderBy(
        asc(metricDefinitions.category),
        asc(metricDefinitions.key),
        asc(provider.name),
        asc(customer.name),
        asc(grouped.firstMonth),
        // Ties (organisation-level series, or one cell recorded by both parties) in a fixed order.
        asc(subject.name),
        asc(recorder.name),
        asc(grouped.relationshipId),
        asc(grouped.subjectId),
        asc(grouped.recordedBy),
      );
    return offset === undefined ? await q.all() : await q.limit(pageSize).offset(offset).all();
  };
  if (page === undefined) {
    const rows = await query(undefined);
    return { keys: rows, total: rows.length, page: 1 };
  }
  const wanted = Math.max(1, page);
  let rows = await query((wanted - 1) * pageSize);
  if (rows.length > 0) return { keys: rows, total: rows[0].total, page: wanted };
  if (wanted === 1) return { keys: [], total: 0, page: 1 };
  // Past the end: the last page (the count comes from the first page's query).
  const total = (await query(0))[0]?.total ?? 0;
  const last = Math.max(1, Math.ceil(total / pageSize));
  rows = await query((last - 1) * pageSize);
  return { keys: rows, total, page: last };
}

/**
 * SQL condition on `measurements`: the row belongs to one of the series.
 * Whether a row may be seen depends only on its series (recorder,
 * relationship, metric) and on not being deleted, so the points of series
 * chosen under the visibility condition need only this and the months.
 */
export function inSeries(keys: readonly SeriesKey[]): SQL {
  if (keys.length === 0) return sql`0 = 1`;
  return or(
    ...keys.map((k) =>
      and(
        eq(measurements.metricId, k.metricId),
        k.relationshipId === null ? isNull(measurements.relationshipId) : eq(measurements.relationshipId, k.relationshipId),
        k.subjectId === null ? isNull(measurements.subjectOrganisationId) : eq(measurements.subjectOrganisationId, k.subjectId),
        eq(measurements.recordedByOrganisationId, k.recordedBy),
      ),
    ),
  )!;
}

/**
 * The filter choices: each (relationship, category) pair in `where`, with the
 * relationship's names. Distinct first, named after, like the series.
 */
export function dashboardOptionRows(where: SQL | undefined) {
  const choices = db()
    .selectDistinct({ relationshipId: measurements.relationshipId, category: metricDefinitions.category })
    .from(measurements)
    .innerJoin(metricDefinitions, eq(metricDefinitions.id, measurements.metricId))
    .where(where)
    .as("choice");
  return db()
    .select({
      relationshipId: choices.relationshipId,
      category: choices.category,
      providerName: provider.name,
      customerName: customer.name,
      serviceName: relationships.serviceName,
    })
    .from(choices)
    .leftJoin(relationships, eq(relationships.id, choices.relationshipId))
    .leftJoin(provider, eq(provider.id, relationships.providerId))
    .leftJoin(customer, eq(customer.id, relationships.customerId))
    .all();
}
