/**
 * Default relationship maturity from the relationship's age (docs/domain.md:
 * < 1 year early, 1-3 years developing, >= 3 years mature).
 */
import type { Maturity } from "./factors";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Computed by hand rather than via Date.UTC, which maps years 0-99 to 1900-1999.
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Strict 'YYYY-MM-DD' (a real calendar date) to [y, m, d]. */
function parseIsoDate(s: string): [number, number, number] {
  const m = ISO_DATE.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return [y, mo, d];
  }
  throw new RangeError(`Expected a date as YYYY-MM-DD, got "${s}"`);
}

/**
 * Whole years from startDate to asOf (UTC), counted by anniversaries. A
 * 29 February start has its anniversary on 28 February in common years
 * (the last day of the month, as Finnish deadline law counts), so
 * 2024-02-29 is one year old on 2025-02-28. Negative when startDate is
 * after asOf.
 */
export function wholeYearsBetween(startDate: string, asOf: Date): number {
  if (Number.isNaN(asOf.getTime())) throw new RangeError("asOf is an invalid date");
  const [y, m, d] = parseIsoDate(startDate);
  const ay = asOf.getUTCFullYear();
  const am = asOf.getUTCMonth() + 1;
  const ad = asOf.getUTCDate();
  const anniversaryDay = Math.min(d, daysInMonth(ay, m));
  const reached = am > m || (am === m && ad >= anniversaryDay);
  return ay - y - (reached ? 0 : 1);
}

/** Maturity by age: < 1 year early, 1 to < 3 developing, >= 3 mature; a future start is early. */
export function maturityFromStartDate(startDate: string, asOf: Date): Maturity {
  const years = wholeYearsBetween(startDate, asOf);
  if (years < 1) return "early";
  if (years < 3) return "developing";
  return "mature";
}

/**
 * The maturity to score with: a person's override wins, else the age-based
 * default; null when there is neither (the caller must ask for one rather
 * than the domain guessing).
 */
export function effectiveMaturity(startDate: string, override: Maturity | null | undefined, asOf: Date): Maturity;
export function effectiveMaturity(startDate: string | null | undefined, override: Maturity | null | undefined, asOf: Date): Maturity | null;
export function effectiveMaturity(startDate: string | null | undefined, override: Maturity | null | undefined, asOf: Date): Maturity | null {
  if (override) return override;
  // '' is a malformed date, not a missing one: let it throw.
  if (startDate !== null && startDate !== undefined) return maturityFromStartDate(startDate, asOf);
  return null;
}
