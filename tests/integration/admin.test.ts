import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import * as home from "~/routes/_app+/_index";
import * as adminIndex from "~/routes/_app+/admin+/_index";
import * as auditPage from "~/routes/_app+/admin+/audit";
import * as chainPage from "~/routes/_app+/admin+/chains.$chainId._index";
import * as newChain from "~/routes/_app+/admin+/chains.new";
import * as newRelationship from "~/routes/_app+/admin+/chains.$chainId.relationships.new";
import * as editOrganisation from "~/routes/_app+/admin+/organisations.$organisationId";
import * as organisationsPage from "~/routes/_app+/admin+/organisations._index";
import * as newOrganisation from "~/routes/_app+/admin+/organisations.new";
import * as personPage from "~/routes/_app+/admin+/people.$personId";
import * as peoplePage from "~/routes/_app+/admin+/people._index";
import * as newPerson from "~/routes/_app+/admin+/people.new";
import * as login from "~/routes/_auth+/login";
import { get, post, run } from "../support/remix";
import { localDateIso, localDayStartUtc } from "~/domain/time-zone";
import { demo, signInAs } from "../support/sign-in";
import { organisationIdNamed, organisationIdOf, userIdOf } from "../support/factories";

type DataResult<T = Record<string, unknown>> = { data: T; init: { status: number } | null };
type Reply = { status?: string; error?: Record<string, string[] | null> };

const { admin, companyStaff, supplierAAdmin, supplierBStaff } = demo;

let sqlite: TestSql;

const userId = (email: string) => userIdOf(email);
const orgIdOf = (email: string) => organisationIdOf(email);
const count = async (table: string) => ((await sqlite.prepare(`select count(*) as n from ${table}`).get()) as { n: number }).n;
const auditRows = async (action: string) =>
  (await sqlite.prepare("select * from audit_log where action = ? order by id").all(action)) as Array<{
    actor_user_id: number | null;
    entity_type: string;
    entity_id: string;
    before: string | null;
    after: string | null;
  }>;

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
});

afterAll(() => sqlite.close());

