import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { DIGIMENSA_MODEL } from "~/domain/importance-model";
import { roundHalfUp, scoreRelationship, type FactorPerformance } from "~/domain/scoring";
import * as portfolioPage from "~/routes/_app+/chains+/$chainId_.portfolio";
import * as portfolioExport from "~/routes/_app+/chains+/$chainId_.portfolio.export";
import { get, run } from "../support/remix";
import { OTHER_LEAD, OTHER_NAMES, addOtherCompany } from "./compare-fixtures";
import { demo, signInAs } from "../support/sign-in";
import { contextFromDatabase } from "../support/expected-context";

type PortfolioData = Awaited<ReturnType<typeof portfolioPage.loader>>;

let sqlite: TestSql;
let chainId = 0;
let otherChainId = 0;

async function portfolio(id: number, query = "", cookie?: string): Promise<PortfolioData | Response> {
  return (await run(portfolioPage.loader, get(`/chains/${id}/portfolio?${query}`, cookie ?? (await signInAs(demo.projectLead))), { chainId: String(id) })) as
    PortfolioData | Response;
}

async function expectedScore(relationshipId: number, period: string) {
  const rows = (await sqlite
    .prepare(
      `select s.factor, s.score from assessments a join assessment_scores s on s.assessment_id = a.id
        where a.relationship_id = ? and a.period = ? and a.status = 'submitted' and s.score is not null`,
    )
    .all(relationshipId, period)) as { factor: FactorKey; score: number }[];
  const performance: FactorPerformance = {};
  for (const f of FACTORS) {
    const scores = rows.filter((r) => r.factor === f).map((r) => r.score);
    if (scores.length) performance[f] = scores.reduce((a, b) => a + b, 0) / scores.length;
  }
  const now = new Date();
  return scoreRelationship({
    context: await contextFromDatabase(sqlite, relationshipId, now),
    performance,
    model: DIGIMENSA_MODEL,
  });
}

beforeAll(async () => {
  await prepareDemoDatabase();
  ({ chainId: otherChainId } = await addOtherCompany());
  sqlite = openTestSql();
  chainId = ((await sqlite.prepare("select id from chains where name = 'Verkkokaupan palveluketju'").get()) as { id: number }).id;
});

