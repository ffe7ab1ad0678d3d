/**
 * Query plans on PostgreSQL, the twin of query-plans.test.ts: the same
 * generated dataset (S), copied into PostgreSQL and ANALYZEd; the key pages
 * (tests/support/key-pages.ts) run in process with DATABASE_URL set, every
 * SQL statement they send is captured with its parameters and
 * EXPLAINed (FORMAT JSON), and a Seq Scan of a table holding more than
 * 10,000 rows fails the test. PostgreSQL may rightly scan a small table
 * (a handful of pages is cheaper read whole): only large tables count.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-plans-"));
const file = path.join(dir, "bench-S.db");
// The SQLite file is only the dataset's source: the app itself runs on PostgreSQL (DATABASE_URL, set below before any route is loaded).
process.env.DATABASE_PATH = path.join(dir, "unused.db");
process.env.SESSION_SECRET ??= "query-plan-test-secret-0123456789";
process.env.NODE_ENV = "test";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copySqliteToPostgres } from "../../db/copy-to-postgres";
import { connectPostgres } from "../../db/postgres";
import type { GeneratedDataset } from "../../scripts/bench/generate";
import { freshPostgresDatabase, type TestPostgres } from "../support/postgres";

const BIG = 10_000;
let data: GeneratedDataset;
let cookies: Record<string, string>;
let postgres: TestPostgres | undefined;
let client: pg.Client | undefined;

beforeAll(async () => {
  postgres = await freshPostgresDatabase();
  const { generateDataset } = await import("../../scripts/bench/generate");
  data = await generateDataset("S", file);
  await copySqliteToPostgres(file, postgres.url);
  client = await connectPostgres(postgres.url);
  // Fresh statistics, as autovacuum would gather them on a live database.
  await client.query("analyze");
  process.env.DATABASE_URL = postgres.url;
  const { signInBenchAccounts } = await import("../support/key-pages");
  cookies = await signInBenchAccounts(data);
}, 120_000);

afterAll(async () => {
  if (process.env.DATABASE_URL) (await import("~/db.server")).closeDatabase();
  await client?.end();
  await postgres?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] };

function* nodesOf(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodesOf(child);
}

describe("query plans behind the key pages, on PostgreSQL", () => {
  it("never reads a table of more than 10,000 rows with a sequential scan", async () => {
    const { db } = await import("~/db.server");
    const pool = db().$client as unknown as pg.Pool;
    expect(pool.constructor.name, "the app runs on PostgreSQL").toMatch(/Pool/);

    const tables = await client!.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public'");
    const bigTables: string[] = [];
    for (const { name } of tables.rows) {
      const { rows } = await client!.query<{ n: number }>(`select count(*)::int as n from "${name}"`);
      if (rows[0].n > BIG) bigTables.push(name);
    }
    expect(bigTables).toContain("measurements");

    // Every statement the app sends, on any of the pool's connections (a transaction's included): drizzle's
    // (a query config) and the app's own SQL (db/pg-sql.ts) alike end in a pg.Client's query().
    const captured: Array<{ text: string; values: unknown[] }> = [];
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const query = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const [first, second] = args;
      const config = typeof first === "string" ? { text: first } : (first as { text: string; values?: unknown[] });
      captured.push({ text: config.text, values: (Array.isArray(second) ? second : (config.values ?? [])) as unknown[] });
      return query.apply(this, args);
    };
    try {
      const { visitKeyPages } = await import("../support/key-pages");
      await visitKeyPages(data, cookies);
    } finally {
      proto.query = query;
    }

    const reads = captured.filter(({ text }) => /^\s*\(?\s*(select|with)\b/i.test(text));
    expect(reads.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const { text, values } of reads) {
      const { rows } = await client!.query<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>(`explain (format json) ${text}`, values);
      for (const node of nodesOf(rows[0]["QUERY PLAN"][0].Plan)) {
        if (/Seq Scan/.test(node["Node Type"]) && node["Relation Name"] && bigTables.includes(node["Relation Name"])) {
          offenders.push(`Seq Scan on ${node["Relation Name"]}  ←  ${text.replace(/\s+/g, " ").slice(0, 240)}`);
        }
      }
    }
    console.info(`postgres query plans: ${reads.length} reads explained; tables over ${BIG} rows: ${bigTables.join(", ")}`);
    expect(offenders).toEqual([]);
  }, 120_000);
});
