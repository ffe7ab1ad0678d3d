/**
 * The scoring model editor's forms and the model file (JSON export and
 * import). Field names are the JSON paths of the content (`levels[12].level`,
 * `bands[1].min`, `criticalityMultipliers.high`), so a problem found by the
 * domain validation lands on the field, and an imported file's problem names
 * the same path.
 */
import { labelKey } from "../i18n/labels";
import type { MessageKey } from "../i18n/messages";
import { z } from "zod";
import { CRITICALITIES, FACTORS, type Criticality } from "../domain/factors";
import { DIMENSION_VALUES, IMPORTANCE_CONDITIONS, IMPORTANCE_DIMENSIONS, type ImportanceLevelRow } from "../domain/importance-model";
import {
  CONDITION_KINDS,
  NAME_MAX_LENGTH,
  SOURCE_MAX_LENGTH,
  validateModelContent,
  type ModelCell,
  type ModelContent,
  type ModelProblem,
} from "../domain/model-version";
import { SCORE_BAND_KEYS, type ScoreBands } from "../domain/score-bands";
import { checkbox, idField, optionalText, requiredText } from "./admin-fields";

// ------------------------------------------------------------------ paths

/** `["levels", 12, "level"]` -> `levels[12].level`. */
export function jsonPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out === "" ? part : `.${part}`;
  return out;
}

// ------------------------------------------------------------------ the editor form

