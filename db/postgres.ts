/**
 * PostgreSQL: connecting, and migrating under an advisory lock so that any
 * number of app servers starting together apply each migration once.
 */
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { installPostgresTriggers } from "./pg-triggers";

export const PG_MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations-pg");

/** The advisory lock key of migrations (any fixed 64-bit number; "portal01" in ASCII). */
const MIGRATION_LOCK = 0x706f7274616c3031n;

/** "host:port/database" of a URL, for messages: never its password. */
export function describePostgresUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/** A client connected to `url`, or an Error that names the host instead of a stack trace. */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to PostgreSQL at ${describePostgresUrl(url)}: ${(error as Error).message}`);
  }
  return client;
}

/**
 * Applies the committed PostgreSQL migrations, then installs the generated
 * triggers (db/pg-triggers.ts). Servers that start together queue on one
 * advisory lock; the first applies, the others find nothing to do.
 */
export async function migratePostgres(url: string, migrationsFolder = PG_MIGRATIONS_FOLDER): Promise<void> {
  const client = await connectPostgres(url);
  try {
    await withAdvisoryLock(client, MIGRATION_LOCK, async () => {
      await migrate(drizzle(client), { migrationsFolder });
      await inTransaction(client, () => installPostgresTriggers(client));
    });
  } finally {
    await client.end();
  }
}

/** Runs `fn` holding a session advisory lock on the client's connection: others asking for `key` wait until it ends. */
export async function withAdvisoryLock<T>(client: pg.ClientBase, key: bigint, fn: () => Promise<T>): Promise<T> {
  await client.query("select pg_advisory_lock($1)", [key.toString()]);
  try {
    return await fn();
  } finally {
    await client.query("select pg_advisory_unlock($1)", [key.toString()]);
  }
}

/** Runs `fn` in one transaction on the client: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query("begin");
  try {
    const result = await fn();
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}
