/**
 * Crash safety: the production server takes assessment submissions, API
 * pushes and a large import at once and is killed with SIGKILL in the middle:
 * the whole server, the cluster primary and both workers at once, so no
 * graceful shutdown runs anywhere. After a restart the database is intact,
 * every write the server acknowledged is there, and the import is all there
 * or not at all. The load and the shared checks are tests/support/crash-load.ts;
 * postgres-crash.test.ts is this test on PostgreSQL.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CRASH_CLUSTER,
  acknowledgedWritesSurvive,
  wholeServerWasKilled,
  crashUnderWriteLoad,
  planCrashLoad,
  sqliteReader,
  type CrashPlan,
  type CrashRun,
} from "../support/crash-load";
import { freshDemoDatabase, startServer, type RunningServer } from "../support/server";

let databasePath: string;
let server: RunningServer | undefined;
let restarted: RunningServer | undefined;
let plan: CrashPlan;
let run: CrashRun;

beforeAll(async () => {
  databasePath = await freshDemoDatabase("portal-crash-");
  plan = planCrashLoad(databasePath);
  server = await startServer(databasePath, { env: CRASH_CLUSTER });
  run = await crashUnderWriteLoad(server, plan);
  restarted = await startServer(databasePath, { env: CRASH_CLUSTER });
}, 180_000);

afterAll(async () => {
  await server?.crash();
  await restarted?.stop();
});

describe("kill -9 under write load, then a restart", () => {
  it("passes integrity_check and foreign_key_check", () => {
    const db = new Database(databasePath, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    db.close();
  });

  const context = () => ({ plan, run, server: server!, restarted: restarted!, query: sqliteReader(databasePath) });
  wholeServerWasKilled(context);
  acknowledgedWritesSurvive(context);
});
