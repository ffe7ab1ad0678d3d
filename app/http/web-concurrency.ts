/**
 * How many HTTP worker processes the production server runs, and the one
 * message its cluster primary sends them. Pure, so the lean primary
 * (server/cluster.ts) and the workers (server/http-server.ts) share it
 * without loading the app.
 */

/** Without WEB_CONCURRENCY: one worker per CPU, but no more than this (each worker holds the whole app in memory). */
export const DEFAULT_WEB_CONCURRENCY_CAP = 4;
/** An explicit value above this is taken for a typo. */
export const MAX_WEB_CONCURRENCY = 32;

/**
 * WEB_CONCURRENCY as a number of workers: unset or empty means the number of
 * CPUs capped at 4; otherwise a whole number from 1 (one process, no
 * cluster) to 32. Anything else throws, so a typo fails at start.
 */
export function webConcurrency(value: string | undefined, cpus: number): number {
  const given = value?.trim() ?? "";
  if (given === "") return Math.max(1, Math.min(Math.floor(cpus) || 1, DEFAULT_WEB_CONCURRENCY_CAP));
  const n = /^\d+$/.test(given) ? Number(given) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WEB_CONCURRENCY) {
    throw new Error(
      `WEB_CONCURRENCY must be a whole number from 1 to ${MAX_WEB_CONCURRENCY} (or unset for one worker per CPU, at most ${DEFAULT_WEB_CONCURRENCY_CAP}), not "${value}"`,
    );
  }
  return n;
}

/** A worker that dies younger than this counts towards a crash loop. */
export const STABLE_UPTIME_MS = 10_000;
const RESTART_BASE_MS = 250;
const RESTART_MAX_MS = 30_000;

/**
 * How long the primary waits before replacing a dead worker: 250 ms, doubling
 * (to 30 s at most) while replacements keep dying young, so a crash loop
 * cannot spin. Returns the new streak with the delay.
 */
export function restartDelay(streak: number, uptimeMs: number): { streak: number; delayMs: number } {
  const next = uptimeMs < STABLE_UPTIME_MS ? streak + 1 : 1;
  return { streak: next, delayMs: Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** (next - 1)) };
}

/** Primary -> worker: finish in-flight requests, close the database and exit. */
export const SHUTDOWN_MESSAGE = { type: "portal:shutdown" } as const;
/**
 * Worker -> primary, and the primary's answer: SQLite's last connection to
 * close checkpoints the WAL and removes it, but two closing at the same
 * instant each see the other open and both leave it. The primary lets the
 * workers close their connections one at a time.
 */
export const CLOSE_REQUEST_MESSAGE = { type: "portal:may-close-database" } as const;
export const CLOSE_GRANTED_MESSAGE = { type: "portal:close-database" } as const;

type ClusterMessage = typeof SHUTDOWN_MESSAGE | typeof CLOSE_REQUEST_MESSAGE | typeof CLOSE_GRANTED_MESSAGE;

export function isClusterMessage(message: unknown, expected: ClusterMessage): boolean {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === expected.type;
}
