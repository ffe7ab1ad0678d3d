import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerKpis, type CustomerKpis } from "~/models/customer-kpi.server";
import { getActingUser } from "~/models/user.server";
import * as kpiPage from "~/routes/_app+/metrics+/kpi";
import { get, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { insertChain, insertLifecycleEvent, insertRelationship, organisationIdNamed, userIdOf } from "../support/factories";

/**
 * The KPIs from the portal's data, through the real loader and database on
 * the demo data loaded at 2026-11-22 (TEST_AS_OF): the last completed
 * quarter is 2026-Q3, and the page shows 2025-Q2 to 2026-Q3.
 */
let sqlite: TestSql;
const ADMIN = demo.admin.email;
const STAFF = demo.companyStaff.email;
const LEAD = demo.projectLead.email;
const SUPPLIER_A = demo.supplierAAdmin.email;
const SUPPLIER_B = demo.supplierBStaff.email;
const END_CUSTOMER = demo.customerStaff.email;
const QUARTERS = ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"];

type Loaded = { kpis: CustomerKpis | null; viewResult: { error?: Record<string, string[] | null> } | null };

/** The loader's answer: status and payload (a thrown Response, e.g. a 404, as its status). */
async function view(email: string, query: string): Promise<{ status: number; body: Loaded }> {
  const out = await run(kpiPage.loader, get(`/metrics/kpi?${query}`, await signInAs(email)));
  if (out instanceof Response) return { status: out.status, body: null as never };
  const o = out as { type?: string; data?: Loaded; init?: { status?: number } };
  if (o && o.type === "DataWithResponseInit") return { status: o.init?.status ?? 200, body: o.data! };
  return { status: 200, body: out as Loaded };
}

async function kpisOf(email: string, query: string): Promise<CustomerKpis> {
  const { status, body } = await view(email, query);
  expect(status).toBe(200);
  return body.kpis!;
}

const relId = async (provider: string, customer: string) =>
  (
    (await sqlite
      .prepare(
        "select r.id from relationships r join organisations p on p.id = r.provider_id join organisations c on c.id = r.customer_id where p.name = ? and c.name = ?",
      )
      .get(provider, customer)) as { id: number }
  ).id;
const COMPANY = "Pohjolan Verkkokauppa Oy";

/** [atStart, kept] per quarter of one segment. */
const counts = (k: CustomerKpis, segment: string) => k.retention.find((s) => s.segment === segment)!.figures.map((f) => [f.atStart, f.kept]);

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
});
afterAll(() => sqlite.close());

describe("retention and churn from the demo lifecycle history", () => {
  it("per chain position and quarter, as the story's dates give them", async () => {
    const k = await kpisOf(STAFF, "to=2026-Q3&by=position");
    expect(k.quarters).toEqual(QUARTERS);
    // End customers of the company, by hand from db/seed/story.ts laid out at 2026-11-22:
    // Rautapiste (active since 2023), Tilapalvelut (active since 2024, passivating 2026-07-25: still a customer),
    // Koulutus (passivating 2025-09-28, passive 2026-06-25: lost in 2026-Q2), Kuntokeskus (new 2025-08-20:
    // counted from 2025-Q4), Harjula (new 2026-06-16: counted from 2026-Q3). Hotelli ended in 2024; Pihlaja and
    // Pohjanmaa are suspects or prospects: never counted.
    expect(counts(k, "end_customer")).toEqual([
      [3, 3],
      [3, 3],
      [4, 4],
      [4, 4],
      [4, 3],
      [4, 4],
    ]);
    // Suppliers: five active all along, Kipinä new on 2026-03-18 and counted from 2026-Q2; none lost.
    expect(counts(k, "supplier")).toEqual([
      [5, 5],
      [5, 5],
      [5, 5],
      [5, 5],
      [6, 6],
      [6, 6],
    ]);
    const q2 = k.retention.find((s) => s.segment === "end_customer")!.figures[4];
    expect(q2.retention).toBe(3 / 4);
    expect(q2.churn).toBe(1 / 4);
    const koulutus = await relId(COMPANY, "Koulutuskeskus Sampo Oy");
    expect(q2.entries.find((e) => !e.kept)).toEqual({
      relationshipId: koulutus,
      stageAtStart: "passivating",
      stageAtEnd: "passive",
      kept: false,
      changedOn: "2026-06-25",
    });
    expect(q2.gained).toEqual([await relId(COMPANY, "Rakennusliike Harjula Oy")]);
    const all = k.retention.find((s) => s.segment === "all")!.figures[4];
    expect([all.atStart, all.kept, all.retention]).toEqual([10, 9, 0.9]);
    // No relationship of the demo chain is between two non-focal organisations: no data, never 0.
    expect(k.retention.find((s) => s.segment === "other")!.figures.map((f) => [f.atStart, f.retention, f.churn])).toEqual(QUARTERS.map(() => [0, null, null]));
  });

  it("per maturity read at each quarter's start", async () => {
    const k = await kpisOf(STAFF, "to=2026-Q3&by=maturity");
    // 2026-04-01: mature are Kalevan Pilvi (2020), Maksuvirta (2021) and Koulutus (2022); Koulutus is lost.
    const mature = k.retention.find((s) => s.segment === "mature")!.figures[4];
    expect([mature.atStart, mature.kept]).toEqual([3, 2]);
    expect(mature.retention).toBeCloseTo(2 / 3, 12);
  });

  it("per provider size: the micro start-up is counted only once it is a customer", async () => {
    const k = await kpisOf(STAFF, "to=2026-Q3&by=size");
    expect(counts(k, "micro")).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
    ]);
    expect(k.retention.find((s) => s.segment === "micro")!.figures[0].retention).toBeNull();
  });
});

