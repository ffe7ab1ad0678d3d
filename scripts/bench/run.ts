/**
 * npm run bench [-- --size demo|S|M|L] [--quick] [--requests N] [--postgres]
 *
 * The load run: generates (or reuses) a benchmark dataset, builds the app as
 * `npm start` does, starts the production server on it, logs in as real
 * users of each role, and measures each key page with autocannon at
 * concurrency 1 and 32: latency, throughput and the server's CPU time per
 * request (read from /proc for the primary and every worker: it varies far
 * less than latency on a shared machine). In the same run it measures the
 * ceiling: a bare node:http server answering a static body of the page's
 * size, with its own CPU per request. Also reports
 * the server's peak resident memory and each route's client JS/CSS, gzipped.
 * It also counts the database round trips per request (scripts/bench/round-trips.mjs,
 * preloaded into the server's processes).
 *
 * --postgres (or BENCH_DATABASE_URL, an empty database): the same run on
 * PostgreSQL. A throwaway server (fsync on) is started, the dataset copied
 * into it (db/copy-to-postgres.ts) and analysed, and the portal served with
 * DATABASE_URL; PostgreSQL's own CPU per request (its processes, from /proc)
 * is reported beside the portal's.
 * --requests N: N requests per page and concurrency (the ceiling 5 N)
 * instead of 5 s / 10 s (--quick: 2 s / 3 s).
 * Results: data/bench/results-<size>[-postgres].json and a Markdown table on stdout.
 */
import { spawn, execSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
// hdr-histogram-js comes with autocannon; it gives exact p95 (autocannon itself reports p90 and p97.5).
import * as hdr from "hdr-histogram-js";
import { apiToken, freeAssessmentQuarters, migratedCopy, openBenchDatabase } from "./fixtures";
import { BENCH_PASSWORD, DATASETS, generateDataset, type DatasetSize, type GeneratedDataset, type GeneratedSize } from "./generate";
import { generateDemoDataset } from "./demo-dataset";
import { webConcurrency } from "../../app/http/web-concurrency";
import { clusterWorkerPids, cpuMs, postgresCpuMs, samplePeakPss, serverMemoryMb } from "../lib/proc";
import { benchPostgres, type BenchPostgres } from "./postgres";
import { readRoundTrips } from "./round-trips.mjs";

const args = process.argv.slice(2);
const sizeArg = (args.includes("--size") ? args[args.indexOf("--size") + 1] : "M") ?? "M";
const size: DatasetSize = sizeArg.toLowerCase() === "demo" ? "demo" : (sizeArg.toUpperCase() as GeneratedSize);
if (size !== "demo" && !(size in DATASETS)) throw new Error(`Unknown size ${sizeArg}: demo, S, M or L`);
const quick = args.includes("--quick");
const DURATION = { 1: quick ? 2 : 5, 32: quick ? 3 : 10 } as const;
const requestsArg = args.includes("--requests") ? Number(args[args.indexOf("--requests") + 1]) : undefined;
if (requestsArg !== undefined && !(requestsArg > 0)) throw new Error("--requests takes a positive number");
/** A fixed number of requests per phase instead of a duration. */
const AMOUNT = requestsArg;
const onPostgres = args.includes("--postgres") || Boolean(process.env.BENCH_DATABASE_URL);
const engineName = onPostgres ? "PostgreSQL" : "SQLite";
const PORT = 3900;
const CEILING_PORT = 3901;
// The portal's worker count, as the server decides it (WEB_CONCURRENCY, else one per CPU up to 4).
const SERVER_WORKERS = webConcurrency(process.env.WEB_CONCURRENCY, os.availableParallelism());
const base = `http://127.0.0.1:${PORT}`;

type PageSpec = {
  name: string;
  role: "anonymous" | "staff" | "lead" | "supplier" | "api";
  method: "GET" | "POST";
  path: string;
  /** For writes: a different body per request. */
  body?: () => { path: string; body: string };
};

type Measured = {
  page: string;
  concurrency: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  requests: number;
  bytes: number;
  /** Server CPU time (user + system, primary and workers) per answered request. */
  cpuMsPerRequest: number;
  /** PostgreSQL's CPU time (its processes) per request; absent on SQLite. */
  dbCpuMsPerRequest?: number;
  /** Database round trips (statements, or PostgreSQL queries) per request. */
  roundTrips: number;
  ceilingRps?: number;
  ceilingCpuMsPerRequest?: number;
  ratio?: number;
};

// ------------------------------------------------------------------ dataset

async function dataset(): Promise<GeneratedDataset> {
  const file = path.resolve(`data/bench/portal-${size}.db`);
  const meta = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(meta)) {
    console.log(`› Reusing ${file}`);
    return JSON.parse(fs.readFileSync(meta, "utf8"));
  }
  console.log(`› Generating dataset ${size}…`);
  const generated = size === "demo" ? await generateDemoDataset(file) : await generateDataset(size, file);
  fs.writeFileSync(meta, JSON.stringify(generated, null, 2));
  console.log(`  generated in ${generated.seconds.toFixed(1)} s: ${JSON.stringify(generated.counts)}`);
  return generated;
}

