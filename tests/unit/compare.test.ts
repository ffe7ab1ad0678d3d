import { describe, expect, it } from "vitest";
import { gridToCsv, neutraliseFormula } from "../../app/http/export.server";
import {
  buildComparison,
  comparisonGrid,
  comparisonTable,
  evaluatePartner,
  gapTone,
  groupAverages,
  performanceTone,
  predictedLevel,
  radarData,
  sortColumns,
  type PartnerColumn,
  type PartnerInput,
} from "../../app/domain/compare";
import { DEFAULT_STATE, compareQuery, parseCompareState, type CompareProblem, type CompareState } from "../../app/domain/compare-url";
import { FACTORS, type FactorKey } from "../../app/domain/factors";
import { DIGIMENSA_MODEL } from "../../app/domain/importance-model";
import { attentionRows, buildPortfolio, isCriticalAndWeak, parsePortfolioQuery, portfolioGrids, scatterPoints } from "../../app/domain/portfolio";
import { roundHalfUp, scoreRelationship, type FactorPerformance } from "../../app/domain/scoring";
import { DEFAULT_SCORE_BANDS } from "../../app/domain/score-bands";

const all = (p: number): FactorPerformance => Object.fromEntries(FACTORS.map((f) => [f, p]));
const NO_FILTERS = { sizes: [], maturities: [], diversities: [], stages: [] };

function partner(id: number, overrides: Partial<PartnerInput> & { perf?: Partial<PartnerInput["performance"]> } = {}): PartnerInput {
  const { perf, ...rest } = overrides;
  return {
    id,
    name: `Partner ${id}`,
    role: "supplier",
    serviceName: `Service ${id}`,
    providerName: `Partner ${id}`,
    customerName: "Focal Oy",
    chainId: 1,
    chainName: "Chain",
    sizeClass: "large",
    stage: "active",
    context: { sizeClass: "large", startup: false, referenceCustomer: false, maturity: "mature", diversity: "mixed", criticality: "high" },
    performance: { both: {}, customer: {}, provider: {}, ...perf },
    ...rest,
  };
}

const cell = (column: PartnerColumn, factor: FactorKey) => column.cells.find((c) => c.factor === factor)!;

describe("parseCompareState: the URL is the state, and a bad value never throws", () => {
  it.each<[string, string, Partial<CompareState>, CompareProblem[]]>([
    ["empty", "", {}, []],
    ["ids in order, duplicates dropped", "r=5&r=3&r=5", { ids: [5, 3] }, []],
    ["comma-separated ids", "r=1,2,,3", { ids: [1, 2, 3] }, []],
    ["bad ids ignored", "r=1&r=x&r=0&r=-2&r=1.5", { ids: [1] }, ["invalid_ids"]],
    [
      "more than twelve: the first twelve",
      `r=${Array.from({ length: 15 }, (_, i) => i + 1).join(",")}`,
      { ids: Array.from({ length: 12 }, (_, i) => i + 1) },
      ["too_many"],
    ],
    ["side", "side=gap", { side: "gap" }, []],
    ["unknown side falls back to both", "side=all", { side: "both" }, ["invalid_side"]],
    ["quarter", "q=2026-Q2", { quarter: "2026-Q2" }, []],
    ["bad quarter", "q=2026-Q5", { quarter: null }, ["invalid_quarter"]],
    ['an empty quarter is "latest"', "q=", { quarter: null }, []],
    [
      "filters in vocabulary order",
      "size=large&size=micro&maturity=mature&stage=ended&diversity=diverse",
      { sizes: ["micro", "large"], maturities: ["mature"], stages: ["ended"], diversities: ["diverse"] },
      [],
    ],
    ["unknown filter values ignored", "size=huge&size=small", { sizes: ["small"] }, ["invalid_filter"]],
    ["group", "group=diversity", { group: "diversity" }, []],
    ["group none", "group=none", { group: null }, []],
    ["bad group", "group=colour", { group: null }, ["invalid_group"]],
    ["sort", "sort=score", { sort: "score" }, []],
    ["bad sort", "sort=random", { sort: "attention" }, ["invalid_sort"]],
    ["chain and search", "chain=4&find=%20Kipin%C3%A4%20", { chain: 4, find: "Kipinä" }, []],
    ["bad chain", "chain=abc", { chain: null }, ["invalid_chain"]],
    [
      "ids beyond any row (PostgreSQL's integer) are bad ids",
      "r=2147483647&r=2147483648,3000000000&r=99999999999999999999",
      { ids: [2147483647] },
      ["invalid_ids"],
    ],
    ["a chain beyond any row is a bad chain", "chain=3000000000", { chain: null }, ["invalid_chain"]],
  ])("%s", (_name, query, expected, problems) => {
    const parsed = parseCompareState(new URLSearchParams(query));
    expect(parsed.state).toEqual({ ...DEFAULT_STATE, ...expected });
    expect(parsed.problems.sort()).toEqual([...problems].sort());
  });

  it("round-trips through compareQuery", () => {
    const query = "r=4&r=2&side=provider&q=2026-Q1&size=micro&size=large&maturity=early&diversity=uniform&stage=active&group=size&sort=name&chain=2&find=ai";
    const { state } = parseCompareState(new URLSearchParams(query));
    expect(parseCompareState(compareQuery(state)).state).toEqual(state);
    expect(compareQuery(DEFAULT_STATE).toString()).toBe("");
    expect(compareQuery(state, { side: "gap" }).get("side")).toBe("gap");
  });
});

