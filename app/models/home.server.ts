/**
 * The staff home page: the user's relationships by attention priority, the
 * assessments outstanding for their organisation this quarter, their open
 * drafts, the relationships that need attention with the reason (and those
 * that require a development action), and the open actions owned by them or
 * their organisation.
 */
import { eq, inArray, or, sql } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { alias } from "drizzle-orm/sqlite-core";
import { chains, developmentActions, organisations, relationships, users } from "../../db/tables";
import type { AttentionReason } from "../domain/attention";
import { OPEN_ACTION_STATUSES, calendarDay, isOverdue, type ActionRequired } from "../domain/development-actions";
import type { ActionStatus, AssessmentSide, FactorKey, LifecycleStage } from "../domain/factors";
import { quarterOf } from "../domain/period";
import type { ScoreBands } from "../domain/score-bands";
import { db, preparedStatement } from "../db.server";
import { canWriteFor, memberOrganisationIds, visibleChainCondition } from "./access.server";
import { relationshipStatuses, statusPerformance } from "./relationship-status.server";
import { activeImportanceModel, explained, latestScore, relationshipContext, type ExplainedScore } from "./scoring.server";
import { calendarNow, type ActingUser } from "./user.server";
import { customer, provider, visibleRelationships } from "./visible-relationships.server";

/** Stages in which a quarter's assessment is expected from both parties. */
const ASSESSED_STAGES: readonly LifecycleStage[] = ["new", "active", "passivating", "passive"];

export type HomeRelationship = {
  id: number;
  serviceName: string;
  providerName: string;
  customerName: string;
  side: AssessmentSide | null;
  stage: LifecycleStage;
  criticality: string;
  score: ExplainedScore | null;
  attentionPriority: number | null;
  attention: AttentionReason[];
  actionRequired: ActionRequired | null;
  /** May the user plan actions here (a writer of their side)? */
  canWrite: boolean;
};

export type DueAssessment = {
  relationshipId: number;
  serviceName: string;
  counterpartName: string;
  period: string;
  /** The user may follow but not assess (project lead, viewer): outstanding for their organisation. */
  readOnly: boolean;
  /** The user's own draft of the period, when they have started one. */
  draft: { assessmentId: number; updatedAt: string } | null;
};

export type MyAction = {
  id: number;
  relationshipId: number;
  title: string;
  factor: FactorKey | null;
  status: ActionStatus;
  dueDate: string | null;
  overdue: boolean;
  /** Owned by the user (else by one of their organisations). */
  mine: boolean;
  ownerName: string | null;
  ownerOrganisation: string;
  providerName: string;
  customerName: string;
};

export type HomeChain = { id: number; name: string; focalName: string; relationshipCount: number };

export type HomeData = {
  currentQuarter: string;
  /** Chains the user may open (as listVisibleChains), with the number of relationships in each the user may see. */
  chains: HomeChain[];
  /** The model's score bands: what the score colours mean. */
  bands: ScoreBands;
  /** The scoring model version every score of the page comes from. */
  modelVersion: number;
  relationships: HomeRelationship[];
  /** Outstanding assessments of the current quarter for the user's side of each relationship (submitted ones are done). */
  due: DueAssessment[];
  /** Open actions owned by the user or their organisations, on relationships they may see, earliest due first. */
  actions: MyAction[];
  drafts: Array<{
    assessmentId: number;
    relationshipId: number;
    serviceName: string;
    counterpartName: string;
    period: string;
    updatedAt: string;
  }>;
};

