import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { DIGIMENSA_MODEL } from "~/domain/importance-model";
import { previousQuarter, quarterOf } from "~/domain/period";
import { roundHalfUp, scoreRelationship, type FactorPerformance } from "~/domain/scoring";
import * as comparePage from "~/routes/_app+/compare+/_layout";
import * as compareExport from "~/routes/_app+/compare+/export";
import { get, run } from "../support/remix";
import { OTHER_LEAD, OTHER_NAMES, addOtherCompany } from "./compare-fixtures";
import { demo, signInAs } from "../support/sign-in";
import { contextFromDatabase } from "../support/expected-context";

type CompareData = Awaited<ReturnType<typeof comparePage.loader>>;
type Side = "customer" | "provider" | null;

let sqlite: TestSql;
let otherRelationshipId = 0;
let otherChainId = 0;

const lead = (locale?: "fi" | "en") => signInAs(demo.projectLead, { locale });

async function relId(partnerName: string): Promise<number> {
  const row = (await sqlite
    .prepare(
      `select r.id from relationships r join organisations p on p.id = r.provider_id join organisations c on c.id = r.customer_id
        where p.name = ? or c.name = ? order by r.id limit 1`,
    )
    .get(partnerName, partnerName)) as { id: number } | undefined;
  if (!row) throw new Error(`No relationship with ${partnerName}`);
  return row.id;
}

/** The compare page's answer to a URL, as the browser gets it (a redirect is not followed). */
async function compareAnswer(query: string, cookie?: string): Promise<unknown> {
  return run(comparePage.loader, get(`/compare?${query}`, cookie ?? (await lead())));
}

/** The compare page's data for a URL, after the redirect that writes the quarter shown into a URL without one. */
async function compare(query: string, cookie?: string): Promise<CompareData> {
  const answer = await compareAnswer(query, cookie);
  if (answer instanceof Response && answer.status === 302) {
    const location = new URL(answer.headers.get("Location")!, "http://localhost");
    expect(location.pathname).toBe("/compare");
    return (await compareAnswer(location.search.slice(1), cookie)) as CompareData;
  }
  return answer as CompareData;
}

/** Mean submitted performance straight from the tables (not through the app's query). */
async function storedPerformance(relationshipId: number, period: string, side: Side): Promise<FactorPerformance> {
  const rows = (await sqlite
    .prepare(
      `select s.factor, s.score from assessments a join assessment_scores s on s.assessment_id = a.id
        where a.relationship_id = ? and a.period = ? and a.status = 'submitted' and s.score is not null
          and (cast(? as text) is null or a.side = ?)`,
    )
    .all(relationshipId, period, side, side)) as { factor: FactorKey; score: number }[];
  const perf: FactorPerformance = {};
  for (const f of FACTORS) {
    const scores = rows.filter((r) => r.factor === f).map((r) => r.score);
    if (scores.length) perf[f] = scores.reduce((a, b) => a + b, 0) / scores.length;
  }
  return perf;
}

async function expectedScore(relationshipId: number, period: string, side: Side) {
  const now = new Date();
  return scoreRelationship({
    context: await contextFromDatabase(sqlite, relationshipId, now),
    performance: await storedPerformance(relationshipId, period, side),
    model: DIGIMENSA_MODEL,
  });
}

function column(data: CompareData, relationshipId: number) {
  const i = data.table.partners.findIndex((p) => p.id === relationshipId);
  expect(i, `relationship ${relationshipId} is a column`).toBeGreaterThanOrEqual(0);
  const row = (key: string) => {
    const cell = data.table.rows.find((r) => r.key === key)!.cells[i];
    if (cell.kind !== "figure") throw new Error(`${key} is not a figure row`);
    return cell;
  };
  return { row };
}

beforeAll(async () => {
  await prepareDemoDatabase();
  ({ relationshipId: otherRelationshipId, chainId: otherChainId } = await addOtherCompany());
  sqlite = openTestSql();
});