describe("tones: colour bands (the number is always printed too)", () => {
  it.each<[number | null, string]>([
    [null, "none"],
    [1, "poor"],
    [1.99, "poor"],
    [2, "weak"],
    [2.99, "weak"],
    [3, "fair"],
    [3.49, "fair"],
    [3.5, "good"],
    [3.99, "good"],
    [4, "strong"],
    [5, "strong"],
  ])("performance %s -> %s", (p, tone) => expect(performanceTone(p)).toBe(tone));

  it.each<[number | null, string]>([
    [null, "none"],
    [0, "aligned"],
    [0.49, "aligned"],
    [-0.49, "aligned"],
    [0.5, "provider_higher"],
    [2, "provider_higher"],
    [-0.5, "customer_higher"],
    [-3, "customer_higher"],
  ])("gap %s -> %s", (g, tone) => expect(gapTone(g)).toBe(tone));
});

describe("evaluatePartner", () => {
  const perf = {
    both: { "2026-Q3": { ...all(3.5), compensation: 2.25 }, "2026-Q2": all(3) },
    customer: { "2026-Q3": { ...all(3), compensation: 2 }, "2026-Q2": all(3) },
    provider: { "2026-Q3": { ...all(4), compensation: 2.5 } },
  };
  const p = partner(1, { perf });

  it("takes score, weights and attention from scoreRelationship, rounded as shown", () => {
    for (const side of ["both", "customer", "provider"] as const) {
      const column = evaluatePartner(p, "2026-Q3", side, DIGIMENSA_MODEL);
      const expected = scoreRelationship({ context: p.context, performance: perf[side]["2026-Q3"], model: DIGIMENSA_MODEL });
      expect(column.score).toBe(expected.score);
      expect(column.attention).toBe(roundHalfUp(expected.attentionPriority!, 1));
      for (const f of expected.factors) {
        expect(cell(column, f.factor).value).toBe(roundHalfUp(f.performance!, 2));
        expect(cell(column, f.factor).weightPercent).toBe(roundHalfUp(100 * f.weight, 1));
      }
    }
  });

  it.each<[string, "both" | "customer" | "provider", number | null, number | null]>([
    // [side, trust delta, score delta]
    ["both: both quarters scored", "both", 0.5, null],
    ["customer: unchanged trust", "customer", 0, null],
    ["provider: no previous quarter", "provider", null, null],
  ])("changes since the previous quarter: %s", (_n, side, trustDelta) => {
    const column = evaluatePartner(p, "2026-Q3", side, DIGIMENSA_MODEL);
    expect(cell(column, "trust").delta).toBe(trustDelta);
    const before = perf[side]["2026-Q2" as keyof (typeof perf)[typeof side]] as FactorPerformance | undefined;
    const expectedDelta = before
      ? roundHalfUp(
          scoreRelationship({ context: p.context, performance: perf[side]["2026-Q3"], model: DIGIMENSA_MODEL }).score! -
            scoreRelationship({ context: p.context, performance: before, model: DIGIMENSA_MODEL }).score!,
          1,
        )
      : null;
    expect(column.scoreDelta).toBe(expectedDelta);
  });

  it("gives the perception gap as provider minus customer, and the score gap", () => {
    const column = evaluatePartner(p, "2026-Q3", "gap", DIGIMENSA_MODEL);
    expect(cell(column, "trust").value).toBe(1);
    expect(cell(column, "trust").tone).toBe("provider_higher");
    expect(cell(column, "compensation").value).toBe(0.5);
    // No provider assessment in Q2: no gap then, so no change.
    expect(cell(column, "trust").delta).toBeNull();
    const prov = scoreRelationship({ context: p.context, performance: perf.provider["2026-Q3"], model: DIGIMENSA_MODEL }).score!;
    const cust = scoreRelationship({ context: p.context, performance: perf.customer["2026-Q3"], model: DIGIMENSA_MODEL }).score!;
    expect(column.scoreGap).toBe(roundHalfUp(prov - cust, 1));
    // The score row of the gap view is both sides pooled.
    expect(column.score).toBe(scoreRelationship({ context: p.context, performance: perf.both["2026-Q3"], model: DIGIMENSA_MODEL }).score);
  });

  it("says no data (null), never zero, for a quarter without assessments, and for no quarter at all", () => {
    for (const quarter of ["2025-Q1", null]) {
      const column = evaluatePartner(p, quarter, "both", DIGIMENSA_MODEL);
      expect(column.hasData).toBe(false);
      expect(column.score).toBeNull();
      expect(column.attention).toBeNull();
      expect(column.cells.every((c) => c.value === null && c.weightPercent === null && c.tone === "none")).toBe(true);
      // The importance is still known from the context.
      expect(cell(column, "compensation").importance).toBeGreaterThan(0);
    }
  });

  it("leaves a not-applicable factor out of the weights", () => {
    const q = partner(2, { perf: { both: { "2026-Q3": { ...all(4), selling: null } } } });
    const column = evaluatePartner(q, "2026-Q3", "both", DIGIMENSA_MODEL);
    expect(cell(column, "selling").value).toBeNull();
    expect(cell(column, "selling").weightPercent).toBeNull();
    const sum = column.cells.reduce((s, c) => s + (c.weightPercent ?? 0), 0);
    expect(sum).toBeCloseTo(100, 0);
  });
});