describe("who may open the admin pages", () => {
  it("sends anonymous visitors to the login page", async () => {
    for (const [loader, path] of [
      [adminIndex.loader, "/admin"],
      [peoplePage.loader, "/admin/people"],
      [organisationsPage.loader, "/admin/organisations"],
      [auditPage.loader, "/admin/audit"],
    ] as const) {
      const res = (await run(loader, get(path))) as Response;
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("answers 403 to a signed-in user who administers nothing", async () => {
    const cookie = await signInAs(companyStaff, { fresh: true });
    for (const [loader, path] of [
      [adminIndex.loader, "/admin"],
      [peoplePage.loader, "/admin/people"],
      [organisationsPage.loader, "/admin/organisations"],
      [auditPage.loader, "/admin/audit"],
    ] as const) {
      const res = (await run(loader, get(path, cookie))) as Response;
      expect(res.status).toBe(403);
    }
    const write = (await run(newOrganisation.action, post("/admin/organisations/new", { name: "Sneaky Oy" }, cookie))) as Response;
    expect(write.status).toBe(403);
  });

  it("lets an organisation admin into people and their part of the audit log, but not into platform-only pages", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const index = (await run(adminIndex.loader, get("/admin", cookie))) as { isPlatformAdmin: boolean; administers: string[] };
    expect(index.isPlatformAdmin).toBe(false);
    expect(index.administers).toEqual([supplierAAdmin.organisation]);
    for (const [loader, path] of [
      [organisationsPage.loader, "/admin/organisations"],
      [newChain.loader, "/admin/chains/new"],
    ] as const) {
      expect(((await run(loader, get(path, cookie))) as Response).status).toBe(403);
    }
    // The audit log answers, scoped to their organisation (tests/integration/audit-log.test.ts checks the scope).
    const audit = (await run(auditPage.loader, get("/admin/audit", cookie))) as { scope: string[] | null };
    expect(audit.scope).toEqual([supplierAAdmin.organisation]);
  });
});

describe("organisations", () => {
  it("refuses a business ID with a wrong check digit, names the field and writes nothing", async () => {
    const cookie = await signInAs(admin, { fresh: true });
    const before = { orgs: await count("organisations"), audit: await count("audit_log") };
    // 1572860-0 is valid; 1572860-1 has a wrong check digit.
    const res = (await run(
      newOrganisation.action,
      post("/admin/organisations/new", { name: "Tarkistus Oy", businessId: "1572860-1", headcount: "12" }, cookie),
    )) as DataResult<Reply>;
    expect(res.init?.status).toBe(400);
    expect(res.data.error?.businessId).toEqual(["admin.org.businessIdCheckDigit"]);
    expect(res.data.error?.name).toBeUndefined();
    const malformed = (await run(
      newOrganisation.action,
      post("/admin/organisations/new", { name: "Muoto Oy", businessId: "15728600" }, cookie),
    )) as DataResult<Reply>;
    expect(malformed.data.error?.businessId).toEqual(["admin.org.businessIdFormat"]);
    expect(await count("organisations")).toBe(before.orgs);
    expect(await sqlite.prepare("select count(*) as n from audit_log where action like 'organisation.%'").get()).toEqual({ n: 0 });
  });

  it("creates an organisation with a normalised business ID and a computed size class, and audits it", async () => {
    const cookie = await signInAs(admin, { fresh: true });
    const res = (await run(
      newOrganisation.action,
      post(
        "/admin/organisations/new",
        {
          name: "Uusi Pilvi Oy",
          businessId: " 157286-0 ",
          headcount: "12",
          turnoverEur: "1 500 000",
          balanceSheetEur: "900000,50",
          foundedYear: "2024",
          city: "Oulu",
        },
        cookie,
      ),
    )) as Response;
    expect(res, JSON.stringify(res)).toBeInstanceOf(Response);
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("Location")!.match(/\/admin\/organisations\/(\d+)/)![1]);
    const row = (await sqlite.prepare("select * from organisations where id = ?").get(id)) as Record<string, unknown>;
    expect(row.business_id).toBe("0157286-0");
    expect(row.size_class).toBe("small");
    expect(row.size_class_manual).toBe(0);
    expect(row.balance_sheet_eur).toBe(900000.5);
    const [entry] = await auditRows("organisation.create");
    expect(entry.entity_id).toBe(String(id));
    expect(entry.actor_user_id).toBe(await userId(admin.email));
    expect(JSON.parse(entry.after!)).toMatchObject({ name: "Uusi Pilvi Oy", businessId: "0157286-0", sizeClass: "small" });

    const page = (await run(editOrganisation.loader, get(`/admin/organisations/${id}`, cookie), { organisationId: String(id) })) as {
      organisation: { computedSizeClass: string; startup: boolean };
    };
    expect(page.organisation.computedSizeClass).toBe("small");
    expect(page.organisation.startup).toBe(true);
  });

  it("edits with a hand-set size class, refuses a duplicate business ID and logs only what changed", async () => {
    const cookie = await signInAs(admin, { fresh: true });
    const id = await organisationIdNamed("Uusi Pilvi Oy");
    const existing = (
      (await sqlite.prepare("select business_id from organisations where id <> ? and business_id is not null").get(id)) as { business_id: string }
    ).business_id;
    const dup = (await run(editOrganisation.action, post(`/admin/organisations/${id}`, { name: "Uusi Pilvi Oy", businessId: existing }, cookie), {
      organisationId: String(id),
    })) as DataResult<Reply>;
    expect(dup.init?.status).toBe(400);
    expect(dup.data.error?.businessId).toEqual(["admin.org.businessIdTaken"]);

    const ok = (await run(
      editOrganisation.action,
      post(
        `/admin/organisations/${id}`,
        {
          name: "Uusi Pilvi Oy",
          businessId: "0157286-0",
          headcount: "12",
          turnoverEur: "1500000",
          balanceSheetEur: "900000.5",
          foundedYear: "2024",
          city: "Kajaani",
          sizeClassManual: "on",
          sizeClass: "medium",
        },
        cookie,
      ),
      { organisationId: String(id) },
    )) as Response;
    expect(ok.status).toBe(302);
    const row = await sqlite.prepare("select size_class, size_class_manual, city from organisations where id = ?").get(id);
    expect(row).toEqual({ size_class: "medium", size_class_manual: 1, city: "Kajaani" });
    const [entry] = await auditRows("organisation.update");
    expect(JSON.parse(entry.before!)).toEqual({ sizeClass: "small", sizeClassManual: false, city: "Oulu" });
    expect(JSON.parse(entry.after!)).toEqual({ sizeClass: "medium", sizeClassManual: true, city: "Kajaani" });
  });
});

describe("people: an organisation admin's scope", () => {
  it("lists only the people of the admin's own organisation", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const { people } = (await run(peoplePage.loader, get("/admin/people", cookie))) as {
      people: Array<{ email: string; memberships: Array<{ organisationName: string }> }>;
    };
    const emails = people.map((p) => p.email).sort();
    expect(emails).toEqual(["admin@kalevanpilvi.example", "petri.salonen@kalevanpilvi.example"]);
    for (const p of people) for (const m of p.memberships) expect(m.organisationName).toBe(supplierAAdmin.organisation);
  });

  it("answers 404 for supplier B's person, on both the page and its actions, and changes nothing", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const foreign = await userId(supplierBStaff.email);
    const page = (await run(personPage.loader, get(`/admin/people/${foreign}`, cookie), { personId: String(foreign) })) as Response;
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain(supplierBStaff.email);
    for (const intent of ["disable", "resetLink", "edit", "changeRole"]) {
      const res = (await run(
        personPage.action,
        post(`/admin/people/${foreign}`, { intent, name: "Hijacked", organisationId: String(await orgIdOf(supplierBStaff.email)), role: "viewer" }, cookie),
        { personId: String(foreign) },
      )) as Response;
      expect(res.status).toBe(404);
    }
    const row = await sqlite.prepare("select name, disabled_at from users where id = ?").get(foreign);
    expect(row).toEqual({ name: supplierBStaff.name, disabled_at: null });
    expect(await count("password_reset_tokens")).toBe(0);
  });

  it("refuses to grant memberships in another organisation or platform admin rights", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const petri = await userId("petri.salonen@kalevanpilvi.example");
    const supplierB = await orgIdOf(supplierBStaff.email);
    const before = await count("memberships");
    const add = (await run(
      personPage.action,
      post(`/admin/people/${petri}`, { intent: "addMembership", organisationId: String(supplierB), role: "org_admin" }, cookie),
      { personId: String(petri) },
    )) as Response;
    expect(add.status).toBe(403);
    const grant = (await run(personPage.action, post(`/admin/people/${petri}`, { intent: "grantPlatformAdmin" }, cookie), {
      personId: String(petri),
    })) as Response;
    expect(grant.status).toBe(403);
    const createElsewhere = (await run(
      newPerson.action,
      post("/admin/people/new", { email: "mole@kipina.example", name: "Mole", organisationId: String(supplierB), role: "staff" }, cookie),
    )) as Response;
    expect(createElsewhere.status).toBe(403);
    const createAdmin = (await run(
      newPerson.action,
      post(
        "/admin/people/new",
        { email: "boss@kalevanpilvi.example", name: "Boss", organisationId: String(await orgIdOf(supplierAAdmin.email)), role: "staff", isPlatformAdmin: "on" },
        cookie,
      ),
    )) as Response;
    expect(createAdmin.status).toBe(403);
    expect(await count("memberships")).toBe(before);
    expect(await sqlite.prepare("select count(*) as n from users where email in ('mole@kipina.example', 'boss@kalevanpilvi.example')").get()).toEqual({ n: 0 });
    expect(await sqlite.prepare("select is_platform_admin from users where id = ?").get(petri)).toEqual({ is_platform_admin: 0 });
    const denied = (await sqlite
      .prepare("select count(*) as n from audit_log where action = 'access.denied' and actor_user_id = ?")
      .get(await userId(supplierAAdmin.email))) as { n: number };
    expect(denied.n).toBeGreaterThanOrEqual(4);
  });

  it("changes a role within the admin's organisation and audits before and after", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const petri = await userId("petri.salonen@kalevanpilvi.example");
    const hosting = await orgIdOf(supplierAAdmin.email);
    const res = (await run(
      personPage.action,
      post(`/admin/people/${petri}`, { intent: "changeRole", organisationId: String(hosting), role: "viewer" }, cookie),
      { personId: String(petri) },
    )) as DataResult<{ notice?: string }>;
    expect(res.data.notice).toBe("admin.people.roleChanged");
    expect(await sqlite.prepare("select role from memberships where user_id = ? and organisation_id = ?").get(petri, hosting)).toEqual({ role: "viewer" });
    const [entry] = await auditRows("membership.update");
    expect(JSON.parse(entry.before!)).toMatchObject({ userId: petri, organisationId: hosting, role: "staff" });
    expect(JSON.parse(entry.after!)).toMatchObject({ userId: petri, organisationId: hosting, role: "viewer" });
  });

  it("does not let an org admin disable or reset someone who also works for another organisation", async () => {
    const adminCookie = await signInAs(admin, { fresh: true });
    const petri = await userId("petri.salonen@kalevanpilvi.example");
    const supplierB = await orgIdOf(supplierBStaff.email);
    const add = (await run(
      personPage.action,
      post(`/admin/people/${petri}`, { intent: "addMembership", organisationId: String(supplierB), role: "viewer" }, adminCookie),
      { personId: String(petri) },
    )) as DataResult<{ notice?: string }>;
    expect(add.data.notice).toBe("admin.people.membershipAdded");

    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const view = (await run(personPage.loader, get(`/admin/people/${petri}`, cookie), { personId: String(petri) })) as {
      person: { accountLock: string | null; memberships: Array<{ organisationId: number }> };
    };
    expect(view.person.accountLock).toBe("otherOrganisations");
    // The other organisation's membership is not shown to supplier A's admin.
    expect(view.person.memberships.map((m) => m.organisationId)).toEqual([await orgIdOf(supplierAAdmin.email)]);
    for (const intent of ["disable", "resetLink"]) {
      const res = (await run(personPage.action, post(`/admin/people/${petri}`, { intent }, cookie), { personId: String(petri) })) as Response;
      expect(res.status).toBe(403);
    }
    // Clean up: back to one organisation.
    await run(personPage.action, post(`/admin/people/${petri}`, { intent: "removeMembership", organisationId: String(supplierB) }, adminCookie), {
      personId: String(petri),
    });
    expect(await auditRows("membership.delete")).toHaveLength(1);
  });
});