describe("chain portfolio", () => {
  it("lists every relationship of the chain for the project lead, scored as scoreRelationship scores it, by attention priority", async () => {
    const data = (await portfolio(chainId)) as PortfolioData;
    const total = ((await sqlite.prepare("select count(*) as n from relationships where chain_id = ?").get(chainId)) as { n: number }).n;
    expect(data.quarter).toBe("2026-Q3");
    expect(data.attention).toHaveLength(total);
    let withScore = 0;
    for (const row of data.attention) {
      const expected = await expectedScore(row.id, "2026-Q3");
      expect(row.score).toBe(expected.score);
      expect(row.attention).toBe(expected.attentionPriority === null ? null : roundHalfUp(expected.attentionPriority, 1));
      expect(row.criticalAndWeak).toBe(row.score !== null && row.score < 50 && (row.criticality === "high" || row.criticality === "critical"));
      if (row.score !== null) withScore++;
    }
    // Highest attention first; relationships without data last, unranked.
    const attention = data.attention.map((r) => r.attention);
    const ranked = attention.filter((a): a is number => a !== null);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    expect(attention.slice(ranked.length).every((a) => a === null)).toBe(true);
    expect(data.attention.filter((r) => r.rank !== null).map((r) => r.rank)).toEqual(ranked.map((_, i) => i + 1));
    // The scatter places exactly the scored ones; the rest are named as unplaced.
    expect(data.points).toHaveLength(withScore);
    expect(data.unplaced).toHaveLength(total - withScore);
    expect(data.criticalAndWeakCount).toBe(data.attention.filter((r) => r.criticalAndWeak).length);
  });

  it("averages factor performance by size class, maturity and diversity next to the model's importance", async () => {
    const data = (await portfolio(chainId)) as PortfolioData;
    const total = data.attention.length;
    for (const groups of [data.bySize, data.byMaturity, data.byDiversity]) {
      expect(groups.reduce((n, g) => n + g.count, 0)).toBe(total);
    }
    const large = data.bySize.find((g) => g.value === "large")!;
    expect(large.predicted?.compensation).toBe(3);
    expect(large.predicted?.new_business).toBe(2);
    // The large providers' mean compensation: the mean of their shown values.
    const largeIds = (
      await sqlite
        .prepare(`select r.id from relationships r join organisations o on o.id = r.provider_id where r.chain_id = ? and o.size_class = 'large'`)
        .all(chainId)
    ).map((r) => (r as { id: number }).id);
    const performances = await Promise.all(
      largeIds.map(async (id) => (await expectedScore(id, "2026-Q3")).factors.find((f) => f.factor === "compensation")!.performance),
    );
    const values = performances.filter((v): v is number => v !== null).map((v) => roundHalfUp(v, 2));
    expect(large.factors.compensation).toBe(roundHalfUp(values.reduce((a, b) => a + b, 0) / values.length, 2));
  });

  it("shows a supplier only its own relationship", async () => {
    const data = (await portfolio(chainId, "", await signInAs(demo.supplierBStaff))) as PortfolioData;
    expect(data.attention).toHaveLength(1);
    expect(data.attention[0].name).toBe("Kipinä AI Oy");
  });

  it("answers another company's chain, an unknown and a malformed id with 404, and the other lead sees only its own", async () => {
    const other = await signInAs(OTHER_LEAD, { password: OTHER_LEAD.password });
    expect(((await portfolio(chainId, "", other)) as Response).status).toBe(404);
    expect(((await portfolio(999_999)) as Response).status).toBe(404);
    const malformed = (await run(portfolioPage.loader, get("/chains/x/portfolio", await signInAs(demo.projectLead)), { chainId: "x" })) as Response;
    expect(malformed.status).toBe(404);
    expect(((await portfolio(otherChainId)) as Response).status).toBe(404);
    const own = (await portfolio(otherChainId, "", other)) as PortfolioData;
    expect(own.attention.map((r) => r.name)).toEqual([OTHER_NAMES[1]]);
    const exported = (await run(portfolioExport.loader, get(`/chains/${chainId}/portfolio/export?format=csv`, other), {
      chainId: String(chainId),
    })) as Response;
    expect(exported.status).toBe(404);
  });

  it("reads the quarter and side from the URL and reports bad values instead of failing", async () => {
    const q1 = (await portfolio(chainId, "q=2026-Q1&side=customer")) as PortfolioData;
    expect(q1.quarter).toBe("2026-Q1");
    expect(q1.side).toBe("customer");
    const bad = (await portfolio(chainId, "q=last&side=everyone")) as PortfolioData;
    expect(bad.problems.sort()).toEqual(["invalid_quarter", "invalid_side"]);
    expect(bad.quarter).toBe("2026-Q3");
    expect(bad.side).toBe("both");
  });

  it("exports the attention list with the page's numbers as CSV and all four tables as .xlsx", async () => {
    const cookie = await signInAs(demo.projectLead, { locale: "en" });
    const data = (await portfolio(chainId, "", cookie)) as PortfolioData;
    const csv = (await run(portfolioExport.loader, get(`/chains/${chainId}/portfolio/export?format=csv`, cookie), { chainId: String(chainId) })) as Response;
    expect(csv.status).toBe(200);
    const text = new TextDecoder().decode(new Uint8Array(await csv.arrayBuffer()));
    const rows = Papa.parse<string[]>(text.trim(), { delimiter: "," }).data;
    expect(rows[0][0]).toBe("Attention list");
    const body = rows.slice(2, 2 + data.attention.length);
    data.attention.forEach((r, i) => {
      expect(body[i][1]).toBe(r.name);
      expect(body[i][3]).toBe(r.score === null ? "no data" : r.score.toFixed(1));
      expect(body[i][5]).toBe(r.attention === null ? "no data" : r.attention.toFixed(1));
    });

    const xlsx = (await run(portfolioExport.loader, get(`/chains/${chainId}/portfolio/export?format=xlsx`, cookie), { chainId: String(chainId) })) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Attention list", "By provider size", "By maturity", "By diversity"]);
    const sheet = workbook.worksheets[0];
    data.attention.forEach((r, i) => {
      expect(sheet.getRow(i + 2).getCell(4).value).toBe(r.score ?? "no data");
    });
    const sizeSheet = workbook.worksheets[1];
    expect(sizeSheet.getRow(2).getCell(2).value).toBe(data.bySize[0].count);
  });
});