describe("NPS and CLV from the demo measurements", () => {
  /** The company's NPS values of its end customers in a quarter, straight from the table. */
  async function npsRows(months: string[]) {
    return (await sqlite
      .prepare(
        `select m.relationship_id as rel, m.value from measurements m join metric_definitions d on d.id = m.metric_id
          where d.key = 'nps' and m.relationship_id is not null and m.month in (${months.map(() => "?").join(", ")})`,
      )
      .all(...months)) as Array<{ rel: number; value: number }>;
  }

  it("NPS per quarter is the mean over relationships of their monthly means", async () => {
    const k = await kpisOf(STAFF, "to=2026-Q3&by=position");
    const byRel = new Map<number, number[]>();
    for (const r of await npsRows(["2026-07", "2026-08", "2026-09"])) byRel.set(r.rel, [...(byRel.get(r.rel) ?? []), r.value]);
    // Rautapiste, Kuntokeskus, Tilapalvelut, Koulutus and Harjula record NPS; each counts once.
    expect(byRel.size).toBe(5);
    const means = [...byRel.values()].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    const expected = means.reduce((a, b) => a + b, 0) / means.length;
    const segment = k.nps.segments.find((s) => s.segment === "end_customer")!;
    expect(segment.figures[5].nps).toBeCloseTo(expected, 9);
    expect(segment.figures[5].entries.map((e) => e.subjectId).sort()).toEqual([...byRel.keys()].sort());
    // Measurements start in 2025-09: nothing in 2025-Q2 (no data), suppliers record no NPS at all.
    expect(segment.figures[0].nps).toBeNull();
    expect(k.nps.segments.find((s) => s.segment === "supplier")!.figures.every((f) => f.nps === null)).toBe(true);
    expect(k.nps.metrics.map((m) => m.nameEn)).toEqual(["Net Promoter Score"]);
    // The company's own NPS over all its customers is an organisation-level series, kept apart.
    expect(k.nps.organisations.map((o) => o.name)).toEqual([COMPANY]);
    const orgValues = (await sqlite
      .prepare(
        "select value from measurements m join metric_definitions d on d.id = m.metric_id where d.key = 'nps' and m.relationship_id is null and m.month in ('2026-07', '2026-08', '2026-09')",
      )
      .all()) as Array<{ value: number }>;
    expect(orgValues).toHaveLength(3);
    expect(k.nps.organisations[0].figures[5].nps).toBeCloseTo(orgValues.reduce((a, r) => a + r.value, 0) / 3, 9);
  });

  it("CLV and customer equity from the recorded margin and retention, with the default and chosen parameters", async () => {
    const window = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"];
    const inputs = async (key: string, rel: number) =>
      (
        (await sqlite
          .prepare(
            `select m.value from measurements m join metric_definitions d on d.id = m.metric_id
              where d.key = ? and m.relationship_id = ? and m.month in (${window.map(() => "?").join(", ")})`,
          )
          .all(key, rel, ...window)) as Array<{ value: number }>
      ).map((r) => r.value);
    /** CLV by hand: m = Σ margins × 12 / months, r = mean rate / 100, CLV = m r / (1 + i − r) − AC. */
    const clvOf = async (rel: number, i: number, ac: number) => {
      const margins = await inputs("margin", rel);
      const rates = await inputs("retention", rel);
      const m = (margins.reduce((a, b) => a + b, 0) * 12) / margins.length;
      const r = rates.reduce((a, b) => a + b, 0) / rates.length / 100;
      return (m * r) / (1 + i - r) - ac;
    };
    // The end customers that are customers at the end of 2026-Q3; Koulutus went passive and is left out.
    const customers = await Promise.all(
      ["Rautapiste Kaupat Oy", "Kuntokeskus Voima Oy", "Järvikaupungin Tilapalvelut Oy", "Rakennusliike Harjula Oy"].map((c) => relId(COMPANY, c)),
    );
    const sumOfClv = async (i: number, ac: number) => {
      let sum = 0;
      for (const id of customers) sum += await clvOf(id, i, ac);
      return sum;
    };
    const koulutus = await relId(COMPANY, "Koulutuskeskus Sampo Oy");
    expect(await inputs("margin", await relId(COMPANY, "Rakennusliike Harjula Oy"))).toHaveLength(3); // new in June: three months, annualised

    const k = await kpisOf(STAFF, "to=2026-Q3&by=position");
    expect(k.equity.window).toEqual(window);
    expect(k.clv).toEqual({ discountRate: 0.1, acquisitionCost: 0 });
    const ends = k.equity.segments.find((s) => s.segment === "end_customer")!.figure;
    expect(ends.counted).toBe(4);
    expect(ends.equity).toBeCloseTo(await sumOfClv(0.1, 0), 6);
    for (const id of customers) expect(ends.entries.find((e) => e.relationshipId === id)!.clv).toBeCloseTo(await clvOf(id, 0.1, 0), 6);
    expect(ends.entries.find((e) => e.relationshipId === koulutus)).toMatchObject({ excluded: "not_customer", stage: "passive", clv: null });
    // Suppliers have no margin recorded: no data, never 0.
    expect(k.equity.segments.find((s) => s.segment === "supplier")!.figure.equity).toBeNull();

    // Finnish-style parameters: 8,5 % and 1 000 € per customer.
    const chosen = await kpisOf(STAFF, `to=2026-Q3&by=position&discount=${encodeURIComponent("8,5")}&acquisition=${encodeURIComponent("1 000")}`);
    expect(chosen.clv).toEqual({ discountRate: 0.085, acquisitionCost: 1000 });
    const chosenEnds = chosen.equity.segments.find((s) => s.segment === "end_customer")!.figure;
    expect(chosenEnds.equity).toBeCloseTo(await sumOfClv(0.085, 1000), 6);
  });
});