describe("buildComparison: filter, group, sort", () => {
  const partners = [
    partner(1, {
      name: "Alpha",
      sizeClass: "micro",
      context: { ...partner(0).context, sizeClass: "micro", maturity: "early", criticality: "low" },
      perf: { both: { "2026-Q3": all(2) } },
    }),
    partner(2, { name: "Beta", sizeClass: "large", context: { ...partner(0).context, criticality: "critical" }, perf: { both: { "2026-Q3": all(3) } } }),
    partner(3, { name: "Gamma", sizeClass: null, stage: "ended", perf: { both: { "2026-Q3": all(4.5) } } }),
    partner(4, { name: "Delta", sizeClass: "large", perf: {} }),
  ];
  const build = (o: Partial<Parameters<typeof buildComparison>[1]> = {}) =>
    buildComparison(partners, { quarter: "2026-Q3", side: "both", filters: NO_FILTERS, group: null, sort: "attention", ...o }, DIGIMENSA_MODEL);

  it.each<[string, Partial<Parameters<typeof buildComparison>[1]>, number[], number]>([
    // Alpha: S 25, low -> 75; Beta: S 50, critical -> 150; Gamma: S 87.5, high -> 25; Delta: no data.
    ["attention, highest first, no data last", {}, [2, 1, 3, 4], 0],
    ["score, weakest first", { sort: "score" }, [1, 2, 3, 4], 0],
    ["name", { sort: "name" }, [1, 2, 4, 3], 0],
    ["size filter", { filters: { ...NO_FILTERS, sizes: ["large"] } }, [2, 4], 2],
    ["maturity filter", { filters: { ...NO_FILTERS, maturities: ["early"] } }, [1], 3],
    ["stage filter", { filters: { ...NO_FILTERS, stages: ["ended"] } }, [3], 3],
    ["grouped by size (unknown last), sorted inside", { group: "size" }, [1, 2, 4, 3], 0],
  ])("%s", (_n, options, order, hidden) => {
    const c = build(options);
    expect(c.columns.map((x) => x.id)).toEqual(order);
    expect(c.hiddenByFilters).toBe(hidden);
  });

  it("groups consecutive columns for the header and averages per group", () => {
    const c = build({ group: "size" });
    expect(c.groups).toEqual([
      { value: "micro", span: 1 },
      { value: "large", span: 2 },
      { value: "unknown", span: 1 },
    ]);
    const large = c.groupAverages.find((g) => g.value === "large")!;
    expect(large).toMatchObject({ count: 2, withData: 1, meanScore: 50 });
    expect(large.factors.trust).toBe(3);
    expect(large.predicted?.compensation).toBe(3);
    expect(c.groupAverages.find((g) => g.value === "unknown")!.predicted).toBeNull();
  });

  it("sortColumns keeps a stable order for equal figures", () => {
    const cols = partners.map((p) => evaluatePartner({ ...p, performance: { both: {}, customer: {}, provider: {} } }, "2026-Q3", "both", DIGIMENSA_MODEL));
    expect(sortColumns(cols, "attention", null).map((c) => c.name)).toEqual(["Alpha", "Beta", "Delta", "Gamma"]);
  });

  it.each<[FactorKey, "size" | "maturity" | "diversity", string, number]>([
    ["compensation", "size", "large", 3],
    ["compensation", "size", "micro", 1],
    ["individuality", "maturity", "early", 1],
    ["trust", "diversity", "uniform", 1],
    ["knowledge", "diversity", "diverse", 3],
  ])("predictedLevel(%s, %s=%s) = %s", (f, d, v, level) => expect(predictedLevel(DIGIMENSA_MODEL, f, d, v)).toBe(level));

  it("groupAverages skips empty groups", () => {
    const c = build();
    expect(groupAverages(c.columns, "maturity", DIGIMENSA_MODEL).map((g) => g.value)).toEqual(["early", "mature"]);
  });
});

