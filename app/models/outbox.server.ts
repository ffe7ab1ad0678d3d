/**
 * The transactional outbox (db/schema.ts outboxEmails). `enqueueEmail` is
 * called inside the transaction of the event that causes the email: it goes
 * through db(), which inside writeTransaction is that transaction, so a
 * rollback leaves no email behind and a commit leaves one that the sender
 * (app/mail/sender.server.ts) delivers later, whatever happens to this process.
 */
import { randomUUID } from "node:crypto";
import { outboxEmails } from "../../db/tables";
import type { EmailCategory } from "../domain/notification-kinds";
import type { Locale } from "../i18n/locale";
import { db } from "../db.server";
import type { RenderedEmail } from "../mail/render";

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
