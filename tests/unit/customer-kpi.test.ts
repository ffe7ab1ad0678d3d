import { describe, expect, it } from "vitest";
import {
  chainPosition,
  clvWindow,
  equityBySegment,
  equityInQuarter,
  npsBySegment,
  npsInQuarter,
  quarterBounds,
  retentionBySegment,
  retentionInQuarter,
  segmentOf,
  segmentsFor,
  stageBefore,
  type KpiRelationship,
  type MonthlyValue,
  type StageChange,
} from "../../app/domain/customer-kpi";
import type { LifecycleStage } from "../../app/domain/factors";

/** A history from 'stage@date' steps, e.g. h('new@2024-01-10', 'active@2024-05-01'). */
function h(...steps: string[]): StageChange[] {
  return steps.map((s) => {
    const [toStage, changedOn] = s.split("@");
    return { toStage: toStage as LifecycleStage, changedOn };
  });
}

function rel(id: number, history: StageChange[], over: Partial<KpiRelationship> = {}): KpiRelationship {
  return { id, startDate: "2020-01-01", maturityOverride: null, providerSize: "medium", diversity: "mixed", position: "end_customer", history, ...over };
}

describe("quarterBounds / stageBefore", () => {
  it.each([
    ["2026-Q1", "2026-01-01", "2026-04-01"],
    ["2026-Q4", "2026-10-01", "2027-01-01"],
  ])("%s is [%s, %s)", (q, start, end) => {
    expect(quarterBounds(q)).toEqual({ start, endExclusive: end });
  });

  it.each<[string, StageChange[], string, LifecycleStage | null]>([
    ["no history", [], "2026-04-01", null],
    ["only later changes", h("new@2026-05-01"), "2026-04-01", null],
    ["a change on the date itself is not before it", h("new@2026-01-10", "ended@2026-04-01"), "2026-04-01", "new"],
    ["the latest earlier change wins", h("new@2026-01-10", "active@2026-03-01"), "2026-04-01", "active"],
    ["same-day changes count in recorded order", h("active@2026-01-10", "passive@2026-02-01", "active@2026-02-01"), "2026-04-01", "active"],
    ["unsorted history is read by date", h("active@2026-03-01", "new@2026-01-10"), "2026-04-01", "active"],
  ])("%s", (_name, history, date, expected) => {
    expect(stageBefore(history, date)).toBe(expected);
  });
});

describe("retention rule for one relationship in 2026-Q2 (2026-04-01 to 2026-06-30)", () => {
  // outcome: kept / lost (counted), gained (not counted, became a customer), none (not counted).
  it.each<[string, StageChange[], "kept" | "lost" | "gained" | "none"]>([
    ["active throughout", h("new@2024-01-10", "active@2024-05-01"), "kept"],
    ["new at the start, active at the end", h("new@2026-03-31", "active@2026-05-02"), "kept"],
    ["passivating at the start and the end (still a customer)", h("active@2025-01-01", "passivating@2026-02-01"), "kept"],
    ["active, then passivating within the quarter", h("active@2025-01-01", "passivating@2026-05-01"), "kept"],
    ["ended within the quarter", h("active@2025-01-01", "ended@2026-05-10"), "lost"],
    ["passive on the last day of the quarter", h("active@2025-01-01", "passive@2026-06-30"), "lost"],
    ["passive on the first day of the next quarter", h("active@2025-01-01", "passive@2026-07-01"), "kept"],
    ["ended on the first day of the quarter", h("active@2025-01-01", "ended@2026-04-01"), "lost"],
    ["passive and back to active within the quarter (only the ends count)", h("active@2025-01-01", "passive@2026-05-01", "active@2026-06-01"), "kept"],
    ["new on the first day of the quarter", h("prospect@2026-02-01", "new@2026-04-01"), "gained"],
    ["prospect at the start, new within the quarter", h("suspect@2026-01-01", "prospect@2026-02-01", "new@2026-05-01"), "gained"],
    ["passive at the start, reactivated within the quarter", h("active@2025-01-01", "passive@2026-01-01", "active@2026-05-01"), "gained"],
    ["prospect throughout", h("suspect@2026-01-01", "prospect@2026-02-01"), "none"],
    ["ended before the quarter", h("active@2024-01-01", "ended@2025-12-01"), "none"],
    ["no lifecycle history", [], "none"],
    ["starts after the quarter", h("new@2026-07-15"), "none"],
  ])("%s: %s", (_name, history, outcome) => {
    const f = retentionInQuarter([rel(1, history)], "2026-Q2");
    const counted = outcome === "kept" || outcome === "lost";
    expect(f.atStart).toBe(counted ? 1 : 0);
    expect(f.kept).toBe(outcome === "kept" ? 1 : 0);
    expect(f.lost).toBe(outcome === "lost" ? 1 : 0);
    expect(f.retention).toBe(counted ? (outcome === "kept" ? 1 : 0) : null);
    expect(f.churn).toBe(counted ? (outcome === "lost" ? 1 : 0) : null);
    expect(f.gained).toEqual(outcome === "gained" ? [1] : []);
  });

  it("names the stages at both ends and the last change within the quarter", () => {
    const f = retentionInQuarter([rel(7, h("active@2025-01-01", "passivating@2026-04-20", "passive@2026-06-02"))], "2026-Q2");
    expect(f.entries).toEqual([{ relationshipId: 7, stageAtStart: "active", stageAtEnd: "passive", kept: false, changedOn: "2026-06-02" }]);
  });
});

