import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Alert, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp, requireUser } from "~/auth.server";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { KPI_CALCULATORS, kpiSchema, type KpiCalculator } from "~/forms/kpi";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { calculateKpi, kpiStoreTargets, storeKpiFigures, type KpiFigure } from "~/models/kpi.server";

export const meta: MetaFunction = () => [{ title: "KPI calculators · Service chain portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...kpiStoreTargets(user), isOrgAdmin: user.memberships.some((m) => m.role === "org_admin") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const calculator = String(formData.get("calculator") ?? "") as KpiCalculator;
  const submission = parseWithZod(formData, { schema: kpiSchema });
  if (submission.status !== "success") return data({ calculator, result: submission.reply(), figures: null, stored: null }, { status: 400 });
  const input = submission.value;
  const calculation = calculateKpi(input);
  if (!calculation.ok) {
    return data({ calculator, result: submission.reply({ fieldErrors: { [calculation.field]: [calculation.error] } }), figures: null, stored: null }, { status: 400 });
  }
  if (input.intent !== "store") return { calculator, result: submission.reply(), figures: calculation.figures, stored: null };
  const outcome = storeKpiFigures(user, input.relationship!, input.month!, calculation.figures, { ip: clientIp(context) });
  if (!outcome.ok) {
    const error = Object.values(outcome.errors)[0];
    const field = error === "metrics.error.month" ? "month" : "intent";
    return data({ calculator, result: submission.reply({ fieldErrors: { [field]: [error] } }), figures: calculation.figures, stored: null }, { status: 400 });
  }
  return { calculator, result: submission.reply(), figures: calculation.figures, stored: { inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged } };
}

const FIELDS: Record<KpiCalculator, Array<{ name: string; label: MessageKey; integer?: boolean }>> = {
  nps: [
    { name: "promoters", label: "kpi.nps.promoters", integer: true },
    { name: "passives", label: "kpi.nps.passives", integer: true },
    { name: "detractors", label: "kpi.nps.detractors", integer: true },
  ],
  retention: [
    { name: "atStart", label: "kpi.retention.atStart", integer: true },
    { name: "kept", label: "kpi.retention.kept", integer: true },
  ],
  clv: [
    { name: "margin", label: "kpi.clv.margin" },
    { name: "retention", label: "kpi.clv.retention" },
    { name: "discountRate", label: "kpi.clv.discountRate" },
    { name: "acquisitionCost", label: "kpi.clv.acquisitionCost" },
  ],
  equity: [
    { name: "customers", label: "kpi.equity.customers", integer: true },
    { name: "margin", label: "kpi.clv.margin" },
    { name: "retention", label: "kpi.clv.retention" },
    { name: "discountRate", label: "kpi.clv.discountRate" },
    { name: "acquisitionCost", label: "kpi.clv.acquisitionCost" },
  ],
  roi: [
    { name: "returnEur", label: "kpi.roi.returnEur" },
    { name: "investment", label: "kpi.roi.investment" },
  ],
  cpo: [
    { name: "cost", label: "kpi.cpo.cost" },
    { name: "orders", label: "kpi.cpo.orders", integer: true },
  ],
};

export default function KpiCalculators() {
  const { isOrgAdmin } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("kpi.title")}</Title>
        <Text c="dimmed">{t("kpi.intro")}</Text>
      </div>
      <MetricsNav current="kpi" isOrgAdmin={isOrgAdmin} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        {KPI_CALCULATORS.map((c) => (
          <Calculator key={c} calculator={c} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function Calculator({ calculator }: { calculator: KpiCalculator }) {
  const { relationships, latestMonth } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const mine = actionData?.calculator === calculator ? actionData : undefined;
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: `kpi-${calculator}`,
    lastResult: mine?.result,
    constraint: getZodConstraint(kpiSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: kpiSchema }),
  });
  const all = fields as unknown as Record<string, { errors?: string[]; key?: string; name: string; initialValue?: unknown; id: string; errorId: string; descriptionId: string; formId: string }>;
  const tr = (key: string | undefined) => (key ? t(key as MessageKey) : undefined);
  const titleId = `kpi-${calculator}-title`;
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={titleId}>
          {t(`kpi.${calculator}.title` as MessageKey)}
        </Title>
        {calculator === "equity" ? <Text size="sm">{t("kpi.equity.intro")}</Text> : null}
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="calculator" value={calculator} />
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {FIELDS[calculator].map((f) => {
                const field = all[f.name];
                return (
                  <TextInput
                    {...getInputProps(field as never, { type: "text" })}
                    key={f.name}
                    label={t(f.label)}
                    inputMode={f.integer ? "numeric" : "decimal"}
                    error={tr(field.errors?.[0])}
                  />
                );
              })}
            </SimpleGrid>
            {calculator === "equity" ? (
              <Text size="sm" c="dimmed">
                {t("kpi.equity.notStored")}
              </Text>
            ) : (
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend>
                  <Text size="sm" fw={500}>
                    {t("kpi.storeTitle")}
                  </Text>
                </legend>
                <Text size="xs" c="dimmed" mb="xs">
                  {t("kpi.storeHint")}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <NativeSelect
                    {...getSelectProps(all.relationship as never)}
                    label={t("metrics.relationship")}
                    data={[{ value: "", label: t("metrics.choose") }, ...relationships.map((r) => ({ value: String(r.id), label: r.label }))]}
                    error={tr(all.relationship.errors?.[0])}
                  />
                  <TextInput {...getInputProps(all.month as never, { type: "month" })} label={t("metrics.month")} max={latestMonth} error={tr(all.month.errors?.[0])} />
                </SimpleGrid>
              </fieldset>
            )}
            {all.intent.errors?.[0] ? (
              <Alert color="red" role="alert">
                {tr(all.intent.errors[0])}
              </Alert>
            ) : null}
            <Group>
              <Button type="submit" name="intent" value="calculate">
                {t("kpi.calculate")}
              </Button>
              {calculator === "equity" || relationships.length === 0 ? null : (
                <Button type="submit" name="intent" value="store" variant="light">
                  {t("kpi.store")}
                </Button>
              )}
            </Group>
          </Stack>
        </Form>
        {mine?.figures ? <Figures figures={mine.figures} /> : null}
        {mine?.stored ? (
          <Alert color="teal" role="status">
            {t("kpi.stored", mine.stored)}
          </Alert>
        ) : null}
      </Stack>
    </Card>
  );
}

/** Formula inputs that are percentages (entered as 0..100). */
const PERCENT_PARAMS = new Set(["retention", "discountRate"]);

function Figures({ figures }: { figures: KpiFigure[] }) {
  const { t, number, percent } = useI18n();
  const show = (f: KpiFigure) =>
    f.value === null ? t("kpi.undefined") : f.unit === "eur" ? `${number(f.value, 2)} €` : f.unit === "percent" ? percent(f.value / 100, 1) : number(f.value, 1);
  return (
    <Stack gap="xs" aria-live="polite">
      {figures.map((f) => {
        const params = Object.fromEntries(
          Object.entries(f.params).map(([k, v]) => [k, PERCENT_PARAMS.has(k) ? percent(v / 100, 2) : number(v, Number.isInteger(v) ? 0 : 2)]),
        );
        return (
          <div key={f.label}>
            <Text fw={700} size="lg">
              {t(f.label as MessageKey)}: {show(f)}
            </Text>
            <Text size="sm" c="dimmed">
              {t(f.formula as MessageKey, params)} = {show(f)}
            </Text>
          </div>
        );
      })}
    </Stack>
  );
}
