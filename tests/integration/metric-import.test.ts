import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { MAX_IMPORT_BYTES } from "~/domain/measurement-import";
import { commitImport, previewImport } from "~/models/measurement-import.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import * as login from "~/routes/_auth+/login";
import * as importPage from "~/routes/_app+/metrics+/import";
import { BASE, cookieFrom, post, run } from "../support/remix";
import { demo } from "../support/demo-accounts";
import { insertMeasurement, relationshipIdBetween, userIdOf } from "../support/factories";

let sqlite: TestSql;
let company: ActingUser;
let supplierA: ActingUser;
let companyId: number;
let hostingId: number;
let hostingRel: number;
let startupRel: number;
let kuntoRel: number;
let ids: { company: string; hosting: string };
const AS_OF = new Date("2026-11-22T12:00:00Z");

/** Everything an import could touch, as one fingerprint: equal fingerprints mean nothing changed. */
async function fingerprint(): Promise<string> {
  const tables = ["measurements", "measurement_history", "metric_imports", "audit_log"];
  const parts = await Promise.all(tables.map(async (t) => JSON.stringify(await sqlite.prepare(`select * from ${t} order by id`).all())));
  return createHash("sha256").update(parts.join("|")).digest("hex");
}

const enc = (s: string) => new TextEncoder().encode(s);
const BOM = "\uFEFF";

async function preview(text: string | Uint8Array, name = "values.csv", user = company, org = companyId) {
  return previewImport(user, org, { name, bytes: typeof text === "string" ? enc(text) : text }, AS_OF);
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  const userId = (email: string) => userIdOf(email);
  company = (await getActingUser(await userId(demo.companyStaff.email)))!;
  supplierA = (await getActingUser(await userId(demo.supplierAAdmin.email)))!;
  companyId = company.memberships[0].organisationId;
  hostingId = supplierA.memberships[0].organisationId;
  const relOf = (p: number, c: number) => relationshipIdBetween(p, c);
  hostingRel = await relOf(hostingId, companyId);
  startupRel = await relOf((await getActingUser(await userId(demo.supplierBStaff.email)))!.memberships[0].organisationId, companyId);
  kuntoRel = await relOf(companyId, (await getActingUser(await userId("tiina.rantanen@kuntovoima.example")))!.memberships[0].organisationId);
  const bid = async (id: number) => ((await sqlite.prepare("select business_id as b from organisations where id = ?").get(id)) as { b: string }).b;
  ids = { company: await bid(companyId), hosting: await bid(hostingId) };
});

describe("a Finnish Excel-style CSV (; and decimal comma, BOM)", () => {
  const file = () =>
    `${BOM}Mittari;Toimittajan Y-tunnus;Asiakkaan Y-tunnus;Kuukausi;Arvo\r\n` +
    `on_time_delivery;${ids.hosting};${ids.company};1/2024;96,5\r\n` +
    `quality_incidents;${ids.hosting};${ids.company};2024-01;3\r\n` +
    // A space as the thousands separator (resolution time in hours: on-time delivery, a percentage, stops at 100).
    `resolution_time;${ids.hosting};${ids.company};2/2024;"1 00,25"\r\n`;

  it("previews, commits all rows, and logs the import", async () => {
    const shown = await preview(file());
    expect(shown.issues).toEqual([]);
    expect(shown.counts).toEqual({ insert: 3, update: 0, unchanged: 0 });
    expect(shown.stagedId).toMatch(/^[0-9a-f]{32}$/);
    const result = await commitImport(company, companyId, shown.stagedId!, { asOf: AS_OF });
    expect(result).toMatchObject({ ok: true, inserted: 3, updated: 0, unchanged: 0 });
    const rows = await sqlite
      .prepare(
        "select m.month, d.key, m.value, m.source from measurements m join metric_definitions d on d.id = m.metric_id where m.relationship_id = ? and m.month in ('2024-01', '2024-02') order by m.month, d.key",
      )
      .all(hostingRel);
    expect(rows).toEqual([
      { month: "2024-01", key: "on_time_delivery", value: 96.5, source: "import" },
      { month: "2024-01", key: "quality_incidents", value: 3, source: "import" },
      { month: "2024-02", key: "resolution_time", value: 100.25, source: "import" },
    ]);
    const log = await sqlite.prepare("select row_count, inserted_count, updated_count, unchanged_count, file_sha256 from metric_imports").all();
    expect(log).toEqual([
      { row_count: 3, inserted_count: 3, updated_count: 0, unchanged_count: 0, file_sha256: createHash("sha256").update(enc(file())).digest("hex") },
    ]);
  });

  it("re-importing the same file changes nothing at all", async () => {
    const before = await fingerprint();
    const again = await preview(file());
    expect(again.counts).toEqual({ insert: 0, update: 0, unchanged: 3 });
    expect(again.alreadyImportedAt).not.toBeNull();
    const result = await commitImport(company, companyId, again.stagedId!, { asOf: AS_OF });
    expect(result).toMatchObject({ ok: true, importId: null, inserted: 0, updated: 0, unchanged: 3 });
    expect(await fingerprint()).toBe(before);
  });

  it("a changed value updates the row and keeps the old one in the history", async () => {
    const changed = file().replace("96,5", "97,0");
    const shown = await preview(changed);
    expect(shown.counts).toEqual({ insert: 0, update: 1, unchanged: 2 });
    expect(shown.sample.find((r) => r.status === "update")).toMatchObject({ row: 2, previous: 96.5, value: 97 });
    await commitImport(company, companyId, shown.stagedId!, { asOf: AS_OF });
    const history = await sqlite
      .prepare(
        "select h.previous_value as previous, h.new_value as next, h.source from measurement_history h join measurements m on m.id = h.measurement_id where m.relationship_id = ? and m.month = '2024-01'",
      )
      .all(hostingRel);
    expect(history).toEqual([{ previous: 96.5, next: 97, source: "import" }]);
  });
});

