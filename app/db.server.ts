import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import { drizzle, type SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import { openDatabase } from "../db/connection";
import * as schema from "../db/schema";
import { env } from "./env.server";

/**
 * The model layer's database: every query is awaited, so the same model code
 * can later run on an engine whose driver is asynchronous (docs/decisions/0017).
 * On SQLite, `$client` is the process's one better-sqlite3 connection.
 */
export type PortalDatabase = SqliteRemoteDatabase<typeof schema> & { $client: Database.Database };

type Method = "run" | "all" | "values" | "get";

/**
 * The one SQLite connection, shared by every request of the process and
 * handed to one transaction at a time. While a transaction holds it, every
 * statement from outside that transaction waits: on one connection it would
 * otherwise run inside the open transaction, see its uncommitted rows, and be
 * rolled back with it (tests/integration/serialised-connection.test.ts).
 */
class SerialConnection {
  readonly db: PortalDatabase;
  /**
   * The open transaction's scope. Kept on the connection, not the module: the
   * built server bundles this module twice (the Remix build and the HTTP
   * server), and both copies must agree on who holds the connection.
   */
  readonly scope = new AsyncLocalStorage<TransactionScope>();
  private owner: symbol | null = null;
  private waiters: Array<() => void> = [];

  constructor(readonly sqlite: Database.Database) {
    const database = drizzle((text, params, method) => this.statement(text, params, method), { schema }) as PortalDatabase;
    database.$client = sqlite;
    this.db = database;
  }

  /** Runs one statement now, or once no other transaction holds the connection. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- drizzle's proxy callback types its rows as any
  statement(text: string, params: unknown[], method: Method): Promise<{ rows: any }> {
    if (!this.mayRunNow()) return this.whenFree().then(() => this.statement(text, params, method));
    try {
      return Promise.resolve(this.execute(text, params, method));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A statement of the app's own SQL, for the hot paths that skip the ORM (see preparedStatement). */
  async prepared<T>(text: string, use: (statement: Database.Statement) => T): Promise<T> {
    while (!this.mayRunNow()) await this.whenFree();
    return use(this.sqlite.prepare(text));
  }

  private mayRunNow(): boolean {
    return this.owner === null || this.scope.getStore()?.token === this.owner;
  }

  private execute(text: string, params: unknown[], method: Method): { rows: unknown; changes?: number } {
    const statement = this.sqlite.prepare(text);
    if (!statement.reader) {
      const result = statement.run(...params);
      return { rows: [], changes: result.changes };
    }
    statement.raw(true);
    if (method === "get") return { rows: statement.get(...params) };
    const rows = statement.all(...params);
    return { rows: method === "run" ? [] : rows };
  }

  private whenFree(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async acquire(token: symbol): Promise<void> {
    while (this.owner !== null) await this.whenFree();
    this.owner = token;
  }

  release(): void {
    this.owner = null;
    // Everyone waiting re-checks; the first transaction to run takes the connection again.
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}

type TransactionScope = { token: symbol; savepoints: number };

// One connection per process: better-sqlite3 is synchronous, so a pool buys nothing.
// Kept on globalThis so dev rebuilds do not leak file handles.
const holder = globalThis as unknown as { __portalConnection?: SerialConnection; __portalDbPath?: string };

function connection(): SerialConnection {
  const file = env().DATABASE_PATH;
  if (!holder.__portalConnection || holder.__portalDbPath !== file) {
    holder.__portalConnection = new SerialConnection(openDatabase(file).$client);
    holder.__portalDbPath = file;
  }
  return holder.__portalConnection;
}

/** The database of this request: inside writeTransaction, the transaction's. */
export function db(): PortalDatabase {
  return connection().db;
}

/**
 * Closes the process's connection (graceful shutdown): SQLite checkpoints the
 * WAL into the main file and removes it. A later db() call opens a new one.
 */
export function closeDatabase(): void {
  const open = holder.__portalConnection;
  holder.__portalConnection = undefined;
  holder.__portalDbPath = undefined;
  if (open?.sqlite.open) open.sqlite.close();
}

/**
 * Runs `fn` in a write transaction that takes the write lock up front
 * (BEGIN IMMEDIATE), so writers of other processes queue on busy_timeout
 * rather than deadlocking on a lock upgrade. Every query that `fn` and the
 * helpers it calls make through db() belongs to the transaction; nothing else
 * uses the connection until it ends. Nested calls become savepoints.
 */
export async function writeTransaction<T>(fn: (tx: PortalDatabase) => Promise<T> | T): Promise<T> {
  const current = connection();
  const scope = current.scope.getStore();
  if (scope) return inSavepoint(current, scope, fn);
  const token = Symbol("transaction");
  await current.acquire(token);
  try {
    return await current.scope.run({ token, savepoints: 0 }, async () => {
      current.sqlite.exec("begin immediate");
      try {
        const result = await fn(current.db);
        current.sqlite.exec("commit");
        return result;
      } catch (error) {
        if (current.sqlite.inTransaction) current.sqlite.exec("rollback");
        throw error;
      }
    });
  } finally {
    current.release();
  }
}

async function inSavepoint<T>(connection: SerialConnection, scope: TransactionScope, fn: (tx: PortalDatabase) => Promise<T> | T): Promise<T> {
  const name = `nested_${++scope.savepoints}`;
  const sqlite = connection.sqlite;
  sqlite.exec(`savepoint ${name}`);
  try {
    const result = await fn(connection.db);
    sqlite.exec(`release ${name}`);
    return result;
  } catch (error) {
    sqlite.exec(`rollback to ${name}`);
    sqlite.exec(`release ${name}`);
    throw error;
  }
}

/** An awaited statement of the app's own SQL; the rows are plain objects unless raw() is asked for. */
export type PreparedRead = {
  all(...params: unknown[]): Promise<unknown[]>;
  get(...params: unknown[]): Promise<unknown>;
  raw(): { all(...params: unknown[]): Promise<unknown[][]>; get(...params: unknown[]): Promise<unknown[] | undefined> };
};

/**
 * A statement of this process's connection. Its prepare() keeps compiled
 * statements (db/connection.ts), so this is the hot read paths' way to skip
 * the ORM (score totals, latest measurements), where building the query and
 * mapping each row cost more than SQLite's own work. Pass lists of ids as one
 * JSON parameter (`in (select value from json_each(?))`) so the statement
 * text stays the same.
 */
export function preparedStatement(sqlText: string): PreparedRead {
  const current = connection();
  return {
    all: (...params) => current.prepared(sqlText, (statement) => statement.raw(false).all(...params)),
    get: (...params) => current.prepared(sqlText, (statement) => statement.raw(false).get(...params)),
    raw: () => ({
      all: (...params) => current.prepared(sqlText, (statement) => statement.raw(true).all(...params) as unknown[][]),
      get: (...params) => current.prepared(sqlText, (statement) => statement.raw(true).get(...params) as unknown[] | undefined),
    }),
  };
}

/** How many rows a write without `returning` changed. */
export function changedRows(result: unknown): number {
  return (result as { changes?: number }).changes ?? 0;
}
