import { describe, expect, it } from "vitest";
import { assessorStatus, deadlineProblem, dueReminderThreshold, isLate, roundFigures, type AssessorEntry } from "~/domain/rounds";

/** Noon in Helsinki (UTC+2 in winter) on a calendar date. */
const helsinkiNoon = (date: string) => new Date(`${date}T10:00:00Z`);

describe("dueReminderThreshold: the smallest of 7, 3, 1 that is at least the days left (Helsinki dates)", () => {
  const deadline = "2026-12-20";
  it.each([
    ["2026-12-01", null], // 19 days left
    ["2026-12-12", null], // 8 days left
    ["2026-12-13", 7], // 7 days left
    ["2026-12-15", 7], // 5 days left
    ["2026-12-16", 7], // 4
    ["2026-12-17", 3], // 3
    ["2026-12-18", 3], // 2
    ["2026-12-19", 1], // 1
    ["2026-12-20", 1], // the deadline day itself
    ["2026-12-21", null], // after the deadline day: nothing
    ["2027-01-15", null],
  ] as const)("on %s → %s", (today, expected) => {
    expect(dueReminderThreshold(deadline, helsinkiNoon(today))).toBe(expected);
  });

  it("counts days in Helsinki, not UTC: 22:30 UTC on the 12th is already the 13th in Helsinki", () => {
    expect(dueReminderThreshold(deadline, new Date("2026-12-12T22:30:00Z"))).toBe(7);
    expect(dueReminderThreshold(deadline, new Date("2026-12-12T21:59:00Z"))).toBe(null);
    // Past midnight in Helsinki on the deadline day: over.
    expect(dueReminderThreshold(deadline, new Date("2026-12-20T22:00:00Z"))).toBe(null);
    expect(dueReminderThreshold(deadline, new Date("2026-12-20T21:59:00Z"))).toBe(1);
  });

  it("a missed tick: a server down from 9 days before to 2 days before sends only the 3-day reminder, once", () => {
    const sent = new Set<number>();
    const ticks = ["2026-12-11", /* down */ "2026-12-18", "2026-12-18", "2026-12-19", "2026-12-20", "2026-12-21"];
    const log: Array<string> = [];
    for (const day of ticks) {
      const threshold = dueReminderThreshold(deadline, helsinkiNoon(day));
      // The stamp: a threshold once sent is never sent again.
      if (threshold !== null && !sent.has(threshold)) {
        sent.add(threshold);
        log.push(`${day}:${threshold}`);
      }
    }
    expect(log).toEqual(["2026-12-18:3", "2026-12-19:1"]);
  });

  it("a server down past every threshold and the deadline sends nothing", () => {
    expect(dueReminderThreshold(deadline, helsinkiNoon("2026-12-22"))).toBeNull();
  });
});

describe("isLate: after the deadline day, Europe/Helsinki end of day", () => {
  it.each([
    ["2026-12-20T21:59:59Z", false], // 23:59:59 in Helsinki on the deadline day
    ["2026-12-20T22:00:00Z", true], // 00:00 the next day in Helsinki
    ["2026-12-19T08:00:00Z", false],
    ["2027-01-02T08:00:00Z", true],
  ] as const)("submitted %s → late %s", (submittedAt, late) => {
    expect(isLate(submittedAt, "2026-12-20")).toBe(late);
  });
});

describe("deadlineProblem", () => {
  const now = helsinkiNoon("2026-12-05");
  it.each([
    ["2026-12-06", null],
    ["2026-12-05", "not_future"],
    ["2026-12-01", "not_future"],
    ["2026-02-30", "format"],
    ["6.12.2026", "format"],
  ] as const)("%s → %s", (deadline, problem) => {
    expect(deadlineProblem(deadline, now)).toBe(problem);
  });
});

describe("roundFigures: response rate per side, per partner and in all", () => {
  const entry = (over: Partial<AssessorEntry>): AssessorEntry => ({
    relationshipId: 1,
    side: "provider",
    organisationId: 10,
    organisationName: "Toimittaja Oy",
    userId: 100,
    name: "A",
    invitationId: null,
    assessment: null,
    ...over,
  });
  const deadline = "2026-12-20";
  const entries = [
    entry({ userId: 100, assessment: { status: "submitted", submittedAt: "2026-12-10T10:00:00Z" } }),
    entry({ userId: 101, assessment: { status: "draft", submittedAt: null } }),
    entry({
      relationshipId: 2,
      organisationId: 11,
      organisationName: "Another Oy",
      userId: 102,
      assessment: { status: "submitted", submittedAt: "2026-12-22T10:00:00Z" },
    }),
    entry({ relationshipId: 2, side: "customer", organisationId: 12, organisationName: "Asiakas Oy", userId: 103 }),
    entry({ relationshipId: 1, side: "customer", organisationId: 12, organisationName: "Asiakas Oy", userId: null, invitationId: 7, name: "Invited" }),
  ];

  it("counts each asked assessor once, and once more when they have submitted (late counts, marked late)", () => {
    const f = roundFigures(entries, deadline);
    expect(f.total).toEqual({ submitted: 2, asked: 5 });
    expect(f.sides).toEqual({ provider: { submitted: 2, asked: 3 }, customer: { submitted: 0, asked: 2 } });
    expect(f.partners).toEqual([
      { organisationId: 11, organisationName: "Another Oy", submitted: 1, asked: 1 },
      { organisationId: 12, organisationName: "Asiakas Oy", submitted: 0, asked: 2 },
      { organisationId: 10, organisationName: "Toimittaja Oy", submitted: 1, asked: 2 },
    ]);
    expect(f.assessors.map((a) => a.status)).toEqual(["submitted", "draft", "late", "not_started", "not_started"]);
  });

  it("an empty round has nothing asked", () => {
    expect(roundFigures([], deadline)).toEqual({
      total: { submitted: 0, asked: 0 },
      sides: { provider: { submitted: 0, asked: 0 }, customer: { submitted: 0, asked: 0 } },
      partners: [],
      assessors: [],
    });
  });

  it("assessorStatus", () => {
    expect(assessorStatus({ assessment: null }, deadline)).toBe("not_started");
    expect(assessorStatus({ assessment: { status: "draft", submittedAt: null } }, deadline)).toBe("draft");
    expect(assessorStatus({ assessment: { status: "submitted", submittedAt: "2026-12-20T21:00:00Z" } }, deadline)).toBe("submitted");
    expect(assessorStatus({ assessment: { status: "submitted", submittedAt: "2026-12-20T22:00:00Z" } }, deadline)).toBe("late");
  });
});
