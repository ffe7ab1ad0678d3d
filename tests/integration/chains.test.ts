import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORS, type FactorKey, type LifecycleStage, type SizeClass } from "~/domain/factors";
import { DIGIMENSA_MODEL } from "~/domain/importance-model";
import { scoreRelationship } from "~/domain/scoring";
import { writeTransaction } from "~/db.server";
import * as chainPage from "~/routes/_app+/chains+/$chainId";
import * as chainsPage from "~/routes/_app+/chains+/_index";
import { get, run } from "../support/remix";
import { demo, signInAs, type DemoAccount } from "../support/sign-in";
import {
  insertAssessment,
  insertAssessmentScore,
  insertChain,
  insertOrganisation,
  insertRelationship,
  organisationIdOf,
  relationshipIdBetween,
  userIdOf,
} from "../support/factories";
import { contextFromDatabase } from "../support/expected-context";

type ChainList = { chains: Array<{ id: number; name: string; relationshipCount: number }> };
type ChainData = Awaited<ReturnType<typeof chainPage.loader>>;

let sqlite: TestSql;

function allRelationships(chain: ChainData["chain"]) {
  return [...chain.upstream.rows, ...chain.downstream.rows, ...chain.other.rows];
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
});

describe("chains list", () => {
  it("shows company staff every relationship of the chain", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await signInAs(demo.companyStaff)))) as ChainList;
    expect(chains.length).toBeGreaterThan(0);
    for (const chain of chains) {
      const total = (await sqlite.prepare("select count(*) as n from relationships where chain_id = ?").get(chain.id)) as { n: number };
      expect(chain.relationshipCount).toBe(total.n);
    }
  });

  it("shows a supplier user only the relationships its organisation is a party to", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await signInAs(demo.supplierBStaff)))) as ChainList;
    expect(chains.length).toBeGreaterThan(0);
    const orgId = await organisationIdOf(demo.supplierBStaff.email);
    for (const chain of chains) {
      const own = (await sqlite
        .prepare("select count(*) as n from relationships where chain_id = ? and (provider_id = ? or customer_id = ?)")
        .get(chain.id, orgId, orgId)) as { n: number };
      expect(chain.relationshipCount).toBe(own.n);
    }
  });
});

