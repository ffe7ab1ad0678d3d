/**
 * A fresh PostgreSQL database for one test file: on the server named by
 * TEST_DATABASE_URL (npm test starts one), or on a throwaway server of this
 * file's own. Dropped (or the server stopped) by `drop()`.
 */
import crypto from "node:crypto";
import pg from "pg";
import { startPostgres, type PostgresServer } from "../../scripts/lib/postgres-server";

export type TestPostgres = { url: string; drop(): Promise<void> };

export async function freshPostgresDatabase(): Promise<TestPostgres> {
  let own: PostgresServer | null = null;
  const serverUrl = process.env.TEST_DATABASE_URL ?? (own = await startPostgres()).url;
  const name = `portal_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      if (own) return own.stop();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
