/**
 * Query plans: every SQL statement behind the key pages, run over a generated
 * dataset, is EXPLAINed; a full scan of a table holding more than 10,000
 * rows (without an index) fails the test.
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
import { BENCH_PASSWORD, generateDataset, type GeneratedDataset } from "../../scripts/bench/generate";
import { cookieFrom, get, post, run } from "../support/remix";

const BIG = 10_000;
let data: GeneratedDataset;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  data = await generateDataset("S", file);
  const login = await import("~/routes/_auth+/login");
  for (const [role, email] of Object.entries(data.accounts)) {
    if (role === "admin" || role === "customer") continue;
    const res = (await run(login.action, post("/login", { email, password: BENCH_PASSWORD }), {}, { clientIp: "10.7.0.1" })) as Response;
    cookies[role] = cookieFrom(res);
  }
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
      const pages: Array<[string, string, unknown, Record<string, string>]> = [
        ["staff", "/", (await import("~/routes/_app+/_index")).loader, {}],
        ["staff", `/chains/${data.sample.chainId}`, (await import("~/routes/_app+/chains+/$chainId")).loader, { chainId: String(data.sample.chainId) }],
        [
          "staff",
          `/relationships/${data.sample.relationshipId}`,
          (await import("~/routes/_app+/relationships+/$relationshipId._index")).loader,
          { relationshipId: String(data.sample.relationshipId) },
        ],
        ["supplier", "/metrics", (await import("~/routes/_app+/metrics+/_index")).loader, {}],
        ["lead", `/compare?${data.sample.compareIds.map((id) => `r=${id}`).join("&")}`, (await import("~/routes/_app+/compare+/_layout")).loader, {}],
        [
          "lead",
          `/chains/${data.sample.chainId}/portfolio`,
          (await import("~/routes/_app+/chains+/$chainId_.portfolio")).loader,
          { chainId: String(data.sample.chainId) },
        ],
      ];
      for (const [role, url, loader, params] of pages) {
        let result = await run(loader as never, get(url, cookies[role]), params);
        // The compare page writes the quarter it shows into its URL: follow that redirect to the page itself.
        if (result instanceof Response && result.status === 302 && result.headers.get("Location")?.startsWith(new URL(url, "http://x").pathname)) {
          result = await run(loader as never, get(result.headers.get("Location")!, cookies[role]), params);
        }
        expect(result instanceof Response ? result.status : 200, `${url} as ${role}`).toBe(200);
      }
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