describe("comparisonTable and the export grid share the numbers", () => {
  const partners = [
    partner(1, { perf: { both: { "2026-Q3": all(3.25), "2026-Q2": all(3) }, customer: { "2026-Q3": all(3) }, provider: { "2026-Q3": all(3.5) } } }),
    partner(2, { name: "Kipinä =cmd", perf: {} }),
  ];
  const t = (key: string, params?: Record<string, string | number>) => (params ? `${key}(${JSON.stringify(params)})` : key);

  it("has six factor rows, score, attention and five context rows (plus the score gap in the gap view)", () => {
    const both = comparisonTable(
      buildComparison(partners, { quarter: "2026-Q3", side: "both", filters: NO_FILTERS, group: null, sort: "attention" }, DIGIMENSA_MODEL),
    );
    expect(both.rows.map((r) => r.key)).toEqual([...FACTORS, "score", "attention", "size", "maturity", "diversity", "criticality", "stage"]);
    const gap = comparisonTable(
      buildComparison(partners, { quarter: "2026-Q3", side: "gap", filters: NO_FILTERS, group: null, sort: "attention" }, DIGIMENSA_MODEL),
    );
    expect(gap.rows.map((r) => r.key)).toContain("score_gap");
    const trust = gap.rows.find((r) => r.key === "trust")!.cells[0];
    expect(trust).toMatchObject({ kind: "figure", value: 0.5, signed: true });
  });

  it('writes "no data" as text, numbers with the shown decimals, and neutralises formulas', () => {
    const table = comparisonTable(
      buildComparison(partners, { quarter: "2026-Q3", side: "both", filters: NO_FILTERS, group: null, sort: "attention" }, DIGIMENSA_MODEL),
    );
    const grid = comparisonGrid(table, t, { title: "x" });
    expect(grid.header).toHaveLength(1 + 3 * 2);
    const trust = grid.rows[FACTORS.indexOf("trust")];
    expect(trust[1]).toEqual({ number: 3.25, decimals: 2 });
    expect(trust[3]).toEqual({ number: 0.25, decimals: 2 });
    expect(trust[4]).toBe("compare.noData");
    const en = gridToCsv([grid], "en").split("\r\n");
    const fi = gridToCsv([grid], "fi").split("\r\n");
    expect(en[0].startsWith("\uFEFF")).toBe(true);
    expect(en[1 + FACTORS.indexOf("trust")].split(",").slice(1, 5)).toEqual(["3.25", expect.any(String), "0.25", "compare.noData"]);
    expect(fi[1 + FACTORS.indexOf("trust")].split(";").slice(1, 5)).toEqual(["3,25", expect.any(String), "0,25", "compare.noData"]);
    expect(en[0]).toContain("'Kipinä =cmd".slice(1));
  });

  it.each<[string, string]>([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+1", "'+1"],
    ["-x", "'-x"],
    ["@x", "'@x"],
    ["Kipinä AI Oy", "Kipinä AI Oy"],
    ["a=b", "a=b"],
  ])("neutraliseFormula(%s) = %s", (input, output) => expect(neutraliseFormula(input)).toBe(output));

  it("quotes separators and quotes in CSV text", () => {
    const csv = gridToCsv([{ title: "t", header: ["a,b", 'say "hi"', "x;y"], rows: [] }], "en");
    expect(csv).toBe('\uFEFF"a,b","say ""hi""","x;y"\r\n');
  });
});

