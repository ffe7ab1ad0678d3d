/**
 * npm run bench [-- --size demo|S|M|L] [--quick]
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
 * Results: data/bench/results-<size>.json and a Markdown table on stdout.
 */
import { spawn, execSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
// hdr-histogram-js comes with autocannon; it gives exact p95 (autocannon itself reports p90 and p97.5).
import * as hdr from "hdr-histogram-js";
import Database from "better-sqlite3";
import { apiToken, freeAssessmentQuarters, migratedCopy } from "./fixtures";
import { BENCH_PASSWORD, DATASETS, generateDataset, type DatasetSize, type GeneratedDataset, type GeneratedSize } from "./generate";
import { generateDemoDataset } from "./demo-dataset";
import { webConcurrency } from "../../app/http/web-concurrency";
import { cpuMs, samplePeakPss, serverMemoryMb } from "../lib/proc";

const args = process.argv.slice(2);
const sizeArg = (args.includes("--size") ? args[args.indexOf("--size") + 1] : "M") ?? "M";
const size: DatasetSize = sizeArg.toLowerCase() === "demo" ? "demo" : (sizeArg.toUpperCase() as GeneratedSize);
if (size !== "demo" && !(size in DATASETS)) throw new Error(`Unknown size ${sizeArg}: demo, S, M or L`);
const quick = args.includes("--quick");
const DURATION = { 1: quick ? 2 : 5, 32: quick ? 3 : 10 } as const;
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

function startServer(file: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["build/server.mjs"], {
    env: {
      ...process.env,
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

async function measure(url: string, spec: PageSpec, headers: Record<string, string>, concurrency: 1 | 32, serverPid: number): Promise<Omit<Measured, "page">> {
  const cpuBefore = cpuMs(serverPid);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000, numberOfSignificantValueDigits: 3 });
  const latencies = Object.assign(histogram, { destroy: () => {} });
  const result = await autocannon({
    url,
    method: spec.method,
    headers,
    connections: concurrency,
    duration: DURATION[concurrency],
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
  const cpuSpent = cpuMs(serverPid) - cpuBefore;
  const ok = result.requests.total - result.non2xx;
  const statuses = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const failures = Object.entries(statuses).filter(([code]) => !code.startsWith("2") && !code.startsWith("3"));
  if (failures.length) console.log(`    answers other than 2xx/3xx: ${failures.map(([code, { count }]) => `${code} ×${count}`).join(", ")}`);
  return {
    concurrency,
    p50: latencies.getValueAtPercentile(50),
    p95: latencies.getValueAtPercentile(95),
    p99: latencies.getValueAtPercentile(99),
    rps: Math.round((ok / DURATION[concurrency]) * 10) / 10,
    errors: result.non2xx + result.errors + result.timeouts,
    requests: result.requests.total,
    bytes: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
    cpuMsPerRequest: Math.round((cpuSpent / Math.max(1, result.requests.total)) * 100) / 100,
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
  const result = await autocannon({ url: `http://127.0.0.1:${CEILING_PORT}/`, connections: concurrency, duration: DURATION[concurrency] });
  const cpuSpent = cpuMs(child.pid!) - cpuBefore;
  child.removeAllListeners("exit");
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
  return {
    rps: Math.round((result.requests.total / DURATION[concurrency]) * 10) / 10,
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
console.log("› Building the production bundle…");
execSync("npx --no-install remix build && node scripts/build-server.mjs", { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
const token = apiToken(data.file, data.accounts.staff, "bench");
const server = await startServer(data.file);
const stopPssSampling = samplePeakPss(server.pid!);
// An error anywhere below must not leave the server running (and this process waiting on it).
for (const signal of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(signal, (error) => {
    console.error(error);
    server.kill("SIGKILL");
    process.exit(1);
  });
}
process.on("exit", () => server.kill("SIGKILL"));
const password = data.password ?? BENCH_PASSWORD;
const cookies = {
  staff: await login(data.accounts.staff, password),
  lead: await login(data.accounts.lead, password),
  supplier: await login(data.accounts.supplier, password),
};

// Assessment submits: a fresh (relationship, quarter) each time, so each one is a real first submission.
const submitSlots = freeAssessmentQuarters(data.file, data.accounts.staff);
if (submitSlots.length === 0) throw new Error("No free quarters to submit assessments for");
let slot = 0;
const assessmentsBefore = (() => {
  const db = new Database(data.file, { readonly: true });
  const row = db.prepare("select coalesce(max(id), 0) as id from assessments").get() as { id: number };
  db.close();
  return row.id;
})();
/** Deletes the assessments earlier phases submitted (benchmark artefacts) and starts the slots over. */
function resetSubmitSlots(): void {
  const db = new Database(data.file);
  db.pragma("busy_timeout = 5000");
  db.prepare("delete from assessments where id > ?").run(assessmentsBefore);
  db.close();
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
    if (page.body) resetSubmitSlots();
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
      `  ${page.name.padEnd(28)} c=${String(concurrency).padEnd(2)} CPU ${m.cpuMsPerRequest} ms/req  p50 ${m.p50} ms  p95 ${m.p95} ms  p99 ${m.p99} ms  ${m.rps} rps  ${m.errors} errors  (${(m.bytes / 1024).toFixed(1)} KB; ceiling ${ceil.rps} rps at ${ceil.cpuMsPerRequest} ms CPU/req, ${((m.rps / ceil.rps) * 100).toFixed(1)}%)`,
    );
  }
}
const peak = peakRssMb(server.pid!);
const peakPss = stopPssSampling();
server.kill("SIGTERM");
const bundles = bundleSizes();

const report = {
  size,
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
fs.writeFileSync(`data/bench/results-${size}.json`, JSON.stringify(report, null, 2));

console.log(`\nServer workers: ${SERVER_WORKERS} (the ceiling runs as many)`);
console.log(`Server peak PSS (shared pages counted once): ${peakPss} MB`);
console.log(`\n| page | c | server CPU ms/req | p50 ms | p95 ms | p99 ms | req/s | errors | body KB | ceiling req/s | ceiling CPU ms/req | % of ceiling |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|`);
for (const r of results)
  console.log(
    `| ${r.page} | ${r.concurrency} | ${r.cpuMsPerRequest} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.rps} | ${r.errors} | ${(r.bytes / 1024).toFixed(1)} | ${r.ceilingRps} | ${r.ceilingCpuMsPerRequest} | ${r.ratio}% |`,
  );
console.log(
  `\nServer peak RSS: ${peak.totalMb} MB (primary ${peak.primaryMb} MB${peak.workersMb.length ? `, ${peak.workersMb.length} workers: ${peak.workersMb.join(" + ")} MB` : ""})`,
);
console.log(`\n| route | JS gzip KB | CSS gzip KB |\n|---|---|---|`);
for (const b of bundles) console.log(`| ${b.route} | ${b.jsKb} | ${b.cssKb} |`);
process.exit(0);
