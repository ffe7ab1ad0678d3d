/**
 * The rules of notifications, without I/O: when a person's daily digest is
 * due, which notifications it takes, when an action counts as newly overdue,
 * the stamps (dedupe keys) of the scheduled ones, where a notification links
 * and how it reads. The model layer gathers the rows; this decides.
 */
import { formatDate, formatQuarter } from "../i18n/format";
import type { Locale } from "../i18n/locale";
import type { MessageKey } from "../i18n/messages";
import type { Translate } from "../i18n/translate";
import { threadHref } from "./comments";
import { isOverdue } from "./development-actions";
import { FACTORS, type ActionStatus } from "./factors";
import { isValidQuarter } from "./period";
import type { DeliveryMode, NotificationKind } from "./notification-kinds";
import { localDateIso, wallClock } from "./time-zone";

// ---------------------------------------------------------------- the digest

/** The local hour from which a day's digest may go out: the morning's mail, not midnight's. */
export const DIGEST_HOUR = 7;

/**
 * Whether a person's digest is due at `now`: it is past DIGEST_HOUR on their
 * local day and no digest went out earlier that local day. Days missed while
 * no server ran make no backlog: the next tick sends one digest, and that one
 * counts for the day it went out.
 */
export function digestDue(now: Date, timeZone: string, lastDigestAt: string | null): boolean {
  if (wallClock(now, timeZone).getUTCHours() < DIGEST_HOUR) return false;
  if (lastDigestAt === null) return true;
  return localDateIso(new Date(lastDigestAt), timeZone) < localDateIso(now, timeZone);
}

export type DigestCandidate = { digestedAt: string | null; emailedAt: string | null; readAt: string | null };

/**
 * What a digest does with one notification, given the person's delivery
 * choice for its kind now: `list` it; `settle` it (mark it digested without
 * listing: already read in the portal); or `leave` it (not the digest's:
 * another delivery, already emailed or already digested).
 */
export function digestAction(n: DigestCandidate, delivery: DeliveryMode): "list" | "settle" | "leave" {
  if (n.digestedAt !== null || n.emailedAt !== null || delivery !== "digest") return "leave";
  return n.readAt !== null ? "settle" : "list";
}

// ---------------------------------------------------------------- scheduled events

/**
 * How far back a passed due date still makes an "overdue" notification: an
 * action overdue for longer was overdue before anyone could have been told
 * (the first run after an upgrade), and a flood of old news helps no one.
 */
export const OVERDUE_LOOKBACK_DAYS = 30;

/** Days from calendar date `from` to `to` ('YYYY-MM-DD'; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whether an action's owner should now hear that it is overdue: open, its due date passed on the owner's `today`, recently. */
export function overdueToNotify(action: { status: ActionStatus; dueDate: string | null }, ownerToday: string): boolean {
  return isOverdue(action, ownerToday) && daysBetween(action.dueDate!, ownerToday) <= OVERDUE_LOOKBACK_DAYS;
}

/** The stamps that make each event one notification per person, however often it is seen. */
export const dedupeKeys = {
  assessmentSubmitted: (assessmentId: number) => `assessment:${assessmentId}:submitted`,
  metricShared: (grantId: number, grantedAt: string) => `grant:${grantId}:shared:${grantedAt}`,
  shareRevoked: (grantId: number, revokedAt: string) => `grant:${grantId}:revoked:${revokedAt}`,
  actionAssigned: (actionId: number, ownerUserId: number, at: string) => `action:${actionId}:assigned:${ownerUserId}:${at}`,
  actionOverdue: (actionId: number, dueDate: string) => `action:${actionId}:overdue:${dueDate}`,
  relationshipAttention: (relationshipId: number, reason: string, quarter: string) => `relationship:${relationshipId}:attention:${reason}:${quarter}`,
};

/** Whether saving an action tells its owner: a new owner (or a new action's) who is not the one saving. */
export function assignmentToNotify(previousOwnerUserId: number | null, ownerUserId: number | null, actorUserId: number): boolean {
  return ownerUserId !== null && ownerUserId !== actorUserId && ownerUserId !== previousOwnerUserId;
}

// ---------------------------------------------------------------- what it says and where it goes

export type NotificationLinkInput = {
  kind: NotificationKind;
  relationshipId: number | null;
  assessmentId: number | null;
  actionId: number | null;
  roundId: number | null;
  invitationId: number | null;
  params: Record<string, string | number>;
};

