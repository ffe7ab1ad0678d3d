import { z } from "zod";
import { OUTBOX_STATUSES } from "~/domain/notification-kinds";
import { recordId } from "~/domain/record-id";

/** /admin/outbox's filter (a GET form): a status, or none for all; the email whose text is open. */
export const outboxFilterSchema = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  message: recordId().optional().catch(undefined),
});

/** "Retry now" on a failed email. */
export const outboxRetrySchema = z.object({
  intent: z.literal("retry"),
  id: recordId("outbox.notFound"),
});
