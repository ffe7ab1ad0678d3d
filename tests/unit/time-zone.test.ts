import { describe, expect, it } from "vitest";
import { quarterOf } from "~/domain/period";
import { DEFAULT_TIME_ZONE, effectiveTimeZone, isSupportedTimeZone, localDateIso, localDayStartUtc, offsetMinutes, wallClock } from "~/domain/time-zone";
import { todayIso } from "~/forms/lifecycle";
import { formatDate, formatDateTime } from "~/i18n/format";

describe("time zones a user may choose", () => {
  it.each([
    ["Europe/Helsinki", true],
    ["America/New_York", true],
    ["UTC", true],
    ["Asia/Kolkata", Intl.supportedValuesOf("timeZone").includes("Asia/Kolkata")],
    ["Mars/Olympus_Mons", false],
    ["europe/helsinki", false],
    ["", false],
    [42, false],
    ["Europe/Helsinki".repeat(10), false],
  ] as const)("%s -> %s", (zone, ok) => {
    expect(isSupportedTimeZone(zone)).toBe(ok);
  });

  it("falls back to Europe/Helsinki for no choice or a zone no longer known", () => {
    expect(DEFAULT_TIME_ZONE).toBe("Europe/Helsinki");
    expect(effectiveTimeZone(null)).toBe("Europe/Helsinki");
    expect(effectiveTimeZone("Atlantis/Capital")).toBe("Europe/Helsinki");
    expect(effectiveTimeZone("Asia/Tokyo")).toBe("Asia/Tokyo");
  });
});

describe("local calendar", () => {
  it.each([
    // Instant, zone, local wall clock, its quarter.
    ["2026-12-31T22:30:00Z", "Europe/Helsinki", "2027-01-01T00:30:00.000Z", "2027-Q1"],
    ["2026-12-31T22:30:00Z", "UTC", "2026-12-31T22:30:00.000Z", "2026-Q4"],
    ["2027-01-01T03:00:00Z", "America/New_York", "2026-12-31T22:00:00.000Z", "2026-Q4"],
    ["2026-06-30T21:30:00Z", "Europe/Helsinki", "2026-07-01T00:30:00.000Z", "2026-Q3"], // summer time, UTC+3
  ])("%s in %s is %s, quarter %s", (instant, zone, local, quarter) => {
    const clock = wallClock(new Date(instant), zone);
    expect(clock.toISOString()).toBe(local);
    expect(quarterOf(clock)).toBe(quarter);
  });

  it("today is the user's calendar day", () => {
    const lateEvening = new Date("2026-03-14T22:15:00Z");
    expect(localDateIso(lateEvening, "Europe/Helsinki")).toBe("2026-03-15");
    expect(todayIso(lateEvening)).toBe("2026-03-15");
    expect(todayIso(lateEvening, "UTC")).toBe("2026-03-14");
    expect(todayIso(lateEvening, "America/Los_Angeles")).toBe("2026-03-14");
  });

  it.each([
    ["2026-12-04", "Europe/Helsinki", "2026-12-03T22:00:00.000Z"],
    ["2026-07-01", "Europe/Helsinki", "2026-06-30T21:00:00.000Z"],
    ["2026-03-29", "Europe/Helsinki", "2026-03-28T22:00:00.000Z"], // the day summer time starts
    ["2026-10-25", "Europe/Helsinki", "2026-10-24T21:00:00.000Z"], // the day it ends
    ["2026-12-04", "UTC", "2026-12-04T00:00:00.000Z"],
    ["2026-12-04", "Asia/Kolkata", "2026-12-03T18:30:00.000Z"],
  ])("day %s begins in %s at %s", (day, zone, start) => {
    expect(localDayStartUtc(day, zone)).toBe(start);
  });

  it("knows the offset", () => {
    expect(offsetMinutes(new Date("2026-12-04T12:00:00Z"), "Europe/Helsinki")).toBe(120);
    expect(offsetMinutes(new Date("2026-07-04T12:00:00Z"), "Europe/Helsinki")).toBe(180);
    expect(offsetMinutes(new Date("2026-07-04T12:00:00Z"), "America/New_York")).toBe(-240);
  });
});

describe("dates and times in the reader's zone", () => {
  it.each([
    ["fi", "2026-01-05T23:30:00Z", "Europe/Helsinki", "6.1.2026 klo 01.30"],
    ["en", "2026-01-05T23:30:00Z", "Europe/Helsinki", "06/01/2026, 01:30"],
    ["fi", "2026-07-05T09:00:00Z", "Europe/Helsinki", "5.7.2026 klo 12.00"],
    ["en", "2026-01-05T23:30:00Z", "America/New_York", "05/01/2026, 18:30"],
    ["fi", "2026-01-05T23:30:00Z", "UTC", "5.1.2026 klo 23.30"],
  ] as const)("%s %s in %s -> %s", (locale, value, zone, expected) => {
    expect(formatDateTime(locale, value, zone)).toBe(expected);
  });

  it("shows a timestamp's local date, and a calendar date as the same day everywhere", () => {
    expect(formatDate("fi", "2026-01-05T23:30:00Z", "Europe/Helsinki")).toBe("6.1.2026");
    expect(formatDate("fi", "2026-01-05", "Europe/Helsinki")).toBe("5.1.2026");
    expect(formatDate("fi", "2026-01-05", "Pacific/Honolulu")).toBe("5.1.2026");
  });
});
