import { describe, expect, it } from "vitest";
import { CRITICALITIES, FACTORS, type FactorKey } from "~/domain/factors";
import { DIGIMENSA_MODEL, type ImportanceLevelRow, type ImportanceModel } from "~/domain/importance-model";
import {
  contentChanges,
  contextUnder,
  previewModelChange,
  sortedLevels,
  validateModelContent,
  type ModelContent,
  type ModelProblem,
  type PreviewInput,
} from "~/domain/model-version";
import { bandOf, DEFAULT_SCORE_BANDS, type ScoreBands } from "~/domain/score-bands";
import { scoreRelationship, type FactorPerformance } from "~/domain/scoring";
import { contentFromForm, formPathOf, modelDraftSchema, modelFileOf, parseModelFile } from "~/forms/importance-model";

const DEFAULT_CONTENT: ModelContent = {
  name: DIGIMENSA_MODEL.name,
  startupYears: DIGIMENSA_MODEL.startupYears,
  criticalityMultipliers: DIGIMENSA_MODEL.criticalityMultipliers,
  bands: DIGIMENSA_MODEL.bands,
  levels: sortedLevels(DIGIMENSA_MODEL.levels),
};

const indexOf = (levels: readonly ImportanceLevelRow[], factor: FactorKey, dimension: string, value: string, condition = "base") =>
  levels.findIndex((r) => r.factor === factor && r.dimension === dimension && r.value === value && r.condition === condition);

/** The default content with one level row changed. */
function withLevel(factor: FactorKey, dimension: string, value: string, patch: Partial<ImportanceLevelRow>): ModelContent {
  const i = indexOf(DEFAULT_CONTENT.levels, factor, dimension, value);
  return { ...DEFAULT_CONTENT, levels: DEFAULT_CONTENT.levels.map((r, j) => (j === i ? { ...r, ...patch } : r)) };
}

const TRUST_SIZE_LARGE = indexOf(DEFAULT_CONTENT.levels, "trust", "size", "large");

