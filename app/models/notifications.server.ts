/**
 * Notifications: what the portal tells each person (db/schema.ts
 * notifications). `notify` is called inside the transaction of the event
 * (a submission, a grant, an assignment) or by a scheduled job; it writes one
 * row per recipient and, for those who want email at once, the email in the
 * outbox, in the same transaction. A row keeps only ids and plain
 * parameters: the list checks visibility again when it is shown.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, count, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { desc } from "../../db/dialect";
import {
  assessmentRounds,
  assessments,
  developmentActions,
  memberships,
  metricDefinitions,
  notificationPreferences,
  notifications,
  organisations,
  relationships,
  sharingGrants,
  users,
} from "../../db/tables";
import { DEFAULT_DELIVERY, NOTIFICATION_KINDS, type DeliveryMode, type NotificationKind } from "../domain/notification-kinds";
import { dedupeKeys, digestAction, digestDue, notificationPath, type NotificationView } from "../domain/notifications";
import { effectiveTimeZone } from "../domain/time-zone";
import { changedRows, db, writeTransaction } from "../db.server";
import { isLocale, type Locale } from "../i18n/locale";
import { digestEmail, notificationEmail } from "../mail/notification-email.server";
import { sessionSecrets } from "../secrets.server";
import { memberOrganisationIds, notFound, visibleRelationshipCondition } from "./access.server";
import { audit } from "./audit.server";
import { grantAudienceIncludes } from "./metric-access.server";
import { enqueueEmail } from "./outbox.server";
import { getActingUser, type ActingUser } from "./user.server";
import { customer, provider } from "./visible-relationships.server";
import { lockKey } from "./write-guards.server";

export type NotificationSubject = {
  relationshipId?: number | null;
  roundId?: number | null;
  assessmentId?: number | null;
  actionId?: number | null;
  sharingGrantId?: number | null;
  invitationId?: number | null;
};

export type NotificationEvent = NotificationSubject & {
  kind: NotificationKind;
  /** User ids; the actor is left out (nobody is told of their own act), duplicates once. */
  recipients: readonly number[];
  actorUserId?: number | null;
  /** Plain parameters for the text (a quarter, days left): never a value the reader might later lose the right to see. */
  params?: Record<string, string | number>;
  /** Unique per recipient: the same key twice makes one notification (the stamp of a scheduled one). */
  dedupeKey: string;
};

export type StoredNotification = NotificationSubject & {
  id: number;
  userId: number;
  kind: NotificationKind;
  actorUserId: number | null;
  params: Record<string, string | number>;
  createdAt: string;
};

/** A person as the emails address them. */
export type Recipient = { id: number; email: string; name: string; locale: Locale };

/** Each recipient's delivery choice for `kind`, with their address and language. */
async function recipientsOf(userIds: readonly number[], kind: NotificationKind) {
  if (userIds.length === 0) return [];
  const rows = await db()
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, delivery: notificationPreferences.delivery })
    .from(users)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, kind)))
    .where(and(inArray(users.id, [...userIds]), isNull(users.disabledAt)))
    .all();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    locale: (isLocale(r.locale) ? r.locale : "fi") as Locale,
    delivery: (r.delivery ?? DEFAULT_DELIVERY[kind]) as DeliveryMode,
  }));
}

/**
 * Writes the event's notifications (and emails for those who want them at
 * once). Returns how many notifications were new: a dedupe key already used
 * for a recipient makes nothing for them. Call inside the event's writeTransaction.
 */
export async function notify(event: NotificationEvent, now = new Date()): Promise<number> {
  const ids = [...new Set(event.recipients)].filter((id) => id !== event.actorUserId);
  const subject: Required<NotificationSubject> = {
    relationshipId: event.relationshipId ?? null,
    roundId: event.roundId ?? null,
    assessmentId: event.assessmentId ?? null,
    actionId: event.actionId ?? null,
    sharingGrantId: event.sharingGrantId ?? null,
    invitationId: event.invitationId ?? null,
  };
  let created = 0;
  for (const recipient of await recipientsOf(ids, event.kind)) {
    const row = await db()
      .insert(notifications)
      .values({
        userId: recipient.id,
        kind: event.kind,
        ...subject,
        actorUserId: event.actorUserId ?? null,
        params: event.params ? JSON.stringify(event.params) : null,
        dedupeKey: event.dedupeKey,
        createdAt: now.toISOString(),
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id })
      .get();
    if (!row) continue;
    created++;
    if (recipient.delivery !== "email") continue;
    const stored: StoredNotification = {
      id: row.id,
      userId: recipient.id,
      kind: event.kind,
      ...subject,
      actorUserId: event.actorUserId ?? null,
      params: event.params ?? {},
      createdAt: now.toISOString(),
    };
    const email = await notificationEmail(recipient, stored);
    if (!email) continue;
    await enqueueEmail({ ...email, to: recipient.email, recipientUserId: recipient.id, locale: recipient.locale, category: "notification" }, now);
    await db().update(notifications).set({ emailedAt: now.toISOString() }).where(eq(notifications.id, row.id)).run();
  }
  return created;
}

