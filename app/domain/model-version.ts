/**
 * A scoring model version as administrators edit it: the importance levels
 * (with the start-up and reference-customer condition rows), the start-up
 * age, the criticality multipliers and the score bands. Validation names the
 * offending place by its JSON path (`levels[12].level`), the same path the
 * editor's form fields and an imported file use. Also the preview of a draft
 * against the active version. Pure: no I/O.
 */
import { CRITICALITIES, FACTORS, type Criticality, type FactorKey, type Quadrant } from "./factors";
import {
  DIMENSION_VALUES,
  IMPORTANCE_CONDITIONS,
  IMPORTANCE_DIMENSIONS,
  type ImportanceCondition,
  type ImportanceDimension,
  type ImportanceLevelRow,
  type ImportanceModel,
} from "./importance-model";
import { bandOf, SCORE_BAND_KEYS, validateScoreBands, type ScoreBandKey } from "./score-bands";
import { scoreRelationship, type FactorPerformance, type RelationshipContext } from "./scoring";
import { isStartup } from "./size-class";

/** Everything a version holds besides its number, status and history. */
export type ModelContent = Pick<ImportanceModel, "name" | "levels" | "bands" | "startupYears" | "criticalityMultipliers">;

export const STARTUP_YEARS_MIN = 1;
export const STARTUP_YEARS_MAX = 50;
/** Multipliers above this are almost certainly a typo (300 for 3.00). */
export const MULTIPLIER_MAX = 100;
export const SOURCE_MAX_LENGTH = 2000;
export const NAME_MAX_LENGTH = 200;

export type ModelProblemCode =
  | "name_missing"
  | "name_too_long"
  | "startup_years_range"
  | "multiplier_not_positive"
  | "multiplier_too_large"
  | "unknown_factor"
  | "unknown_dimension"
  | "unknown_value"
  | "unknown_condition"
  | "level_range"
  | "source_missing"
  | "source_too_long"
  | "duplicate_cell"
  | "missing_cell"
  | "band_count"
  | "band_key"
  | "band_range"
  | "band_start"
  | "band_end"
  | "band_gap"
  | "band_overlap";

/** The cell of the matrix a problem is about: factor, dimension, value and condition. */
export type ModelCell = { factor: string; dimension: string; value: string; condition: string };

export type ModelProblem = {
  /** JSON path into the content: `name`, `startupYears`, `criticalityMultipliers.high`, `levels[12].level`, `bands[1].min`. */
  path: string;
  code: ModelProblemCode;
  /** For problems of `levels`: the cell, so a message can name it ("trust · size · large"). */
  cell?: ModelCell;
  /** For problems of the multipliers: the criticality; of the bands: the band. */
  criticality?: Criticality;
  band?: ScoreBandKey;
};

const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function cellOf(row: { factor: unknown; dimension: unknown; value: unknown; condition: unknown }): ModelCell {
  return { factor: String(row.factor), dimension: String(row.dimension), value: String(row.value), condition: String(row.condition) };
}

/**
 * Every problem that would make the content unusable or ambiguous; empty
 * when it can be saved and published. Checks values at run time, since
 * content arrives from forms and files.
 */
