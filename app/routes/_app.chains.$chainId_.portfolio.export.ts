import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth.server";
import type { Translate } from "~/domain/compare";
import { parsePortfolioQuery } from "~/domain/portfolio";
import { exportFormatOf, fileResponse } from "~/http/export.server";
import { serverTranslator } from "~/i18n/i18n.server";
import { notFound } from "~/models/access.server";
import { exportChainPortfolio } from "~/models/portfolio.server";

const paramsSchema = z.object({ chainId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The chain portfolio as CSV or .xlsx; the chain must be visible (404 otherwise), as on the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) notFound();
  const search = new URL(request.url).searchParams;
  const format = exportFormatOf(search.get("format"));
  const { options } = parsePortfolioQuery(search);
  const { t, locale } = await serverTranslator(request, user.locale);
  const file = await exportChainPortfolio(user, parsed.data.chainId, options, format, { t: t as unknown as Translate, locale });
  return fileResponse(file);
}
