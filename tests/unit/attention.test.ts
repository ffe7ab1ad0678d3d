import { describe, expect, it } from "vitest";
import { attentionReasons, isCriticalAndWeak, largeGap, poorScore, quiet, scoreDrop, type AttentionInput } from "../../app/domain/attention";
import { DEFAULT_SCORE_BANDS, type ScoreBands } from "../../app/domain/score-bands";
import { assessablePeriods, periodProblem, submissionProblems, type Answers } from "../../app/domain/assessment";
import { FACTORS } from "../../app/domain/factors";
import type { FactorPerformance } from "../../app/domain/scoring";

const NOW = "2026-Q4";
const flat = (p: number): FactorPerformance => Object.fromEntries(FACTORS.map((f) => [f, p]));

const BASE: AttentionInput = {
  currentQuarter: NOW,
  stage: "active",
  criticality: "medium",
  bands: DEFAULT_SCORE_BANDS,
  startDate: "2022-03-01",
  scores: [
    { period: "2026-Q2", score: 70 },
    { period: "2026-Q3", score: 68 },
  ],
  sides: [{ period: "2026-Q3", provider: flat(4), customer: flat(4) }],
  lastSubmittedPeriod: "2026-Q3",
  lastMeasurementMonth: "2026-10",
};

describe("rule 1: the score fell by 10 points or more since the previous quarter", () => {
  it.each<[string, AttentionInput["scores"], null | { from: number; to: number; period: string }]>([
    [
      "a small fall",
      [
        { period: "2026-Q2", score: 70 },
        { period: "2026-Q3", score: 61 },
      ],
      null,
    ],
    [
      "exactly 10 points",
      [
        { period: "2026-Q2", score: 70 },
        { period: "2026-Q3", score: 60 },
      ],
      { from: 70, to: 60, period: "2026-Q3" },
    ],
    [
      "10 points after rounding noise",
      [
        { period: "2026-Q2", score: 57.5 },
        { period: "2026-Q3", score: 47.5 },
      ],
      { from: 57.5, to: 47.5, period: "2026-Q3" },
    ],
    [
      "9.9 points",
      [
        { period: "2026-Q2", score: 70 },
        { period: "2026-Q3", score: 60.1 },
      ],
      null,
    ],
    [
      "a rise",
      [
        { period: "2026-Q2", score: 50 },
        { period: "2026-Q3", score: 80 },
      ],
      null,
    ],
    [
      "order of input does not matter",
      [
        { period: "2026-Q3", score: 40 },
        { period: "2026-Q2", score: 80 },
      ],
      { from: 80, to: 40, period: "2026-Q3" },
    ],
    // A missing quarter is missing, never zero: no comparison across a gap.
    [
      "previous quarter missing",
      [
        { period: "2026-Q1", score: 90 },
        { period: "2026-Q3", score: 40 },
      ],
      null,
    ],
    [
      "previous quarter has no score",
      [
        { period: "2026-Q2", score: null },
        { period: "2026-Q3", score: 40 },
      ],
      null,
    ],
    [
      "latest quarter without score is skipped",
      [
        { period: "2026-Q2", score: 80 },
        { period: "2026-Q3", score: 65 },
        { period: "2026-Q4", score: null },
      ],
      { from: 80, to: 65, period: "2026-Q3" },
    ],
    [
      "the current quarter counts once scored",
      [
        { period: "2026-Q3", score: 80 },
        { period: "2026-Q4", score: 69 },
      ],
      { from: 80, to: 69, period: "2026-Q4" },
    ],
    [
      "a future quarter is ignored",
      [
        { period: "2026-Q3", score: 80 },
        { period: "2027-Q1", score: 20 },
      ],
      null,
    ],
    ["no scores at all", [], null],
  ])("%s", (_name, scores, expected) => {
    const r = scoreDrop({ currentQuarter: NOW, scores });
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatchObject({ kind: "score_drop", ...expected, drop: expected.from - expected.to });
  });
});

/** Bands an administrator moved up: poor below 60. */
const STRICT_BANDS: ScoreBands = [
  { key: "poor", min: 0, max: 59.9 },
  { key: "fair", min: 60, max: 79.9 },
  { key: "good", min: 80, max: 100 },
];

