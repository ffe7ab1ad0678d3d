/**
 * The relationship page: context, lifecycle, quarterly scores, the factor
 * matrix with its sources, importance-performance analysis, perception gap,
 * priorities, assessments, development actions and decisions. Every figure
 * comes from the scoring engine (scoreRelationship & co.) on the same inputs,
 * so what the page shows is what the engine says.
 */
import { and, eq, max, sql } from "drizzle-orm";
import { asc, desc } from "../../db/dialect";
import { alias } from "drizzle-orm/sqlite-core";
import { assessments, developmentActions, lifecycleEvents, organisations, relationshipDecisions, users } from "../../db/tables";
import { db } from "../db.server";
import type { AttentionReason } from "../domain/attention";
import { calendarDay, isOverdue, type ActionRequired } from "../domain/development-actions";
import { SCORE_VIEWS, type ScoreView } from "../domain/assessment";
import { FACTORS, type AssessmentSide, type FactorKey, type LifecycleStage, type Maturity } from "../domain/factors";
import { importanceLevels, type ImportanceDimension } from "../domain/importance-model";
import type { ScoreBands } from "../domain/score-bands";
import { maturityFromStartDate } from "../domain/maturity";
import { compareQuarter, isValidQuarter, quarterOf, quarterRange } from "../domain/period";
import { improvementPriorities, perceptionGap, scoreRelationship, type FactorPerformance } from "../domain/scoring";
import type { Locale } from "../i18n/locale";
import { isOrganisationAdmin, requireRelationshipAccess } from "./access.server";
import { assessmentsWithAssessor } from "./assessment.server";
import { headerOf, relationshipRow, type RelationshipHeader } from "./relationship-header.server";
import { performanceOf, relationshipStatuses } from "./relationship-status.server";
import { activeImportanceModel, publishedVersionTimeline, versionActiveAt, explained, relationshipContext, type ExplainedScore } from "./scoring.server";
import { calendarNow, type ActingUser } from "./user.server";

export type { ScoreView };

export type ImportanceCell = { level: number; source: string };

export type MatrixRow = {
  factor: FactorKey;
  size: ImportanceCell;
  maturity: ImportanceCell;
  diversity: ImportanceCell;
  importance: number;
  weight: number;
  providerPerformance: number | null;
  customerPerformance: number | null;
  /** The performance the view scores with (both sides pooled, or one side). */
  performance: number | null;
  quadrant: string | null;
  priority: number | null;
};

export type TrendRow = {
  period: string;
  current: boolean;
  /**
   * The version that was active when the quarter's last assessment was
   * submitted; the scores are rescored with the active version
   * (docs/decisions/0014), so the page says so when the two differ.
   */
  assessedUnder: number | null;
  both: ExplainedScore | null;
  provider: ExplainedScore | null;
  customer: ExplainedScore | null;
};

export type AssessmentListItem = {
  id: number;
  period: string;
  side: AssessmentSide;
  status: "draft" | "submitted";
  assessorName: string;
  organisationName: string;
  submittedAt: string | null;
  updatedAt: string;
  mine: boolean;
  canReopen: boolean;
};

export type RelationshipPage = {
  header: RelationshipHeader;
  context: {
    sizeClass: string;
    sizeClassAssumed: boolean;
    startup: boolean;
    maturity: Maturity;
    derivedMaturity: Maturity;
    maturityOverridden: boolean;
    maturityOverrideNote: string | null;
    diversity: string;
    criticality: string;
    referenceCustomer: boolean;
  };
  lifecycle: Array<{
    id: number;
    fromStage: LifecycleStage | null;
    toStage: LifecycleStage;
    changedOn: string;
    reasonCategory: string;
    note: string;
    recordedBy: string | null;
  }>;
  period: string;
  view: ScoreView;
  /** Quarters that can be picked: from the first submission (or the current quarter) to now, newest first. */
  periods: string[];
  modelVersion: number;
  /** The model's score bands: what the score colours mean. */
  bands: ScoreBands;
  score: ExplainedScore;
  trend: TrendRow[];
  matrix: MatrixRow[];
  ipa: {
    meanImportance: number | null;
    meanPerformance: number | null;
    points: Array<{ factor: FactorKey; importance: number; performance: number; quadrant: string }>;
  };
  gap: Array<{ factor: FactorKey; provider: number | null; customer: number | null; gap: number | null }>;
  priorities: Array<{ factor: FactorKey; priority: number; weight: number; performance: number; quadrant: string }>;
  attention: AttentionReason[];
  /** A poor score on a high or critical service without an open action for its weakest factor. */
  actionRequired: ActionRequired | null;
  assessments: AssessmentListItem[];
  myDrafts: Array<{ id: number; period: string; updatedAt: string }>;
  actions: Array<{
    id: number;
    title: string;
    description: string | null;
    factor: FactorKey | null;
    phase: string;
    status: string;
    ownerName: string | null;
    ownerOrganisation: string;
    dueDate: string | null;
    outcomeNote: string | null;
    completedAt: string | null;
    /** Open and past its due date. */
    overdue: boolean;
  }>;
  decisions: Array<{
    id: number;
    decidedOn: string;
    title: string;
    note: string | null;
    factor: FactorKey | null;
    organisation: string;
    by: string | null;
  }>;
};

