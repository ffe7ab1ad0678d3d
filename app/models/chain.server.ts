import { and, count, eq, ne, or, sql, type SQL } from "drizzle-orm";
import { chains, organisations, relationships } from "../../db/tables";
import { db } from "../db.server";
import { LIFECYCLE_STAGES, type Criticality, type Diversity, type LifecycleStage, type Maturity, type SizeClass } from "../domain/factors";
import { CHAIN_COLUMNS, CHAIN_PAGE_SIZE, type ChainColumnKey, type ChainSort } from "../domain/chain-view";
import type { AttentionKind } from "../domain/attention";
import type { ScoreBandKey, ScoreBands } from "../domain/score-bands";
import { quarterOf } from "../domain/period";
import { isStartup } from "../domain/size-class";
import { asc, likeIgnoringCase } from "../../db/dialect";
import { denyAccess, visibleChainCondition } from "./access.server";
import { relationshipStatuses, statusPerformance, type SidePerformance } from "./relationship-status.server";
import { activeImportanceModel, latestScore, noPerformance, relationshipContext, type PerformanceByPeriod } from "./scoring.server";
import { calendarNow, type ActingUser } from "./user.server";
import { customer, provider, visibleRelationships, type RelationshipRow } from "./visible-relationships.server";

export type ChainSummary = {
  id: number;
  name: string;
  description: string | null;
  focalName: string;
  relationshipCount: number;
};

/** Chains the user may open, with the number of relationships in each that the user may see. */
export async function listVisibleChains(user: ActingUser): Promise<ChainSummary[]> {
  const visibleCount = visibleRelationships(user)
    .select({ chainId: relationships.chainId, n: count().as("n") })
    .groupBy(relationships.chainId)
    .as("visible_count");
  return await db()
    .select({
      id: chains.id,
      name: chains.name,
      description: chains.description,
      focalName: organisations.name,
      relationshipCount: sql<number>`coalesce(${visibleCount.n}, 0)`,
    })
    .from(chains)
    .innerJoin(organisations, eq(organisations.id, chains.focalOrganisationId))
    .leftJoin(visibleCount, eq(visibleCount.chainId, chains.id))
    .where(visibleChainCondition(user))
    .orderBy(asc(chains.name))
    .all();
}

export type PartyView = { id: number; name: string; sizeClass: SizeClass | null; startup: boolean };

/** The latest score in brief; its explanation lives on the relationship page. */
export type ChainScore = { value: number | null; period: string; attentionPriority: number | null; band: ScoreBandKey | null };

export type ChainRelationshipView = {
  id: number;
  serviceName: string;
  provider: PartyView;
  customer: PartyView;
  stage: LifecycleStage;
  maturity: Maturity;
  diversity: Diversity;
  criticality: Criticality;
  referenceCustomer: boolean;
  score: ChainScore | null;
  /** Why the relationship needs attention (the rules of home and the relationship page); empty when it does not. */
  needsAttention: AttentionKind[];
  /** A poor score on a high or critical service awaits a development action. */
  actionRequired: boolean;
};

/** One page of a column, with the counts the pager and "showing 1–25 of 100" need. */
export type ChainColumn = {
  /** Relationships the user may see in this column, before the search. */
  total: number;
  /** Of those, the ones that match the search (= total without a search). */
  matching: number;
  page: number;
  pageCount: number;
  /** Index of the first row on this page (0-based). */
  offset: number;
  rows: ChainRelationshipView[];
};

export type ChainViewOptions = {
  /** Matches the counterpart's name or the service name, case-insensitively (Finnish letters too). */
  q?: string;
  sort?: ChainSort;
  /** 1-based page per column; out of range is clamped. */
  pages?: Partial<Record<ChainColumnKey, number>>;
  pageSize?: number;
};

export type ChainView = {
  id: number;
  name: string;
  description: string | null;
  focal: { id: number; name: string };
  /** The scoring model version every score of the view comes from. */
  modelVersion: number;
  q: string;
  sort: ChainSort;
  pageSize: number;
  /** The model's score bands: what the score colours mean. */
  bands: ScoreBands;
  upstream: ChainColumn;
  downstream: ChainColumn;
  other: ChainColumn;
};