describe("validateModelContent", () => {
  it("finds nothing wrong with the digiMensa default", () => {
    expect(validateModelContent(DEFAULT_CONTENT)).toEqual([]);
  });

  it.each<[string, ModelContent, Array<Partial<ModelProblem>>]>([
    [
      "a level of 4 names its cell",
      withLevel("trust", "size", "large", { level: 4 as 3 }),
      [{ path: `levels[${TRUST_SIZE_LARGE}].level`, code: "level_range", cell: { factor: "trust", dimension: "size", value: "large", condition: "base" } }],
    ],
    ["a level of 0", withLevel("trust", "size", "large", { level: 0 as 1 }), [{ path: `levels[${TRUST_SIZE_LARGE}].level`, code: "level_range" }]],
    ["a level of 2.5", withLevel("trust", "size", "large", { level: 2.5 as 2 }), [{ path: `levels[${TRUST_SIZE_LARGE}].level`, code: "level_range" }]],
    [
      "an unknown factor",
      withLevel("trust", "size", "large", { factor: "luck" as FactorKey }),
      [
        { path: `levels[${TRUST_SIZE_LARGE}].factor`, code: "unknown_factor" },
        { path: "levels", code: "missing_cell", cell: { factor: "trust", dimension: "size", value: "large", condition: "base" } },
      ],
    ],
    [
      "an unknown value",
      withLevel("trust", "size", "large", { value: "huge" }),
      [
        { path: `levels[${TRUST_SIZE_LARGE}].value`, code: "unknown_value" },
        { path: "levels", code: "missing_cell" },
      ],
    ],
    [
      "an unknown condition",
      withLevel("trust", "size", "large", { condition: "always" as "base" }),
      [
        { path: `levels[${TRUST_SIZE_LARGE}].condition`, code: "unknown_condition" },
        { path: "levels", code: "missing_cell" },
      ],
    ],
    [
      "an empty Finnish statement",
      withLevel("trust", "size", "large", { sourceFi: "  " }),
      [{ path: `levels[${TRUST_SIZE_LARGE}].sourceFi`, code: "source_missing" }],
    ],
    [
      "a duplicated cell",
      { ...DEFAULT_CONTENT, levels: [...DEFAULT_CONTENT.levels, DEFAULT_CONTENT.levels[TRUST_SIZE_LARGE]] },
      [{ path: `levels[${DEFAULT_CONTENT.levels.length}]`, code: "duplicate_cell" }],
    ],
    [
      "a missing cell",
      { ...DEFAULT_CONTENT, levels: DEFAULT_CONTENT.levels.filter((_, i) => i !== TRUST_SIZE_LARGE) },
      [{ path: "levels", code: "missing_cell", cell: { factor: "trust", dimension: "size", value: "large", condition: "base" } }],
    ],
    [
      "a zero multiplier for high",
      { ...DEFAULT_CONTENT, criticalityMultipliers: { ...DEFAULT_CONTENT.criticalityMultipliers, high: 0 } },
      [{ path: "criticalityMultipliers.high", code: "multiplier_not_positive", criticality: "high" }],
    ],
    [
      "a negative multiplier",
      { ...DEFAULT_CONTENT, criticalityMultipliers: { ...DEFAULT_CONTENT.criticalityMultipliers, low: -1 } },
      [{ path: "criticalityMultipliers.low", code: "multiplier_not_positive" }],
    ],
    [
      "a multiplier that is not a number",
      { ...DEFAULT_CONTENT, criticalityMultipliers: { ...DEFAULT_CONTENT.criticalityMultipliers, critical: Number.NaN } },
      [{ path: "criticalityMultipliers.critical", code: "multiplier_not_positive" }],
    ],
    [
      "a huge multiplier",
      { ...DEFAULT_CONTENT, criticalityMultipliers: { ...DEFAULT_CONTENT.criticalityMultipliers, critical: 300 } },
      [{ path: "criticalityMultipliers.critical", code: "multiplier_too_large" }],
    ],
    ["a start-up age of 0", { ...DEFAULT_CONTENT, startupYears: 0 }, [{ path: "startupYears", code: "startup_years_range" }]],
    ["a start-up age of 2.5", { ...DEFAULT_CONTENT, startupYears: 2.5 }, [{ path: "startupYears", code: "startup_years_range" }]],
    ["a start-up age of 51", { ...DEFAULT_CONTENT, startupYears: 51 }, [{ path: "startupYears", code: "startup_years_range" }]],
    ["no name", { ...DEFAULT_CONTENT, name: " " }, [{ path: "name", code: "name_missing" }]],
    [
      "a gap between bands",
      {
        ...DEFAULT_CONTENT,
        bands: [
          { key: "poor", min: 0, max: 49.9 },
          { key: "fair", min: 50, max: 74.9 },
          { key: "good", min: 76, max: 100 },
        ] as ScoreBands,
      },
      [{ path: "bands[2].min", code: "band_gap", band: "good" }],
    ],
    [
      "overlapping bands",
      {
        ...DEFAULT_CONTENT,
        bands: [
          { key: "poor", min: 0, max: 55 },
          { key: "fair", min: 50, max: 74.9 },
          { key: "good", min: 75, max: 100 },
        ] as ScoreBands,
      },
      [{ path: "bands[1].min", code: "band_overlap", band: "fair" }],
    ],
    [
      "bands that do not start at 0",
      {
        ...DEFAULT_CONTENT,
        bands: [
          { key: "poor", min: 1, max: 49.9 },
          { key: "fair", min: 50, max: 74.9 },
          { key: "good", min: 75, max: 100 },
        ] as ScoreBands,
      },
      [{ path: "bands[0].min", code: "band_start" }],
    ],
    [
      "bands that stop short of 100",
      {
        ...DEFAULT_CONTENT,
        bands: [
          { key: "poor", min: 0, max: 49.9 },
          { key: "fair", min: 50, max: 74.9 },
          { key: "good", min: 75, max: 99 },
        ] as ScoreBands,
      },
      [{ path: "bands[2].max", code: "band_end" }],
    ],
    ["two bands", { ...DEFAULT_CONTENT, bands: DEFAULT_SCORE_BANDS.slice(0, 2) }, [{ path: "bands", code: "band_count" }]],
  ])("%s", (_name, content, expected) => {
    const problems = validateModelContent(content);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(problems[i]).toMatchObject(e));
  });

  it("moved boundaries without gaps are fine", () => {
    const bands = [
      { key: "poor", min: 0, max: 59.9 },
      { key: "fair", min: 60, max: 79.9 },
      { key: "good", min: 80, max: 100 },
    ] as ScoreBands;
    expect(
      validateModelContent({ ...DEFAULT_CONTENT, bands, startupYears: 10, criticalityMultipliers: { low: 0.5, medium: 1, high: 4, critical: 8 } }),
    ).toEqual([]);
  });
});

