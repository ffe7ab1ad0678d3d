/**
 * When the outbox sender tries a message again after a failed attempt, and
 * when it gives up. Pure: no I/O, no clock of its own.
 *
 * The wait doubles from one minute up to two hours: a short SMTP outage is
 * bridged within minutes, a long one costs a try every two hours, and after
 * MAX_ATTEMPTS (about eleven hours of trying) the message is marked failed
 * for an administrator to look at (/admin/outbox, "retry now").
 */
export const OUTBOX_RETRY = {
  firstDelayMs: 60_000,
  maxDelayMs: 2 * 3600_000,
  maxAttempts: 12,
} as const;

/** The wait before the next attempt after `attempts` failed ones (1 = the first attempt failed). */
export function retryDelayMs(attempts: number): number {
  if (!Number.isFinite(attempts) || attempts < 1) return OUTBOX_RETRY.firstDelayMs;
  // Capped before the power grows past what a double holds exactly.
  const exponent = Math.min(attempts - 1, 30);
  return Math.min(OUTBOX_RETRY.maxDelayMs, OUTBOX_RETRY.firstDelayMs * 2 ** exponent);
}

/** What a failed attempt leaves: tried again at `nextAttemptAt`, or failed for good. */
export function afterFailedAttempt(attempts: number, now: Date): { status: "pending"; nextAttemptAt: string } | { status: "failed"; nextAttemptAt: string } {
  if (attempts >= OUTBOX_RETRY.maxAttempts) return { status: "failed", nextAttemptAt: now.toISOString() };
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)).toISOString() };
}
