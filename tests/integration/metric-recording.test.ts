import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { beforeAll, describe, expect, it } from "vitest";
import * as recordPage from "~/routes/_app+/metrics+/record";
import * as gridPage from "~/routes/_app+/relationships+/$relationshipId.metrics";
import * as cataloguePage from "~/routes/_app+/metrics+/catalogue._index";
import * as editMetricPage from "~/routes/_app+/metrics+/catalogue.$metricId";
import { get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { organisationIdOf, relationshipIdBetween } from "../support/factories";

let sqlite: TestSql;
let hostingRel: number;
let startupRel: number;
let companyId: number;
let hostingId: number;
const metric: Record<string, number> = {};

const COMPANY_STAFF = demo.companyStaff.email;
const PROJECT_LEAD = demo.projectLead.email;
const SUPPLIER_A = demo.supplierAAdmin.email;
const SUPPLIER_B = demo.supplierBStaff.email;
const ADMIN = demo.admin.email;

type Row = { id: number; value: number; recorded_by_organisation_id: number; source: string };
async function stored(metricId: number, relationshipId: number, month: string): Promise<Row[]> {
  return (await sqlite
    .prepare("select id, value, recorded_by_organisation_id, source from measurements where metric_id = ? and relationship_id = ? and month = ?")
    .all(metricId, relationshipId, month)) as Row[];
}
function historyOf(measurementId: number) {
  return sqlite
    .prepare("select previous_value as previous, new_value as next, source from measurement_history where measurement_id = ? order by id")
    .all(measurementId);
}
async function count(table: string): Promise<number> {
  return ((await sqlite.prepare(`select count(*) as n from ${table}`).get()) as { n: number }).n;
}

async function postGrid(email: string, relationshipId: number, cells: Record<string, string>) {
  return run(gridPage.action, post(`/relationships/${relationshipId}/metrics`, cells, await signInAs(email)), { relationshipId: String(relationshipId) });
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  const orgOf = (email: string) => organisationIdOf(email);
  companyId = await orgOf(COMPANY_STAFF);
  hostingId = await orgOf(SUPPLIER_A);
  hostingRel = await relationshipIdBetween(hostingId, companyId);
  startupRel = await relationshipIdBetween(await orgOf(SUPPLIER_B), companyId);
  for (const r of (await sqlite.prepare("select id, key from metric_definitions where owner_organisation_id is null").all()) as Array<{
    id: number;
    key: string;
  }>)
    metric[r.key] = r.id;
});