const recorder = alias(users, "recorder");

export async function getRelationshipPage(
  user: ActingUser,
  relationshipId: number,
  options: { period?: string | null; view?: string | null; locale: Locale },
  asOf = calendarNow(user),
): Promise<RelationshipPage> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const r = await relationshipRow(user, access.id);
  const header = headerOf(r, access);
  const model = await activeImportanceModel();
  const context = relationshipContext(r, asOf, model);
  const perf = await performanceOf([r.id]);
  const both = perf.both.get(r.id) ?? new Map<string, FactorPerformance>();
  const bySide = {
    provider: perf.provider.get(r.id) ?? new Map<string, FactorPerformance>(),
    customer: perf.customer.get(r.id) ?? new Map<string, FactorPerformance>(),
  };

  // Quarters from the first submission to now; the ones without data stay in the list as missing.
  const current = quarterOf(asOf);
  const dataPeriods = [...both.keys()].filter((p) => compareQuarter(p, current) <= 0).sort();
  const trendPeriods = quarterRange(dataPeriods[0] ?? current, current);
  const periods = [...trendPeriods].reverse();
  const requested = options.period && isValidQuarter(options.period) && trendPeriods.includes(options.period) ? options.period : null;
  const period = requested ?? dataPeriods.at(-1) ?? current;
  const view: ScoreView = (SCORE_VIEWS as readonly string[]).includes(options.view ?? "") ? (options.view as ScoreView) : "both";

  const score = (p: FactorPerformance | undefined) => scoreRelationship({ context, performance: p ?? {}, model });
  const perfOf = (v: ScoreView, p: string) => (v === "both" ? both.get(p) : bySide[v].get(p));
  const explainedOrNull = (v: ScoreView, p: string) => {
    const performance = perfOf(v, p);
    return performance ? explained(p, score(performance)) : null;
  };

  const result = score(perfOf(view, period));
  const providerPerf = bySide.provider.get(period) ?? {};
  const customerPerf = bySide.customer.get(period) ?? {};
  const source = (row: { sourceFi: string; sourceEn: string }) => (options.locale === "fi" ? row.sourceFi : row.sourceEn);
  const cell = (dimension: ImportanceDimension, levels: Awaited<ReturnType<typeof importanceLevels>>): ImportanceCell => {
    const row = levels[`${dimension}Row`];
    return { level: row.level, source: source(row) };
  };

  const matrix: MatrixRow[] = result.factors.map((f) => {
    const levels = importanceLevels(model, f.factor, context);
    return {
      factor: f.factor,
      size: cell("size", levels),
      maturity: cell("maturity", levels),
      diversity: cell("diversity", levels),
      importance: f.importance,
      weight: f.weight,
      providerPerformance: providerPerf[f.factor] ?? null,
      customerPerformance: customerPerf[f.factor] ?? null,
      performance: f.performance,
      quadrant: f.quadrant,
      priority: f.priority,
    };
  });

  const scored = result.factors.filter((f) => f.performance !== null);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  const gap = perceptionGap(providerPerf, customerPerf);

  const lifecycle = await db()
    .select({
      id: lifecycleEvents.id,
      fromStage: lifecycleEvents.fromStage,
      toStage: lifecycleEvents.toStage,
      changedOn: lifecycleEvents.changedOn,
      reasonCategory: lifecycleEvents.reasonCategory,
      note: lifecycleEvents.note,
      recordedBy: recorder.name,
    })
    .from(lifecycleEvents)
    .leftJoin(recorder, eq(recorder.id, lifecycleEvents.recordedByUserId))
    .where(eq(lifecycleEvents.relationshipId, r.id))
    .orderBy(desc(lifecycleEvents.changedOn), desc(lifecycleEvents.id))
    .all();

  const status = (await relationshipStatuses([r], asOf, { perf, model })).get(r.id)!;
  const timeline = await publishedVersionTimeline();
  const submittedAt = new Map(
    (
      await db()
        .select({ period: assessments.period, at: max(assessments.submittedAt) })
        .from(assessments)
        .where(and(eq(assessments.relationshipId, r.id), eq(assessments.status, "submitted")))
        .groupBy(assessments.period)
        .all()
    )
      .filter((row): row is { period: string; at: string } => row.at !== null)
      .map((row) => [row.period, row.at]),
  );

  return {
    header,
    context: {
      sizeClass: context.sizeClass,
      sizeClassAssumed: context.sizeClassAssumed,
      startup: context.startup,
      maturity: context.maturity,
      derivedMaturity: maturityFromStartDate(r.startDate, asOf),
      maturityOverridden: r.maturityOverride !== null,
      maturityOverrideNote: r.maturityOverrideNote,
      diversity: r.diversity,
      criticality: r.criticality,
      referenceCustomer: r.referenceCustomer,
    },
    lifecycle,
    period,
    view,
    periods,
    modelVersion: model.version,
    bands: model.bands,
    score: explained(period, result),
    trend: periods.map((p) => ({
      period: p,
      current: p === current,
      assessedUnder: submittedAt.has(p) ? versionActiveAt(timeline, submittedAt.get(p)!) : null,
      both: explainedOrNull("both", p),
      provider: explainedOrNull("provider", p),
      customer: explainedOrNull("customer", p),
    })),
    matrix,
    ipa: {
      meanImportance: mean(scored.map((f) => f.importance)),
      meanPerformance: mean(scored.map((f) => f.performance!)),
      points: scored.map((f) => ({ factor: f.factor, importance: f.importance, performance: f.performance!, quadrant: f.quadrant! })),
    },
    gap: FACTORS.map((factor) => ({
      factor,
      provider: providerPerf[factor] ?? null,
      customer: customerPerf[factor] ?? null,
      gap: gap[factor],
    })),
    priorities: improvementPriorities(result).map((f) => ({
      factor: f.factor,
      priority: f.priority,
      weight: f.weight,
      performance: f.performance,
      quadrant: f.quadrant,
    })),
    attention: status.attention,
    actionRequired: status.actionRequired,
    assessments: await assessmentList(user, r.id, period),
    myDrafts: await db()
      .select({ id: assessments.id, period: assessments.period, updatedAt: assessments.updatedAt })
      .from(assessments)
      .where(and(eq(assessments.relationshipId, r.id), eq(assessments.assessorUserId, user.id), eq(assessments.status, "draft")))
      .orderBy(desc(assessments.period))
      .all(),
    actions: await actionList(r.id, calendarDay(asOf)),
    decisions: await decisionList(r.id),
  };
}

