/**
 * Safe upgrades on PostgreSQL, the twin of upgrade.test.ts: a database made
 * by the FIRST PostgreSQL migration (db/migrations-pg 0000 alone, through
 * drizzle's migrator on a copy of the folder whose journal ends there),
 * holding the demo data of tests/fixtures/portal-0000-demo.db (brought to
 * the schema of that time on SQLite, then every column that PostgreSQL's
 * 0000 has copied, ids kept), is upgraded by migratePostgres as a server
 * start does. Every row of every table is still there, unchanged (the
 * derived tables too: the upgrade installs the triggers and refills them,
 * and PostgreSQL's recomputation must equal SQLite's), every foreign key
 * holds, the derived tables equal a recomputation, and the
 * upgraded schema is exactly that of a database migrated from empty (an
 * applied migration edited afterwards would differ: drizzle does not re-run
 * it). PostgreSQL's migrations start where SQLite's 0007 was, so the
 * fixture's history before that is SQLite's own (upgrade.test.ts).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../db/connection";
import { tablesInCopyOrder } from "../../db/copy-to-postgres";
import { connectPostgres, migratePostgres, PG_MIGRATIONS_FOLDER } from "../../db/postgres";
import { freshPostgresDatabase, type TestPostgres } from "../support/postgres";
import { danglingForeignKeys, derivedTablesDrift } from "../support/postgres-checks";

const FIXTURE = path.resolve("tests/fixtures/portal-0000-demo.db");
/** PostgreSQL binds at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

type Journal = { entries: Array<{ idx: number; tag: string }> };

let target: TestPostgres;
let freshUrl: string;
let freshName: string;
let dir: string;
const journal = JSON.parse(fs.readFileSync(path.join(PG_MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as Journal & Record<string, unknown>;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectPostgres(url);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** db/migrations-pg as it was after its first migration: 0000's SQL and a journal that ends with it. */
function firstMigrationFolder(): string {
  const folder = path.join(dir, "migrations-pg-0000");
  const [first] = journal.entries;
  fs.mkdirSync(path.join(folder, "meta"), { recursive: true });
  fs.copyFileSync(path.join(PG_MIGRATIONS_FOLDER, `${first.tag}.sql`), path.join(folder, `${first.tag}.sql`));
  fs.writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries: [first] }));
  return folder;
}

/** The public tables and their columns, in column order. */
async function columnsByTable(client: pg.ClientBase): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ table: string; column: string }>(
    `select c.table_name as table, c.column_name as column from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position`,
  );
  const out = new Map<string, string[]>();
  for (const { table, column } of rows) out.set(table, [...(out.get(table) ?? []), column]);
  return out;
}

/** Copies the SQLite file's rows of every table PostgreSQL has (the columns both have), parents first, and moves the identities past them. */
async function loadRows(sqliteFile: string, client: pg.ClientBase): Promise<void> {
  const sqlite = new Database(sqliteFile, { readonly: true });
  try {
    const pgColumns = await columnsByTable(client);
    for (const { name } of tablesInCopyOrder()) {
      const columns = pgColumns.get(name);
      if (!columns) continue; // not there yet at 0000
      const sqliteColumns = new Set((sqlite.prepare(`pragma table_info("${name}")`).all() as Array<{ name: string }>).map((c) => c.name));
      const shared = columns.filter((c) => sqliteColumns.has(c));
      const list = shared.map((c) => `"${c}"`).join(", ");
      const rows = sqlite.prepare(`select ${list} from "${name}"`).raw(true).all() as unknown[][];
      const perBatch = Math.floor(MAX_PARAMETERS / shared.length);
      for (let i = 0; i < rows.length; i += perBatch) {
        const batch = rows.slice(i, i + perBatch);
        const values = batch.map((_, r) => `(${shared.map((__, c) => `$${r * shared.length + c + 1}`).join(", ")})`).join(", ");
        await client.query(`insert into "${name}" (${list}) values ${values}`, batch.flat());
      }
      if (columns.includes("id")) {
        const { rows: identity } = await client.query<{ seq: string | null }>(`select pg_get_serial_sequence('"${name}"', 'id') as seq`);
        if (identity[0].seq) await client.query(`select setval($1, greatest(coalesce(max(id), 0), 1), max(id) is not null) from "${name}"`, [identity[0].seq]);
      }
    }
  } finally {
    sqlite.close();
  }
}

