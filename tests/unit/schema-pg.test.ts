/**
 * The PostgreSQL schema is derived from db/schema.ts: every table is there
 * under the same name, CHECK patterns keep their meaning, and the committed
 * migrations of both engines are what drizzle-kit generates from the schema
 * today (a change to the schema without a migration fails here).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqliteSchema from "../../db/schema";
import * as pgSchema from "../../db/schema-pg";
import { globToRegex } from "../../db/schema-pg";

describe("globToRegex", () => {
  it.each([
    ["[0-9][0-9][0-9][0-9]-Q[1-4]", "2026-Q4", true],
    ["[0-9][0-9][0-9][0-9]-Q[1-4]", "2026-Q5", false],
    ["[0-9][0-9][0-9][0-9]-Q[1-4]", "x2026-Q4", false],
    ["[0-9][0-9][0-9][0-9]-Q[1-4]", "2026-Q4x", false],
    ["[0-9][0-9][0-9][0-9]-[0-1][0-9]", "2026-11", true],
    ["[0-9][0-9][0-9][0-9]-[0-1][0-9]", "2026-1", false],
    ["a*b", "aXYZb", true],
    ["a?b", "aXb", true],
    ["a?b", "ab", false],
    ["a.b", "aXb", false],
    ["a.b", "a.b", true],
  ])("%s matches %s: %s", (glob, text, matches) => {
    expect(new RegExp(globToRegex(glob)).test(text)).toBe(matches);
  });
});

describe("the derived PostgreSQL schema", () => {
  it("exports every SQLite table under the same name, as a PostgreSQL table of the same table name", () => {
    const sqliteTables = Object.entries(sqliteSchema).filter(([, v]) => is(v, SQLiteTable));
    expect(sqliteTables.length).toBeGreaterThan(20);
    for (const [name, table] of sqliteTables) {
      const twin = (pgSchema as Record<string, unknown>)[name];
      expect(is(twin, PgTable), name).toBe(true);
      expect(getTableName(twin as PgTable)).toBe(getTableName(table as SQLiteTable));
    }
  });

  it.each([
    ["SQLite", "drizzle.config.ts", "db/migrations"],
    ["PostgreSQL", "drizzle-pg.config.ts", "db/migrations-pg"],
  ])(
    "has %s migrations that match the schema (drizzle-kit finds nothing to generate)",
    (_engine, config, folder) => {
      // drizzle-kit takes `out` relative to the working directory, whatever it is given.
      fs.mkdirSync("node_modules/.cache", { recursive: true });
      const dir = fs.mkdtempSync("node_modules/.cache/kit-check-");
      const out = path.join(dir, "migrations");
      fs.cpSync(folder, out, { recursive: true });
      const tempConfig = path.resolve(`drizzle-check-${path.basename(dir)}.config.ts`);
      const source = fs.readFileSync(config, "utf8").replace(/out: "[^"]*"/, `out: ${JSON.stringify(out)}`);
      fs.writeFileSync(tempConfig, source);
      try {
        const printed = execFileSync("npx", ["--no-install", "drizzle-kit", "generate", "--config", tempConfig], { encoding: "utf8", timeout: 120_000 });
        expect(printed).toMatch(/No schema changes, nothing to migrate/);
        const before = fs.readdirSync(folder).filter((f) => f.endsWith(".sql"));
        const after = fs.readdirSync(out).filter((f) => f.endsWith(".sql"));
        expect(after).toEqual(before);
      } finally {
        fs.rmSync(tempConfig, { force: true });
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
