import type Database from "better-sqlite3";

export type GeneratedTrigger = { name: string; sql: string };

/**
 * Makes the database's triggers named `${prefix}…` exactly `wanted`,
 * idempotently: run after every migration, since a drizzle-kit table rebuild
 * drops a table's triggers with it. When any was missing, different or
 * stale, `refill` rebuilds what the triggers maintain (writes may have gone
 * unseen meanwhile), in the same transaction. Returns whether it changed anything.
 */
export function installGeneratedTriggers(sqlite: Database.Database, prefix: string, wanted: readonly GeneratedTrigger[], refill: () => void): boolean {
  const existing = new Map(
    (sqlite.prepare("select name, sql from sqlite_master where type = 'trigger' and name like ?").all(`${prefix}%`) as GeneratedTrigger[]).map((t) => [
      t.name,
      t.sql,
    ]),
  );
  const wantedNames = new Set(wanted.map((t) => t.name));
  const stale = [...existing.keys()].filter((name) => !wantedNames.has(name));
  const changed = wanted.filter((t) => existing.get(t.name) !== t.sql);
  if (changed.length === 0 && stale.length === 0) return false;
  sqlite
    .transaction(() => {
      for (const name of stale) sqlite.exec(`DROP TRIGGER IF EXISTS "${name}"`);
      for (const t of changed) {
        sqlite.exec(`DROP TRIGGER IF EXISTS "${t.name}"`);
        sqlite.exec(t.sql);
      }
      refill();
    })
    .immediate();
  return true;
}

/** Drops the triggers and returns a function that puts them back (and refills) through `install`: for bulk loaders. */
export function suspendGeneratedTriggers(sqlite: Database.Database, wanted: readonly GeneratedTrigger[], install: () => void): () => void {
  for (const { name } of wanted) sqlite.exec(`DROP TRIGGER IF EXISTS "${name}"`);
  return install;
}
