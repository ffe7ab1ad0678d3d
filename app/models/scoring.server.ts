/**
 * Bridges stored assessments and the pure scoring engine: loads the active
 * importance model, aggregates submitted scores and builds each
 * relationship's context. Callers pass ids they have already scoped.
 */
import { eq } from "drizzle-orm";
import { asc, desc } from "../../db/dialect";
import { modelPartsOf } from "../../db/model-columns";
import { importanceLevels, importanceModels } from "../../db/tables";
import { db, preparedStatement, type PortalDatabase } from "../db.server";
import { FACTORS, type AssessmentSide, type Criticality, type Diversity, type FactorKey, type Maturity, type SizeClass } from "../domain/factors";
import { DEFAULT_STARTUP_YEARS, type ImportanceModel } from "../domain/importance-model";
import type { ScoreBandKey } from "../domain/score-bands";
import { effectiveMaturity } from "../domain/maturity";
import { scoreRelationship, type FactorPerformance, type RelationshipContext, type ScoreResult } from "../domain/scoring";
import { isStartup } from "../domain/size-class";

/**
 * Published versions by row id. A published version never changes (the
 * database refuses it), so an entry never goes stale and each cluster worker
 * may keep its own copy; which version is active is read on every call.
 * Drafts are never cached.
 */
const publishedModels = new Map<number, ImportanceModel>();

const modelRowColumns = {
  id: importanceModels.id,
  version: importanceModels.version,
  status: importanceModels.status,
  name: importanceModels.name,
  startupYears: importanceModels.startupYears,
  multiplierLow: importanceModels.multiplierLow,
  multiplierMedium: importanceModels.multiplierMedium,
  multiplierHigh: importanceModels.multiplierHigh,
  multiplierCritical: importanceModels.multiplierCritical,
  bandPoorMin: importanceModels.bandPoorMin,
  bandPoorMax: importanceModels.bandPoorMax,
  bandFairMin: importanceModels.bandFairMin,
  bandFairMax: importanceModels.bandFairMax,
  bandGoodMin: importanceModels.bandGoodMin,
  bandGoodMax: importanceModels.bandGoodMax,
};

type ModelRow = { [K in keyof typeof modelRowColumns]: (typeof modelRowColumns)[K]["_"]["data"] };

/** A model version's importance levels, as stored (unsorted). */
export async function levelsOf(modelId: number, tx: PortalDatabase = db()): Promise<ImportanceModel["levels"]> {
  return (
    (await tx
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
      .where(eq(importanceLevels.modelId, modelId))
      // Key order, on either engine.
      .orderBy(asc(importanceLevels.factor), asc(importanceLevels.dimension), asc(importanceLevels.value), asc(importanceLevels.condition))
      .all()) as ImportanceModel["levels"]
  );
}

async function modelFromRow(row: ModelRow, versionOfDraft?: number): Promise<ImportanceModel> {
  const cached = row.status === "published" ? publishedModels.get(row.id) : undefined;
  if (cached) return cached;
  const model: ImportanceModel = {
    version: row.status === "published" ? row.version : (versionOfDraft ?? 0),
    levels: await levelsOf(row.id),
    ...modelPartsOf(row),
  };
  if (row.status === "published") publishedModels.set(row.id, model);
  return model;
}

/** The active model version (one, platform-wide: docs/decisions/0014). */
export async function activeImportanceModel(): Promise<ImportanceModel> {
  const active = await db().select(modelRowColumns).from(importanceModels).where(eq(importanceModels.isActive, true)).get();
  if (!active) throw new Error("No active importance model: run the migrations (npm run db:migrate).");
  return modelFromRow(active);
}

/**
 * A model version by row id, or null. A draft gets `versionOfDraft` as its
 * number (the number it would be published as), since it has none yet.
 */
export async function importanceModelById(id: number, versionOfDraft?: number): Promise<ImportanceModel | null> {
  const row = await db().select(modelRowColumns).from(importanceModels).where(eq(importanceModels.id, id)).get();
  return row ? await modelFromRow(row, versionOfDraft) : null;
}

