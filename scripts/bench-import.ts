/**
 * Benchmark of the measurement import and the shared-metrics dashboard
 * (the import speed target):
 *
 * 1. builds a separate database already holding 1,000,000 measurements
 *    (prepared statements, one transaction, synchronous=OFF for the build);
 * 2. imports 100,000 new rows as a CSV file through the real import path
 *    (previewImport, then commitImport: validation again, then one
 *    all-or-nothing transaction) and reports rows per second;
 * 3. inserts the same 100,000 rows with a raw better-sqlite3 prepared
 *    INSERT in one transaction into a copy of the database: the ceiling;
 * 4. times the dashboard model function (metricsDashboard) for one
 *    supplier user, warm, median and p95.
 *
 *   npx tsx scripts/bench-import.ts [--db=data/bench/import.db] [--iterations=200]
 *
 * Never touches the portal's own database.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { mulberry32 } from "../db/seed/random";

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "true"] as const;
  }),
);
const DB_PATH = path.resolve(args.get("db") ?? "data/bench/import.db");
const CEILING_PATH = DB_PATH.replace(/\.db$/, "") + "-ceiling.db";
const ITERATIONS = Number(args.get("iterations") ?? 200);

const RELATIONSHIPS = 5_000;
const METRICS = 20;
const EXISTING_METRICS_PER_REL = 10; // metrics 0..9 of each relationship hold history
const MONTHS = 20; // 5,000 × 10 × 20 = 1,000,000 measurements
const IMPORT_RELATIONSHIPS = 500; // 500 × 10 new metrics × 20 months = 100,000 rows

// App modules open DATABASE_PATH on first use: point it at the bench file first.
process.env.DATABASE_PATH = DB_PATH;
process.env.NODE_ENV ??= "production";

const { migrateDatabase, openDatabase } = await import("../db/connection");
const { ensureDefaultImportanceModel } = await import("../db/bootstrap");
const { addMonths, monthOf } = await import("../app/models/measurement.server");
const { metricsDashboard } = await import("../app/models/measurement-dashboard.server");
const { previewImport, commitImport } = await import("../app/models/measurement-import.server");
const { getActingUser } = await import("../app/models/user.server");
const { db } = await import("../app/db.server");

const lastMonth = addMonths(monthOf(new Date()), -1);
const months = Array.from({ length: MONTHS }, (_, i) => addMonths(lastMonth, i - (MONTHS - 1)));

/** The seeded PRNG of the demo data (mulberry32), so every build is the same data. */
const rng = mulberry32;

type Built = { importerId: number; focalId: number; supplierUserId: number; relIds: number[]; metricIds: number[]; metricKeys: string[] };

