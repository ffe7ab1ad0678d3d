/**
 * The assessment workflow: one assessor's scores of the six factors for one
 * relationship, side and quarter. Draft -> submitted (locked) -> reopened by
 * an organisation admin (audited). Drafts are seen only by their author; the
 * counterpart and everyone else with access see submitted assessments only.
 */
import { and, eq, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { assessmentScores, assessments, organisations, users } from "../../db/tables";
import { changedRows, db, writeTransaction } from "../db.server";
import { assessablePeriods, periodProblem, submissionProblems, type Answers, type Score } from "../domain/assessment";
import { FACTORS, type AssessmentSide, type FactorKey } from "../domain/factors";
import { forbidden, isOrganisationAdmin, notFound, requireRelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import { notifyAssessmentSubmitted } from "./notifications.server";
import { relationshipHeader, type RelationshipHeader } from "./relationship-header.server";
import { calendarNow, type ActingUser } from "./user.server";
import { ok, refused, type Refused, type RefusalStatus, type Result } from "./result";
import { writeTransactionRecheckingDuplicates } from "./write-guards.server";
import type { AssessmentListItem } from "./relationship.server";

export type StoredAnswer = { score: Score | null; notApplicable: boolean; evidence: string | null };

async function scoresOf(assessmentId: number): Promise<Partial<Record<FactorKey, StoredAnswer>>> {
  const rows = await db()
    .select({
      factor: assessmentScores.factor,
      score: assessmentScores.score,
      notApplicable: assessmentScores.notApplicable,
      evidence: assessmentScores.evidence,
    })
    .from(assessmentScores)
    .where(eq(assessmentScores.assessmentId, assessmentId))
    .all();
  return Object.fromEntries(rows.map((r) => [r.factor, { score: r.score as Score | null, notApplicable: r.notApplicable, evidence: r.evidence }]));
}

/** Why the user may not assess this relationship, or null when they may (a writer member, or an assessor scoped to the side). */
function cannotAssess(access: { side: AssessmentSide | null; canAssess: boolean }): "not_party" | "read_only" | null {
  if (access.side === null) return "not_party";
  if (!access.canAssess) return "read_only";
  return null;
}

// ------------------------------------------------------------- start page

export type AssessmentStart = {
  header: RelationshipHeader;
  blocked: "not_party" | "read_only" | null;
  periods: Array<{ period: string; mine: "draft" | "submitted" | null; sideSubmitted: number }>;
};

/** The quarters the user may assess, with what they and their side have done in each. */
export async function getAssessmentStart(user: ActingUser, relationshipId: number, asOf = calendarNow(user)): Promise<AssessmentStart> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const header = await relationshipHeader(user, access);
  const blocked = cannotAssess(access);
  if (blocked) return { header, blocked, periods: [] };
  const rows = await db()
    .select({ period: assessments.period, status: assessments.status, assessorUserId: assessments.assessorUserId })
    .from(assessments)
    .where(and(eq(assessments.relationshipId, access.id), eq(assessments.side, access.side!)))
    .all();
  const periods = assessablePeriods(header.startDate, asOf).map((period) => {
    const inPeriod = rows.filter((r) => r.period === period);
    const mine = inPeriod.find((r) => r.assessorUserId === user.id);
    return {
      period,
      mine: mine ? mine.status : null,
      sideSubmitted: inPeriod.filter((r) => r.status === "submitted").length,
    };
  });
  return { header, blocked, periods };
}

// ------------------------------------------------------------- the form

export type AssessmentForm = {
  header: RelationshipHeader;
  blocked: "not_party" | "read_only" | null;
  period: string;
  periodProblem: ReturnType<typeof periodProblem>;
  assessment: null | {
    id: number;
    status: "draft" | "submitted";
    revision: number;
    submittedAt: string | null;
    updatedAt: string;
    scores: Partial<Record<FactorKey, StoredAnswer>>;
  };
};

/** The user's own assessment of `period` for their side: an existing draft, a locked submission, or none yet. */
export async function getAssessmentForm(user: ActingUser, relationshipId: number, period: string, asOf = calendarNow(user)): Promise<AssessmentForm> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const header = await relationshipHeader(user, access);
  const blocked = cannotAssess(access);
  const problem = periodProblem(period, header.startDate, asOf);
  if (blocked || problem) return { header, blocked, period, periodProblem: problem, assessment: null };
  const row = await db()
    .select({
      id: assessments.id,
      status: assessments.status,
      revision: assessments.revision,
      submittedAt: assessments.submittedAt,
      updatedAt: assessments.updatedAt,
    })
    .from(assessments)
    .where(
      and(
        eq(assessments.relationshipId, access.id),
        eq(assessments.side, access.side!),
        eq(assessments.period, period),
        eq(assessments.assessorUserId, user.id),
      ),
    )
    .get();
  return {
    header,
    blocked,
    period,
    periodProblem: null,
    assessment: row ? { ...row, scores: await scoresOf(row.id) } : null,
  };
}

