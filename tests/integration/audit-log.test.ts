/**
 * The audit log as an organisation admin reads it (issue 12): their
 * organisation's entries only, decided in SQL. "Their organisation's
 * entries" are what was done for the organisation (its acting organisation
 * is theirs) and what was done to its own records by anyone (the
 * organisation, its people, its memberships, and the relationships and
 * chains it is a party to when an administrator created or edited them).
 * Never another organisation's activity, even on a shared relationship, and
 * no IP address of anyone outside the organisation.
 */
import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "~/models/audit.server";
import * as auditPage from "~/routes/_app+/admin+/audit";
import { get, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import type { AuditEntryView } from "~/models/audit-query.server";
import { insertMembership, insertUser } from "../support/factories";

const { admin, companyStaff, projectLead: companyLead, supplierAAdmin, supplierBStaff, customerStaff } = demo;

type AuditData = {
  scope: string[] | null;
  entries: Array<Omit<AuditEntryView, "at">>;
  refs: Record<string, string>;
  options: { actions: string[]; entityTypes: string[] };
  total: number;
};

let sqlite: TestSql;
let ip = 0;

const one = async <T>(sql: string, ...args: unknown[]) => (await sqlite.prepare(sql).get(...args)) as T;
const userId = async (email: string) => (await one<{ id: number }>("select id from users where email = ?", email)).id;
const orgId = async (name: string) => (await one<{ id: number }>("select id from organisations where name = ?", name)).id;
const relationshipOf = async (partner: string) =>
  (
    await one<{ id: number }>(
      "select r.id from relationships r join organisations p on p.id = r.provider_id join organisations c on c.id = r.customer_id where p.name = ? or c.name = ? order by r.id limit 1",
      partner,
      partner,
    )
  ).id;

/** Entries written for the test, by what they are: who may read each is the point. */
const written: Record<string, number> = {};
const lastId = async () => (await one<{ id: number }>("select max(id) as id from audit_log")).id;
async function write(name: string, entry: Parameters<typeof audit>[0]) {
  await audit(entry);
  written[name] = await lastId();
}

async function read(email: string, query = ""): Promise<AuditData> {
  const cookie = await signInAs(email, { fresh: true, clientIp: `192.0.2.${++ip}` });
  const answer = (await run(auditPage.loader, get(`/admin/audit${query}`, cookie))) as AuditData | Response;
  if (answer instanceof Response) throw new Error(`status ${answer.status}`);
  return answer;
}

/** Every page of the log the user may read (the test database holds a few hundred entries). */
async function readAll(email: string): Promise<AuditData["entries"]> {
  const first = await read(email);
  const entries = [...first.entries];
  const pages = Math.ceil(first.total / 50);
  for (let p = 2; p <= pages; p++) entries.push(...(await read(email, `?page=${p}`)).entries);
  expect(entries).toHaveLength(first.total);
  return entries;
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  const kalevan = await orgId("Kalevan Pilvipalvelut Oyj");
  const kipina = await orgId("Kipinä AI Oy");
  const focal = await orgId("Pohjolan Verkkokauppa Oy");
  const kalevanAdmin = await userId(supplierAAdmin.email);
  const kipinaStaff = await userId(supplierBStaff.email);
  const platformAdmin = await userId(admin.email);
  const focalStaff = await userId(companyStaff.email);
  const relKalevan = await relationshipOf("Kalevan Pilvipalvelut Oyj");
  const relKipina = await relationshipOf("Kipinä AI Oy");
  // A person in both suppliers, acting for Kipinä.
  const dual = { id: await insertUser({ email: "dual@example.test", name: "Kaksi Rooli", passwordHash: "x" }) };
  for (const organisationId of [kalevan, kipina]) await insertMembership({ userId: dual.id, organisationId, role: "staff" });
  const kipinaMembership = (await one<{ id: number }>("select id from memberships where user_id = ? and organisation_id = ?", kipinaStaff, kipina)).id;

  await write("own grant", {
    action: "sharing.grant",
    actorUserId: kalevanAdmin,
    actorOrganisationId: kalevan,
    entityType: "sharing_grant",
    entityId: 9001,
    after: { grantorOrganisationId: kalevan, granteeOrganisationId: focal },
    ip: "192.0.2.200",
  });
  await write("kipinä token", {
    action: "api_token.create",
    actorUserId: kipinaStaff,
    actorOrganisationId: kipina,
    entityType: "api_token",
    entityId: 9002,
    after: { name: "Kipinän rajapinta", prefix: "abc" },
    ip: "203.0.113.7",
  });
  await write("company's stage change on the shared relationship", {
    action: "relationship.stage_change",
    actorUserId: focalStaff,
    actorOrganisationId: focal,
    entityType: "relationship",
    entityId: relKalevan,
    before: { stage: "active" },
    after: { stage: "passivating" },
    ip: "203.0.113.8",
  });
  await write("admin edits kalevan", {
    action: "organisation.update",
    actorUserId: platformAdmin,
    entityType: "organisation",
    entityId: kalevan,
    before: { city: "Kuopio" },
    after: { city: "Joensuu" },
    ip: "198.51.100.1",
  });
  await write("admin edits kalevan's relationship", {
    action: "relationship.update",
    actorUserId: platformAdmin,
    entityType: "relationship",
    entityId: relKalevan,
    before: { criticality: "high" },
    after: { criticality: "critical" },
    ip: "198.51.100.2",
  });
  await write("admin edits kipinä's relationship", {
    action: "relationship.update",
    actorUserId: platformAdmin,
    entityType: "relationship",
    entityId: relKipina,
    before: { criticality: "low" },
    after: { criticality: "medium" },
    ip: "198.51.100.3",
  });
  await write("dual person acts for kipinä", {
    action: "metric.create",
    actorUserId: dual.id,
    actorOrganisationId: kipina,
    entityType: "metric_definition",
    entityId: 9003,
    after: { nameFi: "Kipinän salainen mittari" },
    ip: "203.0.113.9",
  });
  await write("admin removes a kalevan membership", {
    action: "membership.delete",
    actorUserId: platformAdmin,
    entityType: "membership",
    entityId: 9004,
    before: { userId: kalevanAdmin, organisationId: kalevan, role: "staff" },
    ip: "198.51.100.4",
  });
  await write("admin changes a kipinä membership", {
    action: "membership.update",
    actorUserId: platformAdmin,
    entityType: "membership",
    entityId: kipinaMembership,
    before: { userId: kipinaStaff, organisationId: kipina, role: "staff" },
    after: { userId: kipinaStaff, organisationId: kipina, role: "org_admin" },
    ip: "198.51.100.5",
  });
  await write("kipinä refused on kalevan's relationship", {
    action: "access.denied",
    actorUserId: kipinaStaff,
    actorOrganisationId: kipina,
    entityType: "relationship",
    entityId: relKalevan,
    ip: "203.0.113.10",
  });
  await write("kalevan refused on kipinä's relationship", {
    action: "access.denied",
    actorUserId: kalevanAdmin,
    actorOrganisationId: kalevan,
    entityType: "relationship",
    entityId: relKipina,
    ip: "192.0.2.201",
  });
  await write("kalevan's login", { action: "auth.login", actorUserId: kalevanAdmin, entityType: "user", entityId: kalevanAdmin, ip: "192.0.2.202" });
  await write("kipinä's login", { action: "auth.login", actorUserId: kipinaStaff, entityType: "user", entityId: kipinaStaff, ip: "203.0.113.11" });
  await write("a failed login", { action: "auth.login_failed", entityType: "user", after: { email: "someone@elsewhere.example" }, ip: "203.0.113.12" });
  await write("dual person's login", { action: "auth.login", actorUserId: dual.id, entityType: "user", entityId: dual.id, ip: "192.0.2.203" }); // a member of Kalevan too: their own person
});

