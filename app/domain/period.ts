/**
 * Reporting periods: assessments are per quarter ('YYYY-Qn'), measurements
 * per month ('YYYY-MM'). String forms are what the database stores; they
 * sort chronologically as plain strings.
 */

export type Quarter = { year: number; quarter: 1 | 2 | 3 | 4 };

const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isValidQuarter(s: string): boolean {
  return QUARTER_RE.test(s);
}

export function isValidMonth(s: string): boolean {
  return MONTH_RE.test(s);
}

/** 'YYYY-Qn' to its parts; null when malformed. */
export function parseQuarter(s: string): Quarter | null {
  const m = QUARTER_RE.exec(s);
  return m ? { year: Number(m[1]), quarter: Number(m[2]) as Quarter["quarter"] } : null;
}

export function formatQuarter(q: Quarter): string {
  if (!Number.isInteger(q.year) || q.year < 0 || q.year > 9999 || ![1, 2, 3, 4].includes(q.quarter)) {
    throw new RangeError(`Not a quarter: ${q.year}-Q${q.quarter}`);
  }
  return `${String(q.year).padStart(4, "0")}-Q${q.quarter}`;
}

function mustParse(s: string): Quarter {
  const q = parseQuarter(s);
  if (!q) throw new RangeError(`Expected a quarter as YYYY-Qn, got "${s}"`);
  return q;
}

/** Sequential quarter number, so arithmetic on quarters is integer arithmetic. */
const toIndex = (q: Quarter) => q.year * 4 + (q.quarter - 1);
const fromIndex = (i: number): string => formatQuarter({ year: Math.floor(i / 4), quarter: ((i % 4) + 1) as Quarter["quarter"] });

/** The quarter containing `date`, in UTC. */
export function quarterOf(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid date");
  return fromIndex(date.getUTCFullYear() * 4 + Math.floor(date.getUTCMonth() / 3));
}

/** The quarter containing month 'YYYY-MM'. */
export function quarterOfMonth(month: string): string {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`Expected a month as YYYY-MM, got "${month}"`);
  return fromIndex(Number(m[1]) * 4 + Math.floor((Number(m[2]) - 1) / 3));
}

export function previousQuarter(q: string): string {
  return fromIndex(toIndex(mustParse(q)) - 1);
}

export function nextQuarter(q: string): string {
  return fromIndex(toIndex(mustParse(q)) + 1);
}

/** Negative, zero or positive as a is before, equal to or after b. */
export function compareQuarter(a: string, b: string): number {
  return Math.sign(toIndex(mustParse(a)) - toIndex(mustParse(b)));
}

/** Every quarter from `from` to `to`, both included; empty when from is after to. */
export function quarterRange(from: string, to: string): string[] {
  const start = toIndex(mustParse(from));
  const end = toIndex(mustParse(to));
  const out: string[] = [];
  for (let i = start; i <= end; i++) out.push(fromIndex(i));
  return out;
}

/** The three months 'YYYY-MM' of a quarter. */
export function monthsOfQuarter(q: string): string[] {
  const { year, quarter } = mustParse(q);
  const y = String(year).padStart(4, "0");
  return [1, 2, 3].map((k) => `${y}-${String((quarter - 1) * 3 + k).padStart(2, "0")}`);
}

/**
 * A month as people type it in forms and spreadsheets: '2026-03', '2026-3',
 * '3/2026', '03/2026' (also with '.' as Finnish dates use). Returns
 * canonical 'YYYY-MM', or null when it is not a month.
 */
export function parseMonthLoose(s: string): string | null {
  const t = s.trim();
  let year: string;
  let month: string;
  let m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m) {
    [year, month] = [m[1], m[2]];
  } else if ((m = /^(\d{1,2})[/.](\d{4})$/.exec(t))) {
    [month, year] = [m[1], m[2]];
  } else {
    return null;
  }
  const mo = Number(month);
  if (mo < 1 || mo > 12) return null;
  return `${year}-${String(mo).padStart(2, "0")}`;
}