/** The page a notification opens: the exact record, never more than the kind names. */
export function notificationPath(n: NotificationLinkInput): string {
  const rel = n.relationshipId;
  switch (n.kind) {
    case "assessment_submitted":
      if (rel !== null && n.assessmentId !== null) return `/relationships/${rel}/assessments/${n.assessmentId}`;
      return rel !== null ? `/relationships/${rel}` : "/notifications";
    case "assessment_due": {
      if (rel !== null) {
        const period = typeof n.params.period === "string" ? n.params.period : null;
        return `/relationships/${rel}/assess${period ? `?period=${encodeURIComponent(period)}` : ""}`;
      }
      return n.roundId !== null ? `/rounds/${n.roundId}` : "/notifications";
    }
    case "metric_shared":
    case "share_revoked":
      return "/sharing";
    case "action_assigned":
    case "action_overdue":
      // The relationship page's action list, which every reader of the relationship may open (the action's own
      // page is its edit form, for writers only: a project lead who owns an action would get a 403 there).
      return rel !== null ? `/relationships/${rel}#actions-heading` : "/notifications";
    case "relationship_attention":
      return rel !== null ? `/relationships/${rel}` : "/notifications";
    case "invitation_waiting":
      return n.roundId !== null ? `/rounds/${n.roundId}` : "/rounds/invitations";
    case "comment_mention": {
      // The thread (quarter, and factor when it is a factor's) at the comment.
      const period = typeof n.params.period === "string" && isValidQuarter(n.params.period) ? n.params.period : null;
      if (rel === null) return "/notifications";
      if (period === null) return `/relationships/${rel}`;
      const factor = typeof n.params.factor === "string" && (FACTORS as readonly string[]).includes(n.params.factor) ? n.params.factor : null;
      const commentId = Number(n.params.commentId);
      return threadHref(rel, { period, factor }, Number.isSafeInteger(commentId) && commentId > 0 ? commentId : null);
    }
  }
}

/**
 * A notification as the reader may see it now: the names of what it is about
 * joined when shown, each null when the reader may no longer see it.
 */
export type NotificationView = NotificationLinkInput & {
  id: number;
  createdAt: string;
  readAt: string | null;
  actorName: string | null;
  /** "Service: provider → customer", when the relationship is visible to the reader. */
  relationshipLabel: string | null;
  /** The organisation that submitted (assessment_submitted) or the period of the assessment. */
  assessingOrganisationName: string | null;
  assessmentPeriod: string | null;
  actionTitle: string | null;
  actionDueDate: string | null;
  /** Only while the grant is active and still reaches the reader. */
  metricName: string | null;
  /** The grant covers every metric of the grantor (no metric named). */
  allMetrics: boolean;
  grantorName: string | null;
  roundName: string | null;
};

const ATTENTION_REASON_KEYS: Record<string, MessageKey> = {
  score_drop: "notifications.reason.score_drop",
  poor_score: "notifications.reason.poor_score",
  quiet: "notifications.reason.quiet",
  perception_gap: "notifications.reason.perception_gap",
};

/** The one line a notification reads as, in the reader's language (the list and the emails alike). */
export function notificationText(t: Translate, locale: Locale, n: NotificationView): string {
  const rel = n.relationshipLabel ?? t("notifications.aRelationship");
  const param = (key: string) => n.params[key];
  const periodParam = typeof param("period") === "string" ? formatQuarter(locale, String(param("period"))) : null;
  switch (n.kind) {
    case "assessment_submitted":
      return t("notifications.text.assessment_submitted", {
        organisation: n.assessingOrganisationName ?? t("notifications.theCounterpart"),
        relationship: rel,
        period: n.assessmentPeriod ? formatQuarter(locale, n.assessmentPeriod) : (periodParam ?? ""),
      });
    case "assessment_due": {
      const daysLeft = Number(param("daysLeft"));
      const deadline = typeof param("deadline") === "string" ? formatDate(locale, String(param("deadline"))) : null;
      if (Number.isFinite(daysLeft) && deadline)
        return t("notifications.text.assessment_due", { relationship: rel, period: periodParam ?? "", count: daysLeft, deadline });
      return t("notifications.text.assessment_dueShort", { relationship: rel, period: periodParam ?? "" });
    }
    case "metric_shared":
      if (n.grantorName === null) return t("notifications.text.metric_sharedGone");
      if (n.allMetrics) return t("notifications.text.metric_sharedAll", { organisation: n.grantorName });
      return n.metricName !== null
        ? t("notifications.text.metric_shared", { organisation: n.grantorName, metric: n.metricName })
        : t("notifications.text.metric_sharedGone");
    case "share_revoked":
      return n.grantorName !== null ? t("notifications.text.share_revoked", { organisation: n.grantorName }) : t("notifications.text.share_revokedUnnamed");
    case "action_assigned":
      return t("notifications.text.action_assigned", {
        actor: n.actorName ?? t("notifications.someone"),
        title: n.actionTitle ?? "",
        relationship: rel,
      });
    case "action_overdue": {
      const due = typeof param("dueDate") === "string" ? String(param("dueDate")) : n.actionDueDate;
      return t("notifications.text.action_overdue", { title: n.actionTitle ?? "", relationship: rel, date: formatDate(locale, due) });
    }
    case "relationship_attention": {
      const reasonKey = ATTENTION_REASON_KEYS[String(param("reason"))];
      return t("notifications.text.relationship_attention", {
        relationship: rel,
        reason: reasonKey ? t(reasonKey) : "",
        period: periodParam ?? "",
      });
    }
    case "invitation_waiting":
      return n.roundName !== null ? t("notifications.text.invitation_waiting", { round: n.roundName }) : t("notifications.text.invitation_waitingShort");
    case "comment_mention":
      return t("notifications.text.comment_mention", { actor: n.actorName ?? t("notifications.someone"), relationship: rel, period: periodParam ?? "" });
  }
}

/** The kinds a digest is for: what a person may move between portal, email and digest on the preferences page. */
export function digestKinds(preferences: Record<NotificationKind, DeliveryMode>): NotificationKind[] {
  return (Object.keys(preferences) as NotificationKind[]).filter((k) => preferences[k] === "digest");
}
