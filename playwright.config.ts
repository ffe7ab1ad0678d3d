import fs from "node:fs";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3123);
// One database per port, so parallel runs on different ports do not share state.
const DATABASE_PATH = `tests/.tmp/e2e-${PORT}.db`;
// E2E_ENGINE=postgres: the same suite on PostgreSQL (the seeded file copied into a throwaway server).
const ON_POSTGRES = process.env.E2E_ENGINE === "postgres";
// On PostgreSQL the launcher writes its database's URL here once the copy is in, for the specs that plant
// fixtures (tests/e2e/helpers.ts openE2eSql); on SQLite there is no such file, so they use DATABASE_PATH.
const PG_URL_FILE = `tests/.tmp/e2e-${PORT}.pg-url`;
// The server mails through the SMTP sink the rounds spec starts on the next port (tests/e2e/rounds.spec.ts); while
// no sink listens, messages wait in the outbox and are retried, as in production.
const E2E_SMTP_PORT = PORT + 1;
if (!ON_POSTGRES) fs.rmSync(PG_URL_FILE, { force: true });

/**
 * Browser tests run against the production build (as `npm start` serves it)
 * on a fresh demo database, in Debian's Chromium found by scripts/test.sh.
 */
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous: axe over a large page takes seconds on a shared two-core machine.
  timeout: 60_000,
  outputDir: "test-results/e2e",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `npx --no-install tsx scripts/seed.ts --reset && node scripts/build-server.mjs && ${
      ON_POSTGRES ? "npx --no-install tsx scripts/e2e-postgres-server.ts" : "node build/server.mjs"
    }`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    // SIGTERM, not the default SIGKILL: on PostgreSQL the launcher then stops its database server too.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      DATABASE_PATH,
      NODE_ENV: "production",
      SESSION_SECRET: "e2e-secret-at-least-16-chars",
      SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
      MAIL_FROM: "Portal <portal@e2e.test>",
      PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      JOBS_INTERVAL_MS: "2000",
      ...(ON_POSTGRES ? { E2E_PG_URL_FILE: PG_URL_FILE } : {}),
    },
  },
});
