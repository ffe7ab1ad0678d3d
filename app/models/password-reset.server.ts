/**
 * One-time password links. An administrator makes one (for a new person or
 * a forgotten password) and sees it once; the person opens it and sets a
 * password. Only the SHA-256 of the 256-bit token is stored, a link lasts
 * 24 hours, works once, and a newer link voids the older unused ones.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { passwordResetTokens, users } from "../../db/tables";
import { changedRows, db, writeTransaction, type PortalDatabase } from "../db.server";
import { audit } from "./audit.server";
import { passwordProblem } from "../security/password-policy.server";
import { hashPassword } from "./password.server";
import { deleteSessionsOfUser } from "./session.server";
import { FORM, ok, refused, type Result } from "./result";
import { lockKey } from "./write-guards.server";

export const RESET_LINK_HOURS = 24;

function hashResetToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token is 32 random bytes in base64url: 43 characters of [A-Za-z0-9_-]. */
function plausibleToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Inside the caller's write transaction: voids the user's unused links and
 * stores a new one. Returns the raw token, which exists nowhere else: the
 * caller shows it once and forgets it.
 */
export async function issueResetToken(
  tx: PortalDatabase,
  userId: number,
  createdByUserId: number | null,
  now = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  // Two links made at once for one person: without turns, each would void only the links before both, and two would stay usable.
  await lockKey("password-reset", userId);
  await tx
    .delete(passwordResetTokens)
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
    .run();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3600_000).toISOString();
  await tx
    .insert(passwordResetTokens)
    .values({ userId, tokenHash: hashResetToken(token), createdByUserId, createdAt: now.toISOString(), expiresAt })
    .run();
  return { token, expiresAt };
}

/** Voids every unused link of the user (when the account is disabled). */
export async function voidResetTokens(tx: PortalDatabase, userId: number): Promise<void> {
  await tx
    .delete(passwordResetTokens)
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
    .run();
}

function findUsable(database: PortalDatabase, token: string, now: Date) {
  if (!plausibleToken(token)) return undefined;
  return database
    .select({ id: passwordResetTokens.id, userId: passwordResetTokens.userId, email: users.email, name: users.name })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashResetToken(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now.toISOString()),
        isNull(users.disabledAt),
      ),
    )
    .get();
}

/**
 * The account a link is for, or null when the link is unknown, expired,
 * already used or its account disabled (all the same to the visitor).
 */
export async function resetLinkAccount(token: string, now = new Date()): Promise<{ email: string } | null> {
  const row = await findUsable(db(), token, now);
  return row ? { email: row.email } : null;
}

/** Refused 404 ("reset.invalid") for an unusable link, 400 naming newPassword for a weak password. */
export type ResetOutcome = Result;

const unusableLink = () => refused(FORM, "reset.invalid", 404);

/**
 * Sets the password through a link: marks the link used, voids the user's
 * other links, ends all of the user's sessions. "invalid" when the link is
 * not usable (also when two requests race for it: only one wins); "policy"
 * when the password is common or contains the person's name or email (the
 * link stays usable).
 */
export async function resetPasswordWithToken(token: string, newPassword: string, ip?: string | null, now = new Date()): Promise<ResetOutcome> {
  const account = await findUsable(db(), token, now);
  if (!account) return unusableLink();
  const problem = passwordProblem(newPassword, account);
  if (problem) return refused("newPassword", problem);
  // Hash outside the transaction: argon2 is slow and async.
  const passwordHash = await hashPassword(newPassword);
  return writeTransaction(async (tx): Promise<ResetOutcome> => {
    const row = await findUsable(tx, token, now);
    if (!row) return unusableLink();
    const iso = now.toISOString();
    // Only while still unused: a concurrent use of the same link that committed first leaves nothing to update.
    const claimed = changedRows(
      await tx
        .update(passwordResetTokens)
        .set({ usedAt: iso })
        .where(and(eq(passwordResetTokens.id, row.id), isNull(passwordResetTokens.usedAt)))
        .run(),
    );
    if (claimed !== 1) return unusableLink();
    await voidResetTokens(tx, row.userId);
    await tx.update(users).set({ passwordHash, passwordChangedAt: iso }).where(eq(users.id, row.userId)).run();
    await deleteSessionsOfUser(row.userId);
    await audit({ action: "user.password_reset", actorUserId: row.userId, entityType: "user", entityId: row.userId, ip });
    return ok();
  });
}