describe("compare view: numbers", () => {
  it("shows each picked partner's matrix exactly as scoreRelationship computes it, for every side, with changes since the previous quarter", async () => {
    const ids = [await relId("Kalevan Pilvipalvelut Oyj"), await relId("Datanäkö Oy"), await relId("Kipinä AI Oy")];
    const query = ids.map((id) => `r=${id}`).join("&");
    for (const [side, sqlSide] of [
      ["both", null],
      ["customer", "customer"],
      ["provider", "provider"],
    ] as const) {
      const data = await compare(`${query}&side=${side}`);
      expect(data.tooFew).toBe(false);
      expect(data.quarter).toBe("2026-Q3");
      expect(data.previousQuarter).toBe("2026-Q2");
      expect(data.table.partners.map((p) => p.id).sort()).toEqual([...ids].sort());
      for (const id of ids) {
        const now = await expectedScore(id, "2026-Q3", sqlSide);
        const before = await expectedScore(id, "2026-Q2", sqlSide);
        const col = column(data, id);
        expect(now.score).not.toBeNull();
        expect(col.row("score").value).toBe(now.score);
        expect(col.row("score").delta).toBe(before.score === null ? null : roundHalfUp(now.score! - before.score, 1));
        expect(col.row("attention").value).toBe(roundHalfUp(now.attentionPriority!, 1));
        for (const f of now.factors) {
          const cell = col.row(f.factor);
          expect(cell.value).toBe(f.performance === null ? null : roundHalfUp(f.performance, 2));
          expect(cell.weightPercent).toBe(f.performance === null ? null : roundHalfUp(100 * f.weight, 1));
          expect(cell.importance).toBe(roundHalfUp(f.importance, 2));
        }
      }
    }
  });

  it("shows the perception gap as provider minus customer, per factor and for the score", async () => {
    const ids = [await relId("Kalevan Pilvipalvelut Oyj"), await relId("Verkkotaito Oy")];
    const data = await compare(`${ids.map((id) => `r=${id}`).join("&")}&side=gap`);
    for (const id of ids) {
      const p = await expectedScore(id, "2026-Q3", "provider");
      const c = await expectedScore(id, "2026-Q3", "customer");
      const col = column(data, id);
      for (const f of FACTORS) {
        const pf = p.factors.find((x) => x.factor === f)!.performance;
        const cf = c.factors.find((x) => x.factor === f)!.performance;
        const expected = pf === null || cf === null ? null : roundHalfUp(roundHalfUp(pf, 2) - roundHalfUp(cf, 2), 2);
        expect(col.row(f).value).toBe(expected);
      }
      expect(col.row("score_gap").value).toBe(roundHalfUp(p.score! - c.score!, 1));
      // The score row of the gap view reads both sides pooled.
      expect(col.row("score").value).toBe((await expectedScore(id, "2026-Q3", null)).score);
    }
  });

  it("says 'no data' (null), never 0, for a partner without an assessment in the quarter", async () => {
    const withData = await relId("Kalevan Pilvipalvelut Oyj");
    const none = await relId("Hotelli Saimaanranta Oy");
    const data = await compare(`r=${withData}&r=${none}`);
    const partner = data.table.partners.find((p) => p.id === none)!;
    expect(partner.hasData).toBe(false);
    const col = column(data, none);
    for (const key of [...FACTORS, "score", "attention"]) expect(col.row(key).value).toBeNull();
    expect(column(data, withData).row("score").value).not.toBeNull();
  });

  it("uses the quarter from the URL and compares it with the one before", async () => {
    const ids = [await relId("Kalevan Pilvipalvelut Oyj"), await relId("Maksuvirta Oyj")];
    const data = await compare(`${ids.map((id) => `r=${id}`).join("&")}&q=2026-Q1`);
    expect(data.quarter).toBe("2026-Q1");
    expect(data.previousQuarter).toBe(previousQuarter("2026-Q1"));
    for (const id of ids) {
      expect(column(data, id).row("score").value).toBe((await expectedScore(id, "2026-Q1", null)).score);
    }
  });

  it("filters by size class, groups by maturity and sorts by attention priority", async () => {
    const ids = await Promise.all(["Kalevan Pilvipalvelut Oyj", "Verkkotaito Oy", "Datanäkö Oy", "Maksuvirta Oyj", "Kipinä AI Oy"].map(relId));
    const all = await compare(ids.map((id) => `r=${id}`).join("&"));
    const attention = all.table.rows.find((r) => r.key === "attention")!.cells.map((c) => (c.kind === "figure" ? c.value : null));
    expect([...attention].sort((a, b) => (b ?? -1) - (a ?? -1))).toEqual(attention);

    const large = await compare(`${ids.map((id) => `r=${id}`).join("&")}&size=large`);
    const largeIds = (
      await sqlite
        .prepare(`select r.id from relationships r join organisations o on o.id = r.provider_id where o.size_class = 'large' and r.id in (${ids.join(",")})`)
        .all()
    ).map((r) => (r as { id: number }).id);
    expect(largeIds.length).toBeGreaterThan(0);
    expect(large.table.partners.map((p) => p.id).sort()).toEqual(largeIds.sort());
    expect(large.hiddenByFilters).toBe(ids.length - largeIds.length);

    const grouped = await compare(`${ids.map((id) => `r=${id}`).join("&")}&group=maturity&sort=score`);
    expect(grouped.table.groups.reduce((n, g) => n + g.span, 0)).toBe(ids.length);
    expect(grouped.groupAverages.map((g) => g.count).reduce((a, b) => a + b, 0)).toBe(ids.length);
    expect(grouped.groupAverages[0].predicted).not.toBeNull();
  });

  it("answers a mangled URL with defaults and named problems, never an error", async () => {
    const id = await relId("Kalevan Pilvipalvelut Oyj");
    const data = await compare(`r=${id}&r=abc&r=-4&side=sideways&q=2026-Q9&size=huge&group=colour&sort=up&chain=x`);
    expect(data.state.side).toBe("both");
    expect(data.state.group).toBeNull();
    expect(data.state.sort).toBe("attention");
    expect(data.problems.sort()).toEqual(
      ["invalid_chain", "invalid_filter", "invalid_group", "invalid_ids", "invalid_quarter", "invalid_side", "invalid_sort"].sort(),
    );
    expect(data.tooFew).toBe(true);
    const many = await compare(Array.from({ length: 14 }, (_, i) => `r=${i + 1}`).join("&"));
    expect(many.problems).toContain("too_many");
    expect(many.table.partners.length).toBe(12);
  });

  it("gives a clear hint when fewer than two partners are picked", async () => {
    const none = await compare("");
    expect(none.tooFew).toBe(true);
    expect(none.table.partners).toHaveLength(0);
    expect(none.picker.options.length).toBe(14);
    const one = await compare(`r=${await relId("Datanäkö Oy")}`);
    expect(one.tooFew).toBe(true);
  });
});

