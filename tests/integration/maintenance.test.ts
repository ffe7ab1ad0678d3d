/**
 * The periodic purge (app/models/maintenance.server.ts): sessions past their
 * idle or absolute limit and staged imports past their expiry go; live ones stay.
 */
import { prepareDemoDatabase } from "../support/test-db";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { purgeExpired } from "~/models/maintenance.server";
import { createSession } from "~/models/session.server";
import { organisationIdOf, userIdOf } from "../support/factories";
import { demo } from "../support/demo-accounts";

const now = new Date("2026-11-22T12:00:00Z");
const minutesBefore = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
// The defaults of env.server: 60 idle minutes, 12 hours at most.
const limits = { idleMinutes: 60, absoluteHours: 12 };

beforeAll(async () => {
  await prepareDemoDatabase();
});

const sqlite = () => db().$client;
const sessionExists = (token: string) =>
  sqlite().prepare("select 1 from sessions where id_hash = ?").get(createHash("sha256").update(token).digest("hex")) !== undefined;

function stageImport(id: string, expiresAt: Date): void {
  const userId = userIdOf(sqlite(), demo.companyStaff.email);
  sqlite()
    .prepare("insert into staged_imports (id, organisation_id, user_id, file_name, file_sha256, bytes, expires_at) values (?, ?, ?, 'f.csv', 'x', x'00', ?)")
    .run(id, organisationIdOf(sqlite(), demo.companyStaff.email), userId, expiresAt.toISOString());
}
const stagedExists = (id: string) => sqlite().prepare("select 1 from staged_imports where id = ?").get(id) !== undefined;

describe("purgeExpired", () => {
  it("deletes idle, over-age and expired rows and keeps the live ones", async () => {
    const userId = userIdOf(sqlite(), demo.companyStaff.email);
    const live = await createSession(userId, limits, {}, minutesBefore(10));
    const idle = await createSession(userId, limits, {}, minutesBefore(61));
    const overAge = await createSession(userId, limits, {}, minutesBefore(13 * 60));
    // Used a minute ago, but started 13 hours ago: over the absolute limit all the same.
    sqlite()
      .prepare("update sessions set last_seen_at = ? where id_hash = ?")
      .run(minutesBefore(1).toISOString(), createHash("sha256").update(overAge).digest("hex"));
    stageImport("a".repeat(32), minutesBefore(-30));
    stageImport("b".repeat(32), minutesBefore(1));

    const counts = await purgeExpired(now);
    expect(counts.sessions).toBeGreaterThanOrEqual(2);
    expect(counts.stagedImports).toBe(1);
    expect([sessionExists(live), sessionExists(idle), sessionExists(overAge)]).toEqual([true, false, false]);
    expect([stagedExists("a".repeat(32)), stagedExists("b".repeat(32))]).toEqual([true, false]);
    expect(await purgeExpired(now)).toEqual({ sessions: 0, stagedImports: 0 });
  });
});
