/**
 * Brings a database up to date in one process: migrations, the default
 * importance model and, with --demo-if-empty, the demo data on an empty
 * database. Prints the demo logins whenever demo data is present.
 * Servers that start together on one database take turns (a lock beside
 * the file), so migrations run once and the demo data is loaded once.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { ensureDefaultImportanceModel } from "../db/bootstrap";
import { migrateDatabase, openDatabase } from "../db/connection";
import { users } from "../db/schema";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoData } from "../db/seed/demo";

const demoIfEmpty = process.argv.includes("--demo-if-empty");

if (process.env.DATABASE_URL) {
  // PostgreSQL: migrations and the first data under advisory locks (db/prepare-postgres.ts).
  const { preparePostgres } = await import("../db/prepare-postgres");
  const { describePostgresUrl } = await import("../db/postgres");
  if (!process.env.SESSION_SECRET) {
    console.error(
      "SESSION_SECRET is not set. On PostgreSQL every app server must sign cookies with the same secret: set SESSION_SECRET (16 characters or more).",
    );
    process.exit(1);
  }
  try {
    await preparePostgres(process.env.DATABASE_URL, { demo: demoIfEmpty, log: console.log });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  console.log(`› PostgreSQL at ${describePostgresUrl(process.env.DATABASE_URL)} is up to date.`);
  if (demoIfEmpty) printDemoLogins();
  process.exit(0);
}

function printDemoLogins(): void {
  console.log(`\n  Demo logins (password for all: ${DEMO_PASSWORD})`);
  const roleWidth = Math.max(...DEMO_ACCOUNTS.map((a) => a.role.length)) + 2;
  const emailWidth = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length)) + 2;
  for (const a of DEMO_ACCOUNTS) {
    console.log(`    ${a.role.padEnd(roleWidth)}${a.email.padEnd(emailWidth)}${a.organisation ?? ""}`);
  }
}

const file = process.env.DATABASE_PATH ?? "./data/portal.db";
// An exclusive transaction on a lock file of its own: another process preparing this database waits here.
fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
const lock = new Database(`${file}.prepare-lock`);
lock.pragma("busy_timeout = 600000");
lock.exec("begin exclusive");
const db = openDatabase(file);
migrateDatabase(db);
ensureDefaultImportanceModel(db);

if (demoIfEmpty && isDatabaseEmpty(db)) {
  console.log("› Empty database: loading demo data…");
  await seedDemoData(db);
}

const demoPresent = db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ACCOUNTS[0].email)).get();
if (demoPresent) printDemoLogins();
db.$client.close();
lock.exec("commit");
lock.close();
