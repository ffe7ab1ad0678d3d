/**
 * The scoring model editor against the demo database: who may use it, drafts,
 * publishing (and that a published version never changes, in the model layer
 * and in the database), version 1, export and import, and that every score
 * the pages and exports show names its version.
 */
import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRITICALITIES } from "~/domain/factors";
import type { ModelContent } from "~/domain/model-version";
import { localeCookie } from "~/i18n/i18n.server";
import * as home from "~/routes/_app+/_index";
import * as modelIndex from "~/routes/_app+/admin+/model._index";
import * as modelExport from "~/routes/_app+/admin+/model.$modelId.export";
import * as modelPage from "~/routes/_app+/admin+/model.$modelId._index";
import * as modelPreview from "~/routes/_app+/admin+/model.$modelId.preview";
import * as chainPage from "~/routes/_app+/chains+/$chainId";
import * as portfolioPage from "~/routes/_app+/chains+/$chainId_.portfolio";
import * as portfolioExport from "~/routes/_app+/chains+/$chainId_.portfolio.export";
import * as comparePage from "~/routes/_app+/compare+/_layout";
import * as compareExport from "~/routes/_app+/compare+/export";
import * as relationshipPage from "~/routes/_app+/relationships+/$relationshipId._index";
import { BASE, get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { userIdOf } from "../support/factories";

type DataResult<T> = { data: T; init: { status: number } | null };
type VersionData = Awaited<ReturnType<typeof modelPage.loader>>;
type PreviewData = Awaited<ReturnType<typeof modelPreview.loader>>;
type RelationshipData = Awaited<ReturnType<typeof relationshipPage.loader>>;

const { admin, companyStaff: staff, projectLead: lead, supplierAAdmin: supplierA, supplierBStaff: supplierB, customerStaff: customer } = demo;

let sqlite: TestSql;

const count = async (sql: string, ...args: unknown[]) => ((await sqlite.prepare(sql).get(...args)) as { n: number }).n;
const v1Id = async () => ((await sqlite.prepare("select id from importance_models where version = 1").get()) as { id: number }).id;
const auditOf = async (action: string) =>
  (await sqlite.prepare("select entity_id, actor_user_id, before, after from audit_log where action = ? order by id").all(action)) as Array<{
    entity_id: string;
    actor_user_id: number;
    before: string | null;
    after: string | null;
  }>;
const relationshipOf = async (providerName: string) =>
  (
    (await sqlite
      .prepare("select r.id from relationships r join organisations p on p.id = r.provider_id where p.name = ? order by r.id")
      .get(providerName)) as {
      id: number;
    }
  ).id;

/** The editor form as a browser posts it, from a version's content, with `patch` applied to the fields. */
function draftForm(content: ModelContent, patch: Record<string, string> = {}): Record<string, string> {
  const fields: Record<string, string> = { intent: "save", name: content.name, startupYears: String(content.startupYears) };
  for (const c of CRITICALITIES) fields[`criticalityMultipliers.${c}`] = String(content.criticalityMultipliers[c]);
  content.bands.forEach((b, i) =>
    Object.assign(fields, { [`bands[${i}].key`]: b.key, [`bands[${i}].min`]: String(b.min), [`bands[${i}].max`]: String(b.max) }),
  );
  content.levels.forEach((r, i) => {
    for (const key of ["factor", "dimension", "value", "condition", "level", "sourceFi", "sourceEn"] as const) fields[`levels[${i}].${key}`] = String(r[key]);
  });
  return { ...fields, ...patch };
}

function upload(path: string, name: string, text: string, cookie: string): Request {
  const form = new FormData();
  form.append("file", new File([text], name, { type: "application/json" }));
  return new Request(`${BASE}${path}`, { method: "POST", body: form, headers: { Origin: BASE, Cookie: cookie } });
}

async function versionPage(id: number, cookie: string): Promise<VersionData> {
  return (await run(modelPage.loader, get(`/admin/model/${id}`, cookie), { modelId: String(id) })) as VersionData;
}

async function relationship(id: number, cookie: string): Promise<RelationshipData> {
  return (await run(relationshipPage.loader, get(`/relationships/${id}`, cookie), { relationshipId: String(id) })) as RelationshipData;
}

const levelIndex = (content: ModelContent, factor: string, dimension: string, value: string) =>
  content.levels.findIndex((r) => r.factor === factor && r.dimension === dimension && r.value === value && r.condition === "base");

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
});

