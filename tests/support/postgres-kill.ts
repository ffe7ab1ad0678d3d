/**
 * kill -9 of a throwaway PostgreSQL server (scripts/lib/postgres-server.ts)
 * and its start again on the same data directory, which runs PostgreSQL's
 * crash recovery. Only for a server of the test's own, started with
 * `durable: true`: with synchronous_commit off a commit is acknowledged
 * before its WAL is written, and a crash may rightly lose it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { childPids, isAlive } from "../../scripts/lib/proc";
import { postgresBinDir, type PostgresServer } from "../../scripts/lib/postgres-server";
import { waitUntil } from "./server";

function postmasterPid(server: PostgresServer): number {
  return Number(fs.readFileSync(path.join(server.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

/** SIGKILL to the postmaster and every process it started, at once: no shutdown or checkpoint runs. */
export async function killPostgres(server: PostgresServer): Promise<void> {
  const postmaster = postmasterPid(server);
  const children = childPids(postmaster);
  // The postmaster first, so that it does not see its children die and reinitialise on its own.
  for (const pid of [postmaster, ...children]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await waitUntil(() => [postmaster, ...children].every((pid) => !isAlive(pid)), 10_000, "the PostgreSQL processes to die");
  // A killed postmaster whose parent (pg_ctl) is gone may stay a zombie where nothing reaps orphans (a container's
  // PID 1); PostgreSQL would take it for a live server holding the lock files. Every process of it is dead: drop them
  // (postmaster.pid, and the Unix socket's lock, which the tests' servers keep in the data directory).
  for (const name of fs.readdirSync(server.dataDir)) {
    if (name === "postmaster.pid" || name.startsWith(".s.PGSQL.")) fs.rmSync(path.join(server.dataDir, name), { force: true });
  }
}

/** Starts the server again on its data directory and port (durable settings), and waits until it accepts connections. */
export function restartPostgres(server: PostgresServer): void {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed");
  const settings = [`-p ${server.port}`, "-h 127.0.0.1", `-k ${server.dataDir}`, "-c max_connections=200", "-c shared_buffers=64MB"].join(" ");
  const args = ["-D", server.dataDir, "-l", path.join(server.dataDir, "server.log"), "-o", settings, "-w", "-t", "60", "start"];
  const pgCtl = path.join(bin, "pg_ctl");
  const asRoot = process.getuid?.() === 0;
  const result = spawnSync(asRoot ? "runuser" : pgCtl, asRoot ? ["-u", "postgres", "--", pgCtl, ...args] : args, { cwd: os.tmpdir(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`pg_ctl start failed (${result.status}): ${result.stderr || result.stdout}`);
}