/** Per table: its row count and a hash of every row, over the given columns (the ones it had before the upgrade). */
async function fingerprint(client: pg.ClientBase, tables: Map<string, string[]>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, columns] of tables) {
    const list = columns.map((c) => `"${c}"`).join(", ");
    const { rows } = await client.query({ text: `select ${list} from "${table}" order by ${columns.map((_, i) => i + 1).join(", ")}`, rowMode: "array" });
    out[table] = `${rows.length}:${createHash("sha256").update(JSON.stringify(rows)).digest("hex").slice(0, 16)}`;
  }
  return out;
}

/** The schema as PostgreSQL describes it: columns (type, nullability, default), indexes, constraints and triggers. */
async function schemaOf(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(
    `select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-')
       || ' ' || is_identity as line
       from information_schema.columns where table_schema = 'public'
     union all select 'index ' || indexdef from pg_indexes where schemaname = 'public'
     union all select 'constraint ' || t.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace where n.nspname = 'public'
     union all select 'trigger ' || t.tgname || ' ' || pg_get_triggerdef(t.oid) from pg_trigger t where not t.tgisinternal
     order by 1`,
  );
  return rows.map((r) => r.line);
}

let countsBefore: Record<string, number>;
let fingerprintBefore: Record<string, string>;
let tablesBefore: Map<string, string[]>;
let appliedBefore: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-upgrade-"));
  target = await freshPostgresDatabase();
  // The demo data as a database of PostgreSQL's 0000 held it: SQLite's fixture brought to the schema of that time.
  const sqliteFile = path.join(dir, "portal.db");
  fs.copyFileSync(FIXTURE, sqliteFile);
  const sqlite = openDatabase(sqliteFile);
  migrateDatabase(sqlite);
  sqlite.$client.close();

  await withClient(target.url, async (client) => {
    // drizzle's migrator itself, not migratePostgres: today's triggers need not fit the schema of 0000.
    await migrate(drizzle(client), { migrationsFolder: firstMigrationFolder() });
    await client.query("begin");
    await loadRows(sqliteFile, client);
    await client.query("commit");
    appliedBefore = (await client.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations")).rows[0].n;
    tablesBefore = await columnsByTable(client);
    countsBefore = {};
    for (const table of tablesBefore.keys()) countsBefore[table] = (await client.query(`select count(*)::int as n from "${table}"`)).rows[0].n as number;
    fingerprintBefore = await fingerprint(client, tablesBefore);
  });

  // A database on the same server migrated from empty, for the schema comparison.
  freshName = `${new URL(target.url).pathname.slice(1)}_fresh`;
  await withClient(target.url, (client) => client.query(`create database ${freshName}`));
  const fresh = new URL(target.url);
  fresh.pathname = `/${freshName}`;
  freshUrl = fresh.toString();
  await migratePostgres(freshUrl);

  // The upgrade, as a server start runs it.
  await migratePostgres(target.url);
}, 120_000);

afterAll(async () => {
  if (freshName) await withClient(target.url, (client) => client.query(`drop database if exists ${freshName} with (force)`));
  await target?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("upgrading a PostgreSQL database made by the first migration", () => {
  it("started from the first migration alone, with the demo data", () => {
    expect(appliedBefore).toBe(1);
    expect(journal.entries.length).toBeGreaterThan(1);
    expect(countsBefore.measurements).toBeGreaterThan(1000);
    expect(countsBefore.assessment_scores).toBeGreaterThan(500);
    expect(countsBefore.submitted_score_totals).toBeGreaterThan(20);
    expect(countsBefore.visible_metric_cells).toBeGreaterThan(20);
  });

  it("applies every later migration", async () => {
    const applied = await withClient(target.url, (client) => client.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations"));
    expect(applied.rows[0].n).toBe(journal.entries.length);
  });

  it("keeps every row of every table, unchanged", async () => {
    const after = await withClient(target.url, (client) => fingerprint(client, tablesBefore));
    expect(after).toEqual(fingerprintBefore);
  });

  it("leaves every foreign key holding and the derived tables equal to a recomputation", async () => {
    await withClient(target.url, async (client) => {
      expect(await danglingForeignKeys(client)).toEqual([]);
      expect(await derivedTablesDrift(client)).toEqual([]);
    });
  });

  it("ends with the schema of a database migrated from empty", async () => {
    const upgraded = await withClient(target.url, schemaOf);
    const fromEmpty = await withClient(freshUrl, schemaOf);
    expect(upgraded.length).toBeGreaterThan(100);
    expect(upgraded).toEqual(fromEmpty);
    expect(await withClient(target.url, async (client) => [...(await columnsByTable(client)).keys()].sort())).toEqual(
      tablesInCopyOrder()
        .map((t) => t.name)
        .sort(),
    );
  });
});
