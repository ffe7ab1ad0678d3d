import { DEFAULT_SCORE_BANDS } from "~/domain/score-bands";
import { describe, it, expect } from "vitest";
import { DIVERSITIES, FACTORS, MATURITIES, SIZE_CLASSES, type Diversity, type FactorKey, type Maturity, type SizeClass } from "../../app/domain/factors";
import {
  DIGIMENSA_MODEL,
  factorImportance,
  importanceLevels,
  validateImportanceModel,
  type ImportanceContext,
  type ImportanceLevelRow,
  type ImportanceModel,
} from "../../app/domain/importance-model";

/*
 * The docs/domain.md table, written out independently of the model data.
 * sizeRef: size level when the relationship is with a reference customer;
 * maturityStartup: maturity level when the provider is a start-up.
 */
type L = 1 | 2 | 3;
const TABLE: Record<
  FactorKey,
  {
    size: Record<SizeClass, L>;
    sizeRef: Record<SizeClass, L>;
    maturity: Record<Maturity, L>;
    maturityStartup: Record<Maturity, L>;
    diversity: Record<Diversity, L>;
  }
> = {
  individuality: {
    size: { micro: 3, small: 3, medium: 2, large: 2 },
    sizeRef: { micro: 3, small: 3, medium: 3, large: 3 },
    maturity: { early: 1, developing: 2, mature: 3 },
    maturityStartup: { early: 1, developing: 2, mature: 3 },
    diversity: { uniform: 1, mixed: 2, diverse: 3 },
  },
  trust: {
    size: { micro: 3, small: 3, medium: 2, large: 2 },
    sizeRef: { micro: 3, small: 3, medium: 2, large: 2 },
    maturity: { early: 3, developing: 3, mature: 3 },
    maturityStartup: { early: 3, developing: 3, mature: 3 },
    diversity: { uniform: 1, mixed: 2, diverse: 3 },
  },
  compensation: {
    size: { micro: 1, small: 1, medium: 2, large: 3 },
    sizeRef: { micro: 1, small: 1, medium: 2, large: 3 },
    maturity: { early: 3, developing: 2, mature: 1 },
    maturityStartup: { early: 3, developing: 2, mature: 1 },
    diversity: { uniform: 3, mixed: 2, diverse: 1 },
  },
  new_business: {
    size: { micro: 2, small: 2, medium: 2, large: 2 },
    sizeRef: { micro: 2, small: 2, medium: 2, large: 2 },
    maturity: { early: 1, developing: 2, mature: 3 },
    maturityStartup: { early: 1, developing: 2, mature: 3 },
    diversity: { uniform: 1, mixed: 2, diverse: 3 },
  },
  knowledge: {
    size: { micro: 3, small: 3, medium: 3, large: 3 },
    sizeRef: { micro: 3, small: 3, medium: 3, large: 3 },
    maturity: { early: 3, developing: 3, mature: 3 },
    maturityStartup: { early: 3, developing: 3, mature: 3 },
    diversity: { uniform: 3, mixed: 3, diverse: 3 },
  },
  selling: {
    size: { micro: 3, small: 3, medium: 2, large: 2 },
    sizeRef: { micro: 3, small: 3, medium: 2, large: 2 },
    maturity: { early: 2, developing: 2, mature: 2 },
    maturityStartup: { early: 3, developing: 3, mature: 3 },
    diversity: { uniform: 2, mixed: 2, diverse: 3 },
  },
};

// Every context: 4 sizes x 3 maturities x 3 diversities x start-up x reference = 144.
const CONTEXTS: ImportanceContext[] = SIZE_CLASSES.flatMap((sizeClass) =>
  MATURITIES.flatMap((maturity) =>
    DIVERSITIES.flatMap((diversity) =>
      [false, true].flatMap((startup) => [false, true].map((referenceCustomer) => ({ sizeClass, maturity, diversity, startup, referenceCustomer }))),
    ),
  ),
);

const label = (c: ImportanceContext) => `${c.sizeClass}/${c.maturity}/${c.diversity}${c.startup ? "/startup" : ""}${c.referenceCustomer ? "/ref" : ""}`;

