/**
 * The portal's clock-driven work: reminders before a round's deadline,
 * overdue actions, attention, daily digests, and delivering the outbox.
 * Every server runs it on a timer (server/http-server.ts) and an operator can
 * run it once at any instant (`npm run jobs -- --now <ISO time>`), which is
 * also how the tests move the clock. Each job takes `now` and is idempotent:
 * what it makes is stamped (a notification's dedupe key, an outbox row's
 * claim), so a missed tick, a restart or a second server never doubles it.
 */
import { logger } from "../logger.server";
import { notificationJob } from "./notification-jobs.server";
import { deliverOutbox } from "../mail/sender.server";
import { releaseLease, takeLease } from "../models/job-lease.server";
import { sendRoundReminders } from "./round-jobs.server";
import { purgeOrphanAttachments } from "../models/attachments.server";

export type ScheduledJob = { name: string; run: (now: Date) => Promise<unknown> };

/**
 * The jobs in order: those that make notifications first, so their emails go
 * out in the same run. Each area adds its own line.
 */
const JOBS: ScheduledJob[] = [
  { name: "round-reminders", run: (now) => sendRoundReminders(now) },
  notificationJob,
  { name: "attachment-orphans", run: (now) => purgeOrphanAttachments(now) },
  // Last: delivers the emails the jobs above wrote.
  { name: "outbox", run: (now) => deliverOutbox(now) },
];

const LEASE = "scheduled-work";
const LEASE_MS = 5 * 60_000;

/** Runs each job once, on one server at a time; a failing job is logged and the rest still run. */
export async function runScheduledWork(now = new Date(), jobs: readonly ScheduledJob[] = JOBS): Promise<Record<string, unknown>> {
  if (!(await takeLease(LEASE, LEASE_MS, now))) return { skipped: "another server is running the scheduled work" };
  const report: Record<string, unknown> = {};
  try {
    for (const job of jobs) {
      try {
        report[job.name] = await job.run(now);
      } catch (error) {
        logger.error({ err: error, job: job.name }, "scheduled job failed");
        report[job.name] = { error: (error as Error).message };
      }
    }
  } finally {
    await releaseLease(LEASE);
  }
  return report;
}