describe("bad files write nothing", () => {
  const header = "metric,relationship,month,value\n";
  const good = () => `on_time_delivery,${kuntoRel},2024-03,91.5\n`;
  const cases: Array<[string, () => string | Uint8Array, { row: number | null; column: string | null; code: string }]> = [
    [
      "the wrong delimiter (tabs)",
      () => `metric\trelationship\tmonth\tvalue\non_time_delivery\t${kuntoRel}\t2024-03\t91.5\n`,
      { row: 1, column: null, code: "delimiter" },
    ],
    ["decimal commas in a comma file", () => header + good() + `nps,${kuntoRel},2024-03,35,5\n`, { row: 3, column: null, code: "columnCount" }],
    ["an unknown metric key", () => header + good() + `happiness,${kuntoRel},2024-03,5\n`, { row: 3, column: "metric", code: "unknownMetric" }],
    ["a non-numeric value", () => header + good() + `nps,${kuntoRel},2024-03,high\n`, { row: 3, column: "value", code: "value" }],
    ["duplicate rows", () => header + good() + `on_time_delivery,${kuntoRel},3/2024,92\n`, { row: 3, column: "month", code: "duplicate" }],
    ["a month out of range", () => header + good() + `nps,${kuntoRel},2027-01,35\n`, { row: 3, column: "month", code: "monthRange" }],
    ["month 13", () => header + good() + `nps,${kuntoRel},13/2024,35\n`, { row: 3, column: "month", code: "month" }],
    [
      "a relationship the importer is not party to",
      () => header + good() + `nps,999999,2024-03,35\n`,
      { row: 3, column: "relationship", code: "unknownRelationship" },
    ],
    ["an empty file", () => "", { row: null, column: null, code: "empty" }],
    ["an oversized file", () => new Uint8Array(MAX_IMPORT_BYTES + 10).fill(0x41), { row: null, column: null, code: "tooLarge" }],
  ];

  it.each(cases)("%s", async (_name, make, expected) => {
    const before = await fingerprint();
    const shown = await preview(make());
    expect(shown.issues[0]).toMatchObject(expected);
    expect(shown.stagedId).toBeNull();
    expect(await fingerprint()).toBe(before);
  });

  it("refuses a supplier's file naming a relationship of another supplier, without saying it exists", async () => {
    const before = await fingerprint();
    const shown = await preview(`metric;relationship;month;value\nresolution_time;${startupRel};2024-03;4,5\n`, "a.csv", supplierA, hostingId);
    expect(shown.issues).toEqual([{ row: 2, column: "relationship", code: "unknownRelationship", params: { value: String(startupRel) } }]);
    expect(await fingerprint()).toBe(before);
  });

  it("is all-or-nothing at commit: a conflict that appears after the preview writes none of the rows", async () => {
    const text = header + good() + `quality_incidents,${hostingRel},2024-04,2\n`;
    const shown = await preview(text);
    expect(shown.issues).toEqual([]);
    // Meanwhile the supplier records the same cell of its relationship.
    const incidents = ((await sqlite.prepare("select id from metric_definitions where key = 'quality_incidents'").get()) as { id: number }).id;
    await insertMeasurement({
      metricId: incidents,
      relationshipId: hostingRel,
      month: "2024-04",
      value: 9,
      recordedByOrganisationId: hostingId,
      source: "form",
    });
    const before = await fingerprint();
    const result = await commitImport(company, companyId, shown.stagedId!, { asOf: AS_OF });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { "": ["import.invalidTitle"] },
      issues: [{ row: 3, column: "value", code: "otherParty" }],
    });
    expect(await fingerprint()).toBe(before);
  });

  it("refuses a staged file of another user", async () => {
    const shown = await preview(header + good());
    const result = await commitImport((await getActingUser(await userIdOf("johanna.laine@verkkokauppa.example")))!, companyId, shown.stagedId!);
    expect(result).toEqual({ ok: false, status: 400, fieldErrors: { "": ["import.expired"] } });
  });

  it("keeps the staged file in the database until its commit, which removes it", async () => {
    const shown = await preview(header + good());
    const staged = async () =>
      (await sqlite.prepare("select organisation_id as org, length(bytes) as size from staged_imports where id = ?").get(shown.stagedId)) as
        { org: number; size: number } | undefined;
    expect(await staged()).toEqual({ org: companyId, size: Buffer.byteLength(header + good()) });
    const result = await commitImport(company, companyId, shown.stagedId!, { asOf: AS_OF });
    expect(result.ok).toBe(true);
    expect(await staged()).toBeUndefined();
  });

  it("refuses an expired staged file, and the next preview purges it", async () => {
    const shown = await preview(header + good());
    await sqlite.prepare("update staged_imports set expires_at = '2000-01-01T00:00:00.000Z' where id = ?").run(shown.stagedId);
    const before = await fingerprint();
    expect(await commitImport(company, companyId, shown.stagedId!, { asOf: AS_OF })).toEqual({
      ok: false,
      status: 400,
      fieldErrors: { "": ["import.expired"] },
    });
    expect(await fingerprint()).toBe(before);
    await preview(header + good());
    expect(await sqlite.prepare("select count(*) as n from staged_imports where id = ?").get(shown.stagedId)).toEqual({ n: 0 });
  });
});

