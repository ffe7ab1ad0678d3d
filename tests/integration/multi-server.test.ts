/**
 * Two app servers on one database behind a round-robin proxy with no sticky
 * sessions, as a load balancer would run them: a session started on one
 * works on the other, an import previewed on one is committed through the
 * other, and two servers preparing an empty database at the same moment
 * migrate it once and load the demo data once.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed/demo";
import { demo } from "../support/demo-accounts";
import { copySqliteToPostgres } from "../../db/copy-to-postgres";
import { connectPostgres } from "../../db/postgres";
import { freshPostgresDatabase, type TestPostgres } from "../support/postgres";
import { freshDemoDatabase, organisationOf, relationshipBetween, signIn, startServer, type RunningServer } from "../support/server";

type Proxy = { url: string; served: number[]; close(): Promise<void> };

/** Sends each request to the next backend in turn and records which one answered it. */
function roundRobinProxy(backends: string[]): Promise<Proxy> {
  const served: number[] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    const index = next++ % backends.length;
    served.push(index);
    const target = new URL(req.url ?? "/", backends[index]);
    const upstream = http.request(target, { method: req.method, headers: req.headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, served, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

/** Runs scripts/prepare.ts as `npm start` does, and resolves with its exit code and output. */
function prepare(databasePath: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/prepare.ts", "--demo-if-empty"], {
      env: { ...process.env, DATABASE_PATH: databasePath, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** One SQL read or write on the servers' database, whichever engine it is ($1-style parameters). */
type Query = (text: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

describe.each(["SQLite", "PostgreSQL"] as const)("two app servers behind a round-robin proxy, on %s", (engine) => {
  let databasePath: string;
  let servers: RunningServer[] = [];
  let proxy: Proxy;
  let companyId: number;
  let kuntoRel: number;
  let postgres: TestPostgres | null = null;
  let query: Query;

  beforeAll(async () => {
    // The demo data in SQLite; on PostgreSQL, copied there (ids kept, so the lookups below hold for both).
    databasePath = await freshDemoDatabase("portal-two-");
    companyId = organisationOf(databasePath, demo.companyStaff.email);
    kuntoRel = relationshipBetween(databasePath, companyId, organisationOf(databasePath, "tiina.rantanen@kuntovoima.example"));
    const env: Record<string, string> = { WEB_CONCURRENCY: "1", PURGE_INTERVAL_MS: "300" };
    if (engine === "PostgreSQL") {
      postgres = await freshPostgresDatabase();
      await copySqliteToPostgres(databasePath, postgres.url);
      env.DATABASE_URL = postgres.url;
      const url = postgres.url;
      query = async (text, params = []) => {
        const client = await connectPostgres(url);
        try {
          return (await client.query(text, params)).rows as Array<Record<string, unknown>>;
        } finally {
          await client.end();
        }
      };
    } else {
      query = async (text, params = []) => {
        const db = new Database(databasePath);
        try {
          const statement = db.prepare(text.replace(/\$\d+/g, "?"));
          return statement.reader ? (statement.all(...params) as Array<Record<string, unknown>>) : (statement.run(...params), []);
        } finally {
          db.close();
        }
      };
    }
    servers = await Promise.all([0, 1].map(() => startServer(databasePath, { env })));
    proxy = await roundRobinProxy(servers.map((s) => s.url));
  }, 180_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await postgres?.drop();
  });

  it("serves a session started on one server from the other", async () => {
    const cookie = await signIn(proxy.url, demo.companyStaff.email, DEMO_PASSWORD);
    const signedInOn = proxy.served.at(-1)!;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${proxy.url}/chains`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(demo.companyStaff.name);
    }
    // The two reads went to both servers, one of them the other than the sign-in's.
    expect(new Set(proxy.served.slice(-2))).toEqual(new Set([0, 1]));
    expect(proxy.served.slice(-2)).toContain(1 - signedInOn);
  });

  it("commits through one server an import previewed on the other", async () => {
    const cookie = await signIn(proxy.url, demo.companyStaff.email, DEMO_PASSWORD);
    const form = new FormData();
    form.set("organisation", String(companyId));
    form.set("file", new File([`metric,relationship,month,value\non_time_delivery,${kuntoRel},2024-02,77.25\n`], "two-servers.csv"));
    const previewed = await fetch(`${proxy.url}/metrics/import`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: proxy.url } });
    const previewedOn = proxy.served.at(-1)!;
    const page = await previewed.text();
    expect(previewed.status, page.slice(0, 500)).toBe(200);
    const stagedId = /name="stagedId" value="([0-9a-f]{32})"/.exec(page)?.[1];
    expect(stagedId).toBeDefined();

    const committed = await fetch(`${proxy.url}/metrics/import`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: proxy.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "commit", organisation: String(companyId), stagedId: stagedId! }),
    });
    expect(proxy.served.at(-1)).toBe(1 - previewedOn);
    expect(committed.status).toBe(200);
    const [value] = await query(
      "select m.value from measurements m join metric_definitions d on d.id = m.metric_id where d.key = 'on_time_delivery' and m.relationship_id = $1 and m.month = '2024-02'",
      [kuntoRel],
    );
    expect(value?.value).toBe(77.25);
  });

  it("purge expired sessions on their timers, both servers, without a failure", async () => {
    const [user] = await query("select id from users where email = $1", [demo.companyStaff.email]);
    // Checked by its own statement: a purge may delete it before any later read.
    const inserted = await query(
      "insert into sessions (id_hash, user_id, created_at, last_seen_at, expires_at) values ('expired-by-test', $1, $2, $3, $4) returning id_hash",
      [user.id, "2000-01-01T00:00:00.000Z", "2000-01-01T00:00:00.000Z", "2000-01-01T12:00:00.000Z"],
    );
    expect(inserted).toEqual([{ id_hash: "expired-by-test" }]);
    const present = async () => (await query("select 1 as found from sessions where id_hash = 'expired-by-test'")).length > 0;
    const deadline = Date.now() + 10_000;
    while (await present()) {
      if (Date.now() > deadline) throw new Error("Timed out waiting for the expired session to be purged");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Both servers kept purging side by side for a while.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const server of servers) expect(server.output()).not.toContain("purging expired rows failed");
  });
});

describe("two servers preparing an empty database at the same moment", () => {
  it("migrate it once and load the demo data once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-two-start-"));
    const databasePath = path.join(dir, "portal.db");
    const results = await Promise.all([prepare(databasePath), prepare(databasePath)]);
    for (const r of results) expect(r.code, r.output).toBe(0);
    expect(results.filter((r) => r.output.includes("Empty database: loading demo data"))).toHaveLength(1);
    const db = new Database(databasePath, { readonly: true });
    try {
      const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] };
      expect((db.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n).toBe(journal.entries.length);
      const demoUsers = db
        .prepare(`select count(*) as n from users where email in (${DEMO_ACCOUNTS.map(() => "?").join(", ")})`)
        .get(...DEMO_ACCOUNTS.map((a) => a.email)) as { n: number };
      expect(demoUsers.n).toBe(DEMO_ACCOUNTS.length);
      expect((db.prepare("select count(*) as n from importance_models").get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  }, 180_000);

  it("on PostgreSQL: migrate it once and load the demo data once, and refuse to start without a session secret", async () => {
    const target = await freshPostgresDatabase();
    try {
      const env = { DATABASE_URL: target.url, SESSION_SECRET: "prepare-test-secret-0123456789" };
      const results = await Promise.all([prepare("unused.db", env), prepare("unused.db", env)]);
      for (const r of results) expect(r.code, r.output).toBe(0);
      expect(results.filter((r) => r.output.includes("Empty database: loading demo data"))).toHaveLength(1);
      const client = await connectPostgres(target.url);
      try {
        const journal = JSON.parse(fs.readFileSync("db/migrations-pg/meta/_journal.json", "utf8")) as { entries: unknown[] };
        expect((await client.query("select count(*)::int as n from drizzle.__drizzle_migrations")).rows[0].n).toBe(journal.entries.length);
        const emails = DEMO_ACCOUNTS.map((a) => a.email);
        expect((await client.query("select count(*)::int as n from users where email = any($1)", [emails])).rows[0].n).toBe(DEMO_ACCOUNTS.length);
        expect((await client.query("select count(*)::int as n from importance_models")).rows[0].n).toBe(1);
      } finally {
        await client.end();
      }
      const noSecret = await prepare("unused.db", { DATABASE_URL: target.url, SESSION_SECRET: "" });
      expect(noSecret.code).toBe(1);
      expect(noSecret.output).toMatch(/SESSION_SECRET is not set/);
    } finally {
      await target.drop();
    }
  }, 180_000);
});
