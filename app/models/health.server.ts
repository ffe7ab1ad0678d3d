import { sql } from "drizzle-orm";
import { auditLog, loginFailures, memberships, organisations, sessions, users } from "../../db/tables";
import { db, preparedStatement } from "../db.server";

/** The tables a login reads or writes (user, throttle, session, memberships, audit). */
const LOGIN_TABLES = [users, sessions, loginFailures, memberships, organisations, auditLog];

/**
 * The database answers and has every table and column a login needs: a
 * restored or damaged file without them must not report "ok" while every
 * login fails. Each check selects all of the table's columns and no row.
 */
export async function databaseIsHealthy(): Promise<boolean> {
  try {
    if ((await preparedStatement("select 1 as ok").get()) === undefined) return false;
    // The statements' texts are built once; SQLite checks them against the schema at every run.
    checks ??= LOGIN_TABLES.map(
      (table) =>
        db()
          .select()
          .from(table)
          .where(sql`1 = 0`)
          .toSQL().sql,
    );
    for (const text of checks) await preparedStatement(text).all();
    return true;
  } catch {
    return false;
  }
}

let checks: string[] | undefined;

/** The answer of GET /healthz (served by server/http-server.ts ahead of the router: load balancers ask often). */
export async function healthAnswer(): Promise<{ status: 200 | 503; body: { status: "ok" | "error" } }> {
  const ok = await databaseIsHealthy();
  return { status: ok ? 200 : 503, body: { status: ok ? "ok" : "error" } };
}