describe("disabling a person", () => {
  it("ends all of their sessions at once and blocks login until re-enabled", async () => {
    const petriEmail = "petri.salonen@kalevanpilvi.example";
    const petri = await userId(petriEmail);
    const sessionA = await signInAs(petriEmail, { fresh: true });
    const sessionB = await signInAs(petriEmail, { fresh: true });
    expect(((await run(home.loader, get("/", sessionA))) as { name: string }).name).toBe("Petri Salonen");

    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const res = (await run(personPage.action, post(`/admin/people/${petri}`, { intent: "disable" }, cookie), { personId: String(petri) })) as DataResult<{
      notice?: string;
    }>;
    expect(res.data.notice).toBe("admin.people.disabledNotice");
    expect(await sqlite.prepare("select count(*) as n from sessions where user_id = ?").get(petri)).toEqual({ n: 0 });
    for (const session of [sessionA, sessionB]) {
      const after = (await run(home.loader, get("/", session))) as Response;
      expect(after.status).toBe(302);
      expect(after.headers.get("Location")).toMatch(/^\/login/);
    }
    const refused = (await run(login.action, post("/login", { email: petriEmail, password: DEMO_PASSWORD }), {}, { clientIp: "10.21.0.1" })) as DataResult;
    expect(refused.init?.status).toBe(401);
    const [entry] = await auditRows("user.disable");
    expect(entry.entity_id).toBe(String(petri));
    expect(JSON.parse(entry.before!)).toEqual({ disabledAt: null });
    expect(JSON.parse(entry.after!).disabledAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    await run(personPage.action, post(`/admin/people/${petri}`, { intent: "enable" }, cookie), { personId: String(petri) });
    await signInAs(petriEmail, { fresh: true });
  });

  it("does not let a platform admin disable themselves", async () => {
    const cookie = await signInAs(admin, { fresh: true });
    const self = await userId(admin.email);
    const res = (await run(personPage.action, post(`/admin/people/${self}`, { intent: "disable" }, cookie), { personId: String(self) })) as DataResult<{
      error?: string;
    }>;
    expect(res.init?.status).toBe(400);
    expect(res.data.error).toBe("admin.people.cannotDisableSelf");
    expect(await sqlite.prepare("select disabled_at from users where id = ?").get(self)).toEqual({ disabled_at: null });
    expect(((await run(adminIndex.loader, get("/admin", cookie))) as { isPlatformAdmin: boolean }).isPlatformAdmin).toBe(true);
  });

  it("answers an unknown intent with 400, not 500", async () => {
    const cookie = await signInAs(admin, { fresh: true });
    const petri = await userId("petri.salonen@kalevanpilvi.example");
    const res = (await run(personPage.action, post(`/admin/people/${petri}`, { intent: "explode" }, cookie), { personId: String(petri) })) as DataResult;
    expect(res.init?.status).toBe(400);
  });
});

describe("creating a person", () => {
  it("refuses a taken email on the email field and creates nothing (platform administrator)", async () => {
    const cookie = await signInAs(admin, { fresh: true });
    const before = await count("users");
    const res = (await run(
      newPerson.action,
      post(
        "/admin/people/new",
        { email: supplierBStaff.email.toUpperCase(), name: "Copy", organisationId: String(await orgIdOf(supplierAAdmin.email)), role: "staff" },
        cookie,
      ),
    )) as DataResult<{ result: Reply; created: unknown }>;
    expect(res.init?.status).toBe(400);
    expect(res.data.result.error?.email).toEqual(["admin.people.emailTaken"]);
    expect(res.data.created).toBeNull();
    expect(await count("users")).toBe(before);
  });
});

describe("an organisation admin and other organisations' addresses", () => {
  const create = async (cookie: string, email: string) =>
    (await run(
      newPerson.action,
      post("/admin/people/new", { email, name: "Someone", organisationId: String(await orgIdOf(supplierAAdmin.email)), role: "staff" }, cookie),
    )) as DataResult<{ result: Reply; created: unknown }>;

  it("gets the same answer for another company's taken address as for a free one, and creates nothing", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const before = await count("users");
    const taken = await create(cookie, supplierBStaff.email.toUpperCase());
    const free = await create(cookie, "nobody.yet@kipina.example");
    const platformAdmins = await create(cookie, admin.email);
    for (const res of [taken, free, platformAdmins]) {
      expect(res.init?.status).toBe(400);
      expect(res.data.result.error).toEqual({ email: ["admin.people.emailOutsideDomains"] });
      expect(res.data.created).toBeNull();
    }
    expect(await count("users")).toBe(before);
    expect(await sqlite.prepare("select count(*) as n from users where email = 'nobody.yet@kipina.example'").get()).toEqual({ n: 0 });
  });

  it("cannot claim an address in another company's domain nor attach that company's person", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const kipinaMembers = async () =>
      sqlite.prepare("select count(*) as n from memberships where organisation_id = ?").get(await orgIdOf(supplierBStaff.email));
    const ownMembers = async () => sqlite.prepare("select count(*) as n from memberships where organisation_id = ?").get(await orgIdOf(supplierAAdmin.email));
    const [kipinaBefore, ownBefore] = [await kipinaMembers(), await ownMembers()];
    expect((await create(cookie, "ceo@kipina.example")).data.result.error?.email).toEqual(["admin.people.emailOutsideDomains"]);
    expect((await create(cookie, supplierBStaff.email)).data.result.error?.email).toEqual(["admin.people.emailOutsideDomains"]);
    expect(await kipinaMembers()).toEqual(kipinaBefore);
    expect(await ownMembers()).toEqual(ownBefore);
  });

  it("is told when the address in their own domain is already one of their people", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const res = await create(cookie, "petri.salonen@kalevanpilvi.example");
    expect(res.init?.status).toBe(400);
    expect(res.data.result.error?.email).toEqual(["admin.people.emailAlreadyMember"]);
  });

  it("sees their organisation's domains under the email field", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const page = (await run(newPerson.loader, get("/admin/people/new", cookie))) as { emailDomains: string[] | null };
    expect(page.emailDomains).toEqual(["kalevanpilvi.example"]);
    const asPlatformAdmin = (await run(newPerson.loader, get("/admin/people/new", await signInAs(admin, { fresh: true })))) as {
      emailDomains: string[] | null;
    };
    expect(asPlatformAdmin.emailDomains).toBeNull();
  });
});

