/**
 * Copies a SQLite database of the portal into an empty PostgreSQL database:
 * every row of every table, ids kept, in one PostgreSQL transaction. The
 * SQLite file is first brought to the current schema on a private copy (the
 * file itself is not touched), so a database of any earlier version moves.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { is } from "drizzle-orm";
import type pg from "pg";
import { migrateDatabase, openDatabase } from "./connection";
import { dropPostgresTriggers, installPostgresTriggers } from "./pg-triggers";
import { connectPostgres, inTransaction, migratePostgres } from "./postgres";
import * as schema from "./schema";

/** PostgreSQL binds at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

type TableInfo = { name: string; columns: string[]; identity: boolean; parents: string[] };

/** The schema's tables, parents before children (foreign keys), so every row's references exist when it is inserted. */
export function tablesInCopyOrder(): TableInfo[] {
  const tables = (Object.values(schema) as unknown[])
    .filter((value): value is SQLiteTable => is(value, SQLiteTable))
    .map((table) => {
      const config = getTableConfig(table);
      return {
        name: config.name,
        columns: config.columns.map((c) => c.name),
        identity: config.columns.some((c) => c.name === "id" && c.primary && (c as unknown as { autoIncrement?: boolean }).autoIncrement),
        parents: [...new Set(config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name))].filter((p) => p !== config.name),
      };
    });
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t.name) && t.parents.every((p) => placed.has(p)));
    if (ready.length === 0) throw new Error("The schema's foreign keys form a cycle: no copy order");
    for (const table of ready.sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}

export type CopyReport = { tables: Array<{ name: string; rows: number }> };

/** A consistent, migrated private copy of the SQLite file (its WAL included). */
async function migratedSnapshot(sqliteFile: string): Promise<{ file: string; dispose(): void }> {
  if (!fs.existsSync(sqliteFile)) throw new Error(`No SQLite database at ${sqliteFile}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-copy-"));
  const file = path.join(dir, "portal.db");
  const source = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(file);
  } finally {
    source.close();
  }
  const db = openDatabase(file);
  try {
    migrateDatabase(db);
  } finally {
    db.$client.close();
  }
  return { file, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function assertEmpty(client: pg.Client, tables: TableInfo[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await client.query(`select exists (select 1 from "${table.name}") as taken`);
    if (rows[0].taken) throw new Error(`The PostgreSQL database is not empty: table ${table.name} has rows. Copy into an empty database.`);
  }
}

async function copyTable(sqlite: Database.Database, client: pg.Client, table: TableInfo): Promise<number> {
  const columnList = table.columns.map((c) => `"${c}"`).join(", ");
  const read = sqlite.prepare(`select ${columnList} from "${table.name}"`).raw(true);
  const perBatch = Math.max(1, Math.floor(MAX_PARAMETERS / table.columns.length));
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch.map((_, r) => `(${table.columns.map((__, c) => `$${r * table.columns.length + c + 1}`).join(", ")})`).join(", ");
    await client.query(`insert into "${table.name}" (${columnList}) values ${values}`, batch.flat());
    copied += batch.length;
    batch = [];
  };
  for (const row of read.iterate() as Iterable<unknown[]>) {
    batch.push(row.map((v) => (typeof v === "bigint" ? Number(v) : v)));
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  if (table.identity) {
    // The next id continues after the copied ones.
    await client.query(
      `select setval(pg_get_serial_sequence('"${table.name}"', 'id'), greatest(coalesce(max(id), 0), 1), max(id) is not null) from "${table.name}"`,
    );
  }
  return copied;
}

/**
 * Copies `sqliteFile` into the PostgreSQL database at `url`, which is
 * migrated first and must hold no rows. All or nothing: one transaction.
 * Afterwards every table's row count is compared with the source's.
 */
export async function copySqliteToPostgres(sqliteFile: string, url: string, log: (line: string) => void = () => {}): Promise<CopyReport> {
  const snapshot = await migratedSnapshot(sqliteFile);
  const sqlite = new Database(snapshot.file, { readonly: true });
  try {
    await migratePostgres(url);
    const tables = tablesInCopyOrder();
    const client = await connectPostgres(url);
    try {
      await assertEmpty(client, tables);
      const report: CopyReport = { tables: [] };
      await inTransaction(client, async () => {
        // A trigger per copied row would recompute the derived tables thousands of times: they are refilled once at the end.
        await dropPostgresTriggers(client);
        // The guard of published model versions (migration 0002) would refuse their levels, copied after them.
        await client.query("ALTER TABLE importance_levels DISABLE TRIGGER importance_levels_published");
        for (const table of tables) {
          const rows = await copyTable(sqlite, client, table);
          report.tables.push({ name: table.name, rows });
          log(`${table.name}: ${rows} rows`);
        }
        await client.query("ALTER TABLE importance_levels ENABLE TRIGGER importance_levels_published");
        await installPostgresTriggers(client);
      });
      for (const { name, rows } of report.tables) {
        const expected = (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
        const { rows: counted } = await client.query(`select count(*)::int as n from "${name}"`);
        if (counted[0].n !== expected || rows !== expected) throw new Error(`Table ${name}: ${expected} rows in SQLite, ${counted[0].n} in PostgreSQL`);
      }
      return report;
    } finally {
      await client.end();
    }
  } finally {
    sqlite.close();
    snapshot.dispose();
  }
}
