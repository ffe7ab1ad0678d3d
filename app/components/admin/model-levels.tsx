/**
 * The scoring model's levels as tables: one per factor (its base cells) and
 * one of the condition rows. Read-only for a published version; with
 * `fieldsOf`, every level and statement is a plain form control of the draft.
 */
import { ScrollTable } from "~/components/scroll-table";
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { Stack, Text, Title } from "@mantine/core";
import { useErrorText } from "~/components/forms";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { IMPORTANCE_DIMENSIONS, IMPORTANCE_LEVELS } from "~/domain/importance-model";
import { dimensionValueLabel, knownLabel, labelKey } from "~/i18n/labels";
import { useI18n } from "~/i18n/use-i18n";
import { useCellLabel, type LevelRow } from "./model-labels";

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

export const LEVEL_OPTIONS = ["1", "2", "3"] as const;

/** A row's level and statement cells: text, or with `f` the draft's controls. */
function LevelCells({ row, f }: { row: LevelRow; f: LevelFields | undefined }) {
  const { t } = useI18n();
  const cellLabel = useCellLabel();
  return (
    <>
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
    </>
  );
}

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
  const headingId = `factor-${factor}`;
  return (
    <section aria-labelledby={headingId} className="model-factor" data-factor={factor}>
      <Title order={3} size="h4" id={headingId}>
        {t(labelKey("factor", factor))}
      </Title>
      {/* Focusable, so a keyboard can scroll the table on a narrow screen. */}
      <ScrollTable labelledBy={headingId} className="rel-table cols model-table model-factor-table">
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
                    <LevelCells row={row} f={f} />
                  </tr>
                );
              })}
          </tbody>
        ))}
      </ScrollTable>
    </section>
  );
}

export type LevelFields = ReturnType<
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
    <ScrollTable labelledBy="model-conditions" className="rel-table cols model-table" data-testid="condition-rows">
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
              <LevelCells row={row} f={f} />
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
    </ScrollTable>
  );
}

export function LevelsLayout({ indexed, fieldsOf }: { indexed: Array<{ index: number; row: LevelRow }>; fieldsOf: ((index: number) => LevelFields) | null }) {
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
