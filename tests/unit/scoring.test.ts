import { describe, it, expect } from "vitest";
import { FACTORS, type Criticality, type FactorKey, type Quadrant } from "../../app/domain/factors";
import { DEFAULT_SCORE_BANDS } from "~/domain/score-bands";
import { DIGIMENSA_MODEL, type ImportanceModel } from "../../app/domain/importance-model";
import {
  improvementPriorities,
  meanOrNull,
  perceptionGap,
  roundHalfUp,
  scoreRelationship,
  type FactorPerformance,
  type RelationshipContext,
} from "../../app/domain/scoring";

const MICRO_EARLY_UNIFORM: RelationshipContext = {
  sizeClass: "micro",
  startup: false,
  referenceCustomer: false,
  maturity: "early",
  diversity: "uniform",
  criticality: "low",
};
const LARGE_MATURE_DIVERSE: RelationshipContext = {
  sizeClass: "large",
  startup: false,
  referenceCustomer: true,
  maturity: "mature",
  diversity: "diverse",
  criticality: "critical",
};
const MEDIUM_STARTUP: RelationshipContext = {
  sizeClass: "medium",
  startup: true,
  referenceCustomer: false,
  maturity: "early",
  diversity: "diverse",
  criticality: "high",
};
const SMALL_DEVELOPING: RelationshipContext = {
  sizeClass: "small",
  startup: false,
  referenceCustomer: false,
  maturity: "developing",
  diversity: "mixed",
  criticality: "medium",
};
const all = (p: number): FactorPerformance => Object.fromEntries(FACTORS.map((f) => [f, p]));

type Expected = {
  score: number | null;
  attention: number | null;
  // per factor in FACTORS order: [importance, weight, quadrant, priority]
  factors: Array<[number, number, Quadrant | null, number | null]>;
};