// ------------------------------------------------------------------ recipients of the events

/** Roles that act on what happens to a relationship: they assess, record and answer for their organisation. */
const WRITER_ROLES = ["org_admin", "staff"] as const;

/**
 * The enabled members of the organisations, writers only unless `everyone`.
 * Writers, not project leads or viewers: a counterpart's submission or a
 * relationship's attention asks someone to act, and only writers can; a
 * project lead reads every relationship of the chain and would be told of all.
 */
export async function membersOf(organisationIds: readonly number[], { everyone = false } = {}): Promise<number[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db()
    .selectDistinct({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        inArray(memberships.organisationId, [...new Set(organisationIds)]),
        everyone ? undefined : inArray(memberships.role, [...WRITER_ROLES]),
        isNull(users.disabledAt),
      ),
    )
    .all();
  return rows.map((r) => r.id);
}

/** saveAssessment, when an assessment becomes submitted: the writers of the other party. */
export async function notifyAssessmentSubmitted(
  event: { assessmentId: number; relationshipId: number; counterpartOrganisationId: number; period: string; actorUserId: number },
  now = new Date(),
): Promise<number> {
  return notify(
    {
      kind: "assessment_submitted",
      recipients: await membersOf([event.counterpartOrganisationId]),
      actorUserId: event.actorUserId,
      relationshipId: event.relationshipId,
      assessmentId: event.assessmentId,
      params: { period: event.period },
      dedupeKey: dedupeKeys.assessmentSubmitted(event.assessmentId),
    },
    now,
  );
}

/**
 * The sharing rule's test of one grant (active or not) reaching `orgIds`: a
 * counterpart grant over all the grantor's relationships reaches the other
 * party of each of them; otherwise as metric-access.server.ts decides.
 */
function grantReaches(grantId: SQL | number, orgIds: readonly number[]): SQL {
  if (orgIds.length === 0) return sql`0 = 1`;
  return sql`exists (select 1 from sharing_grants g
      left join relationships r on r.id = g.relationship_id
        or (g.relationship_id is null and g.audience = 'counterpart'
            and (r.provider_id = g.grantor_organisation_id or r.customer_id = g.grantor_organisation_id))
      where g.id = ${grantId} and ${grantAudienceIncludes(orgIds)})`;
}

/** The organisations (other than the grantor) that a grant's audience reaches: who gains or loses what it shares. */
export async function organisationsReachedByGrant(grantId: number): Promise<number[]> {
  const grant = await db()
    .select({
      grantorId: sharingGrants.grantorOrganisationId,
      granteeId: sharingGrants.granteeOrganisationId,
      chainId: sharingGrants.chainId,
      relationshipId: sharingGrants.relationshipId,
      audience: sharingGrants.audience,
    })
    .from(sharingGrants)
    .where(eq(sharingGrants.id, grantId))
    .get();
  if (!grant) return [];
  // Candidates: the grantee, the parties of the chain, of the relationship, or of the grantor's relationships.
  const parties = await db()
    .select({ providerId: relationships.providerId, customerId: relationships.customerId })
    .from(relationships)
    .where(
      or(
        grant.chainId !== null ? eq(relationships.chainId, grant.chainId) : undefined,
        grant.relationshipId !== null ? eq(relationships.id, grant.relationshipId) : undefined,
        grant.audience === "counterpart" && grant.relationshipId === null
          ? or(eq(relationships.providerId, grant.grantorId), eq(relationships.customerId, grant.grantorId))
          : undefined,
        sql`0 = 1`,
      ),
    )
    .all();
  const candidates = new Set([...parties.flatMap((p) => [p.providerId, p.customerId]), ...(grant.granteeId !== null ? [grant.granteeId] : [])]);
  candidates.delete(grant.grantorId);
  const reached: number[] = [];
  for (const orgId of candidates) {
    const hit = await db()
      .select({ one: sql<number>`1` })
      .from(sql`(select 1) as probe`)
      .where(grantReaches(grantId, [orgId]))
      .get();
    if (hit) reached.push(orgId);
  }
  return reached.sort((a, b) => a - b);
}

