/**
 * npm run backup -- <file>
 * A consistent copy of the live database through SQLite's online backup API:
 * safe while the server runs and writes. The copy is checked before the
 * command reports success.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * With ATTACHMENT_STORAGE=directory the attachments' bytes are files, not
 * rows: they are copied beside the backup, to `<backup>.attachments/`, after
 * the database (each file is written once under a random name and never
 * changed, so a plain copy is consistent). The database storage needs
 * nothing (attachment_blobs is a table); S3 is backed up by the bucket's own
 * versioning or replication.
 */
function copyAttachmentDirectory(backupFile: string): string {
  if (process.env.ATTACHMENT_STORAGE !== "directory" || !process.env.ATTACHMENT_DIR) return "";
  const source = path.resolve(process.env.ATTACHMENT_DIR);
  if (!fs.existsSync(source)) return "";
  const target = `${path.resolve(backupFile)}.attachments`;
  fs.cpSync(source, target, { recursive: true, filter: (file) => !path.basename(file).startsWith(".tmp-") });
  return `, attachments copied to ${target}`;
}

if (process.env.DATABASE_URL) {
  // PostgreSQL: pg_dump's custom format, checked (db/postgres-backup.ts).
  const { backupPostgres, describePostgresUrl } = await import("../db/postgres-backup");
  const file = process.argv[2];
  if (!file) {
    console.error("Usage: npm run backup -- <backup-file.dump>");
    process.exit(2);
  }
  const started = Date.now();
  try {
    const { bytes } = await backupPostgres(process.env.DATABASE_URL, file);
    const attachmentsNote = copyAttachmentDirectory(file);
    console.log(
      `Backed up ${describePostgresUrl(process.env.DATABASE_URL)} -> ${file} (${(bytes / 1e6).toFixed(1)} MB, ${Date.now() - started} ms, every table present${attachmentsNote})`,
    );
    process.exit(0);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const source = process.env.DATABASE_PATH ?? "./data/portal.db";
const target = process.argv[2];
if (!target) {
  console.error("Usage: npm run backup -- <backup-file.db>");
  process.exit(2);
}
if (!fs.existsSync(source)) {
  console.error(`No database at ${source} (set DATABASE_PATH).`);
  process.exit(1);
}
if (path.resolve(target) === path.resolve(source)) {
  console.error("The backup file must not be the database itself.");
  process.exit(2);
}

fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
const started = Date.now();
const db = new Database(source, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
await db.backup(target);
db.close();

const copy = new Database(target, { readonly: true });
const integrity = copy.pragma("integrity_check", { simple: true });
copy.close();
if (integrity !== "ok") {
  console.error(`The backup failed its integrity check: ${integrity}`);
  process.exit(1);
}
const bytes = fs.statSync(target).size;
console.log(`Backed up ${source} -> ${target} (${(bytes / 1e6).toFixed(1)} MB, ${Date.now() - started} ms, integrity ok${copyAttachmentDirectory(target)})`);
