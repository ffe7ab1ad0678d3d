/**
 * The staff home page: the user's relationships by attention priority, the
 * assessments due this quarter, their open drafts, and the relationships
 * that need attention with the reason.
 */
import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { assessments, organisations, relationships } from "../../db/schema";
import { db } from "../db.server";
import type { AttentionReason } from "../domain/attention";
import type { AssessmentSide, LifecycleStage } from "../domain/factors";
import { quarterOf } from "../domain/period";
import { canWriteFor, memberOrganisationIds, visibleRelationshipCondition } from "./access.server";
import { attentionOf, explained, lastMeasurementMonths, performanceOf, type ExplainedScore } from "./relationship.server";
import { activeImportanceModel, latestScore, relationshipContext } from "./scoring.server";
import type { ActingUser } from "./user.server";

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
};

export type HomeData = {
  currentQuarter: string;
  /** The scoring model version every score of the page comes from. */
  modelVersion: number;
  relationships: HomeRelationship[];
  due: Array<{ relationshipId: number; serviceName: string; counterpartName: string; period: string }>;
  drafts: Array<{
    assessmentId: number;
    relationshipId: number;
    serviceName: string;
    counterpartName: string;
    period: string;
    updatedAt: string;
  }>;
};

const provider = alias(organisations, "provider");
const customer = alias(organisations, "customer");

export function getHome(user: ActingUser, asOf = new Date()): HomeData {
  const currentQuarter = quarterOf(asOf);
  const rows = db()
    .select({
      id: relationships.id,
      serviceName: relationships.serviceName,
      stage: relationships.lifecycleStage,
      startDate: relationships.startDate,
      maturityOverride: relationships.maturityOverride,
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
    .innerJoin(provider, eq(provider.id, relationships.providerId))
    .innerJoin(customer, eq(customer.id, relationships.customerId))
    .where(visibleRelationshipCondition(user))
    .orderBy(asc(relationships.id))
    .all();
  const ids = rows.map((r) => r.id);
  const model = activeImportanceModel();
  const perf = performanceOf(ids);
  const lastMeasurement = lastMeasurementMonths(ids);
  const orgIds = new Set(memberOrganisationIds(user));

  const mine = rows.map((r): HomeRelationship & { sideOrganisationId: number | null; counterpartName: string } => {
    const context = relationshipContext(r, asOf, model);
    const latest = latestScore(perf.both.get(r.id), context, model);
    const side: AssessmentSide | null = orgIds.has(r.providerId) ? "provider" : orgIds.has(r.customerId) ? "customer" : null;
    return {
      id: r.id,
      serviceName: r.serviceName,
      providerName: r.providerName,
      customerName: r.customerName,
      side,
      sideOrganisationId: side === "provider" ? r.providerId : side === "customer" ? r.customerId : null,
      counterpartName: side === "customer" ? r.providerName : r.customerName,
      stage: r.stage,
      criticality: r.criticality,
      score: latest ? explained(latest.period, latest.result) : null,
      attentionPriority: latest?.result.attentionPriority ?? null,
      attention: attentionOf(r, context, model, perf, lastMeasurement.get(r.id) ?? null, asOf),
    };
  });

  // Attention priority, largest first; relationships without a score last.
  const ordered = [...mine].sort(
    (a, b) => (b.attentionPriority ?? -Infinity) - (a.attentionPriority ?? -Infinity) || a.serviceName.localeCompare(b.serviceName, "fi")
  );

  const current = db()
    .select({
      relationshipId: assessments.relationshipId,
      id: assessments.id,
      side: assessments.side,
      status: assessments.status,
      assessorUserId: assessments.assessorUserId,
      period: assessments.period,
      updatedAt: assessments.updatedAt,
    })
    .from(assessments)
    .innerJoin(relationships, eq(relationships.id, assessments.relationshipId))
    .where(and(visibleRelationshipCondition(user), eq(assessments.period, currentQuarter)))
    .all();

  const due = mine
    .filter(
      (r) =>
        r.sideOrganisationId !== null &&
        canWriteFor(user, r.sideOrganisationId) &&
        ASSESSED_STAGES.includes(r.stage) &&
        !current.some((a) => a.relationshipId === r.id && a.side === r.side && (a.status === "submitted" || a.assessorUserId === user.id))
    )
    .map((r) => ({ relationshipId: r.id, serviceName: r.serviceName, counterpartName: r.counterpartName, period: currentQuarter }));

  const byId = new Map(mine.map((r) => [r.id, r]));
  const drafts = db()
    .select({
      assessmentId: assessments.id,
      relationshipId: assessments.relationshipId,
      organisationId: assessments.organisationId,
      period: assessments.period,
      updatedAt: assessments.updatedAt,
    })
    .from(assessments)
    .innerJoin(relationships, eq(relationships.id, assessments.relationshipId))
    .where(and(visibleRelationshipCondition(user), eq(assessments.assessorUserId, user.id), eq(assessments.status, "draft")))
    .all()
    // Only drafts the user can still continue (a former writer's drafts stay in the data but are not offered).
    .filter((d) => byId.has(d.relationshipId) && canWriteFor(user, d.organisationId))
    .map(({ organisationId: _o, ...d }) => ({
      ...d,
      serviceName: byId.get(d.relationshipId)!.serviceName,
      counterpartName: byId.get(d.relationshipId)!.counterpartName,
    }))
    .sort((a, b) => b.period.localeCompare(a.period) || b.updatedAt.localeCompare(a.updatedAt));

  return {
    currentQuarter,
    /** Every score on the page comes from this version. */
    modelVersion: model.version,
    relationships: ordered.map(({ sideOrganisationId: _s, counterpartName: _c, ...r }) => r),
    due,
    drafts,
  };
}
