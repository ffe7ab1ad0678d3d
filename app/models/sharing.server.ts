/**
 * Sharing grants: the recording organisation decides who sees its
 * measurements (docs/decisions/0007-metric-sharing.md). Grants and
 * revocations are audited; a revoked grant stays listed, dated.
 */
import { and, eq, inArray, isNotNull, isNull, notInArray, or, sql } from "drizzle-orm";
import { asc, desc } from "../../db/dialect";
import { alias } from "drizzle-orm/sqlite-core";
import { chains, metricDefinitions, organisations, relationships, sharingGrants } from "../../db/tables";
import { changedRows, db, writeTransaction } from "../db.server";
import type { SharingAudience, SharingGrantInput } from "../forms/sharing-grant";
import { canWriteFor, forbidden, memberOrganisationIds, notFound, visibleRelationshipCondition } from "./access.server";
import { audit } from "./audit.server";
import { grantAudienceIncludes } from "./metric-access.server";
import { notifyGrantChange } from "./notifications.server";
import { recordableMetrics } from "./metric.server";
import type { ActingUser } from "./user.server";
import { customer, provider } from "./visible-relationships.server";
import { refused, type Result } from "./result";
import { lockKey } from "./write-guards.server";

const grantor = alias(organisations, "grantor");
const grantee = alias(organisations, "grantee");

export type GrantView = {
  id: number;
  grantorId: number;
  grantorName: string;
  metric: { id: number; key: string; nameFi: string; nameEn: string } | null;
  relationship: { id: number; providerName: string; customerName: string; serviceName: string } | null;
  audience: SharingAudience;
  granteeName: string | null;
  chainName: string | null;
  note: string | null;
  grantedAt: string;
  revokedAt: string | null;
  canRevoke: boolean;
  /** Who the audience reaches now: organisations the user may know of, and whether others are reached too. */
  reaches: { names: string[]; others: boolean } | null;
};

function grantQuery() {
  return db()
    .select({
      id: sharingGrants.id,
      grantorId: sharingGrants.grantorOrganisationId,
      grantorName: grantor.name,
      metricId: metricDefinitions.id,
      metricKey: metricDefinitions.key,
      metricNameFi: metricDefinitions.nameFi,
      metricNameEn: metricDefinitions.nameEn,
      relationshipId: relationships.id,
      providerName: provider.name,
      customerName: customer.name,
      serviceName: relationships.serviceName,
      audience: sharingGrants.audience,
      granteeName: grantee.name,
      chainName: chains.name,
      note: sharingGrants.note,
      grantedAt: sharingGrants.grantedAt,
      revokedAt: sharingGrants.revokedAt,
    })
    .from(sharingGrants)
    .innerJoin(grantor, eq(grantor.id, sharingGrants.grantorOrganisationId))
    .leftJoin(metricDefinitions, eq(metricDefinitions.id, sharingGrants.metricId))
    .leftJoin(relationships, eq(relationships.id, sharingGrants.relationshipId))
    .leftJoin(provider, eq(provider.id, relationships.providerId))
    .leftJoin(customer, eq(customer.id, relationships.customerId))
    .leftJoin(grantee, eq(grantee.id, sharingGrants.granteeOrganisationId))
    .leftJoin(chains, eq(chains.id, sharingGrants.chainId));
}

type GrantRow = Awaited<ReturnType<ReturnType<typeof grantQuery>["all"]>>[number];

function toView(user: ActingUser, r: GrantRow, reaches: GrantView["reaches"]): GrantView {
  return {
    id: r.id,
    grantorId: r.grantorId,
    grantorName: r.grantorName,
    metric: r.metricId === null ? null : { id: r.metricId, key: r.metricKey!, nameFi: r.metricNameFi!, nameEn: r.metricNameEn! },
    relationship:
      r.relationshipId === null ? null : { id: r.relationshipId, providerName: r.providerName!, customerName: r.customerName!, serviceName: r.serviceName! },
    audience: r.audience,
    granteeName: r.granteeName,
    chainName: r.chainName,
    note: r.note,
    grantedAt: r.grantedAt,
    revokedAt: r.revokedAt,
    canRevoke: r.revokedAt === null && canWriteFor(user, r.grantorId),
    reaches,
  };
}

