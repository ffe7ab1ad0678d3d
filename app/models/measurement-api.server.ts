/**
 * What /api/v1/ does for an organisation acting through a token: push
 * measurements (idempotent, all-or-nothing) and read what it may see.
 * Errors are returned as values; the routes turn them into statuses.
 */
import { and, eq, gt, gte, lte, or, sql, type SQL } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { alias } from "drizzle-orm/sqlite-core";
import { chains, measurements, metricDefinitions, organisations, relationships } from "../../db/tables";
import { db, type PortalDatabase } from "../db.server";
import { measurementProblems, problemText } from "./measurement-checks.server";
import { memberOrganisationIds, visibleMeasurementCondition, visibleToOrganisationCondition } from "./metric-access.server";
import { commitMeasurements, latestRecordableMonth, type MeasurementWrite, type WriteCounts } from "./measurement.server";
import { metricDescription, metricIdsByKey, recordableMetrics } from "./metric.server";
import type { ActingUser } from "./user.server";
import { customer, provider } from "./visible-relationships.server";

export type ApiActor = { user: ActingUser; organisationId: number; tokenId: number };

export type PushItem = { metric: string; relationshipId: number; month: string; value: number };

export type PushResult =
  | ({ status: 200 } & WriteCounts)
  | { status: 400; fieldErrors: Record<string, string[]> }
  | { status: 404; message: string; field: string }
  | { status: 403; message: string; fields: string[] };

async function partyRelationshipIds(organisationId: number): Promise<Set<number>> {
  return new Set(
    (
      await db()
        .select({ id: relationships.id })
        .from(relationships)
        .where(or(eq(relationships.providerId, organisationId), eq(relationships.customerId, organisationId)))
        .all()
    ).map((r) => r.id),
  );
}

/**
 * Pushes measurements for relationships the token's organisation is a
 * party to. Every item is checked before anything is written; repeating
 * the same push changes nothing.
 */
export async function pushMeasurements(actor: ApiActor, items: readonly PushItem[], options: { ip?: string | null; asOf?: Date } = {}): Promise<PushResult> {
  const metricIds = await metricIdsByKey(actor.organisationId);
  const latest = latestRecordableMonth(options.asOf);
  const errors: Record<string, string[]> = {};
  const seen = new Map<string, number>();
  const rows: MeasurementWrite[] = [];
  items.forEach((item, i) => {
    const metricId = metricIds.get(item.metric);
    if (metricId === undefined) (errors[`measurements.${i}.metric`] ??= []).push(`Unknown metric key '${item.metric}'`);
    const key = `${item.metric}|${item.relationshipId}|${item.month}`;
    const first = seen.get(key);
    if (first !== undefined) (errors[`measurements.${i}`] ??= []).push(`Repeats measurements.${first} (same metric, relationship and month)`);
    else seen.set(key, i);
    if (metricId !== undefined) rows.push({ metricId, relationshipId: item.relationshipId, month: item.month, value: item.value, row: i });
  });
  // The month range and the metric's bounds: the same checks as the form, the grid and the import.
  for (const [at, problem] of await measurementProblems(rows, latest)) {
    const field = problem.code === "month" || problem.code === "monthRange" ? "month" : "value";
    (errors[`measurements.${rows[at].row}.${field}`] ??= []).push(problemText(problem));
  }
  if (Object.keys(errors).length > 0) return { status: 400, fieldErrors: errors };

  // A relationship the organisation is not party to reads as missing: its existence is not revealed.
  const own = await partyRelationshipIds(actor.organisationId);
  const foreign = items.findIndex((item) => !own.has(item.relationshipId));
  if (foreign >= 0) {
    return { status: 404, message: `Relationship ${items[foreign].relationshipId} not found`, field: `measurements.${foreign}.relationshipId` };
  }

  const result = await commitMeasurements(
    { organisationId: actor.organisationId, userId: null, source: "api", apiTokenId: actor.tokenId, asOf: options.asOf },
    rows,
    { action: "measurements.api_push", actorUserId: null, entityType: "api_token", entityId: actor.tokenId, ip: options.ip },
  );
  if (!result.ok && result.invalid.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const { row, problem } of result.invalid) (fieldErrors[`measurements.${row.row}.value`] ??= []).push(problemText(problem));
    return { status: 400, fieldErrors };
  }
  if (!result.ok) {
    return {
      status: 403,
      message: "These values were recorded by the other party of the relationship and cannot be changed by your organisation.",
      fields: result.conflicts.map((c) => `measurements.${c.row}`),
    };
  }
  return { status: 200, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged };
}

export type ApiMeasurement = {
  id: number;
  metric: string;
  relationshipId: number | null;
  subjectOrganisationId: number | null;
  month: string;
  value: number;
  recordedBy: { id: number; name: string };
  source: string;
  updatedAt: string;
};

type MeasurementQuery = { relationshipId?: number; metric?: string; from?: string; to?: string; limit?: number; after?: number };

const recorder = alias(organisations, "recorder");

/** The measurements read, with `visibility` and the query's filters as conditions. */
function measurementSelect(database: PortalDatabase, visibility: SQL, filters: Array<SQL | undefined>) {
  return database
    .select({
      id: measurements.id,
      metric: metricDefinitions.key,
      relationshipId: measurements.relationshipId,
      subjectOrganisationId: measurements.subjectOrganisationId,
      month: measurements.month,
      value: measurements.value,
      recordedById: recorder.id,
      recordedByName: recorder.name,
      source: measurements.source,
      updatedAt: measurements.updatedAt,
    })
    .from(measurements)
    .innerJoin(metricDefinitions, eq(metricDefinitions.id, measurements.metricId))
    .innerJoin(recorder, eq(recorder.id, measurements.recordedByOrganisationId))
    .where(and(visibility, ...filters))
    .orderBy(asc(measurements.id));
}

