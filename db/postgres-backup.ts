/**
 * Backup and restore on PostgreSQL, with pg_dump and pg_restore (custom
 * format), and the same promises as on SQLite: a backup is checked before
 * it is reported, and a restore first proves the file whole (restored into a
 * scratch database and compared with the schema), keeps the current data
 * beside the backup, and then replaces the data in one transaction.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getTableConfig } from "drizzle-orm/pg-core";
import { postgresBinDir } from "../scripts/lib/postgres-server";
import { connectPostgres, describePostgresUrl } from "./postgres";
import { pgTables } from "./schema-pg";

function tool(name: "pg_dump" | "pg_restore"): string {
  const dir = postgresBinDir();
  return dir ? path.join(dir, name) : name;
}

function run(name: "pg_dump" | "pg_restore", args: string[]): string {
  const result = spawnSync(tool(name), args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${name} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${name} failed: ${(result.stderr || result.stdout).trim().split("\n").slice(-3).join(" ")}`);
  return result.stdout;
}

/** Every table of the schema has its data in the dump's table of contents. */
function dumpProblems(file: string): string[] {
  const listing = run("pg_restore", ["--list", file]);
  return Object.values(pgTables)
    .map((table) => getTableConfig(table).name)
    .filter((name) => !new RegExp(`TABLE DATA public ${name} `).test(listing))
    .map((name) => `no data for table ${name}`);
}

/** Tables and columns of a restored database that the schema has and it lacks. */
async function schemaProblems(url: string): Promise<string[]> {
  const client = await connectPostgres(url);
  try {
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      "select table_name, column_name from information_schema.columns where table_schema = 'public'",
    );
    const have = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    return Object.values(pgTables).flatMap((table) => {
      const config = getTableConfig(table);
      return config.columns.filter((c) => !have.has(`${config.name}.${c.name}`)).map((c) => `missing ${config.name}.${c.name}`);
    });
  } finally {
    await client.end();
  }
}

export async function backupPostgres(url: string, file: string): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // One snapshot (a repeatable-read transaction): consistent while people and systems keep writing.
  run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, url]);
  const problems = dumpProblems(file);
  if (problems.length > 0) throw new Error(`The backup is incomplete: ${problems.join("; ")}`);
  return { bytes: fs.statSync(file).size };
}

/** Restores `file` into a scratch database on the same server, checks it, and drops it. */
async function proveRestorable(url: string, file: string): Promise<void> {
  const scratch = `portal_restore_check_${crypto.randomBytes(4).toString("hex")}`;
  const admin = await connectPostgres(url);
  try {
    await admin.query(`create database ${scratch}`);
    try {
      const scratchUrl = new URL(url);
      scratchUrl.pathname = `/${scratch}`;
      run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${scratchUrl}`, file]);
      const problems = await schemaProblems(scratchUrl.toString());
      if (problems.length > 0) throw new Error(`its schema does not match: ${problems.join("; ")}`);
    } finally {
      await admin.query(`drop database if exists ${scratch} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * Replaces the database's contents with the backup's. Refuses a file that
 * is not a whole, restorable backup of this schema, before anything is
 * written. Returns the file that keeps the data as it was.
 */
export async function restorePostgres(url: string, file: string): Promise<{ keptAs: string }> {
  if (!fs.existsSync(file)) throw new Error(`No backup at ${file}`);
  const problems = (() => {
    try {
      return dumpProblems(file);
    } catch (error) {
      return [(error as Error).message];
    }
  })();
  if (problems.length > 0) throw new Error(`Refusing to restore ${file}: ${problems.join("; ")}`);
  try {
    await proveRestorable(url, file);
  } catch (error) {
    throw new Error(`Refusing to restore ${file}: ${(error as Error).message}`);
  }
  const keptAs = `${file}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}.dump`;
  run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${keptAs}`, url]);
  run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${url}`, file]);
  return { keptAs };
}

export { describePostgresUrl };