/** "äly" finds "Älykäs Oy" on either engine (the pattern is lower-cased in JS). */
function foldedLike(column: SQL | typeof relationships.serviceName, pattern: string): SQL {
  return likeIgnoringCase(column, pattern);
}

function likePattern(q: string): string {
  return `%${q.toLocaleLowerCase("fi").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const STAGE_ORDER = sql.join(
  [sql`case ${relationships.lifecycleStage}`, ...LIFECYCLE_STAGES.map((stage, i) => sql`when ${stage} then ${i}`), sql`end`],
  sql` `,
);

/**
 * The chain as supplier -> company -> end customer, one page per column,
 * with only the relationships the user may see (in counts too). Paging,
 * search and the name and stage orders run in SQL; only the rows on the
 * pages are scored. Sorting by score scores the matching rows of a column
 * (a few small fields each) and still returns one page. A chain the user may
 * not open is a 404.
 */
export async function getChainView(user: ActingUser, chainId: number, options: ChainViewOptions = {}, asOf = calendarNow(user)): Promise<ChainView> {
  const chain = await db()
    .select({
      id: chains.id,
      name: chains.name,
      description: chains.description,
      focalId: organisations.id,
      focalName: organisations.name,
    })
    .from(chains)
    .innerJoin(organisations, eq(organisations.id, chains.focalOrganisationId))
    .where(and(eq(chains.id, chainId), visibleChainCondition(user)))
    .get();
  if (!chain) return denyAccess(user, "chain", chainId);

  const q = (options.q ?? "").trim();
  const sort = options.sort ?? "name";
  const pageSize = options.pageSize ?? CHAIN_PAGE_SIZE;
  const focal = chain.focalId;

  const inColumn: Record<ChainColumnKey, SQL> = {
    upstream: eq(relationships.customerId, focal),
    downstream: eq(relationships.providerId, focal),
    other: and(ne(relationships.customerId, focal), ne(relationships.providerId, focal))!,
  };
  // The name a column is read by: the supplier, the end customer, or (for other links) the provider.
  const counterpartName: Record<ChainColumnKey, SQL[]> = {
    upstream: [sql`${provider.name}`],
    downstream: [sql`${customer.name}`],
    other: [sql`${provider.name}`, sql`${customer.name}`],
  };
  const pattern = q ? likePattern(q) : null;
  const matches = (column: ChainColumnKey): SQL | undefined =>
    pattern ? or(foldedLike(relationships.serviceName, pattern), ...counterpartName[column].map((name) => foldedLike(name, pattern))) : undefined;
  const visible = visibleRelationships(user);
  const inChain = eq(relationships.chainId, chainId);
  const tally = (condition: SQL | undefined) => sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;

  const counts = (await visible
    .select(
      {
        upstream: tally(inColumn.upstream),
        downstream: tally(inColumn.downstream),
        other: tally(inColumn.other),
        upstreamMatching: tally(and(inColumn.upstream, matches("upstream"))),
        downstreamMatching: tally(and(inColumn.downstream, matches("downstream"))),
        otherMatching: tally(and(inColumn.other, matches("other"))),
      },
      inChain,
    )
    .get())!;

  const model = await activeImportanceModel();
  // The latest quarters of each relationship: its latest score, and all its status rules read (statusPerformance).
  const currentQuarter = quarterOf(asOf);
  const perf: SidePerformance = noPerformance();
  const scoreOf = async (rows: RelationshipRow[]) => {
    const read = await statusPerformance(
      rows.map((r) => r.id),
      currentQuarter,
    );
    for (const side of ["both", "provider", "customer"] as const) for (const [id, byPeriod] of read[side]) perf[side].set(id, byPeriod);
    return new Map(rows.map((r) => [r.id, toView(r, read.both, model, asOf)]));
  };
  const shownRows = new Map<number, RelationshipRow>();

  const select = (column: ChainColumnKey) => visible.rows(inChain, inColumn[column], matches(column));
  const nameOrder = (column: ChainColumnKey) =>
    column === "downstream" ? [asc(customer.name), asc(relationships.id)] : [asc(provider.name), asc(customer.name), asc(relationships.id)];

  const result = {} as Record<ChainColumnKey, ChainColumn>;
  const pageRows: RelationshipRow[] = [];
  const scored = new Map<number, ChainRelationshipView>();
  const pageIds = {} as Record<ChainColumnKey, number[]>;
  for (const column of CHAIN_COLUMNS) {
    const matching = Number(counts[`${column}Matching`]);
    const pageCount = Math.max(1, Math.ceil(matching / pageSize));
    const page = Math.min(Math.max(1, Math.trunc(options.pages?.[column] ?? 1) || 1), pageCount);
    const offset = (page - 1) * pageSize;
    result[column] = { total: Number(counts[column]), matching, page, pageCount, offset, rows: [] };
    if (matching === 0) {
      pageIds[column] = [];
    } else if (sort === "score") {
      // Attention first: the lowest score leads, unscored relationships come last, ties by name.
      const all = await select(column)
        .orderBy(...nameOrder(column))
        .all();
      const views = await scoreOf(all);
      const ordered = all
        .map((r, i) => ({ id: r.id, i, value: views.get(r.id)!.score?.value ?? null }))
        .sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || (a.value ?? 0) - (b.value ?? 0) || a.i - b.i)
        .slice(offset, offset + pageSize);
      pageIds[column] = ordered.map((r) => r.id);
      for (const { id } of ordered) scored.set(id, views.get(id)!);
      for (const r of all) if (pageIds[column].includes(r.id)) shownRows.set(r.id, r);
    } else {
      const order = sort === "stage" ? [asc(STAGE_ORDER), ...nameOrder(column)] : nameOrder(column);
      const rows = await select(column)
        .orderBy(...order)
        .limit(pageSize)
        .offset(offset)
        .all();
      pageIds[column] = rows.map((r) => r.id);
      pageRows.push(...rows);
    }
  }
  // One scoring pass over the rows of all pages together.
  if (pageRows.length) for (const [id, view] of await scoreOf(pageRows)) scored.set(id, view);
  for (const r of pageRows) shownRows.set(r.id, r);
  // Needs attention and action required for the shown rows only, by the rules every page uses.
  for (const [id, status] of await relationshipStatuses([...shownRows.values()], asOf, { model, perf })) {
    const view = scored.get(id)!;
    view.needsAttention = status.attention.map((a) => a.kind);
    view.actionRequired = status.actionRequired !== null;
  }
  for (const column of CHAIN_COLUMNS) result[column].rows = pageIds[column].map((id) => scored.get(id)!);

  return {
    id: chain.id,
    name: chain.name,
    description: chain.description,
    focal: { id: chain.focalId, name: chain.focalName },
    /** Every score on the page comes from this version. */
    modelVersion: model.version,
    q,
    sort,
    pageSize,
    bands: model.bands,
    ...result,
  };
}

function toView(
  r: RelationshipRow,
  performance: PerformanceByPeriod,
  model: Awaited<ReturnType<typeof activeImportanceModel>>,
  asOf: Date,
): ChainRelationshipView {
  const context = relationshipContext(r, asOf, model);
  const latest = latestScore(performance.get(r.id), context, model);
  return {
    id: r.id,
    serviceName: r.serviceName,
    provider: { id: r.providerId, name: r.providerName, sizeClass: r.providerSizeClass, startup: context.startup },
    customer: { id: r.customerId, name: r.customerName, sizeClass: r.customerSizeClass, startup: isStartup(r.customerFoundedYear, asOf, model.startupYears) },
    stage: r.stage,
    maturity: context.maturity,
    diversity: r.diversity,
    criticality: r.criticality,
    referenceCustomer: r.referenceCustomer,
    score: latest && {
      value: latest.result.score,
      period: latest.period,
      attentionPriority: latest.result.attentionPriority,
      band: latest.result.band,
    },
    needsAttention: [],
    actionRequired: false,
  };
}
