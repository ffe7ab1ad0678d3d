/**
 * Who may use the administration pages.
 *
 * - A platform administrator manages everything.
 * - An organisation admin (membership role org_admin) manages only the
 *   people of the organisations they administer; every other admin page is
 *   platform-only.
 * Anonymous visitors are sent to the login page; other signed-in users get 403.
 */
import { requirePlatformAdmin, requireUser, type ActingUser } from "../auth.server";
import { auditDenied, forbidden } from "./access.server";

export { requirePlatformAdmin };

/** Organisations where the user holds the org_admin role. */
export function administeredOrganisationIds(user: ActingUser): number[] {
  return user.memberships.filter((m) => m.role === "org_admin").map((m) => m.organisationId);
}

export function isAnyAdmin(user: ActingUser): boolean {
  return user.isPlatformAdmin || administeredOrganisationIds(user).length > 0;
}

/** Records a refused admin request, then answers 403. */
export async function denyAdmin(user: ActingUser, entityType: string, entityId: unknown): Promise<never> {
  await auditDenied(user, entityType, entityId);
  forbidden();
}

/** For the people pages and the admin index: a platform admin or an organisation admin. */
export async function requireOrganisationAdminOrPlatformAdmin(request: Request): Promise<ActingUser> {
  const user = await requireUser(request);
  if (!isAnyAdmin(user)) await denyAdmin(user, "route", new URL(request.url).pathname);
  return user;
}
