/** Names shared by the global setup and each test file's database (tests/support/test-db.ts, server-database.ts). */
import crypto from "node:crypto";
import pg from "pg";
import { ensureDefaultImportanceModel } from "../../db/bootstrap";
import { migrateDatabase, openDatabase } from "../../db/connection";

export const TEST_AS_OF = new Date("2026-11-22T12:00:00Z");

/** The PostgreSQL template databases the global setup makes (tests/support/global-setup.ts). */
export const POSTGRES_TEMPLATES = { demo: "portal_template_demo", empty: "portal_template_empty" } as const;

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database's name, one the global setup's teardown drops. */
export function testDatabaseName(): string {
  return `portal_it_${crypto.randomBytes(6).toString("hex")}`;
}

/** Creates database `name` on the server at `serverUrl` as a copy of `template`. */
export async function createFromTemplate(serverUrl: string, name: string, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
}

/** Writes a SQLite file of an empty portal (migrated, the default model), or with `demo` the demo data at TEST_AS_OF too. */
export async function writeTestDatabaseFile(file: string, contents: "demo" | "empty"): Promise<void> {
  const db = openDatabase(file);
  try {
    migrateDatabase(db);
    ensureDefaultImportanceModel(db);
    if (contents === "demo") {
      const { seedDemoData } = await import("../../db/seed/demo");
      await seedDemoData(db, { asOf: TEST_AS_OF });
    }
  } finally {
    db.$client.close();
  }
}
