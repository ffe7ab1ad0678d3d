/**
 * The soak: mixed read and write load at concurrency 32 against the
 * production server (server/serve.ts) on a copy of the M benchmark dataset.
 *
 *   npx tsx scripts/bench/soak.ts [--seconds 300] [--connections 32] [--port 3390]
 *
 * Load (autocannon, one request list cycled by every connection): page GETs
 * (home, chain, relationship, metrics, compare), API reads, API pushes of
 * varying months and values, and assessment draft saves. Reports errors
 * (non-2xx/3xx answers and socket errors: must be 0), p50/p99 latency, the
 * server's RSS at the start and the end, and the WAL file size sampled every
 * 5 s (bounded if it stops growing once checkpoints run). Exits 1 on errors.
 * Results go to data/bench/soak-M.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { apiToken, freeAssessmentQuarters, migratedCopy } from "./fixtures";
import { serverMemoryMb } from "../lib/proc";
import { BENCH_PASSWORD, generateDataset, type GeneratedDataset } from "./generate";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const SECONDS = flag("seconds", 300);
const CONNECTIONS = flag("connections", 32);
const PORT = flag("port", 3390);
const base = `http://127.0.0.1:${PORT}`;
const FACTORS = ["individuality", "trust", "compensation", "new_business", "knowledge", "selling"];

async function dataset(): Promise<GeneratedDataset> {
  const file = path.resolve("data/bench/portal-M.db");
  const meta = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, "utf8"));
  console.log("› Generating dataset M…");
  const generated = await generateDataset("M", file);
  fs.writeFileSync(meta, JSON.stringify(generated, null, 2));
  return generated;
}

/** The soak writes, so it runs on a migrated copy: the benchmark dataset stays as generated. */
function copyDatabase(source: string): string {
  return migratedCopy(source, path.join(fs.mkdtempSync("/tmp/portal-soak-"), "portal.db"));
}

