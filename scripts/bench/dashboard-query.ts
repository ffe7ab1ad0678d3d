/**
 * Times the supplier's shared-metrics dashboard query (metricsDashboard, as
 * the /metrics page calls it: shared scope, 12 months, page 1) on a
 * benchmark dataset, for the account the load run signs in as the supplier
 * (scripts/bench/run.ts reads it from the dataset's .json description).
 *
 *   npx tsx scripts/bench/dashboard-query.ts [--db data/bench/portal-L.db] [--iterations 200] [--no-admin]
 *
 * Works on a migrated copy (<db>.dashboard-query.db), never on the file
 * itself. Also times the export's read (every series) and one page of the
 * administrator's dashboard, less often, for comparison.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const source = path.resolve(option("db", "data/bench/portal-L.db"));
const iterations = Number(option("iterations", "200"));
const description = JSON.parse(fs.readFileSync(`${source}.json`, "utf8")) as { accounts: { supplier: string; admin: string } };

const copy = source.replace(/\.db$/, "") + ".dashboard-query.db";
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(copy + suffix, { force: true });
fs.copyFileSync(source, copy);
// App modules open DATABASE_PATH on first use: point it at the copy first.
process.env.DATABASE_PATH = copy;
process.env.NODE_ENV ??= "production";

const { migrateDatabase, openDatabase } = await import("../../db/connection");
const migrating = openDatabase(copy);
const migrateStarted = performance.now();
migrateDatabase(migrating);
const migrateMs = performance.now() - migrateStarted;
migrating.$client.close();

const { BENCH_AS_OF } = await import("./generate");
const { metricsDashboard } = await import("../../app/models/measurement-dashboard.server");
const { getActingUser } = await import("../../app/models/user.server");
const { db } = await import("../../app/db.server");

async function userNamed(email: string) {
  const row = db().$client.prepare("select id from users where email = ?").get(email) as { id: number } | undefined;
  if (!row) throw new Error(`No user ${email} in ${source}`);
  return (await getActingUser(row.id))!;
}

async function time(label: string, runs: number, run: () => Promise<{ series: Array<{ points: unknown[] }>; total: number }>) {
  const first = await run();
  for (let i = 0; i < Math.min(10, runs); i++) await run(); // warm
  const times: number[] = [];
  // CPU time too: on a shared machine it varies far less than the wall clock.
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const at = (p: number, of = times) => of[Math.min(of.length - 1, Math.floor(p * of.length))];
  const points = first.series.reduce((n, s) => n + s.points.length, 0);
  console.log(
    `${label}: ${first.series.length} of ${first.total} series, ${points} points; median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms (CPU median ${at(0.5, cpu).toFixed(2)} ms, p95 ${at(0.95, cpu).toFixed(2)} ms) over ${runs} runs`,
  );
}

console.log(`${path.basename(source)} (migrated copy, migration ${migrateMs.toFixed(0)} ms)`);
const supplier = await userNamed(description.accounts.supplier);
await time(`supplier ${description.accounts.supplier}, /metrics page 1`, iterations, () =>
  metricsDashboard(supplier, { scope: "shared", months: 12, page: 1 }, BENCH_AS_OF),
);
await time(`supplier, export (every series)`, iterations, () => metricsDashboard(supplier, { scope: "shared", months: 12 }, BENCH_AS_OF));
const admin = await userNamed(description.accounts.admin);
if (!args.includes("--no-admin"))
  await time(`administrator, /metrics page 1`, Math.max(3, Math.round(iterations / 40)), () =>
    metricsDashboard(admin, { scope: "shared", months: 12, page: 1 }, BENCH_AS_OF),
  );

db().$client.close();
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(copy + suffix, { force: true });
