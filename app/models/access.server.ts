/**
 * Who may see what: the visibility rules of the portal in one place.
 *
 * - A platform administrator sees everything.
 * - A relationship is visible to members of its two parties and to project
 *   leads of the chain's focal company, and to an invited assessor scoped
 *   to it (docs/decisions/0020-round-invitations.md).
 * - A chain is visible when its focal company is one of the user's
 *   organisations, or when at least one of its relationships is visible
 *   through a membership (an assessor scope opens no chain).
 *
 * Rules are expressed as SQL conditions, so model queries filter in the
 * database instead of loading rows and checking them in the page.
 */
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { chains, relationships } from "../../db/tables";
import { db } from "../db.server";
import { oncePerRequest } from "../http/request-scope.server";
import { audit } from "./audit.server";
import type { ActingUser } from "./user.server";

const NOTHING = sql`0 = 1`;

export function memberOrganisationIds(user: ActingUser): number[] {
  return user.memberships.map((m) => m.organisationId);
}

function projectLeadOrganisationIds(user: ActingUser): number[] {
  return user.memberships.filter((m) => m.role === "project_lead").map((m) => m.organisationId);
}

/** The relationships the user may see and assess only through an accepted invitation. */
export function scopedRelationshipIds(user: ActingUser): number[] {
  return user.assessorScopes.map((s) => s.relationshipId);
}

/** SQL condition on `relationships`: rows the user may see. */
export function visibleRelationshipCondition(user: ActingUser): SQL {
  if (user.isPlatformAdmin) return sql`1 = 1`;
  const orgIds = memberOrganisationIds(user);
  const scopedIds = scopedRelationshipIds(user);
  if (orgIds.length === 0 && scopedIds.length === 0) return NOTHING;
  const leadOrgIds = projectLeadOrganisationIds(user);
  const conditions: SQL[] = [];
  if (orgIds.length > 0) conditions.push(inArray(relationships.providerId, orgIds), inArray(relationships.customerId, orgIds));
  if (scopedIds.length > 0) conditions.push(inArray(relationships.id, scopedIds));
  if (leadOrgIds.length > 0) {
    conditions.push(inArray(relationships.chainId, db().select({ id: chains.id }).from(chains).where(inArray(chains.focalOrganisationId, leadOrgIds))));
  }
  return or(...conditions)!;
}

/** SQL condition on `chains`: chains the user may open. */
export function visibleChainCondition(user: ActingUser): SQL {
  if (user.isPlatformAdmin) return sql`1 = 1`;
  const orgIds = memberOrganisationIds(user);
  if (orgIds.length === 0) return NOTHING;
  // A chain is visible when it is the user's organisations' own (focal), or holds a relationship
  // they see. A project lead's chains are their organisation's focal ones, so the relationships
  // that matter beyond the focal chains are those the user's organisations are a party to: read
  // through the provider and customer indexes once, rather than probing every chain's relationships.
  return or(
    inArray(chains.focalOrganisationId, orgIds),
    inArray(
      chains.id,
      db()
        .select({ id: relationships.chainId })
        .from(relationships)
        .where(or(inArray(relationships.providerId, orgIds), inArray(relationships.customerId, orgIds))),
    ),
  )!;
}

/** Throws a 404 (not 403: a foreign id must not even reveal that the record exists). */
export function notFound(what = "Not found"): never {
  throw new Response(what, { status: 404 });
}

/**
 * A scoped lookup found nothing: record the denied access, then answer 404.
 * Unknown and foreign ids are logged alike, since telling them apart would
 * itself need the foreign record.
 */
export async function denyAccess(user: ActingUser, entityType: string, entityId: unknown): Promise<never> {
  await auditDenied(user, entityType, entityId);
  notFound(`${entityType} not found`);
}

/** The audit row of a refused request (404 or 403 alike). */
export async function auditDenied(user: ActingUser, entityType: string, entityId: unknown): Promise<void> {
  await audit({
    action: "access.denied",
    actorUserId: user.id,
    actorOrganisationId: user.memberships[0]?.organisationId ?? null,
    entityType,
    entityId: String(entityId).slice(0, 100),
  });
}

/** Roles that may change data on behalf of their organisation (assess, record, share). */
const WRITER_ROLES = new Set(["org_admin", "staff"]);

/** Whether the user may write on behalf of `organisationId` (admin, or org_admin/staff there). */
export function canWriteFor(user: ActingUser, organisationId: number): boolean {
  return user.memberships.some((m) => m.organisationId === organisationId && WRITER_ROLES.has(m.role));
}

export function isOrganisationAdmin(user: ActingUser, organisationId: number): boolean {
  return user.isPlatformAdmin || user.memberships.some((m) => m.organisationId === organisationId && m.role === "org_admin");
}

export type RelationshipAccess = {
  id: number;
  chainId: number;
  providerId: number;
  customerId: number;
  /** The side the user stands on, when a member of a party; null for project leads and admins. */
  side: "provider" | "customer" | null;
  /** The user's organisation on that side (null when side is null). */
  organisationId: number | null;
  /** May the user write for their side (record, add actions, decisions, lifecycle and context)? Never through an assessor scope. */
  canWrite: boolean;
  /** May the user assess for their side: a writer member, or an assessor scoped to that side. */
  canAssess: boolean;
};

/**
 * Loads a relationship the user may see, or throws 404 (also for ids of
 * relationships outside the user's scope, so existence is not revealed).
 */
export async function requireRelationshipAccess(user: ActingUser, relationshipId: number): Promise<RelationshipAccess> {
  if (!Number.isSafeInteger(relationshipId) || relationshipId <= 0) return denyAccess(user, "relationship", relationshipId);
  // A page asks for the same relationship from several loaders and models (the page, its files): one read per request.
  const row = await oncePerRequest(`relationship-access:${user.id}:${relationshipId}`, () =>
    db()
      .select({
        id: relationships.id,
        chainId: relationships.chainId,
        providerId: relationships.providerId,
        customerId: relationships.customerId,
      })
      .from(relationships)
      .where(and(eq(relationships.id, relationshipId), visibleRelationshipCondition(user)))
      .get(),
  );
  if (!row) return denyAccess(user, "relationship", relationshipId);
  const orgIds = new Set(memberOrganisationIds(user));
  const memberSide = orgIds.has(row.providerId) ? "provider" : orgIds.has(row.customerId) ? "customer" : null;
  // Not a member of either party: an invited assessor stands on the side of their scope (its organisation is that party).
  const scope = user.assessorScopes.find((s) => s.relationshipId === row.id && s.organisationId === (s.side === "provider" ? row.providerId : row.customerId));
  const side = memberSide ?? scope?.side ?? null;
  const organisationId = side === "provider" ? row.providerId : side === "customer" ? row.customerId : null;
  const canWrite = memberSide !== null && organisationId !== null && canWriteFor(user, organisationId);
  const canAssess = canWrite || (scope !== undefined && scope.side === side);
  return { ...row, side, organisationId, canWrite, canAssess };
}

/** For actions: a 403 when the user may read but not write. */
export function forbidden(what = "Forbidden"): never {
  throw new Response(what, { status: 403 });
}

/**
 * For actions that change a relationship on behalf of the user's side: the
 * access check comes before the form is even read, so a foreign id is a 404
 * and a read-only user a 403 whatever the form holds.
 */
export async function requireRelationshipWriter(user: ActingUser, relationshipId: number): Promise<RelationshipAccess> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite) forbidden("Read-only access to this relationship");
  return access;
}
