/**
 * The chain portfolio: every relationship of a chain placed by
 * relationship score against service criticality (a Kraljic-style view),
 * the attention list, and average factor performance by size class,
 * maturity and diversity next to what the digiMensa model predicts.
 * Pure; built on the compare module's per-partner evaluation.
 */
import { labelKey } from "../i18n/labels";
import { z } from "zod";
import { isCriticalAndWeak } from "./attention";
import { CRITICALITIES, FACTORS, type Criticality } from "./factors";
import type { Grid, GridCell } from "../http/export.server";
import type { ImportanceModel } from "./importance-model";
import { isValidQuarter, previousQuarter } from "./period";
import type { ScoreBandKey } from "./score-bands";
import {
  DECIMALS,
  PERFORMANCE_SIDES,
  evaluatePartner,
  groupAverages,
  groupLabel,
  sortColumns,
  type GroupAverage,
  type Label,
  type PartnerColumn,
  type PartnerInput,
  type PerformanceSide,
  type Translate,
} from "./compare";

/** The "critical and weak" corner: high or critical service, score in the model's lowest band (the rule lives in attention.ts). */
export { isCriticalAndWeak };

// ------------------------------------------------------------------ URL state

const portfolioSideSchema = z.enum(PERFORMANCE_SIDES);
const portfolioQuarterSchema = z.string().refine(isValidQuarter);

/** The portfolio's state from its query (?q=2026-Q3&side=customer); bad values fall back and are reported. */
export function parsePortfolioQuery(params: URLSearchParams): {
  options: { quarter: string | null; side: PerformanceSide };
  problems: Array<"invalid_quarter" | "invalid_side">;
} {
  const problems: Array<"invalid_quarter" | "invalid_side"> = [];
  const rawQuarter = params.get("q")?.trim() || null;
  const rawSide = params.get("side")?.trim() || null;
  const quarter = rawQuarter === null ? null : portfolioQuarterSchema.safeParse(rawQuarter);
  const side = rawSide === null ? null : portfolioSideSchema.safeParse(rawSide);
  if (quarter && !quarter.success) problems.push("invalid_quarter");
  if (side && !side.success) problems.push("invalid_side");
  return {
    options: { quarter: quarter?.success ? quarter.data : null, side: side?.success ? side.data : "both" },
    problems,
  };
}

// ------------------------------------------------------------------ paging

/** Rows per page of the attention list (the scatter and the group tables always cover the whole chain). */
export const PORTFOLIO_PAGE_SIZES = [25, 50, 100] as const;
export const PORTFOLIO_PAGE_SIZE = PORTFOLIO_PAGE_SIZES[0];

export type PortfolioPaging = { page: number; pageSize: number };

const pageParam = z.coerce.number().int().positive().max(1_000_000).catch(1);
const pageSizeParam = z.coerce
  .number()
  .refine((n) => (PORTFOLIO_PAGE_SIZES as readonly number[]).includes(n))
  .catch(PORTFOLIO_PAGE_SIZE);

/** The attention list's page (?page=2&size=50) from the query; anything malformed falls back to the first page of the default size. */
export function parsePortfolioPaging(params: URLSearchParams): PortfolioPaging {
  return { page: pageParam.parse(params.get("page") ?? undefined), pageSize: pageSizeParam.parse(params.get("size") ?? undefined) };
}

export type PageOf = { page: number; pageCount: number; pageSize: number; total: number; /** Index of the first row shown (0-based). */ offset: number };

/** Where `paging` lands in a list of `total` rows: a page past the end shows the last one. */
export function pageOf(total: number, paging: PortfolioPaging): PageOf {
  const pageCount = Math.max(1, Math.ceil(total / paging.pageSize));
  const page = Math.min(Math.max(1, paging.page), pageCount);
  return { page, pageCount, pageSize: paging.pageSize, total, offset: (page - 1) * paging.pageSize };
}

