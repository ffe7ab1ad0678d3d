/** Formatting of metric values, months and changes, in the active locale. */
import { METRIC_CATEGORIES } from "~/forms/metric-definition";
import { formatPercent } from "~/i18n/format";
import { knownLabel } from "~/i18n/labels";
import type { Locale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(locale: Locale, digits: number): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale === "fi" ? "fi-FI" : "en-GB", { maximumFractionDigits: digits })));
  return f;
}

/** Decimals worth showing for a unit: money and ratings get two, counts none. */
function digitsFor(unit: string, value: number): number {
  if (unit === "count") return Number.isInteger(value) ? 0 : 1;
  if (unit === "EUR" || unit === "1-5") return 2;
  return Math.abs(value) >= 1000 ? 0 : 2;
}

/** `95,5 %`, `12 h`, `0,95 €`, `4,21 / 5` in Finnish; `95.5%`, `12 h`, `€0.95`, `4.21 / 5` in English. */
export function formatMetricValue(locale: Locale, value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const n = nf(locale, digitsFor(unit, value)).format(value);
  switch (unit) {
    case "%":
      return formatPercent(locale, value / 100, digitsFor(unit, value));
    case "EUR":
      return locale === "fi" ? `${n} €` : `€${n}`;
    case "count":
      return n;
    case "1-5":
      return `${n} / 5`;
    case "points":
      return locale === "fi" ? `${n} p.` : `${n} pts`;
    default:
      return `${n} ${unit}`;
  }
}

/**
 * A signed change: percentage points for `%` (`+1,2 %-yks.` / `+1.2 pp`),
 * a bare number for ratings, otherwise the value with its unit.
 */
export function formatChange(locale: Locale, change: number, unit: string): string {
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const size = Math.abs(change);
  if (unit === "%") return `${sign}${nf(locale, 2).format(size)} ${locale === "fi" ? "%-yks." : "pp"}`;
  if (unit === "1-5") return `${sign}${nf(locale, 2).format(size)}`;
  return `${sign}${formatMetricValue(locale, size, unit)}`;
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026-03` reads `3/2026` in Finnish and `Mar 2026` in English. */
export function formatMonth(locale: Locale, month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return locale === "fi" ? `${Number(m[2])}/${m[1]}` : `${MONTHS_EN[Number(m[2]) - 1]} ${m[1]}`;
}

/** Whether a change is for the better, read in the metric's direction. */
export function changeIsBetter(change: number, direction: "higher_better" | "lower_better"): boolean | null {
  if (change === 0) return null;
  return direction === "higher_better" ? change > 0 : change < 0;
}

/** A known category in the user's language; an organisation's own category word as it is. */
export function categoryLabel(t: (key: MessageKey) => string, category: string): string {
  return knownLabel(t, "metrics.category", METRIC_CATEGORIES, category);
}

/** The catalogue's units by name, in both languages; an organisation's own unit word as it is. */
const UNIT_KEYS: Readonly<Record<string, MessageKey>> = {
  "%": "metrics.unit.percent",
  count: "metrics.unit.count",
  h: "metrics.unit.hours",
  EUR: "metrics.unit.eur",
  "1-5": "metrics.unit.scale5",
  points: "metrics.unit.points",
};

export function unitLabel(t: (key: MessageKey) => string, unit: string): string {
  const key = UNIT_KEYS[unit.trim()];
  return key ? t(key) : unit;
}

/** A metric's allowed values, e.g. `0 % – 100 %` or `at least 0` (plain numbers when `unit` is ""); null when it takes any value. */
export function boundsLabel(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  locale: Locale,
  bounds: { min: number | null; max: number | null },
  unit: string,
): string | null {
  // Plain numbers for a rating scale (`1 – 5`, not `1 / 5 – 5 / 5`) or when no unit is given.
  const fmt = (v: number) => (unit === "" || unit === "1-5" ? nf(locale, 6).format(v) : formatMetricValue(locale, v, unit));
  if (bounds.min !== null && bounds.max !== null) return t("metrics.bounds.range", { min: fmt(bounds.min), max: fmt(bounds.max) });
  if (bounds.min !== null) return t("metrics.bounds.atLeast", { min: fmt(bounds.min) });
  if (bounds.max !== null) return t("metrics.bounds.atMost", { max: fmt(bounds.max) });
  return null;
}
