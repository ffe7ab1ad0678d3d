import { describe, expect, it } from "vitest";
import type { ActionStatus } from "../../app/domain/factors";
import type { DeliveryMode } from "../../app/domain/notification-kinds";
import {
  assignmentToNotify,
  dedupeKeys,
  digestAction,
  digestDue,
  notificationPath,
  notificationText,
  overdueToNotify,
  type DigestCandidate,
  type NotificationLinkInput,
  type NotificationView,
} from "../../app/domain/notifications";
import { en } from "../../app/i18n/messages";
import { makeTranslator } from "../../app/i18n/translate";

describe("a digest is due once per local day, from 07:00 local time", () => {
  type Case = [name: string, now: string, zone: string, lastDigestAt: string | null, due: boolean];
  it.each<Case>([
    ["never sent, morning in Helsinki (07:30 EET)", "2026-01-15T05:30:00Z", "Europe/Helsinki", null, true],
    ["never sent, before 07:00 in Helsinki (06:30 EET)", "2026-01-15T04:30:00Z", "Europe/Helsinki", null, false],
    ["sent this morning: not again the same day", "2026-01-15T15:00:00Z", "Europe/Helsinki", "2026-01-15T05:30:00Z", false],
    ["sent yesterday: due this morning", "2026-01-16T05:30:00Z", "Europe/Helsinki", "2026-01-15T05:30:00Z", true],
    ["sent yesterday, but it is 06:59 locally", "2026-01-16T04:59:00Z", "Europe/Helsinki", "2026-01-15T05:30:00Z", false],
    ["missed ticks: last sent three days ago, due (once) now", "2026-01-18T09:00:00Z", "Europe/Helsinki", "2026-01-15T05:30:00Z", true],
    ["after the catch-up digest, nothing more that day", "2026-01-18T20:00:00Z", "Europe/Helsinki", "2026-01-18T09:00:00Z", false],
    ["the local day, not UTC's: 23:30 UTC is already tomorrow in Helsinki", "2026-01-15T23:30:00Z", "Europe/Helsinki", "2026-01-15T06:00:00Z", false],
    ["…and 05:00 UTC the next day is 07:00 there: due", "2026-01-16T05:00:00Z", "Europe/Helsinki", "2026-01-15T06:00:00Z", true],
    ["another zone: 07:00 in New York is 12:00 UTC", "2026-01-15T11:59:00Z", "America/New_York", null, false],
    ["another zone: 12:00 UTC is 07:00 in New York", "2026-01-15T12:00:00Z", "America/New_York", null, true],
    ["summer time in Helsinki (UTC+3): 04:00 UTC is 07:00", "2026-06-15T04:00:00Z", "Europe/Helsinki", "2026-06-14T04:00:00Z", true],
  ])("%s", (_name, now, zone, last, due) => {
    expect(digestDue(new Date(now), zone, last)).toBe(due);
  });
});

describe("which notifications a digest takes", () => {
  const fresh: DigestCandidate = { digestedAt: null, emailedAt: null, readAt: null };
  type Case = [name: string, n: DigestCandidate, delivery: DeliveryMode, expected: ReturnType<typeof digestAction>];
  it.each<Case>([
    ["unread, digest kind: listed", fresh, "digest", "list"],
    ["already read in the portal: settled, not listed", { ...fresh, readAt: "2026-01-15T08:00:00Z" }, "digest", "settle"],
    ["portal only: not the digest's", fresh, "portal", "leave"],
    ["email at once: not the digest's", fresh, "email", "leave"],
    ["already emailed (the choice changed since): left", { ...fresh, emailedAt: "2026-01-15T08:00:00Z" }, "digest", "leave"],
    ["already in an earlier digest: left", { ...fresh, digestedAt: "2026-01-14T05:00:00Z" }, "digest", "leave"],
  ])("%s", (_name, n, delivery, expected) => {
    expect(digestAction(n, delivery)).toBe(expected);
  });
});

describe("an action becomes overdue the day after its due date, on the owner's calendar", () => {
  type Case = [name: string, status: ActionStatus, dueDate: string | null, ownerToday: string, notify: boolean];
  it.each<Case>([
    ["due today: not yet", "planned", "2026-03-10", "2026-03-10", false],
    ["due yesterday, planned", "planned", "2026-03-09", "2026-03-10", true],
    ["due yesterday, in progress", "in_progress", "2026-03-09", "2026-03-10", true],
    ["done: never", "done", "2026-03-09", "2026-03-10", false],
    ["cancelled: never", "cancelled", "2026-03-09", "2026-03-10", false],
    ["no due date: never", "planned", null, "2026-03-10", false],
    ["30 days late: still told (a server down for weeks still tells once)", "planned", "2026-02-08", "2026-03-10", true],
    ["31 days late: old news, not told", "planned", "2026-02-07", "2026-03-10", false],
  ])("%s", (_name, status, dueDate, today, notify) => {
    expect(overdueToNotify({ status, dueDate }, today)).toBe(notify);
  });

  it("stamps one notification per action and due date", () => {
    expect(dedupeKeys.actionOverdue(7, "2026-03-09")).toBe("action:7:overdue:2026-03-09");
    expect(dedupeKeys.relationshipAttention(3, "quiet", "2026-Q1")).toBe("relationship:3:attention:quiet:2026-Q1");
    expect(dedupeKeys.assessmentSubmitted(5)).toBe("assessment:5:submitted");
  });
});

