/**
 * Suppliers of their own for the round tests, added to the demo chain
 * (company as the customer): each with a registered email domain, an
 * org_admin and a staff member who can sign in with the demo password, and
 * no assessments yet, so every figure starts at zero. Import
 * tests/support/test-db first in the test file.
 */
import { eq } from "drizzle-orm";
import { db } from "~/db.server";
import { hashPassword } from "~/models/password.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import { assessments, chains, organisationEmailDomains, relationships } from "../../db/tables";
import { DEMO_PASSWORD } from "../support/demo-accounts";
import { insertMembership, insertOrganisation, insertRelationship, insertUser, organisationIdNamed, userIdOf } from "../support/factories";
import { cookieFrom, BASE, run } from "../support/remix";

export const COMPANY = "Pohjolan Verkkokauppa Oy";

export type FixtureSupplier = {
  organisationId: number;
  name: string;
  domain: string;
  adminId: number;
  staffId: number;
  adminEmail: string;
  staffEmail: string;
  relationshipId: number;
};

let passwordHash: Promise<string> | undefined;

/** `count` suppliers named after `tag`, each delivering to the company in the demo chain. */
export async function fixtureSuppliers(tag: string, count: number): Promise<{ chainId: number; companyId: number; suppliers: FixtureSupplier[] }> {
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  const companyId = await organisationIdNamed(COMPANY);
  const chainId = (await db().select({ id: chains.id }).from(chains).where(eq(chains.focalOrganisationId, companyId)).get())!.id;
  const suppliers: FixtureSupplier[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${tag} Toimittaja ${i} Oy`;
    const domain = `${tag.toLowerCase()}-t${i}.example`;
    const organisationId = await insertOrganisation({ name, sizeClass: "small" });
    await db().insert(organisationEmailDomains).values({ organisationId, domain }).run();
    const adminEmail = `admin@${domain}`;
    const staffEmail = `staff@${domain}`;
    const adminId = await insertUser({ email: adminEmail, name: `${tag} Admin ${i}`, passwordHash: await passwordHash });
    const staffId = await insertUser({ email: staffEmail, name: `${tag} Staff ${i}`, passwordHash: await passwordHash });
    await insertMembership({ userId: adminId, organisationId, role: "org_admin" });
    await insertMembership({ userId: staffId, organisationId, role: "staff" });
    const relationshipId = await insertRelationship({ chainId, providerId: organisationId, customerId: companyId, serviceName: `${tag} palvelu ${i}` });
    suppliers.push({ organisationId, name, domain, adminId, staffId, adminEmail, staffEmail, relationshipId });
  }
  return { chainId, companyId, suppliers };
}

export async function actingUser(emailOrId: string | number): Promise<ActingUser> {
  const id = typeof emailOrId === "number" ? emailOrId : await userIdOf(emailOrId);
  return (await getActingUser(id))!;
}

/** A POST with repeated fields (checkbox lists), as a browser sends a form. */
export function postForm(pathname: string, pairs: Array<[string, string]>, cookie?: string): Request {
  return new Request(`${BASE}${pathname}`, {
    method: "POST",
    body: new URLSearchParams(pairs),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/** An assessment of `period` by `userId` (submitted at `submittedAt`, or a draft). */
export async function assessmentBy(
  userId: number,
  relationshipId: number,
  side: "provider" | "customer",
  period: string,
  submittedAt: string | null,
): Promise<void> {
  await db()
    .insert(assessments)
    .values({
      relationshipId,
      side,
      period,
      organisationId: await partyOf(relationshipId, side),
      assessorUserId: userId,
      status: submittedAt ? "submitted" : "draft",
      submittedAt,
    })
    .run();
}

async function partyOf(relationshipId: number, side: "provider" | "customer"): Promise<number> {
  const row = (await db()
    .select({ providerId: relationships.providerId, customerId: relationships.customerId })
    .from(relationships)
    .where(eq(relationships.id, relationshipId))
    .get())!;
  return side === "provider" ? row.providerId : row.customerId;
}

export async function signInWith(email: string, password = DEMO_PASSWORD): Promise<string> {
  const login = await import("~/routes/_auth+/login");
  const { post } = await import("../support/remix");
  const res = (await run(login.action, post("/login", { email, password }), {}, { clientIp: "198.51.100.7" })) as Response;
  if (res.status !== 302) throw new Error(`sign-in as ${email}: ${res.status}`);
  return cookieFrom(res);
}
