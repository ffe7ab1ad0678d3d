/**
 * Delivers the outbox (docs/decisions/0021-email-outbox.md). Each run:
 *
 * 1. takes the "outbox-sender" lease, so one server at a time sends;
 * 2. claims each due message by a conditional update committed before
 *    anything is sent (app/models/outbox.server.ts claimEmail): even two
 *    senders that both ran (a lease that ran out mid-run) never both send it;
 * 3. sends it with its own Message-ID, then marks it sent; a failure is
 *    counted and retried later with backoff (app/domain/outbox-retry.ts).
 *
 * A sender that dies after claiming leaves the message claimed until the
 * claim runs out; the next run sends it. One that dies after the SMTP server
 * accepted the message but before marking it sent makes the next run send it
 * again, with the same Message-ID: delivery is at least once, and a repeat
 * can happen only in that window.
 *
 * With SMTP_URL unset nothing is sent and nothing is touched: the messages
 * wait, pending, until it is set.
 */
import { performance } from "node:perf_hooks";
import { logger } from "../logger.server";
import { PROCESS_HOLDER, releaseLease, takeLease } from "../models/job-lease.server";
import { claimEmail, dueEmailIds, markEmailFailed, markEmailSent, pendingEmailCount } from "../models/outbox.server";
import { configuredTransport, describeMailError, mailFrom, type MailTransport } from "./smtp.server";

export const OUTBOX_SENDER_LEASE = "outbox-sender";
export const SENDER_LEASE_MS = 5 * 60_000;
/** How long a claimed message is the claimer's alone: longer than one SMTP attempt can take (smtp.server.ts timeouts). */
export const CLAIM_MS = 2 * 60_000;
/** At most this many messages a run; the rest go in the next. */
const BATCH = 200;
/** A run stops claiming after this long, well within its lease. */
const RUN_MS = 2 * 60_000;

export type DeliveryReport = {
  sent: number;
  failed: number;
  deferred: number;
  /** Why nothing was attempted, when nothing was. */
  skipped?: "not configured" | "another sender holds the lease";
  /** With SMTP_URL unset: how many messages wait. */
  waiting?: number;
};

export type DeliveryOptions = {
  /** The transport to use; null = not configured. Default: SMTP_URL's. */
  transport?: MailTransport | null;
  /** Who claims the messages (default: this process). */
  holder?: string;
  /** false skips the sender lease, so tests can run two senders at once and exercise the claims. */
  useLease?: boolean;
  /** The From address (default MAIL_FROM). */
  from?: string;
};

/**
 * Sends what is due at `now`. `failed` counts failed attempts (retried
 * later unless the message has used up its attempts), `deferred` the due
 * messages left for a later run (another sender claimed them, or this run's
 * time was up).
 */
export async function deliverOutbox(now = new Date(), options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const transport = options.transport === undefined ? configuredTransport() : options.transport;
  if (!transport) return { sent: 0, failed: 0, deferred: 0, skipped: "not configured", waiting: await pendingEmailCount() };
  const holder = options.holder ?? PROCESS_HOLDER;
  const useLease = options.useLease ?? true;
  if (useLease && !(await takeLease(OUTBOX_SENDER_LEASE, SENDER_LEASE_MS, now, holder))) {
    return { sent: 0, failed: 0, deferred: 0, skipped: "another sender holds the lease" };
  }
  const report: DeliveryReport = { sent: 0, failed: 0, deferred: 0 };
  // The run's clock: `now` as given (the tests' and `npm run jobs -- --now`'s), moving on as real time passes.
  const started = performance.now();
  const clock = () => new Date(now.getTime() + Math.round(performance.now() - started));
  const from = options.from ?? mailFrom();
  try {
    const ids = await dueEmailIds(now, BATCH);
    for (const [index, id] of ids.entries()) {
      if (performance.now() - started > RUN_MS) {
        report.deferred += ids.length - index;
        break;
      }
      const at = clock();
      const email = await claimEmail(id, holder, at, new Date(at.getTime() + CLAIM_MS));
      if (!email) {
        report.deferred++;
        continue;
      }
      try {
        await transport.send({
          from,
          to: email.toAddress,
          subject: email.subject,
          text: email.textBody,
          html: email.htmlBody,
          messageId: email.messageId,
          locale: email.locale,
        });
      } catch (error) {
        const status = await markEmailFailed(email, holder, describeMailError(error), now);
        report.failed++;
        logger.warn({ outboxId: email.id, attempts: email.attempts + 1, status }, "email delivery failed");
        continue;
      }
      if (!(await markEmailSent(email, holder, now))) {
        // Our claim ran out and another sender took the message: it may go twice (same Message-ID).
        logger.warn({ outboxId: email.id }, "email sent after its claim ran out");
      }
      report.sent++;
    }
  } finally {
    if (useLease) await releaseLease(OUTBOX_SENDER_LEASE, holder);
  }
  return report;
}
