/**
 * The production server (server/serve.ts over build/index.js) as a child
 * process for integration tests: a fresh demo database of its own, a free
 * port in 3300-3399, a signed-in session per demo account, and kill -9 /
 * SIGTERM for the crash and shutdown tests. The server runs as many cluster
 * workers as WEB_CONCURRENCY says (unset: one per CPU, at most 4). The test
 * process itself never opens the server's database while it runs, except
 * read-only. With `databaseUrl` the server runs on that PostgreSQL database
 * instead (DATABASE_URL; the SQLite file is then left alone).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { FACTORS } from "../../app/domain/factors";
import { ensureDefaultImportanceModel } from "../../db/bootstrap";
import { migrateDatabase, openDatabase } from "../../db/connection";
import { childPids, clusterWorkerPids, isAlive } from "../../scripts/lib/proc";

export const BUILD_FILE = path.resolve("build/index.js");

/**
 * npm test runs vitest before the production build, so the build may be
 * missing: make it once, serialised with other builds by the shared lock.
 */
let serverCompiled = false;

export function ensureBuild(): void {
  if (!fs.existsSync(BUILD_FILE)) {
    execFileSync("flock", ["/tmp/portal-build.lock", "sh", "-c", `test -f build/index.js || npx --no-install remix build`], {
      stdio: "ignore",
      env: { ...process.env, NODE_ENV: "production", VITE_CJS_IGNORE_WARNING: "1" },
      timeout: 180_000,
    });
    if (!fs.existsSync(BUILD_FILE)) throw new Error("The production build (build/index.js) could not be made");
  }
  // The compiled server is cheap to make (well under a second): make it from the current sources once per test file.
  if (!serverCompiled) {
    execFileSync(process.execPath, ["scripts/build-server.mjs"], { stdio: "inherit", timeout: 60_000 });
    serverCompiled = true;
  }
}

/** A migrated database with the demo data in a new temporary directory. */
export async function freshDemoDatabase(prefix = "portal-srv-"): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, "portal.db");
  const { seedDemoData } = await import("../../db/seed/demo");
  const db = openDatabase(file);
  migrateDatabase(db);
  ensureDefaultImportanceModel(db);
  await seedDemoData(db);
  db.$client.close();
  return file;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** A free port in 3300-3399, starting at a random one so parallel test files rarely collide. */
export async function freePort(): Promise<number> {
  const start = 3300 + Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) {
    const port = 3300 + ((start - 3300 + i) % 100);
    if (await portIsFree(port)) return port;
  }
  throw new Error("No free port in 3300-3399");
}

export type RunningServer = {
  url: string;
  port: number;
  databasePath: string;
  /** The PostgreSQL database it runs on (DATABASE_URL), or undefined on SQLite. */
  databaseUrl: string | undefined;
  child: ChildProcess;
  /** Everything the server wrote (pino JSON lines), for failure messages. */
  output: () => string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  /** The cluster workers' pids (none when WEB_CONCURRENCY=1). */
  workerPids: () => number[];
  /** kill -9 of the whole server, primary and workers (any child) at once: no shutdown code runs anywhere. */
  crash: () => Promise<number | string>;
  /** SIGTERM: the graceful shutdown. */
  stop: () => Promise<number | string>;
};

export type ServerOptions = {
  port?: number;
  env?: Record<string, string>;
  /**
   * Run on PostgreSQL: this database (migrated, with its data) as DATABASE_URL.
   * `databasePath` is then only passed along as DATABASE_PATH, which a server
   * on PostgreSQL does not open.
   */
  databaseUrl?: string;
};

export async function startServer(databasePath: string, options: ServerOptions = {}): Promise<RunningServer> {
  ensureBuild();
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(databasePath, port, options.env ?? {}, options.databaseUrl);
    } catch (error) {
      // Another process may have taken the port between the probe and the listen.
      if (options.port !== undefined || attempt >= 2) throw error;
    }
  }
}