/** Organisations whose names the user may see: their own and the parties of relationships visible to them. */
async function knownOrganisationIds(user: ActingUser): Promise<Set<number> | null> {
  if (user.isPlatformAdmin) return null;
  const rows = await db()
    .select({ providerId: relationships.providerId, customerId: relationships.customerId })
    .from(relationships)
    .where(visibleRelationshipCondition(user))
    .all();
  return new Set([...memberOrganisationIds(user), ...rows.flatMap((r) => [r.providerId, r.customerId])]);
}

/**
 * For each active grant, the organisations its audience reaches, worked out
 * with the same SQL the measurement rule uses (one query per candidate).
 */
async function audienceReach(grantIds: number[]): Promise<Map<number, number[]>> {
  const reach = new Map<number, number[]>(grantIds.map((id) => [id, []]));
  if (grantIds.length === 0) return reach;
  const grants = await db()
    .select({ chainId: sharingGrants.chainId, granteeId: sharingGrants.granteeOrganisationId, relationshipId: sharingGrants.relationshipId })
    .from(sharingGrants)
    .where(inArray(sharingGrants.id, grantIds))
    .all();
  const chainIds = [...new Set(grants.map((g) => g.chainId).filter((id): id is number => id !== null))];
  const relIds = grants.map((g) => g.relationshipId).filter((id): id is number => id !== null);
  const parties = await db()
    .select({ providerId: relationships.providerId, customerId: relationships.customerId })
    .from(relationships)
    .where(or(chainIds.length ? inArray(relationships.chainId, chainIds) : sql`0 = 1`, relIds.length ? inArray(relationships.id, relIds) : sql`0 = 1`))
    .all();
  const candidates = new Set<number>([...parties.flatMap((p) => [p.providerId, p.customerId]), ...grants.flatMap((g) => (g.granteeId ? [g.granteeId] : []))]);
  for (const orgId of candidates) {
    const hits = await db()
      .select({ id: sql<number>`g.id` })
      .from(sql`sharing_grants g left join relationships r on r.id = g.relationship_id`)
      .where(
        sql`g.id in (${sql.join(
          grantIds.map((id) => sql`${id}`),
          sql`, `,
        )}) and ${grantAudienceIncludes([orgId])}`,
      )
      .all();
    for (const h of hits) reach.get(h.id)!.push(orgId);
  }
  return reach;
}

/** Grants made by the user's organisations (all grants for administrators), newest first, with who they reach. */
export async function listOwnGrants(user: ActingUser): Promise<GrantView[]> {
  const orgIds = memberOrganisationIds(user);
  if (!user.isPlatformAdmin && orgIds.length === 0) return [];
  const rows = await grantQuery()
    .where(user.isPlatformAdmin ? undefined : inArray(sharingGrants.grantorOrganisationId, orgIds))
    .orderBy(sql`${sharingGrants.revokedAt} is not null`, desc(sharingGrants.grantedAt), desc(sharingGrants.id))
    .all();
  const active = rows.filter((r) => r.revokedAt === null);
  const reach = await audienceReach(active.map((r) => r.id));
  const known = await knownOrganisationIds(user);
  const names = new Map(
    (
      await db()
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(inArray(organisations.id, [...new Set([...reach.values()].flat())]))
        .all()
    ).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => {
    const grantorId = r.grantorId;
    const reached = (reach.get(r.id) ?? []).filter((id) => id !== grantorId);
    const shown = reached.filter((id) => known === null || known.has(id));
    return toView(
      user,
      r,
      r.revokedAt === null
        ? { names: shown.map((id) => names.get(id)!).sort((a, b) => a.localeCompare(b, "fi")), others: shown.length < reached.length }
        : null,
    );
  });
}

