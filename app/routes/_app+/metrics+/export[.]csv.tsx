import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { dashboardFiltersFrom, dashboardQueryOf } from "~/forms/metric-dashboard";
import { exportFile, fileResponse } from "~/http/export.server";
import { resolveLocale } from "~/i18n/i18n.server";
import { dashboardGrid, metricsDashboard } from "~/models/measurement-dashboard.server";

/** The dashboard as CSV: the same filters, the same visibility rule, every page of it, nothing more. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filters = dashboardFiltersFrom(new URL(request.url));
  const dashboard = await metricsDashboard(user, dashboardQueryOf(filters, { allPages: true }));
  const locale = await resolveLocale(request, user.locale);
  const file = await exportFile([dashboardGrid(dashboard, locale)], "csv", { locale, creator: "", filename: `metrics-${filters.scope}-${dashboard.to}` });
  return fileResponse(file);
}