// ------------------------------------------------------------------- server

const roundTripsDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-trips-"));

function startServer(file: string, databaseUrl: string | undefined): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = spawn(process.execPath, ["--import", "./scripts/bench/round-trips.mjs", "build/server.mjs"], {
    env: {
      ...env,
      BENCH_ROUND_TRIPS_DIR: roundTripsDir,
      DATABASE_PATH: file,
      PORT: String(PORT),
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SESSION_SECRET: "bench-secret-0123456789abcdef",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      try {
        const res = await fetch(`${base}/healthz`);
        if (res.ok) return resolve(child);
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) return reject(new Error("server did not start"));
      setTimeout(poll, 200);
    };
    void poll();
  });
}

/** Peak resident memory (VmHWM) of the server: the primary plus every cluster worker, and each on its own. */
function peakRssMb(pid: number): { totalMb: number; primaryMb: number; workersMb: number[] } {
  return serverMemoryMb(pid, "VmHWM");
}

async function login(email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  const cookie = res.headers.getSetCookie()[0]?.split(";")[0];
  if (res.status !== 302 || !cookie) throw new Error(`login as ${email} failed: ${res.status}`);
  return cookie;
}

// --------------------------------------------------------------- measuring

/** The database round trips the server's processes have made so far. */
const serverRoundTrips = (serverPid: number) => readRoundTrips(roundTripsDir, [serverPid, ...clusterWorkerPids(serverPid)]);
/**
 * Whichever of duration or amount this run measures by. autocannon notices
 * that the amount is reached only at its next sample tick (every second by
 * default): sample often.
 */
const extent = (concurrency: 1 | 32, scale = 1) => (AMOUNT ? { amount: AMOUNT * scale, sampleInt: 10 } : { duration: DURATION[concurrency] });

async function measure(url: string, spec: PageSpec, headers: Record<string, string>, concurrency: 1 | 32, serverPid: number): Promise<Omit<Measured, "page">> {
  const tripsBefore = await serverRoundTrips(serverPid);
  const dbCpuBefore = postgres?.serverPid ? postgresCpuMs(postgres.serverPid) : 0;
  const cpuBefore = cpuMs(serverPid);
  const started = performance.now();
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000, numberOfSignificantValueDigits: 3 });
  const latencies = Object.assign(histogram, { destroy: () => {} });
  const result = await autocannon({
    url,
    method: spec.method,
    headers,
    connections: concurrency,
    ...extent(concurrency),
    // Every answer counts in the latency figures; errors are counted separately below.
    histograms: { latencies },
    requests: spec.body
      ? [
          {
            setupRequest: (req: Record<string, unknown>) => {
              const next = spec.body!();
              return { ...req, path: next.path, body: next.body };
            },
          },
        ]
      : undefined,
  } as autocannon.Options & { histograms: unknown });
  // With an amount, the time it took; with a duration, the duration (as before: comparable with earlier runs).
  const seconds = AMOUNT ? (performance.now() - started) / 1000 : DURATION[concurrency];
  const cpuSpent = cpuMs(serverPid) - cpuBefore;
  const dbCpuSpent = postgres?.serverPid ? postgresCpuMs(postgres.serverPid) - dbCpuBefore : undefined;
  const trips = (await serverRoundTrips(serverPid)) - tripsBefore;
  const ok = result.requests.total - result.non2xx;
  const statuses = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const failures = Object.entries(statuses).filter(([code]) => !code.startsWith("2") && !code.startsWith("3"));
  if (failures.length) console.log(`    answers other than 2xx/3xx: ${failures.map(([code, { count }]) => `${code} ×${count}`).join(", ")}`);
  return {
    concurrency,
    p50: latencies.getValueAtPercentile(50),
    p95: latencies.getValueAtPercentile(95),
    p99: latencies.getValueAtPercentile(99),
    rps: Math.round((ok / seconds) * 10) / 10,
    errors: result.non2xx + result.errors + result.timeouts,
    requests: result.requests.total,
    bytes: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
    cpuMsPerRequest: Math.round((cpuSpent / Math.max(1, result.requests.total)) * 100) / 100,
    ...(dbCpuSpent !== undefined ? { dbCpuMsPerRequest: Math.round((dbCpuSpent / Math.max(1, result.requests.total)) * 100) / 100 } : {}),
    roundTrips: Math.round((trips / Math.max(1, result.requests.total)) * 10) / 10,
  };
}