describe("chain view", () => {
  it("lays the chain out as suppliers -> company -> end customers for company staff", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await signInAs(demo.companyStaff)))) as ChainList;
    const data = (await run(chainPage.loader, get(`/chains/${chains[0].id}`, await signInAs(demo.companyStaff)), {
      chainId: String(chains[0].id),
    })) as ChainData;
    const focal = data.chain.focal.id;
    expect(data.chain.upstream.rows.length).toBeGreaterThan(0);
    expect(data.chain.downstream.rows.length).toBeGreaterThan(0);
    // The demo chain fits on one page: the counts equal the rows.
    expect(data.chain.upstream).toMatchObject({ total: 6, matching: 6, page: 1, pageCount: 1, offset: 0 });
    expect(data.chain.downstream).toMatchObject({ total: 8, matching: 8, page: 1, pageCount: 1, offset: 0 });
    expect(data.chain.upstream.rows).toHaveLength(6);
    expect(data.chain.downstream.rows).toHaveLength(8);
    for (const r of data.chain.upstream.rows) expect(r.customer.id).toBe(focal);
    for (const r of data.chain.downstream.rows) expect(r.provider.id).toBe(focal);
  });

  it("hides every other supplier from a supplier's user, names included", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await signInAs(demo.supplierBStaff)))) as ChainList;
    const chainId = chains[0].id;
    const data = (await run(chainPage.loader, get(`/chains/${chainId}`, await signInAs(demo.supplierBStaff)), { chainId: String(chainId) })) as ChainData;
    const visible = allRelationships(data.chain);
    const visibleIds = new Set(visible.map((r) => r.id));
    const hidden = (await sqlite
      .prepare(
        `select o.name from relationships r join organisations o on o.id = r.provider_id
          where r.chain_id = ? and r.provider_id <> ? `,
      )
      .all(chainId, visible[0].provider.id)) as { name: string }[];
    const body = JSON.stringify(data);
    expect(visible.length).toBe(1);
    for (const { name } of hidden) {
      if (name === data.chain.focal.name) continue;
      expect(body).not.toContain(name);
    }
    expect(visibleIds.size).toBe(1);
  });

  it("answers an unknown or malformed chain id with 404", async () => {
    const cookie = await signInAs(demo.companyStaff);
    const unknown = (await run(chainPage.loader, get("/chains/999999", cookie), { chainId: "999999" })) as Response;
    expect(unknown.status).toBe(404);
    const malformed = (await run(chainPage.loader, get("/chains/abc", cookie), { chainId: "abc" })) as Response;
    expect(malformed.status).toBe(404);
  });

  it("answers a chain outside the user's organisations with 404", async () => {
    // A chain where the end-customer user's organisation is not a party at all.
    const orgId = await organisationIdOf(demo.customerStaff.email);
    const foreign = (await sqlite
      .prepare(
        `select c.id from chains c where c.focal_organisation_id <> ?
           and not exists (select 1 from relationships r where r.chain_id = c.id and (r.provider_id = ? or r.customer_id = ?))`,
      )
      .get(orgId, orgId, orgId)) as { id: number } | undefined;
    const chainId = foreign?.id ?? 999_998;
    const res = (await run(chainPage.loader, get(`/chains/${chainId}`, await signInAs(demo.customerStaff)), { chainId: String(chainId) })) as Response;
    expect(res.status).toBe(404);
  });

  it("shows each relationship's score exactly as scoreRelationship computes it from the stored assessments", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await signInAs(demo.companyStaff)))) as ChainList;
    const data = (await run(chainPage.loader, get(`/chains/${chains[0].id}`, await signInAs(demo.companyStaff)), {
      chainId: String(chains[0].id),
    })) as ChainData;
    const now = new Date();
    let scored = 0;
    for (const rel of allRelationships(data.chain)) {
      const rows = (await sqlite
        .prepare(
          `select a.period, s.factor, s.score from assessments a join assessment_scores s on s.assessment_id = a.id
            where a.relationship_id = ? and a.status = 'submitted' and s.score is not null`,
        )
        .all(rel.id)) as { period: string; factor: FactorKey; score: number }[];
      if (rows.length === 0) {
        expect(rel.score).toBeNull();
        continue;
      }
      const latest = rows
        .map((r) => r.period)
        .sort()
        .at(-1)!;
      const performance: Partial<Record<FactorKey, number>> = {};
      for (const f of FACTORS) {
        const scores = rows.filter((r) => r.period === latest && r.factor === f).map((r) => r.score);
        if (scores.length) performance[f] = scores.reduce((a, b) => a + b, 0) / scores.length;
      }
      const expected = scoreRelationship({
        context: await contextFromDatabase(sqlite, rel.id, now),
        performance,
        model: DIGIMENSA_MODEL,
      });
      expect(rel.score?.period).toBe(latest);
      expect(rel.score?.value).toBe(expected.score);
      expect(rel.score?.attentionPriority).toBe(expected.attentionPriority);
      scored++;
    }
    expect(scored).toBeGreaterThan(3);
  });
});