describe("scoreRelationship: hand-computed cases", () => {
  it.each<[string, RelationshipContext, FactorPerformance, Expected]>([
    [
      /*
       * micro, early, uniform, not start-up, no reference, low; all P = 3.
       * Levels (size, maturity, diversity): ind 3,1,1 = 5/3; trust 3,3,1 = 7/3;
       * comp 1,3,3 = 7/3; nb 2,1,1 = 4/3; know 3,3,3 = 3; sell 3,2,2 = 7/3.
       * sum I = 39/3 = 13, w = 5/39, 7/39, 7/39, 4/39, 9/39, 7/39.
       * sum wP = 3 -> S = 100 * 2 / 4 = 50.0; attention = 50 * 1 = 50.
       * priority = w * 2. Mean I = 13/6 = 2.1667; all P equal the mean (high):
       * I >= 2.1667 -> keep_up (trust, comp, know, sell), else overkill.
       */
      "micro/early/uniform/low, all 3",
      MICRO_EARLY_UNIFORM,
      all(3),
      {
        score: 50,
        attention: 50,
        factors: [
          [5 / 3, 5 / 39, "overkill", 10 / 39],
          [7 / 3, 7 / 39, "keep_up", 14 / 39],
          [7 / 3, 7 / 39, "keep_up", 14 / 39],
          [4 / 3, 4 / 39, "overkill", 8 / 39],
          [3, 9 / 39, "keep_up", 18 / 39],
          [7 / 3, 7 / 39, "keep_up", 14 / 39],
        ],
      },
    ],
    [
      /*
       * large, mature, diverse, reference customer, critical.
       * Levels: ind 3(ref),3,3 = 3; trust 2,3,3 = 8/3; comp 3,1,1 = 5/3;
       * nb 2,3,3 = 8/3; know 3; sell 2,2,3 = 7/3.
       * P: ind 4, trust null, comp 2, nb missing, know 3.5, sell 5.
       * Scored: ind, comp, know, sell: sum I = 3 + 5/3 + 3 + 7/3 = 10.
       * w = 0.3, 1/6, 0.3, 7/30. sum wP = 1.2 + 1/3 + 1.05 + 7/6 = 3.75.
       * S = 100 * 2.75 / 4 = 68.75 -> 68.8 (half up). attention = 31.2 * 3 = 93.6.
       * Mean I = 2.5, mean P = 14.5 / 4 = 3.625:
       * ind 3/4 keep_up; comp 5/3 / 2 low_priority; know 3 / 3.5 concentrate;
       * sell 7/3 / 5 overkill. priority: 0.3*1, (1/6)*3 = 0.5, 0.3*1.5 = 0.45, 0.
       */
      "large/mature/diverse/critical, mixed with nulls",
      LARGE_MATURE_DIVERSE,
      { individuality: 4, trust: null, compensation: 2, knowledge: 3.5, selling: 5 },
      {
        score: 68.8,
        attention: 93.6,
        factors: [
          [3, 0.3, "keep_up", 0.3],
          [8 / 3, 0, null, null],
          [5 / 3, 1 / 6, "low_priority", 0.5],
          [8 / 3, 0, null, null],
          [3, 0.3, "concentrate", 0.45],
          [7 / 3, 7 / 30, "overkill", 0],
        ],
      },
    ],
    [
      /*
       * medium, early, diverse, start-up, high.
       * Levels: ind 2,1,3 = 2; trust 2,3,3 = 8/3; comp 2,3,1 = 2; nb 2,1,3 = 2;
       * know 3; sell 2,3(start-up),3 = 8/3. sum I = 43/3; w = 3I/43 =
       * 6/43, 8/43, 6/43, 6/43, 9/43, 8/43.
       * P = 4 everywhere but knowledge 2: sum wP = 4 - 2 * 9/43 = 154/43.
       * S = 100 * (111/43) / 4 = 64.53... -> 64.5; attention = 35.5 * 2 = 71.
       * Mean I = 43/18 = 2.389, mean P = 22/6 = 3.667.
       * priority = w * (5 - P): 6/43, 8/43, 6/43, 6/43, 27/43, 8/43.
       */
      "medium/early/diverse/start-up/high",
      MEDIUM_STARTUP,
      { ...all(4), knowledge: 2 },
      {
        score: 64.5,
        attention: 71,
        factors: [
          [2, 6 / 43, "overkill", 6 / 43],
          [8 / 3, 8 / 43, "keep_up", 8 / 43],
          [2, 6 / 43, "overkill", 6 / 43],
          [2, 6 / 43, "overkill", 6 / 43],
          [3, 9 / 43, "concentrate", 27 / 43],
          [8 / 3, 8 / 43, "keep_up", 8 / 43],
        ],
      },
    ],
    [
      /*
       * Single scored factor: small, developing, mixed, medium criticality; trust = 4.
       * trust levels 3,3,2 = 8/3; w = 1; S = 100 * 3 / 4 = 75.0;
       * attention = 25 * 1.5 = 37.5; it is its own mean -> keep_up; priority 1 * 1.
       * Unscored importances: ind 3,2,2 = 7/3; comp 1,2,2 = 5/3; nb 2,2,2 = 2;
       * know 3; sell 3,2,2 = 7/3.
       */
      "single scored factor",
      SMALL_DEVELOPING,
      { trust: 4 },
      {
        score: 75,
        attention: 37.5,
        factors: [
          [7 / 3, 0, null, null],
          [8 / 3, 1, "keep_up", 1],
          [5 / 3, 0, null, null],
          [2, 0, null, null],
          [3, 0, null, null],
          [7 / 3, 0, null, null],
        ],
      },
    ],
    [
      // All 5: sum wP = 5 -> S = 100.0, attention 0. All P equal -> high P.
      "all 5",
      MICRO_EARLY_UNIFORM,
      all(5),
      {
        score: 100,
        attention: 0,
        factors: [
          [5 / 3, 5 / 39, "overkill", 0],
          [7 / 3, 7 / 39, "keep_up", 0],
          [7 / 3, 7 / 39, "keep_up", 0],
          [4 / 3, 4 / 39, "overkill", 0],
          [3, 9 / 39, "keep_up", 0],
          [7 / 3, 7 / 39, "keep_up", 0],
        ],
      },
    ],
    [
      // All 1: S = 0.0 (a real score, not null); attention = 100 * 1; priority = w * 4.
      "all 1",
      MICRO_EARLY_UNIFORM,
      all(1),
      {
        score: 0,
        attention: 100,
        factors: [
          [5 / 3, 5 / 39, "overkill", 20 / 39],
          [7 / 3, 7 / 39, "keep_up", 28 / 39],
          [7 / 3, 7 / 39, "keep_up", 28 / 39],
          [4 / 3, 4 / 39, "overkill", 16 / 39],
          [3, 9 / 39, "keep_up", 36 / 39],
          [7 / 3, 7 / 39, "keep_up", 28 / 39],
        ],
      },
    ],
    [
      // No scores at all: no score, no attention priority; importances still given.
      "no scores (empty performance)",
      MICRO_EARLY_UNIFORM,
      {},
      {
        score: null,
        attention: null,
        factors: [
          [5 / 3, 0, null, null],
          [7 / 3, 0, null, null],
          [7 / 3, 0, null, null],
          [4 / 3, 0, null, null],
          [3, 0, null, null],
          [7 / 3, 0, null, null],
        ],
      },
    ],
    [
      "all not applicable (null)",
      MICRO_EARLY_UNIFORM,
      Object.fromEntries(FACTORS.map((f) => [f, null])),
      {
        score: null,
        attention: null,
        factors: [
          [5 / 3, 0, null, null],
          [7 / 3, 0, null, null],
          [7 / 3, 0, null, null],
          [4 / 3, 0, null, null],
          [3, 0, null, null],
          [7 / 3, 0, null, null],
        ],
      },
    ],
  ])("%s", (_name, context, performance, expected) => {
    const r = scoreRelationship({ context, performance });
    expect(r.score).toBe(expected.score);
    if (expected.attention === null) expect(r.attentionPriority).toBeNull();
    else expect(r.attentionPriority).toBeCloseTo(expected.attention, 9);
    expect(r.modelVersion).toBe(1);
    expect(r.factors.map((f) => f.factor)).toEqual([...FACTORS]);
    r.factors.forEach((f, i) => {
      const [importance, weight, quadrant, priority] = expected.factors[i];
      expect(f.importance, `${f.factor} importance`).toBeCloseTo(importance, 9);
      expect(f.weight, `${f.factor} weight`).toBeCloseTo(weight, 9);
      expect(f.quadrant, `${f.factor} quadrant`).toBe(quadrant);
      if (priority === null) expect(f.priority, `${f.factor} priority`).toBeNull();
      else expect(f.priority, `${f.factor} priority`).toBeCloseTo(priority, 9);
      expect(f.performance).toBe(performance[f.factor] ?? null);
    });
    const scoredWeights = r.factors.reduce((s, f) => s + f.weight, 0);
    expect(scoredWeights).toBeCloseTo(expected.score === null ? 0 : 1, 9);
  });

  it("gives the levels behind each importance", () => {
    const r = scoreRelationship({ context: LARGE_MATURE_DIVERSE, performance: {} });
    expect(r.factors[0].levels).toEqual({ size: 3, maturity: 3, diversity: 3 });
    expect(r.factors[2].levels).toEqual({ size: 3, maturity: 1, diversity: 1 });
    expect(r.factors[5].levels).toEqual({ size: 2, maturity: 2, diversity: 3 });
  });
});

