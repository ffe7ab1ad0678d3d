/**
 * Measurements: recording (form, grid, import and API all write through
 * `commitMeasurements`) and the grid of one relationship. The dashboard is
 * in measurement-dashboard.server.ts. Reads are scoped by requireRelationshipAccess.
 */
import { and, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { alias } from "drizzle-orm/sqlite-core";
import { chains, measurementHistory, measurements, metricDefinitions, organisations, relationships } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import { canWriteFor, forbidden, memberOrganisationIds, requireRelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import { measurementProblems, problemMessage, type MeasurementProblem } from "./measurement-checks.server";
import { visibleMeasurementCondition } from "./metric-access.server";
import { definitionColumns, recordableMetrics, type MetricDefinition } from "./metric.server";
import { calendarNow, type ActingUser } from "./user.server";
import { customer, provider, visibleRelationships } from "./visible-relationships.server";
import { refusedWith, type Result } from "./result";
import { lockRelationships } from "./write-guards.server";

// ------------------------------------------------------------------ months

/** 'YYYY-MM' of a date, in UTC. */
export function monthOf(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number);
  const i = y * 12 + (m - 1) + delta;
  return `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`;
}

export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The latest month a value may be recorded for: the current one (a running month may be reported early). */
export function latestRecordableMonth(asOf = new Date()): string {
  return monthOf(asOf);
}

// ------------------------------------------------------------------ writing

export type MeasurementWrite = { metricId: number; relationshipId: number; month: string; value: number; row?: number };
export type WriteSource = "form" | "import" | "api";

/** Who writes: the recording organisation, the person (null for an API token) and the channel; `asOf` sets "now" for the month range. */
export type RecordingActor = { organisationId: number; userId: number | null; source: WriteSource; apiTokenId?: number; asOf?: Date };

export type WritePlan = {
  inserts: MeasurementWrite[];
  /**
   * Changed values, and deleted cells written again (`revived`): the row
   * comes back, recorded by whoever writes it now.
   */
  updates: Array<MeasurementWrite & { id: number; previous: number; revived?: { recordedBy: number } }>;
  unchanged: MeasurementWrite[];
  /** Cells already recorded by another organisation (the other party): never overwritten. */
  conflicts: MeasurementWrite[];
};

export type WriteCounts = { inserted: number; updated: number; unchanged: number };

const keyOf = (r: { metricId: number; relationshipId: number | null; month: string }) => `${r.metricId}|${r.relationshipId}|${r.month}`;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Compares the rows with what is stored: what would be inserted, updated, left alone, or refused. */
export async function planMeasurementWrites(organisationId: number, rows: readonly MeasurementWrite[]): Promise<WritePlan> {
  const plan: WritePlan = { inserts: [], updates: [], unchanged: [], conflicts: [] };
  if (rows.length === 0) return plan;
  const relIds = [...new Set(rows.map((r) => r.relationshipId))];
  const metricIds = [...new Set(rows.map((r) => r.metricId))];
  let from = rows[0].month;
  let to = rows[0].month;
  for (const r of rows) {
    if (r.month < from) from = r.month;
    if (r.month > to) to = r.month;
  }
  const existing = new Map<string, { id: number; value: number; recordedBy: number; deletedAt: string | null }>();
  for (const ids of chunks(relIds, 500)) {
    const found = await db()
      .select({
        id: measurements.id,
        metricId: measurements.metricId,
        relationshipId: measurements.relationshipId,
        month: measurements.month,
        value: measurements.value,
        recordedBy: measurements.recordedByOrganisationId,
        deletedAt: measurements.deletedAt,
      })
      .from(measurements)
      .where(
        and(
          inArray(measurements.relationshipId, ids),
          gte(measurements.month, from),
          lte(measurements.month, to),
          metricIds.length <= 500 ? inArray(measurements.metricId, metricIds) : undefined,
        ),
      )
      .all();
    for (const f of found) existing.set(keyOf(f), f);
  }
  for (const r of rows) {
    const e = existing.get(keyOf(r));
    if (!e) plan.inserts.push(r);
    else if (e.deletedAt !== null) plan.updates.push({ ...r, id: e.id, previous: e.value, revived: { recordedBy: e.recordedBy } });
    else if (e.recordedBy !== organisationId) plan.conflicts.push(r);
    else if (e.value === r.value) plan.unchanged.push(r);
    else plan.updates.push({ ...r, id: e.id, previous: e.value });
  }
  return plan;
}

/** Refused 400 with the rows out of bounds (`invalid`), or 409 with the rows the other party recorded (`conflicts`); callers word them. */
export type CommitResult = Result<
  { changed: boolean } & WriteCounts,
  { conflicts: MeasurementWrite[]; invalid: Array<{ row: MeasurementWrite; problem: MeasurementProblem }> }
>;

/**
 * Writes the rows all-or-nothing in one write transaction, after planning
 * them inside it (so nothing can slip in between). A row equal to the
 * stored value is left alone, so repeating a write changes nothing; a
 * changed value keeps its old value in measurement_history. `afterWrite`
 * runs in the same transaction when something changed (e.g. the import log).
 */
export async function commitMeasurements(
  actor: RecordingActor,
  rows: readonly MeasurementWrite[],
  audited: { action: string; actorUserId: number | null; entityType: string; entityId?: number; ip?: string | null; extra?: Record<string, unknown> },
  afterWrite?: (counts: WriteCounts) => Promise<{ entityId?: number } | void> | { entityId?: number } | void,
): Promise<CommitResult> {
  return await writeTransaction(async (): Promise<CommitResult> => {
    // Writers of these relationships' values take turns, so the plan below (whose value a cell holds,
    // which value is the previous one) still holds when it is written.
    await lockRelationships(rows.map((r) => r.relationshipId));
    // Every path checked its rows already; checked again here, so none can skip it.
    const problems = await measurementProblems(rows, latestRecordableMonth(actor.asOf));
    if (problems.size > 0) {
      return refusedWith({}, 400, { conflicts: [], invalid: [...problems].map(([i, problem]) => ({ row: rows[i], problem })) });
    }
    const plan = await planMeasurementWrites(actor.organisationId, rows);
    if (plan.conflicts.length > 0) return refusedWith({}, 409, { conflicts: plan.conflicts, invalid: [] });
    const counts = { inserted: plan.inserts.length, updated: plan.updates.length, unchanged: plan.unchanged.length };
    if (counts.inserted === 0 && counts.updated === 0) return { ok: true as const, changed: false, ...counts };

    const now = new Date().toISOString();
    for (const batch of chunks(plan.inserts, 1000)) {
      await db()
        .insert(measurements)
        .values(
          batch.map((r) => ({
            metricId: r.metricId,
            relationshipId: r.relationshipId,
            month: r.month,
            value: r.value,
            recordedByOrganisationId: actor.organisationId,
            recordedByUserId: actor.userId,
            source: actor.source,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: [measurements.metricId, measurements.relationshipId, measurements.month],
          targetWhere: sql`${measurements.relationshipId} is not null`,
          set: { value: sql`excluded.value`, updatedAt: now, source: actor.source, recordedByUserId: actor.userId, deletedAt: null, deletedByUserId: null },
          // Never take over another organisation's value, even if one appeared since planning.
          setWhere: sql`${measurements.recordedByOrganisationId} = ${actor.organisationId}`,
        })
        .run();
    }
    if (plan.updates.length > 0) {
      const update = db()
        .update(measurements)
        .set({
          value: sql`${sql.placeholder("value")}`,
          updatedAt: now,
          source: actor.source,
          recordedByUserId: actor.userId,
          recordedByOrganisationId: actor.organisationId,
          deletedAt: null,
          deletedByUserId: null,
        })
        .where(eq(measurements.id, sql.placeholder("id")))
        .prepare();
      const history = db()
        .insert(measurementHistory)
        .values({
          measurementId: sql.placeholder("id"),
          previousValue: sql.placeholder("previous"),
          newValue: sql.placeholder("value"),
          changedByUserId: actor.userId,
          source: actor.source,
          changedAt: now,
          recordedByOrganisationId: actor.organisationId,
        })
        .prepare();
      for (const u of plan.updates) {
        await update.run({ id: u.id, value: u.value });
        // A cell the other party deleted starts afresh: their old value is not this one's history.
        if (!u.revived || u.revived.recordedBy === actor.organisationId) await history.run({ id: u.id, previous: u.previous, value: u.value });
      }
    }
    const logged = await afterWrite?.(counts);
    const sample = [
      ...plan.inserts.slice(0, 50).map((r) => ({ metricId: r.metricId, relationshipId: r.relationshipId, month: r.month, value: r.value })),
      ...plan.updates
        .slice(0, 50)
        .map((r) => ({ metricId: r.metricId, relationshipId: r.relationshipId, month: r.month, previous: r.previous, value: r.value })),
    ];
    await audit({
      action: audited.action,
      actorUserId: audited.actorUserId,
      actorOrganisationId: actor.organisationId,
      entityType: audited.entityType,
      entityId: (logged && logged.entityId) ?? audited.entityId,
      after: { source: actor.source, ...counts, ...audited.extra, changes: sample },
      ip: audited.ip ?? null,
    });
    return { ok: true as const, changed: true, ...counts };
  });
}

// -------------------------------------------------------------- relationships

export type RelationshipLabel = {
  id: number;
  serviceName: string;
  chainName: string;
  providerName: string;
  customerName: string;
};

const LABEL_COLUMNS = {
  id: relationships.id,
  serviceName: relationships.serviceName,
  chainName: chains.name,
  providerName: provider.name,
  customerName: customer.name,
};

/** Relationships the user may record for: their organisation is a party and they may write for it. */
export async function recordableRelationships(user: ActingUser): Promise<Array<RelationshipLabel & { organisationId: number }>> {
  const writable = user.memberships.filter((m) => canWriteFor(user, m.organisationId)).map((m) => m.organisationId);
  if (writable.length === 0) return [];
  const rows = await visibleRelationships(user)
    .select(
      { ...LABEL_COLUMNS, providerId: relationships.providerId, customerId: relationships.customerId },
      or(inArray(relationships.providerId, writable), inArray(relationships.customerId, writable)),
    )
    .orderBy(asc(chains.name), asc(provider.name), asc(customer.name))
    .all();
  return rows.map(({ providerId, customerId, ...r }) => ({ ...r, organisationId: writable.includes(providerId) ? providerId : customerId }));
}

async function relationshipLabel(user: ActingUser, relationshipId: number): Promise<RelationshipLabel> {
  return (await visibleRelationships(user).select(LABEL_COLUMNS, eq(relationships.id, relationshipId)).get())!;
}

// ---------------------------------------------------------------------- grid

export type GridMetric = Pick<MetricDefinition, "id" | "key" | "nameFi" | "nameEn" | "unit" | "category" | "target" | "direction">;
export type GridCell = { metricId: number; month: string; value: number; mine: boolean; recordedByName: string };
export type MeasurementGrid = {
  relationship: RelationshipLabel;
  /** The organisation the user records for; null when the user may only read. */
  recordingOrganisation: { id: number; name: string } | null;
  months: string[];
  metrics: GridMetric[];
  cells: GridCell[];
};

export const GRID_MONTHS = 12;

/** The months × metrics grid of one relationship, ending at `to`; only cells the user may see. */
export async function getMeasurementGrid(user: ActingUser, relationshipId: number, to: string): Promise<MeasurementGrid> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const recordingOrgId = access.canWrite ? access.organisationId : null;
  const months = monthRange(addMonths(to, -(GRID_MONTHS - 1)), to);
  const recorder = alias(organisations, "recorder");
  const rows = await db()
    .select({
      metricId: measurements.metricId,
      month: measurements.month,
      value: measurements.value,
      recordedBy: measurements.recordedByOrganisationId,
      recordedByName: recorder.name,
    })
    .from(measurements)
    .innerJoin(recorder, eq(recorder.id, measurements.recordedByOrganisationId))
    .where(
      and(eq(measurements.relationshipId, relationshipId), gte(measurements.month, months[0]), lte(measurements.month, to), visibleMeasurementCondition(user)),
    )
    .all();
  const orgIds = new Set(memberOrganisationIds(user));
  const metrics = await recordableMetrics(recordingOrgId);
  // Metrics of visible values that are not in the recordable list (the other party's own metrics).
  const known = new Set(metrics.map((m) => m.id));
  const extra = [...new Set(rows.map((r) => r.metricId).filter((id) => !known.has(id)))];
  if (extra.length > 0) {
    metrics.push(...(await db().select(definitionColumns).from(metricDefinitions).where(inArray(metricDefinitions.id, extra)).all()));
  }
  const recordingOrganisation =
    recordingOrgId === null ? null : { id: recordingOrgId, name: user.memberships.find((m) => m.organisationId === recordingOrgId)!.organisationName };
  return {
    relationship: await relationshipLabel(user, relationshipId),
    recordingOrganisation,
    months,
    metrics: metrics.map(({ id, key, nameFi, nameEn, unit, category, target, direction }) => ({ id, key, nameFi, nameEn, unit, category, target, direction })),
    cells: rows.map((r) => ({ metricId: r.metricId, month: r.month, value: r.value, mine: orgIds.has(r.recordedBy), recordedByName: r.recordedByName })),
  };
}

export type CellInput = { metricId: number; month: string; value: number; field: string };
export type RecordResult = Result<WriteCounts>;

/** A refusal naming one message per grid cell or form field. */
const cellRefusal = (errors: Record<string, string>) => refusedWith(Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, [message]])));

