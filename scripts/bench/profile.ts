/**
 * npm run bench:profile -- [--size demo|S|M|L] <page path> [role]
 *
 * Where a page's time goes: serves the production build on a copy of the
 * benchmark dataset under the V8 CPU profiler, requests the page for a few
 * seconds at concurrency 1, and prints the hottest functions (self time) and
 * the share of time spent in each package. The .cpuprofile is kept in
 * data/bench/profiles/ for Chrome DevTools.
 */
import { execSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { loginForm, migratedCopy, samplePagePath } from "./fixtures";
import type { GeneratedDataset } from "./generate";

const args = process.argv.slice(2);
const sizeAt = args.indexOf("--size");
const sizeArg = sizeAt >= 0 ? args.splice(sizeAt, 2)[1] : "M";
const size = sizeArg.toLowerCase() === "demo" ? "demo" : sizeArg.toUpperCase();
const [pagePath = "/", role = "staff"] = args.filter((a) => !a.startsWith("--"));
const LOAD_SECONDS = 6;
const PORT = Number(process.env.PROFILE_PORT ?? 3902);
const base = `http://127.0.0.1:${PORT}`;

const meta = JSON.parse(fs.readFileSync(`data/bench/portal-${size}.db.json`, "utf8")) as GeneratedDataset;
const file = migratedCopy(meta.file, meta.file.replace(/\.db$/, ".profile.db"));
const outDir = path.resolve("data/bench/profiles");
fs.mkdirSync(outDir, { recursive: true });
for (const f of fs.readdirSync(outDir)) if (f.endsWith(".cpuprofile")) fs.rmSync(path.join(outDir, f));

execSync("node scripts/build-server.mjs");
// --no-profile: only the CPU time per request, without the profiler's own overhead.
const profiling = !process.argv.includes("--no-profile");
const server = spawn(process.execPath, [...(profiling ? ["--cpu-prof", `--cpu-prof-dir=${outDir}`] : []), "build/server.mjs"], {
  // One process, so the profile holds every request.
  env: { ...process.env, DATABASE_PATH: file, PORT: String(PORT), NODE_ENV: "production", LOG_LEVEL: "warn", WEB_CONCURRENCY: "1" },
  stdio: ["ignore", "inherit", "inherit"],
});
process.on("exit", () => server.kill("SIGKILL"));
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    /* starting */
  }
  if (i > 300) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 200));
}
const login = await fetch(`${base}/login`, {
  method: "POST",
  body: loginForm(meta, role),
  headers: { Origin: base },
  redirect: "manual",
});
const cookie = login.headers.getSetCookie()[0]?.split(";")[0] ?? "";
const url = `${base}${samplePagePath(pagePath, meta.sample)}`;
const probe = await fetch(url, { headers: { Cookie: cookie } });
console.log(`${url} -> ${probe.status}, ${(await probe.text()).length} bytes`);
// CPU time of the server per request: unlike latency, it does not change when other work shares the cores.
const cpuMs = () => {
  const fields = fs.readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
};
const cpuBefore = cpuMs();
const result = await autocannon({ url, headers: { Cookie: cookie }, connections: 1, duration: LOAD_SECONDS });
const cpuPerRequest = (cpuMs() - cpuBefore) / Math.max(1, result.requests.total);
console.log(`p50 ${result.latency.p50} ms, ${result.requests.total} requests, server CPU ${cpuPerRequest.toFixed(1)} ms per request`);
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));

if (!profiling) process.exit(0);

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] };
const profileFile = fs.readdirSync(outDir).find((f) => f.endsWith(".cpuprofile"))!;
const profile = JSON.parse(fs.readFileSync(path.join(outDir, profileFile), "utf8")) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};
// Only the load window counts (the server stops right after it): startup would otherwise dominate.
{
  const windowStart = profile.endTime - (LOAD_SECONDS + 0.5) * 1e6;
  const hits = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    if (t >= windowStart) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  for (const node of profile.nodes) node.hitCount = hits.get(node.id) ?? 0;
}
const total = profile.nodes.reduce((s, n) => s + n.hitCount, 0);
const self = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const { functionName, url: u, lineNumber } = node.callFrame;
  const short = u.replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
  const key = `${functionName || "(anonymous)"} ${short}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + node.hitCount);
  const pkg =
    /node_modules\/((@[^/]+\/)?[^/]+)/.exec(short)?.[1] ?? (short.startsWith("build/") ? "build (app code)" : short ? short.split("/")[0] : functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + node.hitCount);
}
const pct = (n: number) => `${((n / total) * 100).toFixed(1)}%`;
console.log("\nSelf time by package:");
for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(v).padStart(6)}  ${k}`);
console.log("\nHottest functions (self):");
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(v).padStart(6)}  ${k}`);

// Inclusive time of the app's own functions (build/index.js) and the renderer: where a request's time goes.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const inclusive = new Map<number, number>();
const totalOf = (id: number): number => {
  const cached = inclusive.get(id);
  if (cached !== undefined) return cached;
  const node = byId.get(id)!;
  const sum = node.hitCount + (node.children ?? []).reduce((s, c) => s + totalOf(c), 0);
  inclusive.set(id, sum);
  return sum;
};
const inclusiveByFunction = new Map<string, number>();
const walk = (id: number, onStack: Set<string>) => {
  const node = byId.get(id)!;
  const { functionName, url: u, lineNumber } = node.callFrame;
  const key = `${functionName || "(anonymous)"} ${u.replace(/^file:\/\//, "").replace(process.cwd() + "/", "")}:${lineNumber + 1}`;
  const interesting =
    u.includes("/build/index.js") || /renderToPipeableStream|handleDocumentRequest|handleDataRequest|callRouteLoader|loadRouteData/.test(functionName);
  const counted = interesting && !onStack.has(key);
  if (counted) inclusiveByFunction.set(key, (inclusiveByFunction.get(key) ?? 0) + totalOf(id));
  const next = counted ? new Set(onStack).add(key) : onStack;
  for (const c of node.children ?? []) walk(c, next);
};
walk(profile.nodes[0].id, new Set());
console.log("\nInclusive time, app functions and the renderer:");
for (const [k, v] of [...inclusiveByFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(v).padStart(6)}  ${k}`);