/** "2,5", " 2.5 " -> 2.5; anything else -> NaN (the domain check then names the field). */
function looseNumber(raw: unknown): number {
  if (typeof raw === "number") return raw;
  if (typeof raw !== "string") return Number.NaN;
  const cleaned = raw.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

const numberText = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required");

const formLevelRow = z.object({
  factor: z.string(),
  dimension: z.string(),
  value: z.string(),
  condition: z.string(),
  level: numberText,
  sourceFi: z.string().trim().default(""),
  sourceEn: z.string().trim().default(""),
  /** Condition rows only: remove the row on saving. */
  remove: checkbox,
});

const newConditionRow = z
  .object({
    /** `factor|dimension|value`, or empty for no new row. */
    cell: z.string().optional(),
    condition: z.string().optional(),
    level: z.string().optional(),
    sourceFi: z.string().trim().optional(),
    sourceEn: z.string().trim().optional(),
  })
  .optional();

const draftFields = z.object({
  intent: z.literal("save"),
  name: requiredText(NAME_MAX_LENGTH),
  startupYears: numberText,
  criticalityMultipliers: z.object(Object.fromEntries(CRITICALITIES.map((c) => [c, numberText])) as Record<Criticality, typeof numberText>),
  bands: z.array(z.object({ key: z.string(), min: numberText, max: numberText })),
  levels: z.array(formLevelRow).default([]),
  newCondition: newConditionRow,
});

type DraftFields = z.infer<typeof draftFields>;
/** The editor form's values as submitted (text), for useForm. */
export type ModelDraftFormShape = z.input<typeof draftFields>;

/**
 * The content a submitted editor form describes, and for each of its level
 * rows the form field that holds it (rows marked for removal are left out,
 * a new condition row is added at the end).
 */
export function contentFromForm(v: DraftFields): { content: ModelContent; rowPaths: string[] } {
  const rows: ImportanceLevelRow[] = [];
  const rowPaths: string[] = [];
  v.levels.forEach((row, i) => {
    if (row.remove && row.condition !== "base") return;
    rows.push({
      factor: row.factor as ImportanceLevelRow["factor"],
      dimension: row.dimension as ImportanceLevelRow["dimension"],
      value: row.value,
      condition: row.condition as ImportanceLevelRow["condition"],
      level: looseNumber(row.level) as ImportanceLevelRow["level"],
      sourceFi: row.sourceFi,
      sourceEn: row.sourceEn,
    });
    rowPaths.push(`levels[${i}]`);
  });
  const added = v.newCondition;
  if (added?.cell) {
    const [factor = "", dimension = "", value = ""] = added.cell.split("|");
    rows.push({
      factor: factor as ImportanceLevelRow["factor"],
      dimension: dimension as ImportanceLevelRow["dimension"],
      value,
      condition: (added.condition ?? "") as ImportanceLevelRow["condition"],
      level: looseNumber(added.level ?? "") as ImportanceLevelRow["level"],
      sourceFi: added.sourceFi ?? "",
      sourceEn: added.sourceEn ?? "",
    });
    rowPaths.push("newCondition");
  }
  const content: ModelContent = {
    name: v.name,
    startupYears: looseNumber(v.startupYears),
    criticalityMultipliers: Object.fromEntries(CRITICALITIES.map((c) => [c, looseNumber(v.criticalityMultipliers[c])])) as Record<Criticality, number>,
    bands: v.bands.map((b) => ({ key: b.key, min: looseNumber(b.min), max: looseNumber(b.max) })) as unknown as ScoreBands,
    levels: rows,
  };
  return { content, rowPaths };
}

/** A domain problem's path as the editor form's field name ("" for the form as a whole). */
export function formPathOf(problem: ModelProblem, rowPaths: readonly string[]): string {
  const m = /^levels\[(\d+)\](?:\.(\w+))?$/.exec(problem.path);
  if (!m) return problem.path === "levels" ? "" : problem.path;
  const row = rowPaths[Number(m[1])] ?? "";
  const field = m[2] ?? "level";
  if (row === "newCondition") {
    if (field === "factor" || field === "dimension" || field === "value") return "newCondition.cell";
    return `newCondition.${field}`;
  }
  // Identity fields are hidden: their problems show on the level.
  return `${row}.${field === "factor" || field === "dimension" || field === "value" || field === "condition" ? "level" : field}`;
}

/** The message key of a domain problem. */
export function problemMessage(problem: Pick<ModelProblem, "code">): MessageKey {
  return labelKey("model.problem", problem.code);
}

/**
 * The editor form: typed by zod, then checked whole by the domain
 * validation, whose problems land on the fields by path.
 */
export const modelDraftSchema = draftFields.superRefine((v, ctx) => {
  const added = v.newCondition;
  if (added?.cell) {
    // A new row needs everything; say which part is missing.
    for (const field of ["condition", "level", "sourceFi", "sourceEn"] as const) {
      if (!added[field]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["newCondition", field], message: "validation.required" });
    }
    if (added.condition && !(CONDITION_KINDS as readonly string[]).includes(added.condition)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["newCondition", "condition"], message: "model.problem.unknown_condition" });
    }
  }
  const { content, rowPaths } = contentFromForm(v);
  const seen = new Set<string>();
  for (const problem of validateModelContent(content)) {
    const path = formPathOf(problem, rowPaths);
    const message = problemMessage(problem);
    // A missing "new condition" field was already reported as required.
    if (path.startsWith("newCondition.") && added && !added[path.slice("newCondition.".length) as keyof typeof added]) continue;
    const key = `${path}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: path
        ? path
            .split(/[.[\]]+/)
            .filter(Boolean)
            .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
        : [],
      message,
    });
  }
});

export type ModelDraftInput = z.infer<typeof modelDraftSchema>;

/** Every cell a new condition row can be for, as `factor|dimension|value`. */
export const CONDITION_CELL_OPTIONS: string[] = FACTORS.flatMap((factor) =>
  IMPORTANCE_DIMENSIONS.flatMap((dimension) => DIMENSION_VALUES[dimension].map((value) => `${factor}|${dimension}|${value}`)),
);

export const copyModelSchema = z.object({ intent: z.literal("copy"), from: idField });
export const publishModelSchema = z.object({ intent: z.literal("publish"), note: requiredText(2000) });
export const deleteModelSchema = z.object({ intent: z.literal("delete") });
export const draftNoteSchema = optionalText(2000);

// ------------------------------------------------------------------ the model file

export const MODEL_FILE_FORMAT = "service-chain-portal/scoring-model";
export const MODEL_FILE_FORMAT_VERSION = 1;
/** Larger than any sensible model (the default is ~15 kB): refuse before parsing. */
export const MODEL_FILE_MAX_BYTES = 512 * 1024;

const fileLevel = z
  .object({
    factor: z.enum(FACTORS),
    dimension: z.enum(IMPORTANCE_DIMENSIONS),
    value: z.string().min(1),
    condition: z.enum(IMPORTANCE_CONDITIONS),
    level: z.number().int().min(1).max(3),
    sourceFi: z.string().trim().min(1).max(SOURCE_MAX_LENGTH),
    sourceEn: z.string().trim().min(1).max(SOURCE_MAX_LENGTH),
  })
  .strict();

/** The JSON a version is exported as and imported from. */
export const modelFileSchema = z
  .object({
    format: z.literal(MODEL_FILE_FORMAT),
    formatVersion: z.literal(MODEL_FILE_FORMAT_VERSION),
    /** Informational: the version the file was exported from; an import is always a new draft. */
    version: z.number().int().nullable().optional(),
    name: z.string().trim().min(1).max(NAME_MAX_LENGTH),
    note: z.string().max(2000).nullable().optional(),
    startupYears: z.number().int().min(1).max(50),
    criticalityMultipliers: z.object(Object.fromEntries(CRITICALITIES.map((c) => [c, z.number().positive()])) as Record<Criticality, z.ZodNumber>).strict(),
    bands: z.array(z.object({ key: z.enum(SCORE_BAND_KEYS), min: z.number().min(0).max(100), max: z.number().min(0).max(100) }).strict()),
    levels: z.array(fileLevel),
  })
  .strict();

export type ModelFile = z.infer<typeof modelFileSchema>;

export function modelFileOf(content: ModelContent, meta: { version: number | null; note: string | null }): ModelFile {
  return {
    format: MODEL_FILE_FORMAT,
    formatVersion: MODEL_FILE_FORMAT_VERSION,
    version: meta.version,
    name: content.name,
    note: meta.note,
    startupYears: content.startupYears,
    criticalityMultipliers: { ...content.criticalityMultipliers },
    bands: content.bands.map((b) => ({ key: b.key, min: b.min, max: b.max })),
    levels: content.levels.map((r) => ({
      factor: r.factor,
      dimension: r.dimension,
      value: r.value,
      condition: r.condition,
      level: r.level,
      sourceFi: r.sourceFi,
      sourceEn: r.sourceEn,
    })),
  };
}

/** A problem with an imported file: where (a JSON path, "" for the whole file) and what (a message key and its values). */
export type ModelFileProblem = {
  path: string;
  message: MessageKey;
  params?: Record<string, string | number>;
  cell?: ModelCell;
};

function issueProblem(issue: z.ZodIssue): ModelFileProblem {
  const path = jsonPath(issue.path);
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === "undefined") return { path, message: "model.file.required" };
      // zod reports a non-integer for .int() as expected "integer", received "float".
      if (issue.expected === "integer") return { path, message: "model.file.integer" };
      return { path, message: "model.file.type", params: { expected: issue.expected, received: issue.received } };
    case z.ZodIssueCode.invalid_literal:
      return { path, message: "model.file.literal", params: { expected: String(issue.expected) } };
    case z.ZodIssueCode.invalid_enum_value:
      return { path, message: "model.file.enum", params: { options: issue.options.join(", ") } };
    case z.ZodIssueCode.unrecognized_keys:
      return { path, message: "model.file.unknownKeys", params: { keys: issue.keys.join(", ") } };
    case z.ZodIssueCode.too_small:
      if (issue.type === "string") return { path, message: "model.file.empty" };
      return { path, message: issue.inclusive ? "model.file.min" : "model.file.above", params: { min: Number(issue.minimum) } };
    case z.ZodIssueCode.too_big:
      if (issue.type === "string") return { path, message: "model.file.tooLong", params: { max: Number(issue.maximum) } };
      return { path, message: "model.file.max", params: { max: Number(issue.maximum) } };
    default:
      return { path, message: "model.file.invalid" };
  }
}

export type ParsedModelFile = { ok: true; content: ModelContent; note: string | null; version: number | null } | { ok: false; problems: ModelFileProblem[] };

/** Reads an uploaded model file: JSON, then its shape (zod), then the model rules, each problem with its JSON path. */
export function parseModelFile(text: string): ParsedModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, problems: [{ path: "", message: "model.file.notJson" }] };
  }
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.slice(0, 100).map(issueProblem) };
  }
  const content: ModelContent = {
    name: parsed.data.name,
    startupYears: parsed.data.startupYears,
    criticalityMultipliers: parsed.data.criticalityMultipliers,
    bands: parsed.data.bands as ScoreBands,
    levels: parsed.data.levels as ImportanceLevelRow[],
  };
  const problems = validateModelContent(content);
  if (problems.length) {
    return { ok: false, problems: problems.slice(0, 100).map((p) => ({ path: p.path, message: problemMessage(p), cell: p.cell })) };
  }
  return { ok: true, content, note: parsed.data.note ?? null, version: parsed.data.version ?? null };
}