export async function getHome(user: ActingUser, asOf = calendarNow(user)): Promise<HomeData> {
  const currentQuarter = quarterOf(asOf);
  const visible = visibleRelationships(user);
  const rows = await visible.rows().orderBy(asc(relationships.id)).all();
  const ids = rows.map((r) => r.id);
  const model = await activeImportanceModel();
  // The latest score and the statuses read only the latest quarters (statusPerformance says when it reads more).
  const perf = await statusPerformance(ids, currentQuarter);
  const statuses = await relationshipStatuses(rows, asOf, { perf, model });
  const orgIds = new Set(memberOrganisationIds(user));
  // An invited assessor's side comes from their scope (ADR 0020): they assess it, and write nothing else.
  const scopes = new Map(user.assessorScopes.map((s) => [s.relationshipId, s]));

  const mine = rows.map((r): HomeRelationship & { sideOrganisationId: number | null; counterpartName: string; canAssess: boolean } => {
    const context = relationshipContext(r, asOf, model);
    const latest = latestScore(perf.both.get(r.id), context, model);
    const scope = scopes.get(r.id);
    const side: AssessmentSide | null = orgIds.has(r.providerId) ? "provider" : orgIds.has(r.customerId) ? "customer" : (scope?.side ?? null);
    const sideOrganisationId = side === "provider" ? r.providerId : side === "customer" ? r.customerId : null;
    const canWrite = sideOrganisationId !== null && canWriteFor(user, sideOrganisationId);
    const status = statuses.get(r.id)!;
    return {
      id: r.id,
      serviceName: r.serviceName,
      providerName: r.providerName,
      customerName: r.customerName,
      side,
      sideOrganisationId,
      counterpartName: side === "customer" ? r.providerName : r.customerName,
      stage: r.stage,
      criticality: r.criticality,
      score: latest ? explained(latest.period, latest.result) : null,
      attentionPriority: latest?.result.attentionPriority ?? null,
      attention: status.attention,
      actionRequired: status.actionRequired,
      canWrite,
      canAssess: canWrite || (scope !== undefined && scope.organisationId === sideOrganisationId),
    };
  });

  // Attention priority, largest first; relationships without a score last.
  const ordered = [...mine].sort(
    (a, b) => (b.attentionPriority ?? -Infinity) - (a.attentionPriority ?? -Infinity) || a.serviceName.localeCompare(b.serviceName, "fi"),
  );

  const { current, drafts: draftRows } = await homeAssessments(ids, currentQuarter, user.id);
  const submittedSides = new Set(current.filter((a) => a.status === "submitted").map((a) => `${a.relationshipId}|${a.side}`));

  // Due until the user's side has submitted: a draft (theirs or a colleague's) is work in progress, not done.
  // Readers (project leads, viewers) see what is outstanding for their organisation, marked read-only.
  const due = mine
    .filter((r) => r.sideOrganisationId !== null && ASSESSED_STAGES.includes(r.stage) && !submittedSides.has(`${r.id}|${r.side}`))
    .map((r): DueAssessment => {
      const draft = current.find((a) => a.relationshipId === r.id && a.side === r.side && a.assessorUserId === user.id && a.status === "draft");
      const readOnly = !r.canAssess;
      return {
        relationshipId: r.id,
        serviceName: r.serviceName,
        counterpartName: r.counterpartName,
        period: currentQuarter,
        readOnly,
        draft: draft && !readOnly ? { assessmentId: draft.id, updatedAt: draft.updatedAt } : null,
      };
    })
    // What the user can act on first.
    .sort((a, b) => Number(a.readOnly) - Number(b.readOnly));

  const byId = new Map(mine.map((r) => [r.id, r]));
  const drafts = draftRows
    // Only drafts the user can still continue (a former writer's drafts stay in the data but are not offered).
    .filter((d) => byId.has(d.relationshipId) && (canWriteFor(user, d.organisationId) || scopes.get(d.relationshipId)?.organisationId === d.organisationId))
    .map((d) => ({
      assessmentId: d.id,
      relationshipId: d.relationshipId,
      period: d.period,
      updatedAt: d.updatedAt,
      serviceName: byId.get(d.relationshipId)!.serviceName,
      counterpartName: byId.get(d.relationshipId)!.counterpartName,
    }))
    .sort((a, b) => b.period.localeCompare(a.period) || b.updatedAt.localeCompare(a.updatedAt));

  return {
    currentQuarter,
    chains: await homeChains(user, rows),
    bands: model.bands,
    /** Every score on the page comes from this version. */
    modelVersion: model.version,
    relationships: ordered.map(({ sideOrganisationId: _s, counterpartName: _c, canAssess: _a, ...r }) => r),
    due,
    actions: await myActions(user, asOf),
    drafts,
  };
}

