/**
 * The clock-driven notifications: overdue actions, relationships that need
 * attention, and the daily digests. Each takes `now` and is idempotent: a
 * notification's dedupe key and a digest's digested_at stamp what is done,
 * so a missed tick, a restart or a second server never doubles anything.
 */
import { randomUUID } from "node:crypto";
import { and, eq, gte, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { developmentActions, users } from "../../db/tables";
import { OPEN_ACTION_STATUSES, calendarDay } from "../domain/development-actions";
import { dedupeKeys, overdueToNotify, OVERDUE_LOOKBACK_DAYS } from "../domain/notifications";
import { quarterOf } from "../domain/period";
import { DEFAULT_TIME_ZONE, effectiveTimeZone, wallClock } from "../domain/time-zone";
import { db, writeTransaction } from "../db.server";
import { takeLease } from "../models/job-lease.server";
import { digestCandidates, membersOf, notify, sendDigest } from "../models/notifications.server";
import { relationshipStatuses } from "../models/relationship-status.server";
import type { ActingUser } from "../models/user.server";
import { visibleRelationships } from "../models/visible-relationships.server";
import type { ScheduledJob } from "./scheduled-work.server";

const DAY_MS = 86_400_000;

/** Open actions whose due date passed on their owner's local day (within the lookback): one notification per due date. */
export async function notifyOverdueActions(now = new Date()): Promise<number> {
  // No local "today" anywhere is later than UTC's tomorrow, so a due date after UTC's today is overdue nowhere yet.
  const latest = now.toISOString().slice(0, 10);
  const earliest = new Date(now.getTime() - (OVERDUE_LOOKBACK_DAYS + 1) * DAY_MS).toISOString().slice(0, 10);
  const rows = await db()
    .select({
      id: developmentActions.id,
      relationshipId: developmentActions.relationshipId,
      status: developmentActions.status,
      dueDate: developmentActions.dueDate,
      ownerUserId: developmentActions.ownerUserId,
      timeZone: users.timeZone,
    })
    .from(developmentActions)
    .innerJoin(users, eq(users.id, developmentActions.ownerUserId))
    .where(
      and(
        inArray(developmentActions.status, [...OPEN_ACTION_STATUSES]),
        isNotNull(developmentActions.dueDate),
        lte(developmentActions.dueDate, latest),
        gte(developmentActions.dueDate, earliest),
        isNull(users.disabledAt),
      ),
    )
    .all();
  let created = 0;
  for (const a of rows) {
    if (!overdueToNotify(a, calendarDay(now, effectiveTimeZone(a.timeZone)))) continue;
    created += await writeTransaction(() =>
      notify(
        {
          kind: "action_overdue",
          recipients: [a.ownerUserId!],
          relationshipId: a.relationshipId,
          actionId: a.id,
          params: { dueDate: a.dueDate! },
          dedupeKey: dedupeKeys.actionOverdue(a.id, a.dueDate!),
        },
        now,
      ),
    );
  }
  return created;
}

/** Every relationship, as the attention rules read them (the job acts for no one; it only decides who to tell). */
const EVERY_RELATIONSHIP: ActingUser = {
  id: 0,
  email: "",
  name: "scheduled work",
  isPlatformAdmin: true,
  locale: null,
  timeZone: DEFAULT_TIME_ZONE,
  memberships: [],
} as unknown as ActingUser;

/**
 * Relationships that need attention (app/domain/attention.ts, the rules the
 * home page shows): the writers of both parties are told once per
 * relationship, reason and quarter. Ended relationships are left alone.
 */
export async function notifyAttention(now = new Date()): Promise<number> {
  const asOf = wallClock(now, DEFAULT_TIME_ZONE);
  const quarter = quarterOf(asOf);
  const rows = (await visibleRelationships(EVERY_RELATIONSHIP).rowsAll()).filter((r) => r.stage !== "ended");
  const statuses = await relationshipStatuses(rows, asOf);
  let created = 0;
  for (const r of rows) {
    const reasons = statuses.get(r.id)?.attention ?? [];
    if (reasons.length === 0) continue;
    created += await writeTransaction(async () => {
      const recipients = await membersOf([r.providerId, r.customerId]);
      let made = 0;
      for (const reason of reasons) {
        made += await notify(
          {
            kind: "relationship_attention",
            recipients,
            relationshipId: r.id,
            params: { reason: reason.kind, period: quarter },
            dedupeKey: dedupeKeys.relationshipAttention(r.id, reason.kind, quarter),
          },
          now,
        );
      }
      return made;
    });
  }
  return created;
}

/** The attention rules read every relationship's figures: run them at most this often (a lease that is never given back). */
const ATTENTION_EVERY_MS = 6 * 3600_000;

/** Each due digest: one email per person per local day. */
export async function sendDigests(now = new Date()): Promise<number> {
  let sent = 0;
  for (const userId of await digestCandidates()) if (await sendDigest(userId, now)) sent++;
  return sent;
}

/** The one entry of app/jobs/scheduled-work.server.ts's JOBS for notifications. */
export const notificationJob: ScheduledJob = {
  name: "notifications",
  run: async (now) => {
    const overdue = await notifyOverdueActions(now);
    // A holder of its own each time: the lease runs out by itself, and only then may the scan run again.
    const attention = (await takeLease("notifications-attention", ATTENTION_EVERY_MS, now, randomUUID())) ? await notifyAttention(now) : "skipped";
    const digests = await sendDigests(now);
    return { overdue, attention, digests };
  },
};
