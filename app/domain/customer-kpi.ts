/**
 * Customer KPIs from the portal's own data: retention and
 * churn from the relationships' lifecycle history, NPS from a recorded NPS
 * metric, CLV and customer equity from recorded margin and retention
 * metrics, each per quarter and per segment. Pure: the model module loads
 * the rows the user may see and hands them here.
 *
 * The retention rule (source 003: retention = customers kept / customers at
 * start; churn = 1 - retention), for quarter Q = [S, E) where S is its first
 * day and E the first day of the next quarter:
 * - the stage of a relationship "at the start" is the stage of its latest
 *   lifecycle change dated before S; "at the end", of its latest change
 *   dated before E (changes on one day count in the order they were
 *   recorded). A relationship with no change before a date has no stage
 *   there: it was not yet known.
 * - a relationship is a customer relationship in the stages new, active and
 *   passivating (a drifting customer still buys); suspect and prospect are
 *   not customers yet, passive and ended are lost.
 * - counted: relationships that are customers at the start. Kept: counted
 *   and a customer at the end. Lost: counted and not a customer at the end.
 *   Only the two ends matter: a relationship that went passive and came
 *   back within the quarter is kept.
 * - retention = kept / counted, churn = lost / counted; with nobody counted
 *   both are undefined (null), never 0. Relationships that became customers
 *   during the quarter are listed as gained but not counted.
 *
 * Segments read the relationship's context: the provider's size class, its
 * diversity and its chain position as they are now (the portal keeps no
 * history of them), and its maturity at the quarter's first day (the
 * age-based default, or a person's override when one is set).
 */
import { clv } from "./kpi";
import { DIVERSITIES, MATURITIES, SIZE_CLASSES, type Diversity, type LifecycleStage, type Maturity, type SizeClass } from "./factors";
import { effectiveMaturity } from "./maturity";
import { monthsOfQuarter, nextQuarter } from "./period";

/** Stages in which the customer side is a customer (counted and kept). */
export const CUSTOMER_STAGES: readonly LifecycleStage[] = ["new", "active", "passivating"];

export function isCustomerStage(stage: LifecycleStage | null): boolean {
  return stage !== null && CUSTOMER_STAGES.includes(stage);
}

export type StageChange = { toStage: LifecycleStage; changedOn: string };

/** The quarter as dates: its first day and the first day of the next quarter ('YYYY-MM-DD'). */
export function quarterBounds(quarter: string): { start: string; endExclusive: string } {
  return { start: `${monthsOfQuarter(quarter)[0]}-01`, endExclusive: `${monthsOfQuarter(nextQuarter(quarter))[0]}-01` };
}

/**
 * The stage in effect just before `date`: the latest change dated before it.
 * `history` is in recorded order; it is sorted by date here (stably, so
 * same-day changes keep their order). Null when nothing is dated before.
 */
export function stageBefore(history: readonly StageChange[], date: string): LifecycleStage | null {
  let stage: LifecycleStage | null = null;
  for (const change of sortedHistory(history)) {
    if (change.changedOn >= date) break;
    stage = change.toStage;
  }
  return stage;
}

const sortedCache = new WeakMap<readonly StageChange[], readonly StageChange[]>();
function sortedHistory(history: readonly StageChange[]): readonly StageChange[] {
  let sorted = sortedCache.get(history);
  if (!sorted) {
    sorted = [...history].sort((a, b) => (a.changedOn < b.changedOn ? -1 : a.changedOn > b.changedOn ? 1 : 0));
    sortedCache.set(history, sorted);
  }
  return sorted;
}

// ------------------------------------------------------------------ segments

/** Where a relationship sits relative to its chain's focal company. */
export const CHAIN_POSITIONS = ["supplier", "end_customer", "other"] as const;
export type ChainPosition = (typeof CHAIN_POSITIONS)[number];

export function chainPosition(providerId: number, customerId: number, focalOrganisationId: number): ChainPosition {
  if (customerId === focalOrganisationId) return "supplier";
  if (providerId === focalOrganisationId) return "end_customer";
  return "other";
}

export const SEGMENT_DIMENSIONS = ["all", "position", "size", "maturity", "diversity"] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

/** The segment of every relationship whatever the dimension, and of a provider without a size class. */
export const ALL_SEGMENT = "all";
export const UNKNOWN_SEGMENT = "unknown";

export type KpiRelationship = {
  id: number;
  /** 'YYYY-MM-DD' */
  startDate: string;
  maturityOverride: Maturity | null;
  providerSize: SizeClass | null;
  diversity: Diversity;
  position: ChainPosition;
  history: readonly StageChange[];
};

const VALUES: Record<Exclude<SegmentDimension, "all">, readonly string[]> = {
  position: CHAIN_POSITIONS,
  size: SIZE_CLASSES,
  maturity: MATURITIES,
  diversity: DIVERSITIES,
};