export type SaveInput = { period: string; revision: number; intent: "save" | "submit"; answers: Answers };

/** A refusal the form shows: on a field (`field`), or for the whole form when field is null. */
export type SaveOutcome = Result<{ assessmentId: number; status: "draft" | "submitted" }>;

const fail = (status: RefusalStatus, field: string | null, message: string): Refused => refused(field, message, status);

/**
 * Saves the user's draft or submits it. Everything is checked before the
 * first write, and the write is one transaction: a refused save changes
 * nothing. A stale form (revision behind the stored one) is refused with a
 * message instead of overwriting the newer save.
 */
export async function saveAssessment(user: ActingUser, relationshipId: number, input: SaveInput, asOf = calendarNow(user)): Promise<SaveOutcome> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const blocked = cannotAssess(access);
  if (blocked === "not_party") return fail(403, "period", "assessment.error.notParty");
  if (blocked === "read_only") return fail(403, "period", "assessment.error.readOnly");
  const header = await relationshipHeader(user, access);
  const problem = periodProblem(input.period, header.startDate, asOf);
  if (problem === "malformed") return fail(400, "period", "assessment.error.periodFormat");
  if (problem === "future") return fail(400, "period", "assessment.error.periodFuture");
  if (problem === "before_start") return fail(400, "period", "assessment.error.periodBeforeStart");
  for (const f of FACTORS) {
    const a = input.answers[f];
    if (a?.score != null && !(Number.isInteger(a.score) && a.score >= 1 && a.score <= 5)) {
      return fail(400, `score_${f}`, "assessment.error.scoreRange");
    }
    if (a?.score != null && a.notApplicable) return fail(400, `score_${f}`, "assessment.error.scoreRange");
  }
  if (input.intent === "submit") {
    const [first] = submissionProblems(input.answers);
    if (first) {
      if (first.factor === null) return fail(400, null, "assessment.error.noScores");
      return first.problem === "missing_score"
        ? fail(400, `score_${first.factor}`, "assessment.error.scoreRequired")
        : fail(400, `evidence_${first.factor}`, "assessment.error.evidenceRequired");
    }
  }

  const side = access.side!;
  const organisationId = access.organisationId!;
  // A first save racing another first save of the same assessment: assessments_assessor_unique refuses the second
  // insert, and the rerun finds the first one's row (a stale form, as if the two had come one after the other).
  return await writeTransactionRecheckingDuplicates(async (tx): Promise<SaveOutcome> => {
    const existing = await tx
      .select({ id: assessments.id, status: assessments.status, revision: assessments.revision })
      .from(assessments)
      .where(
        and(
          eq(assessments.relationshipId, access.id),
          eq(assessments.side, side),
          eq(assessments.period, input.period),
          eq(assessments.assessorUserId, user.id),
        ),
      )
      .get();
    if (existing?.status === "submitted") return fail(409, "period", "assessment.error.alreadySubmitted");
    if ((existing?.revision ?? 0) !== input.revision) return fail(409, null, "assessment.error.stale");

    const now = new Date().toISOString();
    const status = input.intent === "submit" ? "submitted" : "draft";
    const before = existing ? { status: existing.status, revision: existing.revision, scores: await scoresOf(existing.id) } : null;
    let id: number;
    if (existing) {
      const changed = changedRows(
        await tx
          .update(assessments)
          .set({ status, submittedAt: status === "submitted" ? now : null, revision: existing.revision + 1, updatedAt: now })
          .where(and(eq(assessments.id, existing.id), eq(assessments.revision, input.revision), eq(assessments.status, "draft")))
          .run(),
      );
      if (changed !== 1) return fail(409, null, "assessment.error.stale");
      id = existing.id;
      await tx.delete(assessmentScores).where(eq(assessmentScores.assessmentId, id)).run();
    } else {
      id = (
        await tx
          .insert(assessments)
          .values({
            relationshipId: access.id,
            side,
            period: input.period,
            organisationId,
            assessorUserId: user.id,
            status,
            submittedAt: status === "submitted" ? now : null,
            revision: 1,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: assessments.id })
          .get()
      ).id;
    }
    const rows = FACTORS.flatMap((factor) => {
      const a = input.answers[factor];
      if (!a) return [];
      return [{ assessmentId: id, factor, score: a.score, notApplicable: a.notApplicable, evidence: a.evidence }];
    });
    if (rows.length) await tx.insert(assessmentScores).values(rows).run();
    await audit({
      action: status === "submitted" ? "assessment.submit" : "assessment.save_draft",
      actorUserId: user.id,
      actorOrganisationId: organisationId,
      entityType: "assessment",
      entityId: id,
      before,
      after: {
        relationshipId: access.id,
        side,
        period: input.period,
        status,
        revision: (existing?.revision ?? 0) + 1,
        scores: input.answers,
      },
    });
    if (status === "submitted") {
      const counterpartOrganisationId = side === "provider" ? access.customerId : access.providerId;
      await notifyAssessmentSubmitted(
        { assessmentId: id, relationshipId: access.id, counterpartOrganisationId, period: input.period, actorUserId: user.id },
        new Date(now),
      );
    }
    return { ok: true, assessmentId: id, status };
  });
}

