/**
 * The transactional outbox (db/schema.ts outboxEmails). `enqueueEmail` is
 * called inside the transaction of the event that causes the email: it goes
 * through db(), which inside writeTransaction is that transaction, so a
 * rollback leaves no email behind and a commit leaves one that the sender
 * (app/mail/sender.server.ts) delivers later, whatever happens to this process.
 */
import { and, count, eq, isNull, lt, lte, or } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { desc } from "../../db/dialect";
import { outboxEmails } from "../../db/tables";
import { afterFailedAttempt } from "../domain/outbox-retry";
import type { EmailCategory, OutboxStatus } from "../domain/notification-kinds";
import type { Locale } from "../i18n/locale";
import { changedRows, db, writeTransaction } from "../db.server";
import type { RenderedEmail } from "../mail/render";
import { forbidden } from "./access.server";
import { audit } from "./audit.server";
import { FORM, ok, refused, type Result } from "./result";
import type { ActingUser } from "./user.server";

export type OutgoingEmail = RenderedEmail & {
  to: string;
  recipientUserId?: number | null;
  locale: Locale;
  category: EmailCategory;
  /** Carries a one-time link: never shown in /admin/outbox, emptied once sent. */
  sensitive?: boolean;
};

/** Writes one email to the outbox; returns its id. Call it inside the event's writeTransaction. */
export async function enqueueEmail(email: OutgoingEmail, now = new Date()): Promise<number> {
  const row = await db()
    .insert(outboxEmails)
    .values({
      recipientUserId: email.recipientUserId ?? null,
      toAddress: email.to,
      locale: email.locale,
      category: email.category,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html,
      sensitive: email.sensitive ?? false,
      messageId: `<${randomUUID()}@service-chain-portal>`,
      status: "pending",
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
    })
    .returning({ id: outboxEmails.id })
    .get();
  return row.id;
}

// ------------------------------------------------------------ the sender's side

/** A message the sender may deliver: the fields that go on the wire. */
export type DueEmail = {
  id: number;
  toAddress: string;
  locale: Locale;
  subject: string;
  textBody: string;
  htmlBody: string;
  messageId: string;
  attempts: number;
  sensitive: boolean;
};

/** Pending, due by `now`, and claimed by nobody (or by a sender whose claim ran out). */
function dueCondition(now: Date) {
  const iso = now.toISOString();
  return and(
    eq(outboxEmails.status, "pending"),
    lte(outboxEmails.nextAttemptAt, iso),
    or(isNull(outboxEmails.claimedUntil), lt(outboxEmails.claimedUntil, iso)),
  );
}

/** The ids of up to `limit` due messages, the longest waiting first. */
export async function dueEmailIds(now: Date, limit: number): Promise<number[]> {
  const rows = await db()
    .select({ id: outboxEmails.id })
    .from(outboxEmails)
    .where(dueCondition(now))
    .orderBy(outboxEmails.nextAttemptAt, outboxEmails.id)
    .limit(limit)
    .all();
  return rows.map((r) => r.id);
}

/**
 * Claims one message for `holder` until `until`, by one conditional update
 * that commits before anything is sent: of two senders, only one gets it,
 * and a sender that dies holds it only until the claim runs out. Returns the
 * message, or null when it is no longer due or someone else claimed it first.
 */
export async function claimEmail(id: number, holder: string, now: Date, until: Date): Promise<DueEmail | null> {
  const claimed = changedRows(
    await db()
      .update(outboxEmails)
      .set({ claimedBy: holder, claimedUntil: until.toISOString() })
      .where(and(eq(outboxEmails.id, id), dueCondition(now)))
      .run(),
  );
  if (claimed !== 1) return null;
  const row = await db()
    .select({
      id: outboxEmails.id,
      toAddress: outboxEmails.toAddress,
      locale: outboxEmails.locale,
      subject: outboxEmails.subject,
      textBody: outboxEmails.textBody,
      htmlBody: outboxEmails.htmlBody,
      messageId: outboxEmails.messageId,
      attempts: outboxEmails.attempts,
      sensitive: outboxEmails.sensitive,
      claimedBy: outboxEmails.claimedBy,
    })
    .from(outboxEmails)
    .where(eq(outboxEmails.id, id))
    .get();
  if (!row || row.claimedBy !== holder) return null;
  const { claimedBy: _claimedBy, ...email } = row;
  return email;
}

/** The SMTP server accepted it: sent, the claim cleared, a sensitive message's bodies emptied. */
export async function markEmailSent(email: DueEmail, holder: string, now: Date): Promise<boolean> {
  const redact = email.sensitive ? { textBody: "", htmlBody: "" } : {};
  const changed = changedRows(
    await db()
      .update(outboxEmails)
      .set({ status: "sent", sentAt: now.toISOString(), attempts: email.attempts + 1, claimedBy: null, claimedUntil: null, lastError: null, ...redact })
      .where(and(eq(outboxEmails.id, email.id), eq(outboxEmails.claimedBy, holder), eq(outboxEmails.status, "pending")))
      .run(),
  );
  return changed === 1;
}

