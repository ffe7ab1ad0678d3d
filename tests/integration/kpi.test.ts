import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { beforeAll, describe, expect, it } from "vitest";
import * as kpiPage from "~/routes/_app+/metrics+/kpi";
import { get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { organisationIdOf, relationshipIdBetween } from "../support/factories";

let sqlite: TestSql;
let hostingRel: number;
let startupRel: number;
let companyId: number;

const COMPANY_STAFF = demo.companyStaff.email;
const SUPPLIER_B = demo.supplierBStaff.email;

type Figure = { metricKey: string | null; value: number | null; params: Record<string, number>; formula: string };
type ActionOut = {
  calculator: string;
  figures: Figure[] | null;
  stored: { inserted: number; updated: number; unchanged: number } | null;
  result: { error?: Record<string, string[]> };
};
/** Unwraps `data(..., { status })` so the test sees the payload and the status. */
function unwrap(out: unknown): { status: number; body: ActionOut } {
  if (out instanceof Response) return { status: out.status, body: null as never };
  const o = out as { type?: string; data?: ActionOut; init?: { status?: number } };
  if (o && o.type === "DataWithResponseInit") return { status: o.init?.status ?? 200, body: o.data! };
  return { status: 200, body: out as ActionOut };
}
async function submit(email: string, fields: Record<string, string>) {
  return unwrap(await run(kpiPage.action, post("/metrics/kpi", fields, await signInAs(email)), {}, { clientIp: "10.6.0.7" }));
}
const metricId = async (key: string) =>
  ((await sqlite.prepare("select id from metric_definitions where key = ? and owner_organisation_id is null").get(key)) as { id: number }).id;
const stored = async (key: string, rel: number, month: string) =>
  (await sqlite
    .prepare("select id, value, source from measurements where metric_id = ? and relationship_id = ? and month = ?")
    .all(await metricId(key), rel, month)) as Array<{ id: number; value: number; source: string }>;
const count = async (table: string) => ((await sqlite.prepare(`select count(*) as n from ${table}`).get()) as { n: number }).n;

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  const orgOf = (email: string) => organisationIdOf(email);
  companyId = await orgOf(COMPANY_STAFF);
  hostingRel = await relationshipIdBetween(await orgOf(demo.supplierAAdmin.email), companyId);
  startupRel = await relationshipIdBetween(await orgOf(SUPPLIER_B), companyId);
});

