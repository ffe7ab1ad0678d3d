/**
 * Partner matrix comparison: the pure part. Input is each
 * relationship's context and its submitted performance per side and
 * quarter; output is the matrix a project lead reads (six factors x
 * partners), scores, changes since the previous quarter, perception gaps
 * and group averages. Scores come from scoreRelationship, never re-derived.
 *
 * The same `comparisonTable` feeds the page and the CSV/Excel exports, and
 * every number in it is already rounded to what the page shows, so the
 * exported file cannot disagree with the screen.
 */
import {
  DIVERSITIES,
  FACTORS,
  LIFECYCLE_STAGES,
  MATURITIES,
  SIZE_CLASSES,
  type Criticality,
  type Diversity,
  type FactorKey,
  type LifecycleStage,
  type Maturity,
  type SizeClass,
} from "./factors";
import type { ImportanceModel } from "./importance-model";
import type { CompareState } from "./compare-url";
import { isValidQuarter, previousQuarter } from "./period";
import type { ScoreBandKey } from "./score-bands";
import { roundHalfUp, scoreRelationship, type FactorPerformance, type RelationshipContext } from "./scoring";

// ------------------------------------------------------------------ vocabulary

/** Which assessments a view reads: one side, both pooled, or provider minus customer. */
export const COMPARE_SIDES = ["both", "customer", "provider", "gap"] as const;
export type CompareSide = (typeof COMPARE_SIDES)[number];
/** Sides that have their own performance (the gap is derived from two of them). */
export const PERFORMANCE_SIDES = ["both", "customer", "provider"] as const;
export type PerformanceSide = (typeof PERFORMANCE_SIDES)[number];

export const GROUP_DIMENSIONS = ["size", "maturity", "diversity", "stage"] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

/** attention: highest attention priority first; score: weakest first; name: A to Z. */
export const COMPARE_SORTS = ["attention", "score", "name"] as const;
export type CompareSort = (typeof COMPARE_SORTS)[number];

export const MIN_PARTNERS = 2;
export const MAX_PARTNERS = 12;

/** Decimals the page shows, and so the exports write. */
export const DECIMALS = { performance: 2, gap: 2, score: 1, attention: 1, weightPercent: 1, importance: 2 } as const;

/** Size groups include "unknown": a provider without a size class is scored as medium but grouped apart. */
export type SizeGroup = SizeClass | "unknown";

// ------------------------------------------------------------------ input

/** Quarter ('YYYY-Qn') -> mean submitted performance per factor. */
export type PerformanceByQuarter = Readonly<Record<string, FactorPerformance>>;

export type PartnerInput = {
  /** The relationship id. */
  id: number;
  /** The party that is not the chain's focal company (or the provider, when neither is). */
  name: string;
  /** Where the partner stands relative to the focal company. */
  role: "supplier" | "customer" | "other";
  serviceName: string;
  providerName: string;
  customerName: string;
  chainId: number;
  chainName: string;
  /** The provider's size class as stored; null when unknown (the score then assumes medium). */
  sizeClass: SizeClass | null;
  stage: LifecycleStage;
  context: RelationshipContext;
  performance: Readonly<Record<PerformanceSide, PerformanceByQuarter>>;
};

// ------------------------------------------------------------------ evaluation

export type PerformanceTone = "strong" | "good" | "fair" | "weak" | "poor";
export type GapTone = "aligned" | "provider_higher" | "customer_higher";
export type CellTone = PerformanceTone | GapTone | "none";

/** Performance 1..5 in five bands (the colour of a cell; the number is always shown too). */
export function performanceTone(p: number | null): PerformanceTone | "none" {
  if (p === null) return "none";
  if (p >= 4) return "strong";
  if (p >= 3.5) return "good";
  if (p >= 3) return "fair";
  if (p >= 2) return "weak";
  return "poor";
}

/** A gap within half a point either way is read as aligned. */
export function gapTone(gap: number | null): GapTone | "none" {
  if (gap === null) return "none";
  if (Math.abs(gap) < 0.5 - 1e-9) return "aligned";
  return gap > 0 ? "provider_higher" : "customer_higher";
}