/** Active grants of other organisations whose audience includes one of the user's organisations. */
export async function listGrantsToMe(user: ActingUser): Promise<GrantView[]> {
  const orgIds = memberOrganisationIds(user);
  if (orgIds.length === 0) return [];
  const rows = await grantQuery()
    .where(
      and(
        isNull(sharingGrants.revokedAt),
        notInArray(sharingGrants.grantorOrganisationId, orgIds),
        sql`exists (select 1 from sharing_grants g left join relationships r on r.id = g.relationship_id
              where g.id = ${sharingGrants.id} and ${grantAudienceIncludes(orgIds)})`,
      ),
    )
    .orderBy(asc(grantor.name), desc(sharingGrants.grantedAt))
    .all();
  return rows.map((r) => toView(user, r, null));
}

export type SharingOptions = {
  grantors: Array<{
    id: number;
    name: string;
    metrics: Array<{ id: number; key: string; nameFi: string; nameEn: string }>;
    relationships: Array<{ id: number; chainId: number; label: string }>;
    chains: Array<{ id: number; name: string }>;
  }>;
  organisations: Array<{ id: number; name: string }>;
};

/** What the grant form offers: per organisation the user writes for, its metrics, relationships and chains. */
export async function sharingOptions(user: ActingUser): Promise<SharingOptions> {
  const writable = user.memberships.filter((m) => canWriteFor(user, m.organisationId));
  const grantors = await Promise.all(
    writable.map(async (m) => {
      const rels = await db()
        .select({
          id: relationships.id,
          chainId: relationships.chainId,
          chainName: chains.name,
          providerName: provider.name,
          customerName: customer.name,
          serviceName: relationships.serviceName,
        })
        .from(relationships)
        .innerJoin(chains, eq(chains.id, relationships.chainId))
        .innerJoin(provider, eq(provider.id, relationships.providerId))
        .innerJoin(customer, eq(customer.id, relationships.customerId))
        .where(or(eq(relationships.providerId, m.organisationId), eq(relationships.customerId, m.organisationId)))
        .orderBy(asc(provider.name), asc(customer.name))
        .all();
      const chainMap = new Map(rels.map((r) => [r.chainId, r.chainName]));
      return {
        id: m.organisationId,
        name: m.organisationName,
        metrics: (await recordableMetrics(m.organisationId)).map(({ id, key, nameFi, nameEn }) => ({ id, key, nameFi, nameEn })),
        relationships: rels.map((r) => ({ id: r.id, chainId: r.chainId, label: `${r.providerName} → ${r.customerName} · ${r.serviceName}` })),
        chains: [...chainMap].map(([id, name]) => ({ id, name })),
      };
    }),
  );
  const known = await knownOrganisationIds(user);
  const orgs = await db()
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(known === null ? undefined : inArray(organisations.id, [...known]))
    .orderBy(asc(organisations.name))
    .all();
  return { grantors, organisations: orgs };
}

export type GrantResult = Result<{ id: number }>;

const refusedField = (field: keyof SharingGrantInput | null, messageKey: string) => refused(field, messageKey);