afterAll(() => sqlite.close());

const READABLE_BY_KALEVAN = [
  "own grant",
  "admin edits kalevan",
  "admin edits kalevan's relationship",
  "admin removes a kalevan membership",
  "kalevan refused on kipinä's relationship",
  "kalevan's login",
  "dual person's login",
];
const NOT_READABLE_BY_KALEVAN = [
  "kipinä token",
  "company's stage change on the shared relationship",
  "admin edits kipinä's relationship",
  "dual person acts for kipinä",
  "admin changes a kipinä membership",
  "kipinä refused on kalevan's relationship",
  "kipinä's login",
  "a failed login",
];

describe("who reads the audit log", () => {
  it("refuses people who administer nothing (403)", async () => {
    for (const account of [companyStaff, companyLead, supplierBStaff, customerStaff]) {
      const cookie = await signInAs(account, { fresh: true, clientIp: `192.0.2.${++ip}` });
      const answer = (await run(auditPage.loader, get("/admin/audit", cookie))) as Response;
      expect(answer.status, account.email).toBe(403);
    }
  });

  it("gives an organisation admin their organisation's entries and nothing of another organisation's", async () => {
    const entries = await readAll(supplierAAdmin.email);
    const ids = new Set(entries.map((e) => e.id));
    for (const name of READABLE_BY_KALEVAN) expect(ids.has(written[name]), name).toBe(true);
    for (const name of NOT_READABLE_BY_KALEVAN) expect(ids.has(written[name]), name).toBe(false);
    const text = JSON.stringify(entries);
    for (const secret of ["Kipinä", "Kipinän", "203.0.113", "198.51.100", "someone@elsewhere"]) expect(text).not.toContain(secret);
  });

  it("shows an organisation admin the addresses of their own people only, and names no record they were refused", async () => {
    const entries = await readAll(supplierAAdmin.email);
    const byName = (name: string) => entries.find((e) => e.id === written[name])!;
    expect(byName("kalevan's login").ip).toBe("192.0.2.202");
    expect(byName("own grant").ip).toBe("192.0.2.200");
    expect(byName("admin edits kalevan").ip).toBeNull();
    expect(byName("kalevan refused on kipinä's relationship").entityName).toBeNull();
    expect(byName("admin edits kalevan").entityName).toBe("Kalevan Pilvipalvelut Oyj");
    expect(byName("admin edits kalevan").actor?.name).toBe(admin.name);
  });

  it("keeps the filters inside the scope: another organisation's record id finds nothing", async () => {
    const relKipina = String(await relationshipOf("Kipinä AI Oy"));
    const data = await read(supplierAAdmin.email, `?entityType=relationship&entityId=${relKipina}&action=relationship.update`);
    expect(data.total).toBe(0);
    const options = (await read(supplierAAdmin.email)).options;
    expect(options.actions).not.toContain("api_token.create");
    expect(options.actions).toEqual(expect.arrayContaining(["sharing.grant", "organisation.update", "auth.login"]));
  });

  it("gives the platform administrator every entry, with names for people, organisations and relationships", async () => {
    const data = await read(admin.email, "?actor=Kaksi");
    expect(data.entries.map((e) => e.action).sort()).toEqual(["auth.login", "metric.create"]);
    const all = await readAll(admin.email);
    const ids = new Set(all.map((e) => e.id));
    for (const name of [...READABLE_BY_KALEVAN, ...NOT_READABLE_BY_KALEVAN]) expect(ids.has(written[name]), name).toBe(true);
    const grant = all.find((e) => e.id === written["own grant"])!;
    expect(grant.actor).toEqual({ name: supplierAAdmin.name, email: supplierAAdmin.email });
    expect(grant.actorOrganisation).toBe("Kalevan Pilvipalvelut Oyj");
    const page = await read(admin.email, `?entityType=sharing_grant&entityId=9001`);
    expect(page.refs[`organisation:${await orgId("Pohjolan Verkkokauppa Oy")}`]).toBe("Pohjolan Verkkokauppa Oy");
    const relEdit = all.find((e) => e.id === written["admin edits kipinä's relationship"])!;
    expect(relEdit.entityName).toMatch(/^Kipinä AI Oy → Pohjolan Verkkokauppa Oy · /);
    expect(all.find((e) => e.id === written["kipinä refused on kalevan's relationship"])!.entityName).toBeNull();
  });
});
