/**
 * Notifications: what the portal tells each person (db/schema.ts
 * notifications). `notify` is called inside the transaction of the event
 * (a submission, a grant, an assignment) or by a scheduled job; it writes one
 * row per recipient and, for those who want email at once, the email in the
 * outbox, in the same transaction. A row keeps only ids and plain
 * parameters: the list checks visibility again when it is shown.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { notificationPreferences, notifications, users } from "../../db/tables";
import { DEFAULT_DELIVERY, type DeliveryMode, type NotificationKind } from "../domain/notification-kinds";
import { db } from "../db.server";
import { isLocale, type Locale } from "../i18n/locale";
import { notificationEmail } from "../mail/notification-email.server";
import { enqueueEmail } from "./outbox.server";

export type NotificationSubject = {
  relationshipId?: number | null;
  roundId?: number | null;
  assessmentId?: number | null;
  actionId?: number | null;
  sharingGrantId?: number | null;
  invitationId?: number | null;
};

export type NotificationEvent = NotificationSubject & {
  kind: NotificationKind;
  /** User ids; the actor is left out (nobody is told of their own act), duplicates once. */
  recipients: readonly number[];
  actorUserId?: number | null;
  /** Plain parameters for the text (a quarter, days left): never a value the reader might later lose the right to see. */
  params?: Record<string, string | number>;
  /** Unique per recipient: the same key twice makes one notification (the stamp of a scheduled one). */
  dedupeKey: string;
};

export type StoredNotification = NotificationSubject & {
  id: number;
  userId: number;
  kind: NotificationKind;
  actorUserId: number | null;
  params: Record<string, string | number>;
  createdAt: string;
};

/** Each recipient's delivery choice for `kind`, with their address and language. */
async function recipientsOf(userIds: readonly number[], kind: NotificationKind) {
  if (userIds.length === 0) return [];
  const rows = await db()
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, delivery: notificationPreferences.delivery })
    .from(users)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, kind)))
    .where(and(inArray(users.id, [...userIds]), isNull(users.disabledAt)))
    .all();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    locale: (isLocale(r.locale) ? r.locale : "fi") as Locale,
    delivery: (r.delivery ?? DEFAULT_DELIVERY[kind]) as DeliveryMode,
  }));
}

/**
 * Writes the event's notifications (and emails for those who want them at
 * once). Returns how many notifications were new: a dedupe key already used
 * for a recipient makes nothing for them. Call inside the event's writeTransaction.
 */
export async function notify(event: NotificationEvent, now = new Date()): Promise<number> {
  const ids = [...new Set(event.recipients)].filter((id) => id !== event.actorUserId);
  let created = 0;
  for (const recipient of await recipientsOf(ids, event.kind)) {
    const row = await db()
      .insert(notifications)
      .values({
        userId: recipient.id,
        kind: event.kind,
        relationshipId: event.relationshipId ?? null,
        roundId: event.roundId ?? null,
        assessmentId: event.assessmentId ?? null,
        actionId: event.actionId ?? null,
        sharingGrantId: event.sharingGrantId ?? null,
        invitationId: event.invitationId ?? null,
        actorUserId: event.actorUserId ?? null,
        params: event.params ? JSON.stringify(event.params) : null,
        dedupeKey: event.dedupeKey,
        createdAt: now.toISOString(),
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id })
      .get();
    if (!row) continue;
    created++;
    if (recipient.delivery !== "email") continue;
    const stored: StoredNotification = {
      id: row.id,
      userId: recipient.id,
      kind: event.kind,
      relationshipId: event.relationshipId ?? null,
      roundId: event.roundId ?? null,
      assessmentId: event.assessmentId ?? null,
      actionId: event.actionId ?? null,
      sharingGrantId: event.sharingGrantId ?? null,
      invitationId: event.invitationId ?? null,
      actorUserId: event.actorUserId ?? null,
      params: event.params ?? {},
      createdAt: now.toISOString(),
    };
    const email = await notificationEmail(recipient, stored);
    if (!email) continue;
    await enqueueEmail({ ...email, to: recipient.email, recipientUserId: recipient.id, locale: recipient.locale, category: "notification" }, now);
    await db().update(notifications).set({ emailedAt: now.toISOString() }).where(eq(notifications.id, row.id)).run();
  }
  return created;
}