describe("DIGIMENSA_MODEL", () => {
  it("is version 1 with 60 base rows and 5 condition rows", () => {
    expect(DIGIMENSA_MODEL.version).toBe(1);
    expect(DIGIMENSA_MODEL.name).toBe("digiMensa default");
    expect(DIGIMENSA_MODEL.levels).toHaveLength(65);
    expect(DIGIMENSA_MODEL.levels.filter((r) => r.condition === "base")).toHaveLength(60);
    const conditional = DIGIMENSA_MODEL.levels
      .filter((r) => r.condition !== "base")
      .map((r) => `${r.factor}/${r.dimension}/${r.value}/${r.condition}/${r.level}`)
      .sort();
    expect(conditional).toEqual([
      "individuality/size/large/reference_customer/3",
      "individuality/size/medium/reference_customer/3",
      "selling/maturity/developing/startup/3",
      "selling/maturity/early/startup/3",
      "selling/maturity/mature/startup/3",
    ]);
  });

  it("validates cleanly", () => {
    expect(validateImportanceModel(DIGIMENSA_MODEL)).toEqual([]);
  });

  it("has a Finnish and an English source statement on every row", () => {
    for (const row of DIGIMENSA_MODEL.levels) {
      expect(row.sourceFi.trim().length, `${row.factor}/${row.value}`).toBeGreaterThan(10);
      expect(row.sourceEn.trim().length, `${row.factor}/${row.value}`).toBeGreaterThan(10);
    }
  });

  it("is frozen so the seed cannot be edited in place", () => {
    expect(Object.isFrozen(DIGIMENSA_MODEL)).toBe(true);
    expect(Object.isFrozen(DIGIMENSA_MODEL.levels)).toBe(true);
    expect(Object.isFrozen(DIGIMENSA_MODEL.levels[0])).toBe(true);
  });
});

describe("importance under the default model matches the docs/domain.md table", () => {
  it("enumerates 144 contexts", () => {
    expect(CONTEXTS).toHaveLength(144);
  });

  it.each(CONTEXTS.map((c) => [label(c), c] as const))("%s", (_name, ctx) => {
    for (const f of FACTORS) {
      const t = TABLE[f];
      const size = ctx.referenceCustomer ? t.sizeRef[ctx.sizeClass] : t.size[ctx.sizeClass];
      const maturity = ctx.startup ? t.maturityStartup[ctx.maturity] : t.maturity[ctx.maturity];
      const diversity = t.diversity[ctx.diversity];
      const levels = importanceLevels(DIGIMENSA_MODEL, f, ctx);
      expect([levels.size, levels.maturity, levels.diversity], f).toEqual([size, maturity, diversity]);
      expect(factorImportance(DIGIMENSA_MODEL, f, ctx), f).toBeCloseTo((size + maturity + diversity) / 3, 12);
    }
  });
});

describe("factorImportance, spot checks written out by hand", () => {
  // [context, importances in FACTORS order as sums of three levels (divide by 3)]
  it.each<[string, ImportanceContext, number[]]>([
    // micro/early/uniform: ind 3+1+1, trust 3+3+1, comp 1+3+3, nb 2+1+1, know 9, sell 3+2+2
    ["micro early uniform", { sizeClass: "micro", maturity: "early", diversity: "uniform", startup: false, referenceCustomer: false }, [5, 7, 7, 4, 9, 7]],
    // large/mature/diverse/ref: ind 3+3+3, trust 2+3+3, comp 3+1+1, nb 2+3+3, know 9, sell 2+2+3
    ["large mature diverse ref", { sizeClass: "large", maturity: "mature", diversity: "diverse", startup: false, referenceCustomer: true }, [9, 8, 5, 8, 9, 7]],
    // medium/early/diverse/startup: ind 2+1+3, trust 2+3+3, comp 2+3+1, nb 2+1+3, know 9, sell 2+3+3
    [
      "medium early diverse startup",
      { sizeClass: "medium", maturity: "early", diversity: "diverse", startup: true, referenceCustomer: false },
      [6, 8, 6, 6, 9, 8],
    ],
    // small/developing/mixed/ref+startup: ind 3+2+2, trust 3+3+2, comp 1+2+2, nb 2+2+2, know 9, sell 3+3+2
    [
      "small developing mixed both",
      { sizeClass: "small", maturity: "developing", diversity: "mixed", startup: true, referenceCustomer: true },
      [7, 8, 5, 6, 9, 8],
    ],
  ])("%s", (_name, ctx, sums) => {
    expect(FACTORS.map((f) => factorImportance(DIGIMENSA_MODEL, f, ctx) * 3).map((x) => Math.round(x * 1e9) / 1e9)).toEqual(sums);
  });
});