describe("rule 1b: the latest score is in the lowest band", () => {
  type Case = [
    string,
    { scores: AttentionInput["scores"]; criticality?: AttentionInput["criticality"]; bands?: ScoreBands },
    null | { period: string; score: number; criticalAndWeak: boolean; bandMax: number },
  ];
  it.each<Case>([
    [
      "28.6 on a high-criticality service (the demo case)",
      { scores: [{ period: "2026-Q3", score: 28.6 }], criticality: "high" },
      { period: "2026-Q3", score: 28.6, criticalAndWeak: true, bandMax: 49.9 },
    ],
    [
      "49.9: the top of the poor band",
      { scores: [{ period: "2026-Q3", score: 49.9 }] },
      { period: "2026-Q3", score: 49.9, criticalAndWeak: false, bandMax: 49.9 },
    ],
    ["50: the bottom of the fair band", { scores: [{ period: "2026-Q3", score: 50 }] }, null],
    ["0", { scores: [{ period: "2026-Q3", score: 0 }], criticality: "low" }, { period: "2026-Q3", score: 0, criticalAndWeak: false, bandMax: 49.9 }],
    [
      "a critical service",
      { scores: [{ period: "2026-Q3", score: 38.8 }], criticality: "critical" },
      { period: "2026-Q3", score: 38.8, criticalAndWeak: true, bandMax: 49.9 },
    ],
    [
      "a medium service is poor but not critical and weak",
      { scores: [{ period: "2026-Q3", score: 30 }], criticality: "medium" },
      { period: "2026-Q3", score: 30, criticalAndWeak: false, bandMax: 49.9 },
    ],
    [
      "only the latest score counts: poor before, fair now",
      {
        scores: [
          { period: "2026-Q2", score: 20 },
          { period: "2026-Q3", score: 60 },
        ],
      },
      null,
    ],
    [
      "fair before, poor now (input order does not matter)",
      {
        scores: [
          { period: "2026-Q3", score: 40 },
          { period: "2026-Q2", score: 60 },
        ],
      },
      { period: "2026-Q3", score: 40, criticalAndWeak: false, bandMax: 49.9 },
    ],
    [
      "a quarter without a score is skipped",
      {
        scores: [
          { period: "2026-Q3", score: 45 },
          { period: "2026-Q4", score: null },
        ],
      },
      { period: "2026-Q3", score: 45, criticalAndWeak: false, bandMax: 49.9 },
    ],
    [
      "a future quarter is not yet a score",
      {
        scores: [
          { period: "2026-Q3", score: 70 },
          { period: "2027-Q1", score: 10 },
        ],
      },
      null,
    ],
    ["no score is never poor", { scores: [] }, null],
    [
      "the model's bands decide: 55 is poor when poor ends at 59.9",
      { scores: [{ period: "2026-Q3", score: 55 }], criticality: "high", bands: STRICT_BANDS },
      { period: "2026-Q3", score: 55, criticalAndWeak: true, bandMax: 59.9 },
    ],
    ["the model's bands decide: 60 is fair then", { scores: [{ period: "2026-Q3", score: 60 }], criticality: "high", bands: STRICT_BANDS }, null],
  ])("%s", (_name, input, expected) => {
    const r = poorScore({ currentQuarter: NOW, criticality: input.criticality ?? "medium", bands: input.bands ?? DEFAULT_SCORE_BANDS, scores: input.scores });
    if (expected === null) expect(r).toBeNull();
    else expect(r).toEqual({ kind: "poor_score", bandMin: 0, criticality: input.criticality ?? "medium", ...expected });
  });

  it.each<[AttentionInput["criticality"], number | null, ScoreBands, boolean]>([
    ["critical", 49.9, DEFAULT_SCORE_BANDS, true],
    ["high", 0, DEFAULT_SCORE_BANDS, true],
    ["critical", 50, DEFAULT_SCORE_BANDS, false],
    ["medium", 10, DEFAULT_SCORE_BANDS, false],
    ["low", 10, DEFAULT_SCORE_BANDS, false],
    ["critical", null, DEFAULT_SCORE_BANDS, false],
    ["high", 55, STRICT_BANDS, true],
    ["high", 60, STRICT_BANDS, false],
  ])("isCriticalAndWeak(%s, %s) = %s", (criticality, score, bands, expected) => {
    expect(isCriticalAndWeak(criticality, score, bands)).toBe(expected);
  });
});

