import { describe, expect, it } from "vitest";
import { actionRequired, calendarDay, isOverdue, type ActionRequiredInput } from "../../app/domain/development-actions";
import type { ActionStatus, Criticality, FactorKey } from "../../app/domain/factors";
import { DEFAULT_SCORE_BANDS, type ScoreBands } from "../../app/domain/score-bands";

const STRICT_BANDS: ScoreBands = [
  { key: "poor", min: 0, max: 59.9 },
  { key: "fair", min: 60, max: 79.9 },
  { key: "good", min: 80, max: 100 },
];

type Action = { factor: FactorKey | null; status: ActionStatus };

describe("action required: a poor score on a high or critical service asks for an action on its weakest factor", () => {
  type Case = [name: string, score: number | null, criticality: Criticality, actions: Action[], expected: FactorKey | null, bands?: ScoreBands];
  it.each<Case>([
    ["poor, high, no actions", 28.6, "high", [], "trust"],
    ["poor, critical, no actions", 38.8, "critical", [], "trust"],
    ["49.9 is still poor", 49.9, "critical", [], "trust"],
    ["50 is fair: nothing required", 50, "critical", [], null],
    ["poor but medium criticality: attention, not a required action", 20, "medium", [], null],
    ["poor but low criticality", 20, "low", [], null],
    ["a planned action for the weakest factor answers it", 28.6, "high", [{ factor: "trust", status: "planned" }], null],
    ["an action in progress for the weakest factor answers it", 28.6, "high", [{ factor: "trust", status: "in_progress" }], null],
    ["a done action does not: the score is still poor", 28.6, "high", [{ factor: "trust", status: "done" }], "trust"],
    ["a cancelled action does not", 28.6, "high", [{ factor: "trust", status: "cancelled" }], "trust"],
    ["an open action for another factor does not", 28.6, "high", [{ factor: "selling", status: "planned" }], "trust"],
    ["an open action without a factor does not", 28.6, "high", [{ factor: null, status: "in_progress" }], "trust"],
    [
      "one of several actions is enough",
      28.6,
      "high",
      [
        { factor: "selling", status: "planned" },
        { factor: "trust", status: "done" },
        { factor: "trust", status: "planned" },
      ],
      null,
    ],
    ["no score: nothing required", null, "critical", [], null],
    ["the model's bands decide: 55 is poor when poor ends at 59.9", 55, "high", [], "trust", STRICT_BANDS],
    ["the model's bands decide: 60 is fair then", 60, "high", [], null, STRICT_BANDS],
  ])("%s", (_name, score, criticality, actions, expected, bands = DEFAULT_SCORE_BANDS) => {
    const input: ActionRequiredInput = {
      latest: score === null ? null : { period: "2026-Q3", score, weakestFactor: "trust" },
      criticality,
      bands,
      actions,
    };
    const r = actionRequired(input);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toEqual({ period: "2026-Q3", score, criticality, factor: expected });
  });
});

describe("overdue actions", () => {
  it.each<[string, ActionStatus, string | null, boolean]>([
    ["planned, due yesterday", "planned", "2026-12-03", true],
    ["in progress, due a month ago", "in_progress", "2026-11-04", true],
    ["due today is not yet overdue", "planned", "2026-12-04", false],
    ["due tomorrow", "in_progress", "2026-12-05", false],
    ["no due date", "planned", null, false],
    ["done after its due date is not overdue", "done", "2026-11-01", false],
    ["cancelled is not overdue", "cancelled", "2026-11-01", false],
  ])("%s", (_name, status, dueDate, expected) => {
    expect(isOverdue({ status, dueDate }, "2026-12-04")).toBe(expected);
  });

  it("takes today in Helsinki: 23:30 UTC on 3 December is already 4 December there", () => {
    expect(calendarDay(new Date("2026-12-03T23:30:00Z"))).toBe("2026-12-04");
    expect(calendarDay(new Date("2026-12-03T21:30:00Z"))).toBe("2026-12-03");
    expect(calendarDay(new Date("2026-06-30T21:30:00Z"))).toBe("2026-07-01"); // summer time, UTC+3
  });
});
