import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { dashboardFiltersFrom } from "~/forms/metric-dashboard";
import { resolveLocale } from "~/i18n/i18n.server";
import { dashboardCsv, metricsDashboard } from "~/models/measurement.server";

/** The dashboard as CSV: the same filters, the same visibility rule, nothing more. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filters = dashboardFiltersFrom(new URL(request.url));
  const dashboard = metricsDashboard(user, {
    scope: filters.scope,
    relationshipId: filters.relationship,
    category: filters.category,
    months: filters.months,
  });
  const locale = await resolveLocale(request, user.locale);
  return new Response(dashboardCsv(dashboard, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="metrics-${filters.scope}-${dashboard.to}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
