/**
 * Who may see what: the visibility rules of the portal in one place.
 *
 * - A platform administrator sees everything.
 * - A relationship is visible to members of its two parties and to project
 *   leads of the chain's focal company.
 * - A chain is visible when its focal company is one of the user's
 *   organisations, or when at least one of its relationships is visible.
 *
 * Rules are expressed as SQL conditions, so model queries filter in the
 * database instead of loading rows and checking them in the page.
 */
import { and, eq, exists, inArray, or, sql, type SQL } from "drizzle-orm";
import { chains, relationships } from "../../db/schema";
import { db } from "../db.server";
import type { ActingUser } from "./user.server";

const NOTHING = sql`0 = 1`;

export function memberOrganisationIds(user: ActingUser): number[] {
  return user.memberships.map((m) => m.organisationId);
}

function projectLeadOrganisationIds(user: ActingUser): number[] {
  return user.memberships.filter((m) => m.role === "project_lead").map((m) => m.organisationId);
}

/** SQL condition on `relationships`: rows the user may see. */
export function visibleRelationshipCondition(user: ActingUser): SQL {
  if (user.isPlatformAdmin) return sql`1 = 1`;
  const orgIds = memberOrganisationIds(user);
  if (orgIds.length === 0) return NOTHING;
  const leadOrgIds = projectLeadOrganisationIds(user);
  const conditions: SQL[] = [inArray(relationships.providerId, orgIds), inArray(relationships.customerId, orgIds)];
  if (leadOrgIds.length > 0) {
    conditions.push(
      inArray(
        relationships.chainId,
        db().select({ id: chains.id }).from(chains).where(inArray(chains.focalOrganisationId, leadOrgIds)),
      ),
    );
  }
  return or(...conditions)!;
}

/** SQL condition on `chains`: chains the user may open. */
export function visibleChainCondition(user: ActingUser): SQL {
  if (user.isPlatformAdmin) return sql`1 = 1`;
  const orgIds = memberOrganisationIds(user);
  if (orgIds.length === 0) return NOTHING;
  return or(
    inArray(chains.focalOrganisationId, orgIds),
    exists(
      db()
        .select({ one: sql`1` })
        .from(relationships)
        .where(and(eq(relationships.chainId, chains.id), visibleRelationshipCondition(user))),
    ),
  )!;
}

/** Throws a 404 (not 403: a foreign id must not even reveal that the record exists). */
export function notFound(what = "Not found"): never {
  throw new Response(what, { status: 404 });
}