describe("retention and churn per segment from a lifecycle table", () => {
  // The table: id, size, diversity, position, start date, history.
  const table: KpiRelationship[] = [
    rel(1, h("new@2024-01-10", "active@2024-05-01"), { providerSize: "large", diversity: "mixed", position: "supplier", startDate: "2024-01-10" }),
    rel(2, h("new@2023-02-01", "active@2023-06-01", "ended@2026-02-15"), {
      providerSize: "large",
      diversity: "uniform",
      position: "end_customer",
      startDate: "2023-02-01",
    }),
    rel(3, h("new@2025-04-15", "active@2025-09-01"), { providerSize: "small", diversity: "diverse", position: "end_customer", startDate: "2025-04-15" }),
    rel(4, h("new@2022-03-01", "active@2022-06-01", "passivating@2025-11-01", "passive@2026-05-20"), {
      providerSize: "small",
      diversity: "uniform",
      position: "end_customer",
      startDate: "2022-03-01",
    }),
    rel(5, h("suspect@2026-01-05", "prospect@2026-02-01", "new@2026-04-10"), {
      providerSize: null,
      diversity: "mixed",
      position: "end_customer",
      startDate: "2026-04-10",
    }),
  ];
  const quarters = ["2026-Q1", "2026-Q2", "2026-Q3"];

  /** [atStart, kept, retention, churn] per quarter. */
  type Row = [number, number, number | null, number | null];
  const of = (series: ReturnType<typeof retentionBySegment>, segment: string): Row[] =>
    series.find((s) => s.segment === segment)!.figures.map((f) => [f.atStart, f.kept, f.retention, f.churn]);

  it("by chain position, including an empty segment (no data, never 0)", () => {
    const series = retentionBySegment(table, quarters, "position");
    expect(series.map((s) => s.segment)).toEqual(["all", "supplier", "end_customer", "other"]);
    // Q1: 1, 2, 3, 4 at start; 2 ends 2026-02-15. Q2: 1, 3, 4; 4 goes passive; 5 is gained. Q3: 1, 3, 5.
    expect(of(series, "all")).toEqual([
      [4, 3, 3 / 4, 1 / 4],
      [3, 2, 2 / 3, 1 / 3],
      [3, 3, 1, 0],
    ]);
    expect(of(series, "supplier")).toEqual([
      [1, 1, 1, 0],
      [1, 1, 1, 0],
      [1, 1, 1, 0],
    ]);
    expect(of(series, "end_customer")).toEqual([
      [3, 2, 2 / 3, 1 / 3],
      [2, 1, 1 / 2, 1 / 2],
      [2, 2, 1, 0],
    ]);
    expect(of(series, "other")).toEqual([
      [0, 0, null, null],
      [0, 0, null, null],
      [0, 0, null, null],
    ]);
    expect(series.find((s) => s.segment === "end_customer")!.figures[1].gained).toEqual([5]);
  });

  it("by provider size: empty classes are listed, providers without a size class get their own segment", () => {
    const series = retentionBySegment(table, quarters, "size");
    expect(series.map((s) => s.segment)).toEqual(["all", "micro", "small", "medium", "large", "unknown"]);
    expect(of(series, "micro")).toEqual([
      [0, 0, null, null],
      [0, 0, null, null],
      [0, 0, null, null],
    ]);
    // A real 0 % retention (one counted, none kept) stays 0, unlike an empty segment.
    expect(of(series, "small")).toEqual([
      [2, 2, 1, 0],
      [2, 1, 1 / 2, 1 / 2],
      [1, 1, 1, 0],
    ]);
    expect(of(series, "large")).toEqual([
      [2, 1, 1 / 2, 1 / 2],
      [1, 1, 1, 0],
      [1, 1, 1, 0],
    ]);
    expect(of(series, "unknown")).toEqual([
      [0, 0, null, null],
      [0, 0, null, null],
      [1, 1, 1, 0],
    ]);
  });

  it("by diversity, with a segment whose retention is a real 0", () => {
    const series = retentionBySegment(table, quarters, "diversity");
    expect(of(series, "uniform")).toEqual([
      [2, 1, 1 / 2, 1 / 2],
      [1, 0, 0, 1],
      [0, 0, null, null],
    ]);
  });

  it("by maturity read at each quarter start: a relationship moves from early to developing", () => {
    // 3 started 2025-04-15: under a year old on 2026-04-01, a year old on 2026-07-01.
    expect(segmentOf(table[2], "maturity", "2026-Q2")).toBe("early");
    expect(segmentOf(table[2], "maturity", "2026-Q3")).toBe("developing");
    const series = retentionBySegment(table, quarters, "maturity");
    expect(series.map((s) => s.segment)).toEqual(["all", "early", "developing", "mature"]);
    // Ages on 2026-01-01 / 04-01 / 07-01: 1 (2024-01-10) 1/2/2 years, 2 (2023-02-01) 2/3/3, 3 (2025-04-15) 0/0/1,
    // 4 (2022-03-01) 3/4/4, 5 (2026-04-10) -/-/0.
    expect(of(series, "early")).toEqual([
      [1, 1, 1, 0], // 3
      [1, 1, 1, 0], // 3 (5 became a customer during Q2: not counted)
      [1, 1, 1, 0], // 5
    ]);
    expect(of(series, "developing")).toEqual([
      [2, 1, 1 / 2, 1 / 2], // 1, and 2, which ends in Q1
      [1, 1, 1, 0], // 1
      [2, 2, 1, 0], // 1 and 3
    ]);
    expect(of(series, "mature")).toEqual([
      [1, 1, 1, 0], // 4
      [1, 0, 0, 1], // 4 goes passive: a real 0 % (2 ended before Q2 and is not counted)
      [0, 0, null, null], // nobody
    ]);
  });

  it("a maturity override wins over the age in every quarter", () => {
    const r = rel(9, h("new@2025-04-15"), { startDate: "2025-04-15", maturityOverride: "mature" });
    expect(["2025-Q3", "2026-Q3"].map((q) => segmentOf(r, "maturity", q))).toEqual(["mature", "mature"]);
  });

  it("no relationships at all: every segment says no data", () => {
    const series = retentionBySegment([], ["2026-Q1"], "all");
    expect(series).toEqual([
      { segment: "all", figures: [{ quarter: "2026-Q1", atStart: 0, kept: 0, lost: 0, retention: null, churn: null, entries: [], gained: [] }] },
    ]);
    expect(segmentsFor("size", [])).toEqual(["all", "micro", "small", "medium", "large"]);
  });

  it.each<[number, number, number, string]>([
    [10, 20, 20, "supplier"],
    [1, 20, 1, "end_customer"],
    [10, 20, 30, "other"],
  ])("chain position of %d -> %d with focal %d is %s", (p, c, focal, expected) => {
    expect(chainPosition(p, c, focal)).toBe(expected);
  });
});