/** createGrant / restoreGrant (metric_shared) and revokeGrant (share_revoked): every member of the organisations reached. */
export async function notifyGrantChange(
  event: { grantId: number; kind: "metric_shared" | "share_revoked"; actorUserId: number; at: string },
  now = new Date(),
): Promise<number> {
  const reached = await organisationsReachedByGrant(event.grantId);
  return notify(
    {
      kind: event.kind,
      recipients: await membersOf(reached, { everyone: true }),
      actorUserId: event.actorUserId,
      sharingGrantId: event.grantId,
      dedupeKey: event.kind === "metric_shared" ? dedupeKeys.metricShared(event.grantId, event.at) : dedupeKeys.shareRevoked(event.grantId, event.at),
    },
    now,
  );
}

/** saveDevelopmentAction, when the owner is set or changes to someone other than the one saving. */
export async function notifyActionAssigned(
  event: { actionId: number; relationshipId: number; ownerUserId: number; actorUserId: number },
  now = new Date(),
): Promise<number> {
  return notify(
    {
      kind: "action_assigned",
      recipients: [event.ownerUserId],
      actorUserId: event.actorUserId,
      relationshipId: event.relationshipId,
      actionId: event.actionId,
      dedupeKey: dedupeKeys.actionAssigned(event.actionId, event.ownerUserId, now.toISOString()),
    },
    now,
  );
}

// Mentions in comments: app/models/comments.server.ts calls notify({ kind: "comment_mention", ... })
// in the comment's write transaction, with params { period, factor?, commentId } for the thread's link.

// ------------------------------------------------------------------ reading them back

const actor = alias(users, "notification_actor");
const assessingOrganisation = alias(organisations, "assessing_organisation");
const subjectGrant = alias(sharingGrants, "subject_grant");
const grantor = alias(organisations, "subject_grantor");
const sharedMetric = alias(metricDefinitions, "shared_metric");
const subjectRound = alias(assessmentRounds, "subject_round");

/**
 * The relationship of a notification, joined only when the reader may see it
 * now: a notification about a relationship that is no longer visible is not
 * shown, not counted and not opened.
 */
function stillVisible(): SQL {
  return or(isNull(notifications.relationshipId), isNotNull(relationships.id))!;
}

function visibleRelationshipJoin(user: ActingUser): SQL {
  return and(eq(relationships.id, notifications.relationshipId), visibleRelationshipCondition(user))!;
}

/**
 * Unread notifications the user may still see: the bell's figure, read on
 * every page, in one statement through the (user, created) index and the
 * relationship's primary key.
 */
export async function unreadCount(user: ActingUser): Promise<number> {
  const row = await db()
    .select({ n: count() })
    .from(notifications)
    .leftJoin(relationships, visibleRelationshipJoin(user))
    .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt), stillVisible()))
    .get();
  return Number(row?.n ?? 0);
}