describe("the grid", () => {
  it("records a new value, then a re-entry updates it and keeps the old value in the history", async () => {
    const field = `cell:${metric.on_time_delivery}:2024-05`;
    await signInAs(COMPANY_STAFF); // logging in is audited too; do it first
    const audits = await count("audit_log");
    const first = (await postGrid(COMPANY_STAFF, hostingRel, { [field]: "96,5" })) as { ok: boolean; counts: { inserted: number } };
    expect(first.ok).toBe(true);
    expect(first.counts.inserted).toBe(1);
    let rows = await stored(metric.on_time_delivery, hostingRel, "2024-05");
    expect(rows).toEqual([{ id: rows[0].id, value: 96.5, recorded_by_organisation_id: companyId, source: "form" }]);

    const second = (await postGrid(COMPANY_STAFF, hostingRel, { [field]: "97.25" })) as { ok: boolean; counts: { updated: number } };
    expect(second.counts.updated).toBe(1);
    rows = await stored(metric.on_time_delivery, hostingRel, "2024-05");
    expect(rows.map((r) => r.value)).toEqual([97.25]);
    expect(await historyOf(rows[0].id)).toEqual([{ previous: 96.5, next: 97.25, source: "form" }]);
    expect(await count("audit_log")).toBe(audits + 2);
    const last = (await sqlite.prepare("select action, entity_type, entity_id, after from audit_log order by id desc limit 1").get()) as {
      action: string;
      entity_type: string;
      entity_id: string;
      after: string;
    };
    expect(last).toMatchObject({ action: "measurements.record", entity_type: "relationship", entity_id: String(hostingRel) });
    expect(JSON.parse(last.after)).toMatchObject({ inserted: 0, updated: 1, changes: [{ month: "2024-05", previous: 96.5, value: 97.25 }] });

    // The same value again changes nothing: no history, no audit entry.
    const third = (await postGrid(COMPANY_STAFF, hostingRel, { [field]: "97,25" })) as { ok: boolean; counts: { unchanged: number } };
    expect(third.counts.unchanged).toBe(1);
    expect(await historyOf(rows[0].id)).toHaveLength(1);
    expect(await count("audit_log")).toBe(audits + 2);
  });

  it("writes nothing when any cell is bad, and names the bad cell", async () => {
    const good = `cell:${metric.quality_incidents}:2024-06`;
    const bad = `cell:${metric.on_time_delivery}:2024-06`;
    const before = await count("measurements");
    const result = (await postGrid(COMPANY_STAFF, hostingRel, { [good]: "3", [bad]: "lots" })) as {
      data: { errors: Record<string, string>; typed: Record<string, string> };
      init: { status: number };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.errors).toEqual({ [bad]: "metrics.error.value" });
    expect(result.data.typed[bad]).toBe("lots");
    expect(await count("measurements")).toBe(before);
  });

  it("refuses to overwrite a value the other party recorded, and writes none of the batch", async () => {
    // The supplier records availability of its own service on the relationship (seed).
    const month = (
      (await sqlite
        .prepare("select max(month) as m from measurements where relationship_id = ? and metric_id = ? and recorded_by_organisation_id = ?")
        .get(hostingRel, metric.availability, hostingId)) as { m: string }
    ).m;
    const theirs = `cell:${metric.availability}:${month}`;
    const mine = `cell:${metric.quality_incidents}:2024-07`;
    const before = await stored(metric.availability, hostingRel, month);
    const result = (await postGrid(COMPANY_STAFF, hostingRel, { [theirs]: "12", [mine]: "1" })) as {
      data: { errors: Record<string, string> };
      init: { status: number };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.errors).toEqual({ [theirs]: "metrics.error.otherParty" });
    expect(await stored(metric.availability, hostingRel, month)).toEqual(before);
    expect(await stored(metric.quality_incidents, hostingRel, "2024-07")).toEqual([]);
  });

  it("refuses a month in the future and a metric the organisation cannot record", async () => {
    const future = `cell:${metric.on_time_delivery}:2099-01`;
    const result = (await postGrid(COMPANY_STAFF, hostingRel, { [future]: "90" })) as { data: { errors: Record<string, string> } };
    expect(result.data.errors).toEqual({ [future]: "metrics.error.month" });
    const ownOfCompany = ((await sqlite.prepare("select id from metric_definitions where owner_organisation_id = ?").get(companyId)) as { id: number }).id;
    const foreign = `cell:${ownOfCompany}:2024-05`;
    const refused = (await postGrid(SUPPLIER_A, hostingRel, { [foreign]: "5" })) as { data: { errors: Record<string, string> } };
    expect(refused.data.errors).toEqual({ [foreign]: "metrics.error.metric" });
  });

  it("answers 404 for a relationship the user's organisation is not party to, and 403 for readers", async () => {
    const field = `cell:${metric.on_time_delivery}:2024-05`;
    expect(((await postGrid(SUPPLIER_B, hostingRel, { [field]: "1" })) as Response).status).toBe(404);
    expect(
      (
        (await run(gridPage.loader, get(`/relationships/${hostingRel}/metrics`, await signInAs(SUPPLIER_B)), {
          relationshipId: String(hostingRel),
        })) as Response
      ).status,
    ).toBe(404);
    expect(((await postGrid(PROJECT_LEAD, hostingRel, { [field]: "1" })) as Response).status).toBe(403);
    expect(((await postGrid(ADMIN, hostingRel, { [field]: "1" })) as Response).status).toBe(403);
    expect(((await postGrid(COMPANY_STAFF, 999999, { [field]: "1" })) as Response).status).toBe(404);
  });

  it("shows the supplier its own values and none of the company's unshared ones", async () => {
    const data = (await run(gridPage.loader, get(`/relationships/${hostingRel}/metrics?to=2026-10`, await signInAs(SUPPLIER_A)), {
      relationshipId: String(hostingRel),
    })) as Awaited<ReturnType<typeof gridPage.loader>>;
    expect(data.grid.recordingOrganisation?.id).toBe(hostingId);
    expect(data.grid.months).toHaveLength(12);
    expect(data.grid.months.at(-1)).toBe("2026-10");
    expect(data.grid.cells.length).toBeGreaterThan(0);
    expect(data.grid.cells.every((c) => c.mine)).toBe(true);
    expect(data.grid.cells.some((c) => c.metricId === metric.on_time_delivery)).toBe(false);
  });
});

