/**
 * EU SME size class (Commission Recommendation 2003/361/EC, Annex art. 2)
 * and the start-up rule. Linked/partner enterprise aggregation is out of
 * scope: the figures given are taken as the enterprise's own.
 */
import type { SizeClass } from "./factors";

export type SizeFigures = {
  /** Staff in annual work units; may be fractional. */
  headcount?: number | null;
  turnoverEur?: number | null;
  balanceSheetEur?: number | null;
};

const M = 1_000_000;

// Smallest class first; a firm is in the first class whose staff limit AND
// at least one of whose money ceilings it meets.
const LIMITS: ReadonlyArray<{ cls: SizeClass; staffBelow: number; turnoverMax: number; balanceMax: number }> = [
  { cls: "micro", staffBelow: 10, turnoverMax: 2 * M, balanceMax: 2 * M },
  { cls: "small", staffBelow: 50, turnoverMax: 10 * M, balanceMax: 10 * M },
  { cls: "medium", staffBelow: 250, turnoverMax: 50 * M, balanceMax: 43 * M },
];

function figure(name: string, v: number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite non-negative number, got ${v}`);
  return v;
}

/**
 * Size class from whatever figures are known; null when none is.
 * - Headcount and money: the EU rule (staff below the limit AND turnover or
 *   balance sheet within its ceiling); with only one money figure known,
 *   that figure alone must be within its ceiling.
 * - Headcount only: decided by headcount alone.
 * - Money only: the smallest class whose ceiling either known figure meets
 *   (the same "either figure" rule the EU uses, with the staff test dropped).
 */
export function sizeClassFrom(figures: SizeFigures): SizeClass | null {
  const staff = figure("headcount", figures.headcount);
  const turnover = figure("turnoverEur", figures.turnoverEur);
  const balance = figure("balanceSheetEur", figures.balanceSheetEur);
  if (staff === null && turnover === null && balance === null) return null;
  const hasMoney = turnover !== null || balance !== null;

  for (const l of LIMITS) {
    const staffOk = staff === null || staff < l.staffBelow;
    const moneyOk = !hasMoney || (turnover !== null && turnover <= l.turnoverMax) || (balance !== null && balance <= l.balanceMax);
    if (staffOk && moneyOk) return l.cls;
  }
  return "large";
}

/**
 * Start-up: founded within the last `years` years, counted in calendar
 * years (a firm founded in 2021 is a start-up through 2025 with years = 5).
 * An unknown founding year is not a start-up.
 */
export function isStartup(foundedYear: number | null | undefined, asOf: Date, years = 5): boolean {
  if (foundedYear === null || foundedYear === undefined) return false;
  if (!Number.isInteger(foundedYear)) throw new RangeError(`foundedYear must be an integer, got ${foundedYear}`);
  if (!Number.isFinite(years) || years <= 0) throw new RangeError(`years must be positive, got ${years}`);
  if (Number.isNaN(asOf.getTime())) throw new RangeError("asOf is an invalid date");
  return asOf.getUTCFullYear() - foundedYear < years;
}
