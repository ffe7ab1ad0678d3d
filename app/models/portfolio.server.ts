/**
 * The chain portfolio: every relationship of a chain that the
 * user may see, scored for one quarter, for the Kraljic-style view, the
 * attention list and the group averages. A chain the user may not open is a
 * 404; inside it, visibleRelationships decides what is listed (a
 * supplier sees its own relationship only).
 */
import { and, eq } from "drizzle-orm";
import { chains, organisations, relationships } from "../../db/tables";
import { db } from "../db.server";
import { MAX_PARTNERS, type PerformanceSide, type Translate } from "../domain/compare";
import { previousQuarter, quarterOf } from "../domain/period";
import { PORTFOLIO_PAGE_SIZE, attentionRows, buildPortfolio, pageOf, portfolioGrids, scatterPoints, type PortfolioPaging } from "../domain/portfolio";
import type { Locale } from "../i18n/locale";
import { notFound, visibleChainCondition } from "./access.server";
import { audit } from "./audit.server";
import { exportFile, type ExportFile, type ExportFormat } from "../http/export.server";
import { assessedQuarters, chooseQuarter, partnerInputs } from "./compare.server";
import { relationshipStatuses } from "./relationship-status.server";
import { activeImportanceModel } from "./scoring.server";
import { calendarNow, type ActingUser } from "./user.server";
import { visibleRelationships } from "./visible-relationships.server";

export type PortfolioOptions = { quarter: string | null; side: PerformanceSide };

/** The chain, its scoped relationships and the portfolio built over all of them (what the page and the exports share). */
async function loadPortfolio(user: ActingUser, chainId: number, options: PortfolioOptions, asOf: Date) {
  const chain = await db()
    .select({ id: chains.id, name: chains.name, focalName: organisations.name })
    .from(chains)
    .innerJoin(organisations, eq(organisations.id, chains.focalOrganisationId))
    .where(and(eq(chains.id, chainId), visibleChainCondition(user)))
    .get();
  if (!chain) notFound("Chain not found");

  const rows = await visibleRelationships(user).rowsAll(eq(relationships.chainId, chainId));
  const ids = rows.map((r) => r.id);
  const available = await assessedQuarters(ids);
  const quarter = chooseQuarter(options.quarter, available, asOf);
  const quarters = quarter && !available.includes(quarter) ? [quarter, ...available].sort().reverse() : available;
  const model = await activeImportanceModel();
  // Only the shown quarter and the one before it (the change) are read, for the one side shown.
  const inputs = await partnerInputs(rows, quarter ? [quarter, previousQuarter(quarter)] : [], asOf, [options.side], model);
  const portfolio = buildPortfolio(inputs, { quarter, side: options.side }, model);
  return { chain, rows, quarter, quarters, model, portfolio };
}

/**
 * The portfolio page: the scatter and the group tables over the whole
 * chain, and one page of the attention list (ranks count the whole list).
 */
export async function getChainPortfolio(
  user: ActingUser,
  chainId: number,
  options: PortfolioOptions,
  paging: PortfolioPaging = { page: 1, pageSize: PORTFOLIO_PAGE_SIZE },
  asOf = calendarNow(user),
) {
  const { chain, rows, quarter, quarters, model, portfolio } = await loadPortfolio(user, chainId, options, asOf);
  const all = attentionRows(portfolio);
  const page = pageOf(all.length, paging);
  const shown = all.slice(page.offset, page.offset + page.pageSize);
  // Needs attention is about now (the latest score, both sides), whatever quarter and side the view shows:
  // the same status home, the chain and the relationship page show. Only the shown rows are evaluated.
  const shownIds = new Set(shown.map((r) => r.id));
  const statuses = await relationshipStatuses(
    rows.filter((r) => shownIds.has(r.id)),
    asOf,
    { model },
  );
  return {
    chain,
    quarter,
    currentQuarter: quarterOf(asOf),
    quarters,
    portfolio,
    bands: model.bands,
    page,
    attention: shown.map((r) => {
      const status = statuses.get(r.id)!;
      return { ...r, needsAttention: status.attention.map((a) => a.kind), actionRequired: status.actionRequired !== null };
    }),
    /** "Compare these": the relationships needing most attention in the whole list, at most five. */
    top: all
      .filter((r) => r.attention !== null)
      .slice(0, Math.min(5, MAX_PARTNERS))
      .map((r) => r.id),
    scatter: scatterPoints(portfolio),
  };
}

export async function exportChainPortfolio(
  user: ActingUser,
  chainId: number,
  options: PortfolioOptions,
  format: ExportFormat,
  i18n: { t: Translate; locale: Locale },
  asOf = calendarNow(user),
): Promise<ExportFile> {
  const data = await loadPortfolio(user, chainId, options, asOf);
  const grids = portfolioGrids(data.portfolio, i18n.t);
  await audit({
    action: "portfolio.export",
    actorUserId: user.id,
    entityType: "chain",
    entityId: chainId,
    after: { format, quarter: data.quarter, side: options.side },
  });
  return exportFile(grids, format, {
    locale: i18n.locale,
    creator: i18n.t("app.name"),
    filename: `portfolio-chain-${chainId}-${data.quarter ?? "no-quarter"}-${options.side}`,
  });
}