/**
 * The chains of listVisibleChains (the same rule, visibleChainCondition),
 * with each one's relationships counted from those already read rather than
 * by a grouped query of its own.
 */
async function homeChains(user: ActingUser, rows: ReadonlyArray<{ chainId: number }>): Promise<HomeChain[]> {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.chainId, (counts.get(r.chainId) ?? 0) + 1);
  return (
    await db()
      .select({ id: chains.id, name: chains.name, focalName: organisations.name })
      .from(chains)
      .innerJoin(organisations, eq(organisations.id, chains.focalOrganisationId))
      .where(visibleChainCondition(user))
      .orderBy(asc(chains.name))
      .all()
  ).map((c) => ({ ...c, relationshipCount: counts.get(c.id) ?? 0 }));
}

type HomeAssessment = {
  id: number;
  relationshipId: number;
  side: AssessmentSide;
  status: "draft" | "submitted";
  assessorUserId: number;
  organisationId: number;
  period: string;
  updatedAt: string;
};

/**
 * The assessments home reads, in one indexed pass over the relationships
 * already scoped to the user (`ids`): every one of the current quarter, and
 * the user's own drafts of any quarter.
 */
async function homeAssessments(ids: number[], currentQuarter: string, userId: number): Promise<{ current: HomeAssessment[]; drafts: HomeAssessment[] }> {
  if (ids.length === 0) return { current: [], drafts: [] };
  const rows = (await preparedStatement(
    `select id, relationship_id as relationshipId, side, status, assessor_user_id as assessorUserId, organisation_id as organisationId,
            period, updated_at as updatedAt
       from assessments
      where relationship_id in (select value from json_each(?)) and (period = ? or (assessor_user_id = ? and status = 'draft'))
      order by relationship_id, id`,
  ).all(JSON.stringify(ids), currentQuarter, userId)) as HomeAssessment[];
  return {
    current: rows.filter((a) => a.period === currentQuarter),
    drafts: rows.filter((a) => a.assessorUserId === userId && a.status === "draft"),
  };
}

const owner = alias(users, "owner");
const ownerOrganisation = alias(organisations, "owner_organisation");

/**
 * Open actions owned by the user or by one of their organisations, on
 * relationships the user may see; dated ones first, earliest due first.
 */
export async function myActions(user: ActingUser, asOf = new Date()): Promise<MyAction[]> {
  const orgIds = memberOrganisationIds(user);
  const ownedByMe = eq(developmentActions.ownerUserId, user.id);
  const rows = await visibleRelationships(user)
    .select(
      {
        id: developmentActions.id,
        relationshipId: developmentActions.relationshipId,
        title: developmentActions.title,
        factor: developmentActions.factor,
        status: developmentActions.status,
        dueDate: developmentActions.dueDate,
        ownerUserId: developmentActions.ownerUserId,
        ownerName: owner.name,
        ownerOrganisation: ownerOrganisation.name,
        providerName: provider.name,
        customerName: customer.name,
      },
      inArray(developmentActions.status, [...OPEN_ACTION_STATUSES]),
      orgIds.length ? or(ownedByMe, inArray(developmentActions.ownerOrganisationId, orgIds)) : ownedByMe,
    )
    .innerJoin(developmentActions, eq(developmentActions.relationshipId, relationships.id))
    .innerJoin(ownerOrganisation, eq(ownerOrganisation.id, developmentActions.ownerOrganisationId))
    .leftJoin(owner, eq(owner.id, developmentActions.ownerUserId))
    .orderBy(sql`${developmentActions.dueDate} is null`, asc(developmentActions.dueDate), asc(developmentActions.id))
    .all();
  const today = calendarDay(asOf);
  return rows.map(({ ownerUserId, ...a }) => ({ ...a, mine: ownerUserId === user.id, overdue: isOverdue(a, today) }));
}
