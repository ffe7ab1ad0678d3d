import { auditLog } from "../../db/tables";
import { db } from "../db.server";

export type AuditEntry = {
  action: string;
  actorUserId?: number | null;
  actorOrganisationId?: number | null;
  entityType?: string;
  entityId?: string | number;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

// Keys whose values never reach the log, whatever the caller passes.
const SECRET_KEYS = /password|token|secret|session|hash/i;

function redact(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(redact);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.test(k) ? "[redacted]" : redact(v)]));
}

export async function audit(entry: AuditEntry): Promise<void> {
  await db()
    .insert(auditLog)
    .values({
      action: entry.action,
      actorUserId: entry.actorUserId ?? null,
      actorOrganisationId: entry.actorOrganisationId ?? null,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId === undefined ? null : String(entry.entityId),
      before: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
      after: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
      ip: entry.ip ?? null,
    })
    .run();
}
