/**
 * Deterministic large datasets for benchmarks, each into a database file of
 * its own (never the portal's):
 *   S   50 organisations,    200 relationships, 12 months, 12 metrics, 4 quarters
 *   M  500 organisations,  2,000 relationships, 24 months, 20 metrics, 8 quarters
 *   L 2,000 organisations, 10,000 relationships, 36 months, 40 metrics, 8 quarters
 * About 8 metrics per relationship, two-way submitted assessments.
 *
 *   npx tsx scripts/bench/generate.ts --size M [--out data/bench/portal-M.db]
 *
 * Raw prepared statements in one transaction with synchronous=OFF: this is a
 * throwaway file, and the loader is what the benchmark waits on.
 */
import fs from "node:fs";
import path from "node:path";
import { ensureDefaultImportanceModel } from "../../db/bootstrap";
import { migrateDatabase, openDatabase } from "../../db/connection";
import { suspendScoreTotals } from "../../db/score-totals";
import { suspendVisibleCells } from "../../db/visible-metric-cells";
import { intBetween, mulberry32, hashString, pick, type Rng } from "../../db/seed/random";
import { businessIdCheckDigit } from "../../app/domain/business-id";
import { FACTORS, DIVERSITIES, CRITICALITIES } from "../../app/domain/factors";
import { sizeClassFrom } from "../../app/domain/size-class";
import { hashPassword } from "../../app/models/password.server";

export const DATASETS = {
  S: { organisations: 50, relationships: 200, months: 12, metrics: 12, quarters: 4 },
  M: { organisations: 500, relationships: 2_000, months: 24, metrics: 20, quarters: 8 },
  L: { organisations: 2_000, relationships: 10_000, months: 36, metrics: 40, quarters: 8 },
} as const;
export type GeneratedSize = keyof typeof DATASETS;
/** The generated sizes, and the demo data itself (scripts/bench/demo-dataset.ts). */
export type DatasetSize = GeneratedSize | "demo";

export const BENCH_PASSWORD = "bench-password-2026";
const METRICS_PER_RELATIONSHIP = 8;

/** The fixed "today" of every dataset, so runs compare like with like. */
export const BENCH_AS_OF = new Date("2026-11-22T12:00:00Z");

export type GeneratedDataset = {
  file: string;
  size: DatasetSize;
  seconds: number;
  counts: Record<string, number>;
  /** The accounts' password, when it is not BENCH_PASSWORD (the demo data's). */
  password?: string;
  /** Logins of each role for the load run. */
  accounts: { admin: string; staff: string; lead: string; supplier: string; customer: string };
  sample: { chainId: number; relationshipId: number; supplierRelationshipId: number; compareIds: number[] };
};

