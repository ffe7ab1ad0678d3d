import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Alert, Button, Group, NativeSelect, Radio, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { FACTORS } from "~/domain/factors";
import { METRIC_AGGREGATIONS, METRIC_CATEGORIES, metricDefinitionSchema } from "~/forms/metric-definition";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { categoryLabel } from "./format";

export type MetricFormDefaults = {
  key: string;
  owner: string;
  nameFi: string;
  nameEn: string;
  unit: string;
  direction: string;
  aggregation: string;
  target: string;
  minValue: string;
  maxValue: string;
  category: string;
  factor: string;
};

/**
 * Add or edit a metric definition. On edit the key and owner are shown but
 * fixed: files and API clients refer to metrics by key.
 */
export function MetricDefinitionForm({
  lastResult,
  defaults,
  owners,
  mode,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaults: MetricFormDefaults;
  owners: Array<{ value: string; label: string }>;
  mode: "create" | "edit";
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: defaults,
    constraint: getZodConstraint(metricDefinitionSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: metricDefinitionSchema }),
  });
  const tr = (key: string | undefined) => (key ? t(key as MessageKey) : undefined);
  const fixed = mode === "edit";

  return (
    <Form method="post" {...getFormProps(form)}>
      <Stack gap="sm" maw={760}>
        {form.errors?.length ? (
          <Alert color="red" role="alert" id={form.errorId}>
            {tr(form.errors[0])}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            {...getInputProps(fields.key, { type: "text" })}
            key={fields.key.key}
            label={t("metrics.field.key")}
            description={t("metrics.field.keyHint")}
            readOnly={fixed}
            error={tr(fields.key.errors?.[0])}
          />
          {fixed ? (
            <>
              <input type="hidden" name="owner" value={defaults.owner} />
              <TextInput label={t("metrics.field.owner")} value={owners.find((o) => o.value === defaults.owner)?.label ?? ""} readOnly />
            </>
          ) : (
            <NativeSelect
              {...getSelectProps(fields.owner)}
              key={fields.owner.key}
              label={t("metrics.field.owner")}
              data={owners}
              error={tr(fields.owner.errors?.[0])}
            />
          )}
          <TextInput {...getInputProps(fields.nameFi, { type: "text" })} key={fields.nameFi.key} label={t("metrics.field.nameFi")} lang="fi" error={tr(fields.nameFi.errors?.[0])} />
          <TextInput {...getInputProps(fields.nameEn, { type: "text" })} key={fields.nameEn.key} label={t("metrics.field.nameEn")} lang="en" error={tr(fields.nameEn.errors?.[0])} />
          <TextInput
            {...getInputProps(fields.unit, { type: "text" })}
            key={fields.unit.key}
            label={t("metrics.field.unit")}
            description={t("metrics.field.unitHint")}
            error={tr(fields.unit.errors?.[0])}
          />
          <TextInput
            {...getInputProps(fields.target, { type: "text" })}
            key={fields.target.key}
            label={t("metrics.field.target")}
            description={t("metrics.field.targetHint")}
            inputMode="decimal"
            error={tr(fields.target.errors?.[0])}
          />
          <TextInput
            {...getInputProps(fields.minValue, { type: "text" })}
            key={fields.minValue.key}
            label={t("metrics.field.minValue")}
            description={t("metrics.field.boundsHint")}
            inputMode="decimal"
            error={tr(fields.minValue.errors?.[0])}
          />
          <TextInput
            {...getInputProps(fields.maxValue, { type: "text" })}
            key={fields.maxValue.key}
            label={t("metrics.field.maxValue")}
            description={t("metrics.field.boundsHint")}
            inputMode="decimal"
            error={tr(fields.maxValue.errors?.[0])}
          />
          <NativeSelect
            {...getSelectProps(fields.aggregation)}
            key={fields.aggregation.key}
            label={t("metrics.field.aggregation")}
            data={METRIC_AGGREGATIONS.map((a) => ({ value: a, label: t(`metrics.aggregation.${a}` as MessageKey) }))}
            error={tr(fields.aggregation.errors?.[0])}
          />
          <TextInput
            {...getInputProps(fields.category, { type: "text" })}
            key={fields.category.key}
            label={t("metrics.field.category")}
            description={t("metrics.field.categoryHint", { examples: METRIC_CATEGORIES.map((c) => `${c} (${categoryLabel(t, c)})`).join(", ") })}
            list="metric-categories"
            error={tr(fields.category.errors?.[0])}
          />
          <datalist id="metric-categories">
            {METRIC_CATEGORIES.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <NativeSelect
            {...getSelectProps(fields.factor)}
            key={fields.factor.key}
            label={t("metrics.field.factor")}
            data={[{ value: "", label: t("metrics.field.noFactor") }, ...FACTORS.map((f) => ({ value: f, label: t(`factor.${f}` as MessageKey) }))]}
            error={tr(fields.factor.errors?.[0])}
          />
        </SimpleGrid>
        <Radio.Group
          name={fields.direction.name}
          defaultValue={defaults.direction || undefined}
          label={t("metrics.field.direction")}
          error={tr(fields.direction.errors?.[0])}
        >
          <Group gap="lg" mt={4}>
            <Radio value="higher_better" label={t("metrics.direction.higher_better")} />
            <Radio value="lower_better" label={t("metrics.direction.lower_better")} />
          </Group>
        </Radio.Group>
        <Group>
          <Button type="submit" loading={navigation.state === "submitting"}>
            {t(mode === "create" ? "metrics.catalogue.add" : "metrics.catalogue.save")}
          </Button>
        </Group>
      </Stack>
    </Form>
  );
}