export type MatrixCell = {
  factor: FactorKey;
  /** I_f (1..3) from the relationship's context. */
  importance: number;
  /** w_f as a percentage (one decimal); null when the factor has no value in the quarter. */
  weightPercent: number | null;
  /** Performance 1..5 (or the gap, -4..4, in the gap view), rounded as shown; null = no data. */
  value: number | null;
  /** value minus the previous quarter's value; null when either is missing. */
  delta: number | null;
  tone: CellTone;
};

export type PartnerColumn = {
  id: number;
  name: string;
  role: PartnerInput["role"];
  serviceName: string;
  providerName: string;
  customerName: string;
  chainId: number;
  chainName: string;
  sizeGroup: SizeGroup;
  startup: boolean;
  maturity: Maturity;
  diversity: Diversity;
  criticality: Criticality;
  stage: LifecycleStage;
  /** Does the relationship have any submitted value in the quarter for this view? */
  hasData: boolean;
  /** The view's score (the gap view reads both sides pooled); one decimal; null = no data. */
  score: number | null;
  /** The model's band of `score` (its colour everywhere); null = no data. */
  scoreBand: ScoreBandKey | null;
  scoreDelta: number | null;
  /** Provider side's score minus the customer side's, shown in the gap view. */
  scoreGap: number | null;
  scoreGapDelta: number | null;
  attention: number | null;
  modelVersion: number;
  cells: MatrixCell[];
};

type Evaluated = {
  score: number | null;
  band: ScoreBandKey | null;
  attention: number | null;
  performance: Record<FactorKey, number | null>;
  weights: Record<FactorKey, number>;
  importance: Record<FactorKey, number>;
};

function evaluate(context: RelationshipContext, performance: FactorPerformance | undefined, model: ImportanceModel): Evaluated {
  const result = scoreRelationship({ context, performance: performance ?? {}, model });
  const perf = {} as Record<FactorKey, number | null>;
  const weights = {} as Record<FactorKey, number>;
  const importance = {} as Record<FactorKey, number>;
  for (const f of result.factors) {
    perf[f.factor] = f.performance;
    weights[f.factor] = f.weight;
    importance[f.factor] = f.importance;
  }
  return { score: result.score, band: result.band, attention: result.attentionPriority, performance: perf, weights, importance };
}

const round = (x: number | null, decimals: number) => (x === null ? null : roundHalfUp(x, decimals));
/** Differences of rounded figures, so a shown delta is the difference of the shown values. */
const diff = (a: number | null, b: number | null, decimals: number) => (a === null || b === null ? null : roundHalfUp(a - b, decimals));

