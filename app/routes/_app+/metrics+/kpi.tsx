import type { FieldMetadata } from "@conform-to/react";
import { labelKey, messageKey } from "~/i18n/labels";
import { parseWithZod } from "@conform-to/zod";
import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { clientIp, requireUser } from "~/auth.server";
import { ConformForm, DateField, FormFooter, NumberField, SelectField, useErrorText, useSchemaForm } from "~/components/forms";
import kpiStyles from "~/components/kpi/kpi.css";
import { PortalKpis } from "./__portal-kpis";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { ContrastScope } from "~/components/relationship/contrast";
import { SEGMENT_DIMENSIONS } from "~/domain/customer-kpi";
import { KPI_VIEW_DEFAULTS, kpiViewSchema } from "~/forms/customer-kpi";
import { KPI_CALCULATORS, kpiSchema, type KpiCalculator } from "~/forms/kpi";
import type { MessageKey } from "~/i18n/messages";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { customerKpis, kpiChainChoices, kpiQuarterChoices, latestCompletedQuarter } from "~/models/customer-kpi.server";
import { calculateKpi, kpiStoreTargets, storeKpiFigures, type KpiFigure } from "~/models/kpi.server";
import { refusalReply } from "~/http/refusal";
import { rejectIdBeyondRange } from "~/http/route-params.server";
import { firstMessage } from "~/models/result";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.customerKpis");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: kpiStyles }];

