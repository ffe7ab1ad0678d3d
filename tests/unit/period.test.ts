import { describe, it, expect } from "vitest";
import {
  compareQuarter,
  formatQuarter,
  isValidMonth,
  isValidQuarter,
  monthsOfQuarter,
  nextQuarter,
  parseMonthLoose,
  parseQuarter,
  previousQuarter,
  quarterOf,
  quarterOfMonth,
  quarterRange,
  type Quarter,
} from "../../app/domain/period";

describe("isValidQuarter / parseQuarter", () => {
  it.each<[string, Quarter | null]>([
    ["2026-Q1", { year: 2026, quarter: 1 }],
    ["2026-Q4", { year: 2026, quarter: 4 }],
    ["1999-Q3", { year: 1999, quarter: 3 }],
    ["2026-Q0", null],
    ["2026-Q5", null],
    ["2026Q1", null],
    ["2026-q1", null],
    ["26-Q1", null],
    [" 2026-Q1", null],
    ["", null],
  ])("%j", (s, expected) => {
    expect(parseQuarter(s)).toEqual(expected);
    expect(isValidQuarter(s)).toBe(expected !== null);
  });
});

describe("formatQuarter", () => {
  it.each<[Quarter, string]>([
    [{ year: 2026, quarter: 3 }, "2026-Q3"],
    [{ year: 999, quarter: 1 }, "0999-Q1"],
  ])("%j -> %s", (q, s) => {
    expect(formatQuarter(q)).toBe(s);
  });

  it.each<[Quarter]>([[{ year: 2026, quarter: 5 as never }], [{ year: 2026.5, quarter: 1 }], [{ year: 10000, quarter: 1 }]])("rejects %j", (q) => {
    expect(() => formatQuarter(q)).toThrow(RangeError);
  });
});

describe("quarterOf (UTC)", () => {
  it.each<[string, string]>([
    ["2026-01-01T00:00:00Z", "2026-Q1"],
    ["2026-03-31T23:59:59Z", "2026-Q1"],
    ["2026-04-01T00:00:00Z", "2026-Q2"],
    ["2026-06-30T23:59:59Z", "2026-Q2"],
    ["2026-07-01T00:00:00Z", "2026-Q3"],
    ["2026-10-01T00:00:00Z", "2026-Q4"],
    ["2026-12-31T23:59:59Z", "2026-Q4"],
    ["2026-04-01T01:00:00+03:00", "2026-Q1"], // 2026-03-31T22:00Z
  ])("%s -> %s", (iso, q) => {
    expect(quarterOf(new Date(iso))).toBe(q);
  });

  it("rejects an invalid date", () => {
    expect(() => quarterOf(new Date("nope"))).toThrow(RangeError);
  });
});

describe("quarterOfMonth", () => {
  it.each<[string, string]>([
    ["2026-01", "2026-Q1"],
    ["2026-03", "2026-Q1"],
    ["2026-04", "2026-Q2"],
    ["2026-09", "2026-Q3"],
    ["2026-12", "2026-Q4"],
  ])("%s -> %s", (m, q) => {
    expect(quarterOfMonth(m)).toBe(q);
  });
});

describe("previousQuarter / nextQuarter", () => {
  it.each<[string, string, string]>([
    ["2026-Q1", "2025-Q4", "2026-Q2"],
    ["2026-Q2", "2026-Q1", "2026-Q3"],
    ["2026-Q4", "2026-Q3", "2027-Q1"],
  ])("%s: previous %s, next %s", (q, prev, next) => {
    expect(previousQuarter(q)).toBe(prev);
    expect(nextQuarter(q)).toBe(next);
  });

  it("rejects malformed input", () => {
    expect(() => previousQuarter("2026-Q5")).toThrow(RangeError);
    expect(() => nextQuarter("2026")).toThrow(RangeError);
  });
});

describe("quarterRange (inclusive)", () => {
  it.each<[string, string, string[]]>([
    ["2025-Q3", "2026-Q2", ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]],
    ["2026-Q1", "2026-Q1", ["2026-Q1"]],
    ["2026-Q2", "2026-Q1", []],
  ])("%s..%s", (from, to, expected) => {
    expect(quarterRange(from, to)).toEqual(expected);
  });

  it("spans several years", () => {
    expect(quarterRange("2020-Q1", "2026-Q4")).toHaveLength(28);
  });
});

describe("monthsOfQuarter", () => {
  it.each<[string, string[]]>([
    ["2026-Q1", ["2026-01", "2026-02", "2026-03"]],
    ["2026-Q2", ["2026-04", "2026-05", "2026-06"]],
    ["2026-Q3", ["2026-07", "2026-08", "2026-09"]],
    ["2026-Q4", ["2026-10", "2026-11", "2026-12"]],
  ])("%s", (q, months) => {
    expect(monthsOfQuarter(q)).toEqual(months);
  });
});

describe("compareQuarter", () => {
  it.each<[string, string, number]>([
    ["2026-Q1", "2026-Q1", 0],
    ["2026-Q1", "2026-Q2", -1],
    ["2026-Q1", "2025-Q4", 1],
    ["2025-Q4", "2026-Q1", -1],
  ])("%s vs %s -> %d", (a, b, expected) => {
    expect(compareQuarter(a, b)).toBe(expected);
  });

  it("sorts quarters chronologically", () => {
    expect(["2026-Q2", "2025-Q4", "2026-Q1"].sort(compareQuarter)).toEqual(["2025-Q4", "2026-Q1", "2026-Q2"]);
  });
});

describe("isValidMonth", () => {
  it.each<[string, boolean]>([
    ["2026-01", true],
    ["2026-12", true],
    ["2026-00", false],
    ["2026-13", false],
    ["2026-3", false],
    ["3/2026", false],
    ["2026-03-01", false],
    ["", false],
  ])("%j -> %s", (s, expected) => {
    expect(isValidMonth(s)).toBe(expected);
  });
});

describe("parseMonthLoose", () => {
  it.each<[string, string | null]>([
    ["2026-03", "2026-03"],
    ["2026-3", "2026-03"],
    ["3/2026", "2026-03"],
    ["03/2026", "2026-03"],
    ["12/2026", "2026-12"],
    ["3.2026", "2026-03"],
    [" 2026-11 ", "2026-11"],
    ["2026-13", null],
    ["0/2026", null],
    ["13/2026", null],
    ["2026-00", null],
    ["2026/03", null],
    ["03-2026", null],
    ["2026-03-01", null],
    ["March 2026", null],
    ["", null],
  ])("%j -> %j", (s, expected) => {
    expect(parseMonthLoose(s)).toBe(expected);
  });
});
