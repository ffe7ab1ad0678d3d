/**
 * The scoring model editor: every cell of a version, with the source
 * statement beside each level (as the factor matrix shows it). A draft is a
 * form that works without JavaScript; a published version is the same layout
 * as text.
 */
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { labelKey } from "~/i18n/labels";
import { parseWithZod } from "@conform-to/zod";
import { Alert, Anchor, Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { CRITICALITIES } from "~/domain/factors";
import { CONDITION_KINDS, type ModelContent } from "~/domain/model-version";
import { SCORE_BAND_KEYS } from "~/domain/score-bands";
import { CONDITION_CELL_OPTIONS, modelDraftSchema, type ModelDraftFormShape } from "~/forms/importance-model";
import { useI18n } from "~/i18n/use-i18n";
import { useErrorText } from "~/components/forms";
import { useCellLabel, useFieldLabel } from "./model-labels";
import { LEVEL_OPTIONS, LevelsLayout, type LevelFields } from "./model-levels";

export { useCellLabel } from "./model-labels";

/** Decimal text in the locale's style (1,5 in Finnish): the form reads both. */
function decimalText(locale: string, v: number): string {
  const text = String(v);
  return locale === "fi" ? text.replace(".", ",") : text;
}

function defaultValueOf(content: ModelContent, locale: string) {
  return {
    name: content.name,
    startupYears: String(content.startupYears),
    criticalityMultipliers: Object.fromEntries(CRITICALITIES.map((c) => [c, decimalText(locale, content.criticalityMultipliers[c])])),
    bands: content.bands.map((b) => ({ key: b.key, min: decimalText(locale, b.min), max: decimalText(locale, b.max) })),
    levels: content.levels.map((r) => ({ ...r, level: String(r.level), remove: undefined })),
    newCondition: {},
  };
}

/** The content of a published version, read-only. */
export function ModelContentView({ content }: { content: ModelContent }) {
  const indexed = content.levels.map((row, index) => ({ index, row }));
  return (
    <Stack gap="lg">
      <ScalarsView content={content} />
      <LevelsLayout indexed={indexed} fieldsOf={null} />
    </Stack>
  );
}

function ScalarsView({ content }: { content: ModelContent }) {
  const { t, number } = useI18n();
  return (
    <Group align="flex-start" gap="xl" wrap="wrap">
      <section aria-labelledby="model-general">
        <Title order={2} size="h3" id="model-general">
          {t("model.general")}
        </Title>
        <dl className="model-dl">
          <dt>{t("model.name")}</dt>
          <dd>{content.name}</dd>
          <dt>{t("model.startupYears")}</dt>
          <dd>{t("model.startupYearsValue", { years: content.startupYears })}</dd>
        </dl>
      </section>
      <section aria-labelledby="model-multipliers">
        <Title order={2} size="h3" id="model-multipliers">
          {t("model.multipliers")}
        </Title>
        <dl className="model-dl">
          {CRITICALITIES.map((c) => (
            <div key={c}>
              <dt>{t(labelKey("criticality", c))}</dt>
              <dd>× {number(content.criticalityMultipliers[c], 2)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="model-bands">
        <Title order={2} size="h3" id="model-bands">
          {t("model.bands")}
        </Title>
        <dl className="model-dl">
          {content.bands.map((b) => (
            <div key={b.key}>
              <dt>{t(labelKey("model.band", b.key))}</dt>
              <dd>
                {number(b.min, 1)}–{number(b.max, 1)}
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </Group>
  );
}

/** The draft as one form: save checks everything and names each problem's cell. */
export function ModelDraftForm({ content, lastResult }: { content: ModelContent; lastResult?: SubmissionResult<string[]> | null }) {
  const { t, locale } = useI18n();
  const err = useErrorText();
  const navigation = useNavigation();
  const cellLabel = useCellLabel();
  const fieldLabel = useFieldLabel(content.levels);
  const [form, fields] = useForm<ModelDraftFormShape>({
    id: "model-draft",
    lastResult,
    defaultValue: defaultValueOf(content, locale),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: modelDraftSchema }),
  });
  const levelList = fields.levels.getFieldList();
  const fieldsOf = (index: number) => levelList[index].getFieldset() as unknown as LevelFields;
  const indexed = content.levels.map((row, index) => ({ index, row }));
  const multipliers = fields.criticalityMultipliers.getFieldset();
  const bandList = fields.bands.getFieldList();
  const added = fields.newCondition.getFieldset();
  const problems = Object.entries(form.allErrors).flatMap(([name, messages]) => messages.map((m) => ({ name, message: m })));
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  return (
    <Form method="post" {...getFormProps(form)} className="model-form">
      <input type="hidden" name="intent" value="save" />
      <Stack gap="lg">
        {problems.length > 0 ? (
          <Alert color="red" role="alert" title={t("model.problems", { count: problems.length })} data-testid="model-problems">
            <ul className="model-problem-list">
              {problems.slice(0, 50).map((p) => (
                <li key={`${p.name}|${p.message}`}>
                  {p.name && p.name !== form.name ? (
                    <Anchor href={`#${form.id}-${p.name}`} className="model-problem-link">
                      {fieldLabel(p.name)}
                    </Anchor>
                  ) : (
                    fieldLabel(p.name)
                  )}
                  : {err(p.message)}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}

        <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="lg">
          <fieldset className="model-fieldset">
            <legend>{t("model.general")}</legend>
            <Stack gap="sm">
              <TextInput {...getInputProps(fields.name, { type: "text" })} key={fields.name.key} label={t("model.name")} error={err(fields.name.errors?.[0])} />
              <TextInput
                {...getInputProps(fields.startupYears, { type: "text" })}
                key={fields.startupYears.key}
                inputMode="numeric"
                label={t("model.startupYears")}
                description={t("model.startupYearsHint")}
                error={err(fields.startupYears.errors?.[0])}
              />
            </Stack>
          </fieldset>
          <fieldset className="model-fieldset">
            <legend>{t("model.multipliers")}</legend>
            <Text size="xs" mb="xs">
              {t("model.multipliersHint")}
            </Text>
            <Stack gap="sm">
              {CRITICALITIES.map((c) => (
                <TextInput
                  {...getInputProps(multipliers[c], { type: "text" })}
                  key={multipliers[c].key}
                  inputMode="decimal"
                  label={t("model.multiplierFor", { criticality: t(labelKey("criticality", c)) })}
                  error={err(multipliers[c].errors?.[0])}
                />
              ))}
            </Stack>
          </fieldset>
          <fieldset className="model-fieldset">
            <legend>{t("model.bands")}</legend>
            <Text size="xs" mb="xs">
              {t("model.bandsHint")}
            </Text>
            <Stack gap="sm">
              {bandList.map((band, i) => {
                const b = band.getFieldset();
                const key = SCORE_BAND_KEYS[i] ?? "poor";
                const name = t(labelKey("model.band", key));
                return (
                  <Group key={band.key} gap="xs" align="flex-start" wrap="nowrap">
                    <input {...getInputProps(b.key, { type: "hidden" })} key={b.key.key} />
                    <TextInput
                      {...getInputProps(b.min, { type: "text" })}
                      key={b.min.key}
                      inputMode="decimal"
                      w={110}
                      label={`${name} · ${t("model.band.min")}`}
                      error={err(b.min.errors?.[0])}
                    />
                    <TextInput
                      {...getInputProps(b.max, { type: "text" })}
                      key={b.max.key}
                      inputMode="decimal"
                      w={110}
                      label={`${name} · ${t("model.band.max")}`}
                      error={err(b.max.errors?.[0])}
                    />
                  </Group>
                );
              })}
            </Stack>
          </fieldset>
        </SimpleGrid>

        <LevelsLayout indexed={indexed} fieldsOf={fieldsOf} />

        <fieldset className="model-fieldset">
          <legend>{t("model.conditions.new")}</legend>
          <Text size="xs" mb="xs">
            {t("model.conditions.newHint")}
          </Text>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <NativeSelect
              {...getSelectProps(added.cell)}
              key={added.cell.key}
              label={t("model.col.cell")}
              error={err(added.cell.errors?.[0])}
              data={[
                { value: "", label: t("model.conditions.noNew") },
                ...CONDITION_CELL_OPTIONS.map((option) => {
                  const [factor, dimension, value] = option.split("|");
                  return { value: option, label: cellLabel({ factor, dimension, value, condition: "base" }) };
                }),
              ]}
            />
            <NativeSelect
              {...getSelectProps(added.condition)}
              key={added.condition.key}
              label={t("model.col.condition")}
              error={err(added.condition.errors?.[0])}
              data={[{ value: "", label: "–" }, ...CONDITION_KINDS.map((c) => ({ value: c, label: t(labelKey("model.condition", c)) }))]}
            />
            <NativeSelect
              {...getSelectProps(added.level)}
              key={added.level.key}
              label={t("model.col.level")}
              error={err(added.level.errors?.[0])}
              data={[{ value: "", label: "–" }, ...LEVEL_OPTIONS.map((v) => ({ value: v, label: `${v} – ${t(labelKey("rel.matrix.level", v))}` }))]}
            />
          </Group>
          <Group align="flex-start" gap="sm" grow mt="sm">
            <Textarea
              {...getTextareaProps(added.sourceFi)}
              key={added.sourceFi.key}
              label={t("model.sourceFi")}
              lang="fi"
              autosize
              minRows={2}
              error={err(added.sourceFi.errors?.[0])}
            />
            <Textarea
              {...getTextareaProps(added.sourceEn)}
              key={added.sourceEn.key}
              label={t("model.sourceEn")}
              lang="en"
              autosize
              minRows={2}
              error={err(added.sourceEn.errors?.[0])}
            />
          </Group>
        </fieldset>

        <Group className="model-save-bar">
          <Button type="submit" loading={saving}>
            {t("model.save")}
          </Button>
        </Group>
      </Stack>
    </Form>
  );
}