function dateOf(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

/** The segment a relationship falls in for a quarter (maturity is read at the quarter's first day). */
export function segmentOf(r: KpiRelationship, dimension: SegmentDimension, quarter: string): string {
  switch (dimension) {
    case "all":
      return ALL_SEGMENT;
    case "position":
      return r.position;
    case "size":
      return r.providerSize ?? UNKNOWN_SEGMENT;
    case "diversity":
      return r.diversity;
    case "maturity":
      return effectiveMaturity(r.startDate, r.maturityOverride, dateOf(quarterBounds(quarter).start));
  }
}

/**
 * The segments to show, in order: "all" first, then every value of the
 * dimension (also those no relationship falls in: an empty segment says so),
 * then "unknown" when some provider has no size class.
 */
export function segmentsFor(dimension: SegmentDimension, rels: readonly KpiRelationship[]): string[] {
  if (dimension === "all") return [ALL_SEGMENT];
  const values = [...VALUES[dimension]];
  if (dimension === "size" && rels.some((r) => r.providerSize === null)) values.push(UNKNOWN_SEGMENT);
  return [ALL_SEGMENT, ...values];
}

/**
 * The relationships of each segment (segmentsFor) in a quarter: "all" holds
 * every one, each other segment those that fall in it. Computed once per
 * quarter, so a large portfolio is not rescanned for every segment.
 */
function groupBySegment(rels: readonly KpiRelationship[], dimension: SegmentDimension, quarter: string): Map<string, KpiRelationship[]> {
  const groups = new Map<string, KpiRelationship[]>(segmentsFor(dimension, rels).map((s) => [s, []]));
  const all = groups.get(ALL_SEGMENT)!;
  for (const r of rels) {
    all.push(r);
    if (dimension !== "all") groups.get(segmentOf(r, dimension, quarter))?.push(r);
  }
  return groups;
}

// ---------------------------------------------------------- retention, churn

export type RetentionEntry = {
  relationshipId: number;
  stageAtStart: LifecycleStage;
  /** Never null for a counted relationship: its start stage is dated before the end too. */
  stageAtEnd: LifecycleStage;
  kept: boolean;
  /** The latest change within the quarter, if any ('YYYY-MM-DD'). */
  changedOn: string | null;
};

export type RetentionFigure = {
  quarter: string;
  atStart: number;
  kept: number;
  lost: number;
  /** kept / atStart, 0..1; null when nobody was a customer at the start. */
  retention: number | null;
  /** lost / atStart, 0..1; null likewise. */
  churn: number | null;
  /** The relationships counted, lost ones first (they explain the churn). */
  entries: RetentionEntry[];
  /** Relationships that became customers during the quarter: not counted. */
  gained: number[];
};

/** Retention and churn of the given relationships in one quarter, by the rule above. */
export function retentionInQuarter(rels: readonly KpiRelationship[], quarter: string): RetentionFigure {
  const { start, endExclusive } = quarterBounds(quarter);
  const entries: RetentionEntry[] = [];
  const gained: number[] = [];
  for (const r of rels) {
    const atStart = stageBefore(r.history, start);
    const atEnd = stageBefore(r.history, endExclusive);
    if (!isCustomerStage(atStart)) {
      if (isCustomerStage(atEnd)) gained.push(r.id);
      continue;
    }
    const within = sortedHistory(r.history).filter((c) => c.changedOn >= start && c.changedOn < endExclusive);
    entries.push({
      relationshipId: r.id,
      stageAtStart: atStart!,
      stageAtEnd: atEnd!,
      kept: isCustomerStage(atEnd),
      changedOn: within.length > 0 ? within[within.length - 1].changedOn : null,
    });
  }
  entries.sort((a, b) => Number(a.kept) - Number(b.kept) || a.relationshipId - b.relationshipId);
  const kept = entries.filter((e) => e.kept).length;
  const atStart = entries.length;
  return {
    quarter,
    atStart,
    kept,
    lost: atStart - kept,
    retention: atStart === 0 ? null : kept / atStart,
    churn: atStart === 0 ? null : (atStart - kept) / atStart,
    entries,
    gained,
  };
}

export type SegmentSeries<F> = { segment: string; figures: F[] };

/** Retention and churn per segment (see segmentsFor) and quarter. */
export function retentionBySegment(
  rels: readonly KpiRelationship[],
  quarters: readonly string[],
  dimension: SegmentDimension,
): SegmentSeries<RetentionFigure>[] {
  const groups = quarters.map((q) => groupBySegment(rels, dimension, q));
  return segmentsFor(dimension, rels).map((segment) => ({
    segment,
    figures: quarters.map((q, i) => retentionInQuarter(groups[i].get(segment)!, q)),
  }));
}

// ----------------------------------------------------------------------- NPS

/** One recorded monthly value of a metric about a subject (a relationship or an organisation). */
export type MonthlyValue = { subjectId: number; month: string; value: number };

export type NpsEntry = {
  subjectId: number;
  /** The subject's values in the quarter, by month. */
  values: Array<{ month: string; value: number }>;
  /** Their mean: the subject's NPS for the quarter. */
  nps: number;
};

export type NpsFigure = {
  quarter: string;
  /** Mean of the subjects' quarterly NPS (each subject weighs the same); null without values. */
  nps: number | null;
  entries: NpsEntry[];
  /** Values outside -100..100, which no NPS can be: listed, not counted. */
  rejected: MonthlyValue[];
};

type NpsParts = { entries: Map<number, NpsEntry>; rejected: Map<number, MonthlyValue[]> };

/** Every subject's NPS entry in a quarter, and the values rejected, by subject. */
function npsParts(values: readonly MonthlyValue[], quarter: string): NpsParts {
  const months = new Set(monthsOfQuarter(quarter));
  const valid = new Map<number, Array<{ month: string; value: number }>>();
  const rejected = new Map<number, MonthlyValue[]>();
  for (const v of values) {
    if (!months.has(v.month)) continue;
    if (!Number.isFinite(v.value) || v.value < -100 || v.value > 100) {
      rejected.set(v.subjectId, [...(rejected.get(v.subjectId) ?? []), v]);
      continue;
    }
    let list = valid.get(v.subjectId);
    if (!list) valid.set(v.subjectId, (list = []));
    list.push({ month: v.month, value: v.value });
  }
  const entries = new Map<number, NpsEntry>();
  for (const [subjectId, list] of valid) {
    const sorted = [...list].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
    entries.set(subjectId, { subjectId, values: sorted, nps: mean(sorted.map((x) => x.value)) });
  }
  return { entries, rejected };
}

function npsOf(parts: NpsParts, subjectIds: Iterable<number>, quarter: string): NpsFigure {
  const ids = [...new Set(subjectIds)].sort((a, b) => a - b);
  const entries = ids.flatMap((id) => parts.entries.get(id) ?? []);
  const rejected = ids.flatMap((id) => parts.rejected.get(id) ?? []);
  return { quarter, nps: entries.length === 0 ? null : mean(entries.map((e) => e.nps)), entries, rejected };
}

/**
 * NPS of a set of subjects in a quarter from recorded NPS values. The portal
 * stores an NPS per subject and month, not the answers behind it, so a
 * subject's quarterly NPS is the mean of its monthly values and a segment's
 * NPS is the mean over its subjects.
 */
export function npsInQuarter(values: readonly MonthlyValue[], subjectIds: ReadonlySet<number>, quarter: string): NpsFigure {
  return npsOf(npsParts(values, quarter), subjectIds, quarter);
}

/** NPS per segment and quarter from the relationships' recorded NPS values. */
export function npsBySegment(
  rels: readonly KpiRelationship[],
  values: readonly MonthlyValue[],
  quarters: readonly string[],
  dimension: SegmentDimension,
): SegmentSeries<NpsFigure>[] {
  const groups = quarters.map((q) => groupBySegment(rels, dimension, q));
  const parts = quarters.map((q) => npsParts(values, q));
  return segmentsFor(dimension, rels).map((segment) => ({
    segment,
    figures: quarters.map((q, i) =>
      npsOf(
        parts[i],
        groups[i].get(segment)!.map((r) => r.id),
        q,
      ),
    ),
  }));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

// ------------------------------------------------------- CLV, customer equity

/** Per year: the discount rate as a fraction (0.1 = 10 %), the acquisition cost in EUR. */
export type ClvParams = { discountRate: number; acquisitionCost: number };

export const DEFAULT_CLV_PARAMS: ClvParams = { discountRate: 0.1, acquisitionCost: 0 };

/** The twelve months that end with the quarter's last month: the CLV inputs' window. */
export function clvWindow(quarter: string): string[] {
  const last = monthsOfQuarter(quarter)[2];
  let y = Number(last.slice(0, 4));
  let m = Number(last.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    out.unshift(`${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

export type ClvExclusion = "not_customer" | "no_margin" | "no_retention" | "retention_out_of_range" | "diverges";

export type ClvEntry = {
  relationshipId: number;
  /** The relationship's stage at the end of the quarter. */
  stage: LifecycleStage | null;
  margins: Array<{ month: string; value: number }>;
  retentions: Array<{ month: string; value: number }>;
  /** m: sum of the recorded monthly margins × 12 / the months recorded (EUR per year). */
  annualMargin: number | null;
  /** r: mean of the recorded retention rates, as a fraction. */
  retention: number | null;
  clv: number | null;
  /** Why the relationship is not counted; null when it is. */
  excluded: ClvExclusion | null;
};

export type EquityFigure = {
  quarter: string;
  /** Sum of CLV over the counted relationships; null when none is counted. */
  equity: number | null;
  /** equity / counted. */
  meanClv: number | null;
  counted: number;
  /** Counted ones first, then the excluded with their reason. */
  entries: ClvEntry[];
};

/** The values of each subject within the window, by month; grouped once so a large set is not scanned per subject. */
function bySubjectIn(values: readonly MonthlyValue[], window: ReadonlySet<string>): Map<number, Array<{ month: string; value: number }>> {
  const out = new Map<number, Array<{ month: string; value: number }>>();
  for (const v of values) {
    if (!window.has(v.month) || !Number.isFinite(v.value)) continue;
    let list = out.get(v.subjectId);
    if (!list) out.set(v.subjectId, (list = []));
    list.push({ month: v.month, value: v.value });
  }
  for (const list of out.values()) list.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  return out;
}

/** Each relationship's CLV entry at the end of the quarter; null for one that is neither a customer nor has data. */
function clvEntries(
  rels: readonly KpiRelationship[],
  margins: readonly MonthlyValue[],
  retentions: readonly MonthlyValue[],
  quarter: string,
  params: ClvParams,
): Map<number, ClvEntry | null> {
  const window = new Set(clvWindow(quarter));
  const { endExclusive } = quarterBounds(quarter);
  const marginsOf = bySubjectIn(margins, window);
  const retentionsOf = bySubjectIn(retentions, window);
  const out = new Map<number, ClvEntry | null>();
  for (const r of rels) {
    const stage = stageBefore(r.history, endExclusive);
    const m = marginsOf.get(r.id) ?? [];
    const ret = retentionsOf.get(r.id) ?? [];
    const customer = isCustomerStage(stage);
    if (!customer && m.length === 0 && ret.length === 0) {
      out.set(r.id, null);
      continue;
    }
    const annualMargin = m.length === 0 ? null : (m.reduce((s, x) => s + x.value, 0) * 12) / m.length;
    const retention = ret.length === 0 ? null : mean(ret.map((x) => x.value)) / 100;
    let excluded: ClvExclusion | null = null;
    let value: number | null = null;
    if (!customer) excluded = "not_customer";
    else if (annualMargin === null) excluded = "no_margin";
    else if (retention === null) excluded = "no_retention";
    else if (retention < 0 || retention > 1) excluded = "retention_out_of_range";
    else {
      try {
        value = clv({ margin: annualMargin, retention, discountRate: params.discountRate, acquisitionCost: params.acquisitionCost });
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        excluded = "diverges";
      }
    }
    out.set(r.id, { relationshipId: r.id, stage, margins: m, retentions: ret, annualMargin, retention, clv: value, excluded });
  }
  return out;
}

function equityOf(entriesOf: Map<number, ClvEntry | null>, rels: readonly KpiRelationship[], quarter: string): EquityFigure {
  const entries = rels.flatMap((r) => entriesOf.get(r.id) ?? []);
  entries.sort((a, b) => Number(a.excluded !== null) - Number(b.excluded !== null) || a.relationshipId - b.relationshipId);
  const counted = entries.filter((e) => e.excluded === null);
  const equity = counted.length === 0 ? null : counted.reduce((s, e) => s + e.clv!, 0);
  return { quarter, equity, meanClv: equity === null ? null : equity / counted.length, counted: counted.length, entries };
}

/**
 * CLV of each relationship and the customer equity of the set, as of the end
 * of `quarter`, per year: CLV = m × r / (1 + i − r) − AC with m the annual
 * margin and r the retention rate recorded in the twelve months to the end
 * of the quarter. Customer equity sums CLV over the relationships that are
 * customers at the end of the quarter and have both inputs; the others are
 * listed with the reason they are left out.
 */
export function equityInQuarter(
  rels: readonly KpiRelationship[],
  margins: readonly MonthlyValue[],
  retentions: readonly MonthlyValue[],
  quarter: string,
  params: ClvParams,
): EquityFigure {
  return equityOf(clvEntries(rels, margins, retentions, quarter, params), rels, quarter);
}

/** Customer equity per segment, as of the end of `quarter`. */
export function equityBySegment(
  rels: readonly KpiRelationship[],
  margins: readonly MonthlyValue[],
  retentions: readonly MonthlyValue[],
  quarter: string,
  dimension: SegmentDimension,
  params: ClvParams,
): Array<{ segment: string; figure: EquityFigure }> {
  const entriesOf = clvEntries(rels, margins, retentions, quarter, params);
  const groups = groupBySegment(rels, dimension, quarter);
  return segmentsFor(dimension, rels).map((segment) => ({ segment, figure: equityOf(entriesOf, groups.get(segment)!, quarter) }));
}
