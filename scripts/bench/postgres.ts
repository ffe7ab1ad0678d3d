/**
 * PostgreSQL for the benchmarks: a throwaway server (scripts/lib/postgres-server.ts)
 * or BENCH_DATABASE_URL, filled with a copy of the benchmark's SQLite
 * dataset (db/copy-to-postgres.ts), and the CPU time its processes use.
 */
import fs from "node:fs";
import path from "node:path";
import { copySqliteToPostgres } from "../../db/copy-to-postgres";
import { connectPostgres } from "../../db/postgres";
import { startPostgres } from "../lib/postgres-server";

export type BenchPostgres = {
  url: string;
  /** The postmaster's pid, when the server runs on this machine and its data directory is readable; else null. */
  serverPid: number | null;
  /** Stops the server when this bench started it (an external BENCH_DATABASE_URL is left alone). */
  stop(): void;
};

/**
 * PostgreSQL holding the SQLite dataset `sqliteFile`: BENCH_DATABASE_URL when
 * set, else a throwaway server (durable, as in production: fsync on). The
 * database must be empty, unless `reuse` accepts one a bench filled before.
 * ANALYZE runs after the copy, as autovacuum would have by the time a real
 * database serves pages.
 */
export async function benchPostgres(sqliteFile: string, options: { reuse?: boolean; log?: (line: string) => void } = {}): Promise<BenchPostgres> {
  const log = options.log ?? (() => {});
  const external = process.env.BENCH_DATABASE_URL;
  const server = external ? null : await startPostgres({ durable: true });
  const url = external ?? server!.url;
  try {
    const client = await connectPostgres(url);
    let filled = false;
    try {
      filled = await client
        .query("select exists (select 1 from organisations) as filled")
        .then((r) => r.rows[0].filled as boolean)
        .catch(() => false);
    } finally {
      await client.end();
    }
    if (!filled || !options.reuse) {
      const started = performance.now();
      await copySqliteToPostgres(sqliteFile, url);
      log(`copied ${sqliteFile} into PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const analyse = await connectPostgres(url);
    let serverPid: number | null = null;
    try {
      await analyse.query("analyze");
      serverPid = await postmasterPid(analyse);
    } finally {
      await analyse.end();
    }
    return { url, serverPid, stop: () => server?.stop() };
  } catch (error) {
    server?.stop();
    throw error;
  }
}

/** The postmaster's pid from postmaster.pid in the data directory (needs a superuser or pg_read_all_settings, and the file on this machine). */
async function postmasterPid(client: { query(text: string): Promise<{ rows: Array<Record<string, unknown>> }> }): Promise<number | null> {
  try {
    const { rows } = await client.query("select setting from pg_settings where name = 'data_directory'");
    const pid = Number(fs.readFileSync(path.join(String(rows[0].setting), "postmaster.pid"), "utf8").split("\n")[0]);
    return fs.existsSync(`/proc/${pid}/stat`) ? pid : null;
  } catch {
    return null;
  }
}
