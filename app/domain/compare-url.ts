/**
 * The comparison's URL state: which partners, quarter, side, grouping,
 * filters and sort a view shows. Parsed leniently (a bad value is dropped
 * and named as a problem, never a 500), and written back in one canonical
 * order so a shared link reproduces the view. Pure: no I/O.
 */
import { z } from "zod";
import { DIVERSITIES, LIFECYCLE_STAGES, MATURITIES, SIZE_CLASSES, type Diversity, type LifecycleStage, type Maturity, type SizeClass } from "./factors";
import { COMPARE_SIDES, COMPARE_SORTS, GROUP_DIMENSIONS, MAX_PARTNERS, type CompareSide, type CompareSort, type GroupDimension } from "./compare";
import { isValidQuarter } from "./period";
import { recordId } from "./record-id";
export type CompareState = {
  /** Picked relationship ids, unique, in the order given, at most MAX_PARTNERS. */
  ids: number[];
  side: CompareSide;
  /** null: the latest quarter with data. */
  quarter: string | null;
  sizes: SizeClass[];
  maturities: Maturity[];
  diversities: Diversity[];
  stages: LifecycleStage[];
  group: GroupDimension | null;
  sort: CompareSort;
  /** Picker: restrict the list to one chain; null = every visible chain. */
  chain: number | null;
  /** Picker: a text search over partner and service names. */
  find: string;
};

export type CompareProblem =
  "invalid_ids" | "too_many" | "invalid_side" | "invalid_quarter" | "invalid_filter" | "invalid_group" | "invalid_sort" | "invalid_chain";

export const DEFAULT_STATE: CompareState = {
  ids: [],
  side: "both",
  quarter: null,
  sizes: [],
  maturities: [],
  diversities: [],
  stages: [],
  group: null,
  sort: "attention",
  chain: null,
  find: "",
};

/** An id beyond any row (recordId's bound) is a bad id, dropped and named like any other. */
const idSchema = recordId();
const sideSchema = z.enum(COMPARE_SIDES);
const quarterSchema = z.string().refine(isValidQuarter);
const groupSchema = z.enum(GROUP_DIMENSIONS);
const sortSchema = z.enum(COMPARE_SORTS);
const findSchema = z.string().trim().max(100);

/** One value or none: the last one wins, an empty value counts as absent. */
function single(params: URLSearchParams, name: string): string | null {
  const v = params
    .getAll(name)
    .filter((x) => x.trim() !== "")
    .at(-1);
  return v === undefined ? null : v.trim();
}

function multi<T extends string>(params: URLSearchParams, name: string, values: readonly T[]): { ok: T[]; bad: boolean } {
  const schema = z.enum(values as unknown as [T, ...T[]]);
  const ok: T[] = [];
  let bad = false;
  for (const raw of params.getAll(name)) {
    if (raw === "") continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      if (!ok.includes(parsed.data)) ok.push(parsed.data);
    } else bad = true;
  }
  // Keep the vocabulary order, so equal states make equal URLs.
  return { ok: values.filter((v) => ok.includes(v)), bad };
}

/**
 * The compare view's whole state, read from the URL. Never throws: a bad
 * value falls back to its default and is reported, so a mangled link still
 * opens a page that says what was wrong.
 */
export function parseCompareState(params: URLSearchParams): { state: CompareState; problems: CompareProblem[] } {
  const problems = new Set<CompareProblem>();
  const ids: number[] = [];
  for (const raw of params.getAll("r")) {
    // A hand-edited link may use "r=1,2,3".
    for (const part of raw.split(",")) {
      if (part.trim() === "") continue;
      const parsed = idSchema.safeParse(part.trim());
      if (!parsed.success) problems.add("invalid_ids");
      else if (!ids.includes(parsed.data)) ids.push(parsed.data);
    }
  }
  if (ids.length > MAX_PARTNERS) problems.add("too_many");

  const pick = <T>(name: string, schema: z.ZodType<T>, fallback: T, problem: CompareProblem): T => {
    const raw = single(params, name);
    if (raw === null) return fallback;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.add(problem);
    return fallback;
  };

  const sizes = multi(params, "size", SIZE_CLASSES);
  const maturities = multi(params, "maturity", MATURITIES);
  const diversities = multi(params, "diversity", DIVERSITIES);
  const stages = multi(params, "stage", LIFECYCLE_STAGES);
  if (sizes.bad || maturities.bad || diversities.bad || stages.bad) problems.add("invalid_filter");

  // "none" is what the group select sends for no grouping.
  const groupValue = pick<GroupDimension | "none" | null>("group", groupSchema.or(z.literal("none")), null, "invalid_group");
  const group = groupValue === "none" ? null : groupValue;

  const state: CompareState = {
    ids: ids.slice(0, MAX_PARTNERS),
    side: pick("side", sideSchema, DEFAULT_STATE.side, "invalid_side"),
    quarter: pick<string | null>("q", quarterSchema, null, "invalid_quarter"),
    sizes: sizes.ok,
    maturities: maturities.ok,
    diversities: diversities.ok,
    stages: stages.ok,
    group,
    sort: pick("sort", sortSchema, DEFAULT_STATE.sort, "invalid_sort"),
    chain: pick<number | null>("chain", idSchema, null, "invalid_chain"),
    find: findSchema.safeParse(single(params, "find") ?? "").data ?? "",
  };
  return { state, problems: [...problems] };
}

/** The state as a query string (defaults left out), for links, exports and bookmarks. */
export function compareQuery(state: CompareState, overrides: Partial<CompareState> = {}): URLSearchParams {
  const s = { ...state, ...overrides };
  const q = new URLSearchParams();
  for (const id of s.ids) q.append("r", String(id));
  if (s.side !== DEFAULT_STATE.side) q.set("side", s.side);
  if (s.quarter) q.set("q", s.quarter);
  for (const v of s.sizes) q.append("size", v);
  for (const v of s.maturities) q.append("maturity", v);
  for (const v of s.diversities) q.append("diversity", v);
  for (const v of s.stages) q.append("stage", v);
  if (s.group) q.set("group", s.group);
  if (s.sort !== DEFAULT_STATE.sort) q.set("sort", s.sort);
  if (s.chain !== null) q.set("chain", String(s.chain));
  if (s.find) q.set("find", s.find);
  return q;
}
