/**
 * Chains and their relationships, as the platform administrator manages
 * them. Platform administrators only: every function checks it again.
 */
import { and, count, eq, ne, sql } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { alias } from "drizzle-orm/sqlite-core";
import { assessments, chains, developmentActions, lifecycleEvents, measurements, organisations, relationships } from "../../db/tables";
import { db, writeTransaction, type PortalDatabase } from "../db.server";
import { effectiveMaturity } from "../domain/maturity";
import type { ChainInput, RelationshipInput } from "../forms/admin-chains";
import { notFound } from "./access.server";
import { denyAdmin } from "./admin-access.server";
import { changedFields } from "./admin-changes.server";
import { audit } from "./audit.server";
import { calendarNow, type ActingUser } from "./user.server";
import { customer, provider, visibleRelationships } from "./visible-relationships.server";
import { localDateIso } from "../domain/time-zone";
import { refused, refusedWith, type Result } from "./result";
import { lockRelationships, writeTransactionRecheckingDuplicates } from "./write-guards.server";

async function assertPlatformAdmin(user: ActingUser, entityType: string, entityId: unknown): Promise<void> {
  if (!user.isPlatformAdmin) await denyAdmin(user, entityType, entityId);
}

export type SaveResult = Result<{ id: number }>;

const focal = alias(organisations, "focal");

export async function listChainsForAdmin(user: ActingUser) {
  await assertPlatformAdmin(user, "chain", "list");
  return db()
    .select({
      id: chains.id,
      name: chains.name,
      description: chains.description,
      focalName: focal.name,
      relationshipCount: sql<number>`(select count(*) from ${relationships} where ${relationships.chainId} = ${chains.id})`,
    })
    .from(chains)
    .innerJoin(focal, eq(focal.id, chains.focalOrganisationId))
    .orderBy(asc(chains.name))
    .all();
}

/** Safe to check before inserting: the app never deletes an organisation (and the foreign key would refuse the row). */
async function organisationExists(tx: PortalDatabase, id: number): Promise<boolean> {
  return (await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id)).get()) !== undefined;
}

export async function getChainForAdmin(user: ActingUser, chainId: number, asOf = calendarNow(user)) {
  await assertPlatformAdmin(user, "chain", chainId);
  const chain = await db()
    .select({ id: chains.id, name: chains.name, description: chains.description, focalOrganisationId: chains.focalOrganisationId })
    .from(chains)
    .where(eq(chains.id, chainId))
    .get();
  if (!chain) notFound("Chain not found");
  // A platform administrator sees every relationship: the same scoped select as everyone's.
  const rows = await visibleRelationships(user)
    .select(
      {
        id: relationships.id,
        providerName: provider.name,
        customerName: customer.name,
        serviceName: relationships.serviceName,
        startDate: relationships.startDate,
        lifecycleStage: relationships.lifecycleStage,
        maturityOverride: relationships.maturityOverride,
        diversity: relationships.diversity,
        criticality: relationships.criticality,
        referenceCustomer: relationships.referenceCustomer,
      },
      eq(relationships.chainId, chainId),
    )
    .orderBy(asc(provider.name), asc(customer.name))
    .all();
  return {
    ...chain,
    relationships: rows.map((r) => ({ ...r, maturity: effectiveMaturity(r.startDate, r.maturityOverride, asOf) })),
  };
}

export async function createChain(user: ActingUser, input: ChainInput, ip?: string | null): Promise<SaveResult> {
  await assertPlatformAdmin(user, "chain", "new");
  return await writeTransaction(async (tx) => {
    if (!(await organisationExists(tx, input.focalOrganisationId))) return refused("focalOrganisationId", "admin.field.choice");
    const { id } = await tx.insert(chains).values(input).returning({ id: chains.id }).get();
    await audit({ action: "chain.create", actorUserId: user.id, entityType: "chain", entityId: id, after: input, ip });
    return { ok: true, id };
  });
}

export async function updateChain(user: ActingUser, chainId: number, input: ChainInput, ip?: string | null): Promise<SaveResult> {
  await assertPlatformAdmin(user, "chain", chainId);
  return await writeTransaction(async (tx) => {
    const before = await tx
      .select({ name: chains.name, description: chains.description, focalOrganisationId: chains.focalOrganisationId })
      .from(chains)
      .where(eq(chains.id, chainId))
      .get();
    if (!before) notFound("Chain not found");
    if (!(await organisationExists(tx, input.focalOrganisationId))) return refused("focalOrganisationId", "admin.field.choice");
    await tx.update(chains).set(input).where(eq(chains.id, chainId)).run();
    const change = changedFields(before, input);
    if (change) await audit({ action: "chain.update", actorUserId: user.id, entityType: "chain", entityId: chainId, ...change, ip });
    return { ok: true, id: chainId };
  });
}

const relationshipColumns = {
  chainId: relationships.chainId,
  providerId: relationships.providerId,
  customerId: relationships.customerId,
  serviceName: relationships.serviceName,
  startDate: relationships.startDate,
  lifecycleStage: relationships.lifecycleStage,
  diversity: relationships.diversity,
  criticality: relationships.criticality,
  referenceCustomer: relationships.referenceCustomer,
  maturityOverride: relationships.maturityOverride,
  maturityOverrideNote: relationships.maturityOverrideNote,
};

export async function getRelationshipForAdmin(user: ActingUser, chainId: number, relationshipId: number) {
  await assertPlatformAdmin(user, "relationship", relationshipId);
  const row = await visibleRelationships(user)
    .select({ id: relationships.id, ...relationshipColumns }, eq(relationships.id, relationshipId), eq(relationships.chainId, chainId))
    .get();
  if (!row) notFound("Relationship not found");
  return { ...row, partiesLocked: await hasRecordedData(db(), relationshipId) };
}