/**
 * The ceiling: the most any page can do here, a static body of the same size
 * from a bare node:http server in its own process(es), with as many workers
 * as the portal runs (so the ratio compares like with like).
 */
async function ceiling(bytes: number, concurrency: 1 | 32): Promise<{ rps: number; cpuMsPerRequest: number }> {
  const child = spawn(process.execPath, ["scripts/bench/ceiling-server.mjs", String(CEILING_PORT), String(bytes), String(SERVER_WORKERS)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("listening") && resolve());
    child.on("exit", (code) => reject(new Error(`ceiling server exited with ${code}`)));
  });
  const cpuBefore = cpuMs(child.pid!);
  const started = performance.now();
  const result = await autocannon({ url: `http://127.0.0.1:${CEILING_PORT}/`, connections: concurrency, ...extent(concurrency, 5) });
  const seconds = AMOUNT ? (performance.now() - started) / 1000 : DURATION[concurrency];
  const cpuSpent = cpuMs(child.pid!) - cpuBefore;
  child.removeAllListeners("exit");
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
  return {
    rps: Math.round((result.requests.total / seconds) * 10) / 10,
    cpuMsPerRequest: Math.round((cpuSpent / Math.max(1, result.requests.total)) * 1000) / 1000,
  };
}

// ------------------------------------------------------------------ bundles