/** The period's submitted assessments of both sides, and the user's own draft; other people's drafts stay hidden. */
async function assessmentList(user: ActingUser, relationshipId: number, period: string): Promise<AssessmentListItem[]> {
  return (
    await assessmentsWithAssessor(user, relationshipId, eq(assessments.period, period))
      .orderBy((a) => [asc(a.side), asc(a.assessorName)])
      .all()
  ).map(({ assessorUserId, organisationId, revision: _revision, ...a }) => ({
    ...a,
    mine: assessorUserId === user.id,
    canReopen: a.status === "submitted" && isOrganisationAdmin(user, organisationId),
  }));
}

const owner = alias(users, "owner");

async function actionList(relationshipId: number, today: string): Promise<RelationshipPage["actions"]> {
  return (
    (
      await db()
        .select({
          id: developmentActions.id,
          title: developmentActions.title,
          description: developmentActions.description,
          factor: developmentActions.factor,
          phase: developmentActions.phase,
          status: developmentActions.status,
          ownerName: owner.name,
          ownerOrganisation: organisations.name,
          dueDate: developmentActions.dueDate,
          outcomeNote: developmentActions.outcomeNote,
          completedAt: developmentActions.completedAt,
        })
        .from(developmentActions)
        .leftJoin(owner, eq(owner.id, developmentActions.ownerUserId))
        .innerJoin(organisations, eq(organisations.id, developmentActions.ownerOrganisationId))
        .where(eq(developmentActions.relationshipId, relationshipId))
        // Open actions first (planned, in progress), then by due date.
        .orderBy(
          sql`case ${developmentActions.status} when 'in_progress' then 0 when 'planned' then 1 when 'done' then 2 else 3 end`,
          sql`${developmentActions.dueDate} is null`,
          asc(developmentActions.dueDate),
        )
        .all()
    ).map((a) => ({ ...a, overdue: isOverdue(a, today) }))
  );
}

const decider = alias(users, "decider");

async function decisionList(relationshipId: number): Promise<RelationshipPage["decisions"]> {
  return await db()
    .select({
      id: relationshipDecisions.id,
      decidedOn: relationshipDecisions.decidedOn,
      title: relationshipDecisions.title,
      note: relationshipDecisions.note,
      factor: relationshipDecisions.factor,
      organisation: organisations.name,
      by: decider.name,
    })
    .from(relationshipDecisions)
    .innerJoin(organisations, eq(organisations.id, relationshipDecisions.organisationId))
    .leftJoin(decider, eq(decider.id, relationshipDecisions.createdByUserId))
    .where(eq(relationshipDecisions.relationshipId, relationshipId))
    .orderBy(desc(relationshipDecisions.decidedOn), desc(relationshipDecisions.id))
    .all();
}
