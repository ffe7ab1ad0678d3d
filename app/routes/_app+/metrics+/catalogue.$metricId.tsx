import { parseWithZod } from "@conform-to/zod";
import { Anchor, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { MetricDefinitionForm } from "~/components/metrics/metric-definition-form";
import { metricDefinitionSchema } from "~/forms/metric-definition";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getMetricForEdit, updateMetric } from "~/models/metric.server";
import { idParam } from "~/http/route-params.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.editMetric");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const m = await getMetricForEdit(user, idParam(params, "metricId"));
  return {
    metric: {
      key: m.key,
      owner: m.ownerOrganisationId === null ? "catalogue" : String(m.ownerOrganisationId),
      ownerName: m.ownerName,
      nameFi: m.nameFi,
      nameEn: m.nameEn,
      unit: m.unit,
      direction: m.direction,
      aggregation: m.aggregation,
      target: m.target === null ? "" : String(m.target),
      minValue: m.minValue === null ? "" : String(m.minValue),
      maxValue: m.maxValue === null ? "" : String(m.maxValue),
      category: m.category,
      factor: m.factor ?? "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params, "metricId");
  // The same check as the page: a metric the user may not edit is refused before the form is read.
  await getMetricForEdit(user, id);
  const submission = parseWithZod(await request.formData(), { schema: metricDefinitionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await updateMetric(user, id, submission.value);
  return redirect("/metrics/catalogue");
}

export default function EditMetric() {
  const { metric } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const { ownerName, ...defaults } = metric;
  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to="/metrics/catalogue" size="sm">
          ← {t("metrics.catalogue.title")}
        </Anchor>
        <Title order={1}>{t("metrics.catalogue.editTitle", { name: locale === "fi" ? metric.nameFi : metric.nameEn })}</Title>
        <Text c="dimmed">{t("metrics.catalogue.editIntro")}</Text>
      </div>
      <MetricDefinitionForm
        mode="edit"
        lastResult={lastResult}
        defaults={defaults}
        owners={[{ value: metric.owner, label: ownerName ?? t("metrics.catalogue.shared") }]}
      />
    </Stack>
  );
}
