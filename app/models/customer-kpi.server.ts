/**
 * Customer KPIs from the portal's own data: loads what
 * the acting user may see, in SQL, and hands it to app/domain/customer-kpi.ts.
 *
 * - Relationships: those visible to the user (visibleRelationshipCondition:
 *   their organisations' relationships, the chains they lead, everything for
 *   a platform administrator), optionally of one chain; a chain the user may
 *   not open is a 404.
 * - Lifecycle history: the stage changes of those relationships.
 * - Measurements of the metrics keyed `nps`, `margin` and `retention` (the
 *   catalogue's or an organisation's own), only those the user may see
 *   (visibleMeasurementCondition: recorded by their organisation or shared
 *   with it), and only of those relationships. Organisation-level NPS (a
 *   measurement about an organisation, not a relationship) is kept apart.
 */
import { and, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { chains, lifecycleEvents, measurements, metricDefinitions, organisations, relationships } from "../../db/tables";
import { db } from "../db.server";
import {
  chainPosition,
  clvWindow,
  equityBySegment,
  npsBySegment,
  npsInQuarter,
  retentionBySegment,
  type ClvParams,
  type EquityFigure,
  type KpiRelationship,
  type MonthlyValue,
  type NpsFigure,
  type RetentionFigure,
  type SegmentDimension,
  type SegmentSeries,
  type StageChange,
} from "../domain/customer-kpi";
import type { Diversity, LifecycleStage, Maturity, SizeClass } from "../domain/factors";
import { monthsOfQuarter, previousQuarter, quarterOf, quarterRange } from "../domain/period";
import { denyAccess, visibleChainCondition, visibleRelationshipCondition } from "./access.server";
import { visibleMeasurementCondition } from "./metric-access.server";
import type { ActingUser } from "./user.server";
import { customer, provider } from "./visible-relationships.server";

/** The quarters shown: this many, ending with the chosen one. */
export const KPI_QUARTERS = 6;

/**
 * A figure lists at most this many inputs (relationships, organisations);
 * the rest are counted as omitted. The figure itself is computed from all.
 */
export const KPI_INPUT_LIMIT = 50;

/** Catalogue keys of the metrics the figures are computed from. */
export const KPI_METRIC_KEYS = { nps: "nps", margin: "margin", retention: "retention" } as const;

export type KpiOptions = {
  /** The last quarter shown ('YYYY-Qn'). */
  to: string;
  dimension: SegmentDimension;
  chainId: number | null;
  clv: ClvParams;
};

export type KpiRelationshipLabel = { id: number; providerName: string; customerName: string; serviceName: string };

/** A figure with its listed inputs cut to the limit; `omitted` says how many more it was computed from. */
export type Listed<F> = F & { omitted: number };

export type CustomerKpis = {
  quarters: string[];
  to: string;
  dimension: SegmentDimension;
  chainId: number | null;
  clv: ClvParams;
  /** How many relationships the user sees in scope (the figures are computed over these). */
  relationshipCount: number;
  /** Labels of the relationships the listed inputs name. */
  relationships: KpiRelationshipLabel[];
  retention: SegmentSeries<Listed<RetentionFigure> & { gainedCount: number }>[];
  nps: {
    /** Metrics keyed `nps` with values the user may see in the shown months, by name. */
    metrics: MetricName[];
    segments: SegmentSeries<Listed<NpsFigure>>[];
    organisations: Array<{ id: number; name: string; figures: Listed<NpsFigure>[] }>;
  };
  equity: {
    window: string[];
    marginMetrics: MetricName[];
    retentionMetrics: MetricName[];
    segments: Array<{ segment: string; figure: Listed<EquityFigure> }>;
  };
};

export type MetricName = { id: number; nameFi: string; nameEn: string };

/** The latest completed quarter: the default and the latest one shown. */
export function latestCompletedQuarter(asOf = new Date()): string {
  return previousQuarter(quarterOf(asOf));
}

/** The quarters offered in the filter: the latest completed ones, newest first. */
export function kpiQuarterChoices(asOf = new Date(), count = 12): string[] {
  const out = [latestCompletedQuarter(asOf)];
  while (out.length < count) out.push(previousQuarter(out[out.length - 1]));
  return out;
}

/** Chains the user may open, for the chain filter. */
export async function kpiChainChoices(user: ActingUser): Promise<Array<{ id: number; name: string }>> {
  return await db().select({ id: chains.id, name: chains.name }).from(chains).where(visibleChainCondition(user)).orderBy(asc(chains.name)).all();
}

export async function customerKpis(user: ActingUser, options: KpiOptions, inputLimit = KPI_INPUT_LIMIT): Promise<CustomerKpis> {
  const database = db();
  if (options.chainId !== null) {
    const chain = await database
      .select({ id: chains.id })
      .from(chains)
      .where(and(eq(chains.id, options.chainId), visibleChainCondition(user)))
      .get();
    if (!chain) return denyAccess(user, "chain", options.chainId);
  }
  const inScope = and(visibleRelationshipCondition(user), options.chainId === null ? undefined : eq(relationships.chainId, options.chainId));

  const rows = await database
    .select({
      id: relationships.id,
      startDate: relationships.startDate,
      maturityOverride: relationships.maturityOverride,
      diversity: relationships.diversity,
      providerId: relationships.providerId,
      customerId: relationships.customerId,
      serviceName: relationships.serviceName,
      providerName: provider.name,
      customerName: customer.name,
      providerSize: provider.sizeClass,
      focalId: chains.focalOrganisationId,
    })
    .from(relationships)
    .innerJoin(chains, eq(chains.id, relationships.chainId))
    .innerJoin(provider, eq(provider.id, relationships.providerId))
    .innerJoin(customer, eq(customer.id, relationships.customerId))
    .where(inScope)
    .orderBy(asc(provider.name), asc(customer.name), asc(relationships.id))
    .all();

  const history = new Map<number, StageChange[]>();
  const events = await database
    .select({ relationshipId: lifecycleEvents.relationshipId, toStage: lifecycleEvents.toStage, changedOn: lifecycleEvents.changedOn })
    .from(lifecycleEvents)
    .innerJoin(relationships, eq(relationships.id, lifecycleEvents.relationshipId))
    .where(inScope)
    .orderBy(asc(lifecycleEvents.relationshipId), asc(lifecycleEvents.changedOn), asc(lifecycleEvents.id))
    .all();
  for (const e of events) {
    let list = history.get(e.relationshipId);
    if (!list) history.set(e.relationshipId, (list = []));
    list.push({ toStage: e.toStage as LifecycleStage, changedOn: e.changedOn });
  }

  const rels: KpiRelationship[] = rows.map((r) => ({
    id: r.id,
    startDate: r.startDate,
    maturityOverride: r.maturityOverride as Maturity | null,
    providerSize: r.providerSize as SizeClass | null,
    diversity: r.diversity as Diversity,
    position: chainPosition(r.providerId, r.customerId, r.focalId),
    history: history.get(r.id) ?? [],
  }));

  let first = options.to;
  for (let i = 1; i < KPI_QUARTERS; i++) first = previousQuarter(first);
  const quarters = quarterRange(first, options.to);
  const window = clvWindow(options.to);
  const firstMonth = [monthsOfQuarter(quarters[0])[0], window[0]].sort()[0];
  const lastMonth = monthsOfQuarter(options.to)[2];

  // Metric ids by key first, so the measurement query walks the (metric, relationship, month) index.
  const defs = await database
    .select({ id: metricDefinitions.id, key: metricDefinitions.key, nameFi: metricDefinitions.nameFi, nameEn: metricDefinitions.nameEn })
    .from(metricDefinitions)
    .where(inArray(metricDefinitions.key, Object.values(KPI_METRIC_KEYS)))
    .all();
  const keyOf = new Map(defs.map((d) => [d.id, d.key]));

  const values =
    defs.length === 0
      ? []
      : await database
          .select({ metricId: measurements.metricId, subjectId: measurements.relationshipId, month: measurements.month, value: measurements.value })
          .from(measurements)
          .innerJoin(relationships, eq(relationships.id, measurements.relationshipId))
          .where(
            and(
              inArray(measurements.metricId, [...keyOf.keys()]),
              gte(measurements.month, firstMonth),
              lte(measurements.month, lastMonth),
              inScope,
              visibleMeasurementCondition(user),
            ),
          )
          .all();
  const byKey = (key: string, months?: ReadonlySet<string>): MonthlyValue[] =>
    values
      .filter((v) => keyOf.get(v.metricId) === key && (!months || months.has(v.month)))
      .map((v) => ({ subjectId: v.subjectId!, month: v.month, value: v.value }));
  const metricsWith = (key: string, months: ReadonlySet<string>): MetricName[] => {
    const used = new Set(values.filter((v) => keyOf.get(v.metricId) === key && months.has(v.month)).map((v) => v.metricId));
    return defs.filter((d) => used.has(d.id)).map(({ id, nameFi, nameEn }) => ({ id, nameFi, nameEn }));
  };

  const shownMonths = new Set(quarters.flatMap((q) => monthsOfQuarter(q)));
  const windowMonths = new Set(window);
  const nps = byKey(KPI_METRIC_KEYS.nps);
  const margins = byKey(KPI_METRIC_KEYS.margin, windowMonths);
  const retentions = byKey(KPI_METRIC_KEYS.retention, windowMonths);

  const organisationNps = await organisationNpsValues(
    user,
    options.chainId,
    [...keyOf].filter(([, k]) => k === KPI_METRIC_KEYS.nps).map(([id]) => id),
    firstMonth,
    lastMonth,
  );
  const orgNames = new Map(organisationNps.map((v) => [v.subjectId, v.name]));

  // Every figure is computed from all its inputs; only the first `inputLimit` are listed.
  const named = new Set<number>();
  const list = <T>(items: T[], idOf: (item: T) => number): T[] => {
    const shown = items.slice(0, inputLimit);
    for (const item of shown) named.add(idOf(item));
    return shown;
  };
  const retention = retentionBySegment(rels, quarters, options.dimension).map((s) => ({
    segment: s.segment,
    figures: s.figures.map((f) => ({
      ...f,
      entries: list(f.entries, (e) => e.relationshipId),
      gained: list(f.gained, (id) => id),
      gainedCount: f.gained.length,
      omitted: Math.max(0, f.entries.length - inputLimit),
    })),
  }));
  const listNps = (f: NpsFigure, relationshipsNamed: boolean): Listed<NpsFigure> => ({
    ...f,
    entries: relationshipsNamed ? list(f.entries, (e) => e.subjectId) : f.entries.slice(0, inputLimit),
    rejected: relationshipsNamed ? list(f.rejected, (v) => v.subjectId) : f.rejected.slice(0, inputLimit),
    omitted: Math.max(0, f.entries.length - inputLimit),
  });
  const npsSegments = npsBySegment(rels, nps, quarters, options.dimension).map((s) => ({
    segment: s.segment,
    figures: s.figures.map((f) => listNps(f, true)),
  }));
  const equitySegments = equityBySegment(rels, margins, retentions, options.to, options.dimension, options.clv).map((s) => ({
    segment: s.segment,
    figure: { ...s.figure, entries: list(s.figure.entries, (e) => e.relationshipId), omitted: Math.max(0, s.figure.entries.length - inputLimit) },
  }));

  return {
    quarters,
    to: options.to,
    dimension: options.dimension,
    chainId: options.chainId,
    clv: options.clv,
    relationshipCount: rows.length,
    relationships: rows
      .filter((r) => named.has(r.id))
      .map((r) => ({ id: r.id, providerName: r.providerName, customerName: r.customerName, serviceName: r.serviceName })),
    retention,
    nps: {
      metrics: metricsWith(KPI_METRIC_KEYS.nps, shownMonths),
      segments: npsSegments,
      organisations: [...orgNames]
        .sort((a, b) => a[1].localeCompare(b[1], "fi"))
        .map(([id, name]) => ({ id, name, figures: quarters.map((q) => listNps(npsInQuarter(organisationNps, new Set([id]), q), false)) })),
    },
    equity: {
      window,
      marginMetrics: metricsWith(KPI_METRIC_KEYS.margin, windowMonths),
      retentionMetrics: metricsWith(KPI_METRIC_KEYS.retention, windowMonths),
      segments: equitySegments,
    },
  };
}

/**
 * NPS recorded about whole organisations that the user may see; with a chain
 * chosen, only of organisations that are a party in the user's visible
 * relationships of that chain, or its focal company.
 */
async function organisationNpsValues(
  user: ActingUser,
  chainId: number | null,
  metricIds: number[],
  firstMonth: string,
  lastMonth: string,
): Promise<Array<MonthlyValue & { name: string }>> {
  if (metricIds.length === 0) return [];
  const inChain =
    chainId === null
      ? undefined
      : or(
          sql`${measurements.subjectOrganisationId} in (select ${chains.focalOrganisationId} from ${chains} where ${chains.id} = ${chainId})`,
          sql`${measurements.subjectOrganisationId} in (
            select ${relationships.providerId} from ${relationships} where ${relationships.chainId} = ${chainId} and ${visibleRelationshipCondition(user)}
            union
            select ${relationships.customerId} from ${relationships} where ${relationships.chainId} = ${chainId} and ${visibleRelationshipCondition(user)})`,
        );
  return (
    await db()
      .select({ subjectId: measurements.subjectOrganisationId, name: organisations.name, month: measurements.month, value: measurements.value })
      .from(measurements)
      .innerJoin(organisations, eq(organisations.id, measurements.subjectOrganisationId))
      .where(
        and(
          inArray(measurements.metricId, metricIds),
          isNull(measurements.relationshipId),
          isNotNull(measurements.subjectOrganisationId),
          gte(measurements.month, firstMonth),
          lte(measurements.month, lastMonth),
          inChain,
          visibleMeasurementCondition(user),
        ),
      )
      .all()
  ).map((r) => ({ subjectId: r.subjectId!, name: r.name, month: r.month, value: r.value }));
}
