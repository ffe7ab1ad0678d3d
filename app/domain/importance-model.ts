/**
 * The factor importance model: how much each digiMensa interaction factor
 * matters given the provider's size, the relationship's maturity and its
 * portfolio diversity. It is data, not code, so administrators can edit and
 * version it; every score records the model version that produced it.
 */
import {
  CRITICALITY_MULTIPLIER,
  DIVERSITIES,
  FACTORS,
  MATURITIES,
  SIZE_CLASSES,
  type Criticality,
  type Diversity,
  type FactorKey,
  type Maturity,
  type SizeClass,
} from "./factors";
import { DIGIMENSA_LEVELS } from "./digimensa-levels";
import { DEFAULT_SCORE_BANDS, type ScoreBands } from "./score-bands";

/** 1 = low (not significant), 2 = medium (important), 3 = high (emphasised, a prerequisite). */
export type ImportanceLevel = 1 | 2 | 3;
export type ImportanceDimension = "size" | "maturity" | "diversity";
/** 'base' always applies; a condition row overrides the base row while its condition holds. */
export type ImportanceCondition = "base" | "reference_customer" | "startup";

export const IMPORTANCE_LEVELS = [1, 2, 3] as const satisfies readonly ImportanceLevel[];
export const IMPORTANCE_DIMENSIONS = ["size", "maturity", "diversity"] as const satisfies readonly ImportanceDimension[];
export const IMPORTANCE_CONDITIONS = ["base", "reference_customer", "startup"] as const satisfies readonly ImportanceCondition[];

/** The allowed `value`s of each dimension. */
export const DIMENSION_VALUES: Readonly<Record<ImportanceDimension, readonly string[]>> = {
  size: SIZE_CLASSES,
  maturity: MATURITIES,
  diversity: DIVERSITIES,
};

export type ImportanceLevelRow = {
  factor: FactorKey;
  dimension: ImportanceDimension;
  /** A value of the dimension: a size class, maturity or diversity. */
  value: string;
  condition: ImportanceCondition;
  level: ImportanceLevel;
  /** The source statement behind the level, shown to explain a weight. */
  sourceFi: string;
  sourceEn: string;
};

export type ImportanceModel = {
  version: number;
  name: string;
  levels: readonly ImportanceLevelRow[];
  /** What a score is called and how it is coloured (poor, fair, good). */
  bands: ScoreBands;
  /** A provider founded within this many calendar years is a start-up (the `startup` condition rows). */
  startupYears: number;
  /** Attention priority = (100 - score) x the multiplier of the relationship's service criticality. */
  criticalityMultipliers: Readonly<Record<Criticality, number>>;
};

/** The default start-up age (docs/domain.md: founded within the last 5 years). */
export const DEFAULT_STARTUP_YEARS = 5;

/** What the model needs to know about a relationship. */
export type ImportanceContext = {
  sizeClass: SizeClass;
  maturity: Maturity;
  diversity: Diversity;
  startup: boolean;
  referenceCustomer: boolean;
};

/** The default model: the docs/domain.md reading of the digiMensa slides. Frozen so
 * an admin edit cannot mutate the seed in place; copy it to edit. */
export const DIGIMENSA_MODEL: ImportanceModel = Object.freeze({
  version: 1,
  name: "digiMensa default",
  levels: DIGIMENSA_LEVELS,
  bands: DEFAULT_SCORE_BANDS,
  startupYears: DEFAULT_STARTUP_YEARS,
  criticalityMultipliers: CRITICALITY_MULTIPLIER,
});

export type AppliedLevels = {
  size: ImportanceLevel;
  maturity: ImportanceLevel;
  diversity: ImportanceLevel;
  sizeRow: ImportanceLevelRow;
  maturityRow: ImportanceLevelRow;
  diversityRow: ImportanceLevelRow;
};

function conditionHolds(condition: ImportanceCondition, ctx: ImportanceContext): boolean {
  switch (condition) {
    case "base":
      return true;
    case "reference_customer":
      return ctx.referenceCustomer;
    case "startup":
      return ctx.startup;
    default:
      return false;
  }
}

function contextValue(dimension: ImportanceDimension, ctx: ImportanceContext): string {
  if (dimension === "size") return ctx.sizeClass;
  if (dimension === "maturity") return ctx.maturity;
  return ctx.diversity;
}

/**
 * The model's rows grouped by cell (factor, dimension, value). Scoring a page
 * of relationships asks for 18 cells per score, so the rows are grouped once
 * per levels array instead of scanned each time. Models are read-only once
 * loaded, so the grouping never goes stale.
 */
const cellIndex = new WeakMap<readonly ImportanceLevelRow[], Map<string, Map<string, Map<string, ImportanceLevelRow[]>>>>();

const NO_ROWS: ImportanceLevelRow[] = [];

function rowsOfCell(model: ImportanceModel, factor: FactorKey, dimension: ImportanceDimension, value: string): ImportanceLevelRow[] {
  let index = cellIndex.get(model.levels);
  if (!index) {
    index = new Map();
    for (const row of model.levels) {
      let byDimension = index.get(row.factor);
      if (!byDimension) index.set(row.factor, (byDimension = new Map()));
      let byValue = byDimension.get(row.dimension);
      if (!byValue) byDimension.set(row.dimension, (byValue = new Map()));
      const list = byValue.get(row.value);
      if (list) list.push(row);
      else byValue.set(row.value, [row]);
    }
    cellIndex.set(model.levels, index);
  }
  return index.get(factor)?.get(dimension)?.get(value) ?? NO_ROWS;
}