describe("chain portfolio: the attention list in pages", () => {
  const BIG = 30;
  const SCORED = 28;
  let bigChainId = 0;

  /** A chain of the demo company with 30 suppliers: 28 assessed in 2026-Q3 (scores spread), 2 with no data. */
  beforeAll(async () => {
    const db = openTestSql();
    try {
      await db.transaction(async (tx) => {
        const inserted = async (text: string, ...params: unknown[]) => ((await tx.prepare(`${text} returning id`).get(...params)) as { id: number }).id;
        const company = (await tx.prepare("select id from organisations where name = 'Pohjolan Verkkokauppa Oy'").get()) as { id: number };
        const assessor = (await tx.prepare("select id from users where email = ?").get(demo.projectLead.email)) as { id: number };
        bigChainId = await inserted("insert into chains (name, focal_organisation_id) values ('Iso testiketju', ?)", company.id);
        for (let i = 0; i < BIG; i++) {
          const supplier = await inserted(
            "insert into organisations (name, size_class, founded_year) values (?, 'medium', 2000)",
            `Sivutustoimittaja ${i + 1}`,
          );
          const rel = await inserted(
            `insert into relationships (chain_id, provider_id, customer_id, service_name, start_date, lifecycle_stage, diversity, criticality)
             values (?, ?, ?, ?, '2020-01-01', 'active', 'mixed', ?)`,
            bigChainId,
            supplier,
            company.id,
            `Palvelu ${i + 1}`,
            ["low", "medium", "high", "critical"][i % 4],
          );
          if (i >= SCORED) continue;
          const assessment = await inserted(
            `insert into assessments (relationship_id, side, period, organisation_id, assessor_user_id, status, submitted_at)
             values (?, 'customer', '2026-Q3', ?, ?, 'submitted', '2026-10-01T00:00:00.000Z')`,
            rel,
            company.id,
            assessor.id,
          );
          for (const [k, factor] of FACTORS.entries())
            await tx.prepare("insert into assessment_scores (assessment_id, factor, score) values (?, ?, ?)").run(assessment, factor, 1 + ((i + k) % 5));
        }
      });
    } finally {
      await db.close();
    }
  });

  const page = async (query: string) => (await portfolio(bigChainId, query)) as PortfolioData;

  it("shows 25 rows a page by default, ranked over the whole list, with the total and the page count", async () => {
    const first = await page("");
    expect(first.page).toEqual({ page: 1, pageCount: 2, pageSize: 25, total: BIG, offset: 0 });
    expect(first.attention).toHaveLength(25);
    expect(first.attention.map((r) => r.rank)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const second = await page("page=2");
    expect(second.page).toEqual({ page: 2, pageCount: 2, pageSize: 25, total: BIG, offset: 25 });
    expect(second.attention.map((r) => r.rank)).toEqual([26, 27, 28, null, null]);
    // The scatter and the corner count cover the whole chain on every page.
    for (const data of [first, second]) {
      expect(data.points).toHaveLength(SCORED);
      expect(data.unplaced).toHaveLength(BIG - SCORED);
    }
    expect(second.criticalAndWeakCount).toBe(first.criticalAndWeakCount);
  });

  it("pages through exactly the list one long page shows, with the same numbers and statuses", async () => {
    const all = await page("size=100");
    expect(all.page).toEqual({ page: 1, pageCount: 1, pageSize: 100, total: BIG, offset: 0 });
    expect(all.attention).toHaveLength(BIG);
    const pages = [...(await page("page=1")).attention, ...(await page("page=2")).attention];
    expect(pages).toEqual(all.attention);
    // The scatter's ranks are the list's ranks.
    const ranks = new Map(all.attention.map((r) => [r.id, r.rank]));
    for (const p of all.points) expect(p.rank).toBe(ranks.get(p.id));
    // "Compare the top five" takes the top of the whole list, whichever page is shown.
    expect((await page("page=2")).top).toEqual(all.attention.slice(0, 5).map((r) => r.id));
  });

  it("keeps quarter and side while paging, and falls back on a page or size that is not one", async () => {
    const customer = await page("side=customer&q=2026-Q3&page=2");
    expect(customer.side).toBe("customer");
    expect(customer.quarter).toBe("2026-Q3");
    expect(customer.page.page).toBe(2);
    expect((await page("page=99")).page.page).toBe(2);
    const bad = await page("page=x&size=7");
    expect(bad.page).toEqual({ page: 1, pageCount: 2, pageSize: 25, total: BIG, offset: 0 });
    expect((await page("size=50")).attention).toHaveLength(BIG);
  });
});