describe("chain view at scale: paging, search and order", () => {
  // A second chain around the demo company, big enough to page: 32 suppliers, 27 end customers and
  // two links that do not touch the company. Named to sort after the demo chain in every list.
  let chainId: number;
  let focalId: number;
  const supplierName = (i: number) => `Testitoimittaja ${String(i).padStart(2, "0")}`;
  const customerName = (i: number) => `Testiasiakas ${String(i).padStart(2, "0")}`;
  type Column = ChainData["chain"]["upstream"];

  async function view(query: string, as: DemoAccount = demo.companyStaff): Promise<ChainData | Response> {
    return (await run(chainPage.loader, get(`/chains/${chainId}${query}`, await signInAs(as)), { chainId: String(chainId) })) as ChainData | Response;
  }
  async function chainOf(query: string, as: DemoAccount = demo.companyStaff): Promise<ChainData["chain"]> {
    const data = await view(query, as);
    if (data instanceof Response) throw new Error(`unexpected ${data.status}`);
    return data.chain;
  }
  const names = (column: Column, side: "provider" | "customer") => column.rows.map((r) => r[side].name);

  beforeAll(async () => {
    {
      const orgOf = (email: string) => organisationIdOf(email);
      focalId = await orgOf(demo.companyStaff.email);
      const kipina = await orgOf(demo.supplierBStaff.email);
      await writeTransaction(async () => {
        const org = (name: string, sizeClass: SizeClass, foundedYear: number) => insertOrganisation({ name, sizeClass, foundedYear });
        const rel = (chainId: number, providerId: number, customerId: number, serviceName: string, lifecycleStage: LifecycleStage) =>
          insertRelationship({
            chainId,
            providerId,
            customerId,
            serviceName,
            startDate: "2024-01-15",
            lifecycleStage,
            diversity: "mixed",
            criticality: "medium",
          });
        chainId = await insertChain({ name: "Zeta-testiketju", focalOrganisationId: focalId });
        const suppliers: number[] = [];
        // Inserted in reverse so that id order is not name order.
        for (let i = 30; i >= 1; i--) {
          const id = await org(supplierName(i), "small", 2010);
          suppliers[i] = id;
          await rel(chainId, id, focalId, i % 2 === 0 ? "Analytiikka" : "Pilvipalvelu", i % 3 === 0 ? "ended" : "active");
        }
        const alykas = await org("Älykäs Ääni Oy", "micro", 2024);
        await rel(chainId, alykas, focalId, "Puheentunnistus", "new");
        await rel(chainId, kipina, focalId, "Tekoälysuositukset", "prospect");
        const customers: number[] = [];
        for (let i = 1; i <= 27; i++) {
          customers[i] = await org(customerName(i), "medium", 1990);
          await rel(chainId, focalId, customers[i], "Verkkokauppa", "active");
        }
        // Scores in different quarters: supplier 01's latest submitted quarter holds only N/A, so its score
        // is from the quarter before; supplier 02's latest is older still.
        const staffId = await userIdOf(demo.companyStaff.email);
        const relOf = async (providerId: number) => relationshipIdBetween(providerId, focalId);
        for (const [providerId, period, value] of [
          [suppliers[1], "2026-Q2", 4],
          [suppliers[1], "2026-Q3", null],
          [suppliers[2], "2026-Q1", 2],
        ] as const) {
          const assessmentId = await insertAssessment({
            relationshipId: await relOf(providerId),
            side: "customer",
            period,
            organisationId: focalId,
            assessorUserId: staffId,
            status: "submitted",
            submittedAt: "2026-10-01T00:00:00Z",
          });
          for (const factor of FACTORS) await insertAssessmentScore({ assessmentId, factor, score: value, notApplicable: value === null });
        }
        // Links that do not involve the company: visible to the chain's project lead and to their parties only.
        await rel(chainId, suppliers[1], suppliers[2], "Alihankinta", "active");
        await rel(chainId, kipina, customers[1], "Suosittelumoottori", "new");
      });
    }
  });

  it("returns 25 rows per column with the counts, and page 2 holds the next rows in name order", async () => {
    const first = await chainOf("");
    expect(first.pageSize).toBe(25);
    expect(first.upstream).toMatchObject({ total: 32, matching: 32, page: 1, pageCount: 2, offset: 0 });
    expect(first.downstream).toMatchObject({ total: 27, matching: 27, page: 1, pageCount: 2, offset: 0 });
    expect(first.upstream.rows).toHaveLength(25);
    expect(first.downstream.rows).toHaveLength(25);

    const second = await chainOf("?up=2");
    expect(second.upstream).toMatchObject({ total: 32, matching: 32, page: 2, pageCount: 2, offset: 25 });
    expect(second.upstream.rows).toHaveLength(7);
    // Moving one column leaves the others where they were.
    expect(second.downstream.page).toBe(1);
    expect(names(second.downstream, "customer")).toEqual(names(first.downstream, "customer"));

    const expected = (
      (await sqlite
        .prepare("select o.name from relationships r join organisations o on o.id = r.provider_id where r.chain_id = ? and r.customer_id = ? order by o.name")
        .all(chainId, focalId)) as { name: string }[]
    ).map((r) => r.name);
    expect(expected).toHaveLength(32);
    expect([...names(first.upstream, "provider"), ...names(second.upstream, "provider")]).toEqual(expected);

    const customers = await chainOf("?down=2");
    expect(names(customers.downstream, "customer")).toEqual([customerName(26), customerName(27)]);
    expect(customers.upstream.page).toBe(1);
  });

  it("clamps a page past the end to the last page and reads a malformed page as the first", async () => {
    const past = await chainOf("?up=99&down=0");
    expect(past.upstream).toMatchObject({ page: 2, offset: 25 });
    expect(past.upstream.rows).toHaveLength(7);
    expect(past.downstream).toMatchObject({ page: 1, offset: 0 });
    const malformed = await chainOf("?up=abc&down=1.5&sort=nonsense");
    expect(malformed.upstream.page).toBe(1);
    expect(malformed.downstream.page).toBe(1);
    expect(malformed.sort).toBe("name");
  });

  it("filters by name or service, case-insensitively and Finnish letters included, and counts the matches", async () => {
    const byService = await chainOf("?q=%20ANALYTIIKKA%20");
    expect(byService.q).toBe("ANALYTIIKKA");
    expect(byService.upstream).toMatchObject({ total: 32, matching: 15, pageCount: 1 });
    expect(new Set(byService.upstream.rows.map((r) => r.serviceName))).toEqual(new Set(["Analytiikka"]));
    expect(byService.downstream).toMatchObject({ total: 27, matching: 0 });
    expect(byService.downstream.rows).toEqual([]);

    const byName = await chainOf(`?q=${encodeURIComponent("äLYKÄS ää")}`);
    expect(names(byName.upstream, "provider")).toEqual(["Älykäs Ääni Oy"]);
    expect(byName.upstream.matching).toBe(1);

    // The column is searched by its counterpart: the company's own name does not match every row.
    const company = await chainOf(`?q=${encodeURIComponent(byName.focal.name)}`);
    expect(company.upstream.matching).toBe(0);
    expect(company.downstream.matching).toBe(0);

    const customers = await chainOf("?q=testiasiakas%202&down=2");
    // Testiasiakas 20–27: one page, so the requested page 2 is clamped to 1.
    expect(customers.downstream).toMatchObject({ matching: 8, page: 1, pageCount: 1 });
    expect(names(customers.downstream, "customer")).toEqual([20, 21, 22, 23, 24, 25, 26, 27].map(customerName));
    expect(customers.upstream.matching).toBe(0);

    // LIKE wildcards are searched for literally.
    for (const wildcard of ["%", "_", "\\"]) {
      const literal = await chainOf(`?q=${encodeURIComponent(wildcard)}`);
      expect(literal.upstream.matching + literal.downstream.matching, wildcard).toBe(0);
    }
  });

  it("never counts or returns relationships the user may not see", async () => {
    // Company staff see the company's own links, not the two links between other parties.
    const staff = await chainOf("");
    expect(staff.other).toMatchObject({ total: 0, matching: 0, rows: [] });
    // The chain's project lead sees those as well.
    const lead = await chainOf("", demo.projectLead);
    expect(lead.other).toMatchObject({ total: 2, matching: 2 });
    expect(lead.other.rows.map((r) => r.serviceName).sort()).toEqual(["Alihankinta", "Suosittelumoottori"]);
    expect(lead.upstream.total).toBe(32);

    // The micro start-up's user: its own two links only, whatever the search.
    const supplier = await chainOf("", demo.supplierBStaff);
    expect(supplier.upstream).toMatchObject({ total: 1, matching: 1, pageCount: 1 });
    expect(supplier.upstream.rows.map((r) => r.serviceName)).toEqual(["Tekoälysuositukset"]);
    expect(supplier.downstream).toMatchObject({ total: 0, rows: [] });
    expect(supplier.other).toMatchObject({ total: 1 });
    const searched = await chainOf("?q=testitoimittaja&up=2", demo.supplierBStaff);
    expect(searched.upstream).toMatchObject({ total: 1, matching: 0, rows: [] });
    expect(searched.other).toMatchObject({ total: 1, matching: 0 });
    expect(JSON.stringify(searched)).not.toContain("Testitoimittaja");
  });

  it("answers a user outside the chain with 404, whatever the query", async () => {
    for (const query of ["", "?up=2&q=Testi", "?sort=score"]) {
      const res = await view(query, demo.customerStaff);
      expect(res instanceof Response ? res.status : 200, query).toBe(404);
    }
  });

  it("orders by lifecycle stage, or by score with the weakest first and unscored last", async () => {
    const byStage = await chainOf("?sort=stage");
    const order = ["suspect", "prospect", "new", "active", "passivating", "passive", "ended"];
    const stages = byStage.upstream.rows.map((r) => order.indexOf(r.stage));
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    expect(byStage.upstream.rows[0].stage).toBe("prospect");

    // The demo chain has scores: score order is a permutation of name order, ascending, nulls last.
    const { chains } = (await run(chainsPage.loader, get("/chains", await signInAs(demo.companyStaff)))) as ChainList;
    const demoChain = chains.find((c) => c.id !== chainId)!.id;
    const load = async (q: string) =>
      ((await run(chainPage.loader, get(`/chains/${demoChain}${q}`, await signInAs(demo.companyStaff)), { chainId: String(demoChain) })) as ChainData).chain;
    const byName = await load("");
    const byScore = await load("?sort=score");
    expect(byScore.sort).toBe("score");
    for (const column of ["upstream", "downstream"] as const) {
      expect(byScore[column].rows.map((r) => r.id).sort()).toEqual(byName[column].rows.map((r) => r.id).sort());
      const values = byScore[column].rows.map((r) => r.score?.value ?? null);
      const scored = values.filter((v): v is number => v !== null);
      expect(scored.length).toBeGreaterThan(2);
      expect(values.slice(0, scored.length)).toEqual([...scored].sort((a, b) => a - b));
      // Each row keeps the score it has in name order.
      for (const r of byScore[column].rows) expect(r.score).toEqual(byName[column].rows.find((n) => n.id === r.id)!.score);
    }
    // In the big chain only suppliers 01 and 02 have scores: they lead, the rest follow in name order, page by page.
    const big = await chainOf("?sort=score");
    expect(names(big.upstream, "provider").slice(0, 2)).toEqual([supplierName(2), supplierName(1)]);
    expect(big.upstream.rows[0].score).toMatchObject({ period: "2026-Q1", value: 25 });
    expect(big.upstream.rows[1].score).toMatchObject({ period: "2026-Q2", value: 75 });
    expect(big.upstream.rows.slice(2).every((r) => r.score === null)).toBe(true);
    const unscored = await chainOf("?sort=score&up=2");
    expect(unscored.upstream.rows).toHaveLength(7);
    const allByName = [...names((await chainOf("")).upstream, "provider"), ...names((await chainOf("?up=2")).upstream, "provider")];
    expect(names(unscored.upstream, "provider")).toEqual(allByName.filter((n) => n !== supplierName(1) && n !== supplierName(2)).slice(23));
  });
});
