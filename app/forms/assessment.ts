import { z } from "zod";
import { EVIDENCE_MAX_LENGTH, submissionProblems, type Answers, type Score } from "~/domain/assessment";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { MAX_RECORD_ID } from "~/domain/record-id";

/**
 * One assessor's assessment of one quarter: a 1..5 score or "na" per factor
 * and an evidence note. "save" keeps a draft (anything may still be empty);
 * "submit" needs every factor answered with evidence. `revision` is the
 * assessments.revision the form was loaded with (0 for a new one), so a stale
 * form is refused instead of overwriting a newer save.
 */
export const ASSESSMENT_INTENTS = ["save", "submit"] as const;

export const scoreField = (f: FactorKey) => `score_${f}` as const;
export const evidenceField = (f: FactorKey) => `evidence_${f}` as const;

const score = z
  .string()
  .trim()
  .optional()
  .refine((v) => v === undefined || /^[1-5]$/.test(v) || v === "na", "assessment.error.scoreRange");
const evidence = z.string().trim().max(EVIDENCE_MAX_LENGTH, "rel.form.tooLong").optional();

type FactorShape = { [K in FactorKey as `score_${K}`]: typeof score } & { [K in FactorKey as `evidence_${K}`]: typeof evidence };
const factorShape = Object.fromEntries(
  FACTORS.flatMap((f) => [
    [scoreField(f), score],
    [evidenceField(f), evidence],
  ]),
) as FactorShape;

const base = z.object({
  period: z
    .string({ required_error: "assessment.error.periodFormat" })
    .trim()
    .regex(/^\d{4}-Q[1-4]$/, "assessment.error.periodFormat"),
  // No stored revision is beyond what an integer column holds: such a form is stale too.
  revision: z.coerce.number({ invalid_type_error: "assessment.error.stale" }).int().min(0).max(MAX_RECORD_ID, "assessment.error.stale").default(0),
  intent: z.enum(ASSESSMENT_INTENTS).default("save"),
  ...factorShape,
});

export type AssessmentFormValue = z.infer<typeof base>;

/** The form's factor fields as domain answers (empty factors left out). */
export function answersFrom(value: AssessmentFormValue): Answers {
  const answers: Answers = {};
  for (const f of FACTORS) {
    const s = value[scoreField(f)];
    const e = value[evidenceField(f)] || null;
    if (s === undefined && e === null) continue;
    answers[f] = {
      score: s !== undefined && s !== "na" ? (Number(s) as Score) : null,
      notApplicable: s === "na",
      evidence: e,
    };
  }
  return answers;
}

export const assessmentSchema = base.superRefine((value, ctx) => {
  if (value.intent !== "submit") return;
  for (const p of submissionProblems(answersFrom(value))) {
    if (p.factor === null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [], message: "assessment.error.noScores" });
    else if (p.problem === "missing_score")
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [scoreField(p.factor)], message: "assessment.error.scoreRequired" });
    else ctx.addIssue({ code: z.ZodIssueCode.custom, path: [evidenceField(p.factor)], message: "assessment.error.evidenceRequired" });
  }
});

/** Reopening a submitted assessment: the reason goes to the audit log. */
export const reopenSchema = z.object({
  reason: z.string({ required_error: "assessment.error.reopenReason" }).trim().min(3, "assessment.error.reopenReason").max(500, "rel.form.tooLong"),
});
