/**
 * Periodic clean-up that no request does on its own: sessions past their
 * limits (a user who never comes back never triggers their deletion) and
 * staged import files past their expiry. Every app server runs it on a timer
 * (server/http-server.ts); it is idempotent. One server at a time does it:
 * on SQLite the write lock serialises them, on PostgreSQL a server that
 * finds another purging (an advisory lock) skips its turn.
 */
import { writeTransaction } from "../db.server";
import { env } from "../env.server";
import { purgeExpiredStagedImports } from "./measurement-import.server";
import { purgeExpiredSessions } from "./session.server";
import { tryLockKey } from "./write-guards.server";

export type PurgeCounts = { sessions: number; stagedImports: number };

export async function purgeExpired(now = new Date()): Promise<PurgeCounts> {
  const { SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS } = env();
  return writeTransaction(async () => {
    // Another server purging right now means nothing is left to do.
    if (!(await tryLockKey("purge"))) return { sessions: 0, stagedImports: 0 };
    return {
      sessions: await purgeExpiredSessions({ idleMinutes: SESSION_IDLE_MINUTES, absoluteHours: SESSION_ABSOLUTE_HOURS }, now),
      stagedImports: await purgeExpiredStagedImports(now),
    };
  });
}