/** Creates a grant after checking every id against what the grantor may share. */
export async function createGrant(user: ActingUser, input: SharingGrantInput, ip?: string | null): Promise<GrantResult> {
  if (!canWriteFor(user, input.grantor)) forbidden("You cannot share on behalf of this organisation");
  const options = (await sharingOptions(user)).grantors.find((g) => g.id === input.grantor)!;
  if (input.metric !== undefined && !options.metrics.some((m) => m.id === input.metric)) {
    return refusedField("metric", "sharing.validation.metric");
  }
  const relationship = input.relationship === undefined ? undefined : options.relationships.find((r) => r.id === input.relationship);
  if (input.relationship !== undefined && !relationship) return refusedField("relationship", "sharing.validation.relationship");

  let chainId: number | null = null;
  let granteeId: number | null = null;
  if (input.audience === "organisation") {
    granteeId = input.grantee!;
    const known = await knownOrganisationIds(user);
    if ((known !== null && !known.has(granteeId)) || granteeId === input.grantor) {
      return refusedField("grantee", "sharing.validation.grantee");
    }
  } else if (input.audience !== "counterpart") {
    chainId = relationship ? relationship.chainId : (input.chain ?? null);
    if (chainId === null || !options.chains.some((c) => c.id === chainId)) return refusedField("chain", "sharing.validation.chain");
    if (input.chain !== undefined && input.chain !== chainId) return refusedField("chain", "sharing.validation.chainMismatch");
  }
  const values = {
    grantorOrganisationId: input.grantor,
    metricId: input.metric ?? null,
    relationshipId: input.relationship ?? null,
    audience: input.audience,
    granteeOrganisationId: granteeId,
    chainId,
    note: input.note ?? null,
    grantedByUserId: user.id,
  };
  return await writeTransaction(async (): Promise<GrantResult> => {
    // No constraint says "one active grant of a kind" (NULLs, revoked rows): a grantor's grants and restores take turns.
    await lockKey("sharing-grants", values.grantorOrganisationId);
    const same = await db()
      .select({ id: sharingGrants.id })
      .from(sharingGrants)
      .where(
        and(
          isNull(sharingGrants.revokedAt),
          eq(sharingGrants.grantorOrganisationId, values.grantorOrganisationId),
          values.metricId === null ? isNull(sharingGrants.metricId) : eq(sharingGrants.metricId, values.metricId),
          values.relationshipId === null ? isNull(sharingGrants.relationshipId) : eq(sharingGrants.relationshipId, values.relationshipId),
          eq(sharingGrants.audience, values.audience),
          granteeId === null ? isNull(sharingGrants.granteeOrganisationId) : eq(sharingGrants.granteeOrganisationId, granteeId),
          chainId === null ? isNull(sharingGrants.chainId) : eq(sharingGrants.chainId, chainId),
        ),
      )
      .get();
    if (same) return refusedField(null, "sharing.validation.duplicate");
    const { id } = await db().insert(sharingGrants).values(values).returning({ id: sharingGrants.id }).get();
    await audit({
      action: "sharing.grant",
      actorUserId: user.id,
      actorOrganisationId: input.grantor,
      entityType: "sharing_grant",
      entityId: id,
      after: values,
      ip,
    });
    await notifyGrantChange({ grantId: id, kind: "metric_shared", actorUserId: user.id, at: new Date().toISOString() });
    return { ok: true as const, id };
  });
}

/** Revokes at once: the next query no longer finds the grant. 404 for a grant the user cannot see. */
export async function revokeGrant(user: ActingUser, grantId: number, ip?: string | null): Promise<void> {
  const grant = await ownGrant(user, grantId);
  if (grant.revokedAt !== null) return;
  const revokedAt = new Date().toISOString();
  await writeTransaction(async () => {
    const revoked = changedRows(
      await db()
        .update(sharingGrants)
        .set({ revokedAt, revokedByUserId: user.id })
        .where(and(eq(sharingGrants.id, grantId), isNull(sharingGrants.revokedAt)))
        .run(),
    );
    // Revoked by a concurrent request already: it audited the revocation.
    if (revoked !== 1) return;
    await audit({
      action: "sharing.revoke",
      actorUserId: user.id,
      actorOrganisationId: grant.grantorId,
      entityType: "sharing_grant",
      entityId: grantId,
      before: { revokedAt: null },
      after: { revokedAt },
      ip,
    });
    await notifyGrantChange({ grantId, kind: "share_revoked", actorUserId: user.id, at: revokedAt });
  });
}

/** How long after revoking a grant it can be restored with "Undo". */
export const UNDO_REVOKE_MS = 30 * 60 * 1000;

export type RestoreResult = Result;

