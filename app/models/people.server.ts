/**
 * People and their memberships, as administrators manage them.
 *
 * Scope, enforced in the queries:
 * - a platform administrator manages everyone;
 * - an organisation admin sees the people who have a membership in an
 *   organisation they administer, and only those memberships. Another
 *   organisation's person is a 404.
 * An organisation admin may change memberships only in their own
 * organisations, never makes anyone a platform administrator, and may
 * disable, rename or reset the password of a person only when all of that
 * person's memberships are in organisations they administer (otherwise the
 * change would reach into another organisation) and the person is not a
 * platform administrator.
 */
import { and, count, eq, exists, gt, inArray, isNotNull, isNull, like, or, sql, type SQL } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { randomBytes } from "node:crypto";
import { memberships, organisationEmailDomains, organisations, sessions, users } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import type { MembershipRole } from "../domain/factors";
import type { CreatePersonInput } from "../forms/admin-people";
import { denyAccess } from "./access.server";
import { administeredOrganisationIds, denyAdmin } from "./admin-access.server";
import { changedFields } from "./admin-changes.server";
import { audit } from "./audit.server";
import { hashPassword } from "./password.server";
import { issueResetToken, voidResetTokens } from "./password-reset.server";
import { deleteSessionsOfUser } from "./session.server";
import type { ActingUser } from "./user.server";
import { FORM, refused, type Result } from "./result";
import { writeTransactionRecheckingDuplicates } from "./write-guards.server";

export type AdminContext = { ip?: string | null };

/** Organisations whose people the user manages; null means every organisation (platform admin). */
function scopeOrganisationIds(user: ActingUser): number[] | null {
  return user.isPlatformAdmin ? null : administeredOrganisationIds(user);
}

/** SQL on `users`: people the acting user may see on the admin pages. */
function visiblePersonCondition(user: ActingUser): SQL {
  const orgIds = scopeOrganisationIds(user);
  if (orgIds === null) return sql`1 = 1`;
  if (orgIds.length === 0) return sql`0 = 1`;
  return exists(
    db()
      .select({ one: sql`1` })
      .from(memberships)
      .where(and(eq(memberships.userId, users.id), inArray(memberships.organisationId, orgIds))),
  );
}

/** SQL on `memberships`: memberships the acting user may see. */
function visibleMembershipCondition(user: ActingUser): SQL {
  const orgIds = scopeOrganisationIds(user);
  if (orgIds === null) return sql`1 = 1`;
  if (orgIds.length === 0) return sql`0 = 1`;
  return inArray(memberships.organisationId, orgIds);
}

export function actorOrganisationId(user: ActingUser): number | null {
  return user.memberships[0]?.organisationId ?? null;
}

export type PersonMembership = { organisationId: number; organisationName: string; role: MembershipRole };

async function membershipsOf(user: ActingUser, userIds: number[]): Promise<Map<number, PersonMembership[]>> {
  const result = new Map<number, PersonMembership[]>();
  if (userIds.length === 0) return result;
  const rows = await db()
    .select({
      userId: memberships.userId,
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(inArray(memberships.userId, userIds), visibleMembershipCondition(user)))
    .orderBy(asc(organisations.name))
    .all();
  for (const { userId, ...m } of rows) {
    const list = result.get(userId) ?? [];
    list.push(m);
    result.set(userId, list);
  }
  return result;
}

export type PersonListItem = {
  id: number;
  name: string;
  email: string;
  isPlatformAdmin: boolean;
  disabled: boolean;
  memberships: PersonMembership[];
};

export async function listPeople(user: ActingUser, filter: { q?: string; status?: "all" | "active" | "disabled" } = {}): Promise<PersonListItem[]> {
  const conditions: SQL[] = [visiblePersonCondition(user)];
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(sql`lower(${users.name}) like ${pattern} escape '\\'`, like(users.email, sql`${pattern} escape '\\'`))!);
  }
  if (filter.status === "active") conditions.push(isNull(users.disabledAt));
  if (filter.status === "disabled") conditions.push(isNotNull(users.disabledAt));
  const rows = await db()
    .select({ id: users.id, name: users.name, email: users.email, isPlatformAdmin: users.isPlatformAdmin, disabledAt: users.disabledAt })
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.name))
    .all();
  const byUser = await membershipsOf(
    user,
    rows.map((r) => r.id),
  );
  return rows.map(({ disabledAt, ...r }) => ({ ...r, disabled: disabledAt !== null, memberships: byUser.get(r.id) ?? [] }));
}