describe("long lists of inputs", () => {
  it("a figure is computed from all its relationships but lists only the first ones, saying how many more", async () => {
    const staffId = await userIdOf(STAFF);
    const user = (await getActingUser(staffId))!;
    const options = { to: "2026-Q3", dimension: "position" as const, chainId: null, clv: { discountRate: 0.1, acquisitionCost: 0 } };
    const full = await customerKpis(user, options);
    const cut = await customerKpis(user, options, 2);
    const all = (k: CustomerKpis) => k.retention.find((s) => s.segment === "all")!.figures[4];
    // 2026-Q2: ten counted, Koulutus lost first.
    expect([all(full).atStart, all(full).kept, all(full).entries.length, all(full).omitted]).toEqual([10, 9, 10, 0]);
    expect([all(cut).atStart, all(cut).kept, all(cut).retention, all(cut).entries.length, all(cut).omitted]).toEqual([10, 9, 0.9, 2, 8]);
    expect(all(cut).entries[0]).toMatchObject({ relationshipId: await relId(COMPANY, "Koulutuskeskus Sampo Oy"), kept: false });
    const equity = (k: CustomerKpis) => k.equity.segments.find((s) => s.segment === "end_customer")!.figure;
    expect(equity(cut).equity).toBe(equity(full).equity);
    expect([equity(cut).entries.length, equity(cut).omitted]).toEqual([2, 3]);
    // Only the relationships some listed input names are labelled.
    // Hotelli (ended 2024), Pihlaja and Pohjanmaa (not yet customers) are no input of any figure.
    expect(full.relationships).toHaveLength(11);
    expect(full.relationshipCount).toBe(14);
    const listed = new Set([
      ...cut.retention.flatMap((s) => s.figures.flatMap((f) => [...f.entries.map((e) => e.relationshipId), ...f.gained])),
      ...cut.nps.segments.flatMap((s) => s.figures.flatMap((f) => f.entries.map((e) => e.subjectId))),
      ...cut.equity.segments.flatMap((s) => s.figure.entries.map((e) => e.relationshipId)),
    ]);
    expect(new Set(cut.relationships.map((r) => r.id))).toEqual(listed);
    expect(cut.relationships.length).toBeLessThan(11);
  });
});

