/**
 * npm run restore -- <file>
 * Verifies a backup with PRAGMA integrity_check (and foreign_key_check) and
 * checks its tables and columns against the migrations it has applied
 * (db/schema-check.ts), keeps
 * a copy of the current database beside it, then writes the backup into the
 * database through SQLite's backup API, so a running server sees the restored
 * data on its next query instead of holding a deleted file open.
 */
import fs from "node:fs";
import Database from "better-sqlite3";
import { schemaProblems } from "../db/schema-check";

if (process.env.DATABASE_URL) {
  // PostgreSQL: proved restorable in a scratch database first (db/postgres-backup.ts).
  const { restorePostgres, describePostgresUrl } = await import("../db/postgres-backup");
  const file = process.argv[2];
  if (!file) {
    console.error("Usage: npm run restore -- <backup-file.dump>");
    process.exit(2);
  }
  try {
    const { keptAs } = await restorePostgres(process.env.DATABASE_URL, file);
    console.log(`Kept the current data as ${keptAs}`);
    console.log(`Restored ${file} -> ${describePostgresUrl(process.env.DATABASE_URL)}. Run npm start (or restart) to apply newer migrations.`);
    process.exit(0);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const target = process.env.DATABASE_PATH ?? "./data/portal.db";
const backupFile = process.argv[2];
if (!backupFile || !fs.existsSync(backupFile)) {
  console.error("Usage: npm run restore -- <backup-file.db>  (the file must exist)");
  process.exit(2);
}

let backup: Database.Database;
try {
  backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  const integrity = backup.pragma("integrity_check", { simple: true });
  if (integrity !== "ok") throw new Error(`integrity_check: ${integrity}`);
  const orphans = backup.pragma("foreign_key_check") as unknown[];
  if (orphans.length > 0) throw new Error(`foreign_key_check found ${orphans.length} orphan rows`);
  const problems = schemaProblems(backup);
  if (problems.length > 0) throw new Error(`its schema does not match the migrations: ${problems.join("; ")}`);
} catch (error) {
  console.error(`Refusing to restore ${backupFile}: ${(error as Error).message}`);
  process.exit(1);
}

if (fs.existsSync(target)) {
  const safety = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  const current = new Database(target, { fileMustExist: true });
  current.pragma("busy_timeout = 5000");
  await current.backup(safety);
  current.close();
  console.log(`Kept the current database as ${safety}`);
}

await backup.backup(target);
backup.close();
const restored = new Database(target);
restored.pragma("journal_mode = WAL");
const ok = restored.pragma("integrity_check", { simple: true });
restored.close();
console.log(`Restored ${backupFile} -> ${target} (integrity ${ok}). Run npm start (or restart) to apply newer migrations.`);
