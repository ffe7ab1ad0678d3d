import { TEST_AS_OF, prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_PAGE_SIZE, metricsDashboard } from "~/models/measurement-dashboard.server";
import { commitImport, previewImport } from "~/models/measurement-import.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import * as dashboardPage from "~/routes/_app+/metrics+/_index";
import * as exportCsv from "~/routes/_app+/metrics+/export[.]csv";
import * as template from "~/routes/_app+/metrics+/import_.template";
import { get, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { insertMeasurement, organisationIdOf, userIdOf } from "../support/factories";

let sqlite: TestSql;
let company: ActingUser;
let companyId: number;

type DashboardData = Awaited<ReturnType<typeof dashboardPage.loader>>;
const dashboard = async (email: string, query = "") =>
  (await run(dashboardPage.loader, get(`/metrics${query}`, await signInAs(email, { locale: "en" })))) as DashboardData;

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  const userId = (email: string) => userIdOf(email);
  company = (await getActingUser(await userId(demo.companyStaff.email)))!;
  companyId = company.memberships[0].organisationId;
});

describe("the administrator's dashboard", () => {
  it("is titled for what it shows and drawn a page of series at a time, the page in the URL", async () => {
    const all = await metricsDashboard((await getActingUser(await userIdOf(demo.admin.email)))!, { scope: "shared", months: 12 });
    expect(all.total).toBeGreaterThan(DASHBOARD_PAGE_SIZE * 4);
    const first = await dashboard(demo.admin.email);
    expect(first.title).toBe("Metrics of every organisation · Service chain portal");
    expect(first.texts.heading).toBe("metrics.heading.all");
    expect(first.series).toHaveLength(DASHBOARD_PAGE_SIZE);
    expect(first.total).toBe(all.total);
    expect(first.pageCount).toBe(Math.ceil(all.total / DASHBOARD_PAGE_SIZE));
    const last = await dashboard(demo.admin.email, `?page=${first.pageCount}`);
    expect(last.page).toBe(first.pageCount);
    expect(last.series.length).toBe(all.total - (first.pageCount - 1) * DASHBOARD_PAGE_SIZE);
    expect(last.series.map((s) => s.key)).toEqual(all.series.slice(-last.series.length).map((s) => s.key));
    // A page past the end shows the last one; nonsense shows the first.
    expect((await dashboard(demo.admin.email, "?page=9999")).page).toBe(first.pageCount);
    expect((await dashboard(demo.admin.email, "?page=abc")).page).toBe(1);
  });

  it("sends each series card only what it shows, the metric named in the reader's language", async () => {
    const data = await dashboard(demo.companyStaff.email);
    expect(data.series.length).toBeGreaterThan(0);
    for (const s of data.series) {
      expect(Object.keys(s).sort()).toEqual(["change", "key", "latest", "metric", "points", "recordedByName", "relationship", "status", "subjectName"]);
      expect(Object.keys(s.metric).sort()).toEqual(["bounds", "direction", "name", "target", "unit"]);
      if (s.relationship) expect(Object.keys(s.relationship).sort()).toEqual(["customerName", "providerName", "serviceName"]);
    }
    const model = await metricsDashboard(company, { scope: "shared", months: 12, page: 1 });
    expect(data.series.map((s) => s.metric.name)).toEqual(model.series.map((s) => s.metric.nameEn));
  });

  it("a member's dashboard is titled by scope", async () => {
    expect((await dashboard(demo.companyStaff.email)).title).toBe("Metrics shared with your organisation · Service chain portal");
    expect((await dashboard(demo.companyStaff.email, "?scope=own")).title).toBe("Metrics your organisation recorded · Service chain portal");
  });

  it("says that only completed months are shown, and which month is left out", async () => {
    const data = await dashboard(demo.companyStaff.email);
    expect(data.to < data.currentMonth).toBe(true);
    expect(data.currentMonth).toBe(new Date().toISOString().slice(0, 7));
  });
});

describe("the metrics CSV export goes through the export module", () => {
  it("neutralises metric names and units that a spreadsheet would run as formulas", async () => {
    const id = (await sqlite
      .prepare(
        "insert into metric_definitions (key, owner_organisation_id, name_fi, name_en, unit, direction, aggregation, category) values ('formula_probe', ?, '=HYPERLINK(\"http://evil.example\",\"x\")', '@SUM(1+1)', '+cmd', 'higher_better', 'mean', 'delivery') returning id",
      )
      .get(companyId)) as { id: number };
    const rel = ((await sqlite.prepare("select id from relationships where provider_id = ? order by id").get(companyId)) as { id: number }).id;
    await insertMeasurement({ metricId: id.id, relationshipId: rel, month: "2026-10", value: -5, recordedByOrganisationId: companyId, source: "seed" });
    for (const lang of ["fi", "en"] as const) {
      const res = (await run(
        exportCsv.loader,
        get("/metrics/export.csv?scope=own&months=12", await signInAs(demo.companyStaff.email, { locale: lang })),
      )) as Response;
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="metrics-own-\d{4}-\d{2}\.csv"/);
      const text = await res.text();
      const line = text.split("\r\n").find((l) => l.startsWith("formula_probe"))!;
      expect(line).toBeDefined();
      expect(line).toContain(lang === "fi" ? `"'=HYPERLINK(""http://evil.example"",""x"")"` : `'@SUM(1+1)`);
      expect(line).toContain("'+cmd");
      // The value stays a number.
      expect(line.split(lang === "fi" ? ";" : ",")[3]).toBe("-5");
      for (const cell of line.split(lang === "fi" ? ";" : ",")) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+@\t\r]/);
    }
  });
});

