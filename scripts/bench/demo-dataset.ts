/**
 * The demo data (`npm start`'s first run) as a benchmark dataset: the
 * speed targets are set on it as well as on the generated S/M/L sets.
 */
import fs from "node:fs";
import path from "node:path";
import { migrateDatabase, openDatabase } from "../../db/connection";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from "../../db/seed/demo";
import { BENCH_AS_OF, type GeneratedDataset } from "./generate";

export async function generateDemoDataset(file: string): Promise<GeneratedDataset> {
  const started = performance.now();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = openDatabase(file);
  migrateDatabase(db);
  await seedDemoData(db, { asOf: BENCH_AS_OF });
  const sqlite = db.$client;
  const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const counts = Object.fromEntries(["organisations", "relationships", "measurements", "assessments", "assessment_scores"].map((t) => [t, count(t)]));
  const email = (role: string) => DEMO_ACCOUNTS.find((a) => a.role.startsWith(role))!.email;
  const chainId = (sqlite.prepare("select min(id) as id from chains").get() as { id: number }).id;
  // The hosting supplier's relationship with the company: the supplier account's own, and the page staff open most.
  const relationshipId = (
    sqlite
      .prepare(
        `select r.id from relationships r join memberships m on m.organisation_id = r.provider_id join users u on u.id = m.user_id
         where u.email = ? order by r.id limit 1`,
      )
      .get(email("Supplier A")) as { id: number }
  ).id;
  const compareIds = (sqlite.prepare("select id from relationships where chain_id = ? order by id limit 12").all(chainId) as Array<{ id: number }>).map(
    (r) => r.id,
  );
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return {
    file,
    size: "demo",
    seconds: (performance.now() - started) / 1000,
    counts,
    password: DEMO_PASSWORD,
    accounts: {
      admin: email("Administrator"),
      staff: email("Company staff"),
      lead: email("Project lead"),
      supplier: email("Supplier A"),
      customer: email("End-customer"),
    },
    sample: { chainId, relationshipId, supplierRelationshipId: relationshipId, compareIds },
  };
}
