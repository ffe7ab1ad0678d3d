/**
 * The browser tests' server on PostgreSQL (E2E_ENGINE=postgres in
 * playwright.config.ts): a throwaway PostgreSQL server, the freshly seeded
 * SQLite database at DATABASE_PATH copied into it (ids kept, so a spec that
 * looks an id up in that file finds the same one), then the production
 * server on it. Stopping this process stops both.
 *
 * Once the copy is in, the server's URL is written to E2E_PG_URL_FILE, for
 * the specs that plant fixtures or count rows (tests/e2e/helpers.ts
 * `openE2eSql`); the file is removed again on stop.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { copySqliteToPostgres } from "../db/copy-to-postgres";
import { startPostgres } from "./lib/postgres-server";

const source = process.env.DATABASE_PATH;
if (!source) throw new Error("DATABASE_PATH (the seeded SQLite file) is required");
const urlFile = process.env.E2E_PG_URL_FILE;
const forgetUrl = () => {
  if (urlFile) fs.rmSync(urlFile, { force: true });
};
// A file left by a run that was killed names a server that is gone.
forgetUrl();
const postgres = await startPostgres();
try {
  await copySqliteToPostgres(source, postgres.url);
} catch (error) {
  postgres.stop();
  throw error;
}
if (urlFile) {
  fs.mkdirSync(path.dirname(urlFile), { recursive: true });
  fs.writeFileSync(`${urlFile}.tmp`, `${postgres.url}\n`);
  fs.renameSync(`${urlFile}.tmp`, urlFile);
}
process.on("exit", forgetUrl);
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
