/**
 * Customer KPIs from source 003 (docs/domain.md). Conventions: null means the
 * formula is undefined for this input (a zero denominator, nothing to
 * average); RangeError means the input itself is impossible, so the caller
 * should reject it rather than display a figure.
 */

function finite(name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number, got ${String(v)}`);
  return v;
}

function nonNegative(name: string, v: number): number {
  if (finite(name, v) < 0) throw new RangeError(`${name} must not be negative, got ${v}`);
  return v;
}

function checkCounts(kept: number, atStart: number): void {
  nonNegative("kept", kept);
  nonNegative("atStart", atStart);
  if (kept > atStart) throw new RangeError(`kept (${kept}) cannot exceed customers at start (${atStart})`);
}

/** Share of the customers at the start of the period still customers at its end (0..1). */
export function retention(kept: number, atStart: number): number | null {
  checkCounts(kept, atStart);
  return atStart === 0 ? null : kept / atStart;
}

/**
 * 1 - retention, computed as lost / atStart: the same number, without the
 * float noise of 1 - 0.9 = 0.09999999999999998.
 */
export function churn(kept: number, atStart: number): number | null {
  checkCounts(kept, atStart);
  return atStart === 0 ? null : (atStart - kept) / atStart;
}

export type ClvInput = {
  /** Margin per period, EUR. */
  margin: number;
  /** Retention rate per period, 0..1. */
  retention: number;
  /** Discount rate per period, e.g. 0.1. */
  discountRate: number;
  /** Acquisition cost, EUR; 0 when not given. */
  acquisitionCost?: number;
};

/** Customer lifetime value: m * r / (1 + i - r) - AC (infinite-horizon simple margin model). */
export function clv({ margin, retention: r, discountRate: i, acquisitionCost = 0 }: ClvInput): number {
  finite("margin", margin);
  finite("retention", r);
  finite("discountRate", i);
  finite("acquisitionCost", acquisitionCost);
  if (r < 0 || r > 1) throw new RangeError(`retention must be within 0..1, got ${r}`);
  const denominator = 1 + i - r;
  // At or below zero the series m * r^t / (1 + i)^t does not converge.
  if (denominator <= 0) throw new RangeError(`1 + discountRate - retention must be positive, got ${denominator}`);
  return (margin * r) / denominator - acquisitionCost;
}

/** Sum of CLV over a segment; items are CLV inputs or already computed CLVs. Null for an empty segment. */
export function customerEquity(items: ReadonlyArray<ClvInput | number>): number | null {
  if (items.length === 0) return null;
  return items.reduce<number>((sum, it) => sum + (typeof it === "number" ? finite("CLV", it) : clv(it)), 0);
}

/** Return on investment as a ratio: (return - investment) / investment; null for zero investment. */
export function roi(returnEur: number, investment: number): number | null {
  finite("return", returnEur);
  nonNegative("investment", investment);
  return investment === 0 ? null : (returnEur - investment) / investment;
}

/** Cost per order; null when there were no orders. */
export function cpo(cost: number, orders: number): number | null {
  nonNegative("cost", cost);
  nonNegative("orders", orders);
  return orders === 0 ? null : cost / orders;
}

/**
 * Net Promoter Score in percentage points (-100..100): % promoters (9-10)
 * minus % detractors (0-6). Computed as 100 * (p - d) / n so the result
 * is a single rounding away from exact. Null for no answers.
 */
export function nps(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  let promoters = 0;
  let detractors = 0;
  for (const s of scores) {
    if (!Number.isInteger(s) || s < 0 || s > 10) throw new RangeError(`NPS answers are integers 0..10, got ${s}`);
    if (s >= 9) promoters += 1;
    else if (s <= 6) detractors += 1;
  }
  return (100 * (promoters - detractors)) / scores.length;
}

/**
 * NPS from answer counts (promoters 9-10, passives 7-8, detractors 0-6):
 * 100 * (promoters - detractors) / all answers. Null when nobody answered.
 */
export function npsFromCounts(promoters: number, passives: number, detractors: number): number | null {
  for (const [name, v] of [
    ["promoters", promoters],
    ["passives", passives],
    ["detractors", detractors],
  ] as const) {
    if (!Number.isInteger(nonNegative(name, v))) throw new RangeError(`${name} must be a whole number, got ${v}`);
  }
  const answers = promoters + passives + detractors;
  return answers === 0 ? null : (100 * (promoters - detractors)) / answers;
}

/** Customer equity of a segment of `count` alike customers: count * CLV. Null for an empty segment. */
export function segmentEquity(count: number, input: ClvInput): number | null {
  if (!Number.isInteger(nonNegative("count", count))) throw new RangeError(`count must be a whole number, got ${count}`);
  return count === 0 ? null : count * clv(input);
}