function appliedRow(model: ImportanceModel, factor: FactorKey, dimension: ImportanceDimension, ctx: ImportanceContext): ImportanceLevelRow {
  const value = contextValue(dimension, ctx);
  let base: ImportanceLevelRow | undefined;
  let override: ImportanceLevelRow | undefined;
  for (const row of rowsOfCell(model, factor, dimension, value)) {
    if (row.condition === "base") {
      base ??= row;
    } else if (conditionHolds(row.condition, ctx)) {
      // Should an edited model give several conditions for one cell and more
      // than one hold, the most emphasised wins, so row order never matters.
      if (!override || row.level > override.level) override = row;
    }
  }
  if (!base) {
    throw new Error(`Importance model v${model.version} has no base row for ${factor} / ${dimension} = ${value}`);
  }
  return override ?? base;
}

/** The level applied on each dimension and the row that produced it (for explanations). */
export function importanceLevels(model: ImportanceModel, factor: FactorKey, context: ImportanceContext): AppliedLevels {
  const sizeRow = appliedRow(model, factor, "size", context);
  const maturityRow = appliedRow(model, factor, "maturity", context);
  const diversityRow = appliedRow(model, factor, "diversity", context);
  return {
    size: sizeRow.level,
    maturity: maturityRow.level,
    diversity: diversityRow.level,
    sizeRow,
    maturityRow,
    diversityRow,
  };
}

/** I_f: the mean of the three applied levels, in 1..3. */
export function factorImportance(model: ImportanceModel, factor: FactorKey, context: ImportanceContext): number {
  const l = importanceLevels(model, factor, context);
  return (l.size + l.maturity + l.diversity) / 3;
}

export type ImportanceModelProblemCode =
  | "invalid_version"
  | "missing_name"
  | "unknown_factor"
  | "unknown_dimension"
  | "unknown_value"
  | "unknown_condition"
  | "level_out_of_range"
  | "duplicate_row"
  | "missing_base_row";

export type ImportanceModelProblem = {
  code: ImportanceModelProblemCode;
  /** English description for logs; the UI translates by `code`. */
  message: string;
  /** Index into `model.levels` of the offending row, when there is one. */
  rowIndex?: number;
  factor?: string;
  dimension?: string;
  value?: string;
  condition?: string;
};

/**
 * Problems that would make an (admin-edited) model unusable or ambiguous.
 * Empty list = valid. Checks values at runtime, since edited models arrive
 * as untyped JSON.
 */
export function validateImportanceModel(model: ImportanceModel): ImportanceModelProblem[] {
  const problems: ImportanceModelProblem[] = [];
  if (!Number.isInteger(model.version) || model.version < 1) {
    problems.push({ code: "invalid_version", message: `Version must be a positive integer, got ${String(model.version)}` });
  }
  if (typeof model.name !== "string" || model.name.trim() === "") {
    problems.push({ code: "missing_name", message: "The model needs a name" });
  }

  const seen = new Set<string>();
  (model.levels ?? []).forEach((row, rowIndex) => {
    const where = { rowIndex, factor: row.factor, dimension: row.dimension, value: row.value, condition: row.condition };
    const label = `row ${rowIndex} (${row.factor} / ${row.dimension} = ${row.value}, ${row.condition})`;
    let shapeOk = true;
    if (!(FACTORS as readonly string[]).includes(row.factor)) {
      problems.push({ code: "unknown_factor", message: `Unknown factor in ${label}`, ...where });
      shapeOk = false;
    }
    if (!(IMPORTANCE_DIMENSIONS as readonly string[]).includes(row.dimension)) {
      problems.push({ code: "unknown_dimension", message: `Unknown dimension in ${label}`, ...where });
      shapeOk = false;
    } else if (!DIMENSION_VALUES[row.dimension].includes(row.value)) {
      problems.push({ code: "unknown_value", message: `Unknown ${row.dimension} value in ${label}`, ...where });
      shapeOk = false;
    }
    if (!(IMPORTANCE_CONDITIONS as readonly string[]).includes(row.condition)) {
      problems.push({ code: "unknown_condition", message: `Unknown condition in ${label}`, ...where });
      shapeOk = false;
    }
    if (!Number.isInteger(row.level) || row.level < 1 || row.level > 3) {
      problems.push({ code: "level_out_of_range", message: `Level must be 1, 2 or 3 in ${label}, got ${String(row.level)}`, ...where });
    }
    if (shapeOk) {
      const key = `${row.factor}|${row.dimension}|${row.value}|${row.condition}`;
      if (seen.has(key)) {
        problems.push({ code: "duplicate_row", message: `Duplicate ${label}`, ...where });
      }
      seen.add(key);
    }
  });

  for (const factor of FACTORS) {
    for (const dimension of IMPORTANCE_DIMENSIONS) {
      for (const value of DIMENSION_VALUES[dimension]) {
        if (!seen.has(`${factor}|${dimension}|${value}|base`)) {
          problems.push({
            code: "missing_base_row",
            message: `Missing base row for ${factor} / ${dimension} = ${value}`,
            factor,
            dimension,
            value,
            condition: "base",
          });
        }
      }
    }
  }
  return problems;
}
