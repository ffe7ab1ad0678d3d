/**
 * The "needs attention" rules of a relationship (issues 4, 12 and 13). Pure:
 * the model layer gathers the figures, this decides. A relationship needs
 * attention when
 * - its score fell by 10 points or more since the previous quarter;
 * - its latest score is in the model's lowest band (poor), which for a high or
 *   critical service is the portfolio's critical-and-weak corner;
 * - it has had no submitted assessment and no new measurement for two quarters;
 * - its two sides' scores differ by 1.5 points or more on any factor.
 * Home, chain, portfolio and the relationship page all ask this module.
 */
import { FACTORS, type Criticality, type FactorKey, type LifecycleStage } from "./factors";
import { compareQuarter, parseQuarter, previousQuarter, quarterOf, quarterOfMonth } from "./period";
import { isLowestBand, type ScoreBands } from "./score-bands";
import { perceptionGap, type FactorPerformance } from "./scoring";

export const SCORE_DROP_THRESHOLD = 10;
export const PERCEPTION_GAP_THRESHOLD = 1.5;
/** Whole quarters without any new data before a relationship counts as unattended. */
export const QUIET_QUARTERS = 2;

/** Scores are rounded to 0.1 and gaps are differences of means: absorb float noise at the thresholds. */
const EPS = 1e-9;

/** Stages in which both parties are expected to measure and assess. */
const ENGAGED_STAGES: readonly LifecycleStage[] = ["new", "active", "passivating", "passive"];

/** Services whose weak score puts them in the critical-and-weak corner (and asks for an action). */
export const HIGH_CRITICALITIES: readonly Criticality[] = ["high", "critical"];

export function isHighCriticality(criticality: Criticality): boolean {
  return HIGH_CRITICALITIES.includes(criticality);
}

/** The portfolio's critical-and-weak corner: a high or critical service whose score is in the lowest band. */
export function isCriticalAndWeak(criticality: Criticality, score: number | null, bands: ScoreBands): boolean {
  return isHighCriticality(criticality) && isLowestBand(score, bands);
}

export type AttentionInput = {
  /** The quarter "now" falls in ('YYYY-Qn'). */
  currentQuarter: string;
  stage: LifecycleStage;
  criticality: Criticality;
  /** The score bands of the model that produced the scores. */
  bands: ScoreBands;
  /** 'YYYY-MM-DD'. */
  startDate: string;
  /** The relationship score (both sides) per quarter; quarters without one may be absent or null. */
  scores: ReadonlyArray<{ period: string; score: number | null }>;
  /** Each side's mean performance per quarter, for the quarters that have submissions. */
  sides: ReadonlyArray<{ period: string; provider: FactorPerformance; customer: FactorPerformance }>;
  /** Period of the latest submitted assessment (either side), or null. */
  lastSubmittedPeriod: string | null;
  /** Month ('YYYY-MM') of the latest measurement on the relationship, or null. */
  lastMeasurementMonth: string | null;
};

export type AttentionReason =
  | { kind: "score_drop"; period: string; previousPeriod: string; from: number; to: number; drop: number }
  | {
      kind: "poor_score";
      period: string;
      score: number;
      /** The lowest band's range, to say what "poor" means. */
      bandMin: number;
      bandMax: number;
      criticality: Criticality;
      /** High or critical service: the portfolio's critical-and-weak corner. */
      criticalAndWeak: boolean;
    }
  | { kind: "quiet"; lastActivityPeriod: string | null; sinceQuarters: number }
  | { kind: "perception_gap"; period: string; factors: Array<{ factor: FactorKey; gap: number }> };

export type AttentionKind = AttentionReason["kind"];

function isQuarter(p: string): boolean {
  return parseQuarter(p) !== null;
}

/** Scored quarters up to the current one, oldest first (a future quarter is not yet a score). */
function scoredUpToNow(input: Pick<AttentionInput, "scores" | "currentQuarter">): Array<{ period: string; score: number }> {
  return input.scores
    .filter((s): s is { period: string; score: number } => s.score !== null && isQuarter(s.period))
    .filter((s) => compareQuarter(s.period, input.currentQuarter) <= 0)
    .sort((a, b) => compareQuarter(a.period, b.period));
}

/** The latest score up to now: the one every page shows as "the" score, and the one the band rules read. */
export function latestScoreUpToNow(input: Pick<AttentionInput, "scores" | "currentQuarter">): { period: string; score: number } | null {
  return scoredUpToNow(input).at(-1) ?? null;
}