/**
 * Records values for one relationship from the grid or the single-value
 * form. The user's organisation must be a party and the user must write for
 * it; every cell is checked before anything is written.
 */
export async function recordMeasurements(
  user: ActingUser,
  relationshipId: number,
  cells: readonly CellInput[],
  options: { ip?: string | null; asOf?: Date } = {},
): Promise<RecordResult> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite || access.organisationId === null) forbidden("Only a party to the relationship records its measurements");
  const organisationId = access.organisationId;
  const allowed = new Set((await recordableMetrics(organisationId)).map((m) => m.id));
  const errors: Record<string, string> = {};
  const problems = await measurementProblems(cells, latestRecordableMonth(options.asOf ?? calendarNow(user)));
  cells.forEach((c, i) => {
    const problem = problems.get(i);
    if (!allowed.has(c.metricId)) errors[c.field] = "metrics.error.metric";
    else if (problem) errors[c.field] = problemMessage(problem);
  });
  if (Object.keys(errors).length > 0) return cellRefusal(errors);
  const rows = cells.map((c) => ({ metricId: c.metricId, relationshipId, month: c.month, value: c.value }));
  const result = await commitMeasurements({ organisationId, userId: user.id, source: "form", asOf: options.asOf }, rows, {
    action: "measurements.record",
    actorUserId: user.id,
    entityType: "relationship",
    entityId: relationshipId,
    ip: options.ip,
  });
  if (!result.ok) {
    const conflicted = new Set(result.conflicts.map(keyOf));
    for (const c of cells) if (conflicted.has(keyOf({ ...c, relationshipId }))) errors[c.field] = "metrics.error.otherParty";
    for (const { row, problem } of result.invalid) {
      const cell = cells.find((c) => keyOf({ ...c, relationshipId }) === keyOf(row));
      if (cell) errors[cell.field] = problemMessage(problem);
    }
    return cellRefusal(errors);
  }
  return { ok: true, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged };
}
