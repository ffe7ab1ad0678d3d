/**
 * What the portal tells people about, and how each person wants to hear of
 * it. Shared by the schema (CHECK constraints), the models and the pages.
 */
export const NOTIFICATION_KINDS = [
  "assessment_submitted",
  "assessment_due",
  "metric_shared",
  "share_revoked",
  "action_assigned",
  "action_overdue",
  "relationship_attention",
  "invitation_waiting",
  "comment_mention",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** In the portal only, an email at once, or one email a day listing them. Every kind shows in the portal either way. */
export const DELIVERY_MODES = ["portal", "email", "digest"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** What a person gets before choosing: what needs them now by email at once, the rest in the daily digest. */
export const DEFAULT_DELIVERY: Record<NotificationKind, DeliveryMode> = {
  assessment_submitted: "digest",
  assessment_due: "email",
  metric_shared: "digest",
  share_revoked: "digest",
  action_assigned: "email",
  action_overdue: "email",
  relationship_attention: "digest",
  invitation_waiting: "email",
  comment_mention: "email",
};

/** Why an email was written: each category is rendered and, when it carries a secret link, redacted alike. */
export const EMAIL_CATEGORIES = ["notification", "digest", "password_reset", "invitation"] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];

export const OUTBOX_STATUSES = ["pending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const ROUND_STATUSES = ["open", "closed"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/**
 * An invitation of a new contact: waiting for the invitee organisation's
 * admin to approve it (docs/decisions/0020-round-invitations.md), then sent,
 * then accepted; or declined or revoked on the way.
 */
export const INVITATION_STATUSES = ["awaiting_approval", "sent", "accepted", "declined", "revoked"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** What a file can be evidence for (issue 18): each kind is scoped exactly like its parent record. */
export const ATTACHMENT_PARENTS = ["assessment_evidence", "development_action", "decision", "comment"] as const;
export type AttachmentParent = (typeof ATTACHMENT_PARENTS)[number];
