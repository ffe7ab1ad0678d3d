import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { type Translate } from "~/domain/compare";
import { parseCompareState } from "~/domain/compare-url";
import { exportFormatOf, fileResponse } from "~/http/export.server";
import { formatQuarter } from "~/i18n/format";
import { serverTranslator } from "~/i18n/i18n.server";
import { exportComparison } from "~/models/compare.server";

/**
 * The comparison as CSV or .xlsx: the same query as the page, the same
 * scoping (ids the user may not see are dropped) and the same table.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const format = exportFormatOf(params.get("format"));
  const { state } = parseCompareState(params);
  const { t, locale } = await serverTranslator(request, user.locale);
  const file = await exportComparison(user, state, format, {
    t: t as unknown as Translate,
    locale,
    quarterLabel: (q) => formatQuarter(locale, q),
  });
  return fileResponse(file);
}
