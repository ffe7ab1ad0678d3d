/**
 * A person's memberships, as administrators manage them: add, change the
 * role, remove. The scope rules are those of people.server.ts: an
 * organisation admin changes memberships only in their own organisations.
 */
import { and, eq } from "drizzle-orm";
import { memberships, organisations } from "../../db/schema";
import { db, writeTransaction } from "../db.server";
import type { MembershipRole } from "../domain/factors";
import { denyAccess } from "./access.server";
import { administeredOrganisationIds, denyAdmin } from "./admin-access.server";
import { audit } from "./audit.server";
import { actorOrganisationId, requireVisiblePerson, type ActionOutcome, type AdminContext } from "./people.server";
import { refused } from "./result";
import type { ActingUser } from "./user.server";

/** The organisation must be one the acting user administers (403 otherwise: the person is visible, the org is not theirs). */
function requireAssignable(user: ActingUser, organisationId: number): void {
  if (user.isPlatformAdmin) {
    const exists = db().select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).get();
    if (!exists) denyAccess(user, "organisation", organisationId);
    return;
  }
  if (!administeredOrganisationIds(user).includes(organisationId)) denyAdmin(user, "organisation", organisationId);
}

export function addMembership(user: ActingUser, personId: number, organisationId: number, role: MembershipRole, ctx: AdminContext = {}): ActionOutcome {
  const person = requireVisiblePerson(user, personId);
  requireAssignable(user, organisationId);
  return writeTransaction((tx): ActionOutcome => {
    const existing = tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, person.id), eq(memberships.organisationId, organisationId)))
      .get();
    if (existing) return refused("organisationId", "admin.people.alreadyMember");
    const { id } = tx.insert(memberships).values({ userId: person.id, organisationId, role }).returning({ id: memberships.id }).get();
    audit({
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

function requireMembership(user: ActingUser, personId: number, organisationId: number) {
  const person = requireVisiblePerson(user, personId);
  requireAssignable(user, organisationId);
  const row = db()
    .select({ id: memberships.id, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, person.id), eq(memberships.organisationId, organisationId)))
    .get();
  if (!row) denyAccess(user, "membership", `${person.id}/${organisationId}`);
  return { person, membership: row };
}

export function changeMembershipRole(user: ActingUser, personId: number, organisationId: number, role: MembershipRole, ctx: AdminContext = {}): ActionOutcome {
  const { person, membership } = requireMembership(user, personId, organisationId);
  if (membership.role === role) return { ok: true };
  writeTransaction((tx) => {
    tx.update(memberships).set({ role }).where(eq(memberships.id, membership.id)).run();
    audit({
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

export function removeMembership(user: ActingUser, personId: number, organisationId: number, ctx: AdminContext = {}): ActionOutcome {
  const { person, membership } = requireMembership(user, personId, organisationId);
  writeTransaction((tx) => {
    tx.delete(memberships).where(eq(memberships.id, membership.id)).run();
    audit({
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
