/**
 * The app's own SQL (the hot reads that skip the ORM) is written for SQLite:
 * `?` and `@name` parameters, lists of ids passed as one JSON text to
 * `json_each`, and unquoted camelCase aliases. This turns such a statement
 * into PostgreSQL's: `$n` parameters, `unnest` of a typed array, and quoted
 * aliases (PostgreSQL would fold them to lower case).
 *
 * A statement's text is constant and only its parameters vary, so each text
 * is parsed once (compile) and its translation kept; the one part that
 * depends on the parameters, the element type of each `json_each` list
 * (bigint or text), picks among the kept texts by the lists' types.
 */

export type PostgresStatement = { text: string; values: unknown[] };

/** `json_each(x)` → `unnest(x::bigint[]) as alias(value)`, the list passed as an array of its own type. */
function listParameter(value: unknown): { value: unknown[]; type: ListType } {
  const list = typeof value === "string" ? (JSON.parse(value) as unknown[]) : (value as unknown[]);
  if (!Array.isArray(list)) throw new Error("json_each expects a JSON array parameter");
  return { value: list, type: list.every((v) => typeof v === "number") ? "bigint" : "text" };
}

type ListType = "bigint" | "text";

/** What a statement's text says, worked out once per text. */
type Compiled =
  | { passthrough: true }
  | {
      passthrough: false;
      /** Where each `$n` (n = index + 1) takes its value from: a positional parameter's index, or a named one. */
      sources: Array<number | string>;
      /** Whether any source is named (then the parameters are one object). */
      named: boolean;
      /** The `$n` indexes (0-based) given to json_each, each once. */
      lists: number[];
      /** The text with `$n` parameters, before json_each and alias rewriting. */
      numbered: string;
      /** The finished text per list types ("bigint,text"…). */
      texts: Map<string, string>;
    };

const JSON_EACH = /json_each\(\$(\d+)\)(\s+(?:as\s+)?(?!where\b|order\b|group\b|limit\b|on\b|join\b|union\b)([a-z_]\w*))?/gi;

function compile(text: string): Compiled {
  // Built by drizzle for PostgreSQL already ($1, $2, …): nothing to translate.
  if (/\$1\b/.test(text) && !/\?|@\w/.test(text)) return { passthrough: true };
  const sources: Array<number | string> = [];
  const positions = new Map<string, number>();
  let next = 0;
  // Quoted text ('…', "…") is kept as it is: an address or a formula may hold `@` or `?`.
  const numbered = text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?|@(\w+)/g, (match: string, name: string | undefined) => {
    if (match.startsWith("'") || match.startsWith('"')) return match;
    if (name !== undefined) {
      if (!positions.has(name)) {
        sources.push(name);
        positions.set(name, sources.length);
      }
      return `$${positions.get(name)}`;
    }
    sources.push(next++);
    return `$${sources.length}`;
  });
  const lists = [...new Set([...numbered.matchAll(JSON_EACH)].map((match) => Number(match[1]) - 1))];
  return { passthrough: false, sources, named: sources.some((s) => typeof s === "string"), lists, numbered, texts: new Map() };
}

function finish(numbered: string, types: Map<number, ListType>): string {
  return numbered
    .replace(JSON_EACH, (_, index: string, _alias, alias?: string) => `unnest($${index}::${types.get(Number(index) - 1)}[]) as ${alias ?? "list"}(value)`)
    .replace(/\bas ([a-z]+[A-Z]\w*)/g, 'as "$1"');
}

/** Compiled texts: the app's statements are a fixed set, but a text built per call must not grow this without end. */
const CACHE_SIZE = 2000;
const compiled = new Map<string, Compiled>();

export function toPostgresStatement(text: string, params: unknown[]): PostgresStatement {
  let plan = compiled.get(text);
  if (!plan) {
    if (compiled.size >= CACHE_SIZE) compiled.clear();
    plan = compile(text);
    compiled.set(text, plan);
  }
  if (plan.passthrough) return { text, values: params };
  const named =
    plan.named && params.length === 1 && params[0] !== null && typeof params[0] === "object" && !Array.isArray(params[0])
      ? (params[0] as Record<string, unknown>)
      : null;
  const values = plan.sources.map((source) => {
    if (typeof source === "number") return params[source];
    if (!named || !(source in named)) throw new Error(`No value for @${source}`);
    return named[source];
  });
  if (plan.lists.length === 0) {
    let finished = plan.texts.get("");
    if (finished === undefined) plan.texts.set("", (finished = finish(plan.numbered, new Map())));
    return { text: finished, values };
  }
  const types = new Map<number, ListType>();
  for (const i of plan.lists) {
    const list = listParameter(values[i]);
    values[i] = list.value;
    types.set(i, list.type);
  }
  const key = plan.lists.map((i) => types.get(i)).join(",");
  let finished = plan.texts.get(key);
  if (finished === undefined) plan.texts.set(key, (finished = finish(plan.numbered, types)));
  return { text: finished, values };
}
