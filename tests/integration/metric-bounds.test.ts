import { TEST_AS_OF, prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { effectiveBounds, valueProblem } from "~/domain/measurement-rules";
import { createApiToken } from "~/models/api-token.server";
import { previewImport } from "~/models/measurement-import.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import * as login from "~/routes/_auth+/login";
import * as recordPage from "~/routes/_app+/metrics+/record";
import * as gridPage from "~/routes/_app+/relationships+/$relationshipId.metrics";
import * as cataloguePage from "~/routes/_app+/metrics+/catalogue._index";
import * as measurementsApi from "~/routes/api+/v1.measurements";
import { BASE, cookieFrom, post, run } from "../support/remix";
import { demo } from "../support/demo-accounts";
import { relationshipIdBetween, userIdOf } from "../support/factories";

/**
 * A metric's bounds and the month range hold on every path that writes a
 * measurement: the single-value form, the grid, the import and the API.
 * Each refusal names the field, the cell or the row, and writes nothing.
 */
let sqlite: TestSql;
let company: ActingUser;
let companyId: number;
let hostingId: number;
let hostingRel: number;
let kuntoRel: number;
let cookie: string;
let token: string;
const metric: Record<string, number> = {};

async function fingerprint(): Promise<string> {
  const parts = await Promise.all(
    ["measurements", "measurement_history", "metric_imports"].map(async (t) => JSON.stringify(await sqlite.prepare(`select * from ${t} order by id`).all())),
  );
  return createHash("sha256").update(parts.join("|")).digest("hex");
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  const userId = (email: string) => userIdOf(email);
  company = (await getActingUser(await userId(demo.companyStaff.email)))!;
  companyId = company.memberships[0].organisationId;
  hostingId = (await getActingUser(await userId(demo.supplierAAdmin.email)))!.memberships[0].organisationId;
  const relOf = (p: number, c: number) => relationshipIdBetween(p, c);
  hostingRel = await relOf(hostingId, companyId);
  kuntoRel = await relOf(companyId, (await getActingUser(await userId("tiina.rantanen@kuntovoima.example")))!.memberships[0].organisationId);
  for (const r of (await sqlite.prepare("select id, key from metric_definitions").all()) as Array<{ id: number; key: string }>) metric[r.key] = r.id;
  const res = (await run(login.action, post("/login", { email: demo.companyStaff.email, password: DEMO_PASSWORD }), {}, { clientIp: "10.8.0.1" })) as Response;
  cookie = cookieFrom(res);
  const admin = (await getActingUser(await userId("johanna.laine@verkkokauppa.example")))!;
  token = (await createApiToken(admin, companyId, "bounds")).token;
});

const recordForm = async (fields: Record<string, string>) =>
  (await run(recordPage.action, post("/metrics/record", fields, cookie))) as Promise<{
    data: { result: { error: Record<string, string[]> } };
    init: { status: number };
  }>;
const grid = async (rel: number, cells: Record<string, string>) =>
  (await run(gridPage.action, post(`/relationships/${rel}/metrics`, cells, cookie), { relationshipId: String(rel) })) as Promise<{
    data: { errors: Record<string, string> };
    init: { status: number };
  }>;
const push = async (items: unknown[]) => {
  const res = (await run(
    measurementsApi.action as never,
    new Request(`${BASE}/api/v1/measurements`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ measurements: items }),
    }),
  )) as Response;
  return { status: res.status, body: (await res.json()) as { fieldErrors?: Record<string, string[]> } };
};

describe("the demo data lies within its metrics' bounds", () => {
  it("every seeded value, availability and ROI included", async () => {
    const rows = (await sqlite
      .prepare(
        "select d.key, d.unit, d.min_value as minValue, d.max_value as maxValue, m.value, m.month from measurements m join metric_definitions d on d.id = m.metric_id",
      )
      .all()) as Array<{ key: string; unit: string; minValue: number | null; maxValue: number | null; value: number; month: string }>;
    expect(rows.length).toBeGreaterThan(1000);
    const outside = rows.filter((r) => valueProblem(r.value, effectiveBounds(r)) !== null).map((r) => `${r.key} ${r.month} ${r.value}`);
    expect(outside).toEqual([]);
    const availability = rows.filter((r) => r.key === "availability").map((r) => r.value);
    expect(Math.max(...availability)).toBeLessThanOrEqual(100);
    // ROI is a percentage that runs past 100: its definition says so.
    expect(Math.max(...rows.filter((r) => r.key === "roi").map((r) => r.value))).toBeGreaterThan(100);
  });
});

