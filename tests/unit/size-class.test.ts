import { describe, it, expect } from "vitest";
import type { SizeClass } from "../../app/domain/factors";
import { isStartup, sizeClassFrom, type SizeFigures } from "../../app/domain/size-class";

const M = 1_000_000;

describe("sizeClassFrom: EU rule with headcount and money", () => {
  it.each<[string, SizeFigures, SizeClass]>([
    ["9 staff, 2 M / 2 M", { headcount: 9, turnoverEur: 2 * M, balanceSheetEur: 2 * M }, "micro"],
    ["9 staff, turnover over 2 M but balance sheet 2 M", { headcount: 9, turnoverEur: 2 * M + 1, balanceSheetEur: 2 * M }, "micro"],
    ["9 staff, both just over 2 M", { headcount: 9, turnoverEur: 2 * M + 1, balanceSheetEur: 2 * M + 1 }, "small"],
    ["9 staff, only turnover 2 M", { headcount: 9, turnoverEur: 2 * M }, "micro"],
    ["9 staff, only turnover over 2 M", { headcount: 9, turnoverEur: 2 * M + 1 }, "small"],
    ["exactly 10 staff", { headcount: 10, turnoverEur: 1 * M, balanceSheetEur: 1 * M }, "small"],
    ["49 staff, 10 M / 10 M", { headcount: 49, turnoverEur: 10 * M, balanceSheetEur: 10 * M }, "small"],
    ["49 staff, turnover over 10 M, balance 10 M", { headcount: 49, turnoverEur: 10 * M + 1, balanceSheetEur: 10 * M }, "small"],
    ["49 staff, both over 10 M", { headcount: 49, turnoverEur: 10 * M + 1, balanceSheetEur: 10 * M + 1 }, "medium"],
    ["exactly 50 staff", { headcount: 50, turnoverEur: 1 * M }, "medium"],
    ["249 staff, turnover 50 M, balance 99 M", { headcount: 249, turnoverEur: 50 * M, balanceSheetEur: 99 * M }, "medium"],
    ["249 staff, turnover 99 M, balance 43 M", { headcount: 249, turnoverEur: 99 * M, balanceSheetEur: 43 * M }, "medium"],
    ["249 staff, turnover 50 M + 1, balance 43 M + 1", { headcount: 249, turnoverEur: 50 * M + 1, balanceSheetEur: 43 * M + 1 }, "large"],
    ["249 staff, only balance sheet 43 M + 1", { headcount: 249, balanceSheetEur: 43 * M + 1 }, "large"],
    ["exactly 250 staff, tiny money", { headcount: 250, turnoverEur: 1, balanceSheetEur: 1 }, "large"],
    ["5 staff but 60 M / 60 M", { headcount: 5, turnoverEur: 60 * M, balanceSheetEur: 60 * M }, "large"],
    ["fractional staff 9.5 (annual work units)", { headcount: 9.5, turnoverEur: 0 }, "micro"],
  ])("%s -> %s", (_n, figures, expected) => {
    expect(sizeClassFrom(figures)).toBe(expected);
  });
});

describe("sizeClassFrom: headcount only", () => {
  it.each<[number, SizeClass]>([
    [0, "micro"],
    [9, "micro"],
    [9.99, "micro"],
    [10, "small"],
    [49, "small"],
    [50, "medium"],
    [249, "medium"],
    [250, "large"],
    [10_000, "large"],
  ])("%d staff -> %s", (headcount, expected) => {
    expect(sizeClassFrom({ headcount, turnoverEur: null, balanceSheetEur: undefined })).toBe(expected);
  });
});

describe("sizeClassFrom: money only", () => {
  it.each<[string, SizeFigures, SizeClass]>([
    ["turnover 2 M", { turnoverEur: 2 * M }, "micro"],
    ["turnover 2 M + 1", { turnoverEur: 2 * M + 1 }, "small"],
    ["turnover 10 M", { turnoverEur: 10 * M }, "small"],
    ["turnover 10 M + 1", { turnoverEur: 10 * M + 1 }, "medium"],
    ["turnover 50 M", { turnoverEur: 50 * M }, "medium"],
    ["turnover 50 M + 1", { turnoverEur: 50 * M + 1 }, "large"],
    ["balance sheet 43 M", { balanceSheetEur: 43 * M }, "medium"],
    ["balance sheet 43 M + 1", { balanceSheetEur: 43 * M + 1 }, "large"],
    ["turnover 60 M, balance 43 M: either figure", { turnoverEur: 60 * M, balanceSheetEur: 43 * M }, "medium"],
    ["turnover 100 M, balance 2 M: either figure", { turnoverEur: 100 * M, balanceSheetEur: 2 * M }, "micro"],
  ])("%s -> %s", (_n, figures, expected) => {
    expect(sizeClassFrom(figures)).toBe(expected);
  });
});

describe("sizeClassFrom: nothing known and bad input", () => {
  it.each<[string, SizeFigures]>([
    ["empty", {}],
    ["all null", { headcount: null, turnoverEur: null, balanceSheetEur: null }],
    ["all undefined", { headcount: undefined, turnoverEur: undefined, balanceSheetEur: undefined }],
  ])("%s -> null", (_n, figures) => {
    expect(sizeClassFrom(figures)).toBeNull();
  });

  it.each<[string, SizeFigures]>([
    ["negative headcount", { headcount: -1 }],
    ["NaN turnover", { headcount: 5, turnoverEur: Number.NaN }],
    ["infinite balance sheet", { balanceSheetEur: Number.POSITIVE_INFINITY }],
    ["negative turnover", { turnoverEur: -5 }],
  ])("%s -> RangeError", (_n, figures) => {
    expect(() => sizeClassFrom(figures)).toThrow(RangeError);
  });
});

describe("isStartup", () => {
  const at = (iso: string) => new Date(iso);
  it.each<[string, number | null | undefined, Date, number | undefined, boolean]>([
    ["founded this year", 2026, at("2026-06-01T00:00:00Z"), undefined, true],
    ["4 calendar years ago", 2022, at("2026-12-31T23:59:59Z"), undefined, true],
    ["exactly 5 calendar years ago", 2021, at("2026-01-01T00:00:00Z"), undefined, false],
    ["2021 is still a start-up through 2025", 2021, at("2025-12-31T23:59:59Z"), undefined, true],
    ["years = 3: 2 years ago", 2024, at("2026-06-01T00:00:00Z"), 3, true],
    ["years = 3: 3 years ago", 2023, at("2026-06-01T00:00:00Z"), 3, false],
    ["UTC year is used", 2021, at("2026-01-01T01:00:00+02:00"), undefined, true], // 2025-12-31T23:00Z
    ["unknown founding year", null, at("2026-06-01T00:00:00Z"), undefined, false],
    ["undefined founding year", undefined, at("2026-06-01T00:00:00Z"), undefined, false],
  ])("%s", (_n, year, asOf, years, expected) => {
    expect(isStartup(year, asOf, years)).toBe(expected);
  });

  it.each<[string, () => unknown]>([
    ["non-integer year", () => isStartup(2020.5, new Date("2026-01-01"))],
    ["zero years", () => isStartup(2020, new Date("2026-01-01"), 0)],
    ["invalid date", () => isStartup(2020, new Date("nope"))],
  ])("%s -> RangeError", (_n, fn) => {
    expect(fn).toThrow(RangeError);
  });
});
