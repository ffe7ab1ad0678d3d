/**
 * A backup with a table or column missing passes SQLite's own checks; it
 * must not be restored, and a database without the tables logins need
 * must not answer /healthz with "ok".
 */
import { TEST_DATABASE_PATH, prepareDemoDatabase } from "../support/test-db";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { schemaProblems } from "../../db/schema-check";
import { healthAnswer } from "~/models/health.server";

let dir: string;

beforeAll(async () => {
  await prepareDemoDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-restore-"));
});

/** A copy of the demo database, changed by `damage` (foreign keys off, as a careless hand would). */
function backupWith(name: string, damage: (db: Database.Database) => void): string {
  const file = path.join(dir, `${name}.db`);
  const source = new Database(TEST_DATABASE_PATH, { readonly: true });
  source.exec(`vacuum into '${file}'`);
  source.close();
  const db = new Database(file);
  db.pragma("foreign_keys = OFF");
  damage(db);
  db.close();
  return file;
}

function restore(backup: string, target: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/restore.ts", backup], {
    env: { ...process.env, DATABASE_PATH: target },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the schema check", () => {
  it("finds nothing wrong with a migrated database", () => {
    const db = new Database(TEST_DATABASE_PATH, { readonly: true });
    expect(schemaProblems(db)).toEqual([]);
    db.close();
  });

  it.each([
    ["a missing table", (db: Database.Database) => db.exec("drop table sessions"), "table sessions is missing"],
    ["a missing column", (db: Database.Database) => db.exec("alter table users drop column locale"), "table users lacks column locale"],
    [
      "an unknown migration",
      (db: Database.Database) => db.exec("insert into __drizzle_migrations (hash, created_at) values ('x', 9999999999999)"),
      "does not know",
    ],
    ["no migration log", (db: Database.Database) => db.exec("drop table __drizzle_migrations"), "no migration log"],
  ])("names %s", (name, damage, problem) => {
    const file = backupWith(name.replace(/\W+/g, "-"), damage);
    const db = new Database(file, { readonly: true });
    expect(schemaProblems(db).join("; ")).toContain(problem);
    db.close();
  });
});

describe("npm run restore", () => {
  it("refuses a backup with a table missing and leaves the live database as it was", () => {
    const target = path.join(dir, "live.db");
    fs.copyFileSync(TEST_DATABASE_PATH, target);
    const before = fs.readFileSync(target);
    const broken = backupWith("no-sessions", (db) => db.exec("drop table sessions"));
    const { code, output } = restore(broken, target);
    expect(code, output).toBe(1);
    expect(output).toContain("table sessions is missing");
    expect(fs.readFileSync(target).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).some((f) => f.startsWith("live.db.before-restore"))).toBe(false);
  });

  it("restores a whole backup", () => {
    const target = path.join(dir, "live2.db");
    fs.copyFileSync(TEST_DATABASE_PATH, target);
    const good = backupWith("good", () => {});
    const { code, output } = restore(good, target);
    expect(code, output).toBe(0);
    expect(output).toContain("Restored");
  });
});

describe("/healthz", () => {
  it("says ok for a whole database and 503 when a table or column that logins need is gone", async () => {
    expect(await healthAnswer()).toEqual({ status: 200, body: { status: "ok" } });
    const db = new Database(TEST_DATABASE_PATH);
    db.pragma("foreign_keys = OFF");
    db.exec("alter table login_failures rename to login_failures_gone");
    expect(await healthAnswer()).toEqual({ status: 503, body: { status: "error" } });
    db.exec("alter table login_failures_gone rename to login_failures");
    expect((await healthAnswer()).status).toBe(200);
    db.exec("alter table users drop column locale");
    expect((await healthAnswer()).status).toBe(503);
    db.close();
  });
});