describe("rule 2: no submitted assessment and no new measurement for two quarters", () => {
  it.each<[string, Partial<AttentionInput>, string | null | false]>([
    // false = not flagged; otherwise the reported last activity quarter (null = never)
    ["recent assessment and measurement", {}, false],
    ["assessment two quarters back is still recent", { lastSubmittedPeriod: "2026-Q2", lastMeasurementMonth: null }, false],
    ["measurement two quarters back is still recent", { lastSubmittedPeriod: null, lastMeasurementMonth: "2026-04" }, false],
    ["both three quarters back", { lastSubmittedPeriod: "2026-Q1", lastMeasurementMonth: "2026-03" }, "2026-Q1"],
    ["old assessment, newer but still old measurement", { lastSubmittedPeriod: "2025-Q3", lastMeasurementMonth: "2026-02" }, "2026-Q1"],
    ["old assessment, recent measurement", { lastSubmittedPeriod: "2025-Q3", lastMeasurementMonth: "2026-09" }, false],
    ["never any data", { lastSubmittedPeriod: null, lastMeasurementMonth: null }, null],
    ["never any data but started last quarter", { lastSubmittedPeriod: null, lastMeasurementMonth: null, startDate: "2026-08-15" }, false],
    ["started at the start of the quiet window", { lastSubmittedPeriod: null, lastMeasurementMonth: null, startDate: "2026-04-01" }, null],
    ["a prospect is not expected to have data", { stage: "prospect", lastSubmittedPeriod: null, lastMeasurementMonth: null }, false],
    ["an ended relationship is not expected to have data", { stage: "ended", lastSubmittedPeriod: null, lastMeasurementMonth: null }, false],
    ["a passive relationship is still watched", { stage: "passive", lastSubmittedPeriod: "2025-Q4", lastMeasurementMonth: null }, "2025-Q4"],
  ])("%s", (_name, patch, expected) => {
    const r = quiet({ ...BASE, ...patch });
    if (expected === false) expect(r).toBeNull();
    else expect(r).toEqual({ kind: "quiet", lastActivityPeriod: expected, sinceQuarters: 2 });
  });
});

describe("rule 3: the sides differ by 1.5 points or more on any factor", () => {
  it.each<[string, AttentionInput["sides"], null | { period: string; factors: Array<[string, number]> }]>([
    ["equal views", [{ period: "2026-Q3", provider: flat(4), customer: flat(4) }], null],
    ["a difference of 1.4", [{ period: "2026-Q3", provider: { ...flat(4), trust: 4.4 }, customer: { ...flat(4), trust: 3 } }], null],
    [
      "exactly 1.5, provider higher",
      [{ period: "2026-Q3", provider: { ...flat(3), knowledge: 4.5 }, customer: flat(3) }],
      { period: "2026-Q3", factors: [["knowledge", 1.5]] },
    ],
    [
      "customer higher by 2 on two factors",
      [{ period: "2026-Q3", provider: { ...flat(3), trust: 2, selling: 1 }, customer: { ...flat(3), trust: 4, selling: 3 } }],
      {
        period: "2026-Q3",
        factors: [
          ["trust", -2],
          ["selling", -2],
        ],
      },
    ],
    [
      "averaged assessors: 4.5 vs 3 (two assessors 4 and 5)",
      [{ period: "2026-Q3", provider: { ...flat(3), trust: (4 + 5) / 2 }, customer: flat(3) }],
      { period: "2026-Q3", factors: [["trust", 1.5]] },
    ],
    [
      "a factor only one side scored is not a gap",
      [{ period: "2026-Q3", provider: { ...flat(3), compensation: 5 }, customer: { ...flat(3), compensation: null } }],
      null,
    ],
    [
      "only the latest quarter both sides assessed counts",
      [
        { period: "2026-Q2", provider: { ...flat(3), trust: 5 }, customer: flat(3) },
        { period: "2026-Q3", provider: flat(3), customer: flat(3) },
      ],
      null,
    ],
    [
      "a quarter with one side only is skipped",
      [
        { period: "2026-Q2", provider: { ...flat(3), trust: 5 }, customer: flat(3) },
        { period: "2026-Q3", provider: flat(3), customer: {} },
      ],
      { period: "2026-Q2", factors: [["trust", 2]] },
    ],
    ["no assessments", [], null],
  ])("%s", (_name, sides, expected) => {
    const r = largeGap({ currentQuarter: NOW, sides });
    if (expected === null) expect(r).toBeNull();
    else expect(r).toEqual({ kind: "perception_gap", period: expected.period, factors: expected.factors.map(([factor, gap]) => ({ factor, gap })) });
  });
});

