import { z } from "zod";
import { recordId } from "~/domain/record-id";

/**
 * The dashboard's filter form (GET, so filters are bookmarkable). Anything
 * unknown falls back to the default rather than failing the page.
 */
export const metricDashboardSchema = z.object({
  scope: z.enum(["shared", "own"]).catch("shared"),
  relationship: recordId().optional().catch(undefined),
  category: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,29}$/)
    .optional()
    .catch(undefined),
  months: z.coerce
    .number()
    .refine((n): n is 12 | 24 | 36 => n === 12 || n === 24 || n === 36)
    .catch(12)
    .transform((n) => n as 12 | 24 | 36),
  /** Which page of series (DASHBOARD_PAGE_SIZE a page). */
  page: z.coerce.number().int().positive().max(100_000).catch(1).default(1),
});

export type MetricDashboardFilters = z.infer<typeof metricDashboardSchema>;

export function dashboardFiltersFrom(url: URL): MetricDashboardFilters {
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  return metricDashboardSchema.parse(raw);
}

/** What the dashboard query takes from the filters: one page of series, or every series (`allPages`, the export). */
export function dashboardQueryOf(filters: MetricDashboardFilters, options: { allPages?: boolean } = {}) {
  return {
    scope: filters.scope,
    relationshipId: filters.relationship,
    category: filters.category,
    months: filters.months,
    page: options.allPages ? undefined : filters.page,
  };
}