/** Published versions, newest first, with when each was published: the version active at a time is the newest published by then. */
export async function publishedVersionTimeline(): Promise<Array<{ version: number; publishedAt: string }>> {
  return (
    await db()
      .select({ version: importanceModels.version, publishedAt: importanceModels.publishedAt })
      .from(importanceModels)
      .where(eq(importanceModels.status, "published"))
      .orderBy(desc(importanceModels.publishedAt), desc(importanceModels.version))
      .all()
  ).map((r) => ({ version: r.version, publishedAt: r.publishedAt ?? "" }));
}

/**
 * The version that was active at `time` (an ISO timestamp), from the
 * timeline (newest first). Before the first publication it is the first
 * version: data older than the installation (imported, or the demo's
 * back-dated history) was made under the only model there was.
 */
export function versionActiveAt(timeline: ReadonlyArray<{ version: number; publishedAt: string }>, time: string): number | null {
  for (const entry of timeline) if (entry.publishedAt <= time) return entry.version;
  return timeline.at(-1)?.version ?? null;
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

/**
 * The scoring context of a relationship. An unknown provider size is read as
 * medium, and flagged. The start-up age belongs to the model version: pass
 * the version the context is scored with.
 */
export function relationshipContext(
  source: ContextSource,
  asOf = new Date(),
  model: Pick<ImportanceModel, "startupYears"> = { startupYears: DEFAULT_STARTUP_YEARS },
): ScoringContext {
  return {
    sizeClass: source.providerSizeClass ?? "medium",
    sizeClassAssumed: source.providerSizeClass === null,
    startup: isStartup(source.providerFoundedYear, asOf, model.startupYears),
    referenceCustomer: source.referenceCustomer,
    // start_date is NOT NULL, so a maturity always exists.
    maturity: effectiveMaturity(source.startDate, source.maturityOverride, asOf) ?? "early",
    diversity: source.diversity,
    criticality: source.criticality,
  };
}

/** relationshipId -> period -> factor -> mean of submitted 1..5 scores (N/A and drafts left out). */
export type PerformanceByPeriod = Map<number, Map<string, FactorPerformance>>;

export type PerformanceBySide = { both: PerformanceByPeriod; provider: PerformanceByPeriod; customer: PerformanceByPeriod };

// Raw rows, by position: [relationship_id, period, side, then total and n of each factor in FACTORS order].
type TotalsRow = [number, string, AssessmentSide, ...number[]];

// In primary-key order, so a relationship's quarters come together and each quarter's sides are adjacent.
const TOTALS_SELECT = `select relationship_id, period, side, ${FACTORS.map((f) => `${f}_total, ${f}_n`).join(", ")}
  from submitted_score_totals where relationship_id in (select value from json_each(?))`;
const TOTALS_ORDER = " order by relationship_id, period, side";

/**
 * The mean submitted score of each factor per relationship and quarter, for
 * each side and for both sides together, read from the trigger-kept totals
 * (one indexed row per relationship, quarter and side) rather than
 * aggregated from every score on each request.
 */
export async function submittedPerformanceBySide(relationshipIds: number[], options: { periods?: string[] } = {}): Promise<PerformanceBySide> {
  if (relationshipIds.length === 0) return noPerformance();
  const rows = (
    options.periods
      ? await preparedStatement(`${TOTALS_SELECT} and period in (select value from json_each(?))${TOTALS_ORDER}`)
          .raw()
          .all(JSON.stringify(relationshipIds), JSON.stringify(options.periods))
      : await preparedStatement(`${TOTALS_SELECT}${TOTALS_ORDER}`).raw().all(JSON.stringify(relationshipIds))
  ) as TotalsRow[];
  return performanceFromRows(rows);
}

/**
 * The performance of the latest quarters only: every quarter after the
 * `keep`-th latest quarter up to `upTo` with any totals row (so later
 * quarters too). `cut` holds the relationships that have older quarters than
 * those read. One indexed walk per relationship, newest first.
 */
export async function recentPerformanceBySide(relationshipIds: number[], upTo: string, keep: number): Promise<{ perf: PerformanceBySide; cut: Set<number> }> {
  if (relationshipIds.length === 0) return { perf: noPerformance(), cut: new Set() };
  // The cut-off is computed once per relationship (materialized), then its newer rows are read on the primary key.
  const rows = (await preparedStatement(
    `with w as materialized (
       select ids.value as id,
              (select distinct t.period from submitted_score_totals t where t.relationship_id = ids.value and t.period <= @upTo
                order by t.period desc limit 1 offset @keep) as cutoff
         from json_each(@ids) ids)
     select s.relationship_id, s.period, s.side, ${FACTORS.map((f) => `s.${f}_total, s.${f}_n`).join(", ")}, w.cutoff is not null
       from w join submitted_score_totals s on s.relationship_id = w.id and s.period > coalesce(w.cutoff, '')
      order by s.relationship_id, s.period, s.side`,
  )
    .raw()
    .all({ ids: JSON.stringify([...new Set(relationshipIds)]), upTo, keep })) as TotalsRow[];
  const cut = new Set<number>();
  const last = 3 + FACTORS.length * 2;
  for (const row of rows) if (row[last]) cut.add(row[0]);
  return { perf: performanceFromRows(rows), cut };
}

/** No relationship's performance yet, on any side. */
export function noPerformance(): PerformanceBySide {
  return { both: new Map(), provider: new Map(), customer: new Map() };
}

/** Totals rows (ordered by relationship, quarter and side) to each side's and both sides' mean scores. */
function performanceFromRows(rows: TotalsRow[]): PerformanceBySide {
  const result = noPerformance();
  // Both sides: totals and counts summed before dividing, so it is the mean of all scores.
  // Rows come ordered, so one (relationship, quarter) is summed at a time.
  const sums = new Array<number>(FACTORS.length * 2).fill(0);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const [relationshipId, period, side] = row;
    const first = i === 0 || rows[i - 1][0] !== relationshipId || rows[i - 1][1] !== period;
    if (first) sums.fill(0);
    const perf: FactorPerformance = {};
    let any = false;
    for (let k = 0; k < FACTORS.length; k++) {
      const total = row[3 + 2 * k] as number;
      const n = row[4 + 2 * k] as number;
      sums[2 * k] += total;
      sums[2 * k + 1] += n;
      if (n === 0) continue;
      perf[FACTORS[k]] = total / n;
      any = true;
    }
    if (any) setPeriod(result[side], relationshipId, period, perf);
    const last = i === rows.length - 1 || rows[i + 1][0] !== relationshipId || rows[i + 1][1] !== period;
    if (!last) continue;
    const both: FactorPerformance = {};
    let anyBoth = false;
    for (let k = 0; k < FACTORS.length; k++) {
      if (sums[2 * k + 1] === 0) continue;
      both[FACTORS[k]] = sums[2 * k] / sums[2 * k + 1];
      anyBoth = true;
    }
    if (anyBoth) setPeriod(result.both, relationshipId, period, both);
  }
  return result;
}

