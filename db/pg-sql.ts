/**
 * The app's own SQL (the hot reads that skip the ORM) is written for SQLite:
 * `?` and `@name` parameters, lists of ids passed as one JSON text to
 * `json_each`, and unquoted camelCase aliases. This turns such a statement
 * into PostgreSQL's: `$n` parameters, `unnest` of a typed array, and quoted
 * aliases (PostgreSQL would fold them to lower case).
 */

export type PostgresStatement = { text: string; values: unknown[] };

/** `json_each(x)` → `unnest(x::bigint[]) as alias(value)`, the list passed as an array of its own type. */
function listParameter(value: unknown): { value: unknown[]; type: "bigint" | "text" } {
  const list = typeof value === "string" ? (JSON.parse(value) as unknown[]) : (value as unknown[]);
  if (!Array.isArray(list)) throw new Error("json_each expects a JSON array parameter");
  return { value: list, type: list.every((v) => typeof v === "number") ? "bigint" : "text" };
}

export function toPostgresStatement(text: string, params: unknown[]): PostgresStatement {
  // Built by drizzle for PostgreSQL already ($1, $2, …): nothing to translate.
  if (/\$1\b/.test(text) && !/\?|@\w/.test(text)) return { text, values: params };
  const values: unknown[] = [];
  const named =
    params.length === 1 && params[0] !== null && typeof params[0] === "object" && !Array.isArray(params[0]) ? (params[0] as Record<string, unknown>) : null;
  const positions = new Map<string, number>();
  let next = 0;
  // Parameters first, each replaced by a marker that keeps its place.
  let out = text.replace(/\?|@(\w+)/g, (_, name: string | undefined) => {
    if (name !== undefined) {
      if (!named || !(name in named)) throw new Error(`No value for @${name}`);
      if (!positions.has(name)) {
        values.push(named[name]);
        positions.set(name, values.length);
      }
      return `$${positions.get(name)}`;
    }
    values.push(params[next++]);
    return `$${values.length}`;
  });
  out = out.replace(
    /json_each\(\$(\d+)\)(\s+(?:as\s+)?(?!where\b|order\b|group\b|limit\b|on\b|join\b|union\b)([a-z_]\w*))?/gi,
    (_, index: string, _alias, alias?: string) => {
      const i = Number(index) - 1;
      const list = listParameter(values[i]);
      values[i] = list.value;
      return `unnest($${index}::${list.type}[]) as ${alias ?? "list"}(value)`;
    },
  );
  out = out.replace(/\bas ([a-z]+[A-Z]\w*)/g, 'as "$1"');
  return { text: out, values };
}