/** An attempt failed: counted, its error kept, the next attempt scheduled (or the message failed for good). */
export async function markEmailFailed(email: DueEmail, holder: string, error: string, now: Date): Promise<"pending" | "failed"> {
  const attempts = email.attempts + 1;
  const next = afterFailedAttempt(attempts, now);
  await db()
    .update(outboxEmails)
    .set({ status: next.status, attempts, lastError: error, nextAttemptAt: next.nextAttemptAt, claimedBy: null, claimedUntil: null })
    .where(and(eq(outboxEmails.id, email.id), eq(outboxEmails.claimedBy, holder), eq(outboxEmails.status, "pending")))
    .run();
  return next.status;
}

/** How many messages wait to be sent (due or not). */
export async function pendingEmailCount(): Promise<number> {
  return (await db().select({ n: count() }).from(outboxEmails).where(eq(outboxEmails.status, "pending")).get())?.n ?? 0;
}

// ------------------------------------------------------------ the administrator's view

export type OutboxRowView = {
  id: number;
  createdAt: string;
  toAddress: string;
  category: EmailCategory;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  sensitive: boolean;
};

export const OUTBOX_PAGE_SIZE = 100;

function requireOutboxReader(user: ActingUser): void {
  if (!user.isPlatformAdmin) forbidden("Only a platform administrator reads the outbox");
}

/** The newest messages first, optionally of one status; never a body. Platform administrators only. */
export async function listOutbox(user: ActingUser, filter: { status?: OutboxStatus | null } = {}): Promise<OutboxRowView[]> {
  requireOutboxReader(user);
  return db()
    .select({
      id: outboxEmails.id,
      createdAt: outboxEmails.createdAt,
      toAddress: outboxEmails.toAddress,
      category: outboxEmails.category,
      subject: outboxEmails.subject,
      status: outboxEmails.status,
      attempts: outboxEmails.attempts,
      nextAttemptAt: outboxEmails.nextAttemptAt,
      lastError: outboxEmails.lastError,
      sentAt: outboxEmails.sentAt,
      sensitive: outboxEmails.sensitive,
    })
    .from(outboxEmails)
    .where(filter.status ? eq(outboxEmails.status, filter.status) : undefined)
    .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id))
    .limit(OUTBOX_PAGE_SIZE)
    .all();
}

/** How many messages there are of each status. */
export async function outboxCounts(user: ActingUser): Promise<Record<OutboxStatus, number>> {
  requireOutboxReader(user);
  const rows = await db().select({ status: outboxEmails.status, n: count() }).from(outboxEmails).groupBy(outboxEmails.status).all();
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/**
 * The plain text of one message, for an administrator checking what went
 * out. A sensitive message (a one-time link) is never shown: `sensitive`
 * comes back instead of the text. Null when there is no such message.
 */
export async function outboxMessageText(
  user: ActingUser,
  id: number,
): Promise<
  | { id: number; subject: string; toAddress: string; sensitive: true; text: null }
  | { id: number; subject: string; toAddress: string; sensitive: false; text: string }
  | null
> {
  requireOutboxReader(user);
  const row = await db()
    .select({ id: outboxEmails.id, subject: outboxEmails.subject, toAddress: outboxEmails.toAddress, sensitive: outboxEmails.sensitive })
    .from(outboxEmails)
    .where(eq(outboxEmails.id, id))
    .get();
  if (!row) return null;
  if (row.sensitive) return { ...row, sensitive: true, text: null };
  const body = await db().select({ text: outboxEmails.textBody }).from(outboxEmails).where(eq(outboxEmails.id, id)).get();
  return { ...row, sensitive: false, text: body?.text ?? "" };
}

/**
 * "Retry now" for a failed message: pending again, due at once, with a fresh
 * series of attempts. 404 for an unknown id, 409 when it has not failed.
 */
export async function retryOutboxEmail(user: ActingUser, id: number, ip: string | null = null, now = new Date()): Promise<Result> {
  requireOutboxReader(user);
  return writeTransaction(async (tx): Promise<Result> => {
    const row = await tx.select({ status: outboxEmails.status, attempts: outboxEmails.attempts }).from(outboxEmails).where(eq(outboxEmails.id, id)).get();
    if (!row) return refused(FORM, "outbox.notFound", 404);
    if (row.status !== "failed") return refused(FORM, "outbox.notFailed", 409);
    const changed = changedRows(
      await tx
        .update(outboxEmails)
        .set({ status: "pending", attempts: 0, nextAttemptAt: now.toISOString(), claimedBy: null, claimedUntil: null })
        .where(and(eq(outboxEmails.id, id), eq(outboxEmails.status, "failed")))
        .run(),
    );
    if (changed !== 1) return refused(FORM, "outbox.notFailed", 409);
    await audit({
      action: "outbox.retry",
      actorUserId: user.id,
      entityType: "outbox_email",
      entityId: id,
      before: { status: "failed", attempts: row.attempts },
      after: { status: "pending", attempts: 0 },
      ip,
    });
    return ok();
  });
}