describe("an assignment tells the new owner, never the one who saves", () => {
  type Case = [name: string, previous: number | null, owner: number | null, actor: number, notify: boolean];
  it.each<Case>([
    ["a new action owned by someone else", null, 2, 1, true],
    ["a new action the actor owns", null, 1, 1, false],
    ["owner changed to someone else", 1, 2, 1, true],
    ["owner changed to the actor", 2, 1, 1, false],
    ["owner unchanged (an edit of the title)", 2, 2, 1, false],
    ["no owner", null, null, 1, false],
  ])("%s", (_name, previous, owner, actor, notify) => {
    expect(assignmentToNotify(previous, owner, actor)).toBe(notify);
  });
});

describe("a notification links to the exact page", () => {
  const base: NotificationLinkInput = {
    kind: "assessment_submitted",
    relationshipId: null,
    assessmentId: null,
    actionId: null,
    roundId: null,
    invitationId: null,
    params: {},
  };
  type Case = [name: string, input: Partial<NotificationLinkInput>, path: string];
  it.each<Case>([
    ["a submission: the assessment", { relationshipId: 3, assessmentId: 9 }, "/relationships/3/assessments/9"],
    [
      "an assessment due: the form for its period",
      { kind: "assessment_due", relationshipId: 3, params: { period: "2026-Q1" } },
      "/relationships/3/assess?period=2026-Q1",
    ],
    ["an assessment due without a relationship: the round", { kind: "assessment_due", roundId: 4 }, "/rounds/4"],
    ["a share: the sharing page", { kind: "metric_shared" }, "/sharing"],
    ["a revoked share: the sharing page", { kind: "share_revoked" }, "/sharing"],
    ["an assignment: the action", { kind: "action_assigned", relationshipId: 3, actionId: 11 }, "/relationships/3#actions-heading"],
    ["an overdue action: the action", { kind: "action_overdue", relationshipId: 3, actionId: 11 }, "/relationships/3#actions-heading"],
    ["attention: the relationship", { kind: "relationship_attention", relationshipId: 3 }, "/relationships/3"],
    ["an invitation of a round: the round", { kind: "invitation_waiting", roundId: 4, invitationId: 2 }, "/rounds/4"],
    ["an invitation alone: the invitations", { kind: "invitation_waiting", invitationId: 2 }, "/rounds/invitations"],
  ])("%s", (_name, input, path) => {
    expect(notificationPath({ ...base, ...input })).toBe(path);
  });
});

describe("what a notification says is only what the reader may see now", () => {
  const t = makeTranslator(en, "en");
  const view: NotificationView = {
    id: 1,
    kind: "metric_shared",
    relationshipId: null,
    assessmentId: null,
    actionId: null,
    roundId: null,
    invitationId: null,
    params: {},
    createdAt: "2026-01-15T08:00:00Z",
    readAt: null,
    actorName: null,
    relationshipLabel: null,
    assessingOrganisationName: null,
    assessmentPeriod: null,
    actionTitle: null,
    actionDueDate: null,
    metricName: "On-time delivery",
    allMetrics: false,
    grantorName: "Kalevan Pilvi Oy",
    roundName: null,
  };
  it("names the metric while it is shared", () => {
    expect(notificationText(t, "en", view)).toBe("Kalevan Pilvi Oy shared the metric On-time delivery with your organisation.");
  });
  it("names neither the metric nor the grantor once the share is gone", () => {
    const text = notificationText(t, "en", { ...view, metricName: null, grantorName: null });
    expect(text).not.toContain("On-time delivery");
    expect(text).not.toContain("Kalevan");
  });
  it("counts the days left with a plural", () => {
    const due = {
      ...view,
      kind: "assessment_due" as const,
      relationshipLabel: "Hosting: A → B",
      params: { period: "2026-Q1", daysLeft: 1, deadline: "2026-04-15" },
    };
    expect(notificationText(t, "en", due)).toBe("Your assessment of Hosting: A → B for Q1 2026 is due in 1 day (15/04/2026).");
    expect(notificationText(t, "en", { ...due, params: { ...due.params, daysLeft: 3 } })).toContain("in 3 days");
  });
});
