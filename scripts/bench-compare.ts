/**
 * Benchmark of the partner comparison: builds a separate database
 * of 10,000 relationships with eight quarters of two-way assessments, then
 * times the compare model function for 12 partners, warm, over many
 * iterations, and prints the median and p95 server time.
 *
 *   npx tsx scripts/bench-compare.ts [--db=data/bench/compare.db] [--rebuild]
 *        [--relationships=10000] [--quarters=8] [--iterations=400]
 *
 * The data is generated in one transaction with prepared statements
 * (about 1.1 million rows in a few seconds) and reused on the next run unless
 * --rebuild is given. It never touches the portal's own database.
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
const DB_PATH = path.resolve(args.get("db") ?? "data/bench/compare.db");
const RELATIONSHIPS = Number(args.get("relationships") ?? 10_000);
const QUARTERS = Number(args.get("quarters") ?? 8);
const ITERATIONS = Number(args.get("iterations") ?? 400);
const PARTNERS = 12;

// App modules open DATABASE_PATH on first use: point it at the bench file first.
process.env.DATABASE_PATH = DB_PATH;
process.env.NODE_ENV ??= "production";

const { migrateDatabase, openDatabase } = await import("../db/connection");
const { ensureDefaultImportanceModel } = await import("../db/bootstrap");
const { FACTORS, SIZE_CLASSES, DIVERSITIES, CRITICALITIES } = await import("../app/domain/factors");
const { quarterOf, previousQuarter } = await import("../app/domain/period");

/** The seeded PRNG of the demo data (mulberry32), so every build is the same data. */
const rng = mulberry32;