describe("an organisation's email domains", () => {
  const orgForm = (name: string, emailDomains: string) => ({ name, emailDomains });

  it("are set by the platform administrator, validated, and one organisation's only", async () => {
    const cookie = await signInAs(admin, { fresh: true });
    const kipina = await orgIdOf(supplierBStaff.email);
    const name = ((await sqlite.prepare("select name from organisations where id = ?").get(kipina)) as { name: string }).name;
    const edit = (fields: Record<string, string>) =>
      run(editOrganisation.action, post(`/admin/organisations/${kipina}`, fields, cookie), { organisationId: String(kipina) });

    const bad = (await edit(orgForm(name, "kipina.example\nnot a domain"))) as DataResult<Reply>;
    expect(bad.init?.status).toBe(400);
    expect(bad.data.error?.emailDomains).toEqual(["admin.org.emailDomainsInvalid"]);
    const stolen = (await edit(orgForm(name, "kipina.example\nkalevanpilvi.example"))) as DataResult<Reply>;
    expect(stolen.init?.status).toBe(400);
    expect(stolen.data.error?.emailDomains).toEqual(["admin.org.emailDomainTaken"]);

    const saved = (await edit(orgForm(name, "Kipina.example, @kipinä.example"))) as Response;
    expect(saved.status).toBe(302);
    const domains = await sqlite.prepare("select domain from organisation_email_domains where organisation_id = ? order by domain").all(kipina);
    expect(domains).toEqual([{ domain: "kipina.example" }, { domain: "xn--kipin-kra.example" }]);
    const entry = (await auditRows("organisation.update")).at(-1)!;
    expect(JSON.parse(entry.after!)).toEqual({ emailDomains: ["kipina.example", "xn--kipin-kra.example"] });
  });
});