export type PortfolioEntry = PartnerColumn & { criticalAndWeak: boolean };

export type Portfolio = {
  quarter: string | null;
  previousQuarter: string | null;
  side: PerformanceSide;
  /** Attention list: highest attention priority first; relationships without data last. */
  entries: PortfolioEntry[];
  /** How many sit in the critical-and-weak corner. */
  criticalAndWeakCount: number;
  bySize: GroupAverage[];
  byMaturity: GroupAverage[];
  byDiversity: GroupAverage[];
  modelVersion: number;
};

export function buildPortfolio(
  partners: readonly PartnerInput[],
  options: { quarter: string | null; side: PerformanceSide },
  model: ImportanceModel,
): Portfolio {
  const columns = partners.map((p) => evaluatePartner(p, options.quarter, options.side, model));
  const entries = sortColumns(columns, "attention", null).map((c) => ({ ...c, criticalAndWeak: isCriticalAndWeak(c.criticality, c.score, model.bands) }));
  return {
    quarter: options.quarter,
    previousQuarter: options.quarter ? previousQuarter(options.quarter) : null,
    side: options.side,
    entries,
    criticalAndWeakCount: entries.filter((e) => e.criticalAndWeak).length,
    bySize: groupAverages(columns, "size", model),
    byMaturity: groupAverages(columns, "maturity", model),
    byDiversity: groupAverages(columns, "diversity", model),
    modelVersion: model.version,
  };
}

// ------------------------------------------------------------------ scatter

export type ScatterPoint = {
  id: number;
  name: string;
  serviceName: string;
  criticality: Criticality;
  score: number;
  /** The model's band of the score (its colour). */
  band: ScoreBandKey | null;
  criticalAndWeak: boolean;
  /** 0..1 position across the criticality band, so points in one band do not overlap. */
  offset: number;
  /** The point's rank in the attention list (null: no attention priority). */
  rank: number | null;
};

/** Points of the Kraljic view (relationships with a score); the rest are listed as "no data". */
export function scatterPoints(portfolio: Portfolio): { points: ScatterPoint[]; unplaced: PortfolioEntry[] } {
  const withScore = portfolio.entries.filter((e) => e.score !== null);
  // Ranks as attentionRows numbers them: entries are in attention order, those without a priority last.
  const ranks = new Map<number, number>();
  for (const e of portfolio.entries) if (e.attention !== null) ranks.set(e.id, ranks.size + 1);
  const points: ScatterPoint[] = [];
  for (const criticality of CRITICALITIES) {
    const band = withScore.filter((e) => e.criticality === criticality).sort((a, b) => b.score! - a.score! || a.id - b.id);
    band.forEach((e, i) => {
      points.push({
        id: e.id,
        name: e.name,
        serviceName: e.serviceName,
        criticality,
        score: e.score!,
        band: e.scoreBand,
        criticalAndWeak: e.criticalAndWeak,
        offset: band.length === 1 ? 0.5 : 0.15 + (0.7 * i) / (band.length - 1),
        rank: ranks.get(e.id) ?? null,
      });
    });
  }
  return { points, unplaced: portfolio.entries.filter((e) => e.score === null) };
}

// ------------------------------------------------------------------ tables (screen and exports)

export type AttentionRow = {
  rank: number | null;
  id: number;
  name: string;
  serviceName: string;
  role: PartnerColumn["role"];
  score: number | null;
  /** The model's band of the score (its colour). */
  scoreBand: ScoreBandKey | null;
  scoreDelta: number | null;
  attention: number | null;
  criticality: Criticality;
  criticalAndWeak: boolean;
  /** The factor with the largest improvement need in the quarter (lowest shown value with a weight). */
  weakestFactor: string | null;
  context: Label[];
};