describe("attentionReasons", () => {
  it("is empty for a healthy relationship", () => {
    expect(attentionReasons(BASE)).toEqual([]);
  });

  it("lists every rule that applies, in rule order", () => {
    const input: AttentionInput = {
      ...BASE,
      scores: [
        { period: "2025-Q4", score: 75 },
        { period: "2026-Q1", score: 50 },
      ],
      sides: [{ period: "2026-Q1", provider: { ...flat(3), trust: 5 }, customer: flat(3) }],
      lastSubmittedPeriod: "2026-Q1",
      lastMeasurementMonth: "2026-01",
    };
    expect(attentionReasons(input).map((r) => r.kind)).toEqual(["score_drop", "quiet", "perception_gap"]);
  });

  it("names a poor score as its reason, after a drop", () => {
    const input: AttentionInput = {
      ...BASE,
      criticality: "high",
      scores: [
        { period: "2026-Q2", score: 45 },
        { period: "2026-Q3", score: 28.6 },
      ],
    };
    expect(attentionReasons(input)).toEqual([
      { kind: "score_drop", period: "2026-Q3", previousPeriod: "2026-Q2", from: 45, to: 28.6, drop: 45 - 28.6 },
      { kind: "poor_score", period: "2026-Q3", score: 28.6, bandMin: 0, bandMax: 49.9, criticality: "high", criticalAndWeak: true },
    ]);
  });

  it("flags a steady poor score on its own (no drop, no other reason)", () => {
    const input: AttentionInput = {
      ...BASE,
      scores: [
        { period: "2026-Q2", score: 40 },
        { period: "2026-Q3", score: 41 },
      ],
    };
    expect(attentionReasons(input).map((r) => r.kind)).toEqual(["poor_score"]);
  });
});

describe("assessment rules", () => {
  const asOf = new Date("2026-11-22T12:00:00Z");
  it.each<[string, string, ReturnType<typeof periodProblem>]>([
    ["2026-Q4", "2020-01-01", null],
    ["2026-Q3", "2020-01-01", null],
    ["2027-Q1", "2020-01-01", "future"],
    ["2026-Q5", "2020-01-01", "malformed"],
    ["2026Q3", "2020-01-01", "malformed"],
    ["", "2020-01-01", "malformed"],
    ["2026-Q1", "2026-05-10", "before_start"],
    ["2026-Q2", "2026-05-10", null],
  ])("period %j for a relationship started %s: %s", (period, start, expected) => {
    expect(periodProblem(period, start, asOf)).toBe(expected);
  });

  it("offers the quarters from now back to the start, newest first", () => {
    expect(assessablePeriods("2026-02-15", asOf)).toEqual(["2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1"]);
    expect(assessablePeriods("2010-01-01", asOf, 3)).toEqual(["2026-Q4", "2026-Q3", "2026-Q2"]);
  });

  const full: Answers = Object.fromEntries(FACTORS.map((f) => [f, { score: 4, notApplicable: false, evidence: "ok" }]));
  it.each<[string, Answers, string[]]>([
    ["complete", full, []],
    ["one not applicable with a note", { ...full, compensation: { score: null, notApplicable: true, evidence: "no rebates" } }, []],
    ["a factor missing", { ...full, trust: undefined }, ["trust:missing_score"]],
    ["a score without evidence", { ...full, selling: { score: 2, notApplicable: false, evidence: "  " } }, ["selling:missing_evidence"]],
    ["all not applicable", Object.fromEntries(FACTORS.map((f) => [f, { score: null, notApplicable: true, evidence: "n/a" }])), ["null:no_scores"]],
  ])("submission %s", (_name, answers, expected) => {
    expect(submissionProblems(answers).map((p) => `${p.factor}:${p.problem}`)).toEqual(expected);
  });
});