function bundleSizes(): Array<{ route: string; jsKb: number; cssKb: number }> {
  const buildDir = path.resolve("public/build");
  const manifestFile = fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f))!;
  const text = fs.readFileSync(path.join(buildDir, manifestFile), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
    entry: { module: string; imports?: string[] };
    routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[]; hasLoader: boolean }>;
  };
  const gz = (url: string) => zlib.gzipSync(fs.readFileSync(path.join("public", url))).length;
  const cssOfBuild = fs
    .readdirSync(path.join(buildDir, "_assets"))
    .filter((f) => f.endsWith(".css"))
    .map((f) => ({ f, kb: zlib.gzipSync(fs.readFileSync(path.join(buildDir, "_assets", f))).length }));
  const globalCss = cssOfBuild.filter(({ f }) => /^(styles|app)-/.test(f)).reduce((s, x) => s + x.kb, 0);
  const out: Array<{ route: string; jsKb: number; cssKb: number }> = [];
  for (const route of Object.values(manifest.routes)) {
    if (route.id === "root") continue;
    const files = new Set<string>([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
    for (let r: (typeof manifest.routes)[string] | undefined = route; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) {
      files.add(r.module);
      for (const i of r.imports ?? []) files.add(i);
    }
    const js = [...files].reduce((s, f) => s + gz(f), 0);
    out.push({ route: route.id, jsKb: Math.round(js / 102.4) / 10, cssKb: Math.round(globalCss / 102.4) / 10 });
  }
  return out.sort((a, b) => b.jsKb - a.jsKb);
}

// --------------------------------------------------------------------- main

const generated = await dataset();
// Every run writes (assessment submits, API token): work on a fresh copy so runs stay comparable.
const runFile = migratedCopy(generated.file, generated.file.replace(/\.db$/, ".run.db"));
const data = { ...generated, file: runFile };
let postgres: BenchPostgres | null = null;
if (onPostgres) {
  console.log("› Copying the dataset into PostgreSQL…");
  postgres = await benchPostgres(runFile, { log: (line) => console.log(`  ${line}`) });
  if (!postgres.serverPid) console.log("  PostgreSQL runs elsewhere (or its data directory is not readable): its CPU is not measured");
}
/** The database this run's server uses, for the bench's own reads and writes. */
const target = postgres?.url ?? data.file;
console.log("› Building the production bundle…");
execSync("npx --no-install remix build && node scripts/build-server.mjs", { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
const token = await apiToken(target, data.accounts.staff, "bench");
const server = await startServer(data.file, postgres?.url);
const stopPssSampling = samplePeakPss(server.pid!);
// An error anywhere below must not leave the server running (and this process waiting on it).
for (const signal of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(signal, (error) => {
    console.error(error);
    server.kill("SIGKILL");
    postgres?.stop();
    process.exit(1);
  });
}
process.on("exit", () => {
  server.kill("SIGKILL");
  postgres?.stop();
  fs.rmSync(roundTripsDir, { recursive: true, force: true });
});
const password = data.password ?? BENCH_PASSWORD;
const cookies = {
  staff: await login(data.accounts.staff, password),
  lead: await login(data.accounts.lead, password),
  supplier: await login(data.accounts.supplier, password),
};

// Assessment submits: a fresh (relationship, quarter) each time, so each one is a real first submission.
const submitSlots = await freeAssessmentQuarters(target, data.accounts.staff);
if (submitSlots.length === 0) throw new Error("No free quarters to submit assessments for");
let slot = 0;
const benchDb = await openBenchDatabase(target);
const [{ id: assessmentsBefore }] = await benchDb.all<{ id: number }>("select coalesce(max(id), 0) as id from assessments");
/** Deletes the assessments earlier phases submitted (benchmark artefacts) and starts the slots over. */
async function resetSubmitSlots(): Promise<void> {
  await benchDb.run("delete from assessments where id > ?", [assessmentsBefore]);
  slot = 0;
}
const FACTOR_FIELDS = ["individuality", "trust", "compensation", "new_business", "knowledge", "selling"];

const compareIds = data.sample.compareIds.map((id) => `r=${id}`).join("&");
const pages: PageSpec[] = [
  { name: "login (anonymous)", role: "anonymous", method: "GET", path: "/login" },
  { name: "home", role: "staff", method: "GET", path: "/" },
  { name: "chains list", role: "staff", method: "GET", path: "/chains" },
  { name: "chain view", role: "staff", method: "GET", path: `/chains/${data.sample.chainId}` },
  { name: "relationship page", role: "staff", method: "GET", path: `/relationships/${data.sample.relationshipId}` },
  { name: "supplier's shared metrics", role: "supplier", method: "GET", path: "/metrics" },
  { name: "compare 12 partners", role: "lead", method: "GET", path: `/compare?${compareIds}` },
  { name: "portfolio", role: "lead", method: "GET", path: `/chains/${data.sample.chainId}/portfolio` },
  { name: "healthz", role: "anonymous", method: "GET", path: "/healthz" },
  { name: "API read (measurements)", role: "api", method: "GET", path: `/api/v1/measurements?relationshipId=${data.sample.relationshipId}` },
  {
    name: "assessment submit",
    role: "staff",
    method: "POST",
    path: `/relationships/${data.sample.relationshipId}/assess.data`,
    body: () => {
      // Wrapping round would resubmit a quarter (a defined refusal, counted as an error): say so.
      if (slot === submitSlots.length) console.log(`    all ${submitSlots.length} free quarters used: later submits repeat one`);
      const s = submitSlots[slot++ % submitSlots.length];
      const form = new URLSearchParams({ period: s.period, revision: "0", intent: "submit" });
      for (const f of FACTOR_FIELDS) {
        form.set(`score_${f}`, String(1 + ((slot + f.length) % 5)));
        form.set(`evidence_${f}`, "Load test evidence");
      }
      return { path: `/relationships/${s.relationshipId}/assess.data`, body: form.toString() };
    },
  },
];

const results: Measured[] = [];
for (const page of pages) {
  const headers: Record<string, string> =
    page.role === "api" ? { Authorization: `Bearer ${token}` } : page.role === "anonymous" ? {} : { Cookie: cookies[page.role], Origin: base };
  if (page.method === "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
  let probe = await fetch(`${base}${page.path}`, { headers, method: "GET", redirect: "manual" });
  // A page that writes its defaults into the URL (compare's quarter) redirects once: measure where it lands.
  const location = probe.headers.get("location");
  if (page.method === "GET" && probe.status === 302 && location?.startsWith("/")) {
    page.path = location;
    probe = await fetch(`${base}${page.path}`, { headers, method: "GET", redirect: "manual" });
  }
  if (page.method === "GET" && probe.status !== 200) throw new Error(`${page.name}: GET ${page.path} answered ${probe.status}`);
  for (const concurrency of [1, 32] as const) {
    // Each submit takes a quarter that has no assessment yet: give every phase the whole supply again.
    if (page.body) await resetSubmitSlots();
    const m = await measure(`${base}${page.path}`, page, headers, concurrency, server.pid!);
    const ceil = await ceiling(Math.max(m.bytes, 1), concurrency);
    results.push({
      page: page.name,
      ...m,
      ceilingRps: ceil.rps,
      ceilingCpuMsPerRequest: ceil.cpuMsPerRequest,
      ratio: Math.round((m.rps / ceil.rps) * 1000) / 10,
    });
    console.log(
      `  ${page.name.padEnd(28)} c=${String(concurrency).padEnd(2)} CPU ${m.cpuMsPerRequest} ms/req${m.dbCpuMsPerRequest !== undefined ? ` (PostgreSQL ${m.dbCpuMsPerRequest})` : ""}  ${m.roundTrips} round trips  p50 ${m.p50} ms  p95 ${m.p95} ms  p99 ${m.p99} ms  ${m.rps} rps  ${m.errors} errors  (${(m.bytes / 1024).toFixed(1)} KB; ceiling ${ceil.rps} rps at ${ceil.cpuMsPerRequest} ms CPU/req, ${((m.rps / ceil.rps) * 100).toFixed(1)}%)`,
    );
  }
}
const peak = peakRssMb(server.pid!);
const peakPss = stopPssSampling();
server.kill("SIGTERM");
await benchDb.close();
const bundles = bundleSizes();

const report = {
  size,
  engine: onPostgres ? "postgres" : "sqlite",
  requestsPerPhase: AMOUNT ?? null,
  date: new Date().toISOString(),
  node: process.version,
  workers: SERVER_WORKERS,
  peakPssMb: peakPss,
  counts: data.counts,
  generationSeconds: data.seconds,
  peakRssMb: peak.totalMb,
  peakRss: peak,
  results,
  bundles,
};
fs.writeFileSync(`data/bench/results-${size}${onPostgres ? "-postgres" : ""}.json`, JSON.stringify(report, null, 2));

console.log(`\n${engineName}, dataset ${size}. Server workers: ${SERVER_WORKERS} (the ceiling runs as many)`);
console.log(`Server peak PSS (shared pages counted once): ${peakPss} MB`);
console.log(
  `\n| page | c | server CPU ms/req | database CPU ms/req | round trips/req | p50 ms | p95 ms | p99 ms | req/s | errors | body KB | ceiling req/s | ceiling CPU ms/req | % of ceiling |`,
);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
for (const r of results)
  console.log(
    `| ${r.page} | ${r.concurrency} | ${r.cpuMsPerRequest} | ${r.dbCpuMsPerRequest ?? "–"} | ${r.roundTrips} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.rps} | ${r.errors} | ${(r.bytes / 1024).toFixed(1)} | ${r.ceilingRps} | ${r.ceilingCpuMsPerRequest} | ${r.ratio}% |`,
  );
console.log(
  `\nServer peak RSS: ${peak.totalMb} MB (primary ${peak.primaryMb} MB${peak.workersMb.length ? `, ${peak.workersMb.length} workers: ${peak.workersMb.join(" + ")} MB` : ""})`,
);
console.log(`\n| route | JS gzip KB | CSS gzip KB |\n|---|---|---|`);
for (const b of bundles) console.log(`| ${b.route} | ${b.jsKb} | ${b.cssKb} |`);
process.exit(0);
