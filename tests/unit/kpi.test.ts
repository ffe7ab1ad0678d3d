import { describe, it, expect } from "vitest";
import { churn, clv, cpo, customerEquity, nps, npsFromCounts, retention, roi, segmentEquity, type ClvInput } from "../../app/domain/kpi";

describe("retention / churn", () => {
  it.each<[number, number, number | null, number | null]>([
    [90, 100, 0.9, 0.1],
    [10, 10, 1, 0],
    [0, 10, 0, 1],
    [1, 3, 1 / 3, 2 / 3],
    [0, 0, null, null], // no customers at start: undefined
  ])("kept %d of %d", (kept, atStart, r, c) => {
    if (r === null) expect(retention(kept, atStart)).toBeNull();
    else expect(retention(kept, atStart)).toBeCloseTo(r, 12);
    if (c === null) expect(churn(kept, atStart)).toBeNull();
    else expect(churn(kept, atStart)).toBeCloseTo(c, 12);
  });

  it("churn has no float noise for 90 of 100", () => {
    expect(churn(90, 100)).toBe(0.1);
  });

  it.each<[string, number, number]>([
    ["kept > atStart", 11, 10],
    ["negative kept", -1, 10],
    ["negative atStart", 0, -1],
    ["NaN", Number.NaN, 10],
  ])("%s -> RangeError", (_n, kept, atStart) => {
    expect(() => retention(kept, atStart)).toThrow(RangeError);
    expect(() => churn(kept, atStart)).toThrow(RangeError);
  });
});

describe("clv", () => {
  it.each<[string, ClvInput, number]>([
    // 100 * 0.8 / (1 + 0.1 - 0.8) - 50 = 80 / 0.3 - 50 = 216.666...
    ["typical", { margin: 100, retention: 0.8, discountRate: 0.1, acquisitionCost: 50 }, 80 / 0.3 - 50],
    // no acquisition cost given -> 0: 100 * 0.5 / 0.6 = 83.333...
    ["AC defaults to 0", { margin: 100, retention: 0.5, discountRate: 0.1 }, 50 / 0.6],
    // r = 0: nothing retained, only the acquisition cost remains
    ["r = 0", { margin: 100, retention: 0, discountRate: 0.1, acquisitionCost: 30 }, -30],
    // r = 1, i = 0.1: 100 / 0.1 = 1000
    ["r = 1 with discounting", { margin: 100, retention: 1, discountRate: 0.1, acquisitionCost: 0 }, 1000],
    // negative margin is allowed (loss-making customers)
    ["negative margin", { margin: -10, retention: 0.5, discountRate: 0, acquisitionCost: 0 }, -10],
  ])("%s", (_n, input, expected) => {
    expect(clv(input)).toBeCloseTo(expected, 9);
  });

  it.each<[string, ClvInput]>([
    ["1 + i - r = 0", { margin: 100, retention: 1, discountRate: 0 }],
    ["1 + i - r < 0", { margin: 100, retention: 0.6, discountRate: -0.5 }],
    ["retention > 1", { margin: 100, retention: 1.2, discountRate: 0.1 }],
    ["retention < 0", { margin: 100, retention: -0.1, discountRate: 0.1 }],
    ["NaN margin", { margin: Number.NaN, retention: 0.5, discountRate: 0.1 }],
  ])("%s -> RangeError", (_n, input) => {
    expect(() => clv(input)).toThrow(RangeError);
  });
});