afterAll(() => sqlite.close());

describe("who may use the model editor", () => {
  it("sends anonymous visitors to the login page, from every editor route", async () => {
    const id = String(await v1Id());
    for (const [handler, path, params] of [
      [modelIndex.loader, "/admin/model", {}],
      [modelPage.loader, `/admin/model/${id}`, { modelId: id }],
      [modelPreview.loader, `/admin/model/${id}/preview`, { modelId: id }],
      [modelExport.loader, `/admin/model/${id}/export`, { modelId: id }],
    ] as const) {
      const res = (await run(handler, get(path), params)) as Response;
      expect(res.status, path).toBe(302);
      expect(res.headers.get("Location")).toMatch(/^\/login/);
    }
  });

  it.each([
    ["company staff", staff.email],
    ["a project lead", lead.email],
    ["an organisation admin", supplierA.email],
    ["a supplier's staff", supplierB.email],
    ["an end customer", customer.email],
  ])("answers 403 to %s on every editor route and action, and changes nothing", async (_who, email) => {
    const cookie = await signInAs(email);
    const id = String(await v1Id());
    const models = await count("select count(*) as n from importance_models");
    const levels = await count("select count(*) as n from importance_levels");
    const denied = await count("select count(*) as n from audit_log where action = 'access.denied'");
    const content = (await versionPage(await v1Id(), await signInAs(admin))).version.content;
    const requests: Array<[(args: never) => unknown, Request, Record<string, string>]> = [
      [modelIndex.loader, get("/admin/model", cookie), {}],
      [modelPage.loader, get(`/admin/model/${id}`, cookie), { modelId: id }],
      [modelPreview.loader, get(`/admin/model/${id}/preview`, cookie), { modelId: id }],
      [modelExport.loader, get(`/admin/model/${id}/export`, cookie), { modelId: id }],
      [modelIndex.action, post("/admin/model", { intent: "copy", from: id }, cookie), {}],
      [modelIndex.action, upload("/admin/model", "model.json", "{}", cookie), {}],
      [modelPage.action, post(`/admin/model/${id}`, draftForm(content), cookie), { modelId: id }],
      [modelPage.action, post(`/admin/model/${id}`, { intent: "delete" }, cookie), { modelId: id }],
      [modelPreview.action, post(`/admin/model/${id}/preview`, { intent: "publish", note: "sneaky" }, cookie), { modelId: id }],
    ];
    for (const [handler, request, params] of requests) {
      const res = (await run(handler as never, request, params)) as Response;
      expect(res, `${request.method} ${request.url}`).toBeInstanceOf(Response);
      expect(res.status, `${request.method} ${request.url}`).toBe(403);
    }
    expect(await count("select count(*) as n from importance_models")).toBe(models);
    expect(await count("select count(*) as n from importance_levels")).toBe(levels);
    expect(await count("select count(*) as n from audit_log where action = 'access.denied'")).toBe(denied + requests.length);
  });
});

