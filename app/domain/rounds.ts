/**
 * Rules of assessment rounds, pure: when a reminder is due, when an answer
 * is late, and the response figures of a round. Deadlines are calendar
 * dates (YYYY-MM-DD) that end at midnight Europe/Helsinki.
 */
import { localDateIso } from "./time-zone";

/** Deadlines and reminders count days in Helsinki, whoever reads them. */
export const ROUND_TIME_ZONE = "Europe/Helsinki";

/** Days before the deadline at which the assessors who have not submitted are reminded. */
export const REMINDER_THRESHOLDS = [7, 3, 1] as const;
export type ReminderThreshold = (typeof REMINDER_THRESHOLDS)[number];

export const ROUND_MESSAGE_MAX = 2000;
export const ROUND_NAME_MAX = 200;
/** An invitation link lasts a week. */
export const INVITATION_LINK_DAYS = 7;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole days from calendar date `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  if (!DATE.test(from) || !DATE.test(to)) throw new RangeError("Expected YYYY-MM-DD dates");
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today's date in Helsinki at `now`. */
export function roundToday(now: Date): string {
  return localDateIso(now, ROUND_TIME_ZONE);
}

/**
 * The reminder due at `now` for a round ending on `deadline`: the smallest
 * threshold that is at least the days left, or null (more than 7 days left,
 * or the deadline day is past). A tick that finds an earlier threshold's
 * reminder missing sends only this one: a server that was down past several
 * thresholds reminds once, with the latest. Whether it was already sent is
 * the caller's stamp (the notification's dedupe key), not this rule's.
 */
export function dueReminderThreshold(deadline: string, now: Date): ReminderThreshold | null {
  const daysLeft = daysBetween(roundToday(now), deadline);
  if (daysLeft < 0) return null;
  for (const threshold of [...REMINDER_THRESHOLDS].sort((a, b) => a - b)) if (daysLeft <= threshold) return threshold;
  return null;
}

/** An answer submitted after the deadline day (in Helsinki) is late; it still counts, marked late. */
export function isLate(submittedAt: string, deadline: string): boolean {
  return localDateIso(new Date(submittedAt), ROUND_TIME_ZONE) > deadline;
}

/** Whether `deadline` may be set today: a valid date after today (Helsinki). */
export function deadlineProblem(deadline: string, now: Date): "format" | "not_future" | null {
  if (!DATE.test(deadline) || Number.isNaN(Date.parse(`${deadline}T00:00:00Z`)) || new Date(`${deadline}T00:00:00Z`).toISOString().slice(0, 10) !== deadline) {
    return "format";
  }
  return deadline > roundToday(now) ? null : "not_future";
}

/** An opener's tick `rel:side:user` (app/forms/rounds.ts checks its shape) as parts. */
export function parseAssessorChoice(value: string): { relationshipId: number; side: "provider" | "customer"; userId: number } {
  const [rel, side, user] = value.split(":");
  return { relationshipId: Number(rel), side: side as "provider" | "customer", userId: Number(user) };
}

/** An invitation's relationship side `rel:side` as parts. */
export function parseTarget(value: string): { relationshipId: number; side: "provider" | "customer" } {
  const [rel, side] = value.split(":");
  return { relationshipId: Number(rel), side: side as "provider" | "customer" };
}

// ------------------------------------------------------------- figures

export type AssessorStatus = "submitted" | "late" | "draft" | "not_started";

/** One asked assessor (an existing user, or an invitation not yet accepted) and what they have done. */
export type AssessorEntry = {
  relationshipId: number;
  side: "provider" | "customer";
  organisationId: number;
  organisationName: string;
  userId: number | null;
  name: string;
  invitationId: number | null;
  /** Their own assessment of the round's quarter for that relationship and side. */
  assessment: { status: "draft" | "submitted"; submittedAt: string | null } | null;
};

export type Rate = { submitted: number; asked: number };

export type RoundFigures = {
  total: Rate;
  sides: { provider: Rate; customer: Rate };
  partners: Array<Rate & { organisationId: number; organisationName: string }>;
  assessors: Array<{
    relationshipId: number;
    side: "provider" | "customer";
    organisationId: number;
    organisationName: string;
    userId: number | null;
    invitationId: number | null;
    name: string;
    status: AssessorStatus;
    submittedAt: string | null;
  }>;
};

export function assessorStatus(entry: Pick<AssessorEntry, "assessment">, deadline: string): AssessorStatus {
  const a = entry.assessment;
  if (!a) return "not_started";
  if (a.status === "draft" || !a.submittedAt) return "draft";
  return isLate(a.submittedAt, deadline) ? "late" : "submitted";
}

/**
 * The response rate of a round: each asked assessor counts once (asked),
 * and once more when they have submitted (late answers count, and are
 * marked late). Per side, per partner organisation, and in all.
 */
export function roundFigures(entries: readonly AssessorEntry[], deadline: string): RoundFigures {
  const rate = (): Rate => ({ submitted: 0, asked: 0 });
  const total = rate();
  const sides = { provider: rate(), customer: rate() };
  const partners = new Map<number, Rate & { organisationId: number; organisationName: string }>();
  const assessors: RoundFigures["assessors"] = [];
  for (const e of entries) {
    const status = assessorStatus(e, deadline);
    const done = status === "submitted" || status === "late" ? 1 : 0;
    let partner = partners.get(e.organisationId);
    if (!partner) partners.set(e.organisationId, (partner = { organisationId: e.organisationId, organisationName: e.organisationName, ...rate() }));
    for (const r of [total, sides[e.side], partner]) {
      r.asked++;
      r.submitted += done;
    }
    assessors.push({
      relationshipId: e.relationshipId,
      side: e.side,
      organisationId: e.organisationId,
      organisationName: e.organisationName,
      userId: e.userId,
      invitationId: e.invitationId,
      name: e.name,
      status,
      submittedAt: done ? (e.assessment?.submittedAt ?? null) : null,
    });
  }
  return {
    total,
    sides,
    partners: [...partners.values()].sort((a, b) => a.organisationName.localeCompare(b.organisationName, "fi")),
    assessors,
  };
}