function viewQuery(user: ActingUser) {
  const orgIds = memberOrganisationIds(user);
  const reaches = user.isPlatformAdmin
    ? sql`exists (select 1 from sharing_grants g where g.id = ${notifications.sharingGrantId})`
    : grantReaches(sql`${notifications.sharingGrantId}`, orgIds);
  const activeForReader = sql<number>`case when ${subjectGrant.revokedAt} is null and ${reaches} then 1 else 0 end`;
  // An organisation the reader knows of: their own, or a party of a relationship they see.
  const grantorKnown = user.isPlatformAdmin
    ? sql<number>`1`
    : sql<number>`case when ${grantor.id} in (${
        orgIds.length
          ? sql.join(
              orgIds.map((id) => sql`${id}`),
              sql`, `,
            )
          : sql`null`
      }) or exists (select 1 from ${relationships}
          where (${relationships.providerId} = ${grantor.id} or ${relationships.customerId} = ${grantor.id}) and ${visibleRelationshipCondition(user)}) then 1 else 0 end`;
  return db()
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: notifications.params,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      relationshipId: notifications.relationshipId,
      assessmentId: notifications.assessmentId,
      actionId: notifications.actionId,
      roundId: notifications.roundId,
      invitationId: notifications.invitationId,
      actorName: actor.name,
      serviceName: relationships.serviceName,
      providerName: provider.name,
      customerName: customer.name,
      assessingOrganisationName: assessingOrganisation.name,
      assessmentPeriod: assessments.period,
      actionTitle: developmentActions.title,
      actionDueDate: developmentActions.dueDate,
      grantActive: activeForReader,
      grantorKnown,
      grantorName: grantor.name,
      grantMetricId: subjectGrant.metricId,
      metricNameFi: sharedMetric.nameFi,
      metricNameEn: sharedMetric.nameEn,
      roundName: subjectRound.name,
    })
    .from(notifications)
    .leftJoin(relationships, visibleRelationshipJoin(user))
    .leftJoin(provider, eq(provider.id, relationships.providerId))
    .leftJoin(customer, eq(customer.id, relationships.customerId))
    .leftJoin(actor, eq(actor.id, notifications.actorUserId))
    .leftJoin(assessments, eq(assessments.id, notifications.assessmentId))
    .leftJoin(assessingOrganisation, eq(assessingOrganisation.id, assessments.organisationId))
    .leftJoin(developmentActions, eq(developmentActions.id, notifications.actionId))
    .leftJoin(subjectGrant, eq(subjectGrant.id, notifications.sharingGrantId))
    .leftJoin(grantor, eq(grantor.id, subjectGrant.grantorOrganisationId))
    .leftJoin(sharedMetric, eq(sharedMetric.id, subjectGrant.metricId))
    .leftJoin(subjectRound, eq(subjectRound.id, notifications.roundId));
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof viewQuery>["all"]>>[number];

function parseParams(text: string | null): Record<string, string | number> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, string | number>) : {};
  } catch {
    return {};
  }
}

/** A row as the reader may see it: names blanked where the right to see them has gone. */
function toView(r: ViewRow, locale: Locale): NotificationView & { path: string } {
  const relationshipLabel = r.serviceName !== null ? `${r.serviceName}: ${r.providerName} → ${r.customerName}` : null;
  const active = Number(r.grantActive) === 1;
  const known = Number(r.grantorKnown) === 1;
  const view: NotificationView = {
    id: r.id,
    kind: r.kind,
    params: parseParams(r.params),
    createdAt: r.createdAt,
    readAt: r.readAt,
    relationshipId: r.relationshipId,
    assessmentId: r.assessmentId,
    actionId: r.actionId,
    roundId: r.roundId,
    invitationId: r.invitationId,
    actorName: r.actorName,
    relationshipLabel,
    assessingOrganisationName: relationshipLabel ? r.assessingOrganisationName : null,
    assessmentPeriod: relationshipLabel ? r.assessmentPeriod : null,
    actionTitle: relationshipLabel ? r.actionTitle : null,
    actionDueDate: relationshipLabel ? r.actionDueDate : null,
    // A share's metric is named only while it is shared with the reader; its grantor while it is, or when known otherwise.
    metricName: active && r.grantMetricId !== null ? (locale === "en" ? r.metricNameEn : r.metricNameFi) : null,
    allMetrics: active && r.grantMetricId === null && r.grantorName !== null,
    grantorName: r.kind === "metric_shared" ? (active ? r.grantorName : null) : known ? r.grantorName : null,
    roundName: r.roundName,
  };
  return { ...view, path: notificationPath(view) };
}

export type NotificationPage = {
  items: Array<NotificationView & { path: string }>;
  page: number;
  pageCount: number;
  total: number;
  unread: number;
};

export const NOTIFICATIONS_PAGE_SIZE = 25;

/** The user's notifications they may still see, newest first, one page. */
export async function listNotifications(user: ActingUser, page: number, locale: Locale): Promise<NotificationPage> {
  const totalRow = await db()
    .select({ n: count() })
    .from(notifications)
    .leftJoin(relationships, visibleRelationshipJoin(user))
    .where(and(eq(notifications.userId, user.id), stillVisible()))
    .get();
  const total = Number(totalRow?.n ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE));
  const at = Math.min(Math.max(1, page), pageCount);
  const rows = await viewQuery(user)
    .where(and(eq(notifications.userId, user.id), stillVisible()))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE)
    .offset((at - 1) * NOTIFICATIONS_PAGE_SIZE)
    .all();
  return { items: rows.map((r) => toView(r, locale)), page: at, pageCount, total, unread: await unreadCount(user) };
}

