/**
 * Loads the partner comparison for the acting user, in a handful
 * of set-based queries whatever the number of partners:
 *   1. the picked relationships with both parties and the chain, scoped by
 *      visibleRelationships (visible-relationships.server.ts);
 *   2. the quarters that have submitted assessments for them;
 *   3. submittedPerformance for the side the view reads (all three for the
 *      perception gap: customer, provider, pooled) for the
 *      chosen quarter and the one before it;
 *   and the active importance model (cached). The pure work is in
 *   app/domain/compare.ts.
 *
 * Scope: ids in the URL that the user may not see are DROPPED, exactly like
 * ids that do not exist, so a shared link never shows (or confirms) another
 * tenant's relationships; the page says that some linked partners are not
 * available, without saying which or why.
 */
import { and, eq, inArray, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { assessments, chains, relationships } from "../../db/tables";
import { db } from "../db.server";
import {
  MAX_PARTNERS,
  MIN_PARTNERS,
  PERFORMANCE_SIDES,
  buildComparison,
  comparisonGrid,
  comparisonTable,
  latestQuarter,
  type Comparison,
  type ComparisonTable,
  type PartnerInput,
  type PerformanceByQuarter,
  type PerformanceSide,
  type SizeGroup,
  type Translate,
} from "../domain/compare";
import { type CompareState } from "../domain/compare-url";
import type { AssessmentSide, Criticality, LifecycleStage, Maturity, SizeClass } from "../domain/factors";
import { effectiveMaturity } from "../domain/maturity";
import type { ImportanceModel } from "../domain/importance-model";
import { previousQuarter, quarterOf } from "../domain/period";
import type { FactorPerformance } from "../domain/scoring";
import type { Locale } from "../i18n/locale";
import { exportFile, type ExportFile, type ExportFormat } from "../http/export.server";
import { asc, desc, likeIgnoringCase } from "../../db/dialect";
import { visibleChainCondition } from "./access.server";
import { audit } from "./audit.server";
import { activeImportanceModel, relationshipContext, submittedPerformance } from "./scoring.server";
import { calendarNow, type ActingUser } from "./user.server";
import { customer, provider, visibleRelationships, type RelationshipRow } from "./visible-relationships.server";

const SIDE_FILTER: Record<PerformanceSide, AssessmentSide[] | undefined> = {
  both: undefined,
  customer: ["customer"],
  provider: ["provider"],
};

/** The partner is the party that is not the chain's focal company. */
function partnerOf(row: Pick<RelationshipRow, "focalId" | "providerId" | "customerId" | "providerName" | "customerName">) {
  if (row.customerId === row.focalId) return { name: row.providerName, role: "supplier" as const };
  if (row.providerId === row.focalId) return { name: row.customerName, role: "customer" as const };
  return { name: `${row.providerName} → ${row.customerName}`, role: "other" as const };
}

/** Quarters with at least one submitted assessment for these (already scoped) relationships, newest first. */
export async function assessedQuarters(relationshipIds: number[]): Promise<string[]> {
  if (relationshipIds.length === 0) return [];
  return (
    await db()
      .selectDistinct({ period: assessments.period })
      .from(assessments)
      .where(and(inArray(assessments.relationshipId, relationshipIds), eq(assessments.status, "submitted")))
      .orderBy(desc(assessments.period))
      .all()
  ).map((r) => r.period);
}

/**
 * Builds the domain input of each (already scoped) relationship: context
 * and performance per side for `quarters`. Three grouped queries in all.
 */
export async function partnerInputs(
  rows: RelationshipRow[],
  quarters: string[],
  asOf: Date,
  sides: readonly PerformanceSide[] = PERFORMANCE_SIDES,
  given?: Pick<ImportanceModel, "startupYears">,
): Promise<PartnerInput[]> {
  const model = given ?? (await activeImportanceModel());
  const ids = rows.map((r) => r.id);
  // Only the sides the view reads are queried; the others stay empty (they would read as "no data").
  const bySide = Object.fromEntries(
    await Promise.all(
      PERFORMANCE_SIDES.map(async (side) => [
        side,
        quarters.length && sides.includes(side) ? await submittedPerformance(ids, { sides: SIDE_FILTER[side], periods: quarters }) : new Map(),
      ]),
    ),
  ) as Record<PerformanceSide, Map<number, Map<string, FactorPerformance>>>;
  return rows.map((r) => {
    const context = relationshipContext(r, asOf, model);
    const partner = partnerOf(r);
    const performance = Object.fromEntries(
      PERFORMANCE_SIDES.map((side) => [side, Object.fromEntries(bySide[side].get(r.id) ?? []) as PerformanceByQuarter]),
    ) as Record<PerformanceSide, PerformanceByQuarter>;
    return {
      id: r.id,
      name: partner.name,
      role: partner.role,
      serviceName: r.serviceName,
      providerName: r.providerName,
      customerName: r.customerName,
      chainId: r.chainId,
      chainName: r.chainName,
      sizeClass: r.providerSizeClass,
      stage: r.stage,
      context: {
        sizeClass: context.sizeClass,
        startup: context.startup,
        referenceCustomer: context.referenceCustomer,
        maturity: context.maturity,
        diversity: context.diversity,
        criticality: context.criticality,
      },
      performance,
    };
  });
}

/** The performance sides a view reads: the gap needs both sides and the pooled score. */
export function sidesFor(side: CompareState["side"]): PerformanceSide[] {
  return side === "gap" ? [...PERFORMANCE_SIDES] : [side];
}

/**
 * The quarter to show: the requested one when given, else the latest
 * completed quarter with data, else the latest with data (null when none).
 * The quarter in progress holds only the first few assessments, so opening
 * on it would compare one partner with nobody.
 */
export function chooseQuarter(requested: string | null, available: string[], asOf = new Date()): string | null {
  if (requested) return requested;
  const current = quarterOf(asOf);
  return latestQuarter(available.filter((q) => q < current)) ?? latestQuarter(available);
}

export type ComparisonResult = {
  /** The picked ids the user may see, in the order given. */
  pickedIds: number[];
  /** How many ids of the link were left out (unknown or not visible: the same to the user). */
  unavailable: number;
  /** Fewer than MIN_PARTNERS visible partners picked. */
  tooFew: boolean;
  quarter: string | null;
  /** The quarter in progress (as of the request, in the user's calendar): its data is still coming in. */
  currentQuarter: string;
  /** Quarters with data for the picked partners, newest first (plus the requested one). */
  quarters: string[];
  comparison: Comparison;
  table: ComparisonTable;
  model: ImportanceModel;
};

/** The comparison of the picked relationships, scoped to the user. The function the benchmark times. */
export async function compareRelationships(user: ActingUser, state: CompareState, asOf = calendarNow(user)): Promise<ComparisonResult> {
  const requested = state.ids.slice(0, MAX_PARTNERS);
  const rows = requested.length ? await visibleRelationships(user).rows(inArray(relationships.id, requested)).all() : [];
  const order = new Map(requested.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const ids = rows.map((r) => r.id);

  const available = await assessedQuarters(ids);
  const quarter = chooseQuarter(state.quarter, available, asOf);
  const quarters = quarter && !available.includes(quarter) ? [quarter, ...available].sort().reverse() : available;
  const model = await activeImportanceModel();
  const tooFew = ids.length < MIN_PARTNERS;
  // Fewer than two partners is not a comparison: the page shows a hint and nothing else.
  const inputs = tooFew ? [] : await partnerInputs(rows, quarter ? [quarter, previousQuarter(quarter)] : [], asOf, sidesFor(state.side), model);
  const comparison = buildComparison(
    inputs,
    {
      quarter,
      side: state.side,
      filters: { sizes: state.sizes, maturities: state.maturities, diversities: state.diversities, stages: state.stages },
      group: state.group,
      sort: state.sort,
    },
    model,
  );
  return {
    pickedIds: ids,
    unavailable: requested.length - ids.length,
    tooFew,
    quarter,
    currentQuarter: quarterOf(asOf),
    quarters,
    comparison,
    table: comparisonTable(comparison),
    model,
  };
}

// ------------------------------------------------------------------ the picker

export type PickerOption = {
  id: number;
  name: string;
  role: PartnerInput["role"];
  serviceName: string;
  chainName: string;
  sizeGroup: SizeGroup;
  maturity: Maturity;
  stage: LifecycleStage;
  criticality: Criticality;
};

export type Picker = {
  chains: Array<{ id: number; name: string }>;
  options: PickerOption[];
  /** More relationships match than PICKER_LIMIT: the user should narrow the search. */
  truncated: boolean;
};

export const PICKER_LIMIT = 100;

/**
 * Relationships the user may pick, narrowed by chain and a text search, at
 * most PICKER_LIMIT (ordered by chain and partner name), plus the already
 * picked ones so their boxes stay ticked whatever the search.
 */
export async function pickableRelationships(user: ActingUser, state: Pick<CompareState, "chain" | "find" | "ids">, asOf = calendarNow(user)): Promise<Picker> {
  const visibleChains = await db().select({ id: chains.id, name: chains.name }).from(chains).where(visibleChainCondition(user)).orderBy(asc(chains.name)).all();
  const partnerName = sql<string>`case when ${relationships.customerId} = ${chains.focalOrganisationId} then ${provider.name}
    when ${relationships.providerId} = ${chains.focalOrganisationId} then ${customer.name} else ${provider.name} end`;
  const conditions: SQL[] = [];
  if (state.chain !== null) conditions.push(eq(relationships.chainId, state.chain));
  if (state.find) {
    const pattern = `%${state.find.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const likeEscaped = (col: AnyColumn) => likeIgnoringCase(col, pattern);
    conditions.push(or(likeEscaped(provider.name), likeEscaped(customer.name), likeEscaped(relationships.serviceName))!);
  }
  // Up to a hundred rows on every compare request: read raw (no ORM row mapping), only what an option shows.
  const visible = visibleRelationships(user);
  const rows = (await visible.raw(PICKER_COLUMNS, {
    where: conditions,
    orderBy: [asc(chains.name), asc(partnerName), asc(relationships.serviceName), asc(relationships.id)],
    limit: PICKER_LIMIT + 1,
  })) as PickerRow[];
  const truncated = rows.length > PICKER_LIMIT;
  const listed = rows.slice(0, PICKER_LIMIT);
  const listedIds = new Set(listed.map((r) => r[0]));
  const missing = state.ids.filter((id) => !listedIds.has(id));
  const picked = missing.length ? ((await visible.raw(PICKER_COLUMNS, { where: [inArray(relationships.id, missing)] })) as PickerRow[]) : [];
  const option = ([
    id,
    serviceName,
    chainName,
    focalId,
    providerId,
    providerName,
    customerId,
    customerName,
    sizeClass,
    stage,
    startDate,
    maturityOverride,
    criticality,
  ]: PickerRow): PickerOption => {
    const partner = partnerOf({ focalId, providerId, customerId, providerName, customerName });
    return {
      id,
      name: partner.name,
      role: partner.role,
      serviceName,
      chainName,
      sizeGroup: sizeClass ?? "unknown",
      // As relationshipContext reads it: start_date is NOT NULL, so a maturity always exists.
      maturity: effectiveMaturity(startDate, maturityOverride, asOf),
      stage,
      criticality,
    };
  };
  return { chains: visibleChains, options: [...picked.map(option), ...listed.map(option)], truncated };
}

/** The columns a picker option reads, in the order of PickerRow. */
const PICKER_COLUMNS = {
  id: relationships.id,
  serviceName: relationships.serviceName,
  chainName: chains.name,
  focalId: chains.focalOrganisationId,
  providerId: provider.id,
  providerName: provider.name,
  customerId: customer.id,
  customerName: customer.name,
  providerSizeClass: provider.sizeClass,
  stage: relationships.lifecycleStage,
  startDate: relationships.startDate,
  maturityOverride: relationships.maturityOverride,
  criticality: relationships.criticality,
};

type PickerRow = [
  id: number,
  serviceName: string,
  chainName: string,
  focalId: number,
  providerId: number,
  providerName: string,
  customerId: number,
  customerName: string,
  providerSizeClass: SizeClass | null,
  stage: LifecycleStage,
  startDate: string,
  maturityOverride: Maturity | null,
  criticality: Criticality,
];

/** Everything the compare page needs: the picker and the comparison. */
export async function getCompareView(user: ActingUser, state: CompareState, asOf = calendarNow(user)) {
  return { picker: await pickableRelationships(user, state, asOf), result: await compareRelationships(user, state, asOf) };
}

// ------------------------------------------------------------------ exports

/** The comparison as a file, built from the same table as the page. */
export async function exportComparison(
  user: ActingUser,
  state: CompareState,
  format: ExportFormat,
  i18n: { t: Translate; locale: Locale; quarterLabel: (q: string) => string },
  asOf = calendarNow(user),
): Promise<ExportFile> {
  const result = await compareRelationships(user, state, asOf);
  const { t } = i18n;
  const title = [t("compare.title"), result.quarter ? i18n.quarterLabel(result.quarter) : t("compare.noQuarter"), t(`compare.side.${state.side}`)].join(" · ");
  const grid = comparisonGrid(result.table, t, { title });
  await audit({
    action: "compare.export",
    actorUserId: user.id,
    entityType: "relationship",
    entityId: result.pickedIds.join(","),
    after: { format, quarter: result.quarter, side: state.side },
  });
  const stamp = result.quarter ?? "no-quarter";
  return exportFile([grid], format, {
    locale: i18n.locale,
    creator: t("app.name"),
    filename: `comparison-${stamp}-${state.side}`,
    sheetNames: [t("compare.export.sheet")],
  });
}