describe("compare view: a shared link keeps its quarter", () => {
  const ids = async () => [await relId("Kalevan Pilvipalvelut Oyj"), await relId("Maksuvirta Oyj")];
  /** The latest quarter before the one in progress with a submitted assessment of the pair, straight from the tables. */
  const latestCompleted = async () =>
    (
      (await sqlite
        .prepare(`select max(period) as q from assessments where status = 'submitted' and relationship_id in (${(await ids()).join(",")}) and period < ?`)
        .get(quarterOf(new Date()))) as { q: string }
    ).q;

  it.each([
    ["no quarter", ""],
    ["an empty quarter", "&q="],
    ["an empty quarter in the gap view", "&side=gap&q="],
  ])("a view with %s answers with a redirect to its URL with the quarter shown (the latest completed one)", async (_name, extra) => {
    const query = `${(await ids()).map((id) => `r=${id}`).join("&")}${extra}`;
    const answer = await compareAnswer(query);
    expect(answer).toBeInstanceOf(Response);
    const response = answer as Response;
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!, "http://localhost");
    expect(location.searchParams.get("q")).toBe(await latestCompleted());
    expect(location.searchParams.getAll("r")).toEqual((await ids()).map(String));
    if (extra.includes("gap")) expect(location.searchParams.get("side")).toBe("gap");
    const shown = (await compareAnswer(location.search.slice(1))) as CompareData;
    expect(shown.quarter).toBe(await latestCompleted());
    expect(shown.state.quarter).toBe(await latestCompleted());
    expect(shown.currentQuarter).toBe(quarterOf(new Date()));
  });

  it("keeps the picked quarter and does not redirect a view that has one, nor one with nothing to show", async () => {
    const picked = (await compareAnswer(`${(await ids()).map((id) => `r=${id}`).join("&")}&q=2026-Q1`)) as CompareData;
    expect(picked.quarter).toBe("2026-Q1");
    const none = (await compareAnswer("")) as CompareData;
    expect(none.tooFew).toBe(true);
    // A quarter that is not a quarter is named on the page rather than silently replaced.
    const bad = (await compareAnswer(`${(await ids()).map((id) => `r=${id}`).join("&")}&q=2026-Q9`)) as CompareData;
    expect(bad.problems).toContain("invalid_quarter");
  });
});