describe("Excel workbooks", () => {
  it("imports date cells, serials and numbers from an .xlsx", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Mittaukset");
    sheet.addRow(["metric", "relationship", "month", "value"]);
    sheet.addRow(["nps", kuntoRel, new Date(Date.UTC(2024, 4, 1)), 41]);
    sheet.addRow(["nps", kuntoRel, 45474, "38,5"]); // 45474 = 2024-07-01 as an Excel serial
    sheet.getCell("C2").numFmt = "mm/yyyy";
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const shown = await preview(bytes, "values.xlsx");
    expect(shown.issues).toEqual([]);
    expect(shown.sample.map((r) => [r.row, r.month, r.value])).toEqual([
      [2, "2024-05", 41],
      [3, "2024-07", 38.5],
    ]);
    const result = await commitImport(company, companyId, shown.stagedId!, { asOf: AS_OF });
    expect(result).toMatchObject({ ok: true, inserted: 2 });
  });

  it("reports a file that only pretends to be a workbook", async () => {
    const shown = await preview(enc("PK\u0003\u0004 not really a zip"), "fake.xlsx");
    expect(shown.issues).toEqual([{ row: null, column: null, code: "unreadable" }]);
  });
});

describe("the import page", () => {
  let cookie: string;
  beforeAll(async () => {
    const res = (await run(
      login.action,
      post("/login", { email: demo.companyStaff.email, password: DEMO_PASSWORD }),
      {},
      { clientIp: "10.7.0.1" },
    )) as Response;
    cookie = cookieFrom(res);
  });

  function upload(content: BlobPart, name: string): Request {
    const form = new FormData();
    form.set("organisation", String(companyId));
    form.set("file", new File([content], name));
    return new Request(`${BASE}/metrics/import`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: BASE } });
  }

  it("uploads, previews and commits a file without JavaScript", async () => {
    const text = `metric;relationship;month;value\nnps;${kuntoRel};2024-08;12,5\n`;
    const previewed = (await run(importPage.action, upload(text, "page.csv"))) as { data: { kind: string; preview: { stagedId: string; counts: object } } };
    expect(previewed.data.kind).toBe("preview");
    expect(previewed.data.preview.counts).toEqual({ insert: 1, update: 0, unchanged: 0 });
    const committed = (await run(
      importPage.action,
      post("/metrics/import", { intent: "commit", organisation: String(companyId), stagedId: previewed.data.preview.stagedId }, cookie),
    )) as { data: { kind: string; result: { ok: boolean; inserted: number } } };
    expect(committed.data.result).toMatchObject({ ok: true, inserted: 1 });
  });

  it("answers an oversized upload with the limit, in a 413", async () => {
    const before = await fingerprint();
    const res = (await run(importPage.action, upload(new Uint8Array(MAX_IMPORT_BYTES + 1024), "big.csv"))) as {
      data: { kind: string; issue: { code: string; params: { limitMb: number } } };
      init: { status: number };
    };
    expect(res.init.status).toBe(413);
    expect(res.data.issue).toMatchObject({ code: "tooLarge", params: { limitMb: 8 } });
    expect(await fingerprint()).toBe(before);
  });

  it("refuses to import for an organisation the user does not write for", async () => {
    const form = new FormData();
    form.set("organisation", String(hostingId));
    form.set("file", new File(["metric,relationship,month,value\n"], "x.csv"));
    const res = (await run(
      importPage.action,
      new Request(`${BASE}/metrics/import`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: BASE } }),
    )) as Response;
    expect(res.status).toBe(403);
  });
});
