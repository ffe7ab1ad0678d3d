import { eq } from "drizzle-orm";
import { users } from "../../db/tables";
import { db, preparedStatement } from "../db.server";
import type { Locale } from "../i18n/locale";
import type { MembershipRole } from "../domain/factors";
import { effectiveTimeZone, wallClock } from "../domain/time-zone";
import { dummyPasswordHash, verifyPassword } from "./password.server";

export type ActingMembership = {
  organisationId: number;
  organisationName: string;
  role: MembershipRole;
};

/** The person making a request, with the organisations they act for. */
export type ActingUser = {
  id: number;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  locale: Locale | null;
  /** The IANA time zone the person reads times in (their choice, else Europe/Helsinki). */
  timeZone: string;
  memberships: ActingMembership[];
  /**
   * What accepted invitations let the person assess without a membership: one
   * side of one relationship each (docs/decisions/0020-round-invitations.md).
   */
  assessorScopes: AssessorScope[];
};

export type AssessorScope = { relationshipId: number; organisationId: number; side: "provider" | "customer" };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Returns the user id when the email and password match an enabled account, else null. */
export async function verifyLogin(email: string, password: string): Promise<number | null> {
  const user = await db()
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .get();
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  return ok && !user.disabledAt ? user.id : null;
}

// Every signed-in request reads this: one plain statement (a row per membership and assessor scope, the
// person's columns on each), without building and mapping an ORM query each time, and one round trip.
// Members have no scopes and invitees no memberships, so the two joins rarely multiply rows; when a
// person has both, the pairs repeat and are folded below.
const ACTING_USER_SQL = `select u.id, u.email, u.name, u.is_platform_admin as isPlatformAdmin, u.locale, u.time_zone as timeZone,
    m.organisation_id as organisationId, o.name as organisationName, m.role as role,
    s.relationship_id as scopeRelationshipId, s.organisation_id as scopeOrganisationId, s.side as scopeSide
  from users u
  left join memberships m on m.user_id = u.id
  left join organisations o on o.id = m.organisation_id
  left join assessor_scopes s on s.user_id = u.id
  where u.id = ? and u.disabled_at is null
  order by o.name, s.relationship_id`;

type ActingUserRow = Omit<ActingUser, "isPlatformAdmin" | "memberships" | "assessorScopes" | "timeZone"> & {
  isPlatformAdmin: number;
  timeZone: string | null;
  organisationId: number | null;
  organisationName: string | null;
  role: ActingMembership["role"] | null;
  scopeRelationshipId: number | null;
  scopeOrganisationId: number | null;
  scopeSide: AssessorScope["side"] | null;
};

export async function getActingUser(userId: number): Promise<ActingUser | null> {
  const rows = (await preparedStatement(ACTING_USER_SQL).all(userId)) as ActingUserRow[];
  if (rows.length === 0) return null;
  const { id, email, name, isPlatformAdmin, locale, timeZone } = rows[0];
  const memberships = new Map<number, ActingMembership>();
  const assessorScopes = new Map<number, AssessorScope>();
  for (const r of rows) {
    if (r.organisationId !== null && !memberships.has(r.organisationId)) {
      memberships.set(r.organisationId, { organisationId: r.organisationId, organisationName: r.organisationName!, role: r.role! });
    }
    if (r.scopeRelationshipId !== null && !assessorScopes.has(r.scopeRelationshipId)) {
      assessorScopes.set(r.scopeRelationshipId, { relationshipId: r.scopeRelationshipId, organisationId: r.scopeOrganisationId!, side: r.scopeSide! });
    }
  }
  return {
    id,
    email,
    name,
    isPlatformAdmin: isPlatformAdmin === 1,
    locale,
    timeZone: effectiveTimeZone(timeZone),
    memberships: [...memberships.values()],
    assessorScopes: [...assessorScopes.values()],
  };
}

/**
 * The user's local now: the wall clock of their time zone carried in a
 * Date's UTC fields, which is what the calendar code (quarters, months,
 * maturity) reads. "This quarter" and "today" are the user's, not UTC's.
 */
export function calendarNow(user: Pick<ActingUser, "timeZone">, instant = new Date()): Date {
  return wallClock(instant, user.timeZone);
}

/** Stores the person's time zone (validated by the caller against Intl's list); null returns to the default. */
export async function setUserTimeZone(userId: number, timeZone: string | null): Promise<void> {
  await db().update(users).set({ timeZone }).where(eq(users.id, userId)).run();
}

export async function setUserLocale(userId: number, locale: Locale): Promise<void> {
  await db().update(users).set({ locale }).where(eq(users.id, userId)).run();
}
