import { Alert, Anchor, Button, Group, NativeSelect, Radio, Stack, Text, Title } from "@mantine/core";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { categoryLabel, formatMonth } from "~/components/metrics/format";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { SeriesCard, type SeriesCardData } from "./__series-card";
import { dashboardFiltersFrom, dashboardQueryOf } from "~/forms/metric-dashboard";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { serverTranslator } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/locale";
import { DASHBOARD_PAGE_SIZE, metricsDashboard, type DashboardSeries } from "~/models/measurement-dashboard.server";
import { addMonths } from "~/models/measurement.server";
import dashboardStyles from "~/styles/metrics-dashboard.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data?.title ? [{ title: data.title }] : pageTitle(matches, "title.metrics"));

/** What the page shows: what others share with the user's organisation, what it recorded, or (administrators) everything. */
function headingOf(isPlatformAdmin: boolean, scope: "shared" | "own") {
  if (isPlatformAdmin) return { heading: "metrics.heading.all", intro: "metrics.intro.all" } as const;
  return scope === "own"
    ? ({ heading: "metrics.heading.own", intro: "metrics.intro.own" } as const)
    : ({ heading: "metrics.heading.shared", intro: "metrics.dashboard.intro" } as const);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filters = dashboardFiltersFrom(new URL(request.url));
  const dashboard = await metricsDashboard(user, dashboardQueryOf(filters));
  const { t, locale } = await serverTranslator(request, user.locale);
  const texts = headingOf(user.isPlatformAdmin, filters.scope);
  return {
    filters,
    texts,
    title: `${t(texts.heading)} · ${t("app.name")}`,
    from: dashboard.from,
    to: dashboard.to,
    /** The running month, which the dashboard leaves out until it has ended. */
    currentMonth: addMonths(dashboard.to, 1),
    series: dashboard.series.map((s) => seriesCardData(s, locale)),
    total: dashboard.total,
    page: dashboard.page,
    pageCount: dashboard.pageCount,
    pageSize: DASHBOARD_PAGE_SIZE,
    options: dashboard.options,
    isPlatformAdmin: user.isPlatformAdmin,
    isOrgAdmin: user.memberships.some((m) => m.role === "org_admin"),
  };
}

/** What a series card shows, and nothing more: the page's data travels to the browser as well. */
function seriesCardData(s: DashboardSeries, locale: Locale): SeriesCardData {
  const { metric } = s;
  const { relationship } = s;
  return {
    key: s.key,
    metric: {
      name: locale === "fi" ? metric.nameFi : metric.nameEn,
      unit: metric.unit,
      direction: metric.direction,
      target: metric.target,
      bounds: metric.bounds,
    },
    relationship: relationship && { serviceName: relationship.serviceName, providerName: relationship.providerName, customerName: relationship.customerName },
    subjectName: s.subjectName,
    recordedByName: s.recordedByName,
    points: s.points,
    latest: s.latest,
    change: s.change,
    status: s.status,
  };
}

/** Links to the other pages of series: plain links, so paging works without JavaScript. */
function Pages({ page, pageCount, hrefOf }: { page: number; pageCount: number; hrefOf: (page: number) => string }) {
  const { t } = useI18n();
  if (pageCount <= 1) return null;
  return (
    <Group component="nav" aria-label={t("metrics.pages.label")} gap="sm" justify="center" data-testid="series-pages">
      {page > 1 ? (
        <Button component={Link} to={hrefOf(page - 1)} variant="default" size="compact-sm" rel="prev">
          ← {t("metrics.pages.previous")}
        </Button>
      ) : null}
      <Text size="sm" aria-current="page">
        {t("metrics.pages.page", { page, pages: pageCount })}
      </Text>
      {page < pageCount ? (
        <Button component={Link} to={hrefOf(page + 1)} variant="default" size="compact-sm" rel="next">
          {t("metrics.pages.next")} →
        </Button>
      ) : null}
    </Group>
  );
}