/**
 * The KPIs from the portal's data (the view is the query string: quarter,
 * segments, chain, CLV parameters; a bad value is a 400 naming the field, a
 * chain the user may not open a 404) and the calculators beside them.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const latest = latestCompletedQuarter();
  const search = new URL(request.url).searchParams;
  // A chain id beyond any row is an unknown chain: 404, as for one the user may not open.
  rejectIdBeyondRange(search.get("chain"));
  const submission = parseWithZod(search, { schema: kpiViewSchema(latest) });
  const base = {
    ...(await kpiStoreTargets(user)),
    isOrgAdmin: user.memberships.some((m) => m.role === "org_admin"),
    latestQuarter: latest,
    quarterChoices: kpiQuarterChoices(),
    chains: await kpiChainChoices(user),
  };
  if (submission.status !== "success") return data({ ...base, view: null, viewResult: submission.reply(), kpis: null }, { status: 400 });
  const v = submission.value;
  const kpis = await customerKpis(user, {
    to: v.to,
    dimension: v.by,
    chainId: v.chain ?? null,
    clv: { discountRate: v.discount / 100, acquisitionCost: v.acquisition },
  });
  return { ...base, view: { to: v.to, by: v.by, chain: v.chain ?? null, discount: v.discount, acquisition: v.acquisition }, viewResult: null, kpis };
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
    return data({ calculator, result: refusalReply(submission, calculation), figures: null, stored: null }, { status: calculation.status });
  }
  if (input.intent !== "store") return { calculator, result: submission.reply(), figures: calculation.figures, stored: null };
  const outcome = await storeKpiFigures(user, input.relationship!, input.month!, calculation.figures, { ip: clientIp(context) });
  if (!outcome.ok) {
    const error = firstMessage(outcome);
    const field = error === "metrics.error.month" ? "month" : "intent";
    return data(
      { calculator, result: submission.reply({ fieldErrors: { [field]: [error] } }), figures: calculation.figures, stored: null },
      { status: outcome.status },
    );
  }
  return {
    calculator,
    result: submission.reply(),
    figures: calculation.figures,
    stored: { inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged },
  };
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

export default function KpiPage() {
  const { isOrgAdmin, kpis } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  // The contrast scope lifts Mantine's dimmed, error and light-variant colours to WCAG AA.
  return (
    <ContrastScope>
      <Stack gap="lg">
        <div>
          <Title order={1}>{t("kpiData.pageTitle")}</Title>
          <Text>{t("kpiData.pageIntro")}</Text>
        </div>
        <MetricsNav current="kpi" isOrgAdmin={isOrgAdmin} />
        <Stack gap="md" component="section" aria-labelledby="kpi-data-title">
          <div>
            <Title order={2} id="kpi-data-title">
              {t("kpiData.title")}
            </Title>
            <Text size="sm">{t("kpiData.intro")}</Text>
          </div>
          <KpiViewForm />
          {kpis ? <PortalKpis kpis={kpis} /> : null}
        </Stack>
        <Stack gap="md" component="section" aria-labelledby="kpi-calculators-title">
          <div>
            <Title order={2} id="kpi-calculators-title">
              {t("kpi.title")}
            </Title>
            <Text size="sm">{t("kpi.intro")}</Text>
          </div>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            {KPI_CALCULATORS.map((c) => (
              <Calculator key={c} calculator={c} />
            ))}
          </SimpleGrid>
        </Stack>
      </Stack>
    </ContrastScope>
  );
}

/** The view of the portal-data KPIs: a GET form, so every view has its own URL and works without JavaScript. */
function KpiViewForm() {
  const { view, viewResult, quarterChoices, chains, latestQuarter } = useLoaderData<typeof loader>();
  const { t, quarter, percent } = useI18n();
  const schema = kpiViewSchema(latestQuarter);
  const [form, fields] = useSchemaForm(schema, {
    id: "kpi-view",
    lastResult: viewResult,
    defaultValue: view
      ? {
          to: view.to,
          by: view.by,
          chain: view.chain === null ? "" : String(view.chain),
          discount: String(view.discount),
          acquisition: String(view.acquisition),
        }
      : undefined,
  });
  const chosenTo = String(fields.to.initialValue ?? latestQuarter);
  const toChoices = quarterChoices.includes(chosenTo) || !/^\d{4}-Q[1-4]$/.test(chosenTo) ? quarterChoices : [chosenTo, ...quarterChoices];
  return (
    <ConformForm form={form} method="get">
      <Card withBorder padding="sm">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <SelectField field={fields.to} label={t("kpiData.to")} options={toChoices.map((q) => ({ value: q, label: quarter(q) }))} />
            <SelectField
              field={fields.by}
              label={t("kpiData.by")}
              options={SEGMENT_DIMENSIONS.map((d) => ({ value: d, label: t(labelKey("kpiData.by", d)) }))}
            />
            <SelectField
              field={fields.chain}
              label={t("kpiData.chain")}
              options={[{ value: "", label: t("kpiData.allChains") }, ...chains.map((c) => ({ value: String(c.id), label: c.name }))]}
            />
          </SimpleGrid>
          <fieldset className="kpi-fieldset">
            <legend>{t("kpiData.clvParams")}</legend>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberField field={fields.discount} label={t("kpiData.discount")} />
              <NumberField field={fields.acquisition} label={t("kpiData.acquisition")} />
            </SimpleGrid>
            <Text size="xs" mt={4}>
              {t("kpiData.paramsHint", { discount: percent(KPI_VIEW_DEFAULTS.discount / 100, 2), acquisition: String(KPI_VIEW_DEFAULTS.acquisition) })}
            </Text>
          </fieldset>
          {viewResult ? (
            <Alert color="red" role="alert">
              {t("kpiData.filterInvalid")}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit">{t("kpiData.show")}</Button>
          </Group>
        </Stack>
      </Card>
    </ConformForm>
  );
}

function Calculator({ calculator }: { calculator: KpiCalculator }) {
  const { relationships, latestMonth } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const mine = actionData?.calculator === calculator ? actionData : undefined;
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form, fields] = useSchemaForm(kpiSchema, { id: `kpi-${calculator}`, lastResult: mine?.result });
  // One schema for six calculators: each form has the fields of its own calculator.
  const all = fields as unknown as Record<string, FieldMetadata<string | undefined>>;
  const titleId = `kpi-${calculator}-title`;
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={3} id={titleId}>
          {t(messageKey(`kpi.${calculator}.title`))}
        </Title>
        {calculator === "equity" ? <Text size="sm">{t("kpi.equity.intro")}</Text> : null}
        <ConformForm form={form}>
          <input type="hidden" name="calculator" value={calculator} />
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {FIELDS[calculator].map((f) => (
                <NumberField key={f.name} field={all[f.name]} label={t(f.label)} integer={f.integer} />
              ))}
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
                  <SelectField
                    field={all.relationship}
                    label={t("metrics.relationship")}
                    options={[{ value: "", label: t("metrics.choose") }, ...relationships.map((r) => ({ value: String(r.id), label: r.label }))]}
                  />
                  <DateField field={all.month} month label={t("metrics.month")} max={latestMonth} />
                </SimpleGrid>
              </fieldset>
            )}
            {all.intent.errors?.[0] ? (
              <Alert color="red" role="alert">
                {errorText(all.intent.errors[0])}
              </Alert>
            ) : null}
            <FormFooter submitLabel={t("kpi.calculate")} submitProps={{ name: "intent", value: "calculate" }}>
              {calculator === "equity" || relationships.length === 0 ? null : (
                <Button type="submit" name="intent" value="store" variant="light">
                  {t("kpi.store")}
                </Button>
              )}
            </FormFooter>
          </Stack>
        </ConformForm>
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
    f.value === null
      ? t("kpi.undefined")
      : f.unit === "eur"
        ? `${number(f.value, 2)} €`
        : f.unit === "percent"
          ? percent(f.value / 100, 1)
          : number(f.value, 1);
  return (
    <Stack gap="xs" aria-live="polite">
      {figures.map((f) => {
        const params = Object.fromEntries(
          Object.entries(f.params).map(([k, v]) => [k, PERCENT_PARAMS.has(k) ? percent(v / 100, 2) : number(v, Number.isInteger(v) ? 0 : 2)]),
        );
        return (
          <div key={f.label}>
            <Text fw={700} size="lg">
              {t(f.label)}: {show(f)}
            </Text>
            <Text size="sm" c="dimmed">
              {t(f.formula, params)} = {show(f)}
            </Text>
          </div>
        );
      })}
    </Stack>
  );
}
