import { describe, expect, it } from "vitest";
import { EARLIEST_MEASUREMENT_MONTH, boundsDefinitionProblem, effectiveBounds, monthProblem, valueProblem } from "../../app/domain/measurement-rules";

const LATEST = "2026-11";

describe("monthProblem: one month range for every path", () => {
  it.each<[string, ReturnType<typeof monthProblem>]>([
    ["2026-11", null],
    ["2000-01", null],
    ["2026-12", { code: "monthRange", from: EARLIEST_MEASUREMENT_MONTH, to: LATEST }],
    ["0000-01", { code: "monthRange", from: EARLIEST_MEASUREMENT_MONTH, to: LATEST }],
    ["1999-12", { code: "monthRange", from: EARLIEST_MEASUREMENT_MONTH, to: LATEST }],
    ["2026-13", { code: "month" }],
    ["2026-00", { code: "month" }],
    ["2026-1", { code: "month" }],
    ["", { code: "month" }],
  ])("%j", (month, expected) => expect(monthProblem(month, LATEST)).toEqual(expected));
});

describe("effectiveBounds: a percentage is 0–100 unless its definition says otherwise", () => {
  it.each<[string, number | null, number | null, { min: number | null; max: number | null }]>([
    ["%", null, null, { min: 0, max: 100 }],
    [" % ", null, null, { min: 0, max: 100 }],
    ["%", -100, 1000, { min: -100, max: 1000 }],
    ["%", -50, null, { min: -50, max: 100 }],
    ["count", null, null, { min: null, max: null }],
    ["count", 0, null, { min: 0, max: null }],
    ["1-5", 1, 5, { min: 1, max: 5 }],
  ])("unit %j, min %j, max %j", (unit, minValue, maxValue, expected) => expect(effectiveBounds({ unit, minValue, maxValue })).toEqual(expected));
});

describe("valueProblem", () => {
  const percent = { min: 0, max: 100 };
  it.each<[number, { min: number | null; max: number | null }, ReturnType<typeof valueProblem>]>([
    [100, percent, null],
    [0, percent, null],
    [100.01, percent, { code: "aboveMax", min: 0, max: 100 }],
    [-0.5, percent, { code: "belowMin", min: 0, max: 100 }],
    [1e9, { min: null, max: null }, null],
    [-3, { min: 0, max: null }, { code: "belowMin", min: 0, max: null }],
    [6, { min: null, max: 5 }, { code: "aboveMax", min: null, max: 5 }],
    [Number.NaN, percent, { code: "value" }],
    [Number.POSITIVE_INFINITY, { min: null, max: null }, { code: "value" }],
  ])("%s in %j", (value, bounds, expected) => expect(valueProblem(value, bounds)).toEqual(expected));
});

describe("boundsDefinitionProblem", () => {
  it.each<[string, number | null, number | null, number | null, ReturnType<typeof boundsDefinitionProblem>]>([
    ["%", null, null, 95, null],
    ["%", null, null, 120, { field: "target", code: "targetOutside" }],
    ["%", -100, 1000, 120, null],
    ["count", 10, 5, null, { field: "maxValue", code: "minAboveMax" }],
    ["count", 5, 5, 5, null],
    ["count", 0, null, -1, { field: "target", code: "targetOutside" }],
  ])("unit %j, min %j, max %j, target %j", (unit, minValue, maxValue, target, expected) =>
    expect(boundsDefinitionProblem({ unit, minValue, maxValue, target })).toEqual(expected),
  );
});