describe("contentChanges (the audit entry of a save)", () => {
  it("lists only the changed cells and fields", () => {
    const after = { ...withLevel("compensation", "size", "large", { level: 1 }), startupYears: 7 };
    expect(contentChanges(DEFAULT_CONTENT, after)).toEqual({
      before: { startupYears: 5, "levels:compensation|size|large|base": { level: 3, sourceFi: expect.any(String), sourceEn: expect.any(String) } },
      after: { startupYears: 7, "levels:compensation|size|large|base": { level: 1, sourceFi: expect.any(String), sourceEn: expect.any(String) } },
    });
    expect(contentChanges(DEFAULT_CONTENT, DEFAULT_CONTENT)).toBeNull();
  });
});

// ------------------------------------------------------------------ preview

const all = (p: number): FactorPerformance => Object.fromEntries(FACTORS.map((f) => [f, p]));
const AS_OF = new Date("2026-11-22T12:00:00Z");

const INPUTS: PreviewInput[] = [
  // Large providers: the compensation change below reaches them.
  {
    relationshipId: 1,
    period: "2026-Q3",
    performance: { ...all(3), compensation: 2, trust: 4 },
    context: { sizeClass: "large", maturity: "mature", diversity: "mixed", criticality: "high", referenceCustomer: false },
    providerFoundedYear: 1998,
  },
  {
    relationshipId: 2,
    period: "2026-Q3",
    performance: { ...all(2), compensation: 5 },
    context: { sizeClass: "large", maturity: "early", diversity: "uniform", criticality: "critical", referenceCustomer: true },
    providerFoundedYear: 2001,
  },
  // Not large: only the multipliers, bands and start-up age can move them.
  {
    relationshipId: 3,
    period: "2026-Q2",
    performance: all(4),
    context: { sizeClass: "micro", maturity: "early", diversity: "diverse", criticality: "low", referenceCustomer: false },
    providerFoundedYear: 2024,
  },
  // Founded 2018: a start-up when the age is 10 years, not when it is 5.
  {
    relationshipId: 4,
    period: "2026-Q3",
    performance: { ...all(3), selling: 1, knowledge: null },
    context: { sizeClass: "medium", maturity: "developing", diversity: "mixed", criticality: "medium", referenceCustomer: false },
    providerFoundedYear: 2018,
  },
  {
    relationshipId: 5,
    period: "2026-Q1",
    performance: { trust: 5 },
    context: { sizeClass: "small", maturity: "mature", diversity: "uniform", criticality: "low", referenceCustomer: false },
    providerFoundedYear: null,
  },
  // Just below the default fair band: moved bands change its band, not its score.
  {
    relationshipId: 6,
    period: "2026-Q3",
    performance: { ...all(3), new_business: 2 },
    context: { sizeClass: "micro", maturity: "developing", diversity: "uniform", criticality: "high", referenceCustomer: false },
    providerFoundedYear: 1990,
  },
];

