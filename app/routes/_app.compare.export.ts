import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth.server";
import { parseCompareState, type Translate } from "~/domain/compare";
import { formatQuarter } from "~/i18n/format";
import { serverTranslator } from "~/i18n/i18n.server";
import { exportComparison } from "~/models/compare.server";

const formatSchema = z.enum(["csv", "xlsx"]);

/**
 * The comparison as CSV or .xlsx: the same query as the page, the same
 * scoping (ids the user may not see are dropped) and the same table.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const format = formatSchema.safeParse(params.get("format"));
  if (!format.success) throw new Response("Unknown export format: use csv or xlsx", { status: 400 });
  const { state } = parseCompareState(params);
  const { t, locale } = await serverTranslator(request, user.locale);
  const file = await exportComparison(user, state, format.data, {
    t: t as unknown as Translate,
    locale,
    quarterLabel: (q) => formatQuarter(locale, q),
  });
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
