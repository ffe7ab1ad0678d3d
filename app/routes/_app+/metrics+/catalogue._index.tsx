import { parseWithZod } from "@conform-to/zod";
import { labelKey } from "~/i18n/labels";
import { Alert, Anchor, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { boundsLabel, categoryLabel, formatMetricValue, unitLabel } from "~/components/metrics/format";
import { MetricDefinitionForm } from "~/components/metrics/metric-definition-form";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { effectiveBounds } from "~/domain/measurement-rules";
import { metricDefinitionSchema } from "~/forms/metric-definition";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { createMetric, listCatalogue, metricDescription, metricOwnerChoices } from "~/models/metric.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.metricCatalogue");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    metrics: (await listCatalogue(user)).map((m) => ({
      id: m.id,
      ...metricDescription(m),
      bounds: effectiveBounds(m),
      category: m.category,
      factor: m.factor,
      ownerName: m.ownerName,
      canEdit: m.canEdit,
    })),
    owners: metricOwnerChoices(user),
    isOrgAdmin: user.memberships.some((m) => m.role === "org_admin"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), {
    schema: metricDefinitionSchema,
  });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createMetric(user, submission.value);
  if (!result.ok) return refusalResponse(submission, result);
  return redirect(`/metrics/catalogue?added=${encodeURIComponent(submission.value.key)}`);
}

export default function MetricCatalogue() {
  const { metrics, owners, isOrgAdmin } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const ownerOptions = owners.map((o) => ({
    value: o.id === null ? "catalogue" : String(o.id),
    label: o.name ?? t("metrics.catalogue.shared"),
  }));
  const added = params.get("added");

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("metrics.catalogue.title")}</Title>
        <Text c="dimmed">{t("metrics.catalogue.intro")}</Text>
      </div>
      <MetricsNav current="catalogue" isOrgAdmin={isOrgAdmin} />
      {added ? (
        <Alert color="teal" role="status">
          {t("metrics.catalogue.added", { key: added })}
        </Alert>
      ) : null}
      {/* A native, focusable scroller: a keyboard can scroll the wide table sideways (WCAG 2.1.1). */}
      <Table.ScrollContainer minWidth={1000} type="native" tabIndex={0} role="region" aria-label={t("metrics.catalogue.title")}>
        <Table striped withTableBorder highlightOnHover fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("metrics.field.name")}</Table.Th>
              <Table.Th scope="col">{t("metrics.field.key")}</Table.Th>
              <Table.Th scope="col">{t("metrics.field.unit")}</Table.Th>
              <Table.Th scope="col">{t("metrics.field.direction")}</Table.Th>
              <Table.Th scope="col">{t("metrics.field.aggregationShort")}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t("metrics.field.target")}
              </Table.Th>
              <Table.Th scope="col">{t("metrics.bounds")}</Table.Th>
              <Table.Th scope="col">{t("metrics.field.category")}</Table.Th>
              <Table.Th scope="col">{t("metrics.field.factor")}</Table.Th>
              <Table.Th scope="col">{t("metrics.field.owner")}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t("metrics.catalogue.edit")}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {metrics.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td fw={500}>{locale === "fi" ? m.nameFi : m.nameEn}</Table.Td>
                <Table.Td>
                  <code>{m.key}</code>
                </Table.Td>
                <Table.Td>{unitLabel(t, m.unit)}</Table.Td>
                <Table.Td>{t(labelKey("metrics.direction", m.direction))}</Table.Td>
                <Table.Td>{t(labelKey("metrics.aggregation", m.aggregation))}</Table.Td>
                <Table.Td ta="right">{formatMetricValue(locale, m.target, m.unit)}</Table.Td>
                <Table.Td>{boundsLabel(t, locale, m.bounds, m.unit) ?? t("metrics.bounds.none")}</Table.Td>
                <Table.Td>{categoryLabel(t, m.category)}</Table.Td>
                <Table.Td>{m.factor ? t(labelKey("factor", m.factor)) : "–"}</Table.Td>
                <Table.Td>
                  {m.ownerName ?? (
                    <Text span size="sm" c="dimmed">
                      {t("metrics.catalogue.shared")}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {m.canEdit ? (
                    <Anchor component={Link} to={`/metrics/catalogue/${m.id}`} size="sm" aria-label={`${t("metrics.catalogue.edit")}: ${m.key}`}>
                      {t("metrics.catalogue.edit")}
                    </Anchor>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {ownerOptions.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t("metrics.catalogue.addTitle")}
          </Title>
          <Text size="sm" c="dimmed">
            {t(owners.some((o) => o.id === null) ? "metrics.catalogue.addIntroAdmin" : "metrics.catalogue.addIntro")}
          </Text>
          <MetricDefinitionForm
            mode="create"
            lastResult={lastResult}
            owners={ownerOptions}
            defaults={{
              key: "",
              owner: ownerOptions[0].value,
              nameFi: "",
              nameEn: "",
              unit: "",
              direction: "higher_better",
              aggregation: "mean",
              target: "",
              minValue: "",
              maxValue: "",
              category: "",
              factor: "",
            }}
          />
        </Stack>
      ) : null}
    </Stack>
  );
}
