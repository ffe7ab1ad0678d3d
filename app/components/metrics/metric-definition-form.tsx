import type { SubmissionResult } from "@conform-to/react";
import { labelKey } from "~/i18n/labels";
import { SimpleGrid, Stack, TextInput } from "@mantine/core";
import { ConformForm, FormError, FormFooter, NumberField, RadioGroupField, SelectField, TextField, useSchemaForm, useSubmitting } from "~/components/forms";
import { FACTORS } from "~/domain/factors";
import { METRIC_AGGREGATIONS, METRIC_CATEGORIES, metricDefinitionSchema } from "~/forms/metric-definition";
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
  const submitting = useSubmitting();
  const [form, fields] = useSchemaForm(metricDefinitionSchema, { lastResult, defaultValue: defaults });
  const fixed = mode === "edit";

  return (
    <ConformForm form={form}>
      <Stack gap="sm" maw={760}>
        <FormError form={form} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextField field={fields.key} label={t("metrics.field.key")} description={t("metrics.field.keyHint")} readOnly={fixed} />
          {fixed ? (
            <>
              <input type="hidden" name="owner" value={defaults.owner} />
              <TextInput label={t("metrics.field.owner")} value={owners.find((o) => o.value === defaults.owner)?.label ?? ""} readOnly />
            </>
          ) : (
            <SelectField field={fields.owner} label={t("metrics.field.owner")} options={owners} />
          )}
          <TextField field={fields.nameFi} label={t("metrics.field.nameFi")} lang="fi" />
          <TextField field={fields.nameEn} label={t("metrics.field.nameEn")} lang="en" />
          <TextField field={fields.unit} label={t("metrics.field.unit")} description={t("metrics.field.unitHint")} />
          <NumberField field={fields.target} label={t("metrics.field.target")} description={t("metrics.field.targetHint")} />
          <NumberField field={fields.minValue} label={t("metrics.field.minValue")} description={t("metrics.field.boundsHint")} />
          <NumberField field={fields.maxValue} label={t("metrics.field.maxValue")} description={t("metrics.field.boundsHint")} />
          <SelectField
            field={fields.aggregation}
            label={t("metrics.field.aggregation")}
            options={METRIC_AGGREGATIONS.map((a) => ({ value: a, label: t(labelKey("metrics.aggregation", a)) }))}
          />
          <TextField
            field={fields.category}
            label={t("metrics.field.category")}
            description={t("metrics.field.categoryHint", { examples: METRIC_CATEGORIES.map((c) => `${c} (${categoryLabel(t, c)})`).join(", ") })}
            list="metric-categories"
          />
          <datalist id="metric-categories">
            {METRIC_CATEGORIES.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <SelectField
            field={fields.factor}
            label={t("metrics.field.factor")}
            options={[{ value: "", label: t("metrics.field.noFactor") }, ...FACTORS.map((f) => ({ value: f, label: t(labelKey("factor", f)) }))]}
          />
        </SimpleGrid>
        <RadioGroupField
          field={fields.direction}
          label={t("metrics.field.direction")}
          inline
          options={[
            { value: "higher_better", label: t("metrics.direction.higher_better") },
            { value: "lower_better", label: t("metrics.direction.lower_better") },
          ]}
        />
        <FormFooter submitLabel={t(mode === "create" ? "metrics.catalogue.add" : "metrics.catalogue.save")} pending={submitting} />
      </Stack>
    </ConformForm>
  );
}
