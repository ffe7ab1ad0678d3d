import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import type { Translate } from "~/domain/compare";
import { parsePortfolioQuery } from "~/domain/portfolio";
import { exportFormatOf, fileResponse } from "~/http/export.server";
import { serverTranslator } from "~/i18n/i18n.server";
import { exportChainPortfolio } from "~/models/portfolio.server";
import { idParams } from "~/http/route-params.server";

/** The chain portfolio as CSV or .xlsx; the chain must be visible (404 otherwise), as on the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { chainId } = idParams(params, "chainId");
  const search = new URL(request.url).searchParams;
  const format = exportFormatOf(search.get("format"));
  const { options } = parsePortfolioQuery(search);
  const { t, locale } = await serverTranslator(request, user.locale);
  const file = await exportChainPortfolio(user, chainId, options, format, { t: t as unknown as Translate, locale });
  return fileResponse(file);
}
