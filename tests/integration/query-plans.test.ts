/**
 * Query plans: every SQL statement behind the key pages, run over a generated
 * dataset, is EXPLAINed; a full scan of a table holding more than 10,000
 * rows (without an index) fails the test. The pages are
 * tests/support/key-pages.ts; postgres-query-plans.test.ts is this test on
 * PostgreSQL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-plans-"));
const file = path.join(dir, "bench-S.db");
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET ??= "query-plan-test-secret-0123456789";
process.env.NODE_ENV = "test";

import { beforeAll, describe, expect, it } from "vitest";
import { generateDataset, type GeneratedDataset } from "../../scripts/bench/generate";
import { signInBenchAccounts, visitKeyPages } from "../support/key-pages";

const BIG = 10_000;
let data: GeneratedDataset;
let cookies: Record<string, string>;

beforeAll(async () => {
  data = await generateDataset("S", file);
  cookies = await signInBenchAccounts(data);
}, 120_000);

describe("query plans behind the key pages", () => {
  it("never scans a table of more than 10,000 rows without an index", async () => {
    const { db } = await import("~/db.server");
    const client = db().$client;
    const bigTables = (client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[])
      .map(({ name }) => ({ name, n: (client.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n }))
      .filter((t) => t.n > BIG)
      .map((t) => t.name);
    expect(bigTables).toContain("measurements");

    const captured: Array<{ sql: string; params: unknown[] }> = [];
    const prepare = client.prepare.bind(client);
    (client as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
      const statement = prepare(sql) as unknown as Record<string, unknown>;
      for (const method of ["all", "get", "run"]) {
        const original = statement[method];
        if (typeof original !== "function") continue;
        statement[method] = (...params: unknown[]) => {
          captured.push({ sql, params });
          return (original as (...p: unknown[]) => unknown).apply(statement, params);
        };
      }
      return statement;
    };
    try {
      await visitKeyPages(data, cookies);
    } finally {
      (client as unknown as { prepare: typeof prepare }).prepare = prepare;
    }

    expect(captured.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const { sql, params } of captured) {
      if (!/^\s*(select|with)/i.test(sql)) continue;
      const plan = prepare(`explain query plan ${sql}`).all(...(params as [])) as { detail: string }[];
      for (const { detail } of plan) {
        const scan = /^SCAN (\w+)(?: AS \w+)?(.*)$/.exec(detail);
        if (!scan) continue;
        const table = scan[1];
        if (bigTables.includes(table) && !/USING (COVERING )?INDEX/.test(scan[2])) offenders.push(`${detail}  ←  ${sql.slice(0, 160)}`);
      }
    }
    expect(offenders).toEqual([]);
  }, 120_000);
});