describe("chains and relationships", () => {
  it("creates a chain and a relationship with its first lifecycle event; provider and customer must differ", async () => {
    const cookie = await signInAs(admin, { fresh: true });
    const focal = await orgIdOf(companyStaff.email);
    const supplierB = await orgIdOf(supplierBStaff.email);
    const created = (await run(
      newChain.action,
      post("/admin/chains/new", { name: "Pilottiketju", description: "Testi", focalOrganisationId: String(focal) }, cookie),
    )) as Response;
    expect(created.status).toBe(302);
    const chainId = Number(created.headers.get("Location")!.match(/\/admin\/chains\/(\d+)/)![1]);

    const base = {
      serviceName: "Tekoälysuositukset",
      startDate: "2026-09-01",
      lifecycleStage: "new",
      diversity: "diverse",
      criticality: "high",
      stageNote: "Pilotti alkoi messuilta.",
    };
    const relationshipsBefore = await count("relationships");
    const same = (await run(
      newRelationship.action,
      post(`/admin/chains/${chainId}/relationships/new`, { ...base, providerId: String(focal), customerId: String(focal) }, cookie),
      { chainId: String(chainId) },
    )) as DataResult<Reply>;
    expect(same.init?.status).toBe(400);
    expect(same.data.error?.customerId).toEqual(["admin.rel.sameParty"]);
    const noNote = (await run(
      newRelationship.action,
      post(
        `/admin/chains/${chainId}/relationships/new`,
        { ...base, providerId: String(supplierB), customerId: String(focal), maturityOverride: "mature" },
        cookie,
      ),
      { chainId: String(chainId) },
    )) as DataResult<Reply>;
    expect(noNote.data.error?.maturityOverrideNote).toEqual(["admin.rel.overrideNoteRequired"]);
    expect(await count("relationships")).toBe(relationshipsBefore);

    const ok = (await run(
      newRelationship.action,
      post(
        `/admin/chains/${chainId}/relationships/new`,
        { ...base, providerId: String(supplierB), customerId: String(focal), referenceCustomer: "on" },
        cookie,
      ),
      { chainId: String(chainId) },
    )) as Response;
    expect(ok.status).toBe(302);
    const rel = (await sqlite.prepare("select * from relationships where chain_id = ?").get(chainId)) as Record<string, unknown>;
    expect(rel).toMatchObject({ provider_id: supplierB, customer_id: focal, lifecycle_stage: "new", reference_customer: 1, diversity: "diverse" });
    const events = await sqlite
      .prepare("select from_stage, to_stage, changed_on, reason_category, note from lifecycle_events where relationship_id = ?")
      .all(rel.id);
    expect(events).toEqual([{ from_stage: null, to_stage: "new", changed_on: "2026-09-01", reason_category: "why_started", note: "Pilotti alkoi messuilta." }]);
    const [entry] = await auditRows("relationship.create");
    expect(entry.entity_id).toBe(String(rel.id));
    expect(JSON.parse(entry.after!)).toMatchObject({ chainId, providerId: supplierB, customerId: focal, serviceName: "Tekoälysuositukset" });

    const view = (await run(chainPage.loader, get(`/admin/chains/${chainId}`, cookie), { chainId: String(chainId) })) as {
      chain: { relationships: Array<{ serviceName: string; maturity: string }> };
    };
    expect(view.chain.relationships.map((r) => r.serviceName)).toEqual(["Tekoälysuositukset"]);
  });
});