describe("drafts, preview and publishing", () => {
  let draftId = 0;
  let before: Map<number, { score: number | null; period: string }>;
  const hosting = () => relationshipOf("Kalevan Pilvipalvelut Oyj");

  it("starts a draft copied from version 1, numbered only when published", async () => {
    const cookie = await signInAs(admin);
    const res = (await run(modelIndex.action, post("/admin/model", { intent: "copy", from: String(await v1Id()) }, cookie))) as Response;
    expect(res.status).toBe(302);
    draftId = Number(res.headers.get("Location")!.match(/^\/admin\/model\/(\d+)\?created=1$/)![1]);
    const row = (await sqlite
      .prepare("select status, version, is_active, based_on_model_id, origin from importance_models where id = ?")
      .get(draftId)) as Record<string, unknown>;
    expect(row).toMatchObject({ status: "draft", is_active: 0, based_on_model_id: await v1Id(), origin: "copy" });
    expect(row.version as number).toBeLessThan(0);
    const page = await versionPage(draftId, cookie);
    const v1 = await versionPage(await v1Id(), cookie);
    expect(page.version).toMatchObject({ version: null, status: "draft", nextVersion: 2, basedOn: { id: await v1Id(), version: 1 } });
    expect(page.version.content).toEqual(v1.version.content);
    expect((await auditOf("model.draft.create")).at(-1)).toMatchObject({ entity_id: String(draftId) });
  });

  it("refuses a level outside 1–3 naming the cell's field, and writes nothing", async () => {
    const cookie = await signInAs(admin);
    const content = (await versionPage(draftId, cookie)).version.content;
    const i = levelIndex(content, "trust", "size", "large");
    const res = (await run(
      modelPage.action,
      post(`/admin/model/${draftId}`, draftForm(content, { [`levels[${i}].level`]: "4", "criticalityMultipliers.high": "0" }), cookie),
      {
        modelId: String(draftId),
      },
    )) as DataResult<{ kind: string; result: { error: Record<string, string[]> } }>;
    expect(res.init?.status).toBe(400);
    expect(res.data.result.error).toMatchObject({
      [`levels[${i}].level`]: ["model.problem.level_range"],
      "criticalityMultipliers.high": ["model.problem.multiplier_not_positive"],
    });
    expect((await versionPage(draftId, cookie)).version.content).toEqual(content);
  });

  it("saves the whole draft (Finnish decimals too) and audits the changed cells", async () => {
    const cookie = await signInAs(admin);
    const content = (await versionPage(draftId, cookie)).version.content;
    const i = levelIndex(content, "compensation", "size", "large");
    const res = (await run(
      modelPage.action,
      post(`/admin/model/${draftId}`, draftForm(content, { [`levels[${i}].level`]: "1", "criticalityMultipliers.high": "2,5" }), cookie),
      { modelId: String(draftId) },
    )) as Response;
    expect(res.status).toBe(302);
    const saved = (await versionPage(draftId, cookie)).version.content;
    expect(saved.levels[i].level).toBe(1);
    expect(saved.criticalityMultipliers.high).toBe(2.5);
    const entry = (await auditOf("model.draft.update")).at(-1)!;
    expect(entry.entity_id).toBe(String(draftId));
    expect(JSON.parse(entry.before!)).toMatchObject({ "levels:compensation|size|large|base": { level: 3 }, criticalityMultipliers: { high: 2 } });
    expect(JSON.parse(entry.after!)).toMatchObject({ "levels:compensation|size|large|base": { level: 1 }, criticalityMultipliers: { high: 2.5 } });
  });

  it("previews every relationship's latest score under version 1 and the draft, as the pages show them", async () => {
    const cookie = await signInAs(admin);
    const preview = (await run(modelPreview.loader, get(`/admin/model/${draftId}/preview`, cookie), { modelId: String(draftId) })) as PreviewData;
    expect(preview.currentVersion).toBe(1);
    expect(preview.candidateVersion).toBe(2);
    const changed = preview.rows.filter((r) => r.change !== 0);
    // Only the large providers' relationships change score (the multiplier moves attention, not scores).
    const large = (await sqlite
      .prepare("select r.id from relationships r join organisations p on p.id = r.provider_id where p.size_class = 'large'")
      .all()) as Array<{
      id: number;
    }>;
    expect(changed.map((r) => r.relationshipId).sort()).toEqual(
      large
        .map((r) => r.id)
        .filter((id) => preview.rows.some((r) => r.relationshipId === id))
        .sort(),
    );
    expect(preview.counts.changed).toBe(changed.length);
    const sizes = preview.rows.map((r) => Math.abs(r.change ?? 0));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    // The "current" column is what the relationship pages show now.
    before = new Map();
    for (const row of preview.rows) {
      const page = await relationship(row.relationshipId, cookie);
      expect(page.score.value, `relationship ${row.relationshipId}`).toBe(row.current.score);
      expect(page.score.period).toBe(row.period);
      expect(page.score.modelVersion).toBe(1);
      before.set(row.relationshipId, { score: row.draft.score, period: row.period });
    }
  });

  it("publishes only with a note; the draft becomes version 2, active for everyone", async () => {
    const cookie = await signInAs(admin);
    const noNote = (await run(modelPreview.action, post(`/admin/model/${draftId}/preview`, { intent: "publish", note: " " }, cookie), {
      modelId: String(draftId),
    })) as DataResult<unknown>;
    expect(noNote.init?.status).toBe(400);
    expect(await count("select count(*) as n from importance_models where status = 'published'")).toBe(1);

    const res = (await run(
      modelPreview.action,
      post(`/admin/model/${draftId}/preview`, { intent: "publish", note: "Compensation matters less to large providers" }, cookie),
      {
        modelId: String(draftId),
      },
    )) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/model?published=2");
    expect(await sqlite.prepare("select version, status, is_active, note from importance_models where id = ?").get(draftId)).toEqual({
      version: 2,
      status: "published",
      is_active: 1,
      note: "Compensation matters less to large providers",
    });
    expect(await count("select count(*) as n from importance_models where is_active = 1")).toBe(1);
    expect(JSON.parse((await auditOf("model.publish")).at(-1)!.after!)).toMatchObject({ version: 2, activeVersion: 2 });
  });

  it("shows the new scores with version 2 on the relationship page, past quarters rescored and saying under which version they were assessed", async () => {
    const cookie = await signInAs(admin);
    for (const [id, expected] of before) {
      const page = await relationship(id, cookie);
      expect(page.score.value, `relationship ${id}`).toBe(expected.score);
      expect(page.score.modelVersion).toBe(2);
      expect(page.modelVersion).toBe(2);
    }
    const page = await relationship(await hosting(), cookie);
    const assessed = page.trend.filter((row) => row.both !== null);
    expect(assessed.length).toBeGreaterThan(1);
    for (const row of assessed) {
      expect(row.both!.modelVersion).toBe(2);
      expect(row.assessedUnder).toBe(1);
    }
  });

  it("never changes a published version through the editor", async () => {
    const cookie = await signInAs(admin);
    const content = (await versionPage(draftId, cookie)).version.content;
    const i = levelIndex(content, "trust", "size", "large");
    for (const id of [draftId, await v1Id()]) {
      const save = (await run(modelPage.action, post(`/admin/model/${id}`, draftForm(content, { [`levels[${i}].level`]: "1" }), cookie), {
        modelId: String(id),
      })) as DataResult<unknown>;
      expect(save.init?.status).toBe(409);
      const publish = (await run(modelPreview.action, post(`/admin/model/${id}/preview`, { intent: "publish", note: "again" }, cookie), {
        modelId: String(id),
      })) as DataResult<unknown>;
      expect(publish.init?.status).toBe(409);
    }
    expect((await versionPage(draftId, cookie)).version.content).toEqual(content);
    const del = (await run(modelPage.action, post(`/admin/model/${draftId}`, { intent: "delete" }, cookie), { modelId: String(draftId) })) as DataResult<{
      message: string;
    }>;
    expect(del.init?.status).toBe(409);
    expect(del.data.message).toBe("model.error.published");
  });

  it("never changes a published version in the database either: every column, every level", async () => {
    const id = draftId;
    const columnsSql =
      sqlite.engine === "postgres"
        ? "select column_name as name, data_type as type from information_schema.columns where table_name = 'importance_models' and table_schema = current_schema()"
        : "select name, type from pragma_table_info('importance_models')";
    const columns = ((await sqlite.prepare(columnsSql).all()) as Array<{ name: string; type: string }>).filter((c) => c.name !== "is_active");
    expect(columns.length).toBeGreaterThan(20);
    // A different value that a draft could hold, so it is the immutability that refuses it (user columns may only be cleared, by ON DELETE SET NULL).
    const VALID_CHANGE: Record<string, unknown> = {
      status: "draft",
      origin: "import",
      band_poor_max: 49,
      band_fair_min: 51,
      band_fair_max: 74,
      band_good_min: 76,
    };
    // The bands' ends are fixed at 0 and 100: any change is also invalid, and refused either way.
    const FIXED = new Set(["band_poor_min", "band_good_max"]);
    for (const { name, type } of columns) {
      const value = VALID_CHANGE[name] ?? (name.endsWith("_user_id") ? await userIdOf(lead.email) : /int|real|double/i.test(type) ? 7 : "changed");
      // On version 1: published and no longer active, so a draft's values are otherwise valid for it.
      await expect(sqlite.prepare(`update importance_models set "${name}" = ? where id = ?`).run(value, await v1Id()), name).rejects.toThrow(
        FIXED.has(name) ? /published|invalid/ : /published/,
      );
    }
    await expect(sqlite.prepare("update importance_levels set level = 2 where model_id = ?").run(id)).rejects.toThrow(/published/);
    await expect(sqlite.prepare("delete from importance_levels where model_id = ?").run(id)).rejects.toThrow(/published/);
    await expect(
      sqlite
        .prepare(
          "insert into importance_levels (model_id, factor, dimension, value, condition, level, source_fi, source_en) values (?, 'trust', 'size', 'large', 'startup', 1, 'x', 'y')",
        )
        .run(id),
    ).rejects.toThrow(/published/);
    await expect(sqlite.prepare("delete from importance_models where id = ?").run(id)).rejects.toThrow(/cannot be deleted/);
    // Moving the active flag is what publishing does: allowed, one active at a time.
    const v1 = await v1Id();
    const flip = sqlite.transaction(async (tx) => {
      await tx.prepare("update importance_models set is_active = 0 where id = ?").run(id);
      await tx.prepare("update importance_models set is_active = 1 where id = ?").run(v1);
      await expect(tx.prepare("update importance_models set is_active = 1 where id = ?").run(id)).rejects.toThrow(/UNIQUE|unique/);
      throw new Error("roll back");
    });
    await expect(flip).rejects.toThrow("roll back");
    expect(await sqlite.prepare("select is_active from importance_models where id = ?").get(id)).toEqual({ is_active: 1 });
  });

  it("never deletes version 1 (the editor says so; the database refuses)", async () => {
    const cookie = await signInAs(admin);
    const res = (await run(modelPage.action, post(`/admin/model/${await v1Id()}`, { intent: "delete" }, cookie), {
      modelId: String(await v1Id()),
    })) as DataResult<{
      message: string;
    }>;
    expect(res.init?.status).toBe(409);
    expect(res.data.message).toBe("model.error.versionOne");
    await expect(sqlite.prepare("delete from importance_models where version = 1").run()).rejects.toThrow(/cannot be deleted/);
    expect(await count("select count(*) as n from importance_levels where model_id = ?", await v1Id())).toBeGreaterThan(60);
  });

  it("deletes a draft with its levels, and audits it", async () => {
    const cookie = await signInAs(admin);
    const created = (await run(modelIndex.action, post("/admin/model", { intent: "copy", from: String(draftId) }, cookie))) as Response;
    const id = Number(created.headers.get("Location")!.match(/\/admin\/model\/(\d+)/)![1]);
    expect(await count("select count(*) as n from importance_levels where model_id = ?", id)).toBeGreaterThan(60);
    const res = (await run(modelPage.action, post(`/admin/model/${id}`, { intent: "delete" }, cookie), { modelId: String(id) })) as Response;
    expect(res.status).toBe(302);
    expect(await count("select count(*) as n from importance_models where id = ?", id)).toBe(0);
    expect(await count("select count(*) as n from importance_levels where model_id = ?", id)).toBe(0);
    expect((await auditOf("model.draft.delete")).at(-1)).toMatchObject({ entity_id: String(id) });
  });
});

