/**
 * Per-organisation API tokens for /api/v1/. A token is 256 random bits,
 * shown once when created; only its SHA-256 and a short prefix (to tell
 * tokens apart) are stored. Organisation admins create and revoke them.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { desc } from "../../db/dialect";
import { alias } from "drizzle-orm/sqlite-core";
import { apiTokens, organisations, users } from "../../db/tables";
import { changedRows, db, writeTransaction } from "../db.server";
import { forbidden, notFound } from "./access.server";
import { audit } from "./audit.server";
import type { ActingUser } from "./user.server";

const TOKEN_PREFIX = "scp_";
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Organisations whose tokens the user manages: where they are an org_admin. */
export function tokenOrganisations(user: ActingUser): Array<{ id: number; name: string }> {
  return user.memberships.filter((m) => m.role === "org_admin").map((m) => ({ id: m.organisationId, name: m.organisationName }));
}

function requireTokenAdmin(user: ActingUser, organisationId: number): void {
  if (!tokenOrganisations(user).some((o) => o.id === organisationId)) forbidden("Only an organisation admin manages API tokens");
}

export type ApiTokenView = {
  id: number;
  organisationId: number;
  organisationName: string;
  name: string;
  prefix: string;
  createdAt: string;
  createdByName: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export async function listApiTokens(user: ActingUser): Promise<ApiTokenView[]> {
  const orgIds = tokenOrganisations(user).map((o) => o.id);
  if (orgIds.length === 0) return [];
  const creator = alias(users, "creator");
  return await db()
    .select({
      id: apiTokens.id,
      organisationId: apiTokens.organisationId,
      organisationName: organisations.name,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      createdByName: creator.name,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .leftJoin(creator, eq(creator.id, apiTokens.createdByUserId))
    .where(inArray(apiTokens.organisationId, orgIds))
    .orderBy(desc(apiTokens.id))
    .all();
}

/** Creates a token and returns it in clear text: the only time it is ever available. */
export async function createApiToken(
  user: ActingUser,
  organisationId: number,
  name: string,
  ip?: string | null,
): Promise<{ id: number; token: string; prefix: string }> {
  requireTokenAdmin(user, organisationId);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, TOKEN_PREFIX.length + 8);
  return await writeTransaction(async () => {
    const { id } = await db()
      .insert(apiTokens)
      .values({ organisationId, name, tokenHash: hashApiToken(token), prefix, createdByUserId: user.id })
      .returning({ id: apiTokens.id })
      .get();
    await audit({
      action: "api_token.create",
      actorUserId: user.id,
      actorOrganisationId: organisationId,
      entityType: "api_token",
      entityId: id,
      after: { name, prefix },
      ip,
    });
    return { id, token, prefix };
  });
}

export async function revokeApiToken(user: ActingUser, tokenId: number, ip?: string | null): Promise<void> {
  const orgIds = tokenOrganisations(user).map((o) => o.id);
  const row = orgIds.length
    ? await db()
        .select({ id: apiTokens.id, organisationId: apiTokens.organisationId, revokedAt: apiTokens.revokedAt, prefix: apiTokens.prefix })
        .from(apiTokens)
        .where(and(eq(apiTokens.id, tokenId), inArray(apiTokens.organisationId, orgIds)))
        .get()
    : undefined;
  if (!row) notFound("Token not found");
  if (row.revokedAt !== null) return;
  const revokedAt = new Date().toISOString();
  await writeTransaction(async () => {
    // A concurrent revocation that committed first keeps its time and its audit row.
    const revoked = changedRows(
      await db()
        .update(apiTokens)
        .set({ revokedAt })
        .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
        .run(),
    );
    if (revoked !== 1) return;
    await audit({
      action: "api_token.revoke",
      actorUserId: user.id,
      actorOrganisationId: row.organisationId,
      entityType: "api_token",
      entityId: tokenId,
      before: { revokedAt: null, prefix: row.prefix },
      after: { revokedAt },
      ip,
    });
  });
}

export type ApiPrincipal = { tokenId: number; organisationId: number; organisationName: string; createdByUserId: number | null };

/** The organisation behind a bearer token, or null for an unknown or revoked one. */
export async function authenticateApiToken(token: string): Promise<ApiPrincipal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db()
    .select({
      tokenId: apiTokens.id,
      organisationId: apiTokens.organisationId,
      organisationName: organisations.name,
      createdByUserId: apiTokens.createdByUserId,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(and(eq(apiTokens.tokenHash, hashApiToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row) return null;
  // last_used_at at minute resolution: one write a minute per token at most, and
  // a read request that finds it fresh does not even ask for the write lock.
  const cutoff = new Date(Date.now() - LAST_USED_RESOLUTION_MS).toISOString();
  const { lastUsedAt, ...principal } = row;
  if (lastUsedAt === null || lastUsedAt < cutoff) {
    await db()
      .update(apiTokens)
      .set({ lastUsedAt: new Date().toISOString() })
      .where(and(eq(apiTokens.id, row.tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, cutoff))))
      .run();
  }
  return principal;
}
