import { asc as ascending, desc as descending, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { databaseEngine } from "./engine";

// SQL whose spelling differs between the engines, chosen by the engine this process runs on.

/**
 * `column` contains `pattern` (a LIKE pattern with `\` as its escape),
 * ignoring case, Finnish letters included, on either engine. SQLite's LIKE
 * folds ASCII only, so Å, Ä and Ö are folded by hand (the pattern is
 * lower-cased by the caller); PostgreSQL's ILIKE folds them itself.
 */
export function likeIgnoringCase(column: SQLWrapper, pattern: string): SQL {
  return databaseEngine() === "postgres"
    ? sql`${column} ilike ${pattern} escape '\\'`
    : sql`replace(replace(replace(${column}, 'Å', 'å'), 'Ä', 'ä'), 'Ö', 'ö') like ${pattern} escape '\\'`;
}

/** `a` equals `b`, two nulls included: SQLite's `a is b`, PostgreSQL's `a is not distinct from b`. */
export function isSameValue(a: SQLWrapper | SQL, b: SQLWrapper | SQL): SQL {
  return databaseEngine() === "postgres" ? sql`${a} is not distinct from ${b}` : sql`${a} is ${b}`;
}

/** A text column read as an integer, null when it is not one (PostgreSQL's cast would fail on such text; SQLite's gives 0). */
export function textAsInteger(column: SQLWrapper): SQL {
  return databaseEngine() === "postgres" ? sql`(case when ${column} ~ '^-?[0-9]+$' then cast(${column} as integer) end)` : sql`cast(${column} as integer)`;
}

/** The integer field `key` of a JSON object held in a text column, or null (the app writes these columns with JSON.stringify). */
export function jsonIntegerField(column: SQLWrapper, key: string): SQL {
  if (!/^\w+$/.test(key)) throw new Error(`Not a plain JSON key: ${key}`);
  return databaseEngine() === "postgres"
    ? sql`(case when ${column} ~ '^\\s*\\{' then cast(cast(${column} as jsonb) ->> ${sql.raw(`'${key}'`)} as integer) end)`
    : sql`(case when json_valid(${column}) then json_extract(${column}, ${sql.raw(`'$.${key}'`)}) end)`;
}

/**
 * Ascending order with NULLs first, as SQLite orders them. PostgreSQL puts
 * NULLs last by default, so there the order says so explicitly (even on a NOT
 * NULL column: through a left join it can be null).
 */
export function asc(column: SQLWrapper): SQL {
  return databaseEngine() === "postgres" ? sql`${column} asc nulls first` : ascending(column);
}

/** Descending order with NULLs last, as SQLite orders them (see asc). */
export function desc(column: SQLWrapper): SQL {
  return databaseEngine() === "postgres" ? sql`${column} desc nulls last` : descending(column);
}

// ------------------------------------------------------------ concurrent writers
// On SQLite a write transaction (BEGIN IMMEDIATE) excludes every other writer, so a check
// inside it still holds when the transaction writes. PostgreSQL runs transactions side by
// side at READ COMMITTED: a check can be overtaken by another transaction's commit. These
// are what the models use to keep their checks true there (app/models/write-guards.server.ts).

/**
 * PostgreSQL: a statement (one `?`, a text key) taking an advisory lock held until the
 * transaction ends, so transactions that take the same key run their checks and writes
 * one after another. SQLite: null, nothing to do.
 */
export function advisoryLockStatement(): string | null {
  return databaseEngine() === "postgres" ? "select pg_advisory_xact_lock(hashtextextended(?, 0)) as locked" : null;
}

/**
 * PostgreSQL: the same lock, taken only if free (`taken` says whether it was), for work
 * that one server doing is enough. SQLite: null, the write transaction already excludes.
 */
export function tryAdvisoryLockStatement(): string | null {
  return databaseEngine() === "postgres" ? "select pg_try_advisory_xact_lock(hashtextextended(?, 0)) as taken" : null;
}

/**
 * PostgreSQL: a statement (one `?`, a JSON list of ids) locking those relationship rows
 * until the transaction ends, in id order (so two lockers never deadlock). `update`
 * also waits for transactions that inserted rows referring to them (their foreign-key
 * check holds a key-share lock); `no key update` only for other lockers and writers
 * of the rows. SQLite: null.
 */
export function relationshipLockStatement(strength: "update" | "no key update"): string | null {
  return databaseEngine() === "postgres"
    ? `select id from relationships where id in (select value from json_each(?)) order by id for ${strength === "update" ? "update" : "no key update"}`
    : null;
}

/**
 * Whether an error (as drizzle wraps it: the driver's error is its `cause`) is a
 * UNIQUE constraint or index refusing a row: SQLite's SQLITE_CONSTRAINT_UNIQUE (or
 * _PRIMARYKEY), PostgreSQL's 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}
