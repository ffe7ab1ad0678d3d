/**
 * Chains and their relationships, as the platform administrator manages
 * them. Platform administrators only: every function checks it again.
 */
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { assessments, chains, developmentActions, lifecycleEvents, measurements, organisations, relationships } from "../../db/schema";
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

function assertPlatformAdmin(user: ActingUser, entityType: string, entityId: unknown): void {
  if (!user.isPlatformAdmin) denyAdmin(user, entityType, entityId);
}

export type SaveResult = Result<{ id: number }>;

const focal = alias(organisations, "focal");

export function listChainsForAdmin(user: ActingUser) {
  assertPlatformAdmin(user, "chain", "list");
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

function organisationExists(tx: PortalDatabase, id: number): boolean {
  return tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id)).get() !== undefined;
}

export function getChainForAdmin(user: ActingUser, chainId: number, asOf = calendarNow(user)) {
  assertPlatformAdmin(user, "chain", chainId);
  const chain = db()
    .select({ id: chains.id, name: chains.name, description: chains.description, focalOrganisationId: chains.focalOrganisationId })
    .from(chains)
    .where(eq(chains.id, chainId))
    .get();
  if (!chain) notFound("Chain not found");
  // A platform administrator sees every relationship: the same scoped select as everyone's.
  const rows = visibleRelationships(user)
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

export function createChain(user: ActingUser, input: ChainInput, ip?: string | null): SaveResult {
  assertPlatformAdmin(user, "chain", "new");
  return writeTransaction((tx) => {
    if (!organisationExists(tx, input.focalOrganisationId)) return refused("focalOrganisationId", "admin.field.choice");
    const { id } = tx.insert(chains).values(input).returning({ id: chains.id }).get();
    audit({ action: "chain.create", actorUserId: user.id, entityType: "chain", entityId: id, after: input, ip });
    return { ok: true, id };
  });
}

export function updateChain(user: ActingUser, chainId: number, input: ChainInput, ip?: string | null): SaveResult {
  assertPlatformAdmin(user, "chain", chainId);
  return writeTransaction((tx) => {
    const before = tx
      .select({ name: chains.name, description: chains.description, focalOrganisationId: chains.focalOrganisationId })
      .from(chains)
      .where(eq(chains.id, chainId))
      .get();
    if (!before) notFound("Chain not found");
    if (!organisationExists(tx, input.focalOrganisationId)) return refused("focalOrganisationId", "admin.field.choice");
    tx.update(chains).set(input).where(eq(chains.id, chainId)).run();
    const change = changedFields(before, input);
    if (change) audit({ action: "chain.update", actorUserId: user.id, entityType: "chain", entityId: chainId, ...change, ip });
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

export function getRelationshipForAdmin(user: ActingUser, chainId: number, relationshipId: number) {
  assertPlatformAdmin(user, "relationship", relationshipId);
  const row = visibleRelationships(user)
    .select({ id: relationships.id, ...relationshipColumns }, eq(relationships.id, relationshipId), eq(relationships.chainId, chainId))
    .get();
  if (!row) notFound("Relationship not found");
  return { ...row, partiesLocked: hasRecordedData(db(), relationshipId) };
}

/** Once either side has assessed, measured or planned anything, the parties of a relationship are fixed. */
function hasRecordedData(tx: PortalDatabase, relationshipId: number): boolean {
  const n = (table: typeof assessments | typeof measurements | typeof developmentActions) =>
    tx.select({ n: count() }).from(table).where(eq(table.relationshipId, relationshipId)).get()?.n ?? 0;
  return n(assessments) + n(measurements) + n(developmentActions) > 0;
}

function partiesProblem(tx: PortalDatabase, chainId: number, input: RelationshipInput, exceptId?: number): Record<string, string[]> | null {
  if (!organisationExists(tx, input.providerId)) return { providerId: ["admin.field.choice"] };
  if (!organisationExists(tx, input.customerId)) return { customerId: ["admin.field.choice"] };
  const duplicate = tx
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
export function createRelationship(user: ActingUser, chainId: number, input: RelationshipInput, ip?: string | null): SaveResult {
  assertPlatformAdmin(user, "relationship", "new");
  return writeTransaction((tx) => {
    const chain = tx.select({ id: chains.id }).from(chains).where(eq(chains.id, chainId)).get();
    if (!chain) notFound("Chain not found");
    const problem = partiesProblem(tx, chainId, input);
    if (problem) return refusedWith(problem);
    const values = relationshipValues(input);
    const { id } = tx
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
    tx.insert(lifecycleEvents).values(event).run();
    audit({
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
export function updateRelationship(
  user: ActingUser,
  chainId: number,
  relationshipId: number,
  input: RelationshipInput,
  ip?: string | null,
  now = new Date(),
): SaveResult {
  assertPlatformAdmin(user, "relationship", relationshipId);
  return writeTransaction((tx) => {
    const before = tx
      .select(relationshipColumns)
      .from(relationships)
      .where(and(eq(relationships.id, relationshipId), eq(relationships.chainId, chainId)))
      .get();
    if (!before) notFound("Relationship not found");
    const partiesChanged = before.providerId !== input.providerId || before.customerId !== input.customerId;
    if (partiesChanged && hasRecordedData(tx, relationshipId)) {
      return refused("providerId", "admin.rel.partiesLocked");
    }
    const problem = partiesProblem(tx, chainId, input, relationshipId);
    if (problem) return refusedWith(problem);
    const values = relationshipValues(input);
    tx.update(relationships)
      .set({ ...values, updatedAt: now.toISOString() })
      .where(eq(relationships.id, relationshipId))
      .run();
    if (before.lifecycleStage !== input.lifecycleStage) {
      tx.insert(lifecycleEvents)
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
    if (change) audit({ action: "relationship.update", actorUserId: user.id, entityType: "relationship", entityId: relationshipId, ...change, ip });
    return { ok: true, id: relationshipId };
  });
}