/** One partner's column of the matrix for a quarter and a view. */
export function evaluatePartner(partner: PartnerInput, quarter: string | null, side: CompareSide, model: ImportanceModel): PartnerColumn {
  const previous = quarter ? previousQuarter(quarter) : null;
  const at = (s: PerformanceSide, q: string | null) => (q ? partner.performance[s][q] : undefined);
  const base: PerformanceSide = side === "gap" ? "both" : side;
  const now = evaluate(partner.context, at(base, quarter), model);
  const before = evaluate(partner.context, at(base, previous), model);

  let cells: MatrixCell[];
  let scoreGap: number | null = null;
  let scoreGapDelta: number | null = null;
  if (side === "gap") {
    const gapAt = (q: string | null) => {
      const p = evaluate(partner.context, at("provider", q), model);
      const c = evaluate(partner.context, at("customer", q), model);
      const byFactor = {} as Record<FactorKey, number | null>;
      for (const f of FACTORS) {
        const pv = round(p.performance[f], DECIMALS.performance);
        const cv = round(c.performance[f], DECIMALS.performance);
        byFactor[f] = diff(pv, cv, DECIMALS.gap);
      }
      return { byFactor, score: diff(p.score, c.score, DECIMALS.score) };
    };
    const g = gapAt(quarter);
    const gPrev = gapAt(previous);
    scoreGap = g.score;
    scoreGapDelta = diff(g.score, gPrev.score, DECIMALS.score);
    cells = FACTORS.map((factor) => ({
      factor,
      importance: roundHalfUp(now.importance[factor], DECIMALS.importance),
      weightPercent: now.performance[factor] === null ? null : roundHalfUp(100 * now.weights[factor], DECIMALS.weightPercent),
      value: g.byFactor[factor],
      delta: diff(g.byFactor[factor], gPrev.byFactor[factor], DECIMALS.gap),
      tone: gapTone(g.byFactor[factor]),
    }));
  } else {
    cells = FACTORS.map((factor) => {
      const value = round(now.performance[factor], DECIMALS.performance);
      return {
        factor,
        importance: roundHalfUp(now.importance[factor], DECIMALS.importance),
        weightPercent: value === null ? null : roundHalfUp(100 * now.weights[factor], DECIMALS.weightPercent),
        value,
        delta: diff(value, round(before.performance[factor], DECIMALS.performance), DECIMALS.performance),
        tone: performanceTone(value),
      };
    });
  }

  return {
    id: partner.id,
    name: partner.name,
    role: partner.role,
    serviceName: partner.serviceName,
    providerName: partner.providerName,
    customerName: partner.customerName,
    chainId: partner.chainId,
    chainName: partner.chainName,
    sizeGroup: partner.sizeClass ?? "unknown",
    startup: partner.context.startup,
    maturity: partner.context.maturity,
    diversity: partner.context.diversity,
    criticality: partner.context.criticality,
    stage: partner.stage,
    hasData: side === "gap" ? cells.some((c) => c.value !== null) || now.score !== null : now.score !== null,
    score: now.score,
    scoreBand: now.band,
    scoreDelta: diff(now.score, before.score, DECIMALS.score),
    scoreGap,
    scoreGapDelta,
    attention: round(now.attention, DECIMALS.attention),
    modelVersion: model.version,
    cells,
  };
}

// ------------------------------------------------------------------ grouping

const SIZE_GROUPS: readonly SizeGroup[] = [...SIZE_CLASSES, "unknown"];

/** The values of a grouping dimension, in their natural order. */
export function groupValues(dimension: GroupDimension): readonly string[] {
  switch (dimension) {
    case "size":
      return SIZE_GROUPS;
    case "maturity":
      return MATURITIES;
    case "diversity":
      return DIVERSITIES;
    case "stage":
      return LIFECYCLE_STAGES;
  }
}

export function groupKeyOf(column: Pick<PartnerColumn, "sizeGroup" | "maturity" | "diversity" | "stage">, dimension: GroupDimension): string {
  switch (dimension) {
    case "size":
      return column.sizeGroup;
    case "maturity":
      return column.maturity;
    case "diversity":
      return column.diversity;
    case "stage":
      return column.stage;
  }
}

export type GroupAverage = {
  dimension: GroupDimension;
  value: string;
  /** Relationships in the group, and how many of them have data. */
  count: number;
  withData: number;
  /** Mean of the shown factor values over the relationships that have one (2 decimals); null = none. */
  factors: Record<FactorKey, number | null>;
  meanScore: number | null;
  /** The model's importance level (1..3) of each factor for this value (base rows); null for stage/unknown. */
  predicted: Record<FactorKey, number | null> | null;
};

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The model's base level of a factor for a dimension value, or null when the model has none. */
export function predictedLevel(model: ImportanceModel, factor: FactorKey, dimension: GroupDimension, value: string): number | null {
  if (dimension === "stage") return null;
  const row = model.levels.find((l) => l.factor === factor && l.dimension === dimension && l.value === value && l.condition === "base");
  return row ? row.level : null;
}

/**
 * Averages of the shown values per group (only groups that have members),
 * next to what the digiMensa model predicts for that group, so a reader can
 * see whether, say, compensation scores differ for large providers.
 */
