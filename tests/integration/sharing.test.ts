import { TEST_AS_OF, prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { and, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { measurements } from "../../db/tables";
import { db } from "~/db.server";
import type { SharingGrantInput } from "~/forms/sharing-grant";
import { visibleMeasurementCondition } from "~/models/metric-access.server";
import { metricsDashboard } from "~/models/measurement-dashboard.server";
import { createGrant, listGrantsToMe, listOwnGrants, restoreGrant, revokeGrant, UNDO_REVOKE_MS } from "~/models/sharing.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import * as sharingPage from "~/routes/_app+/sharing";
import * as exportCsv from "~/routes/_app+/metrics+/export[.]csv";
import { get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { insertMeasurement, organisationIdOf, relationshipIdBetween, userIdOf } from "../support/factories";

/**
 * The sharing rule, audience by audience, with canary values: numbers that
 * appear nowhere else, so "who sees which canary" is exact.
 */
let sqlite: TestSql;
const org: Record<string, number> = {};
const rel: Record<string, number> = {};
const users: Record<string, ActingUser> = {};
let chainId: number;
let metricId: number;

const CANARY = {
  companyOnHosting: 111111.11, // the company's on-time delivery of supplier A (hosting)
  companyOnStartup: 222222.22, // ... of supplier B (the start-up)
  companyOnRautapiste: 333333.33, // the company's delivery to end customer Rautapiste
  companyOnKuntokeskus: 555555.55, // ... to another end customer
  hostingOwn: 444444.44, // supplier A's own record on its relationship
} as const;
const ALL_CANARIES = Object.values(CANARY);
/** What the seeded grants already show of the canaries. */
const B_BASE = [CANARY.companyOnStartup];
const RAUTAPISTE_BASE = [CANARY.companyOnRautapiste];

async function userByEmail(email: string): Promise<ActingUser> {
  return (await getActingUser(await userIdOf(email)))!;
}

async function orgOf(email: string): Promise<number> {
  return organisationIdOf(email);
}

async function relBetween(providerId: number, customerId: number): Promise<number> {
  return relationshipIdBetween(providerId, customerId);
}

/** The canary values the user may see, sorted. */
async function canariesSeenBy(user: ActingUser): Promise<number[]> {
  return (
    await db()
      .select({ value: measurements.value })
      .from(measurements)
      .where(and(inArray(measurements.value, ALL_CANARIES), visibleMeasurementCondition(user)))
      .all()
  )
    .map((r) => r.value)
    .sort((a, b) => a - b);
}

const sorted = (...values: number[]) => [...values].sort((a, b) => a - b);

async function grant(by: ActingUser, input: Omit<SharingGrantInput, "grantor"> & { grantor?: number }): Promise<number> {
  const result = await createGrant(by, { grantor: input.grantor ?? org.company, ...input } as SharingGrantInput);
  if (!result.ok) throw new Error(`grant refused: ${JSON.stringify(result.fieldErrors)}`);
  return result.id;
}

const made: number[] = [];
async function grantForTest(by: ActingUser, input: Omit<SharingGrantInput, "grantor"> & { grantor?: number }): Promise<number> {
  const id = await grant(by, input);
  made.push(id);
  return id;
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  users.admin = await userByEmail(demo.admin.email);
  users.company = await userByEmail(demo.companyStaff.email);
  users.supplierA = await userByEmail(demo.supplierAAdmin.email);
  users.supplierB = await userByEmail(demo.supplierBStaff.email);
  users.rautapiste = await userByEmail(demo.customerStaff.email);
  users.kuntokeskus = await userByEmail("tiina.rantanen@kuntovoima.example");
  org.company = await orgOf(demo.companyStaff.email);
  org.hosting = await orgOf(demo.supplierAAdmin.email);
  org.startup = await orgOf(demo.supplierBStaff.email);
  org.rautapiste = await orgOf(demo.customerStaff.email);
  org.kuntokeskus = await orgOf("tiina.rantanen@kuntovoima.example");
  rel.hosting = await relBetween(org.hosting, org.company);
  rel.startup = await relBetween(org.startup, org.company);
  rel.rautapiste = await relBetween(org.company, org.rautapiste);
  rel.kuntokeskus = await relBetween(org.company, org.kuntokeskus);
  chainId = ((await sqlite.prepare("select chain_id as id from relationships where id = ?").get(rel.hosting)) as { id: number }).id;
  metricId = (
    (await sqlite.prepare("select id from metric_definitions where key = 'on_time_delivery' and owner_organisation_id is null").get()) as { id: number }
  ).id;

  // Canaries in a month the demo does not use, so they collide with nothing.
  const insert = (metricId: number, relationshipId: number, month: string, value: number, recordedByOrganisationId: number) =>
    insertMeasurement({ metricId, relationshipId, month, value, recordedByOrganisationId, source: "seed" });
  await insert(metricId, rel.hosting, "2023-01", CANARY.companyOnHosting, org.company);
  await insert(metricId, rel.startup, "2023-01", CANARY.companyOnStartup, org.company);
  await insert(metricId, rel.rautapiste, "2023-01", CANARY.companyOnRautapiste, org.company);
  await insert(metricId, rel.kuntokeskus, "2023-01", CANARY.companyOnKuntokeskus, org.company);
  // One value per metric, relationship and month, whoever records it: the supplier's is a month later.
  await insert(metricId, rel.hosting, "2023-02", CANARY.hostingOwn, org.hosting);
});

afterEach(async () => {
  // Each test starts from the seeded grants only.
  for (const id of made.splice(0)) await revokeGrant(users.company, id);
});

describe("nothing is shared by default", () => {
  it("shows each organisation what it recorded, and others only what the seeded grants cover", async () => {
    expect(await canariesSeenBy(users.company)).toEqual(
      sorted(CANARY.companyOnHosting, CANARY.companyOnStartup, CANARY.companyOnRautapiste, CANARY.companyOnKuntokeskus),
    );
    expect(await canariesSeenBy(users.supplierA)).toEqual([CANARY.hostingOwn]);
    // Seeded: the company shares all metrics of the start-up pilot with the start-up, and
    // its on-time delivery with the reference customer Rautapiste (both as counterpart).
    expect(await canariesSeenBy(users.supplierB)).toEqual(B_BASE);
    expect(await canariesSeenBy(users.rautapiste)).toEqual(RAUTAPISTE_BASE);
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual([]);
  });

  it("shows a platform administrator everything", async () => {
    expect(await canariesSeenBy(users.admin)).toEqual(sorted(...ALL_CANARIES));
  });

  it("does not show the data of a seeded revoked grant (cost per order, chain-wide)", async () => {
    const cpo = ((await sqlite.prepare("select id from metric_definitions where key = 'cost_per_order'").get()) as { id: number }).id;
    const seen = await db()
      .select({ id: measurements.id })
      .from(measurements)
      .where(and(inArray(measurements.metricId, [cpo]), visibleMeasurementCondition(users.supplierA)))
      .all();
    expect(seen).toEqual([]);
  });
});

describe("audiences", () => {
  it("counterpart: only the other party of the granted relationship", async () => {
    await grantForTest(users.company, { metric: metricId, relationship: rel.hosting, audience: "counterpart" });
    expect(await canariesSeenBy(users.supplierA)).toEqual(sorted(CANARY.companyOnHosting, CANARY.hostingOwn));
    expect(await canariesSeenBy(users.supplierB)).toEqual(B_BASE);
    expect(await canariesSeenBy(users.rautapiste)).toEqual(RAUTAPISTE_BASE);
  });

  it("organisation: the named grantee, even for another supplier's relationship when the grantor names it", async () => {
    await grantForTest(users.company, { metric: metricId, relationship: rel.hosting, audience: "organisation", grantee: org.startup });
    expect(await canariesSeenBy(users.supplierB)).toEqual(sorted(CANARY.companyOnHosting, ...B_BASE));
    expect(await canariesSeenBy(users.supplierA)).toEqual([CANARY.hostingOwn]);
  });

  it("organisation over all relationships: a supplier grantee still sees no other supplier's relationship", async () => {
    await grantForTest(users.company, { metric: metricId, audience: "organisation", grantee: org.startup });
    expect(await canariesSeenBy(users.supplierB)).toEqual(sorted(CANARY.companyOnStartup, CANARY.companyOnRautapiste, CANARY.companyOnKuntokeskus));
  });

  it("chain over all relationships: own relationship and the far side, never a peer's", async () => {
    await grantForTest(users.company, { metric: metricId, audience: "chain", chain: chainId });
    expect(await canariesSeenBy(users.supplierA)).toEqual(
      sorted(CANARY.companyOnHosting, CANARY.companyOnRautapiste, CANARY.companyOnKuntokeskus, CANARY.hostingOwn),
    );
    expect(await canariesSeenBy(users.supplierB)).toEqual(sorted(CANARY.companyOnStartup, CANARY.companyOnRautapiste, CANARY.companyOnKuntokeskus));
    expect(await canariesSeenBy(users.rautapiste)).toEqual(sorted(CANARY.companyOnHosting, CANARY.companyOnStartup, CANARY.companyOnRautapiste));
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual(sorted(CANARY.companyOnHosting, CANARY.companyOnStartup, CANARY.companyOnKuntokeskus));
  });

  it("chain_upstream: suppliers only (their own relationship and the end-customer side)", async () => {
    await grantForTest(users.company, { metric: metricId, audience: "chain_upstream", chain: chainId });
    expect(await canariesSeenBy(users.supplierA)).toEqual(
      sorted(CANARY.companyOnHosting, CANARY.companyOnRautapiste, CANARY.companyOnKuntokeskus, CANARY.hostingOwn),
    );
    expect(await canariesSeenBy(users.supplierB)).toEqual(sorted(CANARY.companyOnStartup, CANARY.companyOnRautapiste, CANARY.companyOnKuntokeskus));
    expect(await canariesSeenBy(users.rautapiste)).toEqual(RAUTAPISTE_BASE);
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual([]);
  });

  it("chain_downstream: end customers only (their own relationship and the supplier side)", async () => {
    await grantForTest(users.company, { metric: metricId, audience: "chain_downstream", chain: chainId });
    expect(await canariesSeenBy(users.rautapiste)).toEqual(sorted(CANARY.companyOnHosting, CANARY.companyOnStartup, CANARY.companyOnRautapiste));
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual(sorted(CANARY.companyOnHosting, CANARY.companyOnStartup, CANARY.companyOnKuntokeskus));
    expect(await canariesSeenBy(users.supplierA)).toEqual([CANARY.hostingOwn]);
    expect(await canariesSeenBy(users.supplierB)).toEqual(B_BASE);
  });

  it("chain with a named relationship: everyone in the chain, because the grantor chose that relationship", async () => {
    await grantForTest(users.company, { metric: metricId, relationship: rel.hosting, audience: "chain" });
    expect(await canariesSeenBy(users.supplierB)).toEqual(sorted(CANARY.companyOnHosting, ...B_BASE));
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual([CANARY.companyOnHosting]);
  });

  it("a grant for another metric shows nothing of this one", async () => {
    const nps = ((await sqlite.prepare("select id from metric_definitions where key = 'nps'").get()) as { id: number }).id;
    await grantForTest(users.company, { metric: nps, relationship: rel.hosting, audience: "counterpart" });
    expect(await canariesSeenBy(users.supplierA)).toEqual([CANARY.hostingOwn]);
  });
});

describe("revoking", () => {
  it("hides the data at once and is audited", async () => {
    const id = await grant(users.company, { metric: metricId, audience: "chain_upstream", chain: chainId });
    expect(await canariesSeenBy(users.supplierB)).toContain(CANARY.companyOnRautapiste);
    await revokeGrant(users.company, id);
    expect(await canariesSeenBy(users.supplierB)).toEqual(B_BASE);
    const logged = (await sqlite
      .prepare("select action from audit_log where entity_type = 'sharing_grant' and entity_id = ? order by id")
      .all(String(id))) as Array<{
      action: string;
    }>;
    expect(logged.map((l) => l.action)).toEqual(["sharing.grant", "sharing.revoke"]);
  });

  it("refuses a grant on behalf of another organisation, and a revoke of another organisation's grant", async () => {
    await expect(createGrant(users.supplierB, { grantor: org.company, audience: "chain", chain: chainId })).rejects.toThrow();
    const id = await grant(users.company, { metric: metricId, relationship: rel.startup, audience: "counterpart" });
    made.push(id);
    let status = 0;
    try {
      await revokeGrant(users.supplierB, id);
    } catch (thrown) {
      status = (thrown as Response).status;
    }
    expect(status).toBe(404);
  });
});

describe("a supplier never sees another supplier's measurements", () => {
  it("with the seeded grants, no measurement of supplier A's relationship reaches supplier B, nor the reverse", async () => {
    const seenByB = await db()
      .select({ relationshipId: measurements.relationshipId })
      .from(measurements)
      .where(visibleMeasurementCondition(users.supplierB))
      .all();
    expect(seenByB.length).toBeGreaterThan(0);
    expect(seenByB.some((r) => r.relationshipId === rel.hosting)).toBe(false);
    const seenByA = await db()
      .select({ relationshipId: measurements.relationshipId })
      .from(measurements)
      .where(visibleMeasurementCondition(users.supplierA))
      .all();
    expect(seenByA.some((r) => r.relationshipId === rel.startup)).toBe(false);
  });

  it("the supplier's dashboard shows end-customer satisfaction shared upstream, and nothing of the other supplier", async () => {
    const dashboard = await metricsDashboard(users.supplierA, { scope: "shared", months: 12 }, TEST_AS_OF);
    const keys = new Set(dashboard.series.map((s) => s.metric.key));
    expect(keys).toEqual(new Set(["customer_satisfaction", "nps"]));
    for (const s of dashboard.series) {
      if (s.relationship) expect(s.relationship.providerName).toBe("Pohjolan Verkkokauppa Oy");
    }
    expect(dashboard.series.some((s) => s.relationship?.id === rel.startup)).toBe(false);
  });
});

describe("the CSV export", () => {
  it("holds exactly the series the supplier's dashboard shows, in the Finnish dialect for a Finnish user", async () => {
    const cookie = await signInAs(demo.supplierAAdmin, { locale: "fi" });
    const csv = (await run(exportCsv.loader, get("/metrics/export.csv?scope=shared&months=36", cookie))) as Response;
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("metric;relationship;month;value;metric_name;unit;target;provider;customer;subject_organisation;recorded_by");
    const rows = lines.slice(1).map((l) => l.split(";"));
    expect(rows.length).toBeGreaterThan(10);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(["customer_satisfaction", "nps"]));
    expect(rows.some((r) => r[1] === String(rel.startup) || r[1] === String(rel.hosting))).toBe(false);
    expect(rows.every((r) => r[10] === "Pohjolan Verkkokauppa Oy")).toBe(true);
    expect(rows.some((r) => /^\d+,\d+$/.test(r[3]))).toBe(true); // decimal comma
  });
});

describe("who can see what", () => {
  it("lists, for the company's active grants, the organisations reached, and for the supplier what reaches it", async () => {
    const own = await listOwnGrants(users.company);
    const upstream = own.find((g) => g.audience === "chain_upstream" && g.metric?.key === "customer_satisfaction")!;
    expect(upstream.reaches!.names).toContain("Kalevan Pilvipalvelut Oyj");
    expect(upstream.reaches!.names).toContain("Kipinä AI Oy");
    expect(upstream.reaches!.names).not.toContain("Rautapiste Kaupat Oy");
    const revoked = own.find((g) => g.metric?.key === "cost_per_order")!;
    expect(revoked.revokedAt).not.toBeNull();
    expect(revoked.reaches).toBeNull();

    const toB = (await listGrantsToMe(users.supplierB)).map((g) => `${g.grantorName}|${g.metric?.key ?? "*"}|${g.audience}`);
    expect(toB.sort()).toEqual(
      [
        "Pohjolan Verkkokauppa Oy|*|counterpart",
        "Pohjolan Verkkokauppa Oy|customer_satisfaction|chain_upstream",
        "Pohjolan Verkkokauppa Oy|nps|chain_upstream",
      ].sort(),
    );
  });

  it("does not name organisations a supplier cannot see when it shares chain-wide", async () => {
    const id = await grant(users.supplierA, { grantor: org.hosting, audience: "chain", chain: chainId });
    const own = (await listOwnGrants(users.supplierA)).find((g) => g.id === id)!;
    expect(own.reaches!.names).toEqual(["Pohjolan Verkkokauppa Oy"]);
    expect(own.reaches!.others).toBe(true);
    await revokeGrant(users.supplierA, id);
  });
});

describe("the sharing page", () => {
  it("grants and revokes through the form, and refuses a counterpart grant without a relationship on that field", async () => {
    const cookie = await signInAs(demo.companyStaff);
    const bad = (await run(
      sharingPage.action,
      post("/sharing", { intent: "grant", grantor: String(org.company), metric: String(metricId), relationship: "all", audience: "counterpart" }, cookie),
    )) as {
      data: { error: Record<string, string[]> };
      init: { status: number };
    };
    expect(bad.init.status).toBe(400);
    expect(bad.data.error.relationship).toEqual(["sharing.validation.relationshipForCounterpart"]);

    const ok = (await run(
      sharingPage.action,
      post(
        "/sharing",
        { intent: "grant", grantor: String(org.company), metric: String(metricId), relationship: String(rel.kuntokeskus), audience: "counterpart" },
        cookie,
      ),
    )) as Response;
    expect(ok.status).toBe(302);
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual([CANARY.companyOnKuntokeskus]);

    const page = (await run(sharingPage.loader, get("/sharing", cookie))) as Awaited<ReturnType<typeof sharingPage.loader>>;
    const created = page.own.find((g) => g.relationship?.id === rel.kuntokeskus && g.metric?.id === metricId && !g.revokedAt)!;
    expect(created.reaches!.names).toEqual([users.kuntokeskus.memberships[0].organisationName]);
    const revoked = (await run(sharingPage.action, post("/sharing", { intent: "revoke", grantId: String(created.id) }, cookie))) as Response;
    expect(revoked.status).toBe(302);
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual([]);
  });
});

describe("revoking is confirmed first and can be undone", () => {
  const companySession = () => signInAs(demo.companyStaff);

  it("the revoke link opens a confirmation that names what stops being shared, and revokes nothing", async () => {
    const cookie = await companySession();
    const id = await grantForTest(users.company, { metric: metricId, relationship: rel.kuntokeskus, audience: "counterpart" });
    const page = (await run(sharingPage.loader, get(`/sharing?revoke=${id}`, cookie))) as Awaited<ReturnType<typeof sharingPage.loader>>;
    expect(page.confirmRevoke).toMatchObject({ id, audience: "counterpart", metric: { id: metricId }, relationship: { id: rel.kuntokeskus } });
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual([CANARY.companyOnKuntokeskus]);
    // Another organisation's grant id shows no confirmation (and nothing of it).
    const supplierGrant = await grant(users.supplierA, { grantor: org.hosting, audience: "counterpart", relationship: rel.hosting });
    const probe = (await run(sharingPage.loader, get(`/sharing?revoke=${supplierGrant}`, cookie))) as Awaited<ReturnType<typeof sharingPage.loader>>;
    expect(probe.confirmRevoke).toBeNull();
    await revokeGrant(users.supplierA, supplierGrant);
  });

  it("undo restores the grant at once, audited; after the undo window it is refused", async () => {
    const cookie = await companySession();
    const id = await grantForTest(users.company, { metric: metricId, relationship: rel.kuntokeskus, audience: "counterpart" });
    const revoked = (await run(sharingPage.action, post("/sharing", { intent: "revoke", grantId: String(id) }, cookie))) as Response;
    expect(revoked.headers.get("Location")).toBe(`/sharing?revoked=${id}`);
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual([]);
    const undone = (await run(sharingPage.action, post("/sharing", { intent: "restore", grantId: String(id) }, cookie))) as Response;
    expect(undone.status).toBe(302);
    expect(undone.headers.get("Location")).toBe("/sharing?restored=1");
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual([CANARY.companyOnKuntokeskus]);
    const logged = (await sqlite
      .prepare("select action from audit_log where entity_type = 'sharing_grant' and entity_id = ? order by id")
      .all(String(id))) as Array<{
      action: string;
    }>;
    expect(logged.map((l) => l.action)).toEqual(["sharing.grant", "sharing.revoke", "sharing.restore"]);

    await revokeGrant(users.company, id);
    const later = new Date(Date.now() + UNDO_REVOKE_MS + 60_000);
    expect(await restoreGrant(users.company, id, null, later)).toEqual({ ok: false, status: 409, fieldErrors: { "": ["sharing.undoExpired"] } });
    expect(await canariesSeenBy(users.kuntokeskus)).toEqual([]);
    // Nor may another organisation restore it.
    let status = 0;
    try {
      await restoreGrant(users.supplierB, id);
    } catch (thrown) {
      status = (thrown as Response).status;
    }
    expect(status).toBe(404);
  });

  it("answers DELETE /sharing with 405, not a 500", async () => {
    const cookie = await companySession();
    const res = (await run(
      sharingPage.action,
      new Request("http://localhost/sharing", { method: "DELETE", headers: { Cookie: cookie, Origin: "http://localhost" } }),
    )) as Response;
    expect(res.status).toBe(405);
  });
});