function build(): Built {
  fs.mkdirSync(path.dirname(DB_PATH), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB_PATH + suffix, { force: true });
  const database = openDatabase(DB_PATH);
  migrateDatabase(database);
  ensureDefaultImportanceModel(database);
  const sqlite = database.$client;
  sqlite.pragma("synchronous = OFF"); // the build only; reset below
  const random = rng(20260505);
  const started = performance.now();
  const insertOrg = sqlite.prepare("insert into organisations (name, size_class, founded_year) values (?, 'small', 2000)");
  const insertUser = sqlite.prepare("insert into users (email, name, password_hash) values (?, ?, 'not-a-login')");
  const insertMembership = sqlite.prepare("insert into memberships (user_id, organisation_id, role) values (?, ?, ?)");
  const insertChain = sqlite.prepare("insert into chains (name, focal_organisation_id) values (?, ?)");
  const insertRel = sqlite.prepare(
    `insert into relationships (chain_id, provider_id, customer_id, service_name, start_date, lifecycle_stage, diversity, criticality, reference_customer)
     values (?, ?, ?, ?, '2020-01-01', 'active', 'uniform', 'medium', 0)`,
  );
  const insertMetric = sqlite.prepare(
    `insert into metric_definitions (key, name_fi, name_en, unit, direction, aggregation, target, category) values (?, ?, ?, '%', 'higher_better', 'mean', 80, ?)`,
  );
  const insertMeasurement = sqlite.prepare(
    `insert into measurements (metric_id, relationship_id, month, value, recorded_by_organisation_id, source) values (?, ?, ?, ?, ?, 'seed')`,
  );
  const insertGrant = sqlite.prepare(
    `insert into sharing_grants (grantor_organisation_id, metric_id, relationship_id, chain_id, audience) values (?, null, ?, ?, ?)`,
  );
  let built!: Built;
  let measurementsWritten = 0;
  sqlite
    .transaction(() => {
      const focal = Number(insertOrg.run("Bench Focal Oy").lastInsertRowid);
      const importer = Number(insertUser.run("importer@bench.example", "Bench Importer").lastInsertRowid);
      insertMembership.run(importer, focal, "org_admin");
      const chainIds = [1, 2].map((i) => Number(insertChain.run(`Bench chain ${i}`, focal).lastInsertRowid));
      const metricIds: number[] = [];
      const metricKeys: string[] = [];
      for (let m = 0; m < METRICS; m++) {
        const key = `bench_metric_${m}`;
        metricIds.push(Number(insertMetric.run(key, `Mittari ${m}`, `Metric ${m}`, m % 2 ? "customer" : "delivery").lastInsertRowid));
        metricKeys.push(key);
      }
      const relIds: number[] = [];
      let supplierUserId = 0;
      for (let i = 0; i < RELATIONSHIPS; i++) {
        const partner = Number(insertOrg.run(`Partner ${i}`).lastInsertRowid);
        const supplier = i % 2 === 0; // half suppliers to the focal company, half its customers
        const chainId = chainIds[i % 2 === 0 ? 0 : 1];
        const [providerId, customerId] = supplier ? [partner, focal] : [focal, partner];
        const rel = Number(insertRel.run(chainId, providerId, customerId, `Service ${i}`).lastInsertRowid);
        relIds.push(rel);
        if (i === 2) {
          supplierUserId = Number(insertUser.run("supplier@bench.example", "Bench Supplier").lastInsertRowid);
          insertMembership.run(supplierUserId, partner, "staff");
        }
        for (let k = 0; k < EXISTING_METRICS_PER_REL; k++) {
          let value = 50 + random() * 40;
          for (const month of months) {
            value = Math.max(0, value + (random() - 0.5) * 6);
            insertMeasurement.run(metricIds[k], rel, month, Math.round(value * 10) / 10, focal);
            measurementsWritten++;
          }
        }
        // Every third relationship shared with its counterpart, as the generator does.
        if (i % 3 === 0) insertGrant.run(focal, rel, null, "counterpart");
      }
      // And the focal company shares everything in chain 1 upstream: its suppliers see their own relationships.
      insertGrant.run(focal, null, chainIds[0], "chain_upstream");
      built = { importerId: importer, focalId: focal, supplierUserId, relIds, metricIds, metricKeys };
    })
    .immediate();
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("optimize");
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  console.log(
    `built ${DB_PATH}: ${RELATIONSHIPS} relationships, ${measurementsWritten.toLocaleString("en")} measurements in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return built;
}

function importRows(b: Built) {
  const rows: Array<{ metricId: number; key: string; relId: number; month: string; value: number }> = [];
  const random = rng(42);
  for (let i = 0; i < IMPORT_RELATIONSHIPS; i++) {
    for (let k = EXISTING_METRICS_PER_REL; k < METRICS; k++) {
      for (const month of months)
        rows.push({ metricId: b.metricIds[k], key: b.metricKeys[k], relId: b.relIds[i], month, value: Math.round((40 + random() * 60) * 10) / 10 });
    }
  }
  return rows;
}

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: at(0.5), p95: at(0.95) };
};

async function timeDashboard(supplierUserId: number, label: string) {
  const user = (await getActingUser(supplierUserId))!;
  const run = () => metricsDashboard(user, { scope: "shared", months: 12 });
  const first = await run();
  for (let i = 0; i < Math.min(10, ITERATIONS); i++) await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  const { median, p95 } = stats(times);
  const points = first.series.reduce((n, s) => n + s.points.length, 0);
  console.log(
    `dashboard (${label}): ${first.series.length} series, ${points} points; median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${ITERATIONS} runs`,
  );
  return { median, p95, series: first.series.length, points };
}

const built = build();
const rows = importRows(built);

// The ceiling's copy, taken before the import, so both start from the same 1,000,000 rows.
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(CEILING_PATH + suffix, { force: true });
fs.copyFileSync(DB_PATH, CEILING_PATH);

const dashboardBefore = await timeDashboard(built.supplierUserId, "1,000,000 measurements");

// ---- the real import path
const csv = "metric,relationship,month,value\n" + rows.map((r) => `${r.key},${r.relId},${r.month},${r.value}`).join("\n") + "\n";
const bytes = new TextEncoder().encode(csv);
const importer = (await getActingUser(built.importerId))!;
let t0 = performance.now();
const preview = await previewImport(importer, built.focalId, { name: "bench.csv", bytes });
const previewMs = performance.now() - t0;
if (!preview.stagedId) throw new Error(`preview rejected the file: ${JSON.stringify(preview.issues.slice(0, 3))}`);
t0 = performance.now();
const committed = await commitImport(importer, built.focalId, preview.stagedId);
const importMs = performance.now() - t0;
if (!committed.ok || committed.inserted !== rows.length) throw new Error(`import failed: ${JSON.stringify(committed).slice(0, 300)}`);
const importRate = rows.length / (importMs / 1000);
const total = (db().$client.prepare("select count(*) as n from measurements").get() as { n: number }).n;

// ---- the ceiling: raw prepared INSERT of the same rows in one transaction
const ceilingDb = openDatabase(CEILING_PATH).$client;
const insert = ceilingDb.prepare(
  `insert into measurements (metric_id, relationship_id, month, value, recorded_by_organisation_id, recorded_by_user_id, source, created_at, updated_at)
   values (?, ?, ?, ?, ?, ?, 'import', ?, ?)`,
);
t0 = performance.now();
const now = new Date().toISOString();
ceilingDb
  .transaction(() => {
    for (const r of rows) insert.run(r.metricId, r.relId, r.month, r.value, built.focalId, built.importerId, now, now);
  })
  .immediate();
const ceilingMs = performance.now() - t0;
const ceilingRate = rows.length / (ceilingMs / 1000);
ceilingDb.close();

const dashboardAfter = await timeDashboard(built.supplierUserId, `${total.toLocaleString("en")} measurements`);

console.log("");
console.log(`import preview (parse + validate + plan): ${(previewMs / 1000).toFixed(2)} s`);
console.log(
  `import commit  ${rows.length.toLocaleString("en")} rows in ${(importMs / 1000).toFixed(2)} s = ${Math.round(importRate).toLocaleString("en")} rows/s (parse + validate again + write, one transaction)`,
);
console.log(
  `raw ceiling    ${rows.length.toLocaleString("en")} rows in ${(ceilingMs / 1000).toFixed(2)} s = ${Math.round(ceilingRate).toLocaleString("en")} rows/s`,
);
console.log(`ratio          ${((100 * importRate) / ceilingRate).toFixed(1)} % of the ceiling (aim >= 25 %)`);
console.log(
  `dashboard      median ${dashboardBefore.median.toFixed(2)} ms / p95 ${dashboardBefore.p95.toFixed(2)} ms before the import, median ${dashboardAfter.median.toFixed(2)} ms / p95 ${dashboardAfter.p95.toFixed(2)} ms after (aim < 20 ms median)`,
);
