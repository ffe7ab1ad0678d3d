import { TEST_DATABASE_PATH, prepareDemoDatabase } from "../support/test-db";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed/demo";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { DIGIMENSA_MODEL } from "~/domain/importance-model";
import { effectiveMaturity } from "~/domain/maturity";
import { scoreRelationship } from "~/domain/scoring";
import { isStartup } from "~/domain/size-class";
import * as chainPage from "~/routes/_app.chains.$chainId";
import * as chainsPage from "~/routes/_app.chains._index";
import * as login from "~/routes/login";
import { cookieFrom, get, post, run } from "../support/remix";

type ChainList = { chains: Array<{ id: number; name: string; relationshipCount: number }> };
type ChainData = Awaited<ReturnType<typeof chainPage.loader>>;

const cookies: Record<string, string> = {};
let sqlite: Database.Database;

async function sessionOf(index: number): Promise<string> {
  const account = DEMO_ACCOUNTS[index];
  if (!cookies[account.email]) {
    const res = (await run(login.action, post("/login", { email: account.email, password: DEMO_PASSWORD }), {}, { clientIp: "10.1.0.1" })) as Response;
    expect(res.status).toBe(302);
    cookies[account.email] = cookieFrom(res);
  }
  return cookies[account.email];
}

function allRelationships(chain: ChainData["chain"]) {
  return [...chain.upstream, ...chain.downstream, ...chain.other];
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = new Database(TEST_DATABASE_PATH, { readonly: true });
});

describe("chains list", () => {
  it("shows company staff every relationship of the chain", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await sessionOf(1)))) as ChainList;
    expect(chains.length).toBeGreaterThan(0);
    for (const chain of chains) {
      const total = sqlite.prepare("select count(*) as n from relationships where chain_id = ?").get(chain.id) as { n: number };
      expect(chain.relationshipCount).toBe(total.n);
    }
  });

  it("shows a supplier user only the relationships its organisation is a party to", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await sessionOf(4)))) as ChainList;
    expect(chains.length).toBeGreaterThan(0);
    const orgId = (sqlite
      .prepare("select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ?")
      .get(DEMO_ACCOUNTS[4].email) as { id: number }).id;
    for (const chain of chains) {
      const own = sqlite
        .prepare("select count(*) as n from relationships where chain_id = ? and (provider_id = ? or customer_id = ?)")
        .get(chain.id, orgId, orgId) as { n: number };
      expect(chain.relationshipCount).toBe(own.n);
    }
  });
});

