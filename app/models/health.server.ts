import { sql } from "drizzle-orm";
import { auditLog, loginFailures, memberships, organisations, sessions, users } from "../../db/schema";
import { db } from "../db.server";

/** The tables a login reads or writes (user, throttle, session, memberships, audit). */
const LOGIN_TABLES = [users, sessions, loginFailures, memberships, organisations, auditLog];

/**
 * The database answers and has every table and column a login needs: a
 * restored or damaged file without them must not report "ok" while every
 * login fails. Each check selects all of the table's columns and no row.
 */
export function databaseIsHealthy(): boolean {
  try {
    if (db().get<{ ok: number }>(sql`select 1 as ok`)?.ok !== 1) return false;
    for (const table of LOGIN_TABLES)
      db()
        .select()
        .from(table)
        .where(sql`0`)
        .all();
    return true;
  } catch {
    return false;
  }
}
