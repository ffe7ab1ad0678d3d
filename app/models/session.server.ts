import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt, ne, or } from "drizzle-orm";
import { sessions } from "../../db/tables";
import { changedRows, db, preparedStatement } from "../db.server";

export type SessionLimits = { idleMinutes: number; absoluteHours: number };

/** sessions.id_hash holds SHA-256 of the cookie token, never the token itself. */
function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh 256-bit token from the CSPRNG, base64url. A new one at every login. */
export async function createSession(
  userId: number,
  limits: SessionLimits,
  meta: { ip?: string | null; userAgent?: string | null } = {},
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const iso = now.toISOString();
  await db()
    .insert(sessions)
    .values({
      idHash: hashToken(token),
      userId,
      createdAt: iso,
      lastSeenAt: iso,
      expiresAt: new Date(now.getTime() + limits.absoluteHours * 3600_000).toISOString(),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .run();
  return token;
}

/**
 * Resolves a token to its user id while the session is within both the idle
 * and the absolute timeout. Touches last_seen_at at most once a minute, so
 * reads do not turn every page view into a write.
 */
export async function resolveSession(token: string, limits: SessionLimits, now = new Date()): Promise<number | null> {
  const idHash = hashToken(token);
  // Every signed-in request reads this: a plain statement rather than an ORM query built each time.
  const row = (await preparedStatement("select user_id as userId, last_seen_at as lastSeenAt, expires_at as expiresAt from sessions where id_hash = ?").get(
    idHash,
  )) as { userId: number; lastSeenAt: string; expiresAt: string } | undefined;
  if (!row) return null;
  const idleDeadline = new Date(row.lastSeenAt).getTime() + limits.idleMinutes * 60_000;
  if (now.getTime() >= new Date(row.expiresAt).getTime() || now.getTime() >= idleDeadline) {
    await db().delete(sessions).where(eq(sessions.idHash, idHash)).run();
    return null;
  }
  if (now.getTime() - new Date(row.lastSeenAt).getTime() > 60_000) {
    await db().update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.idHash, idHash)).run();
  }
  return row.userId;
}

export async function deleteSession(token: string): Promise<void> {
  await db()
    .delete(sessions)
    .where(eq(sessions.idHash, hashToken(token)))
    .run();
}

export async function deleteSessionsOfUser(userId: number): Promise<void> {
  await db().delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Deletes sessions past their absolute or idle limit; returns how many. */
export async function purgeExpiredSessions(limits: SessionLimits, now = new Date()): Promise<number> {
  const idleCutoff = new Date(now.getTime() - limits.idleMinutes * 60_000).toISOString();
  return changedRows(
    await db()
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, now.toISOString()), lt(sessions.lastSeenAt, idleCutoff)))
      .run(),
  );
}

/** Ends every session of the user except the one whose cookie token is `keepToken` (after a password change). */
export async function deleteOtherSessionsOfUser(userId: number, keepToken: string): Promise<void> {
  await db()
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.idHash, hashToken(keepToken))))
    .run();
}