describe("every score names its version (version 2 is active now)", () => {
  const chainId = async () => ((await sqlite.prepare("select id from chains order by id limit 1").get()) as { id: number }).id;
  const english = async (email: string) => `${await signInAs(email)}; ${(await localeCookie.serialize("en")).split(";")[0]}`;

  it("home and the chain view", async () => {
    const cookie = await signInAs(staff);
    const page = (await run(home.loader, get("/", cookie))) as { home: { modelVersion: number; relationships: unknown[] } };
    expect(page.home.modelVersion).toBe(2);
    const chain = (await run(chainPage.loader, get(`/chains/${await chainId()}`, cookie), { chainId: String(await chainId()) })) as {
      chain: { modelVersion: number };
    };
    expect(chain.chain.modelVersion).toBe(2);
  });

  it("the relationship page: the score, every trend cell and the matrix", async () => {
    const page = await relationship(await relationshipOf("Kalevan Pilvipalvelut Oyj"), await signInAs(staff));
    expect(page.modelVersion).toBe(2);
    expect(page.score.modelVersion).toBe(2);
    for (const row of page.trend) for (const cell of [row.both, row.provider, row.customer]) if (cell) expect(cell.modelVersion).toBe(2);
  });

  it("compare, and its CSV and .xlsx", async () => {
    const cookie = await english(lead.email);
    const ids = [await relationshipOf("Kalevan Pilvipalvelut Oyj"), await relationshipOf("Maksuvirta Oyj")];
    const query = ids.map((id) => `r=${id}`).join("&");
    // A view without a quarter redirects to its URL with the quarter shown.
    const redirect = (await run(comparePage.loader, get(`/compare?${query}`, cookie))) as Response;
    expect(redirect.status).toBe(302);
    const page = (await run(comparePage.loader, get(redirect.headers.get("Location")!, cookie))) as { modelVersion: number };
    expect(page.modelVersion).toBe(2);
    const csv = (await run(compareExport.loader, get(`/compare/export?${query}&format=csv`, cookie))) as Response;
    const rows = Papa.parse<string[]>((await csv.text()).replace(/^\uFEFF/, "").trim(), { delimiter: "," }).data;
    const versionRow = rows.find((r) => r[0] === "Scoring model version")!;
    expect(versionRow).toBeDefined();
    expect(versionRow.filter((c) => c !== "").slice(1)).toEqual(["2", "2"]);
    const xlsx = (await run(compareExport.loader, get(`/compare/export?${query}&format=xlsx`, cookie))) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(1).value).toBe("Scoring model version");
    expect([last.getCell(2).value, last.getCell(5).value]).toEqual([2, 2]);
  });

  it("the portfolio, and every line of its CSV and .xlsx", async () => {
    const cookie = await english(lead.email);
    const page = (await run(portfolioPage.loader, get(`/chains/${await chainId()}/portfolio`, cookie), { chainId: String(await chainId()) })) as {
      modelVersion: number;
    };
    expect(page.modelVersion).toBe(2);
    const csv = (await run(portfolioExport.loader, get(`/chains/${await chainId()}/portfolio/export?format=csv`, cookie), {
      chainId: String(await chainId()),
    })) as Response;
    const text = (await csv.text()).replace(/^\uFEFF/, "");
    // Four tables, each: a title line, a header ending in the version column, lines ending in the version.
    const blocks = text.trim().split(/\r\n\r\n/);
    expect(blocks).toHaveLength(4);
    for (const block of blocks) {
      const [, header, ...lines] = Papa.parse<string[]>(block, { delimiter: "," }).data;
      expect(header.at(-1)).toBe("Scoring model version");
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line.at(-1)).toBe("2");
    }
    const xlsx = (await run(portfolioExport.loader, get(`/chains/${await chainId()}/portfolio/export?format=xlsx`, cookie), {
      chainId: String(await chainId()),
    })) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    for (const sheet of workbook.worksheets) {
      const header = sheet.getRow(1);
      expect(header.getCell(header.cellCount).value).toBe("Scoring model version");
      for (let r = 2; r <= sheet.rowCount; r++) expect(sheet.getRow(r).getCell(header.cellCount).value).toBe(2);
    }
  });
});

