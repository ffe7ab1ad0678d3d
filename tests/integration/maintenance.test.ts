/**
 * The periodic purge (app/models/maintenance.server.ts): sessions past their
 * idle or absolute limit and staged imports past their expiry go; live ones stay.
 */
import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpired } from "~/models/maintenance.server";
import { createSession } from "~/models/session.server";
import { organisationIdOf, userIdOf } from "../support/factories";
import { demo } from "../support/demo-accounts";

const now = new Date("2026-11-22T12:00:00Z");
const minutesBefore = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
// The defaults of env.server: 60 idle minutes, 12 hours at most.
const limits = { idleMinutes: 60, absoluteHours: 12 };

let sqlite: TestSql;
beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
});
afterAll(() => sqlite.close());
const sessionExists = async (token: string) =>
  (await sqlite.prepare("select 1 from sessions where id_hash = ?").get(createHash("sha256").update(token).digest("hex"))) !== undefined;

async function stageImport(id: string, expiresAt: Date): Promise<void> {
  const userId = await userIdOf(demo.companyStaff.email);
  await sqlite
    .prepare("insert into staged_imports (id, organisation_id, user_id, file_name, file_sha256, bytes, expires_at) values (?, ?, ?, 'f.csv', 'x', ?, ?)")
    .run(id, await organisationIdOf(demo.companyStaff.email), userId, Buffer.from([0]), expiresAt.toISOString());
}
const stagedExists = async (id: string) => (await sqlite.prepare("select 1 from staged_imports where id = ?").get(id)) !== undefined;

describe("purgeExpired", () => {
  it("deletes idle, over-age and expired rows and keeps the live ones", async () => {
    const userId = await userIdOf(demo.companyStaff.email);
    const live = await createSession(userId, limits, {}, minutesBefore(10));
    const idle = await createSession(userId, limits, {}, minutesBefore(61));
    const overAge = await createSession(userId, limits, {}, minutesBefore(13 * 60));
    // Used a minute ago, but started 13 hours ago: over the absolute limit all the same.
    await sqlite
      .prepare("update sessions set last_seen_at = ? where id_hash = ?")
      .run(minutesBefore(1).toISOString(), createHash("sha256").update(overAge).digest("hex"));
    await stageImport("a".repeat(32), minutesBefore(-30));
    await stageImport("b".repeat(32), minutesBefore(1));

    const counts = await purgeExpired(now);
    expect(counts.sessions).toBeGreaterThanOrEqual(2);
    expect(counts.stagedImports).toBe(1);
    expect([await sessionExists(live), await sessionExists(idle), await sessionExists(overAge)]).toEqual([true, false, false]);
    expect([await stagedExists("a".repeat(32)), await stagedExists("b".repeat(32))]).toEqual([true, false]);
    expect(await purgeExpired(now)).toEqual({ sessions: 0, stagedImports: 0 });
  });
});
