/**
 * Crash safety on PostgreSQL, the twin of crash.test.ts. The production
 * server on DATABASE_URL (with SESSION_SECRET, which PostgreSQL requires)
 * takes assessment submissions, API pushes and a large import at once, and
 * in the middle:
 * - the app server is killed with SIGKILL, primary and both workers, and
 *   started again;
 * - or the PostgreSQL server is killed with SIGKILL, postmaster and every
 *   backend (a durable one of this file's own: fsync and synchronous_commit
 *   on, as in production), and started again, which runs its crash recovery;
 *   the app server keeps running through it.
 * Afterwards every acknowledged write is there, the import is all there or
 * not at all, every foreign key holds (an anti-join per key, PostgreSQL's
 * stand-in for foreign_key_check) and the derived tables equal a
 * recomputation from their source rows (integrity_check has no PostgreSQL
 * form: its own recovery is what keeps pages whole). The load and the shared
 * checks are tests/support/crash-load.ts.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copySqliteToPostgres } from "../../db/copy-to-postgres";
import { connectPostgres } from "../../db/postgres";
import { startPostgres, type PostgresServer } from "../../scripts/lib/postgres-server";
import {
  CRASH_CLUSTER,
  acknowledgedWritesSurvive,
  crashUnderWriteLoad,
  planCrashLoad,
  wholeServerWasKilled,
  type CrashPlan,
  type CrashRun,
  type ReadQuery,
} from "../support/crash-load";
import { freshPostgresDatabase, type TestPostgres } from "../support/postgres";
import { danglingForeignKeys, derivedTablesDrift } from "../support/postgres-checks";
import { killPostgres, restartPostgres } from "../support/postgres-kill";
import { freshDemoDatabase, startServer, waitUntil, type RunningServer } from "../support/server";

/** The demo data (with the load's API token) in SQLite, copied to PostgreSQL with its ids. */
async function demoOnPostgres(url: string): Promise<{ databasePath: string; plan: CrashPlan }> {
  const databasePath = await freshDemoDatabase("portal-pg-crash-");
  const plan = planCrashLoad(databasePath);
  await copySqliteToPostgres(databasePath, url);
  return { databasePath, plan };
}

function sqliteSessions(databasePath: string): number {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    return (sqlite.prepare("select count(*) as n from sessions").get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

function databaseChecks(client: () => pg.Client): void {
  it("every foreign key holds", async () => {
    expect(await danglingForeignKeys(client())).toEqual([]);
  });

  it("the score totals and visible metric cells equal a recomputation from their source rows", async () => {
    expect(await derivedTablesDrift(client())).toEqual([]);
  });
}

describe("kill -9 of the app server on PostgreSQL under write load, then a restart", () => {
  let databasePath: string;
  let postgres: TestPostgres | undefined;
  let client: pg.Client | undefined;
  let server: RunningServer | undefined;
  let restarted: RunningServer | undefined;
  let plan: CrashPlan;
  let run: CrashRun;
  const query: ReadQuery = async (text, params = []) => (await client!.query(text, params)).rows as Array<Record<string, unknown>>;

  beforeAll(async () => {
    postgres = await freshPostgresDatabase();
    ({ databasePath, plan } = await demoOnPostgres(postgres.url));
    server = await startServer(databasePath, { databaseUrl: postgres.url, env: CRASH_CLUSTER });
    run = await crashUnderWriteLoad(server, plan);
    restarted = await startServer(databasePath, { databaseUrl: postgres.url, env: CRASH_CLUSTER });
    client = await connectPostgres(postgres.url);
  }, 180_000);

  afterAll(async () => {
    await server?.crash();
    await restarted?.stop();
    await client?.end();
    await postgres?.drop();
  });

  it("ran on PostgreSQL", async () => {
    expect(server!.databaseUrl).toBe(postgres!.url);
    // The sign-in went to PostgreSQL, not to the SQLite file the data came from.
    const [{ n }] = await query("select count(*)::int as n from sessions");
    expect(n).toBeGreaterThan(sqliteSessions(databasePath));
  });

  databaseChecks(() => client!);
  const context = () => ({ plan, run, server: server!, restarted: restarted!, query });
  wholeServerWasKilled(context);
  acknowledgedWritesSurvive(context);
});

describe("kill -9 of the PostgreSQL server under write load, then its restart", () => {
  let postgres: PostgresServer | undefined;
  let client: pg.Client | undefined;
  let server: RunningServer | undefined;
  let plan: CrashPlan;
  let run: CrashRun;
  let recovered = false;
  const query: ReadQuery = async (text, params = []) => (await client!.query(text, params)).rows as Array<Record<string, unknown>>;

  beforeAll(async () => {
    postgres = await startPostgres({ durable: true });
    const own = postgres;
    let databasePath: string;
    ({ databasePath, plan } = await demoOnPostgres(own.url));
    server = await startServer(databasePath, { databaseUrl: own.url, env: CRASH_CLUSTER });
    run = await crashUnderWriteLoad(server, plan, () => killPostgres(own));
    restartPostgres(own);
    // The same app server, its pool reconnecting: healthy again once the database is back.
    const url = server.url;
    const deadline = Date.now() + 30_000;
    while (!recovered && Date.now() < deadline) {
      const res = await fetch(`${url}/api/v1/measurements?relationshipId=${plan.hostingRel}&limit=1`, {
        headers: { Authorization: `Bearer ${plan.token}` },
      }).catch(() => null);
      recovered = res?.status === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 200));
    }
    client = await connectPostgres(own.url);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await client?.end();
    postgres?.stop();
  });

  it("the app server kept running and serves again once PostgreSQL is back", async () => {
    expect(recovered, server!.output().slice(-3000)).toBe(true);
    expect(server!.child.exitCode).toBeNull();
    await waitUntil(() => server!.workerPids().length === 2, 10_000, "two workers");
    // No worker died of a lost connection (an unhandled 'error' of pg's client or pool would end it).
    expect(server!.workerPids()).toEqual(run.workersAtKill);
    expect(server!.output()).not.toMatch(/worker exited unexpectedly/);
  });

  it("PostgreSQL ran its crash recovery", () => {
    const log = fs.readFileSync(path.join(postgres!.dataDir, "server.log"), "utf8");
    expect(log).toMatch(/database system was interrupted|was not properly shut down; automatic recovery in progress/);
  });

  databaseChecks(() => client!);
  acknowledgedWritesSurvive(() => ({ plan, run, server: server!, restarted: server!, query }));
});
