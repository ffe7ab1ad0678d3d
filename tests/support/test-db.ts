/**
 * A real, temporary database for integration tests: migrated and loaded with
 * the demo data, at a fixed "today" so the numbers are stable. A SQLite file
 * by default; with TEST_ENGINE=postgres a PostgreSQL database of this test
 * file's own, created from the global setup's template
 * (tests/support/global-setup.ts). Import this module FIRST in a test file:
 * it points DATABASE_PATH (or DATABASE_URL) at the temporary database before
 * any app module opens it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { POSTGRES_TEMPLATES, TEST_AS_OF, createFromTemplate, databaseUrl, testDatabaseName, writeTestDatabaseFile } from "./test-db-names";

export { TEST_AS_OF };

/** Which engine this test run exercises. */
export const TEST_ENGINE: "sqlite" | "postgres" = process.env.TEST_ENGINE === "postgres" ? "postgres" : "sqlite";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-it-"));
/** The SQLite file (on PostgreSQL runs only a path nothing opens). */
export const TEST_DATABASE_PATH = path.join(dir, "portal.db");
process.env.DATABASE_PATH = TEST_DATABASE_PATH;
process.env.SESSION_SECRET ??= "integration-test-secret-0123456789";
process.env.NODE_ENV = "test";

const postgresServer = process.env.TEST_POSTGRES_SERVER_URL;
if (TEST_ENGINE === "postgres" && !postgresServer) throw new Error("TEST_ENGINE=postgres needs the global setup's server (vitest.config.ts globalSetup)");
const postgresName = testDatabaseName();
if (TEST_ENGINE === "postgres") process.env.DATABASE_URL = databaseUrl(postgresServer!, postgresName);

/** Migrates the temporary database and loads the demo data into it. */
export async function prepareDemoDatabase(): Promise<void> {
  if (TEST_ENGINE === "postgres") return createFromTemplate(postgresServer!, postgresName, POSTGRES_TEMPLATES.demo);
  await writeTestDatabaseFile(TEST_DATABASE_PATH, "demo");
}

/** Migrates only: an empty portal. */
export async function prepareEmptyDatabase(): Promise<void> {
  if (TEST_ENGINE === "postgres") return createFromTemplate(postgresServer!, postgresName, POSTGRES_TEMPLATES.empty);
  await writeTestDatabaseFile(TEST_DATABASE_PATH, "empty");
}