/** Organisations the acting user may add people to. */
export async function assignableOrganisations(user: ActingUser): Promise<Array<{ id: number; name: string }>> {
  const orgIds = scopeOrganisationIds(user);
  const query = db().select({ id: organisations.id, name: organisations.name }).from(organisations);
  if (orgIds === null) return await query.orderBy(asc(organisations.name)).all();
  if (orgIds.length === 0) return [];
  return await query.where(inArray(organisations.id, orgIds)).orderBy(asc(organisations.name)).all();
}

/**
 * The email domains an organisation admin may create people in: those of the
 * organisations they administer (empty for a platform administrator, who may use any).
 */
export async function creatableEmailDomains(user: ActingUser): Promise<string[]> {
  const orgIds = scopeOrganisationIds(user);
  if (orgIds === null || orgIds.length === 0) return [];
  return (
    await db()
      .selectDistinct({ domain: organisationEmailDomains.domain })
      .from(organisationEmailDomains)
      .where(inArray(organisationEmailDomains.organisationId, orgIds))
      .orderBy(asc(organisationEmailDomains.domain))
      .all()
  ).map((r) => r.domain);
}

/** Whether the address is in one of the organisation's registered email domains (ADR 0013); domains are stored lower case. */
export async function organisationOwnsAddress(organisationId: number, email: string): Promise<boolean> {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return (
    (await db()
      .select({ id: organisationEmailDomains.id })
      .from(organisationEmailDomains)
      .where(and(eq(organisationEmailDomains.organisationId, organisationId), eq(organisationEmailDomains.domain, domain)))
      .get()) !== undefined
  );
}

type PersonRecord = {
  id: number;
  name: string;
  email: string;
  isPlatformAdmin: boolean;
  disabledAt: string | null;
  createdAt: string;
  passwordChangedAt: string | null;
};

/** The person if the acting user may see them; otherwise a 404 (recorded as a denied access). */
export async function requireVisiblePerson(user: ActingUser, personId: number): Promise<PersonRecord> {
  if (!Number.isSafeInteger(personId) || personId <= 0) return denyAccess(user, "user", personId);
  const row = await db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      isPlatformAdmin: users.isPlatformAdmin,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      passwordChangedAt: users.passwordChangedAt,
    })
    .from(users)
    .where(and(eq(users.id, personId), visiblePersonCondition(user)))
    .get();
  if (!row) return denyAccess(user, "user", personId);
  return row;
}

/** Why an organisation admin may not change the account itself, or null when they may. */
async function accountLock(user: ActingUser, person: PersonRecord): Promise<"platformAdmin" | "otherOrganisations" | null> {
  if (user.isPlatformAdmin) return null;
  if (person.isPlatformAdmin) return "platformAdmin";
  const own = new Set(administeredOrganisationIds(user));
  const all = await db().select({ organisationId: memberships.organisationId }).from(memberships).where(eq(memberships.userId, person.id)).all();
  return all.every((m) => own.has(m.organisationId)) ? null : "otherOrganisations";
}

export async function requireAccountChange(user: ActingUser, person: PersonRecord): Promise<void> {
  if (await accountLock(user, person)) await denyAdmin(user, "user", person.id);
}

