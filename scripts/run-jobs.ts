/**
 * npm run jobs -- [--now <ISO time>]
 * Runs the scheduled work once (reminders, digests, the outbox sender:
 * app/jobs/scheduled-work.server.ts) on the configured database
 * (DATABASE_URL for PostgreSQL, else the SQLite file at DATABASE_PATH),
 * prints its report as JSON and exits. The servers run the same work every
 * JOBS_INTERVAL_MS; this is for an operator, and for tests that move the
 * clock. A --now in the future stamps leases and claims in that future: a
 * run killed midway leaves them held until then.
 */
import fs from "node:fs";
import { closeDatabase } from "../app/db.server";
import { env } from "../app/env.server";
import { runScheduledWork } from "../app/jobs/scheduled-work.server";

const USAGE = "Usage: npm run jobs -- [--now <ISO time, e.g. 2026-05-01T09:00:00Z>]";

function parseArgs(args: string[]): Date | string {
  let now = new Date();
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--now" && args[i + 1] !== undefined) {
      now = new Date(args[++i]);
      if (Number.isNaN(now.getTime())) return `Not a time: ${args[i]}`;
    } else if (args[i].startsWith("--now=")) {
      now = new Date(args[i].slice("--now=".length));
      if (Number.isNaN(now.getTime())) return `Not a time: ${args[i]}`;
    } else return `Unknown option: ${args[i]}`;
  }
  return now;
}

async function main(): Promise<number> {
  const now = parseArgs(process.argv.slice(2));
  if (typeof now === "string") {
    console.error(`${now}\n${USAGE}`);
    return 2;
  }
  const { DATABASE_URL, DATABASE_PATH } = env();
  // A typo'd path must not make a new, empty database.
  if (!DATABASE_URL && !fs.existsSync(DATABASE_PATH)) {
    console.error(`No database at ${DATABASE_PATH} (set DATABASE_PATH, or DATABASE_URL for PostgreSQL).`);
    return 1;
  }
  try {
    const report = await runScheduledWork(now);
    console.log(JSON.stringify({ now: now.toISOString(), ...report }, null, 2));
    return 0;
  } finally {
    closeDatabase();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
