/**
 * Does a database have the tables and columns its migrations promise?
 * Used by scripts/restore.ts before a backup replaces the live database: a
 * backup with a table or column missing (a hand-edited file, a copy from
 * another program) would pass SQLite's integrity checks and then fail every
 * request that needs it (logins answered 500).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS_FOLDER } from "./connection";

export type TableColumns = Map<string, string[]>;

type JournalEntry = { idx: number; when: number; tag: string };

function journal(folder: string): JournalEntry[] {
  const file = path.join(folder, "meta", "_journal.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { entries: JournalEntry[] }).entries.sort((a, b) => a.idx - b.idx);
}

/** The tables (but SQLite's own and the migration log) with their column names. */
export function schemaOf(database: Database.Database): TableColumns {
  const tables = database
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name")
    .all() as Array<{ name: string }>;
  const result: TableColumns = new Map();
  for (const { name } of tables) {
    const columns = database.prepare(`select name from pragma_table_info(?) order by cid`).all(name) as Array<{ name: string }>;
    result.set(
      name,
      columns.map((c) => c.name),
    );
  }
  return result;
}

/** The migrations (journal timestamps) a database says it has applied: drizzle's log. */
export function appliedMigrations(database: Database.Database): number[] {
  return (database.prepare("select created_at from __drizzle_migrations order by created_at").all() as Array<{ created_at: number | string }>).map((r) =>
    Number(r.created_at),
  );
}

/** The schema the first migrations up to and including `lastApplied` make, built in memory. */
export function expectedSchema(lastApplied: number, folder = MIGRATIONS_FOLDER): TableColumns {
  const memory = new Database(":memory:");
  try {
    for (const entry of journal(folder)) {
      if (entry.when > lastApplied) break;
      const text = fs.readFileSync(path.join(folder, `${entry.tag}.sql`), "utf8");
      for (const statement of text.split("--> statement-breakpoint")) if (statement.trim()) memory.exec(statement);
    }
    return schemaOf(memory);
  } finally {
    memory.close();
  }
}

/**
 * What is wrong with the database's schema, in words (empty when nothing):
 * a migration log this version does not know, and tables or columns that
 * the applied migrations make but the database lacks. Extra tables and
 * columns are not a problem.
 */
export function schemaProblems(database: Database.Database, folder = MIGRATIONS_FOLDER): string[] {
  let applied: number[];
  try {
    applied = appliedMigrations(database);
  } catch {
    return ["it has no migration log (__drizzle_migrations): it is not a portal database"];
  }
  if (applied.length === 0) return ["its migration log is empty"];
  const known = new Set(journal(folder).map((e) => e.when));
  const unknown = applied.filter((when) => !known.has(when));
  if (unknown.length > 0) return [`it has ${unknown.length} migration(s) this version does not know: it was made by a newer or different version`];
  const expected = expectedSchema(Math.max(...applied), folder);
  const actual = schemaOf(database);
  const problems: string[] = [];
  for (const [table, columns] of expected) {
    const present = actual.get(table);
    if (!present) {
      problems.push(`table ${table} is missing`);
      continue;
    }
    const missing = columns.filter((c) => !present.includes(c));
    if (missing.length > 0) problems.push(`table ${table} lacks column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  }
  return problems;
}