describe("NPS from recorded values", () => {
  const v = (subjectId: number, month: string, value: number): MonthlyValue => ({ subjectId, month, value });
  it.each<[string, MonthlyValue[], number[], number | null]>([
    ["no values: no data, not 0", [], [1], null],
    ["one relationship, three months: their mean", [v(1, "2026-07", 10), v(1, "2026-08", 20), v(1, "2026-09", 30)], [1], 20],
    // Each relationship weighs the same: (15 + 60) / 2, not (10 + 20 + 60) / 3.
    ["two relationships with different month counts", [v(1, "2026-07", 10), v(1, "2026-08", 20), v(2, "2026-09", 60)], [1, 2], 37.5],
    ["months outside the quarter are left out", [v(1, "2026-06", 90), v(1, "2026-07", 10), v(1, "2026-10", 90)], [1], 10],
    ["other subjects are left out", [v(1, "2026-07", 10), v(3, "2026-07", 90)], [1], 10],
    ["negative scores count", [v(1, "2026-07", -100), v(2, "2026-07", -20)], [1, 2], -60],
    ["a value outside -100..100 is rejected, not counted", [v(1, "2026-07", 150), v(1, "2026-08", 40)], [1], 40],
    ["only rejected values: no data", [v(1, "2026-07", -101)], [1], null],
  ])("%s", (_name, values, subjects, expected) => {
    const f = npsInQuarter(values, new Set(subjects), "2026-Q3");
    if (expected === null) expect(f.nps).toBeNull();
    else expect(f.nps).toBeCloseTo(expected, 12);
  });

  it("lists the inputs: each relationship, its months and its quarterly NPS, and the rejected values", () => {
    const f = npsInQuarter([v(2, "2026-08", 30), v(2, "2026-07", 10), v(1, "2026-09", 150)], new Set([1, 2]), "2026-Q3");
    expect(f.entries).toEqual([
      {
        subjectId: 2,
        values: [
          { month: "2026-07", value: 10 },
          { month: "2026-08", value: 30 },
        ],
        nps: 20,
      },
    ]);
    expect(f.rejected).toEqual([v(1, "2026-09", 150)]);
  });

  it("per segment: a segment whose relationships recorded nothing says no data", () => {
    const rels = [rel(1, [], { position: "supplier" }), rel(2, [], { position: "end_customer" })];
    const series = npsBySegment(rels, [v(2, "2026-07", 40), v(2, "2026-08", 50)], ["2026-Q3"], "position");
    expect(series.map((s) => [s.segment, s.figures[0].nps])).toEqual([
      ["all", 45],
      ["supplier", null],
      ["end_customer", 45],
      ["other", null],
    ]);
  });
});