/** The attention list, as the page and the exports show it. */
export function attentionRows(portfolio: Portfolio): AttentionRow[] {
  let rank = 0;
  return portfolio.entries.map((e) => {
    const scored = e.cells.filter((c) => c.value !== null && c.weightPercent !== null);
    // Improvement priority w * (5 - P), computed on the shown figures.
    const weakest = scored.length
      ? scored.reduce((best, c) => (c.weightPercent! * (5 - c.value!) > best.weightPercent! * (5 - best.value!) + 1e-9 ? c : best))
      : null;
    return {
      rank: e.attention === null ? null : ++rank,
      id: e.id,
      name: e.name,
      serviceName: e.serviceName,
      role: e.role,
      score: e.score,
      scoreBand: e.scoreBand,
      scoreDelta: e.scoreDelta,
      attention: e.attention,
      criticality: e.criticality,
      criticalAndWeak: e.criticalAndWeak,
      weakestFactor: weakest ? weakest.factor : null,
      context: [
        groupLabel("size", e.sizeGroup),
        ...(e.startup ? [{ key: "startup" as const }] : []),
        { key: labelKey("maturity", e.maturity) },
        { key: labelKey("diversity", e.diversity) },
        { key: labelKey("stage", e.stage) },
      ],
    };
  });
}

const num = (value: number | null | undefined, decimals: number): GridCell => (value === null || value === undefined ? null : { number: value, decimals });

/** The portfolio as spreadsheet grids: the attention list and the three group tables. */
export function portfolioGrids(portfolio: Portfolio, t: Translate): Grid[] {
  const noData = t("compare.noData");
  // Scores, attention and weights depend on the model: every line names its version.
  const version: GridCell = { number: portfolio.modelVersion, decimals: 0 };
  const attention: Grid = {
    title: t("portfolio.attention.title"),
    header: [
      t("portfolio.col.rank"),
      t("compare.col.partner"),
      t("compare.col.service"),
      t("compare.row.score"),
      t("compare.export.change"),
      t("compare.row.attention"),
      t("compare.row.criticality"),
      t("portfolio.col.criticalAndWeak"),
      t("portfolio.col.weakestFactor"),
      t("compare.col.context"),
      t("export.modelVersion"),
    ],
    rows: attentionRows(portfolio).map((r) => [
      r.rank === null ? null : { number: r.rank, decimals: 0 },
      r.name,
      r.serviceName,
      r.score === null ? noData : num(r.score, DECIMALS.score),
      num(r.scoreDelta, DECIMALS.score),
      r.attention === null ? noData : num(r.attention, DECIMALS.attention),
      t(`criticality.${r.criticality}`),
      r.criticalAndWeak ? t("portfolio.yes") : t("portfolio.no"),
      r.weakestFactor ? t(`factor.${r.weakestFactor}`) : null,
      r.context.map((l) => t(l.key, l.params)).join(", "),
      version,
    ]),
  };
  const group = (title: string, groups: GroupAverage[]): Grid => ({
    title,
    header: [
      t("portfolio.col.group"),
      t("portfolio.col.count"),
      ...FACTORS.flatMap((f) => [t(`factor.${f}`), `${t(`factor.${f}`)}: ${t("portfolio.col.predicted")}`]),
      t("portfolio.col.meanScore"),
      t("export.modelVersion"),
    ],
    rows: groups.map((g) => [
      t(groupLabel(g.dimension, g.value).key),
      { number: g.count, decimals: 0 },
      ...FACTORS.flatMap((f): GridCell[] => [
        g.factors[f] === null ? noData : num(g.factors[f], DECIMALS.performance),
        g.predicted ? num(g.predicted[f], 0) : null,
      ]),
      g.meanScore === null ? noData : num(g.meanScore, DECIMALS.score),
      version,
    ]),
  });
  return [
    attention,
    group(t("portfolio.bySize"), portfolio.bySize),
    group(t("portfolio.byMaturity"), portfolio.byMaturity),
    group(t("portfolio.byDiversity"), portfolio.byDiversity),
  ];
}