function build(): void {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB_PATH + suffix, { force: true });
  const database = openDatabase(DB_PATH);
  migrateDatabase(database);
  ensureDefaultImportanceModel(database);
  const sqlite = database.$client;
  // A throwaway file: no need to wait for the disk.
  sqlite.pragma("synchronous = OFF");
  const random = rng(20261122);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  const lastQuarter = previousQuarter(quarterOf(new Date()));
  const quarters: string[] = [lastQuarter];
  while (quarters.length < QUARTERS) quarters.unshift(previousQuarter(quarters[0]));

  const started = performance.now();
  const insertOrg = sqlite.prepare("insert into organisations (name, size_class, founded_year) values (?, ?, ?)");
  const insertUser = sqlite.prepare("insert into users (email, name, password_hash) values (?, ?, 'not-a-login')");
  const insertMembership = sqlite.prepare("insert into memberships (user_id, organisation_id, role) values (?, ?, ?)");
  const insertChain = sqlite.prepare("insert into chains (name, focal_organisation_id) values (?, ?)");
  const insertRel = sqlite.prepare(
    `insert into relationships (chain_id, provider_id, customer_id, service_name, start_date, lifecycle_stage, diversity, criticality, reference_customer)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAssessment = sqlite.prepare(
    `insert into assessments (relationship_id, side, period, organisation_id, assessor_user_id, status, submitted_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertScore = sqlite.prepare("insert into assessment_scores (assessment_id, factor, score, not_applicable) values (?, ?, ?, ?)");

  let assessmentsWritten = 0;
  let scoresWritten = 0;
  sqlite
    .transaction(() => {
      // Two focal companies: the lead's company owns 90 % of the relationships in three chains, another company the rest.
      const focal = Number(insertOrg.run("Bench Focal Oy", "medium", 2000).lastInsertRowid);
      const otherFocal = Number(insertOrg.run("Bench Other Oy", "large", 1995).lastInsertRowid);
      const lead = Number(insertUser.run("lead@bench.example", "Bench Lead").lastInsertRowid);
      insertMembership.run(lead, focal, "project_lead");
      const assessor = Number(insertUser.run("assessor@bench.example", "Bench Assessor").lastInsertRowid);
      const ownChains = [1, 2, 3].map((i) => Number(insertChain.run(`Bench chain ${i}`, focal).lastInsertRowid));
      const otherChain = Number(insertChain.run("Other chain", otherFocal).lastInsertRowid);

      for (let i = 0; i < RELATIONSHIPS; i++) {
        const own = i % 10 !== 9;
        const chainId = own ? ownChains[i % 3] : otherChain;
        const centre = own ? focal : otherFocal;
        const partner = Number(insertOrg.run(`Partner ${i}`, pick(SIZE_CLASSES), 1980 + Math.floor(random() * 46)).lastInsertRowid);
        const supplier = random() < 0.3;
        const [providerId, customerId] = supplier ? [partner, centre] : [centre, partner];
        const startYear = 2015 + Math.floor(random() * 11);
        const rel = Number(
          insertRel.run(
            chainId,
            providerId,
            customerId,
            `Service ${i}`,
            `${startYear}-0${1 + Math.floor(random() * 9)}-15`,
            "active",
            pick(DIVERSITIES),
            pick(CRITICALITIES),
            random() < 0.1 ? 1 : 0,
          ).lastInsertRowid,
        );
        const level = 1.5 + random() * 3;
        for (const period of quarters) {
          for (const side of ["customer", "provider"] as const) {
            // The latest quarter has some drafts; the rest is submitted.
            const draft = period === lastQuarter && random() < 0.05;
            const a = Number(
              insertAssessment.run(
                rel,
                side,
                period,
                side === "provider" ? providerId : customerId,
                assessor,
                draft ? "draft" : "submitted",
                draft ? null : `${period.slice(0, 4)}-12-01T00:00:00.000Z`,
              ).lastInsertRowid,
            );
            assessmentsWritten++;
            for (const factor of FACTORS) {
              const na = random() < 0.03;
              const score = na ? null : Math.max(1, Math.min(5, Math.round(level + (random() - 0.5) * 2)));
              insertScore.run(a, factor, score, na ? 1 : 0);
              scoresWritten++;
            }
          }
        }
      }
    })
    .immediate();
  sqlite.pragma("optimize");
  database.$client.close();
  console.log(
    `built ${DB_PATH}: ${RELATIONSHIPS} relationships, ${assessmentsWritten} assessments, ${scoresWritten} factor scores in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

function hasBenchData(): boolean {
  if (!fs.existsSync(DB_PATH)) return false;
  const database = openDatabase(DB_PATH);
  try {
    const row = database.$client.prepare("select count(*) as n from relationships").get() as { n: number };
    return row.n === RELATIONSHIPS;
  } catch {
    return false;
  } finally {
    database.$client.close();
  }
}

if (args.has("rebuild") || !hasBenchData()) build();
else console.log(`reusing ${DB_PATH} (${RELATIONSHIPS} relationships); --rebuild to regenerate`);

const { compareRelationships, getCompareView } = await import("../app/models/compare.server");
const { getChainPortfolio } = await import("../app/models/portfolio.server");
const { getActingUser } = await import("../app/models/user.server");
const { parseCompareState } = await import("../app/domain/compare-url");
const { db } = await import("../app/db.server");

const leadId = (db().$client.prepare("select id from users where email = 'lead@bench.example'").get() as { id: number }).id;
const user = (await getActingUser(leadId))!;
const visibleIds = (
  db()
    .$client.prepare(
      "select r.id from relationships r join chains c on c.id = r.chain_id join organisations o on o.id = c.focal_organisation_id where o.name = 'Bench Focal Oy'",
    )
    .all() as { id: number }[]
).map((r) => r.id);
const foreignId = (
  db().$client.prepare("select r.id from relationships r join chains c on c.id = r.chain_id where c.name = 'Other chain' limit 1").get() as { id: number }
).id;

// Fifty different sets of 12 picked partners, cycled, so no single set is favoured.
const random = rng(42);
const sets = Array.from({ length: 50 }, () => {
  const ids = new Set<number>();
  while (ids.size < PARTNERS) ids.add(visibleIds[Math.floor(random() * visibleIds.length)]);
  return [...ids];
});
const sides = ["both", "customer", "provider", "gap"] as const;
const states = sets.map(
  (ids, i) => parseCompareState(new URLSearchParams([...ids.map((id) => ["r", String(id)]), ["side", sides[i % 4]], ["group", "size"]])).state,
);

// Sanity: the comparison is complete and scoped.
const probe = await compareRelationships(user, states[0]);
if (probe.table.partners.length !== PARTNERS || probe.quarter === null) throw new Error("The benchmark comparison is not complete");
const scoped = await compareRelationships(user, { ...states[0], ids: [...sets[0].slice(0, 11), foreignId] });
if (scoped.pickedIds.includes(foreignId)) throw new Error("A foreign relationship leaked into the comparison");

function time(label: string, fn: (i: number) => unknown, iterations = ITERATIONS) {
  for (let i = 0; i < Math.min(30, iterations); i++) fn(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  const result = { median: at(0.5), p95: at(0.95), min: samples[0], max: samples.at(-1)! };
  console.log(
    `${label.padEnd(58)} median ${result.median.toFixed(2).padStart(7)} ms   p95 ${result.p95.toFixed(2).padStart(7)} ms   min ${result.min.toFixed(2)}   max ${result.max.toFixed(2)}   (n=${iterations})`,
  );
  return result;
}

console.log(`\nlead sees ${visibleIds.length} of ${RELATIONSHIPS} relationships; ${QUARTERS} quarters of two-way assessments\n`);
const main = time(`compareRelationships, ${PARTNERS} partners (the issue's figure)`, (i) => compareRelationships(user, states[i % states.length]));
time(
  `getCompareView: comparison + picker (first 100 of ${visibleIds.length})`,
  (i) => getCompareView(user, states[i % states.length]),
  Math.min(ITERATIONS, 200),
);
const chainId = (db().$client.prepare("select id from chains where name = 'Bench chain 1'").get() as { id: number }).id;
const chainSize = (db().$client.prepare("select count(*) as n from relationships where chain_id = ?").get(chainId) as { n: number }).n;
time(`getChainPortfolio, one chain of ${chainSize} relationships`, () => getChainPortfolio(user, chainId, { quarter: null, side: "both" }), 20);

const target = 100;
console.log(
  `\ntarget: median under ${target} ms for ${PARTNERS} partners -> ${main.median < target ? "met" : "NOT met"} (median ${main.median.toFixed(2)} ms, p95 ${main.p95.toFixed(2)} ms)`,
);
process.exit(main.median < target ? 0 : 1);
