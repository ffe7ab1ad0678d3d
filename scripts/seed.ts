/**
 * Loads the demo data: `npx tsx scripts/seed.ts [--reset] [--if-empty]`
 *
 * - DATABASE_PATH (default ./data/portal.db) is the SQLite file.
 * - --reset deletes the database file (and its -wal/-shm files) first.
 * - The database is migrated and given the default importance model, then
 *   the demo data is written when it has no organisations. On a database
 *   that already has data nothing is written and the exit code is 0
 *   (--if-empty makes that the expected, quiet case, e.g. at container start).
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { ensureDefaultImportanceModel } from "../db/bootstrap";
import { migrateDatabase, openDatabase, type SqliteDatabase } from "../db/connection";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoData } from "../db/seed/demo";

const KNOWN_FLAGS = new Set(["--reset", "--if-empty"]);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function count(db: SqliteDatabase, tableName: string, where = ""): number {
  const row = db.$client.prepare(`select count(*) as n from ${tableName} ${where}`).get() as { n: number };
  return row.n;
}

function summary(db: SqliteDatabase): string {
  return table(
    ["what", "count"],
    [
      ["organisations", String(count(db, "organisations"))],
      ["users", String(count(db, "users"))],
      ["relationships", String(count(db, "relationships"))],
      ["assessments (submitted)", String(count(db, "assessments", "where status = 'submitted'"))],
      ["assessments (draft)", String(count(db, "assessments", "where status = 'draft'"))],
      ["measurements", String(count(db, "measurements"))],
      ["sharing grants", String(count(db, "sharing_grants"))],
      ["development actions", String(count(db, "development_actions"))],
    ],
  );
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !KNOWN_FLAGS.has(a));
  if (unknown.length > 0) {
    console.error(`Unknown option(s): ${unknown.join(" ")}\nUsage: tsx scripts/seed.ts [--reset] [--if-empty]`);
    return 2;
  }
  const reset = args.includes("--reset");
  const ifEmpty = args.includes("--if-empty");
  const file = process.env.DATABASE_PATH ?? "./data/portal.db";

  if (reset && file !== ":memory:") {
    const existing = [file, `${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f));
    for (const f of existing) fs.rmSync(f, { force: true });
    console.log(existing.length > 0 ? `Removed ${path.resolve(file)}` : `No database at ${path.resolve(file)} yet`);
  }

  const db = openDatabase(file);
  try {
    migrateDatabase(db);
    ensureDefaultImportanceModel(db);

    if (!isDatabaseEmpty(db)) {
      if (ifEmpty) {
        console.log(`Database ${file} already has data; demo data not loaded.`);
      } else {
        console.log(`Demo data is already there (${file} has organisations). Use --reset to start over.`);
      }
      return 0;
    }

    const started = Date.now();
    await seedDemoData(db);
    // Readers of a WAL database see everything anyway; this just keeps the file self-contained.
    db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
    console.log(`Demo data loaded into ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    console.log(summary(db));
    console.log("\nDemo logins (all share one password):\n");
    console.log(
      table(
        ["email", "role", "organisation", "password"],
        DEMO_ACCOUNTS.map((a) => [a.email, a.role, a.organisation ?? "-", DEMO_PASSWORD]),
      ),
    );
    return 0;
  } finally {
    db.$client.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