export function validateModelContent(content: ModelContent): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const name = typeof content.name === "string" ? content.name.trim() : "";
  if (name === "") problems.push({ path: "name", code: "name_missing" });
  else if (name.length > NAME_MAX_LENGTH) problems.push({ path: "name", code: "name_too_long" });

  if (!Number.isInteger(content.startupYears) || content.startupYears < STARTUP_YEARS_MIN || content.startupYears > STARTUP_YEARS_MAX) {
    problems.push({ path: "startupYears", code: "startup_years_range" });
  }

  for (const criticality of CRITICALITIES) {
    const m = content.criticalityMultipliers?.[criticality];
    const path = `criticalityMultipliers.${criticality}`;
    if (!isFiniteNumber(m) || m <= 0) problems.push({ path, code: "multiplier_not_positive", criticality });
    else if (m > MULTIPLIER_MAX) problems.push({ path, code: "multiplier_too_large", criticality });
  }

  const seen = new Set<string>();
  (content.levels ?? []).forEach((row, i) => {
    const cell = cellOf(row);
    const at = (field: string) => `levels[${i}].${field}`;
    let identified = true;
    if (!(FACTORS as readonly string[]).includes(row.factor)) {
      problems.push({ path: at("factor"), code: "unknown_factor", cell });
      identified = false;
    }
    if (!(IMPORTANCE_DIMENSIONS as readonly string[]).includes(row.dimension)) {
      problems.push({ path: at("dimension"), code: "unknown_dimension", cell });
      identified = false;
    } else if (!DIMENSION_VALUES[row.dimension].includes(row.value)) {
      problems.push({ path: at("value"), code: "unknown_value", cell });
      identified = false;
    }
    if (!(IMPORTANCE_CONDITIONS as readonly string[]).includes(row.condition)) {
      problems.push({ path: at("condition"), code: "unknown_condition", cell });
      identified = false;
    }
    if (!Number.isInteger(row.level) || row.level < 1 || row.level > 3) problems.push({ path: at("level"), code: "level_range", cell });
    for (const field of ["sourceFi", "sourceEn"] as const) {
      const text = typeof row[field] === "string" ? row[field].trim() : "";
      if (text === "") problems.push({ path: at(field), code: "source_missing", cell });
      else if (text.length > SOURCE_MAX_LENGTH) problems.push({ path: at(field), code: "source_too_long", cell });
    }
    if (identified) {
      const key = cellKey(row);
      if (seen.has(key)) problems.push({ path: `levels[${i}]`, code: "duplicate_cell", cell });
      seen.add(key);
    }
  });
  for (const factor of FACTORS) {
    for (const dimension of IMPORTANCE_DIMENSIONS) {
      for (const value of DIMENSION_VALUES[dimension]) {
        if (!seen.has(`${factor}|${dimension}|${value}|base`)) {
          problems.push({ path: "levels", code: "missing_cell", cell: { factor, dimension, value, condition: "base" } });
        }
      }
    }
  }

  const bands = Array.isArray(content.bands) ? content.bands : [];
  for (const p of validateScoreBands(bands)) {
    switch (p.code) {
      case "band_count":
        problems.push({ path: "bands", code: "band_count" });
        break;
      case "band_key":
        problems.push({ path: `bands[${p.index}].key`, code: "band_key", band: p.expected });
        break;
      case "band_range": {
        const i = SCORE_BAND_KEYS.indexOf(p.key);
        const band = bands[i];
        const field = !isFiniteNumber(band?.min) || band.min < 0 ? "min" : "max";
        problems.push({ path: `bands[${i}].${field}`, code: "band_range", band: p.key });
        break;
      }
      case "band_start":
        problems.push({ path: "bands[0].min", code: "band_start", band: p.key });
        break;
      case "band_end":
        problems.push({ path: `bands[${bands.length - 1}].max`, code: "band_end", band: p.key });
        break;
      case "band_gap":
      case "band_overlap":
        problems.push({ path: `bands[${SCORE_BAND_KEYS.indexOf(p.key)}].min`, code: p.code, band: p.key });
        break;
    }
  }
  return problems;
}

/** One key per cell: a version holds at most one row per factor, dimension, value and condition. */
export function cellKey(row: { factor: string; dimension: string; value: string; condition: string }): string {
  return `${row.factor}|${row.dimension}|${row.value}|${row.condition}`;
}

/** Rows in the editor's order: factor, dimension, value (each in vocabulary order), then base before conditions. */
export function sortedLevels<T extends Pick<ImportanceLevelRow, "factor" | "dimension" | "value" | "condition">>(rows: readonly T[]): T[] {
  const rank = (row: T) => [
    FACTORS.indexOf(row.factor),
    IMPORTANCE_DIMENSIONS.indexOf(row.dimension),
    DIMENSION_VALUES[row.dimension]?.indexOf(row.value) ?? 99,
    IMPORTANCE_CONDITIONS.indexOf(row.condition),
  ];
  return [...rows].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
    return 0;
  });
}

/** Every (dimension, value) pair in vocabulary order: the ten rows of a factor in the editor. */
export const DIMENSION_CELLS: ReadonlyArray<{ dimension: ImportanceDimension; value: string }> = IMPORTANCE_DIMENSIONS.flatMap((dimension) =>
  DIMENSION_VALUES[dimension].map((value) => ({ dimension, value })),
);

/** The conditions a condition row can have (everything but `base`). */
export const CONDITION_KINDS = IMPORTANCE_CONDITIONS.filter((c): c is Exclude<ImportanceCondition, "base"> => c !== "base");