export default function MetricsDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const { filters } = data;
  const exportParams = new URLSearchParams({
    scope: filters.scope,
    months: String(filters.months),
    ...(filters.relationship ? { relationship: String(filters.relationship) } : {}),
    ...(filters.category ? { category: filters.category } : {}),
  });
  const pageHref = (page: number) => `/metrics?${new URLSearchParams([...exportParams, ...(page > 1 ? [["page", String(page)]] : [])])}`;
  const filtered = filters.relationship !== undefined || filters.category !== undefined;
  const first = (data.page - 1) * data.pageSize + 1;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t(data.texts.heading)}</Title>
        <Text c="dimmed">{t(data.texts.intro)}</Text>
      </div>
      <MetricsNav current="dashboard" isOrgAdmin={data.isOrgAdmin} />

      <Form method="get" aria-label={t("metrics.filters")}>
        <Stack gap="sm">
          {data.isPlatformAdmin ? (
            <input type="hidden" name="scope" value="shared" />
          ) : (
            <Radio.Group name="scope" defaultValue={filters.scope} label={t("metrics.scope")}>
              <Group gap="lg" mt={4}>
                <Radio value="shared" label={t("metrics.scope.shared")} />
                <Radio value="own" label={t("metrics.scope.own")} />
              </Group>
            </Radio.Group>
          )}
          <Group align="flex-end" gap="sm" wrap="wrap">
            <NativeSelect
              name="relationship"
              label={t("metrics.filter.relationship")}
              defaultValue={filters.relationship ? String(filters.relationship) : ""}
              data={[
                { value: "", label: t("metrics.filter.allRelationships") },
                ...data.options.relationships.map((r) => ({ value: String(r.id), label: r.label })),
              ]}
              w={{ base: "100%", sm: 380 }}
            />
            <NativeSelect
              name="category"
              label={t("metrics.filter.category")}
              defaultValue={filters.category ?? ""}
              data={[
                { value: "", label: t("metrics.filter.allCategories") },
                ...data.options.categories.map((c) => ({ value: c, label: categoryLabel(t, c) })),
              ]}
              w={{ base: "100%", sm: 200 }}
            />
            <NativeSelect
              name="months"
              label={t("metrics.filter.months")}
              defaultValue={String(filters.months)}
              data={["12", "24", "36"].map((m) => ({ value: m, label: t("metrics.filter.monthsN", { n: Number(m) }) }))}
              w={{ base: "100%", sm: 160 }}
            />
            <Button type="submit" variant="light">
              {t("metrics.filter.apply")}
            </Button>
            <Anchor href={`/metrics/export.csv?${exportParams}`} size="sm" download>
              {t("metrics.exportCsv")}
            </Anchor>
          </Group>
        </Stack>
      </Form>

      <div>
        <Text size="sm" c="dimmed">
          {t("metrics.window", { from: formatMonth(locale, data.from), to: formatMonth(locale, data.to), count: data.total })}
        </Text>
        <Text size="sm" c="dimmed" data-testid="completed-months">
          {t("metrics.completedMonths", { month: formatMonth(locale, data.currentMonth) })}
        </Text>
      </div>

      {data.total === 0 && filtered ? (
        <Alert color="gray" variant="outline" title={t("metrics.empty.filtered")} data-testid="dashboard-empty">
          {t("metrics.empty.filteredHint")}{" "}
          <Anchor component={Link} to={`/metrics?${new URLSearchParams({ scope: filters.scope, months: String(filters.months) })}`}>
            {t("metrics.filter.clear")}
          </Anchor>
        </Alert>
      ) : data.total === 0 ? (
        <Alert
          color="gray"
          variant="outline"
          title={t(filters.scope === "shared" ? "metrics.empty.shared" : "metrics.empty.own")}
          data-testid="dashboard-empty"
        >
          {t(filters.scope === "shared" ? "metrics.empty.sharedHint" : "metrics.empty.ownHint")}{" "}
          {filters.scope === "own" ? (
            <Anchor component={Link} to="/metrics/record">
              {t("metrics.nav.record")}
            </Anchor>
          ) : null}
        </Alert>
      ) : (
        <>
          {data.pageCount > 1 ? (
            <Text size="sm" data-testid="series-range">
              {t("metrics.pages.status", { first, last: first + data.series.length - 1, total: data.total })}
            </Text>
          ) : null}
          <div className="mdash-grid">
            {data.series.map((s) => (
              <SeriesCard key={s.key} series={s} />
            ))}
          </div>
          <Pages page={data.page} pageCount={data.pageCount} hrefOf={pageHref} />
        </>
      )}
    </Stack>
  );
}