async function startServer(file: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["build/server.mjs"], {
    env: {
      ...process.env,
      DATABASE_PATH: file,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SESSION_SECRET: "soak-secret-0123456789abcdef",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return child;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error("The server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function login(email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password: BENCH_PASSWORD }),
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  const cookie = res.headers.getSetCookie()[0]?.split(";")[0];
  if (res.status !== 302 || !cookie) throw new Error(`login as ${email} failed: ${res.status}`);
  return cookie;
}

/** Resident memory now (VmRSS) of the server: the primary plus every cluster worker. */
function rssMb(pid: number): number {
  return serverMemoryMb(pid, "VmRSS").totalMb;
}

function walMb(file: string): number {
  try {
    return Math.round(fs.statSync(`${file}-wal`).size / 104_857.6) / 10;
  } catch {
    return 0;
  }
}

// --------------------------------------------------------------------- main

const data = await dataset();
if (!fs.existsSync("build/index.js") || !fs.existsSync("build/server.mjs")) throw new Error("Build first: npm run build");
const file = copyDatabase(data.file);
const token = await apiToken(file, data.accounts.staff, "soak");
const server = await startServer(file);
const staff = await login(data.accounts.staff);
const lead = await login(data.accounts.lead);
const supplier = await login(data.accounts.supplier);

const db = new Database(file, { readonly: true });
const staffOrg = (
  db.prepare("select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ?").get(data.accounts.staff) as { id: number }
).id;
const relationships = (db.prepare("select id from relationships where ? in (provider_id, customer_id) order by id").all(staffOrg) as { id: number }[]).map(
  (r) => r.id,
);
// Metrics the staff's organisation has recorded on its relationships: pushes of those are allowed.
const pushable = db
  .prepare(
    `select distinct d.key, m.relationship_id as relationshipId from measurements m join metric_definitions d on d.id = m.metric_id
      where m.recorded_by_organisation_id = ? and m.relationship_id is not null limit 200`,
  )
  .all(staffOrg) as { key: string; relationshipId: number }[];
// Draft saves go to quarters where the staff's side has no assessment yet: each first save is a
// real write; a slot's second save carries a stale revision and is refused with 409, a defined
// answer that still takes the write path.
const draftSlots = await freeAssessmentQuarters(file, data.accounts.staff);
if (draftSlots.length === 0) throw new Error("No free quarters for draft saves");
db.close();
if (pushable.length === 0) throw new Error("No metric the staff organisation records: cannot push");

const compare = data.sample.compareIds.map((id) => `r=${id}`).join("&");
let n = 0;
const json = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
const form = (cookie: string) => ({ Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" });

/** One cycle of the mix: 6 reads, 2 API reads, 3 pushes, 1 draft save (each draft is a new quarter, so it never goes stale). */
const byKind = new Map<string, Map<number, number>>();
function tally(kind: string): (status: number) => void {
  return (status) => {
    const counts = byKind.get(kind) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    byKind.set(kind, counts);
  };
}
const mix: Array<autocannon.Request & { kind: string }> = [
  { kind: "page", method: "GET", path: "/", headers: { Cookie: staff } },
  { kind: "page", method: "GET", path: `/chains/${data.sample.chainId}`, headers: { Cookie: staff } },
  { kind: "page", method: "GET", path: `/relationships/${data.sample.relationshipId}`, headers: { Cookie: staff } },
  { kind: "page", method: "GET", path: "/metrics", headers: { Cookie: supplier } },
  { kind: "page", method: "GET", path: `/compare?${compare}`, headers: { Cookie: lead } },
  { kind: "page", method: "GET", path: `/relationships/${relationships[1] ?? relationships[0]}/metrics`, headers: { Cookie: staff } },
  { kind: "api read", method: "GET", path: `/api/v1/measurements?relationshipId=${data.sample.relationshipId}&limit=500`, headers: json },
  { kind: "api read", method: "GET", path: "/api/v1/relationships", headers: json },
  ...[0, 1, 2].map((): autocannon.Request & { kind: string } => ({
    kind: "api push",
    method: "POST",
    path: "/api/v1/measurements",
    headers: json,
    setupRequest: (req) => {
      const i = n++;
      const target = pushable[i % pushable.length];
      // Months of the last two years, values that change, so pushes insert and update.
      const month = `${2025 + (Math.floor(i / 12) % 2)}-${String((i % 10) + 1).padStart(2, "0")}`;
      return { ...req, body: JSON.stringify({ measurements: [{ metric: target.key, relationshipId: target.relationshipId, month, value: (i % 97) + 0.5 }] }) };
    },
  })),
  {
    kind: "draft save",
    method: "POST",
    path: "/",
    headers: form(staff),
    setupRequest: (req) => {
      const i = n++;
      const { relationshipId, period } = draftSlots[i % draftSlots.length];
      const body = new URLSearchParams({ period, revision: "0", intent: "save" });
      for (const f of FACTORS) body.set(`score_${f}`, String(1 + (i % 5)));
      return { ...req, path: `/relationships/${relationshipId}/assess?period=${period}`, body: body.toString() };
    },
  },
];
const requests: autocannon.Request[] = mix.map(({ kind, ...req }) => ({ ...req, onResponse: tally(kind) }));

const walSamples: Array<{ second: number; walMb: number; rssMb: number }> = [];
const started = Date.now();
const rssStart = rssMb(server.pid!);
const sampler = setInterval(() => walSamples.push({ second: Math.round((Date.now() - started) / 1000), walMb: walMb(file), rssMb: rssMb(server.pid!) }), 5000);
walSamples.push({ second: 0, walMb: walMb(file), rssMb: rssStart });

console.log(`› Soak: ${SECONDS} s at concurrency ${CONNECTIONS} on ${file}`);
const result = await autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests, timeout: 30 });
clearInterval(sampler);
const rssEnd = rssMb(server.pid!);
const rssPerProcessEnd = serverMemoryMb(server.pid!, "VmRSS");
walSamples.push({ second: Math.round((Date.now() - started) / 1000), walMb: walMb(file), rssMb: rssEnd });

/** An error: a socket error or timeout, any 5xx, and any answer outside 2xx/3xx except a draft save's defined refusals. */
const statuses = Object.fromEntries([...byKind].map(([kind, counts]) => [kind, Object.fromEntries([...counts].sort(([a], [b]) => a - b))]));
let errors = result.errors + result.timeouts;
for (const [kind, counts] of byKind) {
  for (const [status, count] of counts) {
    const refusal = kind === "draft save" && (status === 400 || status === 409);
    if (status >= 400 && !refusal) errors += count;
  }
}
const walMax = Math.max(...walSamples.map((s) => s.walMb));
const lastThird = walSamples.slice(Math.floor((walSamples.length * 2) / 3));
const bounded = walMax < 64 && Math.max(...lastThird.map((s) => s.walMb)) <= walMax;

const shutdownStarted = Date.now();
server.kill("SIGTERM");
const exitCode = await new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
const walAfterShutdown = walMb(file);

const report = {
  seconds: SECONDS,
  connections: CONNECTIONS,
  requests: result.requests.total,
  rps: result.requests.average,
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  statuses,
  socketErrors: result.errors,
  timeouts: result.timeouts,
  errors,
  rssMb: { start: rssStart, end: rssEnd, endPrimary: rssPerProcessEnd.primaryMb, endWorkers: rssPerProcessEnd.workersMb },
  wal: { maxMb: walMax, bounded, afterShutdownMb: walAfterShutdown, samples: walSamples },
  shutdown: { exitCode, ms: Date.now() - shutdownStarted },
};
fs.writeFileSync("data/bench/soak-M.json", JSON.stringify(report, null, 2));
console.log(
  [
    `  requests ${report.requests} (${report.rps} rps), statuses ${JSON.stringify(statuses)}`,
    `  errors ${errors} (socket ${result.errors}, timeouts ${result.timeouts})`,
    `  latency p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
    `  server RSS (primary + workers) ${rssStart} MB at start, ${rssEnd} MB at end (primary ${rssPerProcessEnd.primaryMb} MB, workers ${rssPerProcessEnd.workersMb.join(" + ") || "none"} MB)`,
    `  WAL max ${walMax} MB (${bounded ? "bounded" : "NOT bounded"}); samples ${walSamples.map((s) => `${s.second}s:${s.walMb}`).join(" ")}`,
    `  graceful shutdown: exit ${exitCode} in ${report.shutdown.ms} ms, WAL after ${walAfterShutdown} MB`,
  ].join("\n"),
);
fs.rmSync(path.dirname(file), { recursive: true, force: true });
process.exit(errors === 0 ? 0 : 1);