describe("customerEquity", () => {
  const typical: ClvInput = { margin: 100, retention: 0.8, discountRate: 0.1, acquisitionCost: 50 };
  it.each<[string, Array<ClvInput | number>, number | null]>([
    ["empty segment", [], null],
    ["precomputed values", [100, 200, -50], 250],
    ["inputs and values mixed", [typical, 100], 80 / 0.3 - 50 + 100],
    ["single input", [typical], 80 / 0.3 - 50],
  ])("%s", (_n, items, expected) => {
    const v = customerEquity(items);
    if (expected === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(expected, 9);
  });

  it("propagates an impossible CLV input", () => {
    expect(() => customerEquity([{ margin: 1, retention: 2, discountRate: 0 }])).toThrow(RangeError);
  });
});

describe("roi", () => {
  it.each<[number, number, number | null]>([
    [150, 100, 0.5],
    [50, 100, -0.5],
    [100, 100, 0],
    [0, 100, -1],
    [100, 0, null], // no investment: undefined
  ])("return %d on %d", (ret, inv, expected) => {
    expect(roi(ret, inv)).toBe(expected);
  });

  it("rejects negative investment and non-finite values", () => {
    expect(() => roi(100, -1)).toThrow(RangeError);
    expect(() => roi(Number.NaN, 1)).toThrow(RangeError);
  });
});

describe("cpo", () => {
  it.each<[number, number, number | null]>([
    [1000, 40, 25],
    [0, 5, 0],
    [10, 4, 2.5],
    [1000, 0, null], // no orders: undefined
  ])("cost %d / %d orders", (cost, orders, expected) => {
    expect(cpo(cost, orders)).toBe(expected);
  });

  it.each<[number, number]>([
    [-1, 5],
    [10, -1],
    [Number.POSITIVE_INFINITY, 1],
  ])("rejects cost %d, orders %d", (cost, orders) => {
    expect(() => cpo(cost, orders)).toThrow(RangeError);
  });
});

describe("nps", () => {
  it.each<[string, number[], number | null]>([
    ["no answers", [], null],
    ["2 promoters, 2 passives, 2 detractors", [10, 9, 8, 7, 6, 0], 0],
    ["all promoters", [10, 10, 9], 100],
    ["all detractors", [0, 6], -100],
    ["all passives", [7, 8], 0],
    ["boundaries 9 and 6: 2 - 1 of 4", [9, 6, 8, 10], 25],
    ["one third", [9, 7, 7], 100 / 3],
    ["single 6", [6], -100],
    ["single 7", [7], 0],
    ["single 9", [9], 100],
  ])("%s", (_n, scores, expected) => {
    const v = nps(scores);
    if (expected === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(expected, 12);
  });

  it.each<[string, number[]]>([
    ["11", [11]],
    ["-1", [5, -1]],
    ["5.5", [5.5]],
    ["NaN", [Number.NaN]],
  ])("rejects %s", (_n, scores) => {
    expect(() => nps(scores)).toThrow(RangeError);
  });
});

describe("npsFromCounts", () => {
  it.each<[number, number, number, number | null]>([
    [50, 30, 20, 30], // 100 * (50 - 20) / 100
    [10, 0, 0, 100],
    [0, 0, 7, -100],
    [0, 5, 0, 0], // passives only
    [1, 1, 1, 0],
    [2, 0, 1, 100 / 3],
    [0, 0, 0, null], // nobody answered
  ])("%d promoters, %d passives, %d detractors", (p, pa, d, expected) => {
    const v = npsFromCounts(p, pa, d);
    if (expected === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(expected, 12);
  });

  it("agrees with nps() over the same answers", () => {
    expect(npsFromCounts(2, 1, 1)).toBe(nps([10, 9, 8, 3]));
  });

  it.each<[string, number, number, number]>([
    ["negative", -1, 0, 0],
    ["fractional", 1.5, 0, 0],
    ["NaN", 0, Number.NaN, 0],
  ])("%s -> RangeError", (_n, p, pa, d) => {
    expect(() => npsFromCounts(p, pa, d)).toThrow(RangeError);
  });
});

describe("segmentEquity", () => {
  const typical: ClvInput = { margin: 100, retention: 0.8, discountRate: 0.1, acquisitionCost: 50 };
  it("is count times CLV, the same as customerEquity of count copies", () => {
    expect(segmentEquity(3, typical)).toBeCloseTo(3 * (80 / 0.3 - 50), 9);
    expect(segmentEquity(3, typical)).toBeCloseTo(customerEquity([typical, typical, typical])!, 9);
  });
  it("is null for an empty segment", () => {
    expect(segmentEquity(0, typical)).toBeNull();
  });
  it.each<[string, number, ClvInput]>([
    ["fractional count", 1.5, typical],
    ["negative count", -1, typical],
    ["impossible CLV input", 2, { margin: 1, retention: 1, discountRate: 0 }],
  ])("%s -> RangeError", (_n, count, input) => {
    expect(() => segmentEquity(count, input)).toThrow(RangeError);
  });
});
