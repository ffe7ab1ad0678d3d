/**
 * The scoring model editor: every cell of a version, with the source
 * statement beside each level (as the factor matrix shows it). A draft is a
 * form that works without JavaScript; a published version is the same layout
 * as text.
 */
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { labelKey, knownLabel, dimensionValueLabel } from "~/i18n/labels";
import { parseWithZod } from "@conform-to/zod";
import { Alert, Anchor, Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { CRITICALITIES, FACTORS, type FactorKey } from "~/domain/factors";
import { IMPORTANCE_DIMENSIONS, IMPORTANCE_CONDITIONS, IMPORTANCE_LEVELS } from "~/domain/importance-model";
import { CONDITION_KINDS, type ModelCell, type ModelContent } from "~/domain/model-version";
import { SCORE_BAND_KEYS } from "~/domain/score-bands";
import { CONDITION_CELL_OPTIONS, modelDraftSchema, type ModelDraftFormShape } from "~/forms/importance-model";
import { useI18n } from "~/i18n/use-i18n";
import { useErrorText } from "~/components/forms";

/** "Trust between the actors · Firm size · Large" (and the condition, for a condition row). */
export function useCellLabel() {
  const { t } = useI18n();
  return (cell: ModelCell) => {
    const parts = [
      knownLabel(t, "factor", FACTORS, cell.factor),
      knownLabel(t, "model.dimension", IMPORTANCE_DIMENSIONS, cell.dimension),
      dimensionValueLabel(t, cell.dimension, cell.value),
    ];
    if (cell.condition && cell.condition !== "base") parts.push(knownLabel(t, "model.condition", IMPORTANCE_CONDITIONS, cell.condition));
    return parts.join(" · ");
  };
}

/** Decimal text in the locale's style (1,5 in Finnish): the form reads both. */
function decimalText(locale: string, v: number): string {
  const text = String(v);
  return locale === "fi" ? text.replace(".", ",") : text;
}

type LevelRow = ModelContent["levels"][number];

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

/**
 * A field's label for the error summary: the cell for a level, the band or
 * criticality for those fields. `name` is the form field (a JSON path).
 */
function useFieldLabel(rows: readonly LevelRow[]) {
  const { t } = useI18n();
  const cellLabel = useCellLabel();
  return (name: string): string => {
    const level = /^levels\[(\d+)\]\.(\w+)$/.exec(name);
    if (level) {
      const row = rows[Number(level[1])];
      const what = level[2] === "sourceFi" ? ` (${t("model.sourceFi")})` : level[2] === "sourceEn" ? ` (${t("model.sourceEn")})` : "";
      return row ? `${cellLabel(row)}${what}` : name;
    }
    const band = /^bands\[(\d+)\]\.(min|max)$/.exec(name);
    if (band) return `${t(labelKey("model.band", SCORE_BAND_KEYS[Number(band[1])] ?? "poor"))} · ${t(band[2] === "min" ? "model.band.min" : "model.band.max")}`;
    const multiplier = /^criticalityMultipliers\.(\w+)$/.exec(name);
    if (multiplier) return t("model.multiplierFor", { criticality: knownLabel(t, "criticality", CRITICALITIES, multiplier[1]) });
    if (name.startsWith("newCondition")) return t("model.conditions.new");
    if (name === "startupYears") return t("model.startupYears");
    if (name === "name") return t("model.name");
    return t("model.wholeModel");
  };
}

function LevelText({ level }: { level: number }) {
  const { t } = useI18n();
  return (
    <>
      <span className="rel-b">{level}</span> <span className="rel-xs">{knownLabel(t, "rel.matrix.level", IMPORTANCE_LEVELS, level)}</span>
    </>
  );
}

function Statement({ row }: { row: Pick<LevelRow, "sourceFi" | "sourceEn"> }) {
  const { t, locale } = useI18n();
  const [first, second] = locale === "fi" ? [row.sourceFi, row.sourceEn] : [row.sourceEn, row.sourceFi];
  return (
    <div className="model-statement">
      <p className="rel-p rel-sm">{first}</p>
      <p className="rel-p rel-xs model-other-language" lang={locale === "fi" ? "en" : "fi"}>
        <span className="visually-hidden">{t(locale === "fi" ? "model.sourceEn" : "model.sourceFi")}: </span>
        {second}
      </p>
    </div>
  );
}

const LEVEL_OPTIONS = ["1", "2", "3"] as const;

/** One factor's ten cells (size, maturity, diversity) with their base level and statement. */
function FactorSection({
  factor,
  rows,
  fieldsOf,
}: {
  factor: FactorKey;
  rows: Array<{ index: number; row: LevelRow }>;
  fieldsOf: ((index: number) => LevelFields) | null;
}) {
  const { t } = useI18n();
  const cellLabel = useCellLabel();
  const headingId = `factor-${factor}`;
  return (
    <section aria-labelledby={headingId} className="model-factor" data-factor={factor}>
      <Title order={3} size="h4" id={headingId}>
        {t(labelKey("factor", factor))}
      </Title>
      {/* Focusable, so a keyboard can scroll the table on a narrow screen. */}
      <div className="rel-scroll" tabIndex={0} role="group" aria-labelledby={headingId}>
        <table className="rel-table cols model-table model-factor-table">
          <thead>
            <tr>
              <th scope="col">{t("model.col.context")}</th>
              <th scope="col">{t("model.col.level")}</th>
              <th scope="col">{t("model.col.source")}</th>
            </tr>
          </thead>
          {IMPORTANCE_DIMENSIONS.map((dimension) => (
            <tbody key={dimension}>
              <tr className="model-group">
                <th scope="colgroup" colSpan={3}>
                  {t(labelKey("model.dimension", dimension))}
                </th>
              </tr>
              {rows
                .filter(({ row }) => row.dimension === dimension)
                .map(({ index, row }) => {
                  const f = fieldsOf?.(index);
                  const valueLabel = dimensionValueLabel(t, dimension, row.value);
                  return (
                    <tr key={`${row.dimension}-${row.value}`} data-cell={`${row.factor}.${row.dimension}.${row.value}`}>
                      <th scope="row">{valueLabel}</th>
                      <td className="model-level">
                        {f ? (
                          <>
                            <IdentityInputs f={f} />
                            <LevelSelect f={f} label={t("model.levelOf", { cell: cellLabel(row) })} />
                          </>
                        ) : (
                          <LevelText level={row.level} />
                        )}
                      </td>
                      <td>
                        <Statement row={row} />
                        {f ? <StatementInputs f={f} cell={cellLabel(row)} /> : null}
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}

type LevelFields = ReturnType<
  FieldMetadata<{
    factor: string;
    dimension: string;
    value: string;
    condition: string;
    level: string;
    sourceFi: string;
    sourceEn: string;
    remove?: boolean;
  }>["getFieldset"]
>;

function IdentityInputs({ f }: { f: LevelFields }) {
  return (
    <>
      <input {...getInputProps(f.factor, { type: "hidden" })} key={f.factor.key} />
      <input {...getInputProps(f.dimension, { type: "hidden" })} key={f.dimension.key} />
      <input {...getInputProps(f.value, { type: "hidden" })} key={f.value.key} />
      <input {...getInputProps(f.condition, { type: "hidden" })} key={f.condition.key} />
    </>
  );
}

/** Both statements, editable; folded away (a native <details>) so the table stays readable. Plain elements: the editor has 130 of them. */
function StatementInputs({ f, cell }: { f: LevelFields; cell: string }) {
  const { t } = useI18n();
  const err = useErrorText();
  const invalid = Boolean(f.sourceFi.errors?.length || f.sourceEn.errors?.length);
  return (
    <details className="model-edit-source" open={invalid || undefined}>
      <summary>
        <span className="rel-xs">{t("model.editSource")}</span>
        <span className="visually-hidden">: {cell}</span>
      </summary>
      {(
        [
          [f.sourceFi, "model.sourceFi", "fi"],
          [f.sourceEn, "model.sourceEn", "en"],
        ] as const
      ).map(([field, label, lang]) => (
        <div className="model-field" key={lang}>
          <label htmlFor={field.id} className="model-label">
            {t(label)}
          </label>
          <textarea {...getTextareaProps(field)} key={field.key} rows={3} lang={lang} className="model-textarea" />
          {field.errors?.length ? (
            <div id={field.errorId} className="model-error">
              {err(field.errors[0])}
            </div>
          ) : null}
        </div>
      ))}
    </details>
  );
}

/** A level 1–3 as a plain <select> (the editor has 65): its error below it, tied by aria-describedby. */
function LevelSelect({ f, label }: { f: LevelFields; label: string }) {
  const { t } = useI18n();
  const err = useErrorText();
  return (
    <>
      <select {...getSelectProps(f.level)} key={f.level.key} aria-label={label} className="model-select">
        {LEVEL_OPTIONS.map((v) => (
          <option key={v} value={v}>
            {`${v} – ${t(labelKey("rel.matrix.level", v))}`}
          </option>
        ))}
      </select>
      {f.level.errors?.length ? (
        <div id={f.level.errorId} className="model-error">
          {err(f.level.errors[0])}
        </div>
      ) : null}
    </>
  );
}

/** The rows that override a base level while their condition holds (a reference customer, a start-up provider). */
function ConditionRows({ rows, fieldsOf }: { rows: Array<{ index: number; row: LevelRow }>; fieldsOf: ((index: number) => LevelFields) | null }) {
  const { t } = useI18n();
  const cellLabel = useCellLabel();
  if (rows.length === 0) return <Text size="sm">{t("model.conditions.none")}</Text>;
  return (
    <div className="rel-scroll" tabIndex={0} role="group" aria-labelledby="model-conditions">
      <table className="rel-table cols model-table" data-testid="condition-rows">
        <thead>
          <tr>
            <th scope="col">{t("model.col.cell")}</th>
            <th scope="col">{t("model.col.condition")}</th>
            <th scope="col">{t("model.col.level")}</th>
            <th scope="col">{t("model.col.source")}</th>
            {fieldsOf ? <th scope="col">{t("model.col.remove")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ index, row }) => {
            const f = fieldsOf?.(index);
            return (
              <tr key={index}>
                <th scope="row">{cellLabel({ ...row, condition: "base" })}</th>
                <td>{t(labelKey("model.condition", row.condition))}</td>
                <td className="model-level">
                  {f ? (
                    <>
                      <IdentityInputs f={f} />
                      <LevelSelect f={f} label={t("model.levelOf", { cell: cellLabel(row) })} />
                    </>
                  ) : (
                    <LevelText level={row.level} />
                  )}
                </td>
                <td>
                  <Statement row={row} />
                  {f ? <StatementInputs f={f} cell={cellLabel(row)} /> : null}
                </td>
                {f ? (
                  <td>
                    <input
                      {...getInputProps(f.remove, { type: "checkbox" })}
                      key={f.remove.key}
                      className="model-checkbox"
                      aria-label={t("model.removeRow", { cell: cellLabel(row) })}
                    />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
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

function LevelsLayout({ indexed, fieldsOf }: { indexed: Array<{ index: number; row: LevelRow }>; fieldsOf: ((index: number) => LevelFields) | null }) {
  const { t } = useI18n();
  return (
    <>
      <section aria-labelledby="model-levels">
        <Title order={2} size="h3" id="model-levels">
          {t("model.levels")}
        </Title>
        <Text size="sm" mb="sm">
          {t("model.levelsIntro")}
        </Text>
        <Stack gap="lg">
          {FACTORS.map((factor) => (
            <FactorSection
              key={factor}
              factor={factor}
              rows={indexed.filter(({ row }) => row.factor === factor && row.condition === "base")}
              fieldsOf={fieldsOf}
            />
          ))}
        </Stack>
      </section>
      <section aria-labelledby="model-conditions">
        <Title order={2} size="h3" id="model-conditions">
          {t("model.conditions")}
        </Title>
        <Text size="sm" mb="sm">
          {t("model.conditionsIntro")}
        </Text>
        <ConditionRows rows={indexed.filter(({ row }) => row.condition !== "base")} fieldsOf={fieldsOf} />
      </section>
    </>
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
