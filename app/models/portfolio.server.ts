/**
 * The chain portfolio: every relationship of a chain that the
 * user may see, scored for one quarter, for the Kraljic-style view, the
 * attention list and the group averages. A chain the user may not open is a
 * 404; inside it, visibleRelationships decides what is listed (a
 * supplier sees its own relationship only).
 */
import { and, eq } from "drizzle-orm";
import { chains, organisations, relationships } from "../../db/schema";
import { db } from "../db.server";
import type { PerformanceSide, Translate } from "../domain/compare";
import { previousQuarter, quarterOf } from "../domain/period";
import { attentionRows, buildPortfolio, portfolioGrids, scatterPoints } from "../domain/portfolio";
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

export function getChainPortfolio(user: ActingUser, chainId: number, options: PortfolioOptions, asOf = calendarNow(user)) {
  const chain = db()
    .select({ id: chains.id, name: chains.name, focalName: organisations.name })
    .from(chains)
    .innerJoin(organisations, eq(organisations.id, chains.focalOrganisationId))
    .where(and(eq(chains.id, chainId), visibleChainCondition(user)))
    .get();
  if (!chain) notFound("Chain not found");

  const rows = visibleRelationships(user).rows(eq(relationships.chainId, chainId)).all();
  const ids = rows.map((r) => r.id);
  const available = assessedQuarters(ids);
  const quarter = chooseQuarter(options.quarter, available, asOf);
  const quarters = quarter && !available.includes(quarter) ? [quarter, ...available].sort().reverse() : available;
  const model = activeImportanceModel();
  const inputs = partnerInputs(rows, quarter ? [quarter, previousQuarter(quarter)] : [], asOf, [options.side], model);
  const portfolio = buildPortfolio(inputs, { quarter, side: options.side }, model);
  // Needs attention is about now (the latest score, both sides), whatever quarter and side the view shows:
  // the same status home, the chain and the relationship page show.
  const statuses = relationshipStatuses(rows, asOf, { model });
  return {
    chain,
    quarter,
    currentQuarter: quarterOf(asOf),
    quarters,
    portfolio,
    bands: model.bands,
    attention: attentionRows(portfolio).map((r) => {
      const status = statuses.get(r.id)!;
      return { ...r, needsAttention: status.attention.map((a) => a.kind), actionRequired: status.actionRequired !== null };
    }),
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
  const data = getChainPortfolio(user, chainId, options, asOf);
  const grids = portfolioGrids(data.portfolio, i18n.t);
  audit({
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
