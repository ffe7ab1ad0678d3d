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

const file = process.env.DATABASE_PATH ?? "./data/portal.db";
// An exclusive transaction on a lock file of its own: another process preparing this database waits here.
fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
const lock = new Database(`${file}.prepare-lock`);
lock.pragma("busy_timeout = 600000");
lock.exec("begin exclusive");
const db = openDatabase(file);
migrateDatabase(db);
ensureDefaultImportanceModel(db);

if (process.argv.includes("--demo-if-empty") && isDatabaseEmpty(db)) {
  console.log("› Empty database: loading demo data…");
  await seedDemoData(db);
}

const demoPresent = db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ACCOUNTS[0].email)).get();
if (demoPresent) {
  console.log(`\n  Demo logins (password for all: ${DEMO_PASSWORD})`);
  const roleWidth = Math.max(...DEMO_ACCOUNTS.map((a) => a.role.length)) + 2;
  const emailWidth = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length)) + 2;
  for (const a of DEMO_ACCOUNTS) {
    console.log(`    ${a.role.padEnd(roleWidth)}${a.email.padEnd(emailWidth)}${a.organisation ?? ""}`);
  }
}
db.$client.close();
lock.exec("commit");
lock.close();
