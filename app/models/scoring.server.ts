/**
 * Bridges stored assessments and the pure scoring engine: loads the active
 * importance model, aggregates submitted scores and builds each
 * relationship's context. Callers pass ids they have already scoped.
 */
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { assessments, assessmentScores, importanceLevels, importanceModels } from "../../db/schema";
import { db } from "../db.server";
import { type AssessmentSide, type Criticality, type Diversity, type FactorKey, type Maturity, type SizeClass } from "../domain/factors";
import type { ImportanceModel } from "../domain/importance-model";
import { effectiveMaturity } from "../domain/maturity";
import { scoreRelationship, type FactorPerformance, type RelationshipContext, type ScoreResult } from "../domain/scoring";
import { isStartup } from "../domain/size-class";

const modelCache = new Map<number, ImportanceModel>();

/** The active model version; its rows are cached by id because a version never changes once saved. */
export function activeImportanceModel(): ImportanceModel {
  const active = db()
    .select({ id: importanceModels.id, version: importanceModels.version, name: importanceModels.name })
    .from(importanceModels)
    .where(eq(importanceModels.isActive, true))
    .orderBy(asc(importanceModels.version))
    .get();
  if (!active) throw new Error("No active importance model: run the migrations (npm run db:migrate).");
  let model = modelCache.get(active.id);
  if (!model) {
    const levels = db()
      .select({
        factor: importanceLevels.factor,
        dimension: importanceLevels.dimension,
        value: importanceLevels.value,
        condition: importanceLevels.condition,
        level: importanceLevels.level,
        sourceFi: importanceLevels.sourceFi,
        sourceEn: importanceLevels.sourceEn,
      })
      .from(importanceLevels)
      .where(eq(importanceLevels.modelId, active.id))
      .all();
    model = { version: active.version, name: active.name, levels: levels as ImportanceModel["levels"] };
    modelCache.set(active.id, model);
  }
  return model;
}

export type ContextSource = {
  startDate: string;
  maturityOverride: Maturity | null;
  diversity: Diversity;
  criticality: Criticality;
  referenceCustomer: boolean;
  providerSizeClass: SizeClass | null;
  providerFoundedYear: number | null;
};

export type ScoringContext = RelationshipContext & { sizeClassAssumed: boolean };

/** The scoring context of a relationship. An unknown provider size is read as medium, and flagged. */
export function relationshipContext(source: ContextSource, asOf = new Date()): ScoringContext {
  return {
    sizeClass: source.providerSizeClass ?? "medium",
    sizeClassAssumed: source.providerSizeClass === null,
    startup: isStartup(source.providerFoundedYear, asOf),
    referenceCustomer: source.referenceCustomer,
    // start_date is NOT NULL, so a maturity always exists.
    maturity: effectiveMaturity(source.startDate, source.maturityOverride, asOf) ?? "early",
    diversity: source.diversity,
    criticality: source.criticality,
  };
}

/** relationshipId -> period -> factor -> mean of submitted 1..5 scores (N/A and drafts left out). */
export type PerformanceByPeriod = Map<number, Map<string, FactorPerformance>>;

export function submittedPerformance(
  relationshipIds: number[],
  options: { sides?: AssessmentSide[]; periods?: string[] } = {},
): PerformanceByPeriod {
  const result: PerformanceByPeriod = new Map();
  if (relationshipIds.length === 0) return result;
  const conditions = [
    inArray(assessments.relationshipId, relationshipIds),
    eq(assessments.status, "submitted"),
    isNotNull(assessmentScores.score),
  ];
  if (options.sides) conditions.push(inArray(assessments.side, options.sides));
  if (options.periods) conditions.push(inArray(assessments.period, options.periods));
  const rows = db()
    .select({
      relationshipId: assessments.relationshipId,
      period: assessments.period,
      factor: assessmentScores.factor,
      mean: sql<number>`avg(${assessmentScores.score})`,
    })
    .from(assessments)
    .innerJoin(assessmentScores, eq(assessmentScores.assessmentId, assessments.id))
    .where(and(...conditions))
    .groupBy(assessments.relationshipId, assessments.period, assessmentScores.factor)
    .all();
  for (const row of rows) {
    let byPeriod = result.get(row.relationshipId);
    if (!byPeriod) result.set(row.relationshipId, (byPeriod = new Map()));
    let perf = byPeriod.get(row.period);
    if (!perf) byPeriod.set(row.period, (perf = {}));
    perf[row.factor as FactorKey] = row.mean;
  }
  return result;
}

export type LatestScore = { period: string; result: ScoreResult; context: ScoringContext };

/** The score of the latest quarter that has any submitted performance, or null. */
export function latestScore(
  byPeriod: Map<string, FactorPerformance> | undefined,
  context: ScoringContext,
  model: ImportanceModel,
): LatestScore | null {
  if (!byPeriod || byPeriod.size === 0) return null;
  const period = [...byPeriod.keys()].sort().at(-1)!;
  const performance = byPeriod.get(period)!;
  return { period, context, result: scoreRelationship({ context, performance, model }) };
}

/** A score with everything needed to explain it: the shape ScoreWithExplanation shows. */
export type ExplainedScore = {
  period: string;
  value: number | null;
  attentionPriority: number | null;
  modelVersion: number;
  factors: Array<{
    factor: FactorKey;
    importance: number;
    weight: number;
    performance: number | null;
    quadrant: string | null;
    priority: number | null;
  }>;
};

export function explained(period: string, result: ScoreResult): ExplainedScore {
  return {
    period,
    value: result.score,
    attentionPriority: result.attentionPriority,
    modelVersion: result.modelVersion,
    factors: result.factors.map(({ factor, importance, weight, performance, quadrant, priority }) => ({
      factor,
      importance,
      weight,
      performance,
      quadrant,
      priority,
    })),
  };
}
