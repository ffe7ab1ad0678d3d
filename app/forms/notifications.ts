import { z } from "zod";
import { recordId } from "~/domain/record-id";
import { DELIVERY_MODES, NOTIFICATION_KINDS, type NotificationKind } from "~/domain/notification-kinds";

const delivery = z.enum(DELIVERY_MODES, { errorMap: () => ({ message: "notifications.settings.invalidDelivery" }) });

const KNOWN_FIELDS = new Set<string>(["intent", ...NOTIFICATION_KINDS]);

/**
 * Notification settings: one radio group per kind, each field named by its
 * kind. A field that names no kind is refused on that field rather than
 * ignored, so a stale or forged form says what was wrong.
 */
export const notificationPreferencesSchema = z
  .object({
    intent: z.literal("preferences").optional(),
    ...(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, delivery])) as Record<NotificationKind, typeof delivery>),
  })
  .passthrough()
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!KNOWN_FIELDS.has(key)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: "notifications.settings.invalidKind" });
    }
  });

/** "Mark as read" on one notification of the list. */
export const markReadSchema = z.object({
  intent: z.literal("read"),
  notificationId: recordId("validation.required"),
});

/** "Mark all as read". */
export const markAllReadSchema = z.object({ intent: z.literal("readAll") });