function setPeriod(map: PerformanceByPeriod, relationshipId: number, period: string, perf: FactorPerformance): void {
  let byPeriod = map.get(relationshipId);
  if (!byPeriod) map.set(relationshipId, (byPeriod = new Map()));
  byPeriod.set(period, perf);
}

/** The performance of the given sides (both sides together when none or both are given). */
export async function submittedPerformance(
  relationshipIds: number[],
  options: { sides?: AssessmentSide[]; periods?: string[] } = {},
): Promise<PerformanceByPeriod> {
  const bySide = await submittedPerformanceBySide(relationshipIds, { periods: options.periods });
  if (!options.sides || options.sides.length === 2) return bySide.both;
  if (options.sides.length === 0) return new Map();
  return bySide[options.sides[0]];
}

export type LatestScore = { period: string; result: ScoreResult; context: ScoringContext };

/** The score of the latest quarter that has any submitted performance, or null. */
export function latestScore(byPeriod: Map<string, FactorPerformance> | undefined, context: ScoringContext, model: ImportanceModel): LatestScore | null {
  if (!byPeriod || byPeriod.size === 0) return null;
  const period = [...byPeriod.keys()].sort().at(-1)!;
  const performance = byPeriod.get(period)!;
  return { period, context, result: scoreRelationship({ context, performance, model }) };
}

/** A score with everything needed to explain it: the shape ScoreWithExplanation shows. */
export type ExplainedScore = {
  period: string;
  value: number | null;
  /** The model's band of `value` (poor, fair, good): the score's colour. */
  band: ScoreBandKey | null;
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
    band: result.band,
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