describe("scoreRelationship: criticality multiplier", () => {
  // micro/early/uniform, all 3 -> S = 50.0; attention = 50 * multiplier.
  it.each<[Criticality, number]>([
    ["low", 50],
    ["medium", 75],
    ["high", 100],
    ["critical", 150],
  ])("%s -> %d", (criticality, attention) => {
    const r = scoreRelationship({ context: { ...MICRO_EARLY_UNIFORM, criticality }, performance: all(3) });
    expect(r.score).toBe(50);
    expect(r.attentionPriority).toBe(attention);
  });
});

describe("scoreRelationship: rounding ties and float noise", () => {
  it.each<[string, RelationshipContext, FactorPerformance, number, number]>([
    // all 3.3: S = 100 * 2.3 / 4 = 57.5 exactly, but 57.49999999999999 in floats.
    ["all 3.3 -> 57.5", MICRO_EARLY_UNIFORM, all(3.3), 57.5, 42.5],
    // large/mature/diverse/ref, mixed: 68.75 -> 68.8 (see above); attention (100 - 68.8) * 3.
    ["68.75 -> 68.8", LARGE_MATURE_DIVERSE, { individuality: 4, compensation: 2, knowledge: 3.5, selling: 5 }, 68.8, 93.6],
    // single factor 2.2: 100 * 1.2 / 4 = 30 (30.000000000000004 in floats).
    ["single 2.2 -> 30", SMALL_DEVELOPING, { trust: 2.2 }, 30, 105],
    // single factor 1.02: 100 * 0.02 / 4 = 0.5 -> 0.5; 1.002 -> 0.05 -> 0.1 (half up).
    ["single 1.002 -> 0.1", SMALL_DEVELOPING, { trust: 1.002 }, 0.1, 149.85],
    ["single 1.0018 -> 0.0", SMALL_DEVELOPING, { trust: 1.0018 }, 0, 150],
  ])("%s", (_n, context, performance, score, attention) => {
    const r = scoreRelationship({ context, performance });
    expect(r.score).toBe(score);
    expect(r.attentionPriority).toBeCloseTo(attention, 9);
  });

  it("puts factors whose importance and performance equal the means into keep_up despite float noise", () => {
    // micro/early/uniform: trust, compensation and selling all have I = 7/3;
    // (1.1 + 1.1 + 1.1) / 3 = 1.1000000000000001 > 1.1 in floats.
    const r = scoreRelationship({
      context: MICRO_EARLY_UNIFORM,
      performance: { trust: 1.1, compensation: 1.1, selling: 1.1 },
    });
    expect(r.factors.filter((f) => f.quadrant !== null).map((f) => [f.factor, f.quadrant])).toEqual([
      ["trust", "keep_up"],
      ["compensation", "keep_up"],
      ["selling", "keep_up"],
    ]);
    expect(r.score).toBe(2.5); // 100 * 0.1 / 4
  });

  it("compares with the means up to float noise (1e-9), on both axes", () => {
    /*
     * micro, developing, uniform: ind 3,2,1 = 2; trust 3,3,1 = 7/3; nb 2,2,1 = 5/3.
     * Mean I = 6/3 = 2, but 2.0000000000000004 in floats: individuality is still high.
     * P = 1, 1.4, 1.8: mean 1.4, but 1.4000000000000001 in floats: trust is still high.
     * w = 1/3, 7/18, 5/18; sum wP = 6/18 + 9.8/18 + 9/18 = 24.8/18 = 1.3778;
     * S = 100 * 0.3778 / 4 = 9.44 -> 9.4. priority: 4/3, 7/18 * 3.6 = 1.4, 5/18 * 3.2 = 0.889.
     */
    const r = scoreRelationship({
      context: { ...MICRO_EARLY_UNIFORM, maturity: "developing" },
      performance: { individuality: 1, trust: 1.4, new_business: 1.8 },
    });
    expect(r.factors.filter((f) => f.quadrant !== null).map((f) => [f.factor, f.quadrant])).toEqual([
      ["individuality", "concentrate"],
      ["trust", "keep_up"],
      ["new_business", "overkill"],
    ]);
    expect(r.score).toBe(9.4);
    expect(r.attentionPriority).toBeCloseTo(90.6, 9);
    expect(improvementPriorities(r).map((f) => [f.factor, f.priority])).toEqual([
      ["trust", expect.closeTo(1.4, 9)],
      ["individuality", expect.closeTo(4 / 3, 9)],
      ["new_business", expect.closeTo(16 / 18, 9)],
    ]);
  });
});