const DRAFT: ImportanceModel = {
  ...DIGIMENSA_MODEL,
  version: 2,
  name: "draft",
  levels: DIGIMENSA_MODEL.levels.map((r) => (r.factor === "compensation" && r.dimension === "size" && r.value === "large" ? { ...r, level: 1 as const } : r)),
  startupYears: 10,
  criticalityMultipliers: { low: 1, medium: 2, high: 3, critical: 5 },
  bands: [
    { key: "poor", min: 0, max: 44.9 },
    { key: "fair", min: 45, max: 69.9 },
    { key: "good", min: 70, max: 100 },
  ] as ScoreBands,
};

describe("previewModelChange", () => {
  const preview = previewModelChange(INPUTS, DIGIMENSA_MODEL, DRAFT, AS_OF);

  it("shows for each relationship exactly what scoreRelationship gives under each version", () => {
    expect(preview.rows).toHaveLength(INPUTS.length);
    for (const input of INPUTS) {
      const row = preview.rows.find((r) => r.relationshipId === input.relationshipId)!;
      for (const [side, model] of [
        ["current", DIGIMENSA_MODEL],
        ["draft", DRAFT],
      ] as const) {
        const expected = scoreRelationship({ context: contextUnder(model, input, AS_OF), performance: input.performance, model });
        expect(row[side].score, `${input.relationshipId} ${side}`).toBe(expected.score);
        expect(row[side].attentionPriority).toBe(expected.attentionPriority);
        expect(row[side].modelVersion).toBe(model.version);
        expect(row[side].band).toBe(bandOf(expected.score, model.bands));
        for (const f of expected.factors) expect(row[side].quadrants[f.factor]).toBe(f.quadrant);
      }
      expect(row.period).toBe(input.period);
    }
  });

  it("applies each version's start-up age", () => {
    const row = preview.rows.find((r) => r.relationshipId === 4)!;
    expect(row.current.startup).toBe(false);
    expect(row.draft.startup).toBe(true);
  });

  it("gives the change and the largest change first, by size either way", () => {
    for (const row of preview.rows) {
      expect(row.change).toBe(row.current.score === null ? null : Math.round((row.draft.score! - row.current.score) * 10) / 10);
    }
    const sizes = preview.rows.map((r) => Math.abs(r.change ?? 0));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(preview.rows[0].change).not.toBe(0);
  });

  it("lowering compensation for large providers moves only the large providers' scores (hand-computed)", () => {
    const only: ImportanceModel = { ...DIGIMENSA_MODEL, version: 2, levels: DRAFT.levels };
    const p = previewModelChange(INPUTS, DIGIMENSA_MODEL, only, AS_OF);
    expect(
      p.rows
        .filter((r) => r.change !== 0)
        .map((r) => r.relationshipId)
        .sort(),
    ).toEqual([1, 2]);
    // Relationship 2, large/early/uniform with a reference customer. Levels (size, maturity, diversity):
    // ind 3,1,1 = 5/3 (reference: size 3); trust 2,3,1 = 2; comp 3,3,3 = 3 -> 1,3,3 = 7/3;
    // nb 2,1,1 = 4/3; know 3; sell 2,2,2 = 2. P: all 2, compensation 5.
    // Before: sum I = 5/3+2+3+4/3+3+2 = 13; sum I*P = 2*(13-3) + 5*3 = 35 -> S = 100*(35/13-1)/4 = 42.3.
    // After: sum I = 37/3; sum I*P = 2*(37/3-7/3) + 5*7/3 = 20 + 35/3 = 95/3 -> S = 100*((95/37)-1)/4 = 39.2.
    const row = p.rows.find((r) => r.relationshipId === 2)!;
    expect(row.current.score).toBe(42.3);
    expect(row.draft.score).toBe(39.2);
    expect(row.change).toBe(-3.1);
    expect(p.counts).toEqual({
      relationships: INPUTS.length,
      changed: 2,
      bandChanged: 0,
      quadrantChanged: p.rows.filter((r) => r.quadrantChanges.length).length,
    });
    expect(row.current.band).toBe("poor");
  });

  it("counts band and quadrant changes over all relationships", () => {
    expect(preview.counts.relationships).toBe(INPUTS.length);
    expect(preview.counts.changed).toBe(preview.rows.filter((r) => r.change !== null && r.change !== 0).length);
    expect(preview.counts.bandChanged).toBe(preview.rows.filter((r) => r.current.band !== r.draft.band).length);
    expect(preview.counts.quadrantChanged).toBe(preview.rows.filter((r) => FACTORS.some((f) => r.current.quadrants[f] !== r.draft.quadrants[f])).length);
    // Relationship 6, micro/developing/uniform: I = 2, 7/3, 2, 5/3, 3, 7/3 (sum 40/3); all 3 but new business 2:
    // sum wP = (40 - 5/3) / (40/3) = 2.875 -> 46.9 under both: poor by default, fair from 45.
    const six = preview.rows.find((r) => r.relationshipId === 6)!;
    expect([six.current.score, six.draft.score]).toEqual([46.9, 46.9]);
    expect([six.current.band, six.draft.band]).toEqual(["poor", "fair"]);
    expect(six.bandChanged).toBe(true);
  });

  it("compares a version with itself as no change", () => {
    const same = previewModelChange(INPUTS, DIGIMENSA_MODEL, DIGIMENSA_MODEL, AS_OF);
    expect(same.counts).toEqual({ relationships: INPUTS.length, changed: 0, bandChanged: 0, quadrantChanged: 0 });
  });
});

