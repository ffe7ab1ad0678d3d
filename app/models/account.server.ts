/**
 * One's own account: the password (checked against the current one and
 * throttled like logins), the time zone and the language.
 */
import { eq } from "drizzle-orm";
import { users } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import type { Locale } from "../i18n/locale";
import { passwordProblem } from "../security/password-policy.server";
import { audit } from "./audit.server";
import { forgetLoginAttempt, reserveLoginAttempt } from "./login-throttle.server";
import { hashPassword, verifyPassword } from "./password.server";
import { voidResetTokens } from "./password-reset.server";
import { actorOrganisationId, type AdminContext } from "./people.server";
import { FORM, refused, refusedWith, type Result } from "./result";
import { deleteOtherSessionsOfUser } from "./session.server";
import { setUserLocale, setUserTimeZone, type ActingUser } from "./user.server";

export type ChangePasswordResult = Result<object, { retryAfter?: number }>;

/**
 * Changes the acting user's own password after checking the current one.
 * Wrong guesses count against the same throttle as failed logins, so this
 * form cannot be used to brute-force a password the login form protects.
 * With `endOtherSessions` every session but `keepSessionToken` ends.
 */
export async function changeOwnPassword(
  user: ActingUser,
  input: { currentPassword: string; newPassword: string; endOtherSessions: boolean },
  keepSessionToken: string | null,
  ctx: AdminContext = {},
): Promise<ChangePasswordResult> {
  const ip = ctx.ip ?? "unknown";
  // Signed in, the person is a known client: attacks on the login form from
  // elsewhere do not hold them up, and their own wrong guesses count apart.
  const device = `session-user-${user.id}`;
  const { retryAfter, attemptId } = await reserveLoginAttempt(ip, user.email, new Date(), device);
  if (attemptId === null) return refusedWith({ [FORM]: ["login.throttled"] }, 429, { retryAfter });
  const row = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)).get();
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await audit({ action: "user.password_change_failed", actorUserId: user.id, entityType: "user", entityId: user.id, ip: ctx.ip });
    return refused("currentPassword", "account.currentPasswordWrong");
  }
  await forgetLoginAttempt(attemptId);
  const problem = passwordProblem(input.newPassword, user);
  if (problem) return refused("newPassword", problem);
  const passwordHash = await hashPassword(input.newPassword);
  await writeTransaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date().toISOString() }).where(eq(users.id, user.id)).run();
    await voidResetTokens(tx, user.id);
    const signedOutElsewhere = input.endOtherSessions && keepSessionToken !== null;
    if (signedOutElsewhere) await deleteOtherSessionsOfUser(user.id, keepSessionToken);
    await audit({
      action: "user.password_change",
      actorUserId: user.id,
      actorOrganisationId: actorOrganisationId(user),
      entityType: "user",
      entityId: user.id,
      after: { signedOutElsewhere },
      ip: ctx.ip,
    });
  });
  return { ok: true };
}

/** Saves one of the person's own preferences when it changes, audited as a user update. */
async function setPreference<Key extends "timeZone" | "locale">(
  user: ActingUser,
  key: Key,
  value: ActingUser[Key],
  save: () => void,
  ctx: AdminContext,
): Promise<void> {
  if (user[key] === value) return;
  await writeTransaction(async () => {
    save();
    await audit({
      action: "user.update",
      actorUserId: user.id,
      actorOrganisationId: actorOrganisationId(user),
      entityType: "user",
      entityId: user.id,
      before: { [key]: user[key] },
      after: { [key]: value },
      ip: ctx.ip,
    });
  });
}

/** The person's own time zone (already validated against Intl's list), audited. */
export async function setPreferredTimeZone(user: ActingUser, timeZone: string, ctx: AdminContext = {}): Promise<void> {
  await setPreference(user, "timeZone", timeZone, () => setUserTimeZone(user.id, timeZone), ctx);
}

export async function setPreferredLanguage(user: ActingUser, locale: Locale, ctx: AdminContext = {}): Promise<void> {
  await setPreference(user, "locale", locale, () => setUserLocale(user.id, locale), ctx);
}
