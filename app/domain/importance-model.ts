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

type RowSpec = readonly [
  factor: FactorKey,
  dimension: ImportanceDimension,
  condition: ImportanceCondition,
  levels: Readonly<Record<string, ImportanceLevel>>,
  sourceFi: string,
  sourceEn: string,
];

// One spec line per source statement; a statement covering several values
// expands into one row per value. Wording is from the digiMensa slides (000/001).
const SPEC: readonly RowSpec[] = [
  // individuality
  [
    "individuality",
    "size",
    "base",
    { micro: 3, small: 3 },
    "Pienissä yrityksissä yksilöllisyys korostuu koko digipalvelun toimituksen ajan (front end – back end).",
    "In small firms individuality is emphasised throughout the delivery of the digital service (front end to back end).",
  ],
  [
    "individuality",
    "size",
    "base",
    { medium: 2, large: 2 },
    "Suurissa yrityksissä yksilöllisyys korostuu valikoitujen referenssiasiakkaiden kohdalla.",
    "In large firms individuality is emphasised only for selected reference customers; otherwise it is important.",
  ],
  [
    "individuality",
    "size",
    "reference_customer",
    { medium: 3, large: 3 },
    "Suurissa yrityksissä yksilöllisyys korostuu valikoitujen referenssiasiakkaiden kohdalla.",
    "In large firms individuality is emphasised for selected reference customers.",
  ],
  [
    "individuality",
    "maturity",
    "base",
    { early: 1, developing: 2, mature: 3 },
    "Digipalvelujen yksilöllisyys lisääntyy asiakassuhteen kehittymisen myötä.",
    "The individuality of digital services grows as the customer relationship develops.",
  ],
  [
    "individuality",
    "diversity",
    "base",
    { uniform: 1, mixed: 2, diverse: 3 },
    "Asiakkuuksien monipuolisuus tarkoittaa yleisesti myös yksilöllisempää ja räätälöidympää palvelua; riippuu palvelun luonteesta.",
    "A diverse portfolio generally also means more individual, more tailored service; it depends on the nature of the service.",
  ],
  // trust
  ["trust", "size", "base", { micro: 3, small: 3 }, "Pienissä yrityksissä luottamuksen rakentaminen korostuu.", "In small firms building trust is emphasised."],
  [
    "trust",
    "size",
    "base",
    { medium: 2, large: 2 },
    "Pienissä yrityksissä luottamuksen rakentaminen korostuu; suuremmille se on tärkeää.",
    "Building trust is emphasised in small firms; for larger firms it is important.",
  ],
  [
    "trust",
    "maturity",
    "base",
    { early: 3, developing: 3, mature: 3 },
    "Luottamus on edellytyksenä pitkäkestoisen asiakassuhteen rakentamiselle.",
    "Trust is a prerequisite for building a long-lasting customer relationship.",
  ],
  [
    "trust",
    "diversity",
    "base",
    { uniform: 1 },
    "Yhtenäisten/räätälöimättömien tuotteiden kohdalla luottamuksen rakentaminen ei korostu.",
    "For uniform, untailored products building trust is not emphasised.",
  ],
  [
    "trust",
    "diversity",
    "base",
    { mixed: 2, diverse: 3 },
    "Asiakkuuksien monipuolisuus vaatii luottamuksen rakentamista, koska asiakkaiden tarpeet ja toiveet vaihtelevat.",
    "A diverse portfolio requires building trust because customers' needs and wishes vary.",
  ],
  // compensation
  [
    "compensation",
    "size",
    "base",
    { micro: 1, small: 1 },
    "Pienet yritykset eivät näe korvausta merkittäväksi.",
    "Small firms do not see compensation as significant.",
  ],
  [
    "compensation",
    "size",
    "base",
    { medium: 2 },
    "Pienet yritykset eivät näe merkittäväksi, suuret yritykset kokevat tärkeänä; keskisuurille se on tärkeää.",
    "Small firms do not see it as significant and large firms value it; for medium-sized firms it is important.",
  ],
  ["compensation", "size", "base", { large: 3 }, "Suuret yritykset kokevat korvauksen tärkeänä.", "Large firms consider compensation important."],
  [
    "compensation",
    "maturity",
    "base",
    { early: 3, developing: 2, mature: 1 },
    "Käytetään tavallisesti asiakassuhteen alkuvaiheessa.",
    "Usually used at the start of the customer relationship.",
  ],
  [
    "compensation",
    "diversity",
    "base",
    { uniform: 3, mixed: 2, diverse: 1 },
    "Hyödyllistä yhtenäiselle asiakaskunnalle; enemmän arvostettu perustuotteiden/palveluiden (vähän räätälöityjen) yhteydessä.",
    "Useful for a uniform customer base; valued more with basic (little-tailored) products and services.",
  ],
  // new_business
  [
    "new_business",
    "size",
    "base",
    { micro: 2, small: 2, medium: 2, large: 2 },
    "Palveluntarjoajan koolla ei merkitystä.",
    "The provider's size does not matter.",
  ],
  [
    "new_business",
    "maturity",
    "base",
    { early: 1, developing: 2, mature: 3 },
    "Asiakassuhteen kypsyessä asiakkaat ovat halukkaampia jakamaan saatuja hyötyjä.",
    "As the relationship matures, customers are more willing to share the gains obtained.",
  ],
  [
    "new_business",
    "diversity",
    "base",
    { uniform: 1, mixed: 2, diverse: 3 },
    "Monipuolisempi asiakaskunta johtaa kilpailun vähenemiseen ja motivoi tiedon jakamiseen.",
    "A more diverse customer base leads to less competition and motivates sharing knowledge.",
  ],
  // knowledge
  [
    "knowledge",
    "size",
    "base",
    { micro: 3, small: 3, medium: 3, large: 3 },
    "Tiedon lisääminen on tärkeää kaiken kokoisille yrityksille.",
    "Increasing knowledge is important for firms of every size.",
  ],
  [
    "knowledge",
    "maturity",
    "base",
    { early: 3, developing: 3, mature: 3 },
    "Tiedon lisääminen on tärkeää kaiken kokoisille yrityksille, asiakassuhteen kypsyydestä riippumatta.",
    "Increasing knowledge is important for everyone, whatever the maturity of the relationship.",
  ],
  [
    "knowledge",
    "diversity",
    "base",
    { uniform: 3, mixed: 3, diverse: 3 },
    "Tiedon lisääminen on tärkeää kaiken kokoisille yrityksille, palveluiden monipuolisuudesta riippumatta.",
    "Increasing knowledge is important for everyone, whatever the diversity of the portfolio.",
  ],
  // selling
  [
    "selling",
    "size",
    "base",
    { micro: 3, small: 3 },
    "Palveluntarjoajan kyky myydä on merkittävää pienille yrityksille.",
    "The provider's ability to sell is significant for small firms.",
  ],
  [
    "selling",
    "size",
    "base",
    { medium: 2, large: 2 },
    "Merkittävää pienille yrityksille; tärkeää muille.",
    "Significant for small firms; important for others.",
  ],
  [
    "selling",
    "maturity",
    "base",
    { early: 2, developing: 2, mature: 2 },
    "Merkittävää start-upeille; tärkeää muille.",
    "Significant for start-ups; important for others.",
  ],
  [
    "selling",
    "maturity",
    "startup",
    { early: 3, developing: 3, mature: 3 },
    "Palveluntarjoajan kyky myydä on merkittävää start-upeille.",
    "The provider's ability to sell is significant for start-ups.",
  ],
  [
    "selling",
    "diversity",
    "base",
    { uniform: 2, mixed: 2 },
    "Kyky myydä on tärkeää; merkitys korostuu räätälöityjen palveluiden yhteydessä.",
    "The ability to sell is important; its significance grows with tailored services.",
  ],
  [
    "selling",
    "diversity",
    "base",
    { diverse: 3 },
    "Merkitys korostuu räätälöityjen palveluiden yhteydessä.",
    "Its significance is emphasised with tailored services.",
  ],
];

function expand(spec: readonly RowSpec[]): ImportanceLevelRow[] {
  return spec.flatMap(([factor, dimension, condition, levels, sourceFi, sourceEn]) =>
    Object.entries(levels).map(([value, level]) => Object.freeze({ factor, dimension, value, condition, level, sourceFi, sourceEn })),
  );
}

/** The default model: the docs/domain.md reading of the digiMensa slides. Frozen so
 * an admin edit cannot mutate the seed in place; copy it to edit. */
export const DIGIMENSA_MODEL: ImportanceModel = Object.freeze({
  version: 1,
  name: "digiMensa default",
  levels: Object.freeze(expand(SPEC)),
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
