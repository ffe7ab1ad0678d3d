/**
 * npm run db:copy-to-postgres -- <sqlite file>
 * Copies a portal's SQLite database into the empty PostgreSQL database named
 * by DATABASE_URL (migrating it first). The SQLite file is left untouched.
 */
import { copySqliteToPostgres } from "../db/copy-to-postgres";
import { describePostgresUrl } from "../db/postgres";

const file = process.argv[2];
const url = process.env.DATABASE_URL;
if (!file || !url) {
  console.error("Usage: DATABASE_URL=postgres://user:password@host:port/db npm run db:copy-to-postgres -- <sqlite file>");
  process.exit(2);
}
try {
  const report = await copySqliteToPostgres(file, url, (line) => console.log(`  ${line}`));
  const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
  console.log(`Copied ${rows} rows in ${report.tables.length} tables from ${file} to ${describePostgresUrl(url)}; every table's count matches.`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