describe("compare view: scope", () => {
  it("drops another company's relationship that a project lead adds by editing the URL", async () => {
    const own = [await relId("Kalevan Pilvipalvelut Oyj"), await relId("Datanäkö Oy")];
    const data = await compare(`${own.map((id) => `r=${id}`).join("&")}&r=${otherRelationshipId}`);
    expect(data.table.partners.map((p) => p.id)).toEqual(expect.arrayContaining(own));
    expect(data.table.partners.map((p) => p.id)).not.toContain(otherRelationshipId);
    expect(data.state.ids).not.toContain(otherRelationshipId);
    expect(data.unavailable).toBe(1);
    const body = JSON.stringify(data);
    for (const name of OTHER_NAMES) expect(body).not.toContain(name);
    // An unknown id is answered the same way, so the answer does not reveal which ids exist.
    const unknown = await compare(`${own.map((id) => `r=${id}`).join("&")}&r=999999`);
    expect(unknown.unavailable).toBe(1);
  });

  it("keeps the other company's project lead out of this company's relationships, picker and chain filter included", async () => {
    const cookie = await signInAs(OTHER_LEAD, { password: OTHER_LEAD.password });
    const foreign = [await relId("Kalevan Pilvipalvelut Oyj"), await relId("Datanäkö Oy")];
    const data = await compare(`${foreign.map((id) => `r=${id}`).join("&")}&r=${otherRelationshipId}&chain=1`, cookie);
    expect(data.table.partners.map((p) => p.id)).toEqual([]);
    expect(data.state.ids).toEqual([otherRelationshipId]);
    expect(data.unavailable).toBe(2);
    expect(data.picker.chains.map((c) => c.id)).toEqual([otherChainId]);
    expect(data.picker.options.map((o) => o.id)).toEqual([otherRelationshipId]);
    expect(JSON.stringify(data)).not.toContain("Kalevan");
  });

  it("shows a supplier only its own relationship", async () => {
    const own = await relId("Kipinä AI Oy");
    const data = await compare(`r=${own}&r=${await relId("Kalevan Pilvipalvelut Oyj")}`, await signInAs(demo.supplierBStaff));
    expect(data.state.ids).toEqual([own]);
    expect(data.tooFew).toBe(true);
    expect(data.picker.options.map((o) => o.id)).toEqual([own]);
  });
});

describe("compare exports", () => {
  /** The file's rows; it must start with a UTF-8 BOM so Excel reads ä and ö right. */
  async function csvRows(res: Response, sep: string): Promise<string[][]> {
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const parsed = Papa.parse<string[]>(text.trim(), { delimiter: sep });
    expect(parsed.errors).toEqual([]);
    return parsed.data;
  }

  it("writes the same numbers as the page to CSV (English: comma, decimal point) and drops foreign ids", async () => {
    const ids = [await relId("Kalevan Pilvipalvelut Oyj"), await relId("Kipinä AI Oy"), await relId("Hotelli Saimaanranta Oy")];
    const query = `${ids.map((id) => `r=${id}`).join("&")}&r=${otherRelationshipId}&side=gap`;
    const cookie = await lead("en");
    const page = await compare(query, cookie);
    const res = (await run(compareExport.loader, get(`/compare/export?${query}&format=csv`, cookie))) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    expect(res.headers.get("Content-Disposition")).toContain("comparison-2026-Q3-gap.csv");
    const rows = await csvRows(res, ",");
    for (const name of OTHER_NAMES) expect(JSON.stringify(rows)).not.toContain(name);
    expect(rows[0].length).toBe(1 + 3 * page.table.partners.length);
    page.table.rows.forEach((row, r) => {
      const line = rows[r + 1];
      row.cells.forEach((cell, i) => {
        if (cell.kind !== "figure") return;
        const written = line[1 + 3 * i];
        if (cell.value === null) expect(written).toBe("no data");
        else expect(Number(written)).toBe(cell.value);
        if (cell.weightPercent != null) expect(Number(line[2 + 3 * i])).toBe(cell.weightPercent);
        if (cell.delta != null) expect(Number(line[3 + 3 * i])).toBe(cell.delta);
      });
    });
  });

  it("writes Finnish CSV with semicolons and decimal commas", async () => {
    const ids = [await relId("Kalevan Pilvipalvelut Oyj"), await relId("Datanäkö Oy")];
    const query = ids.map((id) => `r=${id}`).join("&");
    const cookie = await lead("fi");
    const page = await compare(query, cookie);
    const res = (await run(compareExport.loader, get(`/compare/export?${query}&format=csv`, cookie))) as Response;
    const rows = await csvRows(res, ";");
    const scoreLine = rows.find((r) => r[0] === "Suhteen pisteet")!;
    const scores = page.table.rows.find((r) => r.key === "score")!.cells.map((c) => (c.kind === "figure" ? c.value : null));
    expect(scoreLine[1]).toBe(scores[0]!.toFixed(1).replace(".", ","));
    expect(scoreLine[4]).toBe(scores[1]!.toFixed(1).replace(".", ","));
  });

  it("writes the same numbers as the page to .xlsx", async () => {
    const ids = [await relId("Verkkotaito Oy"), await relId("Asiakaspalvelu Aalto Oy"), await relId("Maksuvirta Oyj")];
    const query = `${ids.map((id) => `r=${id}`).join("&")}&side=customer`;
    const page = await compare(query);
    const res = (await run(compareExport.loader, get(`/compare/export?${query}&format=xlsx`, await lead()))) as Response;
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    page.table.rows.forEach((row, r) => {
      const line = sheet.getRow(r + 2);
      row.cells.forEach((cell, i) => {
        if (cell.kind !== "figure") return;
        expect(line.getCell(2 + 3 * i).value).toBe(cell.value === null ? "ei tietoa" : cell.value);
        expect(line.getCell(3 + 3 * i).value ?? null).toBe(cell.weightPercent ?? null);
      });
    });
  });

  it("refuses an unknown format and sends a signed-out visitor to the login", async () => {
    const bad = (await run(compareExport.loader, get(`/compare/export?format=pdf`, await lead()))) as Response;
    expect(bad.status).toBe(400);
    const anonymous = (await run(compareExport.loader, get(`/compare/export?r=1&r=2&format=csv`))) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/login");
  });
});