describe("CLV and customer equity from recorded margin and retention", () => {
  const v = (subjectId: number, month: string, value: number): MonthlyValue => ({ subjectId, month, value });
  const year = clvWindow("2026-Q3");
  const monthly = (subjectId: number, value: number, months = year) => months.map((m) => v(subjectId, m, value));
  const active = h("new@2024-01-01", "active@2024-03-01");
  const params = { discountRate: 0.1, acquisitionCost: 0 };

  it.each([
    ["2026-Q3", "2025-10", "2026-09"],
    ["2026-Q1", "2025-04", "2026-03"],
    ["2026-Q4", "2026-01", "2026-12"],
  ])("the window of %s is the 12 months %s to %s", (q, from, to) => {
    const w = clvWindow(q);
    expect([w.length, w[0], w[11]]).toEqual([12, from, to]);
  });

  it.each<[string, MonthlyValue[], MonthlyValue[], { discountRate: number; acquisitionCost: number }, number]>([
    // m = 12 × 1 000 = 12 000, r = 0.8: 12 000 × 0.8 / (1 + 0.1 − 0.8) = 32 000
    ["a full year", monthly(1, 1000), monthly(1, 80), params, 32_000],
    // Three months recorded: annualised to 3 000 × 12 / 3 = 12 000, the same CLV.
    ["three months, annualised", monthly(1, 1000, year.slice(9)), monthly(1, 80, year.slice(9)), params, 32_000],
    // r is the mean of the recorded rates: (70 + 90) / 2 = 80 %.
    ["retention is the mean of the recorded rates", monthly(1, 1000), [v(1, year[0], 70), v(1, year[5], 90)], params, 32_000],
    // AC is subtracted once: 32 000 − 5 000.
    ["with an acquisition cost", monthly(1, 1000), monthly(1, 80), { discountRate: 0.1, acquisitionCost: 5000 }, 27_000],
    // i = 5 %: 9 600 / 0.25 = 38 400.
    ["with another discount rate", monthly(1, 1000), monthly(1, 80), { discountRate: 0.05, acquisitionCost: 0 }, 38_400],
    // A value outside the window is not an input: 12 000 over the 12 months, not 12 000 + 99 999.
    ["values outside the window are left out", [...monthly(1, 1000), v(1, "2025-09", 99_999)], monthly(1, 80), params, 32_000],
  ])("%s", (_name, margins, retentions, p, expected) => {
    const f = equityInQuarter([rel(1, active)], margins, retentions, "2026-Q3", p);
    expect(f.counted).toBe(1);
    expect(f.entries[0].clv).toBeCloseTo(expected, 6);
    expect(f.equity).toBeCloseTo(expected, 6);
    expect(f.meanClv).toBeCloseTo(expected, 6);
  });

  it.each<[string, StageChange[], MonthlyValue[], MonthlyValue[], { discountRate: number; acquisitionCost: number }, string]>([
    ["not a customer at the end of the quarter", h("active@2024-01-01", "passive@2026-08-01"), monthly(1, 1000), monthly(1, 80), params, "not_customer"],
    ["no margin recorded", active, [], monthly(1, 80), params, "no_margin"],
    ["no retention recorded", active, monthly(1, 1000), [], params, "no_retention"],
    ["retention above 100 %", active, monthly(1, 1000), monthly(1, 120), params, "retention_out_of_range"],
    ["r = 100 % with no discounting never converges", active, monthly(1, 1000), monthly(1, 100), { discountRate: 0, acquisitionCost: 0 }, "diverges"],
  ])("%s: listed, not counted, and the segment has no data", (_name, history, margins, retentions, p, reason) => {
    const f = equityInQuarter([rel(1, history)], margins, retentions, "2026-Q3", p);
    expect(f.entries.map((e) => [e.relationshipId, e.excluded, e.clv])).toEqual([[1, reason, null]]);
    expect(f.counted).toBe(0);
    expect(f.equity).toBeNull();
    expect(f.meanClv).toBeNull();
  });

  it("a relationship that is neither a customer nor has data is not listed at all", () => {
    const f = equityInQuarter([rel(1, h("prospect@2026-01-01"))], [], [], "2026-Q3", params);
    expect(f.entries).toEqual([]);
    expect(f.equity).toBeNull();
  });

  it("customer equity sums CLV over the counted relationships of each segment; an empty segment is no data", () => {
    const rels = [
      rel(1, active, { position: "end_customer" }),
      rel(2, active, { position: "end_customer" }),
      rel(3, active, { position: "end_customer" }), // no margin
      rel(4, active, { position: "supplier" }),
    ];
    const margins = [...monthly(1, 1000), ...monthly(2, 500), ...monthly(4, 100)];
    const retentions = [...monthly(1, 80), ...monthly(2, 60), ...monthly(3, 90), ...monthly(4, 50)];
    const series = equityBySegment(rels, margins, retentions, "2026-Q3", "position", params);
    // 1: 32 000; 2: 6 000 × 0.6 / 0.5 = 7 200; 4: 1 200 × 0.5 / 0.6 = 1 000.
    const by = Object.fromEntries(series.map((s) => [s.segment, s.figure]));
    expect(by.end_customer.equity).toBeCloseTo(39_200, 6);
    expect(by.end_customer.counted).toBe(2);
    expect(by.end_customer.meanClv).toBeCloseTo(19_600, 6);
    expect(by.end_customer.entries.map((e) => [e.relationshipId, e.excluded])).toEqual([
      [1, null],
      [2, null],
      [3, "no_margin"],
    ]);
    expect(by.supplier.equity).toBeCloseTo(1_000, 6);
    expect(by.all.equity).toBeCloseTo(40_200, 6);
    expect(by.other.equity).toBeNull();
    expect(by.other.entries).toEqual([]);
  });
});