describe("scoreRelationship: input checks", () => {
  it.each<[string, unknown]>([
    ["0", 0],
    ["0.99", 0.99],
    ["5.01", 5.01],
    ["-3", -3],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a string", "3"],
  ])("rejects performance %s", (_n, value) => {
    expect(() => scoreRelationship({ context: MICRO_EARLY_UNIFORM, performance: { trust: value as number } })).toThrow(RangeError);
  });

  it.each<[string, Partial<RelationshipContext>]>([
    ["size", { sizeClass: "huge" as never }],
    ["maturity", { maturity: "old" as never }],
    ["diversity", { diversity: "many" as never }],
    ["criticality", { criticality: "extreme" as never }],
  ])("rejects an unknown %s", (_n, patch) => {
    expect(() => scoreRelationship({ context: { ...MICRO_EARLY_UNIFORM, ...patch }, performance: all(3) })).toThrow(RangeError);
  });

  it("accepts the bounds 1 and 5", () => {
    expect(scoreRelationship({ context: MICRO_EARLY_UNIFORM, performance: { trust: 1, knowledge: 5 } }).score).not.toBeNull();
  });
});

describe("scoreRelationship: custom model", () => {
  it("uses the given model and reports its version", () => {
    // Every level 2 except knowledge/size/micro 3 -> I_knowledge = 7/3, others 2.
    const levels = DIGIMENSA_MODEL.levels
      .filter((r) => r.condition === "base")
      .map((r) => ({ ...r, level: (r.factor === "knowledge" && r.dimension === "size" && r.value === "micro" ? 3 : 2) as 2 | 3 }));
    const model: ImportanceModel = { ...DIGIMENSA_MODEL, version: 7, name: "flat", levels, bands: DEFAULT_SCORE_BANDS };
    // sum I = 5 * 2 + 7/3 = 37/3; w_knowledge = 7/37; knowledge 5, rest 1:
    // sum wP = 30/37 + 35/37 = 65/37; S = 100 * (28/37) / 4 = 18.918... -> 18.9
    const r = scoreRelationship({ context: MICRO_EARLY_UNIFORM, performance: { ...all(1), knowledge: 5 }, model });
    expect(r.modelVersion).toBe(7);
    expect(r.score).toBe(18.9);
    expect(r.factors[4].weight).toBeCloseTo(7 / 37, 12);
  });
});