describe("the import template", () => {
  it("lists the organisation's relationships with both parties' business IDs and its metric keys, and imports once filled", async () => {
    const res = (await run(
      template.loader,
      get(`/metrics/import/template?organisation=${companyId}&format=csv`, await signInAs(demo.companyStaff.email, { locale: "fi" })),
    )) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "mittari;mittarin_nimi;yksikkö;sallitut_arvot;suhde;toimittajan_nimi;toimittajan_y_tunnus;asiakkaan_nimi;asiakkaan_y_tunnus;palvelu;kuukausi;arvo",
    );
    const rows = lines.slice(1).map((l) => l.split(";"));
    const relationshipCount = (
      (await sqlite.prepare("select count(*) as n from relationships where ? in (provider_id, customer_id)").get(companyId)) as { n: number }
    ).n;
    const metricCount = (
      (await sqlite
        .prepare("select count(*) as n from metric_definitions where owner_organisation_id is null or owner_organisation_id = ?")
        .get(companyId)) as {
        n: number;
      }
    ).n;
    expect(rows).toHaveLength(relationshipCount * metricCount);
    const keys = new Set(
      (
        (await sqlite.prepare("select key from metric_definitions where owner_organisation_id is null or owner_organisation_id = ?").all(companyId)) as Array<{
          key: string;
        }>
      ).map((k) => k.key),
    );
    expect(new Set(rows.map((r) => r[0]))).toEqual(keys);
    expect(rows.every((r) => /^\d{7}-\d$/.test(r[6]) && /^\d{7}-\d$/.test(r[8]) && r[11] === "")).toBe(true);
    expect(rows.find((r) => r[0] === "on_time_delivery")![3]).toBe("0 – 100");

    // Filled in for one line, with the relationship column removed: the business IDs find the relationship; blank lines are skipped.
    const header = lines[0].split(";");
    const without = (r: string[]) => r.filter((_, i) => header[i] !== "suhde").join(";");
    const target = rows.find((r) => r[0] === "quality_incidents")!;
    const filled = [without(header), ...rows.map((r) => without(r === target ? [...r.slice(0, 11), "3"] : r))].join("\r\n");
    const shown = await previewImport(company, companyId, { name: "template.csv", bytes: new TextEncoder().encode(filled) }, TEST_AS_OF);
    expect(shown.issues).toEqual([]);
    expect(shown.counts.insert + shown.counts.update + shown.counts.unchanged).toBe(1);
    expect(shown.skipped).toBe(rows.length - 1);
    expect(shown.sample).toEqual([expect.objectContaining({ relationshipId: Number(target[4]), value: 3 })]);
    expect(await commitImport(company, companyId, shown.stagedId!, { asOf: TEST_AS_OF })).toMatchObject({ ok: true });
  });

  it("an untouched template imports nothing, and says why", async () => {
    const res = (await run(
      template.loader,
      get(`/metrics/import/template?organisation=${companyId}&format=xlsx`, await signInAs(demo.companyStaff.email, { locale: "en" })),
    )) as Response;
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    expect(workbook.worksheets[0].getRow(1).values).toContain("provider_business_id");
    const shown = await previewImport(company, companyId, { name: "template.xlsx", bytes }, TEST_AS_OF);
    expect(shown.issues).toEqual([{ row: null, column: null, code: "noValues" }]);
  });

  it("is refused for an organisation the user does not import for", async () => {
    const hosting = await organisationIdOf(demo.supplierAAdmin.email);
    const res = (await run(
      template.loader,
      get(`/metrics/import/template?organisation=${hosting}&format=csv`, await signInAs(demo.companyStaff.email, { locale: "en" })),
    )) as Response;
    expect(res.status).toBe(403);
    const bad = (await run(
      template.loader,
      get(`/metrics/import/template?organisation=${companyId}&format=pdf`, await signInAs(demo.companyStaff.email, { locale: "en" })),
    )) as Response;
    expect(bad.status).toBe(400);
  });
});