export function groupAverages(columns: readonly PartnerColumn[], dimension: GroupDimension, model: ImportanceModel): GroupAverage[] {
  const out: GroupAverage[] = [];
  for (const value of groupValues(dimension)) {
    const members = columns.filter((c) => groupKeyOf(c, dimension) === value);
    if (members.length === 0) continue;
    const factors = {} as Record<FactorKey, number | null>;
    for (const f of FACTORS) {
      const values = members.map((m) => m.cells.find((c) => c.factor === f)?.value ?? null).filter((v): v is number => v !== null);
      factors[f] = round(mean(values), DECIMALS.performance);
    }
    const scores = members.map((m) => m.score).filter((s): s is number => s !== null);
    let predicted: Record<FactorKey, number | null> | null = null;
    if (dimension !== "stage" && value !== "unknown") {
      predicted = {} as Record<FactorKey, number | null>;
      for (const f of FACTORS) predicted[f] = predictedLevel(model, f, dimension, value);
    }
    out.push({
      dimension,
      value,
      count: members.length,
      withData: members.filter((m) => m.hasData).length,
      factors,
      meanScore: round(mean(scores), DECIMALS.score),
      predicted,
    });
  }
  return out;
}

// ------------------------------------------------------------------ filter & sort

export type CompareFilters = Pick<CompareState, "sizes" | "maturities" | "diversities" | "stages">;

export function matchesFilters(column: PartnerColumn, f: CompareFilters): boolean {
  if (f.sizes.length && !(f.sizes as readonly string[]).includes(column.sizeGroup)) return false;
  if (f.maturities.length && !f.maturities.includes(column.maturity)) return false;
  if (f.diversities.length && !f.diversities.includes(column.diversity)) return false;
  if (f.stages.length && !f.stages.includes(column.stage)) return false;
  return true;
}

const collator = new Intl.Collator("fi", { sensitivity: "base" });

/** Missing figures sort last in every order. */
function byNullableNumber(a: number | null, b: number | null, direction: 1 | -1): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return direction * (a - b);
}

export function sortColumns(columns: readonly PartnerColumn[], sort: CompareSort, group: GroupDimension | null): PartnerColumn[] {
  const groupOrder = group ? groupValues(group) : [];
  return [...columns].sort((a, b) => {
    if (group) {
      const g = groupOrder.indexOf(groupKeyOf(a, group)) - groupOrder.indexOf(groupKeyOf(b, group));
      if (g !== 0) return g;
    }
    let c = 0;
    if (sort === "attention") c = byNullableNumber(a.attention, b.attention, -1);
    else if (sort === "score") c = byNullableNumber(a.score, b.score, 1);
    return c || collator.compare(a.name, b.name) || collator.compare(a.serviceName, b.serviceName) || a.id - b.id;
  });
}

// ------------------------------------------------------------------ the comparison

export type Comparison = {
  side: CompareSide;
  quarter: string | null;
  previousQuarter: string | null;
  /** Columns after filtering, in display order (grouped, then sorted). */
  columns: PartnerColumn[];
  /** Picked partners the filters hide. */
  hiddenByFilters: number;
  group: GroupDimension | null;
  /** Consecutive runs of columns that share a group value (for the header row). */
  groups: Array<{ value: string; span: number }>;
  groupAverages: GroupAverage[];
  modelVersion: number;
};

export function buildComparison(
  partners: readonly PartnerInput[],
  options: { quarter: string | null; side: CompareSide; filters: CompareFilters; group: GroupDimension | null; sort: CompareSort },
  model: ImportanceModel,
): Comparison {
  const all = partners.map((p) => evaluatePartner(p, options.quarter, options.side, model));
  const kept = all.filter((c) => matchesFilters(c, options.filters));
  const columns = sortColumns(kept, options.sort, options.group);
  const groups: Comparison["groups"] = [];
  if (options.group) {
    for (const c of columns) {
      const value = groupKeyOf(c, options.group);
      const last = groups.at(-1);
      if (last && last.value === value) last.span += 1;
      else groups.push({ value, span: 1 });
    }
  }
  return {
    side: options.side,
    quarter: options.quarter,
    previousQuarter: options.quarter ? previousQuarter(options.quarter) : null,
    columns,
    hiddenByFilters: all.length - kept.length,
    group: options.group,
    groups,
    groupAverages: options.group ? groupAverages(columns, options.group, model) : [],
    modelVersion: model.version,
  };
}

/** The latest quarter that any partner has data for (any side), or null. */
export function latestQuarter(quarters: readonly string[]): string | null {
  return [...quarters].filter(isValidQuarter).sort().at(-1) ?? null;
}

// The table, radar and export grids live in compare-table.ts; importers keep one address.
export * from "./compare-table";
