/** Names of the scoring model's cells and form fields, for headings, input labels and the error summary. */
import { CRITICALITIES, FACTORS } from "~/domain/factors";
import { IMPORTANCE_CONDITIONS, IMPORTANCE_DIMENSIONS } from "~/domain/importance-model";
import type { ModelCell, ModelContent } from "~/domain/model-version";
import { SCORE_BAND_KEYS } from "~/domain/score-bands";
import { dimensionValueLabel, knownLabel, labelKey } from "~/i18n/labels";
import { useI18n } from "~/i18n/use-i18n";

export type LevelRow = ModelContent["levels"][number];

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

/**
 * A field's label for the error summary: the cell for a level, the band or
 * criticality for those fields. `name` is the form field (a JSON path).
 */
export function useFieldLabel(rows: readonly LevelRow[]) {
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
