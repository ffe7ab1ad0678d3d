import { parseWithZod } from "@conform-to/zod";
import { Alert, Anchor, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp, requireUser } from "~/auth.server";
import { ConformForm, FormFooter, NumberField, SelectField, useSchemaForm, useSubmitting } from "~/components/forms";
import { formatMonth, unitLabel } from "~/components/metrics/format";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { metricEntrySchema } from "~/forms/metric-entry";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { addMonths, latestRecordableMonth, monthRange, recordableRelationships, recordMeasurements } from "~/models/measurement.server";
import { recordableMetrics } from "~/models/metric.server";
import { calendarNow } from "~/models/user.server";
import { firstMessage } from "~/models/result";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.recordMetrics");

const FORM_MONTHS = 36;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const rels = await recordableRelationships(user);
  const orgIds = [...new Set(rels.map((r) => r.organisationId))];
  const metrics = new Map<number, { id: number; key: string; nameFi: string; nameEn: string; unit: string }>();
  for (const orgId of orgIds)
    for (const m of await recordableMetrics(orgId)) metrics.set(m.id, { id: m.id, key: m.key, nameFi: m.nameFi, nameEn: m.nameEn, unit: m.unit });
  return {
    relationships: rels.map((r) => ({ id: r.id, label: `${r.providerName} → ${r.customerName}`, serviceName: r.serviceName, chainName: r.chainName })),
    metrics: [...metrics.values()],
    latestMonth: latestRecordableMonth(calendarNow(user)),
    /** The months the form offers, newest first; older ones go through the grid or a file. */
    months: monthRange(addMonths(latestRecordableMonth(calendarNow(user)), -(FORM_MONTHS - 1)), latestRecordableMonth(calendarNow(user))).reverse(),
    isOrgAdmin: user.memberships.some((m) => m.role === "org_admin"),
  };
}

const FIELD_OF_ERROR: Record<string, "metric" | "month" | "value"> = {
  "metrics.error.metric": "metric",
  "metrics.error.month": "month",
  "metrics.error.value": "value",
  "metrics.error.otherParty": "value",
};

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: metricEntrySchema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: null }, { status: 400 });
  const { relationship, metric, month, value } = submission.value;
  const outcome = await recordMeasurements(user, relationship, [{ metricId: metric, month, value, field: "value" }], { ip: clientIp(context) });
  if (!outcome.ok) {
    const error = firstMessage(outcome);
    return data({ result: submission.reply({ fieldErrors: { [FIELD_OF_ERROR[error] ?? "value"]: [error] } }), saved: null }, { status: outcome.status });
  }
  return { result: submission.reply({ resetForm: true }), saved: { inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged } };
}

export default function RecordMetrics() {
  const { relationships, metrics, latestMonth, months, isOrgAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const { t, locale } = useI18n();
  const [form, fields] = useSchemaForm(metricEntrySchema, { lastResult: actionData?.result });
  const saved = actionData?.saved;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("metrics.record.title")}</Title>
        <Text c="dimmed">{t("metrics.record.intro")}</Text>
      </div>
      <MetricsNav current="record" isOrgAdmin={isOrgAdmin} />

      {relationships.length === 0 ? (
        <Alert color="gray">{t("metrics.record.none")}</Alert>
      ) : (
        <>
          <Stack gap="xs">
            <Title order={2} size="h3">
              {t("metrics.record.gridTitle")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("metrics.record.gridIntro")}
            </Text>
            <Table striped withTableBorder highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("metrics.relationship")}</Table.Th>
                  <Table.Th scope="col">{t("metrics.service")}</Table.Th>
                  <Table.Th scope="col">{t("metrics.chain")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {relationships.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/relationships/${r.id}/metrics`} fw={500}>
                        {r.label}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{r.serviceName}</Table.Td>
                    <Table.Td>{r.chainName}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>

          <Stack gap="xs">
            <Title order={2} size="h3">
              {t("metrics.record.formTitle")}
            </Title>
            {saved ? (
              <Alert color="teal" role="status">
                {saved.inserted + saved.updated === 0 ? t("metrics.record.unchanged") : t("metrics.record.saved")}
              </Alert>
            ) : null}
            <ConformForm form={form}>
              <Stack gap="sm" maw={760}>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <SelectField
                    field={fields.relationship}
                    label={t("metrics.relationship")}
                    options={[
                      { value: "", label: t("metrics.choose") },
                      ...relationships.map((r) => ({ value: String(r.id), label: `${r.label} · ${r.serviceName}` })),
                    ]}
                  />
                  <SelectField
                    field={fields.metric}
                    label={t("metrics.metric")}
                    options={[
                      { value: "", label: t("metrics.choose") },
                      ...metrics.map((m) => ({ value: String(m.id), label: `${locale === "fi" ? m.nameFi : m.nameEn} (${unitLabel(t, m.unit)})` })),
                    ]}
                  />
                  <SelectField
                    field={fields.month}
                    label={t("metrics.month")}
                    description={t("metrics.record.monthHint", { latest: formatMonth(locale, latestMonth), earliest: formatMonth(locale, months.at(-1)!) })}
                    options={[{ value: "", label: t("metrics.choose") }, ...months.map((m) => ({ value: m, label: formatMonth(locale, m) }))]}
                  />
                  <NumberField field={fields.value} label={t("metrics.value")} description={t("metrics.record.valueHint")} />
                </SimpleGrid>
                <FormFooter submitLabel={t("metrics.record.submit")} pending={submitting} />
              </Stack>
            </ConformForm>
          </Stack>
        </>
      )}
    </Stack>
  );
}
