/**
 * Calendar arithmetic for the demo data, all in UTC, and the timeline the
 * story is laid on: everything is placed relative to `asOf`.
 */
import { monthsOfQuarter, previousQuarter, quarterOf, quarterRange } from "../../app/domain/period";

const DAY_MS = 86_400_000;

export function startOfDayUTC(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

export function addHours(d: Date, hours: number): Date {
  return new Date(d.getTime() + hours * 3_600_000);
}

/** Calendar months later (negative: earlier); the day is clamped to the target month's length. */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()),
  );
}

/** 'YYYY-MM-DD' */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** '2026-11-22T19:12:48.000Z', the schema's timestamp form. */
export function isoTimestamp(d: Date): string {
  return d.toISOString();
}

/** 'YYYY-MM' */
export function monthKey(d: Date): string {
  return d.toISOString().slice(0, 7);
}

export function parseIsoDate(s: string): Date {
  const d = new Date(`${s}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date: ${s}`);
  return d;
}

/** First day of 'YYYY-MM', 00:00 UTC. */
export function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00.000Z`);
}

export function quarterStart(q: string): Date {
  return monthStart(monthsOfQuarter(q)[0]);
}

/** The first moment after the quarter (first day of the following month). */
export function quarterEndExclusive(q: string): Date {
  return addMonths(monthStart(monthsOfQuarter(q)[2]), 1);
}

export function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

export function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

export type Timeline = {
  asOf: Date;
  /** asOf at 00:00 UTC. */
  today: Date;
  /** The quarter asOf falls in: not completed, only drafts. */
  currentQuarter: string;
  /** The latest completed quarter: the last fully assessed one. */
  lastQuarter: string;
  /** The six assessed quarters, oldest first (the last is lastQuarter). */
  quarters: string[];
  /** The 14 completed months before asOf's month, oldest first. */
  months: string[];
  /** When the portal was taken into use: shortly before the first assessed quarter. */
  portalStart: Date;
};

export const ASSESSED_QUARTERS = 6;
export const MEASURED_MONTHS = 14;

export function timelineFor(asOf: Date): Timeline {
  if (Number.isNaN(asOf.getTime())) throw new RangeError("asOf is an invalid date");
  const currentQuarter = quarterOf(asOf);
  const lastQuarter = previousQuarter(currentQuarter);
  let first = lastQuarter;
  for (let i = 1; i < ASSESSED_QUARTERS; i++) first = previousQuarter(first);
  const quarters = quarterRange(first, lastQuarter);
  const thisMonth = monthStart(monthKey(asOf));
  const months: string[] = [];
  for (let i = MEASURED_MONTHS; i >= 1; i--) months.push(monthKey(addMonths(thisMonth, -i)));
  const earliest = minDate(quarterStart(first), monthStart(months[0]));
  return {
    asOf,
    today: startOfDayUTC(asOf),
    currentQuarter,
    lastQuarter,
    quarters,
    months,
    portalStart: addDays(earliest, -21),
  };
}
