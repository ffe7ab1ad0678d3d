/**
 * The database a production server under test runs on (tests/support/server.ts),
 * on the engine of the test run, and awaited, engine-neutral reads and writes
 * of it from the test process: the twins of server.ts's sync SQLite helpers.
 *
 * On SQLite (npm test's first run) it is a new file with the demo data seeded
 * at today's date, as freshDemoDatabase makes it. With TEST_ENGINE=postgres it
 * is a PostgreSQL database of its own made from the global setup's demo
 * template (tests/support/global-setup.ts: the demo data seeded at
 * TEST_AS_OF), named portal_it_… so the setup's teardown drops it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  FACT_SQL,
  VOLATILE_TABLES,
  freshDemoDatabase,
  newApiToken,
  quartersNotTaken,
  rowsDigest,
  startServer,
  type RunningServer,
  type ServerOptions,
} from "./server";
import { POSTGRES_TEMPLATES, createFromTemplate, databaseUrl, testDatabaseName } from "./test-db-names";
import { openTestSqlAt, type TestSql } from "./test-sql";

/** Where a server's data is: a SQLite file, or (databaseUrl set) a PostgreSQL database. A RunningServer is one too. */
export type ServerDatabase = { databasePath: string; databaseUrl: string | undefined };

/** Whether this test run is the PostgreSQL one (TEST_ENGINE=postgres). */
export const SERVER_ENGINE: "sqlite" | "postgres" = process.env.TEST_ENGINE === "postgres" ? "postgres" : "sqlite";

/** A new database with the demo data, on the engine of this test run. */
export async function freshServerDatabase(prefix = "portal-srv-"): Promise<ServerDatabase> {
  if (SERVER_ENGINE === "sqlite") return { databasePath: await freshDemoDatabase(prefix), databaseUrl: undefined };
  const serverUrl = process.env.TEST_POSTGRES_SERVER_URL;
  if (!serverUrl) throw new Error("TEST_ENGINE=postgres needs the global setup's server (vitest.config.ts globalSetup)");
  const name = testDatabaseName();
  await createFromTemplate(serverUrl, name, POSTGRES_TEMPLATES.demo);
  // Only passed along as DATABASE_PATH: a server on PostgreSQL never opens it.
  const databasePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), "portal.db");
  return { databasePath, databaseUrl: databaseUrl(serverUrl, name) };
}

/** startServer on this database, whichever engine it is. */
export function startServerOn(database: ServerDatabase, options: Omit<ServerOptions, "databaseUrl"> = {}): Promise<RunningServer> {
  return startServer(database.databasePath, { ...options, databaseUrl: database.databaseUrl });
}

/** A SQL handle on the database (tests/support/test-sql.ts): `?` placeholders, portable SQL. Close it after use. */
export function openServerSql(database: ServerDatabase, options: { readonly?: boolean } = {}): TestSql {
  return database.databaseUrl
    ? openTestSqlAt({ url: database.databaseUrl })
    : openTestSqlAt({ path: database.databasePath, readonly: options.readonly ?? false });
}

async function withSql<T>(database: ServerDatabase, readonly: boolean, fn: (sql: TestSql) => Promise<T>): Promise<T> {
  const sql = openServerSql(database, { readonly });
  try {
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

/** The `id` of the first row the query finds, or undefined when there is none. */
export async function firstIdOf(database: ServerDatabase, query: string, ...params: unknown[]): Promise<number | undefined> {
  const row = (await withSql(database, true, (sql) => sql.prepare(query).get(...params))) as { id: number } | undefined;
  return row?.id;
}

/** The `id` of the first row the query finds; throws when there is none. */
export async function idOf(database: ServerDatabase, query: string, ...params: unknown[]): Promise<number> {
  const id = await firstIdOf(database, query, ...params);
  if (id === undefined) throw new Error(`No row for ${query} (${params.join(", ")})`);
  return id;
}

/** insertApiToken's twin: a token for the organisation, returned in clear. */
export async function insertApiTokenIn(database: ServerDatabase, organisationId: number, name = "test"): Promise<string> {
  const { token, hash, prefix } = newApiToken();
  await withSql(database, false, (sql) => sql.prepare(FACT_SQL.insertApiToken).run(organisationId, name, hash, prefix));
  return token;
}

/** userId's twin. */
export function userIdIn(database: ServerDatabase, email: string): Promise<number> {
  return idOf(database, FACT_SQL.userId, email);
}

/** organisationOf's twin: the first organisation the person is a member of. */
export function organisationIn(database: ServerDatabase, email: string): Promise<number> {
  return idOf(database, FACT_SQL.organisationOf, email);
}

/** relationshipBetween's twin. */
export function relationshipIn(database: ServerDatabase, providerId: number, customerId: number): Promise<number> {
  return idOf(database, FACT_SQL.relationshipBetween, providerId, customerId);
}

/** freeQuarters' twin. */
export async function freeQuartersIn(database: ServerDatabase, relationshipId: number, assessorUserId: number): Promise<string[]> {
  return withSql(database, true, async (sql) => {
    const { s } = (await sql.prepare(FACT_SQL.relationshipStart).get(relationshipId)) as { s: string };
    const taken = (await sql.prepare(FACT_SQL.assessedPeriods).all(relationshipId, assessorUserId)) as { period: string }[];
    return quartersNotTaken(
      s,
      taken.map((r) => r.period),
    );
  });
}

/**
 * fingerprint's twin: per data table (not VOLATILE_TABLES), its row count and
 * a hash of its rows. On SQLite exactly fingerprint's answer (rows in rowid
 * order); on PostgreSQL, which has no rowid, the rows are hashed sorted.
 * Compare it only with another fingerprint of the same database.
 */
export async function fingerprintOf(database: ServerDatabase): Promise<Record<string, string>> {
  return withSql(database, true, async (sql) => {
    const tables =
      sql.engine === "sqlite"
        ? ((await sql.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all()) as { name: string }[])
        : ((await sql
            .prepare("select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name")
            .all()) as { name: string }[]);
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      if (VOLATILE_TABLES.has(name)) continue;
      if (sql.engine === "sqlite") {
        const rows = (await sql.prepare(`select * from "${name}" order by rowid`).all()) as Record<string, unknown>[];
        out[name] = rowsDigest(rows.map((row) => Object.values(row)));
      } else {
        const rows = (await sql.prepare(`select * from "${name}"`).all()) as Record<string, unknown>[];
        out[name] = rowsDigest(rows.map((row) => JSON.stringify(Object.values(row))).sort());
      }
    }
    return out;
  });
}
