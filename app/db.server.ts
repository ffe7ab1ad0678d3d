import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { drizzle, type SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import pg from "pg";
import { openDatabase } from "../db/connection";
import { installPgCompat } from "../db/pg-compat";
import { toPostgresStatement } from "../db/pg-sql";
import * as schema from "../db/schema";
import { env } from "./env.server";
import { logger } from "./logger.server";

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
  readonly engine = "sqlite" as const;
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

  /** Runs one of drizzle's statements (see run). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- drizzle's proxy callback types its rows as any
  statement(text: string, params: unknown[], method: Method): Promise<{ rows: any }> {
    return this.run(() => this.execute(text, params, method));
  }

  /** A statement of the app's own SQL, for the hot paths that skip the ORM (see preparedStatement). */
  prepared<T>(text: string, use: (statement: Database.Statement) => T): Promise<T> {
    return this.run(() => use(this.sqlite.prepare(text)));
  }

  /** Runs `work` on the connection now, or once no other transaction holds it. */
  private async run<T>(work: () => T): Promise<T> {
    while (!this.mayRunNow()) await this.whenFree();
    return work();
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

/**
 * PostgreSQL: a pool of connections. A transaction holds one of them, and
 * every query its callback (and any helper it awaits) makes through db()
 * goes to that one, carried by an AsyncLocalStorage scope.
 */
class PostgresConnection {
  readonly engine = "postgres" as const;
  readonly pool: pg.Pool;
  readonly db: PortalDatabase;
  readonly scope = new AsyncLocalStorage<{ tx: PortalDatabase }>();

  constructor(url: string) {
    installPgCompat();
    // bigint (count(), sum() of integers) and numeric (avg()) as numbers, as SQLite gives them; none here nears 2^53.
    pg.types.setTypeParser(pg.types.builtins.INT8, Number);
    pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);
    this.pool = new pg.Pool({ connectionString: url, max: env().DATABASE_POOL_SIZE });
    // PostgreSQL may drop a connection (a restart, a failover, pg_terminate_backend): pg then emits 'error' on the
    // client, and on the pool too when the client was idle. Unhandled, either ends the process
    // (tests/integration/postgres-crash.test.ts). The query in flight fails by itself, and the pool discards the
    // broken client and connects anew for the next query.
    this.pool.on("connect", (client) => client.on("error", (error) => logger.warn({ err: error }, "PostgreSQL connection lost")));
    this.pool.on("error", () => {}); // logged by the client's own listener above
    const database = drizzlePostgres(this.pool) as unknown as PortalDatabase;
    (database as unknown as { $client: pg.Pool }).$client = this.pool;
    this.db = database;
  }

  current(): PortalDatabase {
    return this.scope.getStore()?.tx ?? this.db;
  }

  async transaction<T>(fn: (tx: PortalDatabase) => Promise<T> | T): Promise<T> {
    const open = this.scope.getStore();
    // Nested: drizzle makes it a savepoint of the open transaction.
    const runner = (open?.tx ?? this.db) as unknown as { transaction<R>(cb: (tx: unknown) => Promise<R>): Promise<R> };
    return runner.transaction((tx) => this.scope.run({ tx: tx as PortalDatabase }, async () => fn(tx as PortalDatabase)));
  }

  /** The app's own SQL, in PostgreSQL's dialect (db/pg-sql.ts), on the scope's connection. */
  async query(text: string, params: unknown[], arrays: boolean): Promise<unknown[]> {
    const statement = toPostgresStatement(text, params);
    const tx = this.scope.getStore()?.tx as unknown as { session?: { client: pg.ClientBase } } | undefined;
    const client: pg.Pool | pg.ClientBase = tx?.session?.client ?? this.pool;
    const result = await client.query({ text: statement.text, values: statement.values, ...(arrays ? { rowMode: "array" as const } : {}) });
    return result.rows;
  }
}

// One connection (SQLite) or pool (PostgreSQL) per process. Told apart by `engine`, not instanceof:
// the built server bundles this module twice, and both copies share the one held here.
// Kept on globalThis so dev rebuilds do not leak file handles.
const holder = globalThis as unknown as { __portalConnection?: SerialConnection | PostgresConnection; __portalDbKey?: string };

function connection(): SerialConnection | PostgresConnection {
  const { DATABASE_URL, DATABASE_PATH } = env();
  const key = DATABASE_URL ?? DATABASE_PATH;
  if (!holder.__portalConnection || holder.__portalDbKey !== key) {
    holder.__portalConnection = DATABASE_URL ? new PostgresConnection(DATABASE_URL) : new SerialConnection(openDatabase(DATABASE_PATH).$client);
    holder.__portalDbKey = key;
  }
  return holder.__portalConnection;
}

/** The database of this request: inside writeTransaction, the transaction's. */
export function db(): PortalDatabase {
  const current = connection();
  return current.engine === "postgres" ? current.current() : current.db;
}

/**
 * Closes the process's connection (graceful shutdown): SQLite checkpoints the
 * WAL into the main file and removes it; PostgreSQL's pool ends. A later db()
 * call opens a new one.
 */
export function closeDatabase(): void {
  const open = holder.__portalConnection;
  holder.__portalConnection = undefined;
  holder.__portalDbKey = undefined;
  if (open?.engine === "postgres") void open.pool.end();
  else if (open?.sqlite.open) open.sqlite.close();
}

/**
 * Runs `fn` in a write transaction. On SQLite it takes the write lock up
 * front (BEGIN IMMEDIATE), so writers of other processes queue on
 * busy_timeout rather than deadlocking on a lock upgrade, and nothing else
 * uses the process's connection until it ends. Every query that `fn` and the
 * helpers it calls make through db() belongs to the transaction. Nested calls
 * become savepoints.
 */
export async function writeTransaction<T>(fn: (tx: PortalDatabase) => Promise<T> | T): Promise<T> {
  const current = connection();
  if (current.engine === "postgres") return current.transaction(fn);
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
 * A statement of the app's own SQL, written for SQLite. There, its
 * connection's prepare() keeps compiled statements (db/connection.ts), so this
 * is the hot read paths' way to skip the ORM (score totals, latest
 * measurements), where building the query and mapping each row cost more than
 * SQLite's own work. Pass lists of ids as one JSON parameter
 * (`in (select value from json_each(?))`) so the statement text stays the
 * same. On PostgreSQL the text is translated (db/pg-sql.ts).
 */
export function preparedStatement(sqlText: string): PreparedRead {
  const current = connection();
  if (current.engine === "postgres") {
    return {
      all: (...params) => current.query(sqlText, params, false),
      get: (...params) => current.query(sqlText, params, false).then((rows) => rows[0]),
      raw: () => ({
        all: (...params) => current.query(sqlText, params, true) as Promise<unknown[][]>,
        get: (...params) => current.query(sqlText, params, true).then((rows) => rows[0] as unknown[] | undefined),
      }),
    };
  }
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
  const counts = result as { changes?: number; rowCount?: number | null };
  return counts.changes ?? counts.rowCount ?? 0;
}
