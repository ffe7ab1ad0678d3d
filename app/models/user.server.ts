import { and, eq, isNull } from "drizzle-orm";
import { memberships, organisations, users } from "../../db/schema";
import { db } from "../db.server";
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
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Returns the user id when the email and password match an enabled account, else null. */
export async function verifyLogin(email: string, password: string): Promise<number | null> {
  const user = db()
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

export function getActingUser(userId: number): ActingUser | null {
  const user = db()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      isPlatformAdmin: users.isPlatformAdmin,
      locale: users.locale,
      timeZone: users.timeZone,
    })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .get();
  if (!user) return null;
  const rows = db()
    .select({
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(organisations.name)
    .all();
  return { ...user, timeZone: effectiveTimeZone(user.timeZone), memberships: rows };
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
export function setUserTimeZone(userId: number, timeZone: string | null): void {
  db().update(users).set({ timeZone }).where(eq(users.id, userId)).run();
}

export function setUserLocale(userId: number, locale: Locale): void {
  db().update(users).set({ locale }).where(eq(users.id, userId)).run();
}