describe("scoping", () => {
  it("a supplier sees only its own relationship: none of the company's end customers, their NPS or CLV", async () => {
    const k = await kpisOf(SUPPLIER_A, "to=2026-Q3&by=position");
    const hosting = await relId("Kalevan Pilvipalvelut Oyj", COMPANY);
    expect(k.relationships.map((r) => r.id)).toEqual([hosting]);
    expect(counts(k, "supplier")).toEqual(QUARTERS.map(() => [1, 1]));
    expect(k.retention.find((s) => s.segment === "end_customer")!.figures.every((f) => f.atStart === 0 && f.retention === null)).toBe(true);
    // The end customers' NPS is shared upstream, but their relationships are not the supplier's: not counted.
    expect(k.nps.metrics).toEqual([]);
    expect(k.nps.segments.every((s) => s.figures.every((f) => f.nps === null && f.entries.length === 0))).toBe(true);
    // The company shares its own organisation-level NPS upstream: that one the supplier may see.
    expect(k.nps.organisations.map((o) => o.name)).toEqual([COMPANY]);
    expect(k.equity.segments.every((s) => s.figure.equity === null && s.figure.entries.every((e) => e.relationshipId === hosting))).toBe(true);
  });

  it("an end customer sees its relationship's lifecycle but none of the company's unshared measurements", async () => {
    const k = await kpisOf(END_CUSTOMER, "to=2026-Q3&by=position");
    expect(k.relationships.map((r) => r.id)).toEqual([await relId(COMPANY, "Rautapiste Kaupat Oy")]);
    expect(counts(k, "end_customer")).toEqual(QUARTERS.map(() => [1, 1]));
    expect(k.nps.metrics).toEqual([]);
    expect(k.nps.organisations).toEqual([]);
    expect(k.equity.marginMetrics).toEqual([]);
    expect(k.equity.retentionMetrics).toEqual([]);
  });

  it("the project lead and the administrator see the whole chain, with the same figures as the company's staff", async () => {
    const staff = await kpisOf(STAFF, "to=2026-Q3&by=position");
    for (const email of [LEAD, ADMIN]) {
      const k = await kpisOf(email, "to=2026-Q3&by=position");
      expect(k.retention).toEqual(staff.retention);
    }
  });

  it("a chain the user may not open is a 404; another organisation's chain never shows its figures", async () => {
    // A second chain around the hosting provider, whose only relationship supplier B is no party to.
    const orgId = (name: string) => organisationIdNamed(name);
    const chain = await insertChain({ name: "Pilven oma ketju", focalOrganisationId: await orgId("Kalevan Pilvipalvelut Oyj") });
    const rel = await insertRelationship({
      chainId: chain,
      providerId: await orgId("Kalevan Pilvipalvelut Oyj"),
      customerId: await orgId("Maksuvirta Oyj"),
      serviceName: "Varmuuskopiot",
      startDate: "2024-01-01",
      lifecycleStage: "active",
      diversity: "uniform",
      criticality: "low",
    });
    await insertLifecycleEvent({ relationshipId: rel, toStage: "active", changedOn: "2024-01-01", reasonCategory: "why_started", note: "Testi" });
    try {
      expect((await view(SUPPLIER_B, `chain=${chain}`)).status).toBe(404);
      expect((await view(STAFF, `chain=${chain}`)).status).toBe(404);
      expect((await view(STAFF, "chain=999999")).status).toBe(404);
      expect((await view(STAFF, "chain=99999999999999999999")).status).toBe(404);
      const own = await kpisOf(SUPPLIER_A, `to=2026-Q3&chain=${chain}`);
      expect(own.relationships.map((r) => r.id)).toEqual([rel]);
      const staff = await kpisOf(STAFF, "to=2026-Q3");
      expect(staff.relationships.map((r) => r.id)).not.toContain(rel);
    } finally {
      await sqlite.prepare("delete from relationships where id = ?").run(rel);
      await sqlite.prepare("delete from chains where id = ?").run(chain);
    }
  });

  it.each([
    ["to=2026-Q9", "to", "kpiData.error.quarter"],
    ["to=2099-Q1", "to", "kpiData.error.quarterFuture"],
    [`to=${encodeURIComponent("2026-Q3' or 1=1 --")}`, "to", "kpiData.error.quarter"],
    ["by=colour", "by", "kpiData.error.dimension"],
    ["chain=abc", "chain", "kpiData.error.chain"],
    ["discount=0", "discount", "kpiData.error.discount"],
    ["discount=lots", "discount", "metrics.error.value"],
    ["acquisition=-5", "acquisition", "kpi.error.nonNegative"],
    ["acquisition=1e400", "acquisition", "metrics.error.value"],
  ])("a bad view (%s) is a 400 naming the field, with no figures", async (query, field, message) => {
    const { status, body } = await view(STAFF, query);
    expect(status).toBe(400);
    expect(body.kpis).toBeNull();
    expect(body.viewResult?.error?.[field]).toEqual([message]);
  });
});