async function launch(databasePath: string, port: number, env: Record<string, string>, databaseUrl: string | undefined): Promise<RunningServer> {
  const child = spawn(process.execPath, ["build/server.mjs"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      // The scheduled work writes notifications and email on its own clock: off unless a test asks for it.
      JOBS_INTERVAL_MS: "0",
      ...env,
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: databasePath,
      NODE_ENV: "production",
      SESSION_SECRET: "server-test-secret-0123456789",
      LOG_LEVEL: env.LOG_LEVEL ?? "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output = (output + chunk).slice(-200_000)));
  child.stderr!.on("data", (chunk) => (output = (output + chunk).slice(-200_000)));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let done = false;
  void exited.then(() => (done = true));
  for (;;) {
    if (done) throw new Error(`The server exited before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not become healthy in 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const workerPids = () => (child.pid === undefined ? [] : clusterWorkerPids(child.pid));
  const crash = async () => {
    // Workers first, so none sees its primary vanish and starts a graceful shutdown;
    // the primary a moment later, long before it would start a replacement.
    const workers = done || child.pid === undefined ? [] : childPids(child.pid);
    for (const pid of workers) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    if (!done) child.kill("SIGKILL");
    const result = await exited;
    await waitUntil(() => workers.every((pid) => !isAlive(pid)), 5_000);
    return result;
  };
  return {
    url,
    port,
    databasePath,
    databaseUrl: databaseUrl ?? env.DATABASE_URL ?? process.env.DATABASE_URL,
    child,
    output: () => output,
    exited,
    workerPids,
    crash,
    stop: () => {
      if (!done) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Polls `condition` every 50 ms; throws when it is still false after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A GET on a connection of its own (no keep-alive pool), so a cluster's primary hands each to the next worker. */
export function getOnNewConnection(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
  });
}

/** Signs in through the login form and returns the session cookie (`name=value`). */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url },
    body: new URLSearchParams({ email, password }),
  });
  const [cookie] = res.headers.getSetCookie();
  if (res.status !== 302 || !cookie) throw new Error(`Sign-in as ${email} failed: ${res.status}`);
  return cookie.split(";")[0];
}

/** A same-origin form POST as the browser would send it, without following redirects. */
export function postForm(url: string, pathname: string, fields: Record<string, string> | URLSearchParams, cookie: string): Promise<Response> {
  return fetch(`${url}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url, Cookie: cookie },
    body: fields instanceof URLSearchParams ? fields : new URLSearchParams(fields),
  });
}

// ------------------------------------------------------------ demo-data facts
// The SQL of these reads is portable (shared with the awaited, engine-neutral
// twins in tests/support/server-database.ts); these sync ones read a SQLite file.

export const FACT_SQL = {
  insertApiToken: "insert into api_tokens (organisation_id, name, token_hash, prefix) values (?, ?, ?, ?)",
  userId: "select id from users where email = ?",
  organisationOf: "select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ? order by m.id",
  relationshipBetween: "select id from relationships where provider_id = ? and customer_id = ?",
  relationshipStart: "select start_date as s from relationships where id = ?",
  assessedPeriods: "select period from assessments where relationship_id = ? and assessor_user_id = ?",
} as const;

/** A new API token in clear, and the row that stores it (SHA-256 + prefix, as the model does). */
export function newApiToken(): { token: string; hash: string; prefix: string } {
  const token = `scp_${randomBytes(32).toString("base64url")}`;
  return { token, hash: createHash("sha256").update(token, "utf8").digest("hex"), prefix: token.slice(0, 12) };
}

/** Inserts a token for the organisation (SHA-256 + prefix, as the model does) and returns it in clear. */
export function insertApiToken(databasePath: string, organisationId: number, name = "test"): string {
  const { token, hash, prefix } = newApiToken();
  const db = new Database(databasePath);
  db.prepare(FACT_SQL.insertApiToken).run(organisationId, name, hash, prefix);
  db.close();
  return token;
}

export function userId(databasePath: string, email: string): number {
  const db = new Database(databasePath, { readonly: true });
  const row = db.prepare(FACT_SQL.userId).get(email) as { id: number };
  db.close();
  return row.id;
}

export function organisationOf(databasePath: string, email: string): number {
  const db = new Database(databasePath, { readonly: true });
  const row = db.prepare(FACT_SQL.organisationOf).get(email) as { id: number };
  db.close();
  return row.id;
}

/** The relationship between a provider and a customer organisation. */
export function relationshipBetween(databasePath: string, providerId: number, customerId: number): number {
  const db = new Database(databasePath, { readonly: true });
  const row = db.prepare(FACT_SQL.relationshipBetween).get(providerId, customerId) as { id: number };
  db.close();
  return row.id;
}

/** Quarters (oldest first, from the relationship's start, before 2026) the user has not assessed on this relationship. */
export function freeQuarters(databasePath: string, relationshipId: number, assessorUserId: number): string[] {
  const db = new Database(databasePath, { readonly: true });
  const start = (db.prepare(FACT_SQL.relationshipStart).get(relationshipId) as { s: string }).s;
  const taken = (db.prepare(FACT_SQL.assessedPeriods).all(relationshipId, assessorUserId) as { period: string }[]).map((r) => r.period);
  db.close();
  return quartersNotTaken(start, taken);
}

/** Quarters from the one `start` (YYYY-MM-DD) falls in to 2025-Q4, oldest first, less those `taken`. */
export function quartersNotTaken(start: string, takenPeriods: readonly string[]): string[] {
  const taken = new Set(takenPeriods);
  const [y, m] = start.split("-").map(Number);
  const out: string[] = [];
  for (let year = y; year <= 2025; year++) {
    for (let q = 1; q <= 4; q++) {
      if (year === y && q < Math.ceil(m / 3)) continue;
      const period = `${year}-Q${q}`;
      if (!taken.has(period)) out.push(period);
    }
  }
  return out;
}

/** The fields of a complete assessment form (every factor scored, with evidence). */
export function assessmentFields(
  period: string,
  revision: number,
  intent: "save" | "submit",
  score = "4",
  evidence = "Observed in the monthly review.",
): Record<string, string> {
  const fields: Record<string, string> = { period, revision: String(revision), intent };
  for (const f of FACTORS) {
    fields[`score_${f}`] = score;
    fields[`evidence_${f}`] = `${evidence} (${f})`;
  }
  return fields;
}

export const VOLATILE_TABLES = new Set(["audit_log", "sessions", "login_failures", "api_tokens", "__drizzle_migrations"]);

/**
 * Row counts and a hash of every row of the data tables. Sessions, the audit
 * log and login failures change on every request; api_tokens' last_used_at
 * changes on every API call.
 */
export function fingerprint(databasePath: string): Record<string, string> {
  const db = new Database(databasePath, { readonly: true });
  const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[])
    .map((t) => t.name)
    .filter((t) => !VOLATILE_TABLES.has(t));
  const out: Record<string, string> = {};
  for (const t of tables) {
    const rows = db.prepare(`select * from "${t}" order by rowid`).raw().all();
    out[t] = rowsDigest(rows);
  }
  db.close();
  return out;
}

/** A table's row count and a short hash of its rows, as fingerprint() gives them. */
export function rowsDigest(rows: unknown[]): string {
  return `${rows.length}:${createHash("sha256").update(JSON.stringify(rows)).digest("hex").slice(0, 16)}`;
}