describe("KPI calculators", () => {
  it("the page loads the relationships the user may store for", async () => {
    const out = (await run(kpiPage.loader, get("/metrics/kpi", await signInAs(COMPANY_STAFF)))) as { relationships: Array<{ id: number }> };
    expect(out.relationships.map((r) => r.id)).toContain(hostingRel);
  });

  it("calculates NPS from counts with its inputs, writing nothing", async () => {
    const before = await count("measurements");
    const { status, body } = await submit(COMPANY_STAFF, { calculator: "nps", promoters: "50", passives: "30", detractors: "20", intent: "calculate" });
    expect(status).toBe(200);
    expect(body.figures).toEqual([
      {
        metricKey: "nps",
        label: "kpi.nps.result",
        formula: "kpi.nps.formula",
        params: { promoters: 50, passives: 30, detractors: 20, answers: 100 },
        value: 30,
        unit: "points",
      },
    ]);
    expect(body.stored).toBeNull();
    expect(await count("measurements")).toBe(before);
  });

  it("calculates retention and churn, CLV, equity, ROI and CPO", async () => {
    const r = await submit(COMPANY_STAFF, { calculator: "retention", atStart: "200", kept: "180" });
    expect(r.body.figures!.map((f) => [f.metricKey, f.value])).toEqual([
      ["retention", 90],
      ["churn", 10],
    ]);
    const c = await submit(COMPANY_STAFF, { calculator: "clv", margin: "100", retention: "80", discountRate: "10", acquisitionCost: "50" });
    expect(c.body.figures![0].value).toBeCloseTo(80 / 0.3 - 50, 9);
    const e = await submit(COMPANY_STAFF, { calculator: "equity", customers: "3", margin: "100", retention: "80", discountRate: "10", acquisitionCost: "" });
    expect(e.body.figures!.map((f) => f.metricKey)).toEqual([null, null]);
    expect(e.body.figures![1].value).toBeCloseTo(3 * (80 / 0.3), 9);
    const roi = await submit(COMPANY_STAFF, { calculator: "roi", returnEur: "150", investment: "100" });
    expect(roi.body.figures![0].value).toBeCloseTo(50, 9);
    const cpo = await submit(COMPANY_STAFF, { calculator: "cpo", cost: "1 250,50", orders: "500" });
    expect(cpo.body.figures![0].value).toBeCloseTo(2.501, 9);
  });

  it("shows errors on the field at fault", async () => {
    const kept = await submit(COMPANY_STAFF, { calculator: "retention", atStart: "10", kept: "11" });
    expect(kept.status).toBe(400);
    expect(kept.body.result.error?.kept).toEqual(["kpi.error.keptOverStart"]);
    const diverges = await submit(COMPANY_STAFF, { calculator: "clv", margin: "100", retention: "100", discountRate: "0" });
    expect(diverges.status).toBe(400);
    expect(diverges.body.result.error?.retention).toEqual(["kpi.error.clvDiverges"]);
    const store = await submit(COMPANY_STAFF, { calculator: "nps", promoters: "1", passives: "0", detractors: "0", intent: "store" });
    expect(store.status).toBe(400);
    expect(store.body.result.error?.relationship).toEqual(["validation.required"]);
  });

  it("stores NPS as exactly one derived measurement, keeping history on re-entry", async () => {
    const before = await count("measurements");
    const month = "2024-03";
    const existing = await stored("nps", hostingRel, month);
    expect(existing).toEqual([]);
    const first = await submit(COMPANY_STAFF, {
      calculator: "nps",
      promoters: "2",
      passives: "0",
      detractors: "1",
      intent: "store",
      relationship: String(hostingRel),
      month,
    });
    expect(first.status).toBe(200);
    expect(first.body.stored).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await count("measurements")).toBe(before + 1);
    let rows = await stored("nps", hostingRel, month);
    expect(rows.map((r) => [r.value, r.source])).toEqual([[33.33, "form"]]);

    const again = await submit(COMPANY_STAFF, {
      calculator: "nps",
      promoters: "3",
      passives: "1",
      detractors: "0",
      intent: "store",
      relationship: String(hostingRel),
      month,
    });
    expect(again.body.stored).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await count("measurements")).toBe(before + 1);
    rows = await stored("nps", hostingRel, month);
    expect(rows.map((r) => r.value)).toEqual([75]);
    expect(await sqlite.prepare("select previous_value as p, new_value as n from measurement_history where measurement_id = ?").all(rows[0].id)).toEqual([
      { p: 33.33, n: 75 },
    ]);
  });

  it("stores retention and churn together", async () => {
    const out = await submit(COMPANY_STAFF, {
      calculator: "retention",
      atStart: "40",
      kept: "38",
      intent: "store",
      relationship: String(hostingRel),
      month: "2024-04",
    });
    expect(out.body.stored).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect((await stored("retention", hostingRel, "2024-04")).map((r) => r.value)).toEqual([95]);
    expect((await stored("churn", hostingRel, "2024-04")).map((r) => r.value)).toEqual([5]);
  });

  it("a foreign or unknown relationship is 404 and writes nothing", async () => {
    const before = await count("measurements");
    const foreign = await submit(SUPPLIER_B, {
      calculator: "nps",
      promoters: "1",
      passives: "0",
      detractors: "0",
      intent: "store",
      relationship: String(hostingRel),
      month: "2024-03",
    });
    expect(foreign.status).toBe(404);
    const unknown = await submit(COMPANY_STAFF, { calculator: "cpo", cost: "10", orders: "2", intent: "store", relationship: "999999", month: "2024-03" });
    expect(unknown.status).toBe(404);
    expect(await count("measurements")).toBe(before);
    expect(startupRel).toBeGreaterThan(0);
  });
});
