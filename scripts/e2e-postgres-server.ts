/**
 * The browser tests' server on PostgreSQL (E2E_ENGINE=postgres in
 * playwright.config.ts): a throwaway PostgreSQL server, the freshly seeded
 * SQLite database at DATABASE_PATH copied into it (ids kept, so a spec that
 * looks an id up in that file finds the same one), then the production
 * server on it. Stopping this process stops both.
 */
import { spawn } from "node:child_process";
import { copySqliteToPostgres } from "../db/copy-to-postgres";
import { startPostgres } from "./lib/postgres-server";

const source = process.env.DATABASE_PATH;
if (!source) throw new Error("DATABASE_PATH (the seeded SQLite file) is required");
const postgres = await startPostgres();
await copySqliteToPostgres(source, postgres.url);
const server = spawn(process.execPath, ["build/server.mjs"], {
  env: { ...process.env, DATABASE_URL: postgres.url },
  stdio: "inherit",
});
let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  server.once("exit", () => {
    postgres.stop();
    process.exit(code);
  });
};
server.on("exit", (code) => {
  if (!stopping) {
    postgres.stop();
    process.exit(code ?? 1);
  }
});
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => stop(0));