/** Some of the user's notifications, by id, as they may see them now (hidden ones are left out). */
export async function notificationViews(user: ActingUser, ids: readonly number[], locale: Locale) {
  if (ids.length === 0) return [];
  const rows = await viewQuery(user)
    .where(and(eq(notifications.userId, user.id), inArray(notifications.id, [...ids]), stillVisible()))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .all();
  return rows.map((r) => toView(r, locale));
}

/** One of the user's notifications they may still see, or a 404 (someone else's, unknown, or no longer visible). */
async function requireNotification(user: ActingUser, notificationId: number, locale: Locale) {
  if (!Number.isSafeInteger(notificationId) || notificationId <= 0) notFound("Notification not found");
  const [view] = await notificationViews(user, [notificationId], locale);
  if (!view) notFound("Notification not found");
  return view;
}

/** Opening a notification: marks it read and says where it leads. */
export async function openNotification(user: ActingUser, notificationId: number, now = new Date()): Promise<string> {
  const view = await requireNotification(user, notificationId, "fi");
  if (view.readAt === null) await markRead(user, notificationId, now);
  return view.path;
}

export async function markRead(user: ActingUser, notificationId: number, now = new Date()): Promise<void> {
  await requireNotification(user, notificationId, "fi");
  await db()
    .update(notifications)
    .set({ readAt: now.toISOString() })
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, user.id), isNull(notifications.readAt)))
    .run();
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllRead(user: ActingUser, now = new Date()): Promise<number> {
  return changedRows(
    await db()
      .update(notifications)
      .set({ readAt: now.toISOString() })
      .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)))
      .run(),
  );
}

// ------------------------------------------------------------------ preferences

export type NotificationPreferences = Record<NotificationKind, DeliveryMode>;

/** The person's delivery choice for every kind (DEFAULT_DELIVERY where they have not chosen). */
export async function getPreferences(userId: number): Promise<NotificationPreferences> {
  const rows = await db()
    .select({ kind: notificationPreferences.kind, delivery: notificationPreferences.delivery })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId))
    .all();
  const chosen = new Map(rows.map((r) => [r.kind, r.delivery]));
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, chosen.get(kind) ?? DEFAULT_DELIVERY[kind]])) as NotificationPreferences;
}

async function writePreferences(userId: number, preferences: NotificationPreferences, now: Date): Promise<void> {
  for (const kind of NOTIFICATION_KINDS) {
    await db()
      .insert(notificationPreferences)
      .values({ userId, kind, delivery: preferences[kind], updatedAt: now.toISOString() })
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.kind],
        set: { delivery: preferences[kind], updatedAt: now.toISOString() },
      })
      .run();
  }
}

/** Saves every kind's choice at once; audited. */
export async function savePreferences(user: ActingUser, preferences: NotificationPreferences, ip?: string | null, now = new Date()): Promise<void> {
  await writeTransaction(async () => {
    const before = await getPreferences(user.id);
    await writePreferences(user.id, preferences, now);
    await audit({
      action: "notifications.preferences",
      actorUserId: user.id,
      actorOrganisationId: user.memberships[0]?.organisationId ?? null,
      entityType: "user",
      entityId: user.id,
      before,
      after: preferences,
      ip,
    });
  });
}

// ------------------------------------------------------------------ unsubscribing from the digest

function unsubscribeMac(userId: number, secret: string): string {
  return createHmac("sha256", secret).update(`digest-unsubscribe:${userId}`).digest("base64url");
}

/** The digest's unsubscribe link token: the user id, signed with the session secret (no expiry: a mail may be read late). */
export function unsubscribeToken(userId: number): string {
  return `${userId}.${unsubscribeMac(userId, sessionSecrets()[0])}`;
}

