/**
 * What a relationship asks of its people right now: the needs-attention
 * reasons and whether a development action is required. Home, the chain
 * view, the portfolio and the relationship page all read it from here, so
 * they cannot disagree. Callers pass relationships they have already scoped.
 */
import { preparedStatement } from "../db.server";
import { attentionReasons, latestScoreUpToNow, type AttentionInput, type AttentionReason } from "../domain/attention";
import { OPEN_ACTION_STATUSES, actionRequired, type ActionRequired } from "../domain/development-actions";
import type { ActionStatus, FactorKey, LifecycleStage } from "../domain/factors";
import type { ImportanceModel } from "../domain/importance-model";
import { isValidQuarter, quarterOf } from "../domain/period";
import { improvementPriorities, scoreRelationship, type FactorPerformance, type ScoreResult } from "../domain/scoring";
import {
  activeImportanceModel,
  recentPerformanceBySide,
  relationshipContext,
  submittedPerformanceBySide,
  type ContextSource,
  type PerformanceByPeriod,
  type ScoringContext,
} from "./scoring.server";

export type SidePerformance = { provider: PerformanceByPeriod; customer: PerformanceByPeriod; both: PerformanceByPeriod };

export async function performanceOf(ids: number[]): Promise<SidePerformance> {
  return await submittedPerformanceBySide(ids);
}

/** Quarters up to now read per relationship for its status; older ones only when these lack what the rules need. */
const STATUS_QUARTERS = 3;

/**
 * What the status rules and the latest score read, without each
 * relationship's whole history: its latest quarters up to now (and any later
 * one). The rules need the two latest scored quarters up to now, the latest
 * quarter with any score, and the latest quarter up to now that both sides
 * assessed; a relationship whose latest quarters lack any of these (and that
 * has older ones) is read in full, so every status and score is the same as
 * from its whole history.
 */
export async function statusPerformance(ids: number[], currentQuarter: string): Promise<SidePerformance> {
  const { perf, cut } = await recentPerformanceBySide(ids, currentQuarter, STATUS_QUARTERS);
  const short = [...cut].filter((id) => {
    const periods = [...(perf.both.get(id)?.keys() ?? [])].sort();
    return periods.filter((p) => p <= currentQuarter).length < 2 || latestBothSided(perf, id, periods, currentQuarter).length === 0;
  });
  if (short.length > 0) {
    const full = await submittedPerformanceBySide(short);
    for (const id of short) {
      for (const side of ["both", "provider", "customer"] as const) {
        const byPeriod = full[side].get(id);
        if (byPeriod) perf[side].set(id, byPeriod);
        else perf[side].delete(id);
      }
    }
  }
  return perf;
}

/** Latest measurement month per relationship (any recorder: only its presence is used, never a value). */
export async function lastMeasurementMonths(ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  // The (relationship, month) index read backwards to the first value not deleted, not a scan of its history.
  const rows = (await preparedStatement(
    `select r.value as id, (select m.month from measurements m where m.relationship_id = r.value and m.deleted_at is null order by m.month desc limit 1) as month
       from json_each(?) r`,
  ).all(JSON.stringify(ids))) as { id: number; month: string | null }[];
  return new Map(rows.filter((r) => r.month !== null).map((r) => [r.id, r.month!]));
}

/** Open (planned or in progress) actions per relationship: only their factors matter to the rule. */
async function openActions(ids: number[]): Promise<Map<number, Array<{ factor: FactorKey | null; status: ActionStatus }>>> {
  const result = new Map<number, Array<{ factor: FactorKey | null; status: ActionStatus }>>();
  if (ids.length === 0) return result;
  const rows = (await preparedStatement(
    `select relationship_id as id, factor, status from development_actions
      where relationship_id in (select value from json_each(?)) and status in (select value from json_each(?))`,
  ).all(JSON.stringify(ids), JSON.stringify(OPEN_ACTION_STATUSES))) as { id: number; factor: FactorKey | null; status: ActionStatus }[];
  for (const r of rows) {
    const list = result.get(r.id);
    if (list) list.push({ factor: r.factor, status: r.status });
    else result.set(r.id, [{ factor: r.factor, status: r.status }]);
  }
  return result;
}