export type PersonView = {
  id: number;
  name: string;
  email: string;
  isPlatformAdmin: boolean;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  passwordChangedAt: string | null;
  activeSessions: number;
  memberships: PersonMembership[];
  /** Null when the acting user may change the account (disable, rename, reset link). */
  accountLock: "platformAdmin" | "otherOrganisations" | null;
  isSelf: boolean;
  canManagePlatformAdmin: boolean;
};

export async function getPerson(user: ActingUser, personId: number, now = new Date()): Promise<PersonView> {
  const person = await requireVisiblePerson(user, personId);
  const activeSessions =
    (
      await db()
        .select({ n: count() })
        .from(sessions)
        .where(and(eq(sessions.userId, person.id), gt(sessions.expiresAt, now.toISOString())))
        .get()
    )?.n ?? 0;
  return {
    ...person,
    disabled: person.disabledAt !== null,
    activeSessions,
    memberships: (await membershipsOf(user, [person.id])).get(person.id) ?? [],
    accountLock: await accountLock(user, person),
    isSelf: person.id === user.id,
    canManagePlatformAdmin: user.isPlatformAdmin && person.id !== user.id,
  };
}

export type CreatePersonResult = Result<{ id: number; token: string; expiresAt: string }>;

/**
 * Creates a person with an unusable random password and a one-time link to
 * set their own. Returns the raw link token, to be shown once.
 */
export async function createPerson(user: ActingUser, input: CreatePersonInput, ctx: AdminContext = {}): Promise<CreatePersonResult> {
  if (input.isPlatformAdmin && !user.isPlatformAdmin) await denyAdmin(user, "user", "platform_admin");
  if (input.organisationId !== null) {
    const allowed = (await assignableOrganisations(user)).some((o) => o.id === input.organisationId);
    if (!allowed && !user.isPlatformAdmin) await denyAdmin(user, "organisation", input.organisationId);
    if (!allowed) return refused("organisationId", "admin.people.organisationInvalid");
  }
  // An organisation admin creates people only in their organisation's own email
  // domains: they cannot claim another company's address, and whether an address
  // elsewhere exists makes no difference to the answer (docs/decisions/0013).
  if (!user.isPlatformAdmin && (input.organisationId === null || !(await organisationOwnsAddress(input.organisationId, input.email)))) {
    return refused("email", "admin.people.emailOutsideDomains");
  }
  // Nobody knows this password; it only keeps the column meaningful and login timing uniform.
  const placeholderHash = await hashPassword(randomBytes(32).toString("base64url"));
  // users_email_unique backs the check: a concurrent creation of the address is refused by it, and the rerun says why.
  return writeTransactionRecheckingDuplicates(async (tx): Promise<CreatePersonResult> => {
    const taken = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, input.email), visiblePersonCondition(user)))
      .get();
    if (taken) return refused("email", user.isPlatformAdmin ? "admin.people.emailTaken" : "admin.people.emailAlreadyMember");
    // Someone the acting admin cannot see has it: an address in their own domain, registered by another organisation.
    const takenElsewhere = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
    if (takenElsewhere) return refused("email", "admin.people.emailTaken");
    const { id } = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash: placeholderHash, isPlatformAdmin: input.isPlatformAdmin })
      .returning({ id: users.id })
      .get();
    if (input.organisationId !== null && input.role) {
      await tx.insert(memberships).values({ userId: id, organisationId: input.organisationId, role: input.role }).run();
    }
    const link = await issueResetToken(tx, id, user.id);
    await audit({
      action: "user.create",
      actorUserId: user.id,
      actorOrganisationId: actorOrganisationId(user),
      entityType: "user",
      entityId: id,
      after: {
        email: input.email,
        name: input.name,
        isPlatformAdmin: input.isPlatformAdmin,
        membership: input.organisationId !== null ? { organisationId: input.organisationId, role: input.role } : null,
      },
      ip: ctx.ip,
    });
    await audit({
      action: "user.reset_link_created",
      actorUserId: user.id,
      actorOrganisationId: actorOrganisationId(user),
      entityType: "user",
      entityId: id,
      after: { expiresAt: link.expiresAt },
      ip: ctx.ip,
    });
    return { ok: true, id, ...link };
  });
}

