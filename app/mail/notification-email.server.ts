/**
 * The email of one notification, in the recipient's language.
 * PLACEHOLDER until the notifications work fills it in: returns null (no email).
 */
import type { Locale } from "../i18n/locale";
import type { RenderedEmail } from "./render";
import type { StoredNotification } from "../models/notifications.server";

export async function notificationEmail(
  _recipient: { id: number; name: string; locale: Locale },
  _notification: StoredNotification,
): Promise<RenderedEmail | null> {
  return null;
}
