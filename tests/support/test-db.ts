/**
 * A real, temporary SQLite database for integration tests: migrated and
 * loaded with the demo data, at a fixed "today" so the numbers are stable.
 * Import this module FIRST in a test file: it points DATABASE_PATH at the
 * temporary file before any app module opens the database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDefaultImportanceModel } from "../../db/bootstrap";
import { migrateDatabase, openDatabase } from "../../db/connection";

export const TEST_AS_OF = new Date("2026-11-22T12:00:00Z");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-it-"));
export const TEST_DATABASE_PATH = path.join(dir, "portal.db");
process.env.DATABASE_PATH = TEST_DATABASE_PATH;
process.env.SESSION_SECRET ??= "integration-test-secret-0123456789";
process.env.NODE_ENV = "test";

/** Migrates the temporary database and loads the demo data into it. */
export async function prepareDemoDatabase(): Promise<void> {
  const { seedDemoData } = await import("../../db/seed/demo");
  const db = openDatabase(TEST_DATABASE_PATH);
  migrateDatabase(db);
  ensureDefaultImportanceModel(db);
  await seedDemoData(db, { asOf: TEST_AS_OF });
  db.$client.close();
}

/** Migrates only: an empty portal. */
export function prepareEmptyDatabase(): void {
  const db = openDatabase(TEST_DATABASE_PATH);
  migrateDatabase(db);
  ensureDefaultImportanceModel(db);
  db.$client.close();
}
