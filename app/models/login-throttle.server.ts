/**
 * Login throttling (ASVS 2.2.1; docs/decisions/0011-login-throttling.md).
 *
 * - Per address: 10 failures a minute, then wait (Retry-After).
 * - Per account, for clients it does not know: a growing delay instead of
 *   a lockout. The first FREE_FAILURES failures in an hour cost nothing; each
 *   later one doubles the wait before the next try (1 s, 2 s, 4 s, …) up to
 *   MAX_DELAY. An attacker with many addresses gets about a dozen guesses an
 *   hour; the owner is never shut out for longer than MAX_DELAY.
 * - A browser that has signed in to the account before (a valid device
 *   cookie) skips the per-account delay; its own failures count against the
 *   device, and after DEVICE.limit failures in an hour it is treated like
 *   any other client.
 */
import { and, count, eq, gte, isNull, lt } from "drizzle-orm";
import { desc } from "../../db/dialect";
import { loginFailures, users } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import type { DeviceClaim } from "../security/device-cookie.server";
import { lockKey } from "./write-guards.server";

export const THROTTLE = {
  perIp: { limit: 10, windowMs: 60_000 },
  perAccount: { freeFailures: 5, maxDelayMs: 300_000, windowMs: 3_600_000 },
  perDevice: { limit: 10, windowMs: 3_600_000 },
} as const;

/** The wait after `failures` failures (of unknown clients, in the window) before the next try, in ms. */
export function accountDelayMs(failures: number): number {
  const { freeFailures, maxDelayMs } = THROTTLE.perAccount;
  if (failures < freeFailures) return 0;
  return Math.min(maxDelayMs, 1000 * 2 ** (failures - freeFailures));
}

/** What a password generation is: the account's last password change, or its creation. */
export function passwordGeneration(row: { passwordChangedAt: string | null; createdAt: string }): string {
  return row.passwordChangedAt ?? row.createdAt;
}

/** The id of the device the claim names when it is for this account (and its current password), else null. */
export async function trustedDevice(claim: DeviceClaim | null, email: string): Promise<string | null> {
  if (!claim) return null;
  const user = await db()
    .select({ id: users.id, passwordChangedAt: users.passwordChangedAt, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.email, email))
    .get();
  if (!user || user.id !== claim.userId || passwordGeneration(user) !== claim.passwordGeneration) return null;
  return claim.deviceId;
}

export async function deviceFailureCount(deviceId: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE.perDevice.windowMs).toISOString();
  return (
    (
      await db()
        .select({ n: count() })
        .from(loginFailures)
        .where(and(eq(loginFailures.device, deviceId), gte(loginFailures.at, since)))
        .get()
    )?.n ?? 0
  );
}

function seconds(ms: number): number {
  return ms <= 0 ? 0 : Math.max(1, Math.ceil(ms / 1000));
}

/**
 * How long the client address must wait (ms, 0 for none) under the per-address
 * window: what it has tried in the last minute, failed logins and reset
 * requests alike. Through db(), so inside a transaction it reads the transaction's view.
 */
export async function addressWaitMs(ip: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE.perIp.windowMs).toISOString();
  const byIp = await db()
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.ip, ip), gte(loginFailures.at, since)))
    .orderBy(loginFailures.at)
    .all();
  if (byIp.length < THROTTLE.perIp.limit) return 0;
  return new Date(byIp[byIp.length - THROTTLE.perIp.limit].at).getTime() + THROTTLE.perIp.windowMs - now.getTime();
}

/**
 * Seconds until a new attempt is allowed, or 0 when it is allowed now.
 * `deviceId` is the trusted device of this account the request comes from, if any.
 */
export async function loginRetryAfter(ip: string, email: string, now = new Date(), deviceId: string | null = null): Promise<number> {
  let wait = await addressWaitMs(ip, now);
  if (deviceId !== null && (await deviceFailureCount(deviceId, now)) < THROTTLE.perDevice.limit) return seconds(wait);

  const accountSince = new Date(now.getTime() - THROTTLE.perAccount.windowMs).toISOString();
  const unknownClients = and(eq(loginFailures.email, email), isNull(loginFailures.device), gte(loginFailures.at, accountSince));
  const failures = (await db().select({ n: count() }).from(loginFailures).where(unknownClients).get())?.n ?? 0;
  const delay = accountDelayMs(failures);
  if (delay > 0) {
    const last = await db().select({ at: loginFailures.at }).from(loginFailures).where(unknownClients).orderBy(desc(loginFailures.at)).limit(1).get();
    if (last) wait = Math.max(wait, new Date(last.at).getTime() + delay - now.getTime());
  }
  return seconds(wait);
}

/** Records a failed attempt; `deviceId` when it came from a trusted device of the account. */
export async function recordLoginFailure(ip: string, email: string, now = new Date(), deviceId: string | null = null): Promise<number> {
  const purgeBefore = new Date(now.getTime() - Math.max(THROTTLE.perAccount.windowMs, THROTTLE.perDevice.windowMs)).toISOString();
  await db().delete(loginFailures).where(lt(loginFailures.at, purgeBefore)).run();
  const [row] = await db().insert(loginFailures).values({ ip, email, at: now.toISOString(), device: deviceId }).returning({ id: loginFailures.id }).all();
  return row.id;
}

export type LoginAttempt = { retryAfter: number; attemptId: null } | { retryAfter: 0; attemptId: number };

/**
 * Checks the throttle and, when the attempt may go ahead, counts it as a
 * failure at once, before the (slow) password check: simultaneous guesses
 * then count each other, on one server or many. The check and the count are
 * one transaction, taken in turn per account and per address (on SQLite the
 * write transaction already excludes the others). A password that proves
 * right takes the count back (forgetLoginAttempt).
 */
export async function reserveLoginAttempt(ip: string, email: string, now = new Date(), deviceId: string | null = null): Promise<LoginAttempt> {
  return writeTransaction(async () => {
    // Always account, then address: two attempts never wait for each other in opposite orders.
    await lockKey("login-account", email);
    await lockKey("login-address", ip);
    const retryAfter = await loginRetryAfter(ip, email, now, deviceId);
    if (retryAfter > 0) return { retryAfter, attemptId: null };
    return { retryAfter: 0, attemptId: await recordLoginFailure(ip, email, now, deviceId) };
  });
}

/** The attempt succeeded: it is no failure. */
export async function forgetLoginAttempt(attemptId: number): Promise<void> {
  await db().delete(loginFailures).where(eq(loginFailures.id, attemptId)).run();
}

/** The account's current password generation, for a new device cookie. */
export async function passwordGenerationOf(userId: number): Promise<string> {
  const row = await db().select({ passwordChangedAt: users.passwordChangedAt, createdAt: users.createdAt }).from(users).where(eq(users.id, userId)).get();
  if (!row) throw new Error(`No user ${userId}`);
  return passwordGeneration(row);
}