describe("chain view", () => {
  it("lays the chain out as suppliers -> company -> end customers for company staff", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await sessionOf(1)))) as ChainList;
    const data = (await run(chainPage.loader, get(`/chains/${chains[0].id}`, await sessionOf(1)), { chainId: String(chains[0].id) })) as ChainData;
    const focal = data.chain.focal.id;
    expect(data.chain.upstream.length).toBeGreaterThan(0);
    expect(data.chain.downstream.length).toBeGreaterThan(0);
    for (const r of data.chain.upstream) expect(r.customer.id).toBe(focal);
    for (const r of data.chain.downstream) expect(r.provider.id).toBe(focal);
  });

  it("hides every other supplier from a supplier's user, names included", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await sessionOf(4)))) as ChainList;
    const chainId = chains[0].id;
    const data = (await run(chainPage.loader, get(`/chains/${chainId}`, await sessionOf(4)), { chainId: String(chainId) })) as ChainData;
    const visible = allRelationships(data.chain);
    const visibleIds = new Set(visible.map((r) => r.id));
    const hidden = sqlite
      .prepare(
        `select o.name from relationships r join organisations o on o.id = r.provider_id
          where r.chain_id = ? and r.provider_id <> ? `,
      )
      .all(chainId, visible[0].provider.id) as { name: string }[];
    const body = JSON.stringify(data);
    expect(visible.length).toBe(1);
    for (const { name } of hidden) {
      if (name === data.chain.focal.name) continue;
      expect(body).not.toContain(name);
    }
    expect(visibleIds.size).toBe(1);
  });

  it("answers an unknown or malformed chain id with 404", async () => {
    const cookie = await sessionOf(1);
    const unknown = (await run(chainPage.loader, get("/chains/999999", cookie), { chainId: "999999" })) as Response;
    expect(unknown.status).toBe(404);
    const malformed = (await run(chainPage.loader, get("/chains/abc", cookie), { chainId: "abc" })) as Response;
    expect(malformed.status).toBe(404);
  });

  it("answers a chain outside the user's organisations with 404", async () => {
    // A chain where the end-customer user's organisation is not a party at all.
    const orgId = (sqlite
      .prepare("select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ?")
      .get(DEMO_ACCOUNTS[5].email) as { id: number }).id;
    const foreign = sqlite
      .prepare(
        `select c.id from chains c where c.focal_organisation_id <> ?
           and not exists (select 1 from relationships r where r.chain_id = c.id and (r.provider_id = ? or r.customer_id = ?))`,
      )
      .get(orgId, orgId, orgId) as { id: number } | undefined;
    const chainId = foreign?.id ?? 999_998;
    const res = (await run(chainPage.loader, get(`/chains/${chainId}`, await sessionOf(5)), { chainId: String(chainId) })) as Response;
    expect(res.status).toBe(404);
  });

  it("shows each relationship's score exactly as scoreRelationship computes it from the stored assessments", async () => {
    const { chains } = (await run(chainsPage.loader, get("/chains", await sessionOf(1)))) as ChainList;
    const data = (await run(chainPage.loader, get(`/chains/${chains[0].id}`, await sessionOf(1)), { chainId: String(chains[0].id) })) as ChainData;
    const now = new Date();
    let scored = 0;
    for (const rel of allRelationships(data.chain)) {
      const rows = sqlite
        .prepare(
          `select a.period, s.factor, s.score from assessments a join assessment_scores s on s.assessment_id = a.id
            where a.relationship_id = ? and a.status = 'submitted' and s.score is not null`,
        )
        .all(rel.id) as { period: string; factor: FactorKey; score: number }[];
      if (rows.length === 0) {
        expect(rel.score).toBeNull();
        continue;
      }
      const latest = rows.map((r) => r.period).sort().at(-1)!;
      const performance: Partial<Record<FactorKey, number>> = {};
      for (const f of FACTORS) {
        const scores = rows.filter((r) => r.period === latest && r.factor === f).map((r) => r.score);
        if (scores.length) performance[f] = scores.reduce((a, b) => a + b, 0) / scores.length;
      }
      const r = sqlite
        .prepare(
          `select r.start_date, r.maturity_override, r.diversity, r.criticality, r.reference_customer, o.size_class, o.founded_year
             from relationships r join organisations o on o.id = r.provider_id where r.id = ?`,
        )
        .get(rel.id) as {
        start_date: string;
        maturity_override: null | "early" | "developing" | "mature";
        diversity: "uniform" | "mixed" | "diverse";
        criticality: "low" | "medium" | "high" | "critical";
        reference_customer: number;
        size_class: "micro" | "small" | "medium" | "large";
        founded_year: number;
      };
      const expected = scoreRelationship({
        context: {
          sizeClass: r.size_class,
          startup: isStartup(r.founded_year, now),
          referenceCustomer: r.reference_customer === 1,
          maturity: effectiveMaturity(r.start_date, r.maturity_override, now)!,
          diversity: r.diversity,
          criticality: r.criticality,
        },
        performance,
        model: DIGIMENSA_MODEL,
      });
      expect(rel.score?.period).toBe(latest);
      expect(rel.score?.value).toBe(expected.score);
      expect(rel.score?.attentionPriority).toBe(expected.attentionPriority);
      expect(rel.score?.modelVersion).toBe(1);
      expect(rel.score?.factors.map((f) => f.weight)).toEqual(expected.factors.map((f) => f.weight));
      scored++;
    }
    expect(scored).toBeGreaterThan(3);
  });
});