/** Rule 1: the latest scored quarter against the quarter just before it (a missing quarter is not a zero). */
export function scoreDrop(input: Pick<AttentionInput, "scores" | "currentQuarter">): Extract<AttentionReason, { kind: "score_drop" }> | null {
  const scored = scoredUpToNow(input);
  const latest = scored.at(-1);
  if (!latest) return null;
  const previousPeriod = previousQuarter(latest.period);
  const previous = scored.find((s) => s.period === previousPeriod);
  if (!previous) return null;
  const drop = previous.score - latest.score;
  if (drop < SCORE_DROP_THRESHOLD - EPS) return null;
  return { kind: "score_drop", period: latest.period, previousPeriod, from: previous.score, to: latest.score, drop };
}

/** Rule 1b: the latest score is in the lowest band; for a high or critical service that is the critical-and-weak corner. */
export function poorScore(
  input: Pick<AttentionInput, "scores" | "currentQuarter" | "criticality" | "bands">,
): Extract<AttentionReason, { kind: "poor_score" }> | null {
  const latest = latestScoreUpToNow(input);
  if (!latest || !isLowestBand(latest.score, input.bands)) return null;
  const lowest = input.bands[0];
  return {
    kind: "poor_score",
    period: latest.period,
    score: latest.score,
    bandMin: lowest.min,
    bandMax: lowest.max,
    criticality: input.criticality,
    criticalAndWeak: isCriticalAndWeak(input.criticality, latest.score, input.bands),
  };
}

/**
 * Rule 2: no submitted assessment and no measurement in the last two
 * completed quarters nor the current one. Only for engaged stages (a
 * suspect, prospect or ended relationship is not expected to produce data),
 * and only when the relationship existed through those two quarters.
 */
export function quiet(
  input: Pick<AttentionInput, "currentQuarter" | "stage" | "startDate" | "lastSubmittedPeriod" | "lastMeasurementMonth">,
): Extract<AttentionReason, { kind: "quiet" }> | null {
  if (!ENGAGED_STAGES.includes(input.stage)) return null;
  let firstQuietQuarter = input.currentQuarter;
  for (let i = 0; i < QUIET_QUARTERS; i++) firstQuietQuarter = previousQuarter(firstQuietQuarter);
  const startQuarter = quarterOf(new Date(`${input.startDate}T00:00:00Z`));
  if (compareQuarter(startQuarter, firstQuietQuarter) > 0) return null;
  const activity = [input.lastSubmittedPeriod, input.lastMeasurementMonth ? quarterOfMonth(input.lastMeasurementMonth) : null].filter(
    (p): p is string => p !== null,
  );
  const last = activity.sort(compareQuarter).at(-1) ?? null;
  if (last !== null && compareQuarter(last, firstQuietQuarter) >= 0) return null;
  return { kind: "quiet", lastActivityPeriod: last, sinceQuarters: QUIET_QUARTERS };
}

/** Rule 3: in the latest quarter that both sides assessed, the factors whose side means differ by >= 1.5. */
export function largeGap(input: Pick<AttentionInput, "sides" | "currentQuarter">): Extract<AttentionReason, { kind: "perception_gap" }> | null {
  const bothSides = input.sides
    .filter((s) => isQuarter(s.period) && compareQuarter(s.period, input.currentQuarter) <= 0)
    .filter((s) => FACTORS.some((f) => s.provider[f] != null) && FACTORS.some((f) => s.customer[f] != null))
    .sort((a, b) => compareQuarter(a.period, b.period));
  const latest = bothSides.at(-1);
  if (!latest) return null;
  const gap = perceptionGap(latest.provider, latest.customer);
  const factors = FACTORS.flatMap((factor) => {
    const g = gap[factor];
    return g !== null && Math.abs(g) >= PERCEPTION_GAP_THRESHOLD - EPS ? [{ factor, gap: g }] : [];
  });
  return factors.length ? { kind: "perception_gap", period: latest.period, factors } : null;
}

/** Every reason the relationship needs attention; empty when it does not. */
export function attentionReasons(input: AttentionInput): AttentionReason[] {
  return [scoreDrop(input), poorScore(input), quiet(input), largeGap(input)].filter((r): r is AttentionReason => r !== null);
}