// ------------------------------------------------------------------ the model file

describe("parseModelFile", () => {
  const exported = () => modelFileOf(DEFAULT_CONTENT, { version: 1, note: "seed" });

  it("reads back what it exports", () => {
    const parsed = parseModelFile(JSON.stringify(exported()));
    expect(parsed).toEqual({ ok: true, content: { ...DEFAULT_CONTENT, levels: DEFAULT_CONTENT.levels.map((r) => ({ ...r })) }, note: "seed", version: 1 });
  });

  it.each<[string, (file: Record<string, unknown>) => unknown, Array<{ path: string; message: string }>]>([
    ["a level of 4", (f) => ((f.levels as Array<Record<string, unknown>>)[12].level = 4), [{ path: "levels[12].level", message: "model.file.max" }]],
    ["a level of 2.5", (f) => ((f.levels as Array<Record<string, unknown>>)[3].level = 2.5), [{ path: "levels[3].level", message: "model.file.integer" }]],
    ["a level as text", (f) => ((f.levels as Array<Record<string, unknown>>)[0].level = "high"), [{ path: "levels[0].level", message: "model.file.type" }]],
    ["an unknown factor", (f) => ((f.levels as Array<Record<string, unknown>>)[5].factor = "luck"), [{ path: "levels[5].factor", message: "model.file.enum" }]],
    [
      "a missing statement",
      (f) => delete (f.levels as Array<Record<string, unknown>>)[7].sourceEn,
      [{ path: "levels[7].sourceEn", message: "model.file.required" }],
    ],
    ["an unknown field", (f) => ((f.levels as Array<Record<string, unknown>>)[1].weight = 2), [{ path: "levels[1]", message: "model.file.unknownKeys" }]],
    [
      "a zero multiplier",
      (f) => ((f.criticalityMultipliers as Record<string, number>).high = 0),
      [{ path: "criticalityMultipliers.high", message: "model.file.above" }],
    ],
    ["another format", (f) => (f.format = "something-else"), [{ path: "format", message: "model.file.literal" }]],
    [
      "a band gap (a model rule, after the shape)",
      (f) => ((f.bands as Array<Record<string, number>>)[2].min = 80),
      [{ path: "bands[2].min", message: "model.problem.band_gap" }],
    ],
    [
      "a duplicated cell (a model rule)",
      (f) => (f.levels as unknown[]).push((f.levels as unknown[])[0]),
      [{ path: `levels[${DEFAULT_CONTENT.levels.length}]`, message: "model.problem.duplicate_cell" }],
    ],
  ])("names the path of %s", (_name, damage, expected) => {
    const file = JSON.parse(JSON.stringify(exported())) as Record<string, unknown>;
    damage(file);
    const parsed = parseModelFile(JSON.stringify(file));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map(({ path, message }) => ({ path, message }))).toEqual(expected);
  });

  it("says when the file is not JSON", () => {
    expect(parseModelFile("levels: 1")).toEqual({ ok: false, problems: [{ path: "", message: "model.file.notJson" }] });
  });
});

