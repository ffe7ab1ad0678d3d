/**
 * Reading the audit log (platform administrators only): newest first,
 * filtered in SQL, a page at a time.
 */
import { and, asc, count, desc, eq, gte, like, lt, sql, type SQL } from "drizzle-orm";
import { auditLog, users } from "../../db/schema";
import { db } from "../db.server";
import type { AuditFilter } from "../forms/admin-audit";
import { denyAdmin } from "./admin-access.server";
import type { ActingUser } from "./user.server";

export const AUDIT_PAGE_SIZE = 50;

export type AuditEntryView = {
  id: number;
  at: string;
  actorEmail: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
};

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function conditions(filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.actor) where.push(like(users.email, sql`${`%${escapeLike(filter.actor.toLowerCase())}%`} escape '\\'`));
  if (filter.entityType) where.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  // Timestamps are ISO-8601 UTC text, so date bounds compare as strings; `to` includes its whole day.
  if (filter.from) where.push(gte(auditLog.at, `${filter.from}T00:00:00.000Z`));
  if (filter.to) where.push(lt(auditLog.at, `${nextDay(filter.to)}T00:00:00.000Z`));
  return where;
}

export function listAuditEntries(user: ActingUser, filter: AuditFilter) {
  if (!user.isPlatformAdmin) denyAdmin(user, "audit_log", "list");
  const where = and(...conditions(filter));
  const total =
    db()
      .select({ n: count() })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(where)
      .get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);
  const entries: AuditEntryView[] = db()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorEmail: users.email,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  return { entries, total, page, pageCount, pageSize: AUDIT_PAGE_SIZE };
}

/** The values the filter selects offer: every action and entity type logged so far. */
export function auditFilterOptions(user: ActingUser) {
  if (!user.isPlatformAdmin) denyAdmin(user, "audit_log", "options");
  const actions = db().selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)).all();
  const entityTypes = db()
    .selectDistinct({ v: auditLog.entityType })
    .from(auditLog)
    .where(sql`${auditLog.entityType} is not null`)
    .orderBy(asc(auditLog.entityType))
    .all();
  return { actions: actions.map((r) => r.v), entityTypes: entityTypes.map((r) => r.v!) };
}
