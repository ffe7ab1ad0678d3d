/**
 * What the load run, the soak and the profiler all do to a benchmark
 * database: copy and migrate it, issue an API token, find quarters that are
 * free for a first assessment.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";
import { migrateDatabase, openDatabase } from "../../db/connection";
import { previousQuarter, quarterOf, quarterRange } from "../../app/domain/period";
import { BENCH_PASSWORD, type GeneratedDataset } from "./generate";

/**
 * A fresh working copy of a dataset, migrated as `npm start` migrates (a
 * dataset made by an older checkout gets the newer migrations). VACUUM INTO
 * folds the source's WAL in and leaves one clean file.
 */
export function migratedCopy(source: string, target: string): string {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
  const db = new Database(source, { readonly: true });
  db.prepare("vacuum into ?").run(target);
  db.close();
  const migrated = openDatabase(target);
  migrateDatabase(migrated);
  migrated.$client.close();
  return target;
}

/** An API token for the user's organisation, stored hashed the way the portal stores them. */
export function apiToken(file: string, email: string, name: string): string {
  const token = `scp_${randomBytes(32).toString("base64url")}`;
  const db = new Database(file);
  db.pragma("busy_timeout = 5000");
  const org = db.prepare("select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ?").get(email) as { id: number };
  db.prepare("insert into api_tokens (organisation_id, name, token_hash, prefix) values (?, ?, ?, ?)").run(
    org.id,
    name,
    createHash("sha256").update(token, "utf8").digest("hex"),
    token.slice(0, 12),
  );
  db.close();
  return token;
}

/**
 * Every (relationship, quarter) where the user's organisation has no
 * assessment yet: from the relationship's start to the last completed
 * quarter, so a submit or a first draft save there is a real write.
 */
export function freeAssessmentQuarters(file: string, email: string, asOf = new Date()): Array<{ relationshipId: number; period: string }> {
  const db = new Database(file, { readonly: true });
  const org = (db.prepare("select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ?").get(email) as { id: number })
    .id;
  const taken = new Set(
    (db.prepare("select relationship_id as r, period from assessments where organisation_id = ?").all(org) as { r: number; period: string }[]).map(
      (a) => `${a.r}/${a.period}`,
    ),
  );
  const relationships = db.prepare("select id, start_date from relationships where ? in (provider_id, customer_id) order by id").all(org) as {
    id: number;
    start_date: string;
  }[];
  db.close();
  const lastCompleted = previousQuarter(quarterOf(asOf));
  return relationships.flatMap((r) =>
    quarterRange(quarterOf(new Date(`${r.start_date}T00:00:00Z`)), lastCompleted)
      .filter((period) => !taken.has(`${r.id}/${period}`))
      .map((period) => ({ relationshipId: r.id, period })),
  );
}

/** A page path with the dataset's sample ids in place of {chain}, {rel} and {compare}. */
export function samplePagePath(pagePath: string, sample: GeneratedDataset["sample"]): string {
  return pagePath
    .replace("{chain}", String(sample.chainId))
    .replace("{rel}", String(sample.relationshipId))
    .replace("{compare}", sample.compareIds.map((id) => `r=${id}`).join("&"));
}

/** The login form of a benchmark role's account. */
export function loginForm(meta: GeneratedDataset, role: string): URLSearchParams {
  const email = meta.accounts[role as keyof GeneratedDataset["accounts"]];
  if (!email) throw new Error(`no benchmark account for the role ${role}`);
  return new URLSearchParams({ email, password: meta.password ?? BENCH_PASSWORD });
}
