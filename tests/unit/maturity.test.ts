import { describe, it, expect } from "vitest";
import type { Maturity } from "../../app/domain/factors";
import { effectiveMaturity, maturityFromStartDate, wholeYearsBetween } from "../../app/domain/maturity";

const utc = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("wholeYearsBetween (anniversary-based, UTC)", () => {
  it.each<[string, string, number]>([
    ["2025-06-15", "2026-06-14", 0],
    ["2025-06-15", "2026-06-15", 1],
    ["2023-06-15", "2026-06-14", 2],
    ["2023-06-15", "2026-06-15", 3],
    ["2025-01-01", "2025-01-01", 0],
    ["2026-01-02", "2026-01-01", -1], // start in the future
    // 29 Feb: anniversary on 28 Feb in common years, 29 Feb in leap years
    ["2024-02-29", "2025-02-27", 0],
    ["2024-02-29", "2025-02-28", 1],
    ["2024-02-29", "2027-02-28", 3],
    ["2024-02-29", "2028-02-28", 3],
    ["2024-02-29", "2028-02-29", 4],
    ["2023-03-01", "2024-02-29", 0],
    ["2023-02-28", "2024-02-28", 1],
  ])("%s to %s = %d", (start, asOf, years) => {
    expect(wholeYearsBetween(start, utc(asOf))).toBe(years);
  });
});

describe("maturityFromStartDate", () => {
  it.each<[string, string, Maturity]>([
    ["2025-06-15", "2026-06-14", "early"], // a day short of 1 year
    ["2025-06-15", "2026-06-15", "developing"], // exactly 1 year
    ["2023-06-15", "2026-06-14", "developing"], // a day short of 3 years
    ["2023-06-15", "2026-06-15", "mature"], // exactly 3 years
    ["2010-01-01", "2026-06-15", "mature"],
    ["2026-06-15", "2026-06-15", "early"], // started today
    ["2027-01-01", "2026-06-15", "early"], // future start
    ["2024-02-29", "2025-02-27", "early"],
    ["2024-02-29", "2025-02-28", "developing"], // first anniversary of a leap day
    ["2024-02-29", "2027-02-27", "developing"],
    ["2024-02-29", "2027-02-28", "mature"], // third anniversary of a leap day
  ])("%s as of %s -> %s", (start, asOf, expected) => {
    expect(maturityFromStartDate(start, utc(asOf))).toBe(expected);
  });

  it("uses the UTC calendar date of asOf", () => {
    // 2026-06-14T23:30-02:00 is 2026-06-15T01:30Z: the anniversary in UTC.
    expect(maturityFromStartDate("2025-06-15", new Date("2026-06-14T23:30:00-02:00"))).toBe("developing");
    // 2026-06-15T01:00+03:00 is 2026-06-14T22:00Z: not yet.
    expect(maturityFromStartDate("2025-06-15", new Date("2026-06-15T01:00:00+03:00"))).toBe("early");
  });

  it.each(["2025-02-29", "2025-13-01", "2025-00-10", "2025-1-01", "15.6.2025", "", "2025-06-15T00:00:00Z"])("rejects %j", (s) => {
    expect(() => maturityFromStartDate(s, utc("2026-01-01"))).toThrow(RangeError);
  });

  it("rejects an invalid asOf", () => {
    expect(() => maturityFromStartDate("2025-01-01", new Date("nope"))).toThrow(RangeError);
  });
});

describe("effectiveMaturity", () => {
  it.each<[string, string | null | undefined, Maturity | null | undefined, Maturity | null]>([
    ["override wins over age", "2010-01-01", "early", "early"],
    ["override without a start date", null, "mature", "mature"],
    ["age when no override", "2025-06-15", null, "developing"],
    ["age when override undefined", "2026-06-01", undefined, "early"],
    ["neither", null, null, null],
    ["neither (undefined)", undefined, undefined, null],
  ])("%s", (_n, start, override, expected) => {
    expect(effectiveMaturity(start, override, utc("2026-06-15"))).toBe(expected);
  });

  it("treats an empty start date as malformed, not missing", () => {
    expect(() => effectiveMaturity("", null, utc("2026-06-15"))).toThrow(RangeError);
  });
});
