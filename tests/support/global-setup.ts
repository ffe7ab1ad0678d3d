/**
 * vitest's global setup. With TEST_ENGINE=postgres (npm test's second run of
 * the integration tests), one PostgreSQL server for the whole run (the one
 * TEST_DATABASE_URL names, or a throwaway one), holding two template
 * databases: the demo data at the tests' fixed date, and an empty portal.
 * Each test file then gets its own database, created from a template in
 * milliseconds (tests/support/test-db.ts). On SQLite this does nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { copySqliteToPostgres } from "../../db/copy-to-postgres";
import { startPostgres, type PostgresServer } from "../../scripts/lib/postgres-server";
import { POSTGRES_TEMPLATES, databaseUrl, writeTestDatabaseFile } from "./test-db-names";

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.TEST_ENGINE !== "postgres") return;
  let own: PostgresServer | null = null;
  const serverUrl = process.env.TEST_DATABASE_URL ?? (own = await startPostgres()).url;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-templates-"));
  try {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      for (const name of Object.values(POSTGRES_TEMPLATES)) {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.query(`create database ${name}`);
      }
    } finally {
      await admin.end();
    }
    for (const contents of ["demo", "empty"] as const) {
      const file = path.join(dir, `${contents}.db`);
      await writeTestDatabaseFile(file, contents);
      await copySqliteToPostgres(file, databaseUrl(serverUrl, POSTGRES_TEMPLATES[contents]));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The test files' workers are forked after this: they inherit the server's address.
  process.env.TEST_POSTGRES_SERVER_URL = serverUrl;

  return async () => {
    if (own) return own.stop();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ name: string }>(
        "select datname as name from pg_database where datname like 'portal\\_it\\_%' or datname = any($1)",
        [Object.values(POSTGRES_TEMPLATES)],
      );
      for (const { name } of rows) await admin.query(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end();
    }
  };
}
