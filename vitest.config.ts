import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * TEST_ENGINE=postgres: npm test's second run, the integration tests again on
 * PostgreSQL (one server for the run, a database per test file made from a
 * template: tests/support/global-setup.ts). These files stay on SQLite, each
 * with the reason or its PostgreSQL counterpart:
 */
const SQLITE_ONLY: Record<string, string> = {
  "bench-generate.test.ts": "it checks the generator of the SQLite bench file (PostgreSQL benches copy that file)",
  "crash.test.ts": "PostgreSQL twin: postgres-crash.test.ts",
  "query-plans.test.ts": "PostgreSQL twin: postgres-query-plans.test.ts",
  "upgrade.test.ts": "PostgreSQL twin: postgres-upgrade.test.ts",
  "restore.test.ts": "backup and restore on PostgreSQL (pg_dump, pg_restore): postgres.test.ts",
  "score-totals.test.ts": "SQLite's triggers; PostgreSQL's plpgsql ones: postgres.test.ts and the drift checks of postgres-crash.test.ts",
  "visible-metric-cells.test.ts": "SQLite's triggers; PostgreSQL's plpgsql ones: postgres.test.ts and the drift checks of postgres-crash.test.ts",
  "seed.test.ts": "the seed writes SQLite; PostgreSQL gets it copied, checked row for row by postgres.test.ts",
  "serialised-connection.test.ts": "SQLite's one shared connection; PostgreSQL's pool has no such queue",
  "cluster.test.ts": "one SQLite file shared by a cluster's workers; several servers on one PostgreSQL: multi-server.test.ts",
  "concurrency.test.ts": "SQLite's busy-timeout under concurrent writers; PostgreSQL's writers: postgres-races.test.ts",
  "startup.test.ts": "SQLite's startup (the file's migration and seed); PostgreSQL's: multi-server.test.ts and postgres.test.ts",
};
// These start PostgreSQL themselves (and SQLite where they compare): run once, in the SQLite run.
const BOTH_ENGINES_ALREADY = ["engines-agree.test.ts", "multi-server.test.ts", "postgres.test.ts", "postgres-*.test.ts"];

const onPostgres = process.env.TEST_ENGINE === "postgres";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: onPostgres ? ["tests/integration/**/*.test.ts"] : ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    exclude: onPostgres ? [...Object.keys(SQLITE_ONLY), ...BOTH_ENGINES_ALREADY].map((name) => `tests/integration/${name}`) : [],
    globalSetup: ["tests/support/global-setup.ts"],
    environment: "node",
    globals: false,
    // Each test file gets its own module graph, so each can open its own temporary database.
    isolate: true,
    pool: "forks",
    testTimeout: 20_000,
  },
});