describe("the audit log", () => {
  it("holds no password, hash, reset token or session id anywhere", async () => {
    const rows = (await sqlite.prepare("select action, before, after, entity_id from audit_log").all()) as Array<Record<string, string | null>>;
    const text = JSON.stringify(rows);
    expect(text).not.toContain(DEMO_PASSWORD);
    expect(text).not.toMatch(/\$argon2/);
    expect(text).not.toMatch(/passwordHash|password_hash|tokenHash|idHash/);
    const secrets = [
      ...((await sqlite.prepare("select id_hash as v from sessions").all()) as Array<{ v: string }>),
      ...((await sqlite.prepare("select token_hash as v from password_reset_tokens").all()) as Array<{ v: string }>),
    ];
    for (const { v } of secrets) expect(text).not.toContain(v);
  });

  type AuditData = {
    entries: Array<{ action: string; actor: { name: string; email: string } | null; entityType: string | null; entityId: string | null; at: string }>;
    total: number;
    page: number;
    pageCount: number;
    errors: Record<string, string>;
  };
  let adminCookie: string | undefined;
  const audit = async (query: string) => {
    adminCookie ??= await signInAs(admin, { fresh: true });
    return (await run(auditPage.loader, get(`/admin/audit${query}`, adminCookie))) as AuditData | DataResult<AuditData>;
  };
  const ok = (r: AuditData | DataResult<AuditData>) => ("entries" in r ? r : r.data);

  it("lists newest first and filters by action, actor, record and date range", async () => {
    adminCookie ??= await signInAs(admin, { fresh: true });
    const all = ok(await audit(""));
    expect(all.total).toBe(await count("audit_log"));
    const times = all.entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const disables = ok(await audit("?action=user.disable"));
    expect(disables.total).toBe(1);
    expect(disables.entries[0].actor?.email).toBe(supplierAAdmin.email);

    const byActor = ok(await audit("?actor=KALEVANPILVI"));
    expect(byActor.total).toBeGreaterThan(2);
    for (const e of byActor.entries) expect(e.actor?.email).toContain("kalevanpilvi");

    const petri = String(await userId("petri.salonen@kalevanpilvi.example"));
    const byRecord = ok(await audit(`?entityType=user&entityId=${petri}`));
    expect(byRecord.entries.map((e) => e.action)).toEqual(expect.arrayContaining(["user.disable", "user.enable"]));
    for (const e of byRecord.entries) expect([e.entityType, e.entityId]).toEqual(["user", petri]);

    // Days are the reader's calendar days (the admin's zone: Europe/Helsinki by default).
    const today = localDateIso(new Date(), "Europe/Helsinki");
    const tomorrow = localDateIso(new Date(Date.now() + 86_400_000), "Europe/Helsinki");
    const todays = (await sqlite
      .prepare("select count(*) as n from audit_log where at >= ? and at < ?")
      .get(localDayStartUtc(today, "Europe/Helsinki"), localDayStartUtc(tomorrow, "Europe/Helsinki"))) as { n: number };
    expect(todays.n).toBeGreaterThan(5);
    expect(ok(await audit(`?from=${today}&to=${today}`)).total).toBe(todays.n);
    expect(ok(await audit(`?from=${tomorrow}`)).total).toBe(0);
  });

  it("pages 50 at a time", async () => {
    const insert = sqlite.prepare("insert into audit_log (action, entity_type, entity_id, at) values ('test.bulk', 'thing', ?, ?)");
    for (let i = 0; i < 120; i++) await insert.run(String(i), `2020-01-01T00:00:${String(i % 60).padStart(2, "0")}.${String(i).padStart(3, "0")}Z`);
    const first = ok(await audit("?action=test.bulk"));
    expect(first.total).toBe(120);
    expect(first.pageCount).toBe(3);
    expect(first.entries).toHaveLength(50);
    const third = ok(await audit("?action=test.bulk&page=3"));
    expect(third.page).toBe(3);
    expect(third.entries).toHaveLength(20);
    const dated = ok(await audit("?action=test.bulk&from=2020-01-01&to=2020-01-01"));
    expect(dated.total).toBe(120);
    expect(ok(await audit("?action=test.bulk&from=2020-01-02")).total).toBe(0);
  });

  it("answers bad filter values with a clear message and status 400", async () => {
    const bad = (await audit("?from=2026-13-45&page=0&to=yesterday")) as DataResult<AuditData>;
    expect(bad.init?.status).toBe(400);
    expect(bad.data.errors).toMatchObject({ from: "admin.audit.dateInvalid", to: "admin.audit.dateInvalid", page: "admin.audit.pageInvalid" });
    expect(bad.data.entries).toEqual([]);
    const backwards = (await audit("?from=2026-02-01&to=2026-01-01")) as DataResult<AuditData>;
    expect(backwards.data.errors.to).toBe("admin.audit.rangeInvalid");
    const injected = (await audit("?action=%27%20or%201%3D1--")) as DataResult<AuditData>;
    expect(injected.data.errors.action).toBe("admin.audit.actionInvalid");
  });
});