describe("a value outside the metric's bounds is refused on every path", () => {
  it("the single-value form: on the value field, naming the range", async () => {
    const before = await fingerprint();
    const res = await recordForm({ relationship: String(hostingRel), metric: String(metric.on_time_delivery), month: "2026-03", value: "100,5" });
    expect(res.init.status).toBe(400);
    expect(res.data.result.error).toEqual({ value: ["metrics.error.between?min=0&max=100"] });
    expect(await fingerprint()).toBe(before);
  });

  it("the grid: on the cell, and none of the batch is written", async () => {
    const before = await fingerprint();
    const bad = `cell:${metric.availability}:2026-03`;
    const good = `cell:${metric.quality_incidents}:2026-03`;
    const negative = `cell:${metric.quality_incidents}:2026-04`;
    const res = await grid(kuntoRel, { [good]: "2", [bad]: "100.01", [negative]: "-1" });
    expect(res.init.status).toBe(400);
    expect(res.data.errors).toEqual({ [bad]: "metrics.error.between?min=0&max=100", [negative]: "metrics.error.atLeast?min=0" });
    expect(await fingerprint()).toBe(before);
  });

  it("the import: on the row and the value column, naming the bound", async () => {
    const before = await fingerprint();
    const file = `metric,relationship,month,value\non_time_delivery,${kuntoRel},2026-03,99\nnps,${kuntoRel},2026-03,101\ncustomer_satisfaction,${kuntoRel},2026-03,0.5\n`;
    const shown = await previewImport(company, companyId, { name: "bounds.csv", bytes: new TextEncoder().encode(file) }, TEST_AS_OF);
    expect(shown.issues).toEqual([
      { row: 3, column: "value", code: "aboveMax", params: { value: 101, max: 100 } },
      { row: 4, column: "value", code: "belowMin", params: { value: 0.5, min: 1 } },
    ]);
    expect(shown.stagedId).toBeNull();
    expect(await fingerprint()).toBe(before);
  });

  it("the API: a 400 naming the item's value", async () => {
    const before = await fingerprint();
    const res = await push([
      { metric: "retention", relationshipId: kuntoRel, month: "2026-03", value: 50 },
      { metric: "retention", relationshipId: kuntoRel, month: "2026-04", value: 120 },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.fieldErrors).toEqual({ "measurements.1.value": ["The value must be from 0 to 100"] });
    expect(await fingerprint()).toBe(before);
  });

  it("a definition's own bounds replace the percentage default (ROI may exceed 100)", async () => {
    const res = await push([{ metric: "roi", relationshipId: kuntoRel, month: "2026-03", value: 130 }]);
    expect(res.status).toBe(200);
    const refused = await push([{ metric: "roi", relationshipId: kuntoRel, month: "2026-03", value: 1000.5 }]);
    expect(refused.body.fieldErrors).toEqual({ "measurements.0.value": ["The value must be from -100 to 1000"] });
  });
});

describe("one month range on every path", () => {
  it("the grid refuses 0000-01 on its cell (it used to store it)", async () => {
    const before = await fingerprint();
    const field = `cell:${metric.quality_incidents}:0000-01`;
    const res = await grid(kuntoRel, { [field]: "1" });
    expect(res.init.status).toBe(400);
    expect(res.data.errors).toEqual({ [field]: "metrics.error.month" });
    expect(await sqlite.prepare("select count(*) as n from measurements where month < '2000-01'").get()).toEqual({ n: 0 });
    expect(await fingerprint()).toBe(before);
  });

  it("the form, the import and the API refuse it too", async () => {
    const before = await fingerprint();
    const form = await recordForm({ relationship: String(kuntoRel), metric: String(metric.quality_incidents), month: "0000-01", value: "1" });
    expect(form.data.result.error).toEqual({ month: ["metrics.error.month"] });
    const shown = await previewImport(
      company,
      companyId,
      { name: "old.csv", bytes: new TextEncoder().encode(`metric,relationship,month,value\nquality_incidents,${kuntoRel},0000-01,1\n`) },
      TEST_AS_OF,
    );
    expect(shown.issues).toEqual([{ row: 2, column: "month", code: "monthRange", params: { value: "0000-01", from: "2000-01", to: "2026-11" } }]);
    const api = await push([{ metric: "quality_incidents", relationshipId: kuntoRel, month: "0000-01", value: 1 }]);
    expect(api.status).toBe(400);
    expect(api.body.fieldErrors?.["measurements.0.month"]).toEqual([expect.stringMatching(/^The month must be from 2000-01 to \d{4}-\d{2}$/)]);
    expect(await fingerprint()).toBe(before);
  });

  it("a grid field naming no metric (cell:0:…) is a 400 on that field, not a 500", async () => {
    const before = await fingerprint();
    const res = await grid(kuntoRel, { "cell:0:2026-01": "5", [`cell:${metric.quality_incidents}:2026-01`]: "1" });
    expect(res.init.status).toBe(400);
    expect(res.data.errors).toEqual({ "cell:0:2026-01": "metrics.error.metric" });
    const junk = await grid(kuntoRel, { "cell:abc:2026-13": "5" });
    expect(junk.init.status).toBe(400);
    expect(await fingerprint()).toBe(before);
  });
});

describe("defining bounds", () => {
  const fields = {
    owner: "",
    nameFi: "Mittari",
    nameEn: "Metric",
    unit: "count",
    direction: "higher_better",
    aggregation: "sum",
    target: "",
    category: "delivery",
    factor: "",
  };
  it("refuses a highest value below the lowest, and a target outside them, on their fields", async () => {
    fields.owner = String(companyId);
    const crossed = (await run(
      cataloguePage.action,
      post("/metrics/catalogue", { ...fields, key: "crossed_bounds", minValue: "10", maxValue: "5" }, cookie),
    )) as { data: { error: Record<string, string[]> } };
    expect(crossed.data.error).toEqual({ maxValue: ["metrics.validation.minAboveMax"] });
    const target = (await run(cataloguePage.action, post("/metrics/catalogue", { ...fields, key: "target_outside", unit: "%", target: "120" }, cookie))) as {
      data: { error: Record<string, string[]> };
    };
    expect(target.data.error).toEqual({ target: ["metrics.validation.targetOutside"] });
  });

  it("stores them, and every path then keeps to them", async () => {
    const ok = (await run(
      cataloguePage.action,
      post("/metrics/catalogue", { ...fields, key: "pallets_per_day", minValue: "0", maxValue: "40,5" }, cookie),
    )) as Response;
    expect(ok.status).toBe(302);
    expect(await sqlite.prepare("select min_value as min, max_value as max from metric_definitions where key = 'pallets_per_day'").get()).toEqual({
      min: 0,
      max: 40.5,
    });
    const id = ((await sqlite.prepare("select id from metric_definitions where key = 'pallets_per_day'").get()) as { id: number }).id;
    const res = await grid(kuntoRel, { [`cell:${id}:2026-02`]: "41" });
    expect(res.data.errors).toEqual({ [`cell:${id}:2026-02`]: "metrics.error.between?min=0&max=40.5" });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("s");
    sheet.addRow(["metric", "relationship", "month", "value"]);
    sheet.addRow(["pallets_per_day", kuntoRel, "2026-02", 40.5]);
    sheet.addRow(["pallets_per_day", kuntoRel, "2026-03", -2]);
    const shown = await previewImport(
      company,
      companyId,
      { name: "p.xlsx", bytes: new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer) },
      TEST_AS_OF,
    );
    expect(shown.issues).toEqual([{ row: 3, column: "value", code: "belowMin", params: { value: -2, min: 0 } }]);
  });
});