describe("portfolio", () => {
  it.each<[string, number | null, boolean]>([
    ["critical", 49.9, true],
    ["high", 0, true],
    ["critical", 50, false],
    ["medium", 10, false],
    ["low", 10, false],
    ["critical", null, false],
  ])("isCriticalAndWeak(%s, %s) = %s", (c, s, expected) => expect(isCriticalAndWeak(c as "low", s, DEFAULT_SCORE_BANDS)).toBe(expected));

  const partners = [
    partner(1, { context: { ...partner(0).context, criticality: "critical" }, perf: { both: { "2026-Q3": all(2) } } }),
    partner(2, { context: { ...partner(0).context, criticality: "low" }, perf: { both: { "2026-Q3": all(4) } } }),
    partner(3, { context: { ...partner(0).context, criticality: "critical" }, perf: { both: { "2026-Q3": all(3) } } }),
    partner(4, { perf: {} }),
  ];
  const portfolio = buildPortfolio(partners, { quarter: "2026-Q3", side: "both" }, DIGIMENSA_MODEL);

  it("orders the attention list by attention priority and flags the critical-and-weak corner", () => {
    const rows = attentionRows(portfolio);
    // 1: S 25 x3 = 225; 3: S 50 x3 = 150; 2: S 75 x1 = 25; 4: no data.
    expect(rows.map((r) => [r.id, r.rank, r.attention, r.criticalAndWeak])).toEqual([
      [1, 1, 225, true],
      [3, 2, 150, false],
      [2, 3, 25, false],
      [4, null, null, false],
    ]);
    expect(portfolio.criticalAndWeakCount).toBe(1);
    expect(portfolio.previousQuarter).toBe("2026-Q2");
  });

  it("places scored relationships on the scatter, spread across their criticality band", () => {
    const { points, unplaced } = scatterPoints(portfolio);
    expect(points.map((p) => [p.id, p.criticality, p.score])).toEqual([
      [2, "low", 75],
      [3, "critical", 50],
      [1, "critical", 25],
    ]);
    expect(points.find((p) => p.id === 2)!.offset).toBe(0.5);
    expect(points.filter((p) => p.criticality === "critical").map((p) => p.offset)).toEqual([0.15, 0.85]);
    expect(unplaced.map((e) => e.id)).toEqual([4]);
  });

  it('exports the attention list and three group tables with "no data" as text', () => {
    const t = (key: string) => key;
    const grids = portfolioGrids(portfolio, t);
    expect(grids.map((g) => g.title)).toEqual(["portfolio.attention.title", "portfolio.bySize", "portfolio.byMaturity", "portfolio.byDiversity"]);
    expect(grids[0].rows[0].slice(0, 4)).toEqual([{ number: 1, decimals: 0 }, "Partner 1", "Service 1", { number: 25, decimals: 1 }]);
    expect(grids[0].rows[3][3]).toBe("compare.noData");
  });

  it.each<[string, { quarter: string | null; side: string }, string[]]>([
    ["", { quarter: null, side: "both" }, []],
    ["q=2026-Q1&side=provider", { quarter: "2026-Q1", side: "provider" }, []],
    ["q=Q1&side=gap", { quarter: null, side: "both" }, ["invalid_quarter", "invalid_side"]],
  ])("parsePortfolioQuery(%s)", (query, options, problems) => {
    const parsed = parsePortfolioQuery(new URLSearchParams(query));
    expect(parsed.options).toEqual(options);
    expect(parsed.problems).toEqual(problems);
  });
});

describe("radarData: a partner that lacks a factor is drawn with the gap", () => {
  const { trust: _trust, ...noTrust } = all(3);
  const partners = [
    partner(1, { name: "Whole", perf: { both: { "2026-Q3": all(4) } } }),
    partner(2, { name: "No trust", perf: { both: { "2026-Q3": noTrust } } }),
    partner(3, { name: "Nothing", perf: {} }),
  ];
  const table = comparisonTable(
    buildComparison(partners, { quarter: "2026-Q3", side: "both", filters: NO_FILTERS, group: null, sort: "name" }, DIGIMENSA_MODEL),
  );
  const radar = radarData(table);

  it("keeps the partner with a missing factor, naming what it lacks", () => {
    expect(radar.drawn.map((p) => [p.name, p.missing])).toEqual([
      ["No trust", ["trust"]],
      ["Whole", []],
    ]);
    expect(radar.empty.map((p) => p.name)).toEqual(["Nothing"]);
  });

  it("puts a null (a break), never a 0, at the missing spoke", () => {
    const key = radar.drawn.find((p) => p.name === "No trust")!.seriesKey;
    expect(radar.points.map((p) => p.factor)).toEqual([...FACTORS]);
    for (const point of radar.points) expect(point.values[key]).toBe(point.factor === "trust" ? null : 3);
  });
});