function monthsBack(n: number): string[] {
  const out: string[] = [];
  const y = BENCH_AS_OF.getUTCFullYear();
  const m = BENCH_AS_OF.getUTCMonth(); // the current month is not complete: start from the previous one
  for (let i = n; i >= 1; i--) {
    const d = new Date(Date.UTC(y, m - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  return out;
}

function quartersBack(n: number): string[] {
  const y = BENCH_AS_OF.getUTCFullYear();
  const q = Math.floor(BENCH_AS_OF.getUTCMonth() / 3); // current quarter index; last complete is q - 1
  const out: string[] = [];
  for (let i = n; i >= 1; i--) {
    const idx = y * 4 + q - i;
    out.push(`${Math.floor(idx / 4)}-Q${(idx % 4) + 1}`);
  }
  return out;
}

function businessId(n: number): string {
  for (let k = 0; ; k++) {
    const digits = String(2_000_000 + n * 13 + k).padStart(7, "0");
    const check = businessIdCheckDigit(digits);
    if (check !== null) return `${digits}-${check}`;
  }
}

export async function generateDataset(size: GeneratedSize, file: string): Promise<GeneratedDataset> {
  const spec = DATASETS[size];
  const started = performance.now();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = openDatabase(file);
  migrateDatabase(db);
  ensureDefaultImportanceModel(db);
  const sqlite = db.$client;
  sqlite.pragma("synchronous = OFF");
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const rng: Rng = mulberry32(hashString(`bench-${size}`));

  // Enough chains that each can hold its share of relationships with distinct partners.
  const chainCount = Math.max(4, Math.round(spec.organisations / 25));
  const counts: Record<string, number> = {};
  const bump = (k: string, n = 1) => (counts[k] = (counts[k] ?? 0) + n);

  const insertOrg = sqlite.prepare(
    `insert into organisations (name, business_id, headcount, turnover_eur, balance_sheet_eur, size_class, founded_year, city)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertUser = sqlite.prepare(`insert into users (email, name, password_hash, is_platform_admin, locale) values (?, ?, ?, ?, 'fi')`);
  const insertMember = sqlite.prepare(`insert into memberships (user_id, organisation_id, role) values (?, ?, ?)`);
  const insertChain = sqlite.prepare(`insert into chains (name, description, focal_organisation_id) values (?, ?, ?)`);
  const insertRel = sqlite.prepare(
    `insert into relationships (chain_id, provider_id, customer_id, service_name, start_date, lifecycle_stage, diversity, criticality, reference_customer)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = sqlite.prepare(
    `insert into lifecycle_events (relationship_id, from_stage, to_stage, changed_on, reason_category, note) values (?, null, ?, ?, 'why_started', ?)`,
  );
  const insertMetric = sqlite.prepare(
    `insert into metric_definitions (key, name_fi, name_en, unit, direction, aggregation, target, category, factor) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMeasurement = sqlite.prepare(
    `insert into measurements (metric_id, relationship_id, month, value, recorded_by_organisation_id, source) values (?, ?, ?, ?, ?, 'seed')`,
  );
  const insertGrant = sqlite.prepare(
    `insert into sharing_grants (grantor_organisation_id, metric_id, relationship_id, audience) values (?, null, ?, 'counterpart')`,
  );
  const insertAssessment = sqlite.prepare(
    `insert into assessments (relationship_id, side, period, organisation_id, assessor_user_id, status, submitted_at)
     values (?, ?, ?, ?, ?, 'submitted', ?)`,
  );
  const insertScore = sqlite.prepare(`insert into assessment_scores (assessment_id, factor, score, not_applicable, evidence) values (?, ?, ?, ?, null)`);

  const months = monthsBack(spec.months);
  const quarters = quartersBack(spec.quarters);
  const staffOf = new Map<number, number>();
  const orgIds: number[] = [];
  const accounts = { admin: "admin@bench.example", staff: "", lead: "", supplier: "", customer: "" };
  let sample = { chainId: 0, relationshipId: 0, supplierRelationshipId: 0, compareIds: [] as number[] };

  // Build the big tables' secondary indexes once at the end instead of row by row.
  const deferredIndexes = sqlite
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null
         and tbl_name in ('measurements', 'assessments', 'assessment_scores')`,
    )
    .all() as { name: string; sql: string }[];
  for (const { name } of deferredIndexes) sqlite.exec(`drop index "${name}"`);
  // Likewise the score-totals triggers (ADR 0010): one grouped fill at the end instead of one per score.
  const resumeScoreTotals = suspendScoreTotals(sqlite);
  // And the visible-cells triggers (ADR 0015): one fill at the end instead of a grantor's recompute per grant.
  const resumeVisibleCells = suspendVisibleCells(sqlite);

  sqlite
    .transaction(() => {
      const admin = insertUser.run(accounts.admin, "Bench Admin", passwordHash, 1).lastInsertRowid as number;
      void admin;
      bump("users");
      for (let i = 0; i < spec.organisations; i++) {
        const headcount = pick(rng, [4, 8, 25, 45, 120, 240, 600, 2500]);
        const turnover = headcount * intBetween(rng, 60_000, 180_000);
        const id = insertOrg.run(
          `Bench Oy ${i + 1}`,
          businessId(i),
          headcount,
          turnover,
          turnover * 0.6,
          sizeClassFrom({ headcount, turnoverEur: turnover, balanceSheetEur: turnover * 0.6 }),
          intBetween(rng, 1990, 2025),
          pick(rng, ["Helsinki", "Tampere", "Oulu", "Turku", "Jyväskylä", "Kuopio"]),
        ).lastInsertRowid as number;
        orgIds.push(id);
        const userId = insertUser.run(`user${i + 1}@bench.example`, `Bench User ${i + 1}`, passwordHash, 0).lastInsertRowid as number;
        insertMember.run(userId, id, "staff");
        staffOf.set(id, userId);
        bump("organisations");
        bump("users");
      }

      const metricIds: number[] = [];
      for (let k = 0; k < spec.metrics; k++) {
        const higher = k % 3 !== 1;
        metricIds.push(
          insertMetric.run(
            `bench_metric_${k + 1}`,
            `Mittari ${k + 1}`,
            `Metric ${k + 1}`,
            pick(rng, ["%", "h", "count", "EUR", "points"]),
            higher ? "higher_better" : "lower_better",
            pick(rng, ["mean", "sum", "last"]),
            k % 2 === 0 ? 80 : null,
            pick(rng, ["delivery", "quality", "customer", "finance"]),
            FACTORS[k % FACTORS.length],
          ).lastInsertRowid as number,
        );
      }
      bump("metrics", metricIds.length);

      // Focal companies are the first chainCount organisations; the others are partners.
      const focals = orgIds.slice(0, chainCount);
      const partners = orgIds.slice(chainCount);
      const chainIds = focals.map((focal, c) => insertChain.run(`Bench chain ${c + 1}`, "Generated for benchmarks", focal).lastInsertRowid as number);
      for (const [c, focal] of focals.entries()) {
        const leadId = insertUser.run(`lead${c + 1}@bench.example`, `Bench Lead ${c + 1}`, passwordHash, 0).lastInsertRowid as number;
        insertMember.run(leadId, focal, "project_lead");
        bump("users");
      }
      accounts.staff = `user1@bench.example`;
      accounts.lead = `lead1@bench.example`;

      const perChain = Math.ceil(spec.relationships / chainCount);
      let made = 0;
      for (let c = 0; c < chainCount && made < spec.relationships; c++) {
        const focal = focals[c];
        const used = new Set<string>();
        for (let j = 0; j < perChain && made < spec.relationships; j++) {
          const upstream = j % 2 === 0;
          let partner = partners[(c * 7919 + j * 104729) % partners.length];
          let key = `${upstream ? "u" : "d"}${partner}`;
          for (let step = 1; used.has(key); step++) {
            if (step > partners.length) throw new Error(`Chain ${c + 1} ran out of distinct partners`);
            partner = partners[(c * 7919 + j * 104729 + step) % partners.length];
            key = `${upstream ? "u" : "d"}${partner}`;
          }
          used.add(key);
          const providerId = upstream ? partner : focal;
          const customerId = upstream ? focal : partner;
          const startYear = intBetween(rng, 2017, 2026);
          const startDate = `${startYear}-${String(intBetween(rng, 1, 12)).padStart(2, "0")}-15`;
          const relId = insertRel.run(
            chainIds[c],
            providerId,
            customerId,
            upstream ? "Digital service delivery" : "B2B service",
            startDate > "2026-10-15" ? "2026-10-15" : startDate,
            pick(rng, ["active", "active", "active", "new", "passivating", "passive"]),
            pick(rng, DIVERSITIES),
            pick(rng, CRITICALITIES),
            rng() < 0.1 ? 1 : 0,
          ).lastInsertRowid as number;
          insertEvent.run(relId, "active", startDate, "Generated");
          made++;
          bump("relationships");
          if (c === 0 && j < 12) sample.compareIds.push(relId);
          if (c === 0 && j === 0) {
            sample = { ...sample, chainId: chainIds[0], relationshipId: relId, supplierRelationshipId: relId };
            accounts.supplier = `user${orgIds.indexOf(partner) + 1}@bench.example`;
          }
          if (c === 0 && j === 1) accounts.customer = `user${orgIds.indexOf(partner) + 1}@bench.example`;

          // About eight metrics per relationship, recorded by the focal company.
          const start = (relId * 31) % metricIds.length;
          for (let k = 0; k < Math.min(METRICS_PER_RELATIONSHIP, metricIds.length); k++) {
            const metricId = metricIds[(start + k) % metricIds.length];
            let value = 50 + rng() * 40;
            for (const month of months) {
              value = Math.max(0, value + (rng() - 0.5) * 6);
              insertMeasurement.run(metricId, relId, month, Math.round(value * 10) / 10, focal);
            }
            bump("measurements", months.length);
          }
          // A third of the relationships share their metrics with the counterpart, and so does the one
          // whose supplier the load run signs in as: its dashboard must have something to show.
          if (relId % 3 === 0 || (c === 0 && j === 0)) {
            insertGrant.run(focal, relId);
            bump("sharing_grants");
          }

          const base = 2 + rng() * 2.5;
          for (const [qi, period] of quarters.entries()) {
            for (const side of ["provider", "customer"] as const) {
              const org = side === "provider" ? providerId : customerId;
              const [y, q] = period.split("-Q").map(Number);
              const submittedAt = new Date(Date.UTC(y, q * 3, 10)).toISOString();
              const assessmentId = insertAssessment.run(relId, side, period, org, staffOf.get(org)!, submittedAt).lastInsertRowid as number;
              for (const factor of FACTORS) {
                const na = factor === "compensation" && rng() < 0.05;
                const score = Math.min(5, Math.max(1, Math.round(base + (rng() - 0.5) * 2 + qi * 0.05)));
                insertScore.run(assessmentId, factor, na ? null : score, na ? 1 : 0);
              }
              bump("assessments");
              bump("assessment_scores", FACTORS.length);
            }
          }
        }
      }
    })
    .immediate();

  for (const { sql } of deferredIndexes) sqlite.exec(sql);
  resumeScoreTotals();
  resumeVisibleCells();
  sqlite.pragma("synchronous = FULL");
  sqlite.exec("ANALYZE");
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return { file, size, seconds: (performance.now() - started) / 1000, counts, accounts, sample };
}

// CLI
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("generate.ts")) {
  const args = process.argv.slice(2);
  const size = (args[args.indexOf("--size") + 1] ?? "M").toUpperCase() as GeneratedSize;
  if (!(size in DATASETS)) {
    console.error("Usage: npx tsx scripts/bench/generate.ts --size S|M|L [--out file]");
    process.exit(2);
  }
  const out = args.includes("--out") ? args[args.indexOf("--out") + 1] : `data/bench/portal-${size}.db`;
  const result = await generateDataset(size, out);
  // The load run reuses a dataset that has this description next to it.
  fs.writeFileSync(`${out}.json`, JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ ...result, seconds: Number(result.seconds.toFixed(1)) }, null, 2));
}