/** The enabled user a token was made for, or null (malformed, forged, or the account is gone). */
export async function unsubscribeTokenUser(token: string): Promise<Recipient | null> {
  const match = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  if (!Number.isSafeInteger(userId)) return null;
  const given = Buffer.from(match[2]);
  const valid = sessionSecrets().some((secret) => {
    const expected = Buffer.from(unsubscribeMac(userId, secret));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid) return null;
  const user = await db()
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .get();
  return user ? { ...user, locale: isLocale(user.locale) ? user.locale : "fi" } : null;
}

/** Every kind delivered in the digest becomes portal-only; returns the kinds changed. Audited. */
export async function unsubscribeFromDigest(userId: number, ip?: string | null, now = new Date()): Promise<NotificationKind[]> {
  return await writeTransaction(async () => {
    const before = await getPreferences(userId);
    const changed = NOTIFICATION_KINDS.filter((kind) => before[kind] === "digest");
    if (changed.length === 0) return [];
    const after = { ...before, ...Object.fromEntries(changed.map((k) => [k, "portal"])) } as NotificationPreferences;
    await writePreferences(userId, after, now);
    await audit({ action: "notifications.unsubscribe_digest", actorUserId: userId, entityType: "user", entityId: userId, before, after, ip });
    return changed;
  });
}

// ------------------------------------------------------------------ the daily digest

/** The delivery a person has now for each notification's kind, in SQL (their choice, else the default). */
function effectiveDelivery(): SQL<DeliveryMode> {
  const defaults = sql.join(
    NOTIFICATION_KINDS.map((kind) => sql`when ${kind} then ${DEFAULT_DELIVERY[kind]}`),
    sql` `,
  );
  return sql<DeliveryMode>`coalesce(${notificationPreferences.delivery}, case ${notifications.kind} ${defaults} end)`;
}

function preferenceJoin(): SQL {
  return and(eq(notificationPreferences.userId, notifications.userId), eq(notificationPreferences.kind, notifications.kind))!;
}

/** People with notifications waiting for a digest (not yet digested nor emailed, and their kind goes to the digest now). */
export async function digestCandidates(): Promise<number[]> {
  const rows = await db()
    .selectDistinct({ userId: notifications.userId })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(notificationPreferences, preferenceJoin())
    .where(and(isNull(notifications.digestedAt), isNull(notifications.emailedAt), isNull(users.disabledAt), sql`${effectiveDelivery()} = 'digest'`))
    .all();
  return rows.map((r) => r.userId).sort((a, b) => a - b);
}

/**
 * Sends one person's digest if it is due (digestDue): one email listing
 * their unread notifications of digest kinds that they may still see, and
 * every notification it took marked digested, in one transaction. Returns
 * whether an email was written.
 */
export async function sendDigest(userId: number, now = new Date()): Promise<boolean> {
  return await writeTransaction(async () => {
    // One digest at a time per person (two servers, or a tick overtaking a slow one).
    await lockKey("notification-digest", userId);
    const user = await getActingUser(userId);
    if (!user) return false;
    const last = await db()
      .select({ at: sql<string | null>`max(${notifications.digestedAt})` })
      .from(notifications)
      .where(eq(notifications.userId, userId))
      .get();
    if (!digestDue(now, effectiveTimeZone(user.timeZone), last?.at ?? null)) return false;
    const waiting = await db()
      .select({
        id: notifications.id,
        readAt: notifications.readAt,
        emailedAt: notifications.emailedAt,
        digestedAt: notifications.digestedAt,
        delivery: effectiveDelivery(),
      })
      .from(notifications)
      .leftJoin(notificationPreferences, preferenceJoin())
      .where(and(eq(notifications.userId, userId), isNull(notifications.digestedAt), sql`${notifications.createdAt} <= ${now.toISOString()}`))
      .all();
    const taken = waiting.filter((n) => digestAction(n, n.delivery) !== "leave");
    if (taken.length === 0) return false;
    const toList = taken.filter((n) => digestAction(n, n.delivery) === "list").map((n) => n.id);
    const locale: Locale = user.locale ?? "fi";
    const listed = await notificationViews(user, toList, locale);
    if (listed.length > 0) {
      const email = digestEmail({ id: user.id, name: user.name, locale }, listed, unsubscribeToken(user.id));
      await enqueueEmail({ ...email, to: user.email, recipientUserId: user.id, locale, category: "digest" }, now);
    }
    await db()
      .update(notifications)
      .set({ digestedAt: now.toISOString() })
      .where(
        and(
          eq(notifications.userId, userId),
          inArray(
            notifications.id,
            taken.map((n) => n.id),
          ),
          isNull(notifications.digestedAt),
        ),
      )
      .run();
    return listed.length > 0;
  });
}