describe("export and import", () => {
  it("exports a version as JSON and imports it back as an identical draft; both audited", async () => {
    const cookie = await signInAs(admin);
    const res = (await run(modelExport.loader, get(`/admin/model/${await v1Id()}/export`, cookie), { modelId: String(await v1Id()) })) as Response;
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(res.headers.get("Content-Disposition")).toContain("scoring-model-v1.json");
    const text = await res.text();
    const file = JSON.parse(text) as { format: string; version: number; levels: unknown[] };
    expect(file).toMatchObject({ format: "service-chain-portal/scoring-model", version: 1 });
    expect((await auditOf("model.export")).at(-1)).toMatchObject({ entity_id: String(await v1Id()) });

    const imported = (await run(modelIndex.action, upload("/admin/model", "scoring-model-v1.json", text, cookie))) as Response;
    expect(imported.status).toBe(302);
    const id = Number(imported.headers.get("Location")!.match(/^\/admin\/model\/(\d+)\?imported=1$/)![1]);
    const draft = await versionPage(id, cookie);
    expect(draft.version).toMatchObject({ status: "draft", origin: "import" });
    expect(draft.version.content).toEqual((await versionPage(await v1Id(), cookie)).version.content);
    expect(JSON.parse((await auditOf("model.import")).at(-1)!.after!)).toMatchObject({ file: "scoring-model-v1.json", exportedVersion: 1 });
  });

  it("refuses a bad file with problems that name the JSON path, and creates nothing", async () => {
    const cookie = await signInAs(admin);
    const res = (await run(modelExport.loader, get(`/admin/model/${await v1Id()}/export`, cookie), { modelId: String(await v1Id()) })) as Response;
    const file = JSON.parse(await res.text()) as { levels: Array<Record<string, unknown>>; criticalityMultipliers: Record<string, number> };
    file.levels[12].level = 4;
    file.criticalityMultipliers.high = -1;
    const models = await count("select count(*) as n from importance_models");
    const bad = (await run(modelIndex.action, upload("/admin/model", "bad.json", JSON.stringify(file), cookie))) as DataResult<{
      problems: Array<{ path: string; message: string }>;
    }>;
    expect(bad.init?.status).toBe(400);
    expect(bad.data.problems.map((p) => p.path).sort()).toEqual(["criticalityMultipliers.high", "levels[12].level"]);
    const notJson = (await run(modelIndex.action, upload("/admin/model", "model.json", "not json", cookie))) as DataResult<{
      problems: Array<{ path: string; message: string }>;
    }>;
    expect(notJson.init?.status).toBe(400);
    expect(notJson.data.problems).toEqual([{ path: "", message: "model.file.notJson" }]);
    expect(await count("select count(*) as n from importance_models")).toBe(models);
  });
});
