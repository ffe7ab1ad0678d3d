import { TEST_DATABASE_PATH, prepareDemoDatabase } from "../support/test-db";
import Database from "better-sqlite3";
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

let sqlite: Database.Database;
let chainId = 0;
let otherChainId = 0;

async function portfolio(id: number, query = "", cookie?: string): Promise<PortfolioData | Response> {
  return (await run(portfolioPage.loader, get(`/chains/${id}/portfolio?${query}`, cookie ?? (await signInAs(demo.projectLead))), { chainId: String(id) })) as
    PortfolioData | Response;
}

function expectedScore(relationshipId: number, period: string) {
  const rows = sqlite
    .prepare(
      `select s.factor, s.score from assessments a join assessment_scores s on s.assessment_id = a.id
        where a.relationship_id = ? and a.period = ? and a.status = 'submitted' and s.score is not null`,
    )
    .all(relationshipId, period) as { factor: FactorKey; score: number }[];
  const performance: FactorPerformance = {};
  for (const f of FACTORS) {
    const scores = rows.filter((r) => r.factor === f).map((r) => r.score);
    if (scores.length) performance[f] = scores.reduce((a, b) => a + b, 0) / scores.length;
  }
  const now = new Date();
  return scoreRelationship({
    context: contextFromDatabase(sqlite, relationshipId, now),
    performance,
    model: DIGIMENSA_MODEL,
  });
}

beforeAll(async () => {
  await prepareDemoDatabase();
  ({ chainId: otherChainId } = await addOtherCompany());
  sqlite = new Database(TEST_DATABASE_PATH, { readonly: true });
  chainId = (sqlite.prepare("select id from chains where name = 'Verkkokaupan palveluketju'").get() as { id: number }).id;
});

describe("chain portfolio", () => {
  it("lists every relationship of the chain for the project lead, scored as scoreRelationship scores it, by attention priority", async () => {
    const data = (await portfolio(chainId)) as PortfolioData;
    const total = (sqlite.prepare("select count(*) as n from relationships where chain_id = ?").get(chainId) as { n: number }).n;
    expect(data.quarter).toBe("2026-Q3");
    expect(data.attention).toHaveLength(total);
    let withScore = 0;
    for (const row of data.attention) {
      const expected = expectedScore(row.id, "2026-Q3");
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
    const largeIds = sqlite
      .prepare(`select r.id from relationships r join organisations o on o.id = r.provider_id where r.chain_id = ? and o.size_class = 'large'`)
      .all(chainId)
      .map((r) => (r as { id: number }).id);
    const values = largeIds
      .map((id) => expectedScore(id, "2026-Q3").factors.find((f) => f.factor === "compensation")!.performance)
      .filter((v): v is number => v !== null)
      .map((v) => roundHalfUp(v, 2));
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
