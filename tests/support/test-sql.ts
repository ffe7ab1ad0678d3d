/**
 * The tests' own handle on the test database, beside the app's connection:
 * plain SQL to set up rows and to check what the app wrote. It runs the same
 * text on either engine: on SQLite through a better-sqlite3 connection of its
 * own, on PostgreSQL through a small pool, with `?` placeholders and
 * `json_each(?)` translated (db/pg-sql.ts). Every call is awaited, as the
 * app's model calls are.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { toPostgresStatement } from "../../db/pg-sql";

export type TestStatement = {
  get(...params: unknown[]): Promise<unknown>;
  all(...params: unknown[]): Promise<unknown[]>;
  run(...params: unknown[]): Promise<{ changes: number }>;
};

export type TestSql = {
  readonly engine: "sqlite" | "postgres";
  prepare(text: string): TestStatement;
  /** Runs statements without parameters (several, separated by semicolons). */
  exec(text: string): Promise<void>;
  /** Runs `fn` in one transaction on one connection: all of it or none. */
  transaction<T>(fn: (tx: TestSql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** A handle on the database the app of this test process uses (DATABASE_URL, else DATABASE_PATH). */
export function openTestSql(): TestSql {
  const url = process.env.DATABASE_URL;
  if (url) return openTestSqlAt({ url });
  const file = process.env.DATABASE_PATH;
  if (!file) throw new Error("Neither DATABASE_URL nor DATABASE_PATH is set: import tests/support/test-db first");
  return openTestSqlAt({ path: file });
}

/**
 * A handle on a database named explicitly rather than by this process's
 * environment: a PostgreSQL URL, or a SQLite file (`readonly` opens it for
 * reading only). For a process that is not the app's, such as a browser
 * test beside the server it drives.
 */
export function openTestSqlAt(target: { url: string } | { path: string; readonly?: boolean }): TestSql {
  if ("url" in target) return postgresSql(new pg.Pool({ connectionString: target.url, max: 2 }));
  return sqliteSql(new Database(target.path, { readonly: target.readonly ?? false, fileMustExist: true }));
}

function sqliteSql(sqlite: Database.Database): TestSql {
  const handle: TestSql = {
    engine: "sqlite",
    prepare(text) {
      const statement = sqlite.prepare(text);
      return {
        get: async (...params) => statement.get(...params),
        all: async (...params) => statement.all(...params),
        run: async (...params) => ({ changes: statement.run(...params).changes }),
      };
    },
    async exec(text) {
      sqlite.exec(text);
    },
    async transaction(fn) {
      sqlite.exec("begin immediate");
      try {
        const result = await fn(handle);
        sqlite.exec("commit");
        return result;
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec("rollback");
        throw error;
      }
    },
    async close() {
      sqlite.close();
    },
  };
  return handle;
}

// As the app's pool does (app/db.server.ts): counts and averages as numbers, as SQLite gives them.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

function postgresSql(client: pg.Pool | pg.PoolClient): TestSql {
  const query = async (text: string, params: unknown[]) => {
    const statement = toPostgresStatement(text, params);
    return client.query({ text: statement.text, values: statement.values });
  };
  return {
    engine: "postgres",
    prepare(text) {
      return {
        get: async (...params) => (await query(text, params)).rows[0],
        all: async (...params) => (await query(text, params)).rows,
        run: async (...params) => ({ changes: (await query(text, params)).rowCount ?? 0 }),
      };
    },
    async exec(text) {
      await client.query(text);
    },
    async transaction(fn) {
      if (!(client instanceof pg.Pool)) throw new Error("Nested test transactions are not supported");
      const connection = await client.connect();
      try {
        await connection.query("begin");
        const result = await fn(postgresSql(connection));
        await connection.query("commit");
        return result;
      } catch (error) {
        await connection.query("rollback");
        throw error;
      } finally {
        connection.release();
      }
    },
    async close() {
      if (client instanceof pg.Pool) await client.end();
    },
  };
}
