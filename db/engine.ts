/**
 * Which database this process runs on: PostgreSQL when DATABASE_URL is set,
 * otherwise SQLite at DATABASE_PATH (the default). Decided once, at start.
 */
export type DatabaseEngine = "sqlite" | "postgres";

export function databaseEngine(): DatabaseEngine {
  return process.env.DATABASE_URL ? "postgres" : "sqlite";
}