describe("the single-value form", () => {
  it("records a value typed the Finnish way", async () => {
    const res = (await run(
      recordPage.action,
      post(
        "/metrics/record",
        { relationship: String(startupRel), metric: String(metric.joint_meetings), month: "3/2024", value: "2,0" },
        await signInAs(COMPANY_STAFF),
      ),
    )) as { saved: { inserted: number } };
    expect(res.saved).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect((await stored(metric.joint_meetings, startupRel, "2024-03")).map((r) => r.value)).toEqual([2]);
  });

  it("puts errors on the field that is wrong", async () => {
    const res = (await run(
      recordPage.action,
      post(
        "/metrics/record",
        { relationship: String(startupRel), metric: String(metric.joint_meetings), month: "13/2024", value: "x" },
        await signInAs(COMPANY_STAFF),
      ),
    )) as { data: { result: { error: Record<string, string[]> } } };
    expect(res.data.result.error).toEqual({ month: ["metrics.error.month"], value: ["metrics.error.value"] });
  });
});

describe("the catalogue", () => {
  it("lets an organisation add its own metric, and only an administrator the shared catalogue", async () => {
    const staff = await signInAs(SUPPLIER_A);
    const fields = {
      key: "uptime_minutes",
      nameFi: "Käyttöminuutit",
      nameEn: "Uptime minutes",
      unit: "count",
      direction: "higher_better",
      aggregation: "sum",
      target: "43 000,5",
      category: "delivery",
      factor: "",
    };
    const refused = (await run(cataloguePage.action, post("/metrics/catalogue", { ...fields, owner: "catalogue" }, staff))) as {
      data: { error: Record<string, string[]> };
    };
    expect(refused.data.error.owner).toEqual(["metrics.validation.owner"]);
    const ok = (await run(cataloguePage.action, post("/metrics/catalogue", { ...fields, owner: String(hostingId) }, staff))) as Response;
    expect(ok.status).toBe(302);
    const row = (await sqlite.prepare("select id, owner_organisation_id as owner, target from metric_definitions where key = 'uptime_minutes'").get()) as {
      id: number;
      owner: number;
      target: number;
    };
    expect(row).toMatchObject({ owner: hostingId, target: 43000.5 });
    // A key already in the catalogue is refused on the key field.
    const clash = (await run(cataloguePage.action, post("/metrics/catalogue", { ...fields, key: "nps", owner: String(hostingId) }, staff))) as {
      data: { error: Record<string, string[]> };
    };
    expect(clash.data.error.key).toEqual(["metrics.validation.keyTaken"]);
    // Another organisation cannot open it; the admin's catalogue edit is theirs alone.
    const other = (await run(editMetricPage.loader, get(`/metrics/catalogue/${row.id}`, await signInAs(SUPPLIER_B)), { metricId: String(row.id) })) as Response;
    expect(other.status).toBe(404);
    const shared = (await run(editMetricPage.loader, get(`/metrics/catalogue/${metric.nps}`, staff), { metricId: String(metric.nps) })) as Response;
    expect(shared.status).toBe(403);
    const adminAdd = (await run(
      cataloguePage.action,
      post("/metrics/catalogue", { ...fields, key: "first_response_time", unit: "h", owner: "catalogue" }, await signInAs(ADMIN)),
    )) as Response;
    expect(adminAdd.status).toBe(302);
    expect(await sqlite.prepare("select owner_organisation_id as owner from metric_definitions where key = 'first_response_time'").get()).toEqual({
      owner: null,
    });
    const audited = (await sqlite.prepare("select count(*) as n from audit_log where action = 'metric.create'").get()) as { n: number };
    expect(audited.n).toBe(2);
  });
});
