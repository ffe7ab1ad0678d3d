import { and, eq, isNull } from "drizzle-orm";
import { memberships, organisations, users } from "../../db/schema";
import { db } from "../db.server";
import type { Locale } from "../i18n/locale";
import type { MembershipRole } from "../domain/factors";
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
  return { ...user, memberships: rows };
}

export function setUserLocale(userId: number, locale: Locale): void {
  db().update(users).set({ locale }).where(eq(users.id, userId)).run();
}