export async function renamePerson(user: ActingUser, personId: number, name: string, ctx: AdminContext = {}): Promise<void> {
  const person = await requireVisiblePerson(user, personId);
  await requireAccountChange(user, person);
  await writeTransaction(async (tx) => {
    await tx.update(users).set({ name }).where(eq(users.id, person.id)).run();
    const change = changedFields({ name: person.name }, { name });
    if (change)
      await audit({
        action: "user.update",
        actorUserId: user.id,
        actorOrganisationId: actorOrganisationId(user),
        entityType: "user",
        entityId: person.id,
        ...change,
        ip: ctx.ip,
      });
  });
}

/** A refused person action names the form (""), or for a membership the organisation field. */
export type ActionOutcome = Result;

/** Disabling ends all of the person's sessions and voids their unused links at once. */
export async function setPersonDisabled(
  user: ActingUser,
  personId: number,
  disabled: boolean,
  ctx: AdminContext = {},
  now = new Date(),
): Promise<ActionOutcome> {
  const person = await requireVisiblePerson(user, personId);
  await requireAccountChange(user, person);
  if (disabled && person.id === user.id) return refused(FORM, "admin.people.cannotDisableSelf");
  const disabledAt = disabled ? (person.disabledAt ?? now.toISOString()) : null;
  await writeTransaction(async (tx) => {
    await tx.update(users).set({ disabledAt }).where(eq(users.id, person.id)).run();
    if (disabled) {
      await deleteSessionsOfUser(person.id);
      await voidResetTokens(tx, person.id);
    }
    await audit({
      action: disabled ? "user.disable" : "user.enable",
      actorUserId: user.id,
      actorOrganisationId: actorOrganisationId(user),
      entityType: "user",
      entityId: person.id,
      before: { disabledAt: person.disabledAt },
      after: { disabledAt },
      ip: ctx.ip,
    });
  });
  return { ok: true };
}

/** A new one-time link for the person (voiding older unused ones); the raw token is returned once. */
export async function createResetLink(user: ActingUser, personId: number, ctx: AdminContext = {}): Promise<Result<{ token: string; expiresAt: string }>> {
  const person = await requireVisiblePerson(user, personId);
  await requireAccountChange(user, person);
  if (person.disabledAt) return refused(FORM, "admin.people.disabledNoLink");
  return await writeTransaction(async (tx) => {
    const link = await issueResetToken(tx, person.id, user.id);
    await audit({
      action: "user.reset_link_created",
      actorUserId: user.id,
      actorOrganisationId: actorOrganisationId(user),
      entityType: "user",
      entityId: person.id,
      after: { expiresAt: link.expiresAt },
      ip: ctx.ip,
    });
    return { ok: true as const, ...link };
  });
}

/** Only a platform administrator, and never on themselves (no one locks the platform out by accident). */
export async function setPlatformAdmin(user: ActingUser, personId: number, value: boolean, ctx: AdminContext = {}): Promise<ActionOutcome> {
  if (!user.isPlatformAdmin) await denyAdmin(user, "user", personId);
  const person = await requireVisiblePerson(user, personId);
  if (person.id === user.id) return refused(FORM, "admin.people.cannotChangeOwnAdmin");
  await writeTransaction(async (tx) => {
    await tx.update(users).set({ isPlatformAdmin: value }).where(eq(users.id, person.id)).run();
    // A privilege change takes effect on the person's next sign-in.
    if (!value) await deleteSessionsOfUser(person.id);
    await audit({
      action: "user.update",
      actorUserId: user.id,
      entityType: "user",
      entityId: person.id,
      before: { isPlatformAdmin: person.isPlatformAdmin },
      after: { isPlatformAdmin: value },
      ip: ctx.ip,
    });
  });
  return { ok: true };
}