// ------------------------------------------------------------- one assessment

const assessor = alias(users, "assessor");

export type AssessmentView = {
  header: RelationshipHeader;
  assessment: AssessmentListItem & { scores: Partial<Record<FactorKey, StoredAnswer>> };
};

/**
 * The assessments of an (access-checked) relationship that the user may see,
 * with their assessor and organisation, narrowed by `where`: submitted ones
 * and the user's own drafts. The relationship page lists them; one is opened
 * by id below.
 */
export function assessmentsWithAssessor(user: ActingUser, relationshipId: number, ...where: SQL[]) {
  return db()
    .select({
      id: assessments.id,
      period: assessments.period,
      side: assessments.side,
      status: assessments.status,
      revision: assessments.revision,
      assessorUserId: assessments.assessorUserId,
      assessorName: assessor.name,
      organisationId: assessments.organisationId,
      organisationName: organisations.name,
      submittedAt: assessments.submittedAt,
      updatedAt: assessments.updatedAt,
    })
    .from(assessments)
    .innerJoin(assessor, eq(assessor.id, assessments.assessorUserId))
    .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
    .where(
      and(
        eq(assessments.relationshipId, relationshipId),
        // Someone else's draft is as good as absent.
        or(eq(assessments.status, "submitted"), eq(assessments.assessorUserId, user.id)),
        ...where,
      ),
    );
}

async function visibleAssessment(user: ActingUser, relationshipId: number, assessmentId: number) {
  if (!Number.isSafeInteger(assessmentId) || assessmentId <= 0) notFound("Assessment not found");
  const row = await assessmentsWithAssessor(user, relationshipId, eq(assessments.id, assessmentId)).get();
  if (!row) notFound("Assessment not found");
  return row;
}

export async function getAssessmentView(user: ActingUser, relationshipId: number, assessmentId: number): Promise<AssessmentView> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const { assessorUserId, organisationId, revision: _revision, ...row } = await visibleAssessment(user, access.id, assessmentId);
  return {
    header: await relationshipHeader(user, access),
    assessment: {
      ...row,
      mine: assessorUserId === user.id,
      canReopen: row.status === "submitted" && isOrganisationAdmin(user, organisationId),
      scores: await scoresOf(row.id),
    },
  };
}

/**
 * Reopens a submitted assessment as a draft for its assessor. Only an
 * admin of the assessing organisation may; the reason is audited.
 */
export async function reopenAssessment(user: ActingUser, relationshipId: number, assessmentId: number, reason: string): Promise<Result> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const row = await visibleAssessment(user, access.id, assessmentId);
  if (!isOrganisationAdmin(user, row.organisationId)) forbidden();
  return await writeTransaction(async (tx) => {
    const now = new Date().toISOString();
    const changed = changedRows(
      await tx
        .update(assessments)
        .set({ status: "draft", submittedAt: null, revision: row.revision + 1, updatedAt: now })
        .where(and(eq(assessments.id, row.id), eq(assessments.status, "submitted"), eq(assessments.revision, row.revision)))
        .run(),
    );
    if (changed !== 1) return refused(null, "assessment.error.notSubmitted", 409);
    await audit({
      action: "assessment.reopen",
      actorUserId: user.id,
      actorOrganisationId: row.organisationId,
      entityType: "assessment",
      entityId: row.id,
      before: { status: "submitted", submittedAt: row.submittedAt, revision: row.revision },
      after: { status: "draft", submittedAt: null, revision: row.revision + 1, reason },
    });
    return ok();
  });
}
