/**
 * Safe upgrades: tests/fixtures/portal-0000-demo.db was made by the FIRST
 * migration (0000_init) with the demo data (asOf 2026-11-22) and is never
 * regenerated. Every later migration must upgrade it without losing a row.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../db/connection";

const FIXTURE = path.resolve("tests/fixtures/portal-0000-demo.db");

function rowCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
}

describe("upgrading a database made by the first migration", () => {
  it("keeps every row of every table and leaves no dangling foreign key", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-upgrade-"));
    const file = path.join(dir, "portal.db");
    fs.copyFileSync(FIXTURE, file);

    const before = new Database(file, { readonly: true });
    const countsBefore = rowCounts(before);
    const appliedBefore = (before.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n;
    before.close();
    expect(appliedBefore).toBe(1);
    expect(countsBefore.measurements).toBeGreaterThan(1000);
    expect(countsBefore.assessment_scores).toBeGreaterThan(500);

    const db = openDatabase(file);
    migrateDatabase(db);
    db.$client.close();

    const after = new Database(file, { readonly: true });
    const countsAfter = rowCounts(after);
    const journal = JSON.parse(fs.readFileSync(path.resolve("db/migrations/meta/_journal.json"), "utf8")) as { entries: unknown[] };
    expect((after.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n).toBe(journal.entries.length);
    for (const [table, n] of Object.entries(countsBefore)) {
      if (table === "__drizzle_migrations") continue;
      expect(countsAfter[table], `rows of ${table}`).toBe(n);
    }
    expect(after.pragma("foreign_key_check")).toEqual([]);
    expect(after.pragma("integrity_check", { simple: true })).toBe("ok");
    after.close();
  });

  it("has no migration that rebuilds a table with DROP TABLE (it would cascade-delete child rows)", () => {
    const dir = path.resolve("db/migrations");
    const offenders = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".sql") && f !== "0000_init.sql")
      .filter((f) => /DROP TABLE/i.test(fs.readFileSync(path.join(dir, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe("migration 0003: organisations' email domains", () => {
  it("gives each organisation the domains only its members use, and none to a platform administrator's domain", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-upgrade-domains-"));
    const file = path.join(dir, "portal.db");
    fs.copyFileSync(FIXTURE, file);
    const db = openDatabase(file);
    migrateDatabase(db);
    db.$client.close();
    const after = new Database(file, { readonly: true });
    const owner = (domain: string) =>
      (
        after.prepare("select o.name from organisation_email_domains d join organisations o on o.id = d.organisation_id where d.domain = ?").get(domain) as
          { name: string } | undefined
      )?.name;
    expect(owner("kalevanpilvi.example")).toMatch(/Kalevan Pilvipalvelut/);
    expect(owner("kipina.example")).toMatch(/Kipinä/);
    expect(owner("portaali.example")).toBeUndefined();
    after.close();
  });
});