/**
 * Undoes a recent revocation: the grant is active again, as before. Only
 * within UNDO_REVOKE_MS and only while no identical grant has been made
 * since; audited. 404 for a grant the user cannot see.
 */
export async function restoreGrant(user: ActingUser, grantId: number, ip?: string | null, now = new Date()): Promise<RestoreResult> {
  const grant = await ownGrant(user, grantId);
  if (grant.revokedAt === null) return { ok: true };
  if (now.getTime() - new Date(grant.revokedAt).getTime() > UNDO_REVOKE_MS) return refused(null, "sharing.undoExpired", 409);
  return await writeTransaction(async (): Promise<RestoreResult> => {
    await lockKey("sharing-grants", grant.grantorId);
    const twin = await db()
      .select({ id: sharingGrants.id })
      .from(sharingGrants)
      .where(
        and(
          isNull(sharingGrants.revokedAt),
          eq(sharingGrants.grantorOrganisationId, grant.grantorId),
          grant.metricId === null ? isNull(sharingGrants.metricId) : eq(sharingGrants.metricId, grant.metricId),
          grant.relationshipId === null ? isNull(sharingGrants.relationshipId) : eq(sharingGrants.relationshipId, grant.relationshipId),
          eq(sharingGrants.audience, grant.audience),
          grant.granteeId === null ? isNull(sharingGrants.granteeOrganisationId) : eq(sharingGrants.granteeOrganisationId, grant.granteeId),
          grant.chainId === null ? isNull(sharingGrants.chainId) : eq(sharingGrants.chainId, grant.chainId),
        ),
      )
      .get();
    if (twin) return refused(null, "sharing.validation.duplicate", 409);
    const restored = changedRows(
      await db()
        .update(sharingGrants)
        .set({ revokedAt: null, revokedByUserId: null })
        .where(and(eq(sharingGrants.id, grantId), isNotNull(sharingGrants.revokedAt)))
        .run(),
    );
    // Restored by a concurrent undo already: nothing left to do or audit.
    if (restored !== 1) return { ok: true as const };
    await audit({
      action: "sharing.restore",
      actorUserId: user.id,
      actorOrganisationId: grant.grantorId,
      entityType: "sharing_grant",
      entityId: grantId,
      before: { revokedAt: grant.revokedAt },
      after: { revokedAt: null },
      ip,
    });
    // Undo shares again: told anew (a new stamp), as the revocation was told.
    await notifyGrantChange({ grantId, kind: "metric_shared", actorUserId: user.id, at: now.toISOString() }, now);
    return { ok: true as const };
  });
}

/** A grant of the user's organisations (any, for administrators), for revoking or restoring: 404 otherwise, 403 for readers. */
async function ownGrant(user: ActingUser, grantId: number) {
  const orgIds = memberOrganisationIds(user);
  const grant = await db()
    .select({
      id: sharingGrants.id,
      grantorId: sharingGrants.grantorOrganisationId,
      revokedAt: sharingGrants.revokedAt,
      metricId: sharingGrants.metricId,
      relationshipId: sharingGrants.relationshipId,
      audience: sharingGrants.audience,
      granteeId: sharingGrants.granteeOrganisationId,
      chainId: sharingGrants.chainId,
    })
    .from(sharingGrants)
    .where(
      and(eq(sharingGrants.id, grantId), user.isPlatformAdmin ? undefined : orgIds.length ? inArray(sharingGrants.grantorOrganisationId, orgIds) : sql`0 = 1`),
    )
    .get();
  if (!grant) notFound("Grant not found");
  if (!canWriteFor(user, grant.grantorId)) forbidden();
  return grant;
}

/** One active grant of the user's organisations, as the list shows it, for the revoke confirmation; null when there is none. */
export async function grantToRevoke(user: ActingUser, grantId: number): Promise<GrantView | null> {
  return (await listOwnGrants(user)).find((g) => g.id === grantId && g.canRevoke) ?? null;
}