describe("importanceLevels explains which row applied", () => {
  const base: ImportanceContext = { sizeClass: "large", maturity: "early", diversity: "mixed", startup: false, referenceCustomer: false };

  it.each<[string, FactorKey, ImportanceContext, "sizeRow" | "maturityRow" | "diversityRow", string, number]>([
    ["large, no reference: base row", "individuality", base, "sizeRow", "base", 2],
    ["large, reference customer: override", "individuality", { ...base, referenceCustomer: true }, "sizeRow", "reference_customer", 3],
    ["micro, reference customer: no override row, base 3", "individuality", { ...base, sizeClass: "micro", referenceCustomer: true }, "sizeRow", "base", 3],
    ["selling, not a start-up", "selling", base, "maturityRow", "base", 2],
    ["selling, start-up", "selling", { ...base, startup: true }, "maturityRow", "startup", 3],
    ["trust, start-up does not matter", "trust", { ...base, startup: true }, "maturityRow", "base", 3],
  ])("%s", (_name, factor, ctx, rowKey, condition, level) => {
    const l = importanceLevels(DIGIMENSA_MODEL, factor, ctx);
    const row = l[rowKey];
    expect(row.condition).toBe(condition);
    expect(row.level).toBe(level);
    expect(row.factor).toBe(factor);
    expect(row.sourceFi.length).toBeGreaterThan(0);
  });

  it("takes the highest level when several condition rows hold", () => {
    const extra: ImportanceLevelRow = {
      factor: "trust",
      dimension: "maturity",
      value: "early",
      condition: "startup",
      level: 1,
      sourceFi: "x",
      sourceEn: "x",
    };
    const extra2: ImportanceLevelRow = { ...extra, condition: "reference_customer", level: 2 };
    const model: ImportanceModel = {
      ...DIGIMENSA_MODEL,
      version: 2,
      name: "test",
      levels: [...DIGIMENSA_MODEL.levels, extra, extra2],
      bands: DEFAULT_SCORE_BANDS,
    };
    const ctx = { ...base, startup: true, referenceCustomer: true };
    expect(importanceLevels(model, "trust", ctx).maturity).toBe(2);
    expect(importanceLevels(model, "trust", { ...ctx, referenceCustomer: false }).maturity).toBe(1);
    expect(importanceLevels(model, "trust", { ...ctx, startup: false, referenceCustomer: false }).maturity).toBe(3);
  });

  it("throws when the model lacks the base row", () => {
    const model: ImportanceModel = {
      ...DIGIMENSA_MODEL,
      version: 3,
      name: "broken",
      bands: DEFAULT_SCORE_BANDS,
      levels: DIGIMENSA_MODEL.levels.filter((r) => !(r.factor === "knowledge" && r.dimension === "diversity" && r.value === "mixed")),
    };
    expect(() => importanceLevels(model, "knowledge", base)).toThrow(/no base row for knowledge \/ diversity = mixed/);
    expect(() => importanceLevels(model, "trust", base)).not.toThrow();
  });
});

describe("validateImportanceModel", () => {
  const rows = DIGIMENSA_MODEL.levels;
  const withRows = (levels: ImportanceLevelRow[], over: Partial<ImportanceModel> = {}): ImportanceModel => ({
    ...DIGIMENSA_MODEL,
    version: 2,
    name: "edited",
    levels,
    bands: DEFAULT_SCORE_BANDS,
    ...over,
  });
  const first = rows[0];

  it.each<[string, ImportanceModel, string[]]>([
    ["a valid copy", withRows([...rows]), []],
    ["missing base row", withRows(rows.slice(1)), ["missing_base_row"]],
    ["level 4", withRows([{ ...first, level: 4 as never }, ...rows.slice(1)]), ["level_out_of_range"]],
    ["level 0", withRows([{ ...first, level: 0 as never }, ...rows.slice(1)]), ["level_out_of_range"]],
    ["level 2.5", withRows([{ ...first, level: 2.5 as never }, ...rows.slice(1)]), ["level_out_of_range"]],
    ["duplicate row", withRows([...rows, { ...first }]), ["duplicate_row"]],
    ["unknown factor", withRows([...rows, { ...first, factor: "price" as never }]), ["unknown_factor"]],
    ["unknown value", withRows([...rows, { ...first, value: "huge" }]), ["unknown_value"]],
    ["unknown condition", withRows([...rows, { ...first, condition: "vip" as never }]), ["unknown_condition"]],
    ["unknown dimension", withRows([...rows, { ...first, dimension: "age" as never }]), ["unknown_dimension"]],
    ["version 0", withRows([...rows], { version: 0 }), ["invalid_version"]],
    ["blank name", withRows([...rows], { name: " " }), ["missing_name"]],
  ])("%s", (_name, model, codes) => {
    expect(validateImportanceModel(model).map((p) => p.code)).toEqual(codes);
  });

  it("names the missing cell and the offending row", () => {
    const missing = validateImportanceModel(withRows(rows.slice(1)));
    expect(missing[0]).toMatchObject({ factor: first.factor, dimension: first.dimension, value: first.value });
    const dup = validateImportanceModel(withRows([...rows, { ...first }]));
    expect(dup[0].rowIndex).toBe(rows.length);
  });

  it("reports every missing base row of an empty model", () => {
    expect(validateImportanceModel(withRows([])).filter((p) => p.code === "missing_base_row")).toHaveLength(60);
  });
});
