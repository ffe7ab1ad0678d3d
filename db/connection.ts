import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";
import { installScoreTotalsTriggers } from "./score-totals";
import { installVisibleCellsTriggers } from "./visible-metric-cells";

export type SqliteDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/**
 * Opens the SQLite file with the settings every connection needs:
 * WAL so readers never wait for the writer, foreign keys enforced, and a busy
 * timeout so a concurrent writer waits instead of failing with SQLITE_BUSY.
 */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an acknowledged write survives a power cut, not only a process crash (docs/decisions/0008).
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  cacheStatements(sqlite);
  return drizzle(sqlite, { schema }) as SqliteDatabase;
}

/** Distinct statement texts kept per connection; the least recently used goes first. */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Makes the connection's prepare() reuse a statement already compiled for
 * the same text. drizzle prepares every query it runs, and SQLite's compile
 * of the larger selects costs more than running them. Safe because nothing
 * here iterates a statement (a statement busy in an iterator cannot be run
 * again), and the row mode that drizzle switches (raw) is reset on reuse.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      if (statement.reader) statement.raw(false);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * Applies the committed migrations, then installs the triggers that code
 * generates (db/score-totals.ts, db/visible-metric-cells.ts) so they are always the current ones, even
 * after a migration rebuilt their tables. Both steps are idempotent.
 */
export function migrateDatabase(db: SqliteDatabase, migrationsFolder = MIGRATIONS_FOLDER): void {
  migrate(db, { migrationsFolder });
  installScoreTotalsTriggers(db.$client);
  installVisibleCellsTriggers(db.$client);
}
