/**
 * Deleting a wrong measurement: the recording organisation's writer marks
 * it deleted. The row stays as a tombstone so its history in
 * measurement_history is kept (a `delete` entry holds the value); no reader
 * sees it any more (visibleMeasurementCondition), and a value entered later
 * for the same cell reuses the row. Audited.
 */
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { desc } from "../../db/dialect";
import { measurementHistory, measurements, metricDefinitions } from "../../db/tables";
import { changedRows, db, writeTransaction } from "../db.server";
import { forbidden, memberOrganisationIds, requireRelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import { visibleMeasurementCondition } from "./metric-access.server";
import type { ActingUser } from "./user.server";
import { FORM, refused, type Result } from "./result";
import { lockRelationships } from "./write-guards.server";

export type OwnMeasurement = {
  id: number;
  metricId: number;
  nameFi: string;
  nameEn: string;
  unit: string;
  month: string;
  value: number;
  organisationName: string;
};

/**
 * The value the user's organisation recorded for the cell, to confirm its
 * deletion; null when there is none. 404 for a relationship the user may not
 * see, 403 for one they may only read.
 */
export async function ownMeasurement(user: ActingUser, relationshipId: number, metricId: number, month: string): Promise<OwnMeasurement | null> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite || access.organisationId === null) forbidden("Only a party to the relationship deletes its measurements");
  const row = await db()
    .select({
      id: measurements.id,
      metricId: measurements.metricId,
      nameFi: metricDefinitions.nameFi,
      nameEn: metricDefinitions.nameEn,
      unit: metricDefinitions.unit,
      month: measurements.month,
      value: measurements.value,
    })
    .from(measurements)
    .innerJoin(metricDefinitions, eq(metricDefinitions.id, measurements.metricId))
    .where(
      and(
        eq(measurements.relationshipId, relationshipId),
        eq(measurements.metricId, metricId),
        eq(measurements.month, month),
        eq(measurements.recordedByOrganisationId, access.organisationId),
        isNull(measurements.deletedAt),
      ),
    )
    .get();
  if (!row) return null;
  const organisationName = user.memberships.find((m) => m.organisationId === access.organisationId)?.organisationName ?? "";
  return { ...row, organisationName };
}

export type DeleteResult = Result<{ deleted: OwnMeasurement }>;

/** Deletes the organisation's value of one cell (see the module comment). */
export async function deleteMeasurement(
  user: ActingUser,
  relationshipId: number,
  metricId: number,
  month: string,
  options: { ip?: string | null } = {},
): Promise<DeleteResult> {
  return await writeTransaction(async (): Promise<DeleteResult> => {
    // In turn with the relationship's other writes of values (commitMeasurements), so `found` is still the value.
    await lockRelationships([relationshipId]);
    const found = await ownMeasurement(user, relationshipId, metricId, month);
    if (!found) return refused(FORM, "metrics.delete.notFound", 404);
    const organisationId = (await requireRelationshipAccess(user, relationshipId)).organisationId!;
    const now = new Date().toISOString();
    const deleted = changedRows(
      await db()
        .update(measurements)
        .set({ deletedAt: now, deletedByUserId: user.id, updatedAt: now })
        .where(and(eq(measurements.id, found.id), isNull(measurements.deletedAt)))
        .run(),
    );
    if (deleted !== 1) return refused(FORM, "metrics.delete.notFound", 404);
    await db()
      .insert(measurementHistory)
      .values({
        measurementId: found.id,
        previousValue: found.value,
        newValue: found.value,
        kind: "delete",
        recordedByOrganisationId: organisationId,
        changedByUserId: user.id,
        source: "form",
        changedAt: now,
      })
      .run();
    await audit({
      action: "measurement.delete",
      actorUserId: user.id,
      actorOrganisationId: organisationId,
      entityType: "measurement",
      entityId: found.id,
      before: { metricId, relationshipId, month, value: found.value },
      after: { deletedAt: now },
      ip: options.ip ?? null,
    });
    return { ok: true as const, deleted: found };
  });
}

/**
 * Earlier values of one cell, newest first: a deleted value included. The
 * user sees the entries of values their organisation recorded, and those
 * of the value they may see now.
 */
export function measurementHistoryOf(user: ActingUser, metricId: number, relationshipId: number, month: string) {
  const orgIds = memberOrganisationIds(user);
  const own = user.isPlatformAdmin ? sql`1 = 1` : orgIds.length ? inArray(measurementHistory.recordedByOrganisationId, orgIds) : sql`0 = 1`;
  return db()
    .select({
      previousValue: measurementHistory.previousValue,
      newValue: measurementHistory.newValue,
      kind: measurementHistory.kind,
      changedAt: measurementHistory.changedAt,
      source: measurementHistory.source,
    })
    .from(measurementHistory)
    .innerJoin(measurements, eq(measurements.id, measurementHistory.measurementId))
    .where(
      and(
        eq(measurements.metricId, metricId),
        eq(measurements.relationshipId, relationshipId),
        eq(measurements.month, month),
        or(own, and(visibleMeasurementCondition(user), eq(measurementHistory.recordedByOrganisationId, measurements.recordedByOrganisationId))),
      ),
    )
    .orderBy(desc(measurementHistory.id))
    .all();
}
