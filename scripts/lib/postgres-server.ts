/**
 * A throwaway PostgreSQL server for tests and benchmarks: Debian's
 * `postgresql` package, a fresh data directory, loopback only, a free port.
 * As root (PostgreSQL refuses to run as root), the server runs as the
 * package's `postgres` user. Stop it to delete the directory.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type PostgresServer = { url: string; port: number; dataDir: string; stop(): void };

/** The newest installed PostgreSQL's bin directory, or null. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as `postgres` when this process is root. */
function runPg(bin: string, args: string[], options: { cwd?: string } = {}): void {
  const command = asRoot ? "runuser" : bin;
  const argv = asRoot ? ["-u", "postgres", "--", bin, ...args] : args;
  const result = spawnSync(command, argv, { cwd: options.cwd ?? os.tmpdir(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed (${result.status}): ${result.stderr || result.stdout}`);
}

/**
 * Starts a server with one superuser `portal` (trust on loopback) and a
 * database `portal`. `durable: false` turns fsync off: faster, for tests that
 * never crash the machine.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed: apt-get install postgresql (Debian), or set TEST_DATABASE_URL.");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-"));
  if (asRoot) execFileSync("chown", ["postgres:postgres", dataDir]);
  runPg(path.join(bin, "initdb"), ["-D", dataDir, "-U", "portal", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    "-h 127.0.0.1",
    `-k ${dataDir}`,
    "-c max_connections=200",
    "-c shared_buffers=64MB",
    ...(options.durable ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
  ].join(" ");
  runPg(path.join(bin, "pg_ctl"), ["-D", dataDir, "-l", path.join(dataDir, "server.log"), "-o", settings, "-w", "-t", "60", "start"]);
  const url = `postgres://portal@127.0.0.1:${port}/postgres`;
  runPg(path.join(bin, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "portal", "-d", "postgres", "-qc", "create database portal"]);
  let stopped = false;
  return {
    url: url.replace(/\/postgres$/, "/portal"),
    port,
    dataDir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runPg(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
