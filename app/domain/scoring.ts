/**
 * Relationship scoring (docs/domain.md "Formulas"): importance-weighted
 * performance score, improvement priorities, importance-performance
 * quadrants and attention priority. Pure; every figure it returns is
 * meant to be shown with its inputs so a user can check it.
 */
import { CRITICALITIES, DIVERSITIES, FACTORS, MATURITIES, SIZE_CLASSES, isOneOf, type Criticality, type FactorKey, type Quadrant } from "./factors";
import { DIGIMENSA_MODEL, importanceLevels, type ImportanceContext, type ImportanceLevel, type ImportanceModel } from "./importance-model";
import { bandOf, type ScoreBandKey } from "./score-bands";

export type RelationshipContext = ImportanceContext & { criticality: Criticality };

/** Mean performance 1..5 per factor; null or a missing key = not applicable / not scored. */
export type FactorPerformance = Partial<Record<FactorKey, number | null>>;

export type ScoreInput = {
  context: RelationshipContext;
  performance: FactorPerformance;
  model?: ImportanceModel;
};

export type FactorScore = {
  factor: FactorKey;
  /** I_f, mean of the three levels (1..3); given even when the factor is not scored. */
  importance: number;
  /** w_f; 0 when the factor has no performance value. */
  weight: number;
  performance: number | null;
  quadrant: Quadrant | null;
  /** w_f * (5 - P_f); null when the factor has no performance value. */
  priority: number | null;
  levels: { size: ImportanceLevel; maturity: ImportanceLevel; diversity: ImportanceLevel };
};

export type ScoreResult = {
  /** 0..100, one decimal; null when no factor has a performance value. */
  score: number | null;
  /** (100 - score) * criticality multiplier; null when score is null. */
  attentionPriority: number | null;
  /** The model's band the score falls in (poor, fair, good); null when score is null. */
  band: ScoreBandKey | null;
  modelVersion: number;
  /** The six factors in FACTORS order. */
  factors: FactorScore[];
};

/** Absorbs float noise in means/sums so that equal values compare as equal. */
const EPS = 1e-9;

/**
 * Round half up to `decimals` places. Plain Math.round(x * 10) / 10 gets
 * real-arithmetic ties wrong when the binary value lands just below them
 * (100 * (3.3 - 1) / 4 is 57.49999999999999, not 57.5). Adding 1e-9 lifts
 * such values over the tie; it is far above the ~1e-13 float error at these
 * magnitudes and far below the 0.05 step, so it cannot move a genuine
 * non-tie. Ties go towards +infinity, as Math.round does.
 */
export function roundHalfUp(x: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(x * f + EPS) / f;
}

/** Arithmetic mean, skipping null/undefined (not applicable); null when nothing is left. */
export function meanOrNull(values: ReadonlyArray<number | null | undefined>): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (!Number.isFinite(v)) throw new RangeError(`meanOrNull: not a finite number: ${v}`);
    sum += v;
    n += 1;
  }
  return n === 0 ? null : sum / n;
}

function checkPerformance(factor: FactorKey, v: number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 1 || v > 5) {
    throw new RangeError(`Performance of ${factor} must be a number in 1..5, got ${String(v)}`);
  }
  return v;
}

function checkContext(ctx: RelationshipContext): void {
  const bad = (field: string, v: unknown) => new RangeError(`Relationship context: invalid ${field}: ${String(v)}`);
  if (!isOneOf(SIZE_CLASSES, ctx.sizeClass)) throw bad("sizeClass", ctx.sizeClass);
  if (!isOneOf(MATURITIES, ctx.maturity)) throw bad("maturity", ctx.maturity);
  if (!isOneOf(DIVERSITIES, ctx.diversity)) throw bad("diversity", ctx.diversity);
  if (!isOneOf(CRITICALITIES, ctx.criticality)) throw bad("criticality", ctx.criticality);
}

function quadrantOf(highImportance: boolean, highPerformance: boolean): Quadrant {
  if (highImportance) return highPerformance ? "keep_up" : "concentrate";
  return highPerformance ? "overkill" : "low_priority";
}

/** Score one relationship from its context and per-factor mean performance. */
export function scoreRelationship(input: ScoreInput): ScoreResult {
  const model = input.model ?? DIGIMENSA_MODEL;
  const { context, performance } = input;
  checkContext(context);

  // Plain loops and objects built whole, in one shape: this runs for every
  // relationship and quarter a page shows (spreading rows was most of its cost).
  const rows: FactorScore[] = [];
  let importanceSum = 0;
  let performanceSum = 0;
  let scoredCount = 0;
  for (const factor of FACTORS) {
    const l = importanceLevels(model, factor, context);
    const importance = (l.size + l.maturity + l.diversity) / 3;
    const value = checkPerformance(factor, performance[factor]);
    rows.push({
      factor,
      importance,
      weight: 0,
      performance: value,
      quadrant: null,
      priority: null,
      levels: { size: l.size, maturity: l.maturity, diversity: l.diversity },
    });
    if (value !== null) {
      importanceSum += importance;
      performanceSum += value;
      scoredCount++;
    }
  }

  if (scoredCount === 0) {
    return { score: null, attentionPriority: null, band: null, modelVersion: model.version, factors: rows };
  }

  // Weights are renormalised over the scored factors only, so "not
  // applicable" neither counts as a low score nor drags the total down.
  const meanImportance = importanceSum / scoredCount;
  const meanPerformance = performanceSum / scoredCount;

  let weighted = 0;
  for (const row of rows) {
    if (row.performance === null) continue;
    row.weight = row.importance / importanceSum;
    weighted += row.weight * row.performance;
    row.quadrant = quadrantOf(row.importance >= meanImportance - EPS, row.performance >= meanPerformance - EPS);
    row.priority = row.weight * (5 - row.performance);
  }
  const factors = rows;

  const score = roundHalfUp((100 * (weighted - 1)) / 4);
  return {
    score,
    attentionPriority: (100 - score) * model.criticalityMultipliers[context.criticality],
    band: bandOf(score, model.bands),
    modelVersion: model.version,
    factors,
  };
}

/** Provider side's P_f minus customer side's P_f; null when either side lacks the factor. */
export function perceptionGap(providerPerf: FactorPerformance, customerPerf: FactorPerformance): Record<FactorKey, number | null> {
  const gap = {} as Record<FactorKey, number | null>;
  for (const f of FACTORS) {
    const p = checkPerformance(f, providerPerf[f]);
    const c = checkPerformance(f, customerPerf[f]);
    gap[f] = p === null || c === null ? null : p - c;
  }
  return gap;
}

export type PrioritisedFactor = FactorScore & { performance: number; quadrant: Quadrant; priority: number };

/** Scored factors, largest improvement priority first; near-equal priorities keep FACTORS order. */
export function improvementPriorities(result: ScoreResult): PrioritisedFactor[] {
  const scored = result.factors.filter((f): f is PrioritisedFactor => f.priority !== null);
  // Compare on a 1e-9 grid rather than with |a - b| <= EPS: a tolerance
  // comparator is not transitive, which Array.prototype.sort requires.
  const key = (p: number) => Math.round(p / EPS);
  return scored
    .map((f) => ({ f, k: key(f.priority), i: FACTORS.indexOf(f.factor) }))
    .sort((a, b) => b.k - a.k || a.i - b.i)
    .map(({ f }) => f);
}
