/**
 * Rules of one assessor's assessment of a quarter, shared by the form
 * schema and the model (which re-checks them before writing). Pure.
 */
import { FACTORS, type FactorKey } from "./factors";
import { compareQuarter, parseQuarter, previousQuarter, quarterOf } from "./period";

export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];

/** One factor's answer: a 1..5 score, or not applicable; an evidence note either way. */
export type FactorAnswer = { score: Score | null; notApplicable: boolean; evidence: string | null };
export type Answers = Partial<Record<FactorKey, FactorAnswer>>;

export const EVIDENCE_MAX_LENGTH = 2000;

export type PeriodProblem = "malformed" | "future" | "before_start";

/** Why a quarter cannot be assessed (as of `asOf`), or null when it can. */
export function periodProblem(period: string, startDate: string, asOf: Date): PeriodProblem | null {
  if (parseQuarter(period) === null) return "malformed";
  if (compareQuarter(period, quarterOf(asOf)) > 0) return "future";
  if (compareQuarter(period, quarterOf(new Date(`${startDate}T00:00:00Z`))) < 0) return "before_start";
  return null;
}

/** The quarters that may be assessed, newest first: from the current one back to the start, at most `limit`. */
export function assessablePeriods(startDate: string, asOf: Date, limit = 8): string[] {
  const start = quarterOf(new Date(`${startDate}T00:00:00Z`));
  const out: string[] = [];
  for (let q = quarterOf(asOf); out.length < limit && compareQuarter(q, start) >= 0; q = previousQuarter(q)) out.push(q);
  return out;
}

export type SubmissionProblem = { factor: FactorKey; problem: "missing_score" | "missing_evidence" } | { factor: null; problem: "no_scores" };

/**
 * What stops a submission: every factor needs a score or "not applicable"
 * and an evidence note, and at least one factor needs a score (a
 * submission of only "not applicable" would give no score at all).
 */
export function submissionProblems(answers: Answers): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  for (const factor of FACTORS) {
    const a = answers[factor];
    if (!a || (a.score === null && !a.notApplicable)) problems.push({ factor, problem: "missing_score" });
    else if (!a.evidence || a.evidence.trim() === "") problems.push({ factor, problem: "missing_evidence" });
  }
  if (problems.length === 0 && FACTORS.every((f) => answers[f]?.score == null)) problems.push({ factor: null, problem: "no_scores" });
  return problems;
}

/** Whose submitted scores drive a relationship's score, weights and quadrants: both sides pooled, or one side. */
export const SCORE_VIEWS = ["both", "provider", "customer"] as const;
export type ScoreView = (typeof SCORE_VIEWS)[number];
