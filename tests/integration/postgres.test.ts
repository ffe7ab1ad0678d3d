/**
 * PostgreSQL, against a real server (TEST_DATABASE_URL, or a throwaway one
 * of this file's own): the migrations built from the derived schema give the
 * same tables, columns, keys, indexes and CHECKs as SQLite's, migrating is
 * safe when servers start together, and db:copy-to-postgres moves the
 * first migration's demo database without losing a row or a score total.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../db/connection";
import { copySqliteToPostgres } from "../../db/copy-to-postgres";
import { connectPostgres, migratePostgres } from "../../db/postgres";
import { refillPostgresDerivedTables } from "../../db/pg-triggers";
import { SCORE_TOTALS_FROM_SOURCE } from "../../db/score-totals";
import { freshPostgresDatabase, type TestPostgres } from "../support/postgres";

const FIXTURE = path.resolve("tests/fixtures/portal-0000-demo.db");

let target: TestPostgres;
let client: pg.Client;
let sqlite: Database.Database;
let sqliteDir: string;

async function rows<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await client.query(text, params)).rows as T[];
}

/** The fixture brought to the current schema, as the SQLite side of every comparison. */
function migratedFixture(): Database.Database {
  const dir = (sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-side-")));
  const file = path.join(dir, "portal.db");
  fs.copyFileSync(FIXTURE, file);
  const db = openDatabase(file);
  migrateDatabase(db);
  return db.$client;
}

const userTables = (db: Database.Database) =>
  (
    db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as Array<{
      name: string;
    }>
  ).map((t) => t.name);

beforeAll(async () => {
  target = await freshPostgresDatabase();
  sqlite = migratedFixture();
  await migratePostgres(target.url);
  client = await connectPostgres(target.url);
}, 120_000);

afterAll(async () => {
  await client?.end();
  sqlite?.close();
  if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
  await target?.drop();
});

describe("the PostgreSQL schema", () => {
  it("migrates, and migrating again changes nothing", async () => {
    await migratePostgres(target.url);
    const applied = await rows<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations");
    const journal = JSON.parse(fs.readFileSync("db/migrations-pg/meta/_journal.json", "utf8")) as { entries: unknown[] };
    expect(applied[0].n).toBe(journal.entries.length);
  });

  it("has SQLite's tables, with the same columns, nullability and primary keys", async () => {
    const tables = userTables(sqlite);
    const pgTables = await rows<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
    );
    expect(pgTables.map((t) => t.table_name)).toEqual(tables);
    const family = (type: string) =>
      /int/i.test(type) ? "integer" : /real|double|float/i.test(type) ? "real" : /text|char/i.test(type) ? "text" : /blob|bytea/i.test(type) ? "blob" : type;
    for (const table of tables) {
      const sqliteColumns = (sqlite.prepare(`pragma table_info("${table}")`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>).map(
        (c) => ({ name: c.name, type: family(c.type), notNull: c.notnull === 1 || c.pk > 0, pk: c.pk > 0 }),
      );
      const pgColumns = await rows<{ name: string; type: string; not_null: boolean; pk: boolean }>(
        `select c.column_name as name, c.data_type as type, c.is_nullable = 'NO' as not_null,
           exists (select 1 from information_schema.key_column_usage k join information_schema.table_constraints t
                     on t.constraint_name = k.constraint_name and t.table_name = k.table_name
                   where k.table_name = c.table_name and k.column_name = c.column_name and t.constraint_type = 'PRIMARY KEY') as pk
         from information_schema.columns c where c.table_schema = 'public' and c.table_name = $1 order by c.ordinal_position`,
        [table],
      );
      const sortByName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
      expect(sortByName(pgColumns.map((c) => ({ name: c.name, type: family(c.type), notNull: c.not_null, pk: c.pk }))), table).toEqual(
        sortByName(sqliteColumns),
      );
    }
  });

  it("has SQLite's indexes (unique and partial alike) and foreign keys", async () => {
    const byName = (list: Array<{ name: string; tableName: string }>) => [...list].sort((a, b) => (a.name < b.name ? -1 : 1));
    const sqliteIndexes = sqlite
      .prepare("select name, tbl_name as tableName from sqlite_master where type = 'index' and name not like 'sqlite_autoindex%'")
      .all() as Array<{ name: string; tableName: string }>;
    // A primary key is an index on PostgreSQL only; SQLite's are autoindexes (or the rowid).
    const pgIndexes = await rows<{ name: string; tableName: string }>(
      `select i.relname as name, t.relname as "tableName" from pg_index x
         join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = 'public' and not x.indisprimary`,
    );
    expect(byName(pgIndexes)).toEqual(byName(sqliteIndexes));
    for (const table of userTables(sqlite)) {
      const sqliteKeys = (sqlite.prepare(`pragma foreign_key_list("${table}")`).all() as Array<{ table: string; from: string; on_delete: string }>)
        .map((k) => `${k.from}->${k.table} ${k.on_delete.toLowerCase()}`)
        .sort();
      const pgKeys = (
        await rows<{ key: string }>(
          `select kcu.column_name || '->' || ccu.table_name || ' ' || lower(rc.delete_rule) as key
           from information_schema.referential_constraints rc
           join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name
           join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.unique_constraint_name
           join information_schema.table_constraints tc on tc.constraint_name = rc.constraint_name
           where tc.table_name = $1`,
          [table],
        )
      )
        .map((k) => k.key)
        .sort();
      expect(pgKeys, table).toEqual(sqliteKeys);
    }
  });

  it("refuses what SQLite's CHECKs refuse: a malformed quarter or month, a score out of range", async () => {
    const refused = async (text: string) => {
      await client.query("savepoint probe");
      try {
        await client.query(text);
        return false;
      } catch (error) {
        return /check constraint/.test((error as Error).message);
      } finally {
        await client.query("rollback to savepoint probe");
      }
    };
    await client.query("begin");
    try {
      await client.query("insert into organisations (id, name) values (9001, 'A'), (9002, 'B')");
      await client.query("insert into chains (id, name, focal_organisation_id) values (9001, 'C', 9001)");
      await client.query(
        "insert into relationships (id, chain_id, provider_id, customer_id, service_name, start_date, lifecycle_stage, diversity, criticality) values (9001, 9001, 9002, 9001, 'S', '2025-01-01', 'active', 'uniform', 'low')",
      );
      await client.query(
        "insert into metric_definitions (id, key, name_fi, name_en, unit, direction, aggregation, category) values (9001, 'k', 'k', 'k', 'x', 'higher_better', 'mean', 'c')",
      );
      const measurement = (month: string) =>
        `insert into measurements (metric_id, relationship_id, month, value, recorded_by_organisation_id, source) values (9001, 9001, '${month}', 1, 9001, 'form')`;
      expect(await refused(measurement("2025-13x"))).toBe(true);
      expect(await refused(measurement("25-01"))).toBe(true);
      expect(await refused(measurement("2025-01"))).toBe(false);
      await client.query("insert into users (email, name, password_hash) values ('a@b.fi', 'A', 'x')");
      const assessment = (period: string) =>
        `insert into assessments (relationship_id, side, period, organisation_id, assessor_user_id) select 9001, 'customer', '${period}', 9001, id from users where email = 'a@b.fi'`;
      expect(await refused(assessment("2025-Q5"))).toBe(true);
      expect(await refused(assessment("2025-Q4"))).toBe(false);
      await client.query(assessment("2025-Q3"));
      const score = (value: number) =>
        `insert into assessment_scores (assessment_id, factor, score) select id, 'trust', ${value} from assessments where period = '2025-Q3'`;
      expect(await refused(score(6))).toBe(true);
      expect(await refused(score(5))).toBe(false);
      expect(await refused("insert into organisations (name, headcount) values ('N', -1)")).toBe(true);
    } finally {
      await client.query("rollback");
    }
  });

  it("applies each migration once when several servers migrate at the same moment", async () => {
    const other = await freshPostgresDatabase();
    try {
      await Promise.all(Array.from({ length: 4 }, () => migratePostgres(other.url)));
      const check = await connectPostgres(other.url);
      try {
        const applied = await check.query("select count(*)::int as n from drizzle.__drizzle_migrations");
        const journal = JSON.parse(fs.readFileSync("db/migrations-pg/meta/_journal.json", "utf8")) as { entries: unknown[] };
        expect(applied.rows[0].n).toBe(journal.entries.length);
      } finally {
        await check.end();
      }
    } finally {
      await other.drop();
    }
  }, 60_000);
});

describe("db:copy-to-postgres", () => {
  it("copies the first migration's demo database: every table's rows, and the score totals match", async () => {
    const report = await copySqliteToPostgres(FIXTURE, target.url);
    const counts = Object.fromEntries(report.tables.map((t) => [t.name, t.rows]));
    for (const table of userTables(sqlite)) {
      const expected = (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
      expect(counts[table], table).toBe(expected);
      const [{ n }] = await rows<{ n: number }>(`select count(*)::int as n from "${table}"`);
      expect(n, table).toBe(expected);
    }
    expect(counts.measurements).toBeGreaterThan(1000);
    expect(counts.submitted_score_totals).toBeGreaterThan(20);

    // The totals on PostgreSQL: as copied, as recomputed there from the copied scores, and as SQLite has them.
    const order = "order by relationship_id, period, side";
    const copied = await rows(`select * from submitted_score_totals ${order}`);
    const recomputed = await rows(`select * from (${SCORE_TOTALS_FROM_SOURCE}) t ${order}`);
    const onSqlite = sqlite.prepare(`select * from submitted_score_totals ${order}`).all();
    expect(copied).toEqual(onSqlite);
    // pg returns count() (a bigint) as a string.
    const numbers = (r: unknown) =>
      Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v]));
    expect(recomputed.map(numbers)).toEqual(onSqlite);

    // Values survive the trip: measurements' sums, and a boolean column read back as 0/1.
    const [pgSum] = await rows<{ s: number }>("select sum(value)::float8 as s from measurements");
    const sqliteSum = (sqlite.prepare("select sum(value) as s from measurements").get() as { s: number }).s;
    expect(pgSum.s).toBeCloseTo(sqliteSum, 6);
    const [admins] = await rows<{ n: number }>("select count(*)::int as n from users where is_platform_admin = 1");
    expect(admins.n).toBe((sqlite.prepare("select count(*) as n from users where is_platform_admin = 1").get() as { n: number }).n);

    // New rows continue after the copied ids.
    const [maxId] = await rows<{ id: number }>("select max(id)::int as id from organisations");
    const [inserted] = await rows<{ id: number }>("insert into organisations (name) values ('After the copy') returning id");
    expect(inserted.id).toBeGreaterThan(maxId.id);
  }, 120_000);

  it("keeps the score totals and visible metric cells with plpgsql triggers as rows change", async () => {
    const totals = () => rows(`select * from submitted_score_totals order by relationship_id, period, side`);
    const cells = () => rows(`select * from visible_metric_cells order by 1, 2, 3, 4`);
    /** What a full refill computes now, without keeping it. */
    const refilled = async () => {
      await client.query("begin");
      try {
        await refillPostgresDerivedTables(client);
        return { totals: await totals(), cells: await cells() };
      } finally {
        await client.query("rollback");
      }
    };
    const totalsBefore = await totals();
    const cellsBefore = await cells();
    const [score] = await rows<{ assessment_id: number; factor: string; score: number }>(
      `select s.assessment_id, s.factor, s.score from assessment_scores s join assessments a on a.id = s.assessment_id
        where a.status = 'submitted' and s.score is not null order by s.assessment_id limit 1`,
    );
    await client.query("update assessment_scores set score = $1 where assessment_id = $2 and factor = $3", [
      score.score === 5 ? 1 : 5,
      score.assessment_id,
      score.factor,
    ]);
    const [grant] = await rows<{ id: number }>("select id from sharing_grants where revoked_at is null order by id limit 1");
    await client.query("update sharing_grants set revoked_at = '2026-11-22T12:00:00.000Z' where id = $1", [grant.id]);
    const expected = await refilled();
    expect(await totals()).toEqual(expected.totals);
    expect(await cells()).toEqual(expected.cells);
    expect(await totals()).not.toEqual(totalsBefore);
    expect((await cells()).length).toBeLessThan(cellsBefore.length);
  });

  it("refuses a database that already has rows, and writes nothing", async () => {
    const [before] = await rows<{ n: number }>("select count(*)::int as n from measurements");
    await expect(copySqliteToPostgres(FIXTURE, target.url)).rejects.toThrow(/not empty: table \w+ has rows/);
    const [after] = await rows<{ n: number }>("select count(*)::int as n from measurements");
    expect(after.n).toBe(before.n);
  }, 60_000);

  it("backs up with pg_dump and restores it, keeping the data it replaces; a damaged backup is refused with nothing written", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-backup-"));
    const script = (name: string, args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", `scripts/${name}.ts`, ...args], {
        env: { ...process.env, DATABASE_URL: target.url },
        encoding: "utf8",
        timeout: 120_000,
      });
    try {
      const file = path.join(dir, "portal.dump");
      const backedUp = script("backup", [file]);
      expect(backedUp.status, backedUp.stderr).toBe(0);
      expect(backedUp.stdout).toMatch(/every table present/);
      const [before] = await rows<{ n: number }>("select count(*)::int as n from measurements");

      // Changed after the backup: the restore brings the backed-up state back.
      await client.query("delete from measurement_history");
      await client.query("delete from measurements where id in (select id from measurements order by id limit 10)");
      const damaged = path.join(dir, "damaged.dump");
      fs.writeFileSync(damaged, fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size / 2)));
      const refused = script("restore", [damaged]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/^Refusing to restore/);
      const [untouched] = await rows<{ n: number }>("select count(*)::int as n from measurements");
      expect(untouched.n).toBe(before.n - 10);

      const restored = script("restore", [file]);
      expect(restored.status, restored.stderr).toBe(0);
      const [after] = await rows<{ n: number }>("select count(*)::int as n from measurements");
      expect(after.n).toBe(before.n);
      const kept = fs.readdirSync(dir).filter((f) => f.startsWith("portal.dump.before-restore-"));
      expect(kept).toHaveLength(1);
      // The triggers came back with the data: a score change still reaches the totals.
      const [{ n: triggers }] = await rows<{ n: number }>("select count(*)::int as n from pg_trigger where not tgisinternal");
      expect(triggers).toBeGreaterThan(10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("names the host, not a stack, when PostgreSQL cannot be reached", async () => {
    await expect(connectPostgres("postgres://portal:secret@127.0.0.1:1/portal")).rejects.toThrow(/^Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/portal: /);
    await expect(connectPostgres("postgres://portal:secret@127.0.0.1:1/portal")).rejects.not.toThrow(/secret/);
  });
});
