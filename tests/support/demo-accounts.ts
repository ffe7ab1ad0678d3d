/**
 * The six demo logins by what they are, so a test says `demo.projectLead`
 * instead of `demo.projectLead`. Looked up by the seed's user keys, so a
 * change in the listing order cannot swap a test's role.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from "../../db/seed/demo";
import { USERS, type UserKey } from "../../db/seed/story";

function demoAccount(key: UserKey): DemoAccount {
  const email = USERS.find((u) => u.key === key)?.email;
  const account = DEMO_ACCOUNTS.find((a) => a.email === email);
  if (!account) throw new Error(`No demo login for seed user "${key}"`);
  return account;
}

export const demo = {
  /** Platform administrator (no organisation). */
  admin: demoAccount("admin"),
  /** Staff at the company (Pohjolan Verkkokauppa Oy). */
  companyStaff: demoAccount("mikko"),
  /** Project lead at the company. */
  projectLead: demoAccount("laura"),
  /** Organisation admin at supplier A, the large hosting provider. */
  supplierAAdmin: demoAccount("tuomas"),
  /** Staff at supplier B, the micro start-up. */
  supplierBStaff: demoAccount("emilia"),
  /** Staff at the end customer. */
  customerStaff: demoAccount("sari"),
} as const satisfies Record<string, DemoAccount>;

export type DemoRole = keyof typeof demo;

export { DEMO_PASSWORD, type DemoAccount };

/** The demo logins' email addresses by role. */
export const demoEmails = Object.fromEntries(Object.entries(demo).map(([role, account]) => [role, account.email])) as { [Role in DemoRole]: string };