// A row as SQLite returns it, in the select's field order: mapped once, here, not field by field through the ORM.
type MeasurementRow = [number, string, number | null, number | null, string, number, number, string, string, string];

function apiMeasurement([
  id,
  metric,
  relationshipId,
  subjectOrganisationId,
  month,
  value,
  recordedById,
  recordedByName,
  source,
  updatedAt,
]: MeasurementRow): ApiMeasurement {
  return { id, metric, relationshipId, subjectOrganisationId, month, value, source, updatedAt, recordedBy: { id: recordedById, name: recordedByName } };
}

// The optional filters: each applies when its value is given and not empty.
const FILTERS = ["relationshipId", "metric", "from", "to", "after"] as const;

/** The query's filters as conditions, each value bound when the statement runs (a placeholder named after the filter). */
function filterConditions(query: MeasurementQuery): Array<SQL | undefined> {
  const has = (f: (typeof FILTERS)[number]) => Boolean(query[f]);
  return [
    has("relationshipId") ? eq(measurements.relationshipId, sql.placeholder("relationshipId")) : undefined,
    has("metric") ? eq(metricDefinitions.key, sql.placeholder("metric")) : undefined,
    has("from") ? gte(measurements.month, sql.placeholder("from")) : undefined,
    has("to") ? lte(measurements.month, sql.placeholder("to")) : undefined,
    has("after") ? gt(measurements.id, sql.placeholder("after")) : undefined,
  ];
}

type PreparedRead = { values: (values: Record<string, unknown>) => Promise<unknown[][]> };

// One prepared read per combination of filters and connection, for a token's organisation.
const organisationReads = new WeakMap<PortalDatabase, Map<string, PreparedRead>>();

/**
 * The read for one organisation, built once per filter combination: building
 * this query (the sharing rule is most of it) cost three times what SQLite
 * spends running it. Its organisation is bound at run time like the filters.
 */
function organisationRead(query: MeasurementQuery): PreparedRead {
  const database = db();
  let byShape = organisationReads.get(database);
  if (!byShape) organisationReads.set(database, (byShape = new Map()));
  const shape = FILTERS.map((f) => (query[f] ? "1" : "0")).join("");
  let prepared = byShape.get(shape);
  if (!prepared) {
    prepared = measurementSelect(database, visibleToOrganisationCondition(sql.placeholder("organisationId")), filterConditions(query))
      .limit(sql.placeholder("limit"))
      .prepare();
    byShape.set(shape, prepared);
  }
  return prepared;
}

/** Measurements the organisation may see (its own and those shared with it), in id order, a page at a time. */
export async function listVisibleMeasurements(actor: ApiActor, query: MeasurementQuery): Promise<{ data: ApiMeasurement[]; nextAfter: number | null }> {
  const limit = query.limit ?? 1000;
  const orgIds = memberOrganisationIds(actor.user);
  // A token acts as one organisation: its read is kept prepared. Anyone else's is built for them by the general rule.
  const read =
    !actor.user.isPlatformAdmin && orgIds.length === 1
      ? organisationRead(query)
      : measurementSelect(db(), visibleMeasurementCondition(actor.user), filterConditions(query)).limit(sql.placeholder("limit")).prepare();
  const rows = (await read.values({ ...query, organisationId: orgIds[0], limit: limit + 1 })) as MeasurementRow[];
  const page = rows.slice(0, limit).map(apiMeasurement);
  return { data: page, nextAfter: rows.length > limit ? page[page.length - 1].id : null };
}

/** The metric definitions the organisation records with. */
export async function listApiMetrics(actor: ApiActor) {
  return (await recordableMetrics(actor.organisationId)).map((m) => ({
    ...metricDescription(m),
    category: m.category,
    factor: m.factor,
    own: m.ownerOrganisationId !== null,
  }));
}

/** The relationships the organisation is a party to: the ids to push against. */
export async function listApiRelationships(actor: ApiActor) {
  return (
    await db()
      .select({
        id: relationships.id,
        chainId: relationships.chainId,
        chainName: chains.name,
        serviceName: relationships.serviceName,
        providerId: provider.id,
        providerName: provider.name,
        providerBusinessId: provider.businessId,
        customerId: customer.id,
        customerName: customer.name,
        customerBusinessId: customer.businessId,
        lifecycleStage: relationships.lifecycleStage,
      })
      .from(relationships)
      .innerJoin(chains, eq(chains.id, relationships.chainId))
      .innerJoin(provider, eq(provider.id, relationships.providerId))
      .innerJoin(customer, eq(customer.id, relationships.customerId))
      .where(or(eq(relationships.providerId, actor.organisationId), eq(relationships.customerId, actor.organisationId)))
      .orderBy(asc(relationships.id))
      .all()
  ).map((r) => ({
    id: r.id,
    chain: { id: r.chainId, name: r.chainName },
    serviceName: r.serviceName,
    lifecycleStage: r.lifecycleStage,
    provider: { id: r.providerId, name: r.providerName, businessId: r.providerBusinessId },
    customer: { id: r.customerId, name: r.customerName, businessId: r.customerBusinessId },
    side: r.providerId === actor.organisationId ? "provider" : "customer",
  }));
}
