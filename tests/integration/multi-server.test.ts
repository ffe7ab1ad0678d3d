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
import { freshDemoDatabase, organisationOf, relationshipBetween, signIn, startServer, waitUntil, type RunningServer } from "../support/server";

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
function prepare(databasePath: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/prepare.ts", "--demo-if-empty"], {
      env: { ...process.env, DATABASE_PATH: databasePath },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("two app servers behind a round-robin proxy", () => {
  let databasePath: string;
  let servers: RunningServer[] = [];
  let proxy: Proxy;
  let companyId: number;
  let kuntoRel: number;

  beforeAll(async () => {
    databasePath = await freshDemoDatabase("portal-two-");
    companyId = organisationOf(databasePath, demo.companyStaff.email);
    kuntoRel = relationshipBetween(databasePath, companyId, organisationOf(databasePath, "tiina.rantanen@kuntovoima.example"));
    servers = await Promise.all([0, 1].map(() => startServer(databasePath, { env: { WEB_CONCURRENCY: "1", PURGE_INTERVAL_MS: "300" } })));
    proxy = await roundRobinProxy(servers.map((s) => s.url));
  }, 180_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all(servers.map((s) => s.stop()));
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
    const db = new Database(databasePath, { readonly: true });
    const value = db
      .prepare(
        "select m.value from measurements m join metric_definitions d on d.id = m.metric_id where d.key = 'on_time_delivery' and m.relationship_id = ? and m.month = '2024-02'",
      )
      .get(kuntoRel) as { value: number } | undefined;
    db.close();
    expect(value?.value).toBe(77.25);
  });

  it("purge expired sessions on their timers, both servers, without a failure", async () => {
    const db = new Database(databasePath);
    const userId = (db.prepare("select id from users where email = ?").get(demo.companyStaff.email) as { id: number }).id;
    db.prepare("insert into sessions (id_hash, user_id, created_at, last_seen_at, expires_at) values ('expired-by-test', ?, ?, ?, ?)").run(
      userId,
      "2000-01-01T00:00:00.000Z",
      "2000-01-01T00:00:00.000Z",
      "2000-01-01T12:00:00.000Z",
    );
    const present = () => db.prepare("select 1 from sessions where id_hash = 'expired-by-test'").get() !== undefined;
    expect(present()).toBe(true);
    await waitUntil(() => !present(), 10_000, "the expired session to be purged");
    db.close();
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
});
