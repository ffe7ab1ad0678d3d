import { and, count, eq, gte, lt, min } from "drizzle-orm";
import { loginFailures } from "../../db/schema";
import { db } from "../db.server";

/** ASVS 2.2.1: at most 10 failures a minute per IP address and 100 an hour per account. */
export const THROTTLE = {
  perIp: { limit: 10, windowMs: 60_000 },
  perAccount: { limit: 100, windowMs: 3_600_000 },
} as const;

/** Seconds until a new attempt is allowed, or 0 when it is allowed now. */
export function loginRetryAfter(ip: string, email: string, now = new Date()): number {
  const check = (column: typeof loginFailures.ip | typeof loginFailures.email, key: string, limit: number, windowMs: number) => {
    const since = new Date(now.getTime() - windowMs).toISOString();
    const row = db()
      .select({ n: count(), oldest: min(loginFailures.at) })
      .from(loginFailures)
      .where(and(eq(column, key), gte(loginFailures.at, since)))
      .get();
    if (!row || row.n < limit || !row.oldest) return 0;
    return Math.max(1, Math.ceil((new Date(row.oldest).getTime() + windowMs - now.getTime()) / 1000));
  };
  return Math.max(
    check(loginFailures.ip, ip, THROTTLE.perIp.limit, THROTTLE.perIp.windowMs),
    check(loginFailures.email, email, THROTTLE.perAccount.limit, THROTTLE.perAccount.windowMs),
  );
}

export function recordLoginFailure(ip: string, email: string, now = new Date()): void {
  const purgeBefore = new Date(now.getTime() - THROTTLE.perAccount.windowMs).toISOString();
  db().delete(loginFailures).where(lt(loginFailures.at, purgeBefore)).run();
  db().insert(loginFailures).values({ ip, email, at: now.toISOString() }).run();
}