/** Once either side has assessed, measured or planned anything, the parties of a relationship are fixed. */
async function hasRecordedData(tx: PortalDatabase, relationshipId: number): Promise<boolean> {
  const n = async (table: typeof assessments | typeof measurements | typeof developmentActions) =>
    (await tx.select({ n: count() }).from(table).where(eq(table.relationshipId, relationshipId)).get())?.n ?? 0;
  return (await n(assessments)) + (await n(measurements)) + (await n(developmentActions)) > 0;
}

async function partiesProblem(tx: PortalDatabase, chainId: number, input: RelationshipInput, exceptId?: number): Promise<Record<string, string[]> | null> {
  if (!(await organisationExists(tx, input.providerId))) return { providerId: ["admin.field.choice"] };
  if (!(await organisationExists(tx, input.customerId))) return { customerId: ["admin.field.choice"] };
  const duplicate = await tx
    .select({ id: relationships.id })
    .from(relationships)
    .where(
      and(
        eq(relationships.chainId, chainId),
        eq(relationships.providerId, input.providerId),
        eq(relationships.customerId, input.customerId),
        exceptId ? ne(relationships.id, exceptId) : sql`1 = 1`,
      ),
    )
    .get();
  return duplicate ? { customerId: ["admin.rel.duplicate"] } : null;
}

function relationshipValues(input: RelationshipInput) {
  return {
    providerId: input.providerId,
    customerId: input.customerId,
    serviceName: input.serviceName,
    startDate: input.startDate,
    lifecycleStage: input.lifecycleStage,
    diversity: input.diversity,
    criticality: input.criticality,
    referenceCustomer: input.referenceCustomer,
    maturityOverride: input.maturityOverride,
    maturityOverrideNote: input.maturityOverride ? input.maturityOverrideNote : null,
  };
}

/** Creates a relationship and its first lifecycle event (why it started). */
export async function createRelationship(user: ActingUser, chainId: number, input: RelationshipInput, ip?: string | null): Promise<SaveResult> {
  await assertPlatformAdmin(user, "relationship", "new");
  // relationships_chain_parties_unique backs the duplicate check.
  return await writeTransactionRecheckingDuplicates(async (tx) => {
    const chain = await tx.select({ id: chains.id }).from(chains).where(eq(chains.id, chainId)).get();
    if (!chain) notFound("Chain not found");
    const problem = await partiesProblem(tx, chainId, input);
    if (problem) return refusedWith(problem);
    const values = relationshipValues(input);
    const { id } = await tx
      .insert(relationships)
      .values({ chainId, ...values })
      .returning({ id: relationships.id })
      .get();
    const event = {
      relationshipId: id,
      fromStage: null,
      toStage: input.lifecycleStage,
      changedOn: input.startDate,
      reasonCategory: "why_started" as const,
      note: input.stageNote ?? "",
      recordedByUserId: user.id,
    };
    await tx.insert(lifecycleEvents).values(event).run();
    await audit({
      action: "relationship.create",
      actorUserId: user.id,
      entityType: "relationship",
      entityId: id,
      after: { chainId, ...values, firstEvent: { toStage: event.toStage, changedOn: event.changedOn, note: event.note } },
      ip,
    });
    return { ok: true, id };
  });
}

/**
 * Edits a relationship. A stage change is also written to the lifecycle
 * history (dated today, with the note given), so the history stays whole.
 */
export async function updateRelationship(
  user: ActingUser,
  chainId: number,
  relationshipId: number,
  input: RelationshipInput,
  ip?: string | null,
  now = new Date(),
): Promise<SaveResult> {
  await assertPlatformAdmin(user, "relationship", relationshipId);
  return await writeTransactionRecheckingDuplicates(async (tx) => {
    // Waits for anyone adding the first assessment, measurement or action to it, so the partiesLocked check sees theirs.
    await lockRelationships([relationshipId], "update");
    const before = await tx
      .select(relationshipColumns)
      .from(relationships)
      .where(and(eq(relationships.id, relationshipId), eq(relationships.chainId, chainId)))
      .get();
    if (!before) notFound("Relationship not found");
    const partiesChanged = before.providerId !== input.providerId || before.customerId !== input.customerId;
    if (partiesChanged && (await hasRecordedData(tx, relationshipId))) {
      return refused("providerId", "admin.rel.partiesLocked");
    }
    const problem = await partiesProblem(tx, chainId, input, relationshipId);
    if (problem) return refusedWith(problem);
    const values = relationshipValues(input);
    await tx
      .update(relationships)
      .set({ ...values, updatedAt: now.toISOString() })
      .where(eq(relationships.id, relationshipId))
      .run();
    if (before.lifecycleStage !== input.lifecycleStage) {
      await tx
        .insert(lifecycleEvents)
        .values({
          relationshipId,
          fromStage: before.lifecycleStage,
          toStage: input.lifecycleStage,
          changedOn: localDateIso(now, user.timeZone),
          reasonCategory: "other",
          note: input.stageNote ?? "",
          recordedByUserId: user.id,
        })
        .run();
    }
    const { chainId: _c, ...beforeValues } = before;
    const change = changedFields(beforeValues, values);
    if (change) await audit({ action: "relationship.update", actorUserId: user.id, entityType: "relationship", entityId: relationshipId, ...change, ip });
    return { ok: true, id: relationshipId };
  });
}
