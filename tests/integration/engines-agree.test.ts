/**
 * The same portal on both engines: the demo database, copied into
 * PostgreSQL, gives every demo person the same home, chains, chain views,
 * portfolios, comparisons, metric dashboards and relationship pages as on
 * SQLite. Each engine runs in a process of its own (scripts/model-digest.ts),
 * since a process picks its engine once, at start.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copySqliteToPostgres } from "../../db/copy-to-postgres";
import { freshPostgresDatabase, type TestPostgres } from "../support/postgres";
import { freshDemoDatabase } from "../support/server";

const run = promisify(execFile);
let sqliteFile: string;
let postgres: TestPostgres;

function withoutDatabase(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATABASE_PATH: _path, ...rest } = env;
  return rest;
}

async function digest(env: Record<string, string>): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/model-digest.ts"], {
    env: { ...withoutDatabase(process.env), ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  sqliteFile = await freshDemoDatabase("portal-engines-");
  postgres = await freshPostgresDatabase();
  await copySqliteToPostgres(sqliteFile, postgres.url);
}, 180_000);

afterAll(async () => {
  await postgres?.drop();
});

describe("SQLite and PostgreSQL", () => {
  it("answer every demo person's pages alike", async () => {
    const [onSqlite, onPostgres] = await Promise.all([digest({ DATABASE_PATH: sqliteFile }), digest({ DATABASE_URL: postgres.url })]);
    expect(Object.keys(onSqlite).length).toBeGreaterThanOrEqual(6);
    // Something to compare: chains with rows and dashboards with series.
    expect(JSON.stringify(onSqlite).length).toBeGreaterThan(100_000);
    for (const email of Object.keys(onSqlite)) expect(onPostgres[email], email).toEqual(onSqlite[email]);
  }, 180_000);
});