describe("improvementPriorities", () => {
  it.each<[string, RelationshipContext, FactorPerformance, FactorKey[]]>([
    // priorities 0.3, 0.5, 0.45, 0 (see the hand-computed case)
    [
      "mixed with nulls",
      LARGE_MATURE_DIVERSE,
      { individuality: 4, trust: null, compensation: 2, knowledge: 3.5, selling: 5 },
      ["compensation", "knowledge", "individuality", "selling"],
    ],
    // 27/43, then ties 8/43 (trust, selling) and 6/43 (ind, comp, nb) in FACTORS order
    [
      "ties keep FACTORS order",
      MEDIUM_STARTUP,
      { ...all(4), knowledge: 2 },
      ["knowledge", "trust", "selling", "individuality", "compensation", "new_business"],
    ],
    // micro all 3: 18/39, 14/39 x3 (trust, comp, sell), 10/39, 8/39
    ["all equal performance", MICRO_EARLY_UNIFORM, all(3), ["knowledge", "trust", "compensation", "selling", "individuality", "new_business"]],
    ["nothing scored", MICRO_EARLY_UNIFORM, {}, []],
  ])("%s", (_n, context, performance, order) => {
    const list = improvementPriorities(scoreRelationship({ context, performance }));
    expect(list.map((f) => f.factor)).toEqual(order);
  });
});

describe("improvementPriorities: ordering does not depend on input order or float noise", () => {
  const base = scoreRelationship({ context: MEDIUM_STARTUP, performance: { ...all(4), knowledge: 2 } });

  it("breaks ties by FACTORS order even when the factors come reversed", () => {
    const reversed = { ...base, factors: [...base.factors].reverse() };
    expect(improvementPriorities(reversed).map((f) => f.factor)).toEqual(["knowledge", "trust", "selling", "individuality", "compensation", "new_business"]);
  });

  it("treats priorities differing only by float noise as tied", () => {
    // 0.1 + 0.2 = 0.30000000000000004 > 0.3: a later factor must not jump ahead.
    const factors = base.factors.map((f) =>
      f.factor === "trust" ? { ...f, priority: 0.3 } : f.factor === "selling" ? { ...f, priority: 0.1 + 0.2 } : { ...f, priority: 0.01 },
    );
    expect(
      improvementPriorities({ ...base, factors })
        .map((f) => f.factor)
        .slice(0, 2),
    ).toEqual(["trust", "selling"]);
  });
});

describe("meanOrNull", () => {
  it.each<[string, Array<number | null | undefined>, number | null]>([
    ["empty", [], null],
    ["only nulls", [null, undefined], null],
    ["one value", [4], 4],
    ["several", [1, 2, 3, 4], 2.5],
    ["skips null", [1, null, 3], 2],
  ])("%s", (_n, values, expected) => {
    expect(meanOrNull(values)).toBe(expected);
  });

  it("rejects NaN", () => {
    expect(() => meanOrNull([1, Number.NaN])).toThrow(RangeError);
  });
});

describe("perceptionGap", () => {
  it.each<[string, FactorPerformance, FactorPerformance, Record<FactorKey, number | null>]>([
    [
      "provider minus customer, null when either missing",
      { trust: 4, knowledge: 3.5, selling: null, compensation: 2 },
      { trust: 3, knowledge: 4, individuality: 2, compensation: 2 },
      { individuality: null, trust: 1, compensation: 0, new_business: null, knowledge: -0.5, selling: null },
    ],
    ["nothing on either side", {}, {}, { individuality: null, trust: null, compensation: null, new_business: null, knowledge: null, selling: null }],
  ])("%s", (_n, provider, customer, expected) => {
    expect(perceptionGap(provider, customer)).toEqual(expected);
  });

  it("rejects out-of-range performance", () => {
    expect(() => perceptionGap({ trust: 6 }, { trust: 3 })).toThrow(RangeError);
  });
});

describe("roundHalfUp", () => {
  it.each<[string, number, number, number]>([
    ["57.49999999999999 (real 57.5)", (100 * (3.3 - 1)) / 4, 1, 57.5],
    ["1.005 * 10 = 10.049999999999999 (real 10.05)", 1.005 * 10, 1, 10.1],
    ["exact tie 68.75", 68.75, 1, 68.8],
    ["0.05", 0.05, 1, 0.1],
    ["below a tie", 0.0499, 1, 0],
    ["64.534", 64.534, 1, 64.5],
    ["integer", 50, 1, 50],
    ["two decimals, 1.005", 1.005, 2, 1.01],
    ["negative tie goes up", -0.25, 1, -0.2],
  ])("%s", (_n, x, decimals, expected) => {
    expect(roundHalfUp(x, decimals)).toBe(expected);
  });
});
