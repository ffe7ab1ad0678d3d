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

/**
 * A benchmark's database, whichever engine the run uses: a SQLite file, or a
 * PostgreSQL URL (postgres://…). Statements are written for SQLite and
 * translated for PostgreSQL as the app's own SQL is (db/pg-sql.ts).
 */
export type BenchDatabase = {
  all<T>(text: string, params?: unknown[]): Promise<T[]>;
  run(text: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
};

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

export async function openBenchDatabase(target: string, options: { readonly?: boolean } = {}): Promise<BenchDatabase> {
  if (isPostgresUrl(target)) {
    const { connectPostgres } = await import("../../db/postgres");
    const { toPostgresStatement } = await import("../../db/pg-sql");
    const client = await connectPostgres(target);
    const query = (text: string, params: unknown[]) => {
      const statement = toPostgresStatement(text, params);
      return client.query(statement.text, statement.values);
    };
    return {
      all: async <T>(text: string, params: unknown[] = []) => (await query(text, params)).rows as T[],
      run: async (text, params = []) => void (await query(text, params)),
      close: () => client.end(),
    };
  }
  const db = new Database(target, { readonly: options.readonly ?? false });
  db.pragma("busy_timeout = 5000");
  return {
    all: async <T>(text: string, params: unknown[] = []) => db.prepare(text).all(...params) as T[],
    run: async (text, params = []) => void db.prepare(text).run(...params),
    close: async () => {
      db.close();
    },
  };
}

async function organisationOf(db: BenchDatabase, email: string): Promise<number> {
  const [org] = await db.all<{ id: number }>("select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ?", [email]);
  if (!org) throw new Error(`no organisation for ${email}`);
  return org.id;
}

/**
 * An API token for the user's organisation, stored hashed the way the portal
 * stores them, in the run's database (a SQLite file or a PostgreSQL URL).
 */
export async function apiToken(target: string, email: string, name: string): Promise<string> {
  const token = `scp_${randomBytes(32).toString("base64url")}`;
  const db = await openBenchDatabase(target);
  try {
    const org = await organisationOf(db, email);
    await db.run("insert into api_tokens (organisation_id, name, token_hash, prefix) values (?, ?, ?, ?)", [
      org,
      name,
      createHash("sha256").update(token, "utf8").digest("hex"),
      token.slice(0, 12),
    ]);
  } finally {
    await db.close();
  }
  return token;
}

/**
 * Every (relationship, quarter) where the user's organisation has no
 * assessment yet: from the relationship's start to the last completed
 * quarter, so a submit or a first draft save there is a real write.
 */
export async function freeAssessmentQuarters(target: string, email: string, asOf = new Date()): Promise<Array<{ relationshipId: number; period: string }>> {
  const db = await openBenchDatabase(target, { readonly: true });
  try {
    const org = await organisationOf(db, email);
    const taken = new Set(
      (await db.all<{ r: number; period: string }>("select relationship_id as r, period from assessments where organisation_id = ?", [org])).map(
        (a) => `${a.r}/${a.period}`,
      ),
    );
    const relationships = await db.all<{ id: number; start_date: string }>(
      "select id, start_date from relationships where ? in (provider_id, customer_id) order by id",
      [org],
    );
    const lastCompleted = previousQuarter(quarterOf(asOf));
    return relationships.flatMap((r) =>
      quarterRange(quarterOf(new Date(`${r.start_date}T00:00:00Z`)), lastCompleted)
        .filter((period) => !taken.has(`${r.id}/${period}`))
        .map((period) => ({ relationshipId: r.id, period })),
    );
  } finally {
    await db.close();
  }
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
