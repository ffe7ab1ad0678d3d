/**
 * `npm start` on PostgreSQL: migrate, and fill an empty database with what
 * a new SQLite database gets (the default importance model, and with `demo`
 * the demo data), made in a throwaway SQLite file by the same code and copied
 * over. Servers that start together take turns on an advisory lock, so the
 * data is loaded once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDefaultImportanceModel } from "./bootstrap";
import { migrateDatabase, openDatabase } from "./connection";
import { copySqliteToPostgres } from "./copy-to-postgres";
import { connectPostgres, migratePostgres, withAdvisoryLock } from "./postgres";

/** The advisory lock key of preparing ("portal02" in ASCII). */
const PREPARE_LOCK = 0x706f7274616c3032n;

/** Prepares the database at `url`; returns whether it loaded data into an empty one. */
export async function preparePostgres(url: string, options: { demo: boolean; log?: (line: string) => void }): Promise<boolean> {
  const lock = await connectPostgres(url);
  try {
    return await withAdvisoryLock(lock, PREPARE_LOCK, async () => {
      await migratePostgres(url);
      const { rows } = await lock.query<{ empty: boolean }>(
        "select not exists (select 1 from importance_models) and not exists (select 1 from organisations) as empty",
      );
      if (!rows[0].empty) return false;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-prepare-"));
      try {
        const file = path.join(dir, "portal.db");
        const db = openDatabase(file);
        migrateDatabase(db);
        ensureDefaultImportanceModel(db);
        if (options.demo) {
          options.log?.("› Empty database: loading demo data…");
          const { seedDemoData } = await import("./seed/demo");
          await seedDemoData(db);
        }
        db.$client.close();
        await copySqliteToPostgres(file, url);
        return true;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  } finally {
    await lock.end();
  }
}
