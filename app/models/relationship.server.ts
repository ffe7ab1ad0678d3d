/**
 * The relationship page: context, lifecycle, quarterly scores, the factor
 * matrix with its sources, importance-performance analysis, perception gap,
 * priorities, assessments, development actions and decisions. Every figure
 * comes from the scoring engine (scoreRelationship & co.) on the same inputs,
 * so what the page shows is what the engine says.
 */
import { and, asc, desc, eq, inArray, max, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  assessments,
  chains,
  developmentActions,
  lifecycleEvents,
  measurements,
  organisations,
  relationshipDecisions,
  relationships,
  users,
} from "../../db/schema";
import { db, preparedStatement, writeTransaction } from "../db.server";
import { attentionReasons, type AttentionReason } from "../domain/attention";
import { SCORE_VIEWS, type ScoreView } from "../domain/assessment";
import { FACTORS, type AssessmentSide, type FactorKey, type LifecycleStage, type Maturity } from "../domain/factors";
import { importanceLevels, type ImportanceDimension, type ImportanceModel } from "../domain/importance-model";
import { maturityFromStartDate } from "../domain/maturity";
import { compareQuarter, isValidQuarter, quarterOf, quarterRange } from "../domain/period";
import { improvementPriorities, perceptionGap, scoreRelationship, type FactorPerformance, type ScoreResult } from "../domain/scoring";
import type { MaturityOverrideInput } from "../forms/relationship-context";
import type { Locale } from "../i18n/locale";
import { forbidden, isOrganisationAdmin, notFound, requireRelationshipAccess, type RelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import {
  activeImportanceModel,
  explained,
  relationshipContext,
  submittedPerformanceBySide,
  type PerformanceByPeriod,
  type ExplainedScore,
  type ScoringContext,
} from "./scoring.server";
import type { ActingUser } from "./user.server";

export type { ScoreView };

export { explained, type ExplainedScore };

const provider = alias(organisations, "provider");
const customer = alias(organisations, "customer");

/** The relationship row with both parties, for a relationship the caller has already access-checked. */
function relationshipRow(id: number) {
  return db()
    .select({
      id: relationships.id,
      serviceName: relationships.serviceName,
      chainId: chains.id,
      chainName: chains.name,
      startDate: relationships.startDate,
      stage: relationships.lifecycleStage,
      maturityOverride: relationships.maturityOverride,
      maturityOverrideNote: relationships.maturityOverrideNote,
      diversity: relationships.diversity,
      criticality: relationships.criticality,
      referenceCustomer: relationships.referenceCustomer,
      providerId: provider.id,
      providerName: provider.name,
      providerSizeClass: provider.sizeClass,
      providerFoundedYear: provider.foundedYear,
      customerId: customer.id,
      customerName: customer.name,
    })
    .from(relationships)
    .innerJoin(chains, eq(chains.id, relationships.chainId))
    .innerJoin(provider, eq(provider.id, relationships.providerId))
    .innerJoin(customer, eq(customer.id, relationships.customerId))
    .where(eq(relationships.id, id))
    .get()!;
}

/** The header facts every relationship sub-page shows. */
export type RelationshipHeader = {
  id: number;
  serviceName: string;
  chain: { id: number; name: string };
  provider: { id: number; name: string };
  customer: { id: number; name: string };
  stage: LifecycleStage;
  startDate: string;
  side: AssessmentSide | null;
  canWrite: boolean;
};

export function relationshipHeader(access: RelationshipAccess): RelationshipHeader {
  const r = relationshipRow(access.id);
  return {
    id: r.id,
    serviceName: r.serviceName,
    chain: { id: r.chainId, name: r.chainName },
    provider: { id: r.providerId, name: r.providerName },
    customer: { id: r.customerId, name: r.customerName },
    stage: r.stage,
    startDate: r.startDate,
    side: access.side,
    canWrite: access.canWrite,
  };
}

// ------------------------------------------------------------- attention

export type SidePerformance = { provider: PerformanceByPeriod; customer: PerformanceByPeriod; both: PerformanceByPeriod };

export function performanceOf(ids: number[]): SidePerformance {
  return submittedPerformanceBySide(ids);
}

/** Latest measurement month per relationship (any recorder: only its presence is used, never a value). */
export function lastMeasurementMonths(ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  // The (relationship, month) index read backwards to the first value not deleted, not a scan of its history.
  const rows = preparedStatement(
    `select r.value as id, (select m.month from measurements m where m.relationship_id = r.value and m.deleted_at is null order by m.month desc limit 1) as month
       from json_each(?) r`,
  ).all(JSON.stringify(ids)) as { id: number; month: string | null }[];
  return new Map(rows.filter((r) => r.month !== null).map((r) => [r.id, r.month!]));
}

/** The needs-attention reasons of one relationship, from figures already loaded. */
export function attentionOf(
  rel: { id: number; stage: LifecycleStage; startDate: string },
  context: ScoringContext,
  model: ImportanceModel,
  perf: SidePerformance,
  lastMeasurementMonth: string | null,
  asOf: Date
): AttentionReason[] {
  const both = perf.both.get(rel.id) ?? new Map<string, FactorPerformance>();
  const periods = [...both.keys()].sort();
  const currentQuarter = quarterOf(asOf);
  // The score-drop rule compares the latest scored quarter (up to now) with the one before it:
  // only those two are scored, not the whole history (home pages run this for every relationship).
  const scoredPeriods = periods.filter((p) => p <= currentQuarter).slice(-2);
  return attentionReasons({
    currentQuarter,
    stage: rel.stage,
    startDate: rel.startDate,
    scores: scoredPeriods.map((period) => ({
      period,
      score: scoreRelationship({ context, performance: both.get(period)!, model }).score,
    })),
    sides: periods.map((period) => ({
      period,
      provider: perf.provider.get(rel.id)?.get(period) ?? {},
      customer: perf.customer.get(rel.id)?.get(period) ?? {},
    })),
    lastSubmittedPeriod: periods.at(-1) ?? null,
    lastMeasurementMonth,
  });
}

// ------------------------------------------------------------- the page

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

export function getRelationshipPage(
  user: ActingUser,
  relationshipId: number,
  options: { period?: string | null; view?: string | null; locale: Locale },
  asOf = new Date()
): RelationshipPage {
  const access = requireRelationshipAccess(user, relationshipId);
  const r = relationshipRow(access.id);
  const header = relationshipHeader(access);
  const model = activeImportanceModel();
  const context = relationshipContext(r, asOf);
  const perf = performanceOf([r.id]);
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
  const cell = (dimension: ImportanceDimension, levels: ReturnType<typeof importanceLevels>): ImportanceCell => {
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

  const lifecycle = db()
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

  const lastMeasurement = lastMeasurementMonths([r.id]).get(r.id) ?? null;

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
    score: explained(period, result),
    trend: periods.map((p) => ({
      period: p,
      current: p === current,
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
    attention: attentionOf(r, context, model, perf, lastMeasurement, asOf),
    assessments: assessmentList(user, r.id, period),
    myDrafts: db()
      .select({ id: assessments.id, period: assessments.period, updatedAt: assessments.updatedAt })
      .from(assessments)
      .where(and(eq(assessments.relationshipId, r.id), eq(assessments.assessorUserId, user.id), eq(assessments.status, "draft")))
      .orderBy(desc(assessments.period))
      .all(),
    actions: actionList(r.id),
    decisions: decisionList(r.id),
  };
}

const assessor = alias(users, "assessor");

/** The period's submitted assessments of both sides, and the user's own draft; other people's drafts stay hidden. */
function assessmentList(user: ActingUser, relationshipId: number, period: string): AssessmentListItem[] {
  const rows = db()
    .select({
      id: assessments.id,
      period: assessments.period,
      side: assessments.side,
      status: assessments.status,
      assessorId: assessments.assessorUserId,
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
        eq(assessments.period, period),
        or(eq(assessments.status, "submitted"), eq(assessments.assessorUserId, user.id))
      )
    )
    .orderBy(asc(assessments.side), asc(assessor.name))
    .all();
  return rows.map(({ assessorId, organisationId, ...a }) => ({
    ...a,
    mine: assessorId === user.id,
    canReopen: a.status === "submitted" && isOrganisationAdmin(user, organisationId),
  }));
}

const owner = alias(users, "owner");

function actionList(relationshipId: number): RelationshipPage["actions"] {
  return (
    db()
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
        asc(developmentActions.dueDate)
      )
      .all()
  );
}

const decider = alias(users, "decider");

function decisionList(relationshipId: number): RelationshipPage["decisions"] {
  return db()
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

// ------------------------------------------------------------- context edits

export function getContextForm(user: ActingUser, relationshipId: number, asOf = new Date()) {
  const access = requireRelationshipAccess(user, relationshipId);
  const r = relationshipRow(access.id);
  return {
    header: relationshipHeader(access),
    derivedMaturity: maturityFromStartDate(r.startDate, asOf),
    maturityOverride: r.maturityOverride,
    maturityOverrideNote: r.maturityOverrideNote,
  };
}

/** Sets or clears the maturity override (writers of either party); audited with before/after. */
export function setMaturityOverride(user: ActingUser, relationshipId: number, input: MaturityOverrideInput): void {
  const access = requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite) forbidden();
  writeTransaction((tx) => {
    const before = tx
      .select({ maturityOverride: relationships.maturityOverride, maturityOverrideNote: relationships.maturityOverrideNote })
      .from(relationships)
      .where(eq(relationships.id, access.id))
      .get()!;
    const after =
      input.maturity === "derived"
        ? { maturityOverride: null, maturityOverrideNote: null }
        : { maturityOverride: input.maturity, maturityOverrideNote: input.note ?? null };
    tx.update(relationships)
      .set({ ...after, updatedAt: new Date().toISOString() })
      .where(eq(relationships.id, access.id))
      .run();
    audit({
      action: "relationship.maturity_override",
      actorUserId: user.id,
      actorOrganisationId: access.organisationId,
      entityType: "relationship",
      entityId: access.id,
      before,
      after,
    });
  });
}

/** A positive integer route parameter, or a 404 (a malformed id is answered like an unknown one). */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!value || !/^\d+$/.test(value) || !Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}