export type RelationshipStatus = {
  attention: AttentionReason[];
  actionRequired: ActionRequired | null;
};

export type StatusSource = ContextSource & { id: number; stage: LifecycleStage };

type Loaded = { perf: SidePerformance; model: ImportanceModel; lastMeasurement: Map<number, string>; actions: Awaited<ReturnType<typeof openActions>> };

/** One relationship's status from figures already loaded. */
function statusOf(rel: StatusSource, context: ScoringContext, loaded: Loaded, asOf: Date): RelationshipStatus {
  const { perf, model } = loaded;
  const both = perf.both.get(rel.id) ?? new Map<string, FactorPerformance>();
  const periods = [...both.keys()].sort();
  const currentQuarter = quarterOf(asOf);
  // The score-drop and band rules read the latest scored quarter (up to now) and the one before it:
  // only those two are scored, not the whole history (home pages run this for every relationship).
  const scoredPeriods = periods.filter((p) => p <= currentQuarter).slice(-2);
  const results = new Map<string, ScoreResult>(scoredPeriods.map((period) => [period, scoreRelationship({ context, performance: both.get(period)!, model })]));
  const scores = scoredPeriods.map((period) => ({ period, score: results.get(period)!.score }));
  const attention = attentionReasons({
    currentQuarter,
    stage: rel.stage,
    startDate: rel.startDate,
    criticality: rel.criticality,
    bands: model.bands,
    scores,
    sides: latestBothSided(perf, rel.id, periods, currentQuarter),
    lastSubmittedPeriod: periods.at(-1) ?? null,
    lastMeasurementMonth: loaded.lastMeasurement.get(rel.id) ?? null,
  });
  const latest = latestScoreUpToNow({ scores, currentQuarter });
  const weakest = latest ? (improvementPriorities(results.get(latest.period)!)[0]?.factor ?? null) : null;
  return {
    attention,
    actionRequired: actionRequired({
      latest: latest && { ...latest, weakestFactor: weakest },
      criticality: rel.criticality,
      bands: model.bands,
      actions: loaded.actions.get(rel.id) ?? [],
    }),
  };
}

/**
 * The perception-gap rule reads only the latest quarter up to now that both
 * sides assessed: pass just that one rather than every quarter's sides.
 * `periods` is sorted; a side's entry exists only when it scored some factor.
 */
function latestBothSided(perf: SidePerformance, id: number, periods: readonly string[], currentQuarter: string): AttentionInput["sides"] {
  const provider = perf.provider.get(id);
  const customer = perf.customer.get(id);
  if (!provider || !customer) return [];
  for (let i = periods.length - 1; i >= 0; i--) {
    const period = periods[i];
    if (period > currentQuarter || !isValidQuarter(period)) continue;
    const p = provider.get(period);
    const c = customer.get(period);
    if (p && c) return [{ period, provider: p, customer: c }];
  }
  return [];
}

/**
 * The status of each relationship, by id. `loaded` lets a caller that has
 * already read the performance and the model (home) pass them on.
 */
export async function relationshipStatuses(
  rows: readonly StatusSource[],
  asOf = new Date(),
  loaded: { perf?: SidePerformance; model?: ImportanceModel } = {},
): Promise<Map<number, RelationshipStatus>> {
  const ids = rows.map((r) => r.id);
  const all: Loaded = {
    perf: loaded.perf ?? (await statusPerformance(ids, quarterOf(asOf))),
    model: loaded.model ?? (await activeImportanceModel()),
    lastMeasurement: await lastMeasurementMonths(ids),
    actions: await openActions(ids),
  };
  return new Map(rows.map((r) => [r.id, statusOf(r, relationshipContext(r, asOf), all, asOf)]));
}
