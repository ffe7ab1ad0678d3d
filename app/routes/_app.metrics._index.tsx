import { Alert, Anchor, Button, Group, NativeSelect, Radio, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { categoryLabel, formatMonth } from "~/components/metrics/format";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { SeriesCard } from "~/components/metrics/series-card";
import { dashboardFiltersFrom } from "~/forms/metric-dashboard";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { metricsDashboard } from "~/models/measurement.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.metrics");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filters = dashboardFiltersFrom(new URL(request.url));
  const dashboard = metricsDashboard(user, {
    scope: filters.scope,
    relationshipId: filters.relationship,
    category: filters.category,
    months: filters.months,
  });
  return {
    filters,
    from: dashboard.from,
    to: dashboard.to,
    series: dashboard.series,
    options: dashboard.options,
    isOrgAdmin: user.memberships.some((m) => m.role === "org_admin"),
  };
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

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("metrics.title")}</Title>
        <Text c="dimmed">{t("metrics.dashboard.intro")}</Text>
      </div>
      <MetricsNav current="dashboard" isOrgAdmin={data.isOrgAdmin} />

      <Form method="get" aria-label={t("metrics.filters")}>
        <Stack gap="sm">
          <Radio.Group name="scope" defaultValue={filters.scope} label={t("metrics.scope")}>
            <Group gap="lg" mt={4}>
              <Radio value="shared" label={t("metrics.scope.shared")} />
              <Radio value="own" label={t("metrics.scope.own")} />
            </Group>
          </Radio.Group>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <NativeSelect
              name="relationship"
              label={t("metrics.filter.relationship")}
              defaultValue={filters.relationship ? String(filters.relationship) : ""}
              data={[{ value: "", label: t("metrics.filter.allRelationships") }, ...data.options.relationships.map((r) => ({ value: String(r.id), label: r.label }))]}
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

      <Text size="sm" c="dimmed">
        {t("metrics.window", { from: formatMonth(locale, data.from), to: formatMonth(locale, data.to), count: data.series.length })}
      </Text>

      {data.series.length === 0 ? (
        <Alert color="gray" title={t(filters.scope === "shared" ? "metrics.empty.shared" : "metrics.empty.own")}>
          {t(filters.scope === "shared" ? "metrics.empty.sharedHint" : "metrics.empty.ownHint")}{" "}
          {filters.scope === "own" ? (
            <Anchor component={Link} to="/metrics/record">
              {t("metrics.nav.record")}
            </Anchor>
          ) : null}
        </Alert>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {data.series.map((s) => (
            <SeriesCard key={s.key} series={s} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
