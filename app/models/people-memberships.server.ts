/**
 * A person's memberships, as administrators manage them: add, change the
 * role, remove. The scope rules are those of people.server.ts: an
 * organisation admin changes memberships only in their own organisations.
 */
import { and, eq } from "drizzle-orm";
import { memberships, organisations } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import type { MembershipRole } from "../domain/factors";
import { denyAccess } from "./access.server";
import { administeredOrganisationIds, denyAdmin } from "./admin-access.server";
import { audit } from "./audit.server";
import { actorOrganisationId, requireVisiblePerson, type ActionOutcome, type AdminContext } from "./people.server";
import { refused } from "./result";
import { writeTransactionRecheckingDuplicates } from "./write-guards.server";
import type { ActingUser } from "./user.server";

/** The organisation must be one the acting user administers (403 otherwise: the person is visible, the org is not theirs). */
async function requireAssignable(user: ActingUser, organisationId: number): Promise<void> {
  if (user.isPlatformAdmin) {
    const exists = await db().select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).get();
    if (!exists) return denyAccess(user, "organisation", organisationId);
    return;
  }
  if (!administeredOrganisationIds(user).includes(organisationId)) await denyAdmin(user, "organisation", organisationId);
}

export async function addMembership(
  user: ActingUser,
  personId: number,
  organisationId: number,
  role: MembershipRole,
  ctx: AdminContext = {},
): Promise<ActionOutcome> {
  const person = await requireVisiblePerson(user, personId);
  await requireAssignable(user, organisationId);
  // memberships_user_org_unique backs the check (a concurrent add of the same membership).
  return await writeTransactionRecheckingDuplicates(async (tx): Promise<ActionOutcome> => {
    const existing = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, person.id), eq(memberships.organisationId, organisationId)))
      .get();
    if (existing) return refused("organisationId", "admin.people.alreadyMember");
    const { id } = await tx.insert(memberships).values({ userId: person.id, organisationId, role }).returning({ id: memberships.id }).get();
    await audit({
      action: "membership.create",
      actorUserId: user.id,
      actorOrganisationId: actorOrganisationId(user),
      entityType: "membership",
      entityId: id,
      after: { userId: person.id, organisationId, role },
      ip: ctx.ip,
    });
    return { ok: true as const };
  });
}

async function requireMembership(user: ActingUser, personId: number, organisationId: number) {
  const person = await requireVisiblePerson(user, personId);
  await requireAssignable(user, organisationId);
  const row = await db()
    .select({ id: memberships.id, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, person.id), eq(memberships.organisationId, organisationId)))
    .get();
  if (!row) return denyAccess(user, "membership", `${person.id}/${organisationId}`);
  return { person, membership: row };
}

export async function changeMembershipRole(
  user: ActingUser,
  personId: number,
  organisationId: number,
  role: MembershipRole,
  ctx: AdminContext = {},
): Promise<ActionOutcome> {
  const { person, membership } = await requireMembership(user, personId, organisationId);
  if (membership.role === role) return { ok: true };
  await writeTransaction(async (tx) => {
    await tx.update(memberships).set({ role }).where(eq(memberships.id, membership.id)).run();
    await audit({
      action: "membership.update",
      actorUserId: user.id,
      actorOrganisationId: actorOrganisationId(user),
      entityType: "membership",
      entityId: membership.id,
      before: { userId: person.id, organisationId, role: membership.role },
      after: { userId: person.id, organisationId, role },
      ip: ctx.ip,
    });
  });
  return { ok: true };
}

export async function removeMembership(user: ActingUser, personId: number, organisationId: number, ctx: AdminContext = {}): Promise<ActionOutcome> {
  const { person, membership } = await requireMembership(user, personId, organisationId);
  await writeTransaction(async (tx) => {
    await tx.delete(memberships).where(eq(memberships.id, membership.id)).run();
    await audit({
      action: "membership.delete",
      actorUserId: user.id,
      actorOrganisationId: actorOrganisationId(user),
      entityType: "membership",
      entityId: membership.id,
      before: { userId: person.id, organisationId, role: membership.role },
      ip: ctx.ip,
    });
  });
  return { ok: true };
}
