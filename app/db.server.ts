import { openDatabase, type PortalDatabase } from "../db/connection";
import { env } from "./env.server";

export type { PortalDatabase };

// One connection per process: better-sqlite3 is synchronous, so a pool buys nothing.
// Kept on globalThis so dev rebuilds do not leak file handles.
const holder = globalThis as unknown as { __portalDb?: PortalDatabase; __portalDbPath?: string };

export function db(): PortalDatabase {
  const file = env().DATABASE_PATH;
  if (!holder.__portalDb || holder.__portalDbPath !== file) {
    holder.__portalDb = openDatabase(file);
    holder.__portalDbPath = file;
  }
  return holder.__portalDb;
}

/**
 * Closes the process's connection (graceful shutdown): SQLite checkpoints the
 * WAL into the main file and removes it. A later db() call opens a new one.
 */
export function closeDatabase(): void {
  const open = holder.__portalDb;
  holder.__portalDb = undefined;
  holder.__portalDbPath = undefined;
  if (open?.$client.open) open.$client.close();
}

/**
 * Runs `fn` in a write transaction that takes the write lock up front
 * (BEGIN IMMEDIATE), so two writers queue on busy_timeout rather than
 * deadlocking on a lock upgrade. `fn` must be synchronous: an async callback
 * would let the transaction commit before its work is done.
 */
export function writeTransaction<T>(fn: (tx: PortalDatabase) => T): T {
  const database = db();
  return database.$client.transaction(() => fn(database)).immediate();
}

/**
 * A statement of this process's connection. Its prepare() keeps compiled
 * statements (db/connection.ts), so this is the hot read paths' way to skip
 * the ORM (score totals, latest measurements), where building the query and
 * mapping each row cost more than SQLite's own work. Pass lists of ids as one
 * JSON parameter (`in (select value from json_each(?))`) so the statement
 * text stays the same.
 */
export function preparedStatement(sqlText: string): import("better-sqlite3").Statement {
  return db().$client.prepare(sqlText);
}