/** What changed between two versions' content, cell by cell, for the audit log. */
export function contentChanges(before: ModelContent, after: ModelContent): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  for (const key of ["name", "startupYears", "criticalityMultipliers", "bands"] as const) {
    if (!same(before[key], after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  const rowsOf = (content: ModelContent) => new Map(content.levels.map((r) => [cellKey(r), { level: r.level, sourceFi: r.sourceFi, sourceEn: r.sourceEn }]));
  const rb = rowsOf(before);
  const ra = rowsOf(after);
  for (const key of new Set([...rb.keys(), ...ra.keys()])) {
    const x = rb.get(key) ?? null;
    const y = ra.get(key) ?? null;
    if (!same(x, y)) {
      b[`levels:${key}`] = x;
      a[`levels:${key}`] = y;
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

// ------------------------------------------------------------------ preview

/** One relationship as the preview needs it: its latest scored quarter and its context before the start-up rule. */
export type PreviewInput = {
  relationshipId: number;
  /** The latest quarter with submitted performance. */
  period: string;
  /** Both sides' mean performance in that quarter. */
  performance: FactorPerformance;
  context: Omit<RelationshipContext, "startup">;
  /** The start-up rule depends on the version (its start-up age), so the founding year is an input. */
  providerFoundedYear: number | null;
};

export type PreviewScore = {
  modelVersion: number;
  score: number | null;
  band: ScoreBandKey | null;
  attentionPriority: number | null;
  startup: boolean;
  quadrants: Record<FactorKey, Quadrant | null>;
};

export type PreviewRow = {
  relationshipId: number;
  period: string;
  current: PreviewScore;
  draft: PreviewScore;
  /** draft - current, rounded to 0.1; null when either has no score. */
  change: number | null;
  bandChanged: boolean;
  quadrantChanges: Array<{ factor: FactorKey; from: Quadrant | null; to: Quadrant | null }>;
};

export type ModelPreview = {
  /** Largest change first (by size, either way); then by relationship id. */
  rows: PreviewRow[];
  counts: { relationships: number; changed: number; bandChanged: number; quadrantChanged: number };
};

/** The scoring context under a version: the start-up flag follows the version's start-up age. */
export function contextUnder(
  model: Pick<ImportanceModel, "startupYears">,
  input: Pick<PreviewInput, "context" | "providerFoundedYear">,
  asOf: Date,
): RelationshipContext {
  return { ...input.context, startup: isStartup(input.providerFoundedYear, asOf, model.startupYears) };
}

function previewScore(model: ImportanceModel, input: PreviewInput, asOf: Date): PreviewScore {
  const context = contextUnder(model, input, asOf);
  const result = scoreRelationship({ context, performance: input.performance, model });
  const quadrants = {} as Record<FactorKey, Quadrant | null>;
  for (const f of result.factors) quadrants[f.factor] = f.quadrant;
  return {
    modelVersion: result.modelVersion,
    score: result.score,
    band: bandOf(result.score, model.bands),
    attentionPriority: result.attentionPriority,
    startup: context.startup,
    quadrants,
  };
}

/**
 * Each relationship's latest quarter scored under the current version and
 * under the draft, side by side: exactly what scoreRelationship gives under
 * each, so the preview shows the numbers the pages will show once published.
 */
export function previewModelChange(inputs: readonly PreviewInput[], current: ImportanceModel, draft: ImportanceModel, asOf: Date): ModelPreview {
  const rows: PreviewRow[] = inputs.map((input) => {
    const a = previewScore(current, input, asOf);
    const b = previewScore(draft, input, asOf);
    const change = a.score === null || b.score === null ? null : Math.round((b.score - a.score) * 10) / 10;
    return {
      relationshipId: input.relationshipId,
      period: input.period,
      current: a,
      draft: b,
      change,
      bandChanged: a.band !== b.band,
      quadrantChanges: FACTORS.filter((f) => a.quadrants[f] !== b.quadrants[f]).map((factor) => ({
        factor,
        from: a.quadrants[factor],
        to: b.quadrants[factor],
      })),
    };
  });
  const size = (r: PreviewRow) => (r.change === null ? -1 : Math.abs(r.change));
  rows.sort((x, y) => size(y) - size(x) || x.relationshipId - y.relationshipId);
  return {
    rows,
    counts: {
      relationships: rows.length,
      changed: rows.filter((r) => r.change !== null && r.change !== 0).length,
      bandChanged: rows.filter((r) => r.bandChanged).length,
      quadrantChanged: rows.filter((r) => r.quadrantChanges.length > 0).length,
    },
  };
}
