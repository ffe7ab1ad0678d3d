/**
 * npx tsx scripts/bench/in-process.ts [--size demo|S|M|L] <path> [role] [n]
 * role: staff (default), lead, supplier, customer, admin, anonymous or api.
 * Calls the production build's request handler in this process, without
 * HTTP, and reports CPU per request (process.cpuUsage): the page's own cost,
 * apart from Express, sockets and compression.
 * With --postgres (a throwaway PostgreSQL server, started and stopped here)
 * or BENCH_DATABASE_URL (an empty PostgreSQL database, or one this bench
 * filled before), the same data runs on PostgreSQL: the app's CPU is then
 * this process's, and PostgreSQL's own work (its processes' CPU, from /proc)
 * is reported beside it when the server runs on this machine.
 * Also reports the database round trips per request (scripts/bench/round-trips.mjs);
 * BENCH_LOG_QUERIES=1 first prints one request's statements (=full: whole texts).
 */
import fs from "node:fs";
import url from "node:url";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { apiToken, loginForm, migratedCopy, samplePagePath } from "./fixtures";
import type { GeneratedDataset } from "./generate";
import { benchPostgres, type BenchPostgres } from "./postgres";
import { postgresCpuMs } from "../lib/proc";
import { installRoundTripCounter } from "./round-trips.mjs";
import { requestScope } from "../../app/http/request-scope.server";

const args = process.argv.slice(2);
const sizeAt = args.indexOf("--size");
const sizeArg = sizeAt >= 0 ? args.splice(sizeAt, 2)[1] : "demo";
const size = sizeArg.toLowerCase() === "demo" ? "demo" : sizeArg.toUpperCase();
const postgresAt = args.indexOf("--postgres");
const throwawayPostgres = postgresAt >= 0 && args.splice(postgresAt, 1).length > 0;
const [pagePath = "/", role = "staff", count = "200"] = args;
const meta = JSON.parse(fs.readFileSync(`data/bench/portal-${size}.db.json`, "utf8")) as GeneratedDataset;
process.env.DATABASE_PATH = migratedCopy(meta.file, meta.file.replace(/\.db$/, ".inproc.db"));
let postgres: BenchPostgres | null = null;
if (throwawayPostgres || process.env.BENCH_DATABASE_URL) {
  postgres = await benchPostgres(process.env.DATABASE_PATH, { reuse: true });
  process.on("exit", () => postgres?.stop());
  process.env.DATABASE_URL = postgres.url;
} else delete process.env.DATABASE_URL;
const roundTrips = installRoundTripCounter();
process.env.NODE_ENV = "production";
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? "warn";
const build = (await import(url.pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const handler = createRequestHandler(build, "production");
// As the server does: one scope per request, shared by its loaders.
const handle = (request: Request, context: never) => requestScope.run(new Map(), () => handler(request, context));
const base = "http://127.0.0.1:3999";
const context = { cspNonce: "bench", requestId: "bench", clientIp: "127.0.0.1" } as never;

// "api": the staff account's organisation through a bearer token, as `npm run bench` reads the API.
const headers: Record<string, string> = {};
if (role === "api")
  headers.Authorization = `Bearer ${await apiToken(process.env.DATABASE_URL ?? process.env.DATABASE_PATH, meta.accounts.staff, "in-process bench")}`;
else if (role !== "anonymous") {
  const login = await handle(
    new Request(`${base}/login`, {
      method: "POST",
      body: loginForm(meta, role),
      headers: { Origin: base, Host: "127.0.0.1:3999", "Content-Type": "application/x-www-form-urlencoded" },
    }),
    context,
  );
  if (login.status !== 302) throw new Error(`login answered ${login.status}`);
  headers.Cookie = login.headers.getSetCookie()[0]?.split(";")[0] ?? "";
}
let target = `${base}${samplePagePath(pagePath, meta.sample)}`;
async function once(): Promise<number> {
  const response = await handle(new Request(target, { headers }), context);
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${target} answered ${response.status}`);
  return body.length;
}
// A page that writes its defaults into the URL (compare's quarter) redirects once: measure where it lands.
const probe = await handle(new Request(target, { headers }), context);
const landing = probe.headers.get("location");
if (probe.status === 302 && landing?.startsWith("/")) target = `${base}${landing}`;
const bytes = await once();
for (let i = 0; i < 20; i++) await once();
if (process.env.BENCH_LOG_QUERIES) {
  // One request's statements, in order (BENCH_LOG_QUERIES=1): what its round trips are.
  roundTrips.texts = [];
  await once();
  for (const [i, text] of roundTrips.texts.entries())
    console.log(`${String(i + 1).padStart(3)}. ${text.replace(/\s+/g, " ").slice(0, process.env.BENCH_LOG_QUERIES === "full" ? undefined : 300)}`);
  roundTrips.texts = null;
}
const n = Number(count);
const dbCpuBefore = postgres?.serverPid ? postgresCpuMs(postgres.serverPid) : 0;
const tripsBefore = roundTrips.count;
const before = process.cpuUsage();
const started = process.hrtime.bigint();
for (let i = 0; i < n; i++) await once();
const cpu = process.cpuUsage(before);
const wall = Number(process.hrtime.bigint() - started) / 1e6 / n;
const trips = (roundTrips.count - tripsBefore) / n;
const dbCpu = postgres?.serverPid ? `, PostgreSQL ${((postgresCpuMs(postgres.serverPid) - dbCpuBefore) / n).toFixed(2)} ms CPU` : "";
console.log(
  `${pagePath} as ${role} on ${postgres ? "PostgreSQL" : "SQLite"}: ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms CPU per request${dbCpu}, ${wall.toFixed(2)} ms wall, ${trips.toFixed(1)} round trips, ${(bytes / 1024).toFixed(1)} KB`,
);
process.exit(0);
