/**
 * Reading the audit log: newest first, filtered and scoped in SQL, a page at
 * a time, with the names of the people, organisations and records the
 * entries refer to.
 *
 * Who reads what:
 * - a platform administrator reads every entry;
 * - an organisation admin reads their organisations' entries: what was done
 *   for the organisation (entries whose acting organisation is theirs), and
 *   what was done to its own records by anyone, a platform administrator
 *   included (the organisation itself, its people, its memberships, and the
 *   chains and relationships it is a party to when an administrator created
 *   or edited them). Another organisation's own activity, even on a shared
 *   relationship, stays out, and so do the IP addresses of people outside
 *   the organisation.
 * Everyone else is refused (403, audited).
 */
import { and, count, eq, gte, inArray, like, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { asc, desc, jsonIntegerField, textAsInteger } from "../../db/dialect";
import {
  apiTokens,
  assessments,
  auditLog,
  chains,
  developmentActions,
  memberships,
  metricDefinitions,
  organisations,
  relationshipDecisions,
  relationships,
  sharingGrants,
  users,
} from "../../db/tables";
import { db } from "../db.server";
import type { AuditFilter } from "../forms/admin-audit";
import { ID_FIELDS, type RefKind } from "../domain/audit";
import { localDayStartUtc } from "../domain/time-zone";
import { administeredOrganisationIds, denyAdmin } from "./admin-access.server";
import type { ActingUser } from "./user.server";
import { customer, provider } from "./visible-relationships.server";

export const AUDIT_PAGE_SIZE = 50;

const ENTITY_KIND: Record<string, RefKind> = {
  user: "user",
  organisation: "organisation",
  relationship: "relationship",
  chain: "chain",
  metric_definition: "metric",
  membership: "membership",
  api_token: "api_token",
  assessment: "assessment",
  development_action: "development_action",
  relationship_decision: "decision",
  sharing_grant: "sharing_grant",
};

export type AuditEntryView = {
  id: number;
  at: string;
  action: string;
  actor: { name: string; email: string } | null;
  actorOrganisation: string | null;
  entityType: string | null;
  entityId: string | null;
  /** The record's name, when it is known and the reader may see it. */
  entityName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
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

/** Members (current) of the organisations. */
const membersOf = (orgIds: number[]) => sql`(select ${memberships.userId} from ${memberships} where ${inArray(memberships.organisationId, orgIds)})`;

/** The organisation-admin scope of the log, as one SQL condition. */
function organisationScope(orgIds: number[]): SQL {
  const ids = sql.join(
    orgIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const entityInt = textAsInteger(auditLog.entityId);
  return or(
    // What was done for the organisation.
    inArray(auditLog.actorOrganisationId, orgIds),
    // What was done to its own records.
    sql`(${auditLog.entityType} = 'organisation' and ${entityInt} in (${ids}))`,
    sql`(${auditLog.entityType} = 'user' and ${auditLog.action} <> 'access.denied' and ${entityInt} in ${membersOf(orgIds)})`,
    sql`(${auditLog.entityType} = 'membership' and coalesce(
      ${jsonIntegerField(auditLog.after, "organisationId")},
      ${jsonIntegerField(auditLog.before, "organisationId")}) in (${ids}))`,
    sql`(${auditLog.action} in ('relationship.create', 'relationship.update') and ${entityInt} in
      (select ${relationships.id} from ${relationships} where ${relationships.providerId} in (${ids}) or ${relationships.customerId} in (${ids})))`,
    sql`(${auditLog.action} in ('chain.create', 'chain.update') and ${entityInt} in
      (select ${chains.id} from ${chains} where ${chains.focalOrganisationId} in (${ids})))`,
  )!;
}

/** Whose entries the user may read: null for every entry (platform), else the organisations they administer. */
async function readableOrganisations(user: ActingUser, what: string): Promise<number[] | null> {
  if (user.isPlatformAdmin) return null;
  const own = administeredOrganisationIds(user);
  if (own.length === 0) await denyAdmin(user, "audit_log", what);
  return own;
}

function conditions(filter: AuditFilter, scope: number[] | null, timeZone: string): SQL[] {
  const where: SQL[] = [];
  if (scope) where.push(organisationScope(scope));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.actor) {
    const pattern = sql`${`%${escapeLike(filter.actor.toLowerCase())}%`}`;
    where.push(or(like(users.email, sql`${pattern} escape '\\'`), sql`lower(${users.name}) like ${pattern} escape '\\'`)!);
  }
  if (filter.entityType) where.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  // The dates are the reader's calendar days; timestamps are ISO-8601 UTC text, so the bounds compare as strings.
  if (filter.from) where.push(gte(auditLog.at, localDayStartUtc(filter.from, timeZone)));
  if (filter.to) where.push(lt(auditLog.at, localDayStartUtc(nextDay(filter.to), timeZone)));
  return where;
}

const actorOrganisation = alias(organisations, "actor_organisation");

export async function listAuditEntries(user: ActingUser, filter: AuditFilter) {
  const scope = await readableOrganisations(user, "list");
  const where = and(...conditions(filter, scope, user.timeZone));
  const total = (await db().select({ n: count() }).from(auditLog).leftJoin(users, eq(users.id, auditLog.actorUserId)).where(where).get())?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);
  // An organisation admin sees the address of their own people only.
  const ip = scope ? sql<string | null>`case when ${auditLog.actorUserId} in ${membersOf(scope)} then ${auditLog.ip} end` : auditLog.ip;
  const rows = await db()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorName: users.name,
      actorEmail: users.email,
      actorOrganisation: actorOrganisation.name,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      ip,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(actorOrganisation, eq(actorOrganisation.id, auditLog.actorOrganisationId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();

  const parsed = rows.map((r) => ({ ...r, before: parseObject(r.before), after: parseObject(r.after) }));
  // Names of the records the entries refer to. A refused access names no record: the reader may not see it.
  const wanted = new Map<RefKind, Set<number>>();
  const want = (kind: RefKind, value: unknown) => {
    const id = typeof value === "number" ? value : typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : null;
    if (id === null || !Number.isSafeInteger(id)) return;
    let set = wanted.get(kind);
    if (!set) wanted.set(kind, (set = new Set()));
    set.add(id);
  };
  for (const e of parsed) {
    if (e.action === "access.denied") continue;
    const kind = e.entityType ? ENTITY_KIND[e.entityType] : undefined;
    if (kind) want(kind, e.entityId);
    for (const side of [e.before, e.after]) {
      if (!side) continue;
      for (const [field, value] of Object.entries(side)) if (ID_FIELDS[field]) want(ID_FIELDS[field], value);
    }
  }
  const refs = await resolveNames(wanted, user);
  const entries: AuditEntryView[] = parsed.map((e) => {
    const kind = e.entityType ? ENTITY_KIND[e.entityType] : undefined;
    return {
      id: e.id,
      at: e.at,
      action: e.action,
      actor: e.actorEmail ? { name: e.actorName ?? e.actorEmail, email: e.actorEmail } : null,
      actorOrganisation: e.actorOrganisation,
      entityType: e.entityType,
      entityId: e.entityId,
      entityName: kind && e.action !== "access.denied" && e.entityId ? (refs[`${kind}:${Number(e.entityId)}`] ?? null) : null,
      before: e.before,
      after: e.after,
      ip: e.ip,
    };
  });
  return { entries, refs, total, page, pageCount, pageSize: AUDIT_PAGE_SIZE };
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { value: text };
  }
}

const grantee = alias(organisations, "ref_grantee");

/** Names of the wanted records, keyed `kind:id`, in one query per kind. */
async function resolveNames(wanted: Map<RefKind, Set<number>>, user: ActingUser): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const put = (kind: RefKind, rows: Array<{ id: number; name: string | null }>) => {
    for (const r of rows) if (r.name) out[`${kind}:${r.id}`] = r.name;
  };
  const ids = (kind: RefKind) => [...(wanted.get(kind) ?? [])];
  const relationshipName = sql<string>`${provider.name} || ' → ' || ${customer.name} || ' · ' || ${relationships.serviceName}`;
  const english = user.locale === "en";
  for (const kind of wanted.keys()) {
    const list = ids(kind);
    switch (kind) {
      case "user":
        put(kind, await db().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, list)).all());
        break;
      case "organisation":
        put(kind, await db().select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, list)).all());
        break;
      case "chain":
        put(kind, await db().select({ id: chains.id, name: chains.name }).from(chains).where(inArray(chains.id, list)).all());
        break;
      case "relationship":
        put(
          kind,
          await db()
            .select({ id: relationships.id, name: relationshipName })
            .from(relationships)
            .innerJoin(provider, eq(provider.id, relationships.providerId))
            .innerJoin(customer, eq(customer.id, relationships.customerId))
            .where(inArray(relationships.id, list))
            .all(),
        );
        break;
      case "metric":
        put(
          kind,
          await db()
            .select({ id: metricDefinitions.id, name: english ? metricDefinitions.nameEn : metricDefinitions.nameFi })
            .from(metricDefinitions)
            .where(inArray(metricDefinitions.id, list))
            .all(),
        );
        break;
      case "membership":
        put(
          kind,
          await db()
            .select({ id: memberships.id, name: sql<string>`${users.name} || ' · ' || ${organisations.name}` })
            .from(memberships)
            .innerJoin(users, eq(users.id, memberships.userId))
            .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
            .where(inArray(memberships.id, list))
            .all(),
        );
        break;
      case "api_token":
        put(kind, await db().select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(inArray(apiTokens.id, list)).all());
        break;
      case "assessment":
        put(
          kind,
          await db()
            .select({ id: assessments.id, name: sql<string>`${relationshipName} || ' · ' || ${assessments.period}` })
            .from(assessments)
            .innerJoin(relationships, eq(relationships.id, assessments.relationshipId))
            .innerJoin(provider, eq(provider.id, relationships.providerId))
            .innerJoin(customer, eq(customer.id, relationships.customerId))
            .where(inArray(assessments.id, list))
            .all(),
        );
        break;
      case "development_action":
        put(
          kind,
          await db()
            .select({ id: developmentActions.id, name: developmentActions.title })
            .from(developmentActions)
            .where(inArray(developmentActions.id, list))
            .all(),
        );
        break;
      case "sharing_grant": {
        // What was shared with whom: "Availability → Pohjolan Verkkokauppa Oy"; the metric alone when shared with an audience.
        const metricName = english ? metricDefinitions.nameEn : metricDefinitions.nameFi;
        put(
          kind,
          await db()
            .select({
              id: sharingGrants.id,
              name: sql<string>`case when ${grantee.name} is null then ${metricName} else coalesce(${metricName} || ' → ', '') || ${grantee.name} end`,
            })
            .from(sharingGrants)
            .leftJoin(metricDefinitions, eq(metricDefinitions.id, sharingGrants.metricId))
            .leftJoin(grantee, eq(grantee.id, sharingGrants.granteeOrganisationId))
            .where(inArray(sharingGrants.id, list))
            .all(),
        );
        break;
      }
      case "decision":
        put(
          kind,
          await db()
            .select({ id: relationshipDecisions.id, name: relationshipDecisions.title })
            .from(relationshipDecisions)
            .where(inArray(relationshipDecisions.id, list))
            .all(),
        );
        break;
    }
  }
  return out;
}

/** The values the filter selects offer: the actions and record types of the entries the user may read. */
export async function auditFilterOptions(user: ActingUser) {
  const scope = await readableOrganisations(user, "options");
  const where = scope ? organisationScope(scope) : undefined;
  const actions = await db().selectDistinct({ v: auditLog.action }).from(auditLog).where(where).orderBy(asc(auditLog.action)).all();
  const entityTypes = await db()
    .selectDistinct({ v: auditLog.entityType })
    .from(auditLog)
    .where(and(sql`${auditLog.entityType} is not null`, where))
    .orderBy(asc(auditLog.entityType))
    .all();
  return { actions: actions.map((r) => r.v), entityTypes: entityTypes.map((r) => r.v!) };
}