describe("compare picker: every option as the tables hold it", () => {
  type OptionRow = {
    id: number;
    service_name: string;
    chain_name: string;
    focal: number;
    provider_id: number;
    provider_name: string;
    provider_size: string | null;
    customer_id: number;
    customer_name: string;
    lifecycle_stage: string;
    criticality: string;
  };
  /** An option computed here from the tables, independently of the app's query. */
  async function expectedOption(id: number) {
    const r = (await sqlite
      .prepare(
        `select r.id, r.service_name, ch.name as chain_name, ch.focal_organisation_id as focal, p.id as provider_id, p.name as provider_name,
                p.size_class as provider_size, c.id as customer_id, c.name as customer_name, r.lifecycle_stage, r.criticality
           from relationships r join chains ch on ch.id = r.chain_id join organisations p on p.id = r.provider_id join organisations c on c.id = r.customer_id
          where r.id = ?`,
      )
      .get(id)) as OptionRow;
    const [name, role] =
      r.customer_id === r.focal
        ? [r.provider_name, "supplier"]
        : r.provider_id === r.focal
          ? [r.customer_name, "customer"]
          : [`${r.provider_name} → ${r.customer_name}`, "other"];
    return {
      id: r.id,
      name,
      role,
      serviceName: r.service_name,
      chainName: r.chain_name,
      sizeGroup: r.provider_size ?? "unknown",
      maturity: (await contextFromDatabase(sqlite, r.id, new Date())).maturity,
      stage: r.lifecycle_stage,
      criticality: r.criticality,
    };
  }

  it("lists the lead's relationships with partner, role, service, chain, size, maturity, stage and criticality", async () => {
    const data = await compare("");
    expect(data.picker.options.length).toBeGreaterThan(0);
    for (const option of data.picker.options) expect(option).toEqual(await expectedOption(option.id));
  });

  it("keeps picked relationships listed (first) whatever the search, and the search narrows the rest", async () => {
    const picked = [await relId("Kalevan Pilvipalvelut Oyj"), await relId("Maksuvirta Oyj")];
    const data = await compare(`${picked.map((id) => `r=${id}`).join("&")}&find=Datanäkö`);
    const ids = data.picker.options.map((o) => o.id);
    expect(ids.slice(0, 2).sort()).toEqual([...picked].sort());
    expect(ids.slice(2)).toEqual([await relId("Datanäkö Oy")]);
    for (const option of data.picker.options) expect(option).toEqual(await expectedOption(option.id));
  });
});
