/**
 * The emails of notifications, in the recipient's language: one
 * notification at once, or the daily digest of several. Their text is the
 * portal's own line for the notification (notificationText), read as the
 * recipient may see it: never a metric's value, and no name they may not see.
 * Links are absolute (publicLink) and go to the exact page.
 */
import { notificationText, type NotificationView } from "../domain/notifications";
import { publicLink } from "../http/public-url.server";
import { translator } from "../i18n/i18n.server";
import type { Locale } from "../i18n/locale";
import { notificationViews, type Recipient, type StoredNotification } from "../models/notifications.server";
import { getActingUser } from "../models/user.server";
import { renderEmail, type RenderedEmail } from "./render";

/** The email of one notification, or null when the recipient may not see it (then nothing is sent). */
export async function notificationEmail(recipient: Pick<Recipient, "id" | "name" | "locale">, notification: StoredNotification): Promise<RenderedEmail | null> {
  const reader = await getActingUser(recipient.id);
  if (!reader) return null;
  const [view] = await notificationViews(reader, [notification.id], recipient.locale);
  if (!view) return null;
  const t = translator(recipient.locale);
  const text = notificationText(t, recipient.locale, view);
  return renderEmail({
    subject: text,
    greeting: t("notifications.email.greeting", { name: recipient.name }),
    paragraphs: [text],
    action: { label: t("notifications.email.open"), url: publicLink(view.path) },
    footer: [t("notifications.email.why"), t("notifications.email.settings", { url: publicLink("/settings/notifications") })],
  });
}

/** The daily digest: each notification's line with its link, and a one-click way to stop digests. */
export function digestEmail(
  recipient: Pick<Recipient, "id" | "name" | "locale">,
  views: ReadonlyArray<NotificationView & { path: string }>,
  unsubscribeToken: string,
): RenderedEmail {
  const locale: Locale = recipient.locale;
  const t = translator(locale);
  return renderEmail({
    subject: t("notifications.digest.subject", { count: views.length }),
    greeting: t("notifications.email.greeting", { name: recipient.name }),
    paragraphs: [t("notifications.digest.intro")],
    items: views.map((v) => ({ text: notificationText(t, locale, v), url: publicLink(v.path) })),
    action: { label: t("notifications.digest.open"), url: publicLink("/notifications") },
    footer: [t("notifications.digest.why"), t("notifications.email.settings", { url: publicLink("/settings/notifications") })],
    unsubscribe: { label: t("notifications.digest.unsubscribe"), url: publicLink(`/unsubscribe/${unsubscribeToken}`) },
  });
}
