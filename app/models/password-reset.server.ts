/**
 * One-time password links. An administrator makes one (for a new person or
 * a forgotten password) and sees it once; or the person asks for one at
 * /forgot-password and gets it by email. Opening it sets a password. Only
 * the SHA-256 of the 256-bit token is stored, a link works once, an
 * administrator's lasts 24 hours and voids the older unused ones, a
 * self-service one lasts 60 minutes and voids only older self-service ones
 * (docs/decisions/0021-email-outbox.md).
 */
import { and, count, eq, gt, gte, isNull } from "drizzle-orm";
import { loginFailures, passwordResetTokens, users } from "../../db/tables";
import { changedRows, db, writeTransaction, type PortalDatabase } from "../db.server";
import { publicLink } from "../http/public-url.server";
import { translator } from "../i18n/i18n.server";
import type { Locale } from "../i18n/locale";
import { renderEmail } from "../mail/render";
import { audit } from "./audit.server";
import { addressWaitMs, THROTTLE } from "./login-throttle.server";
import { enqueueEmail } from "./outbox.server";
import { hashOneTimeToken, isPlausibleOneTimeToken, newOneTimeToken } from "../security/one-time-token.server";
import { passwordProblem } from "../security/password-policy.server";
import { hashPassword } from "./password.server";
import { deleteSessionsOfUser } from "./session.server";
import { FORM, ok, refused, type Result } from "./result";
import { normaliseEmail } from "./user.server";
import { lockKey } from "./write-guards.server";

export const RESET_LINK_HOURS = 24;
/** A link asked for at /forgot-password: it travels by email, so it lasts only this long. */
export const SELF_SERVICE_LINK_MINUTES = 60;

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
  options: { lifetimeMinutes?: number; selfService?: boolean } = {},
): Promise<{ token: string; expiresAt: string }> {
  // Two links made at once for one person: without turns, each would void only the links before both, and two would stay usable.
  await lockKey("password-reset", userId);
  // A self-service request (anyone may make one for any address) must not void the link an administrator handed over.
  const voided = options.selfService
    ? and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt), isNull(passwordResetTokens.createdByUserId))
    : and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt));
  await tx.delete(passwordResetTokens).where(voided).run();
  const token = newOneTimeToken();
  const lifetimeMs = (options.lifetimeMinutes ?? RESET_LINK_HOURS * 60) * 60_000;
  const expiresAt = new Date(now.getTime() + lifetimeMs).toISOString();
  await tx
    .insert(passwordResetTokens)
    .values({ userId, tokenHash: hashOneTimeToken(token), createdByUserId, createdAt: now.toISOString(), expiresAt })
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
  if (!isPlausibleOneTimeToken(token)) return undefined;
  return database
    .select({ id: passwordResetTokens.id, userId: passwordResetTokens.userId, email: users.email, name: users.name })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashOneTimeToken(token)),
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

// ------------------------------------------------------------ forgot password

/** Marks a /forgot-password request in login_failures (its `device` column), apart from failed logins. */
export const RESET_REQUEST_MARK = "password-reset-request";

/** Requests per address: this many an hour, then 429 until the oldest is an hour old. */
export const RESET_REQUEST_LIMIT = { perEmail: THROTTLE.perAccount.freeFailures, windowMs: THROTTLE.perAccount.windowMs } as const;

/**
 * The login throttle's windows for /forgot-password (docs/decisions/0011):
 * per client address, 10 a minute, counting failed logins and reset
 * requests together; per email address, existing or not, 5 requests an hour,
 * so nobody can fill a person's inbox. Checked and counted in one
 * transaction, in turn per address, as logins are. Seconds to wait, or 0.
 */
async function reserveResetRequest(ip: string, email: string, now: Date): Promise<number> {
  return writeTransaction(async (tx) => {
    await lockKey("login-account", email);
    await lockKey("login-address", ip);
    let wait = await addressWaitMs(ip, now);
    const emailSince = new Date(now.getTime() - RESET_REQUEST_LIMIT.windowMs).toISOString();
    const byEmail = await tx
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(loginFailures.email, email), eq(loginFailures.device, RESET_REQUEST_MARK), gte(loginFailures.at, emailSince)))
      .orderBy(loginFailures.at)
      .all();
    if (byEmail.length >= RESET_REQUEST_LIMIT.perEmail) {
      wait = Math.max(wait, new Date(byEmail[byEmail.length - RESET_REQUEST_LIMIT.perEmail].at).getTime() + RESET_REQUEST_LIMIT.windowMs - now.getTime());
    }
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    await tx.insert(loginFailures).values({ ip, email, at: now.toISOString(), device: RESET_REQUEST_MARK }).run();
    return 0;
  });
}

/** How many reset requests for `email` the throttle counts now (for tests and the audit view). */
export async function resetRequestCount(email: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - RESET_REQUEST_LIMIT.windowMs).toISOString();
  return (
    (
      await db()
        .select({ n: count() })
        .from(loginFailures)
        .where(and(eq(loginFailures.email, email), eq(loginFailures.device, RESET_REQUEST_MARK), gte(loginFailures.at, since)))
        .get()
    )?.n ?? 0
  );
}

/** The email with the link, in the reader's language. */
function resetEmail(locale: Locale, name: string, email: string, url: string) {
  const t = translator(locale);
  return renderEmail({
    subject: t("mail.reset.subject"),
    greeting: t("mail.greeting", { name }),
    paragraphs: [t("mail.reset.body", { email }), t("mail.reset.expiry", { minutes: SELF_SERVICE_LINK_MINUTES })],
    action: { label: t("mail.reset.action"), url },
    footer: [t("mail.reset.notYou"), t("mail.footer")],
  });
}

export type ResetRequestOutcome = { throttled: false } | { throttled: true; retryAfter: number };

/**
 * /forgot-password: when `email` names an enabled account, one transaction
 * issues a 60-minute link, writes its email to the outbox (in the person's
 * language, else `requestLocale`) and audits the request. Otherwise nothing
 * happens, and the caller answers the same either way. Throttled per client
 * address and per email address, existing or not.
 */
export async function requestPasswordReset(emailInput: string, request: { ip: string; locale: Locale }, now = new Date()): Promise<ResetRequestOutcome> {
  const email = normaliseEmail(emailInput);
  const retryAfter = await reserveResetRequest(request.ip, email, now);
  if (retryAfter > 0) return { throttled: true, retryAfter };
  const user = await db()
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.disabledAt)))
    .get();
  if (!user) return { throttled: false };
  await writeTransaction(async (tx) => {
    const { token } = await issueResetToken(tx, user.id, null, now, { lifetimeMinutes: SELF_SERVICE_LINK_MINUTES, selfService: true });
    const locale = user.locale ?? request.locale;
    await enqueueEmail(
      {
        ...resetEmail(locale, user.name, user.email, publicLink(`/reset-password/${token}`)),
        to: user.email,
        recipientUserId: user.id,
        locale,
        category: "password_reset",
        sensitive: true,
      },
      now,
    );
    await audit({ action: "password.reset_requested", actorUserId: null, entityType: "user", entityId: user.id, ip: request.ip });
  });
  return { throttled: false };
}