// ------------------------------------------------------------------ the editor form

/** The editor form as the browser posts it: every value is text. */
function formValue(content: ModelContent) {
  return {
    intent: "save",
    name: content.name,
    startupYears: String(content.startupYears),
    criticalityMultipliers: Object.fromEntries(CRITICALITIES.map((c) => [c, String(content.criticalityMultipliers[c]).replace(".", ",")])),
    bands: content.bands.map((b) => ({ key: b.key, min: String(b.min), max: String(b.max) })),
    levels: content.levels.map((r) => ({ ...r, level: String(r.level) })),
  };
}

describe("modelDraftSchema (the editor form)", () => {
  it("reads Finnish decimals and gives back the content", () => {
    const parsed = modelDraftSchema.safeParse(formValue(DEFAULT_CONTENT));
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(contentFromForm(parsed.data).content).toEqual({ ...DEFAULT_CONTENT, levels: DEFAULT_CONTENT.levels.map((r) => ({ ...r })) });
  });

  it("puts each problem on its field", () => {
    const value = formValue(DEFAULT_CONTENT);
    value.levels[TRUST_SIZE_LARGE].level = "4";
    value.criticalityMultipliers.high = "0";
    value.bands[2].min = "76";
    const parsed = modelDraftSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["criticalityMultipliers.high", "model.problem.multiplier_not_positive"],
      [`levels.${TRUST_SIZE_LARGE}.level`, "model.problem.level_range"],
      ["bands.2.min", "model.problem.band_gap"],
    ]);
  });

  it("keeps the form's row numbers when a rule is removed and another added", () => {
    const value = formValue(DEFAULT_CONTENT) as ReturnType<typeof formValue> & { newCondition?: Record<string, string> };
    const firstRule = value.levels.findIndex((r) => r.condition !== "base");
    (value.levels[firstRule] as Record<string, unknown>).remove = "on";
    const lastRule = value.levels.length - 1;
    value.levels[lastRule].level = "9";
    value.newCondition = { cell: "trust|size|large", condition: "reference_customer", level: "3", sourceFi: "x", sourceEn: "y" };
    const parsed = modelDraftSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    // The removed row shifts the content's rows by one; the problem still lands on the form's row.
    expect(parsed.error.issues.map((i) => i.path.join("."))).toEqual([`levels.${lastRule}.level`]);
    value.levels[lastRule].level = "3";
    const ok = modelDraftSchema.safeParse(value);
    expect(ok.success).toBe(true);
    if (!ok.success) return;
    const { content, rowPaths } = contentFromForm(ok.data);
    expect(content.levels).toHaveLength(DEFAULT_CONTENT.levels.length);
    expect(rowPaths.at(-1)).toBe("newCondition");
    expect(content.levels.at(-1)).toMatchObject({ factor: "trust", dimension: "size", value: "large", condition: "reference_customer", level: 3 });
    expect(formPathOf({ path: `levels[${content.levels.length - 1}].value`, code: "unknown_value" }, rowPaths)).toBe("newCondition.cell");
  });

  it("asks for every part of a new rule", () => {
    const value = { ...formValue(DEFAULT_CONTENT), newCondition: { cell: "trust|size|large", condition: "", level: "", sourceFi: "", sourceEn: "" } };
    const parsed = modelDraftSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["newCondition.condition", "validation.required"],
      ["newCondition.level", "validation.required"],
      ["newCondition.sourceFi", "validation.required"],
      ["newCondition.sourceEn", "validation.required"],
    ]);
  });
});
