import { INTL_TAG, type Locale } from "./locale";

/**
 * Locale-aware formatting. Intl formatters are costly to build, so they are
 * cached per locale and option set.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** Keyed by a short string the caller builds from its few options (a JSON key per call cost more than the formatting). */
function numberFormat(key: string, locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(INTL_TAG[locale], options)));
  return f;
}

function dateFormat(key: string, locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(INTL_TAG[locale], options)));
  return f;
}

export function formatNumber(locale: Locale, value: number | null | undefined, maxFractionDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return numberFormat(`n|${locale}|${maxFractionDigits}`, locale, { maximumFractionDigits: maxFractionDigits }).format(value);
}

/** Fixed decimals, for columns of figures that should line up. */
export function formatFixed(locale: Locale, value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return numberFormat(`f|${locale}|${digits}`, locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** `ratio` is a fraction (0.125 -> `12,5 %` in Finnish, `12.5%` in English). */
export function formatPercent(locale: Locale, ratio: number | null | undefined, maxFractionDigits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  return numberFormat(`p|${locale}|${maxFractionDigits}`, locale, { style: "percent", maximumFractionDigits: maxFractionDigits }).format(ratio);
}

export function formatCurrency(locale: Locale, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return numberFormat(`c|${locale}`, locale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(value);
}

/**
 * Dates are stored as calendar dates `YYYY-MM-DD` or as ISO timestamps in
 * UTC. A calendar date is the same day everywhere; a timestamp is shown in
 * the reader's time zone (the hook passes the user's, Europe/Helsinki by
 * default; the root loader sends it, so server and browser render the same).
 */
export function formatDate(locale: Locale, value: string | Date | null | undefined, timeZone = "UTC"): string {
  if (!value) return "–";
  const calendarDate = typeof value === "string" && value.length === 10;
  const date = typeof value === "string" ? new Date(calendarDate ? `${value}T00:00:00Z` : value) : value;
  if (Number.isNaN(date.getTime())) return "–";
  const zone = calendarDate ? "UTC" : timeZone;
  return dateFormat(`d|${locale}|${zone}`, locale, { day: "numeric", month: "numeric", year: "numeric", timeZone: zone }).format(date);
}

/** A timestamp's date and time in the reader's time zone (the page says which zone where it matters). */
export function formatDateTime(locale: Locale, value: string | Date | null | undefined, timeZone = "UTC"): string {
  if (!value) return "–";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "–";
  return dateFormat(`dt|${locale}|${timeZone}`, locale, {
    day: "numeric",
    month: "numeric",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(date);
}

/** `2026-Q3` reads `Q3/2026` in Finnish usage and `Q3 2026` in English. */
export function formatQuarter(locale: Locale, period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m) return period;
  return locale === "fi" ? `Q${m[2]}/${m[1]}` : `Q${m[2]} ${m[1]}`;
}
