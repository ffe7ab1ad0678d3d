/**
 * Home (issues 12 and 13) through the real routes and a real demo database:
 * the assessments due this quarter, needs attention and action required as
 * home, chain, portfolio and relationship page show them (they must agree),
 * "my actions" with overdue ones, and the prefilled new-action form.
 */
import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quarterOf } from "~/domain/period";
import * as home from "~/routes/_app+/_index";
import * as chainPage from "~/routes/_app+/chains+/$chainId";
import * as portfolioPage from "~/routes/_app+/chains+/$chainId_.portfolio";
import * as relationshipPage from "~/routes/_app+/relationships+/$relationshipId._index";
import * as actionEdit from "~/routes/_app+/relationships+/$relationshipId_.actions.$actionId";
import * as actionNew from "~/routes/_app+/relationships+/$relationshipId_.actions.new";
import { get, post, run } from "../support/remix";
import { demoEmails, signInAs } from "../support/sign-in";
import { organisationIdNamed, relationshipIdBetween, userIdOf } from "../support/factories";

type HomeData = Awaited<ReturnType<typeof home.loader>>;
type RelationshipData = Awaited<ReturnType<typeof relationshipPage.loader>>;
type ChainData = Awaited<ReturnType<typeof chainPage.loader>>;
type PortfolioData = Awaited<ReturnType<typeof portfolioPage.loader>>;

const { admin: ADMIN, companyStaff: STAFF, projectLead: LEAD, supplierAAdmin: SUPPLIER_ADMIN, supplierBStaff: STARTUP_STAFF } = demoEmails;
const COMPANY = "Pohjolan Verkkokauppa Oy";
const ENGAGED = ["new", "active", "passivating", "passive"];

const NOW_QUARTER = quarterOf(new Date());
/** Today where the users are (the app's default zone), computed here independently of the app. */
const TODAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

let sqlite: TestSql;

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
}, 60_000);
afterAll(() => sqlite?.close());

const homeOf = async (email: string) => (await run(home.loader, get("/", await signInAs(email)))) as HomeData;
const relationshipOf = async (email: string, id: number) =>
  (await run(relationshipPage.loader, get(`/relationships/${id}`, await signInAs(email)), { relationshipId: String(id) })) as RelationshipData;

async function userId(email: string): Promise<number> {
  return userIdOf(email);
}
async function organisationId(name: string): Promise<number> {
  return organisationIdNamed(name);
}
async function relationshipIdOf(providerName: string, customerName = COMPANY): Promise<number> {
  return relationshipIdBetween(await organisationIdNamed(providerName), await organisationIdNamed(customerName));
}

/** Relationships where `organisation`'s side has not submitted the current quarter, straight from the tables. */
async function outstandingFor(organisation: number): Promise<number[]> {
  return (
    (await sqlite
      .prepare(
        `select r.id from relationships r
          where (r.provider_id = @org or r.customer_id = @org)
            and r.lifecycle_stage in (${ENGAGED.map((s) => `'${s}'`).join(",")})
            and not exists (select 1 from assessments a where a.relationship_id = r.id and a.period = @period and a.status = 'submitted'
                              and a.side = case when r.provider_id = @org then 'provider' else 'customer' end)
          order by r.id`,
      )
      .all({ org: organisation, period: NOW_QUARTER })) as { id: number }[]
  ).map((r) => r.id);
}

describe("home: assessments due this quarter", () => {
  it("keeps a relationship with only a draft on the list, as the user's draft to continue, until the side submits", async () => {
    const emilia = await homeOf(STARTUP_STAFF);
    const relationship = await relationshipIdOf("Kipinä AI Oy");
    const draft = (await sqlite
      .prepare("select id from assessments where relationship_id = ? and period = ? and status = 'draft' and assessor_user_id = ?")
      .get(relationship, NOW_QUARTER, await userId(STARTUP_STAFF))) as { id: number } | undefined;
    expect(draft).toBeDefined();
    // The draft is listed in both boxes: the box never says "nothing due" beside an open draft.
    expect(emilia.home.drafts.map((d) => d.assessmentId)).toContain(draft!.id);
    expect(emilia.home.due).toEqual([
      expect.objectContaining({
        relationshipId: relationship,
        period: NOW_QUARTER,
        readOnly: false,
        draft: expect.objectContaining({ assessmentId: draft!.id }),
      }),
    ]);
    expect(emilia.home.due.map((d) => d.relationshipId)).toEqual(await outstandingFor(await organisationId("Kipinä AI Oy")));
  });

  it("lists a company writer's outstanding assessments, a colleague's draft included, and drops one once submitted", async () => {
    const company = await organisationId(COMPANY);
    const staff = await homeOf(STAFF);
    const expected = await outstandingFor(company);
    expect(expected.length).toBeGreaterThan(2);
    expect(staff.home.due.map((d) => d.relationshipId).sort((a, b) => a - b)).toEqual(expected);
    expect(staff.home.due.every((d) => !d.readOnly && d.period === NOW_QUARTER)).toBe(true);

    // Another writer of the company starts a draft: work in progress, still due.
    const [first, second] = expected;
    const rel = (await sqlite.prepare("select provider_id from relationships where id = ?").get(first)) as { provider_id: number };
    const side = rel.provider_id === company ? "provider" : "customer";
    const colleague = (
      (await sqlite
        .prepare(
          "select u.id from users u join memberships m on m.user_id = u.id where m.organisation_id = ? and m.role in ('staff', 'org_admin') and u.email <> ?",
        )
        .get(company, STAFF)) as { id: number }
    ).id;
    await sqlite
      .prepare("insert into assessments (relationship_id, side, period, organisation_id, assessor_user_id, status) values (?, ?, ?, ?, ?, 'draft')")
      .run(first, side, NOW_QUARTER, company, colleague);
    expect((await homeOf(STAFF)).home.due.map((d) => d.relationshipId)).toContain(first);

    // Once the side submits, it is done for everyone on that side: writers and readers.
    await sqlite
      .prepare("update assessments set status = 'submitted', submitted_at = ? where relationship_id = ? and period = ? and assessor_user_id = ?")
      .run(new Date().toISOString(), first, NOW_QUARTER, colleague);
    const after = await homeOf(STAFF);
    expect(after.home.due.map((d) => d.relationshipId)).not.toContain(first);
    expect(after.home.due.map((d) => d.relationshipId)).toContain(second);
    expect((await homeOf(LEAD)).home.due.map((d) => d.relationshipId)).not.toContain(first);
  });

  it("shows a read-only project lead what is outstanding for her organisation, marked read-only", async () => {
    const lead = await homeOf(LEAD);
    const expected = await outstandingFor(await organisationId(COMPANY));
    expect(expected.length).toBeGreaterThan(0);
    expect(lead.home.due.map((d) => d.relationshipId).sort((a, b) => a - b)).toEqual(expected);
    for (const d of lead.home.due) expect(d).toMatchObject({ readOnly: true, draft: null, period: NOW_QUARTER });
    // She writes for no one, so nothing else changed: no drafts offered.
    expect(lead.home.drafts).toEqual([]);
  });
});

type Flags = { kinds: string[]; actionRequired: boolean };
const key = (f: Flags) => JSON.stringify({ kinds: [...f.kinds].sort(), actionRequired: f.actionRequired });

describe("needs attention: home, chain, portfolio and relationship page agree", () => {
  it.each([ADMIN, STAFF, LEAD])("computes the same flag for every relationship %s sees, through all four pages", async (email) => {
    const cookie = await signInAs(email);
    const fromHome = new Map<number, Flags>();
    const homeData = await homeOf(email);
    expect(homeData.home.more.relationships).toBe(0);
    for (const r of homeData.home.relationships) fromHome.set(r.id, { kinds: r.attention.map((a) => a.kind), actionRequired: r.actionRequired !== null });

    const chains = (await sqlite.prepare("select distinct chain_id as id from relationships").all()) as { id: number }[];
    const fromChain = new Map<number, Flags>();
    const fromPortfolio = new Map<number, Flags>();
    for (const { id: chainId } of chains) {
      const chain = (await run(chainPage.loader, get(`/chains/${chainId}`, cookie), { chainId: String(chainId) })) as ChainData;
      for (const column of [chain.chain.upstream, chain.chain.downstream, chain.chain.other]) {
        expect(column.pageCount).toBe(1);
        for (const r of column.rows) fromChain.set(r.id, { kinds: r.needsAttention, actionRequired: r.actionRequired });
      }
      const portfolio = (await run(portfolioPage.loader, get(`/chains/${chainId}/portfolio`, cookie), { chainId: String(chainId) })) as PortfolioData;
      for (const r of portfolio.attention) fromPortfolio.set(r.id, { kinds: r.needsAttention, actionRequired: r.actionRequired });
    }
    const fromPage = new Map<number, Flags>();
    for (const id of fromHome.keys()) {
      const page = await relationshipOf(email, id);
      fromPage.set(id, { kinds: page.attention.map((a) => a.kind), actionRequired: page.actionRequired !== null });
    }

    expect(fromHome.size).toBeGreaterThan(0);
    const ids = [...fromHome.keys()].sort((a, b) => a - b);
    expect([...fromChain.keys()].sort((a, b) => a - b)).toEqual(ids);
    expect([...fromPortfolio.keys()].sort((a, b) => a - b)).toEqual(ids);
    for (const id of ids) {
      const expected = key(fromHome.get(id)!);
      expect({ id, chain: key(fromChain.get(id)!) }).toEqual({ id, chain: expected });
      expect({ id, portfolio: key(fromPortfolio.get(id)!) }).toEqual({ id, portfolio: expected });
      expect({ id, page: key(fromPage.get(id)!) }).toEqual({ id, page: expected });
    }
    // Some relationships are flagged and some are not, so the agreement is not an agreement on nothing.
    expect(ids.some((id) => fromHome.get(id)!.kinds.length > 0)).toBe(true);
    expect(ids.some((id) => fromHome.get(id)!.kinds.length === 0)).toBe(true);
  });

  it("flags every score in the lowest band (below 50 by default) with that reason, and only those", async () => {
    const data = await homeOf(STAFF);
    const scored = data.home.relationships.filter((r) => r.score?.value != null);
    expect(scored.some((r) => r.score!.value! < 50)).toBe(true);
    expect(scored.some((r) => r.score!.value! >= 50)).toBe(true);
    for (const r of scored) {
      const poor = r.attention.find((a) => a.kind === "poor_score");
      expect({ id: r.id, poor: poor !== undefined }).toEqual({ id: r.id, poor: r.score!.value! < 50 });
      if (poor?.kind === "poor_score") {
        expect(poor).toMatchObject({ score: r.score!.value, period: r.score!.period, bandMin: 0, bandMax: 49.9 });
        expect(poor.criticalAndWeak).toBe(r.criticality === "high" || r.criticality === "critical");
      }
    }
  });

  it("flags the relationship at 28.6 with high criticality, which the portfolio puts in the critical-and-weak corner", async () => {
    const id = await relationshipIdOf(COMPANY, "Järvikaupungin Tilapalvelut Oy");
    const data = await homeOf(STAFF);
    const rel = data.home.relationships.find((r) => r.id === id)!;
    expect(rel.criticality).toBe("high");
    expect(rel.score?.value).toBe(28.6);
    expect(rel.attention).toContainEqual(expect.objectContaining({ kind: "poor_score", score: 28.6, criticalAndWeak: true }));
    expect(data.home.flagged.map((r) => r.id)).toContain(id);

    const chainId = ((await sqlite.prepare("select chain_id from relationships where id = ?").get(id)) as { chain_id: number }).chain_id;
    const portfolio = (await run(portfolioPage.loader, get(`/chains/${chainId}/portfolio`, await signInAs(STAFF)), {
      chainId: String(chainId),
    })) as PortfolioData;
    const row = portfolio.attention.find((r) => r.id === id)!;
    expect(row).toMatchObject({ score: 28.6, criticalAndWeak: true });
    expect(row.needsAttention).toContain("poor_score");
    // Every relationship in the corner (the portfolio's quarter is the latest scored one here) needs attention with that reason.
    for (const r of portfolio.attention.filter((x) => x.criticalAndWeak)) expect(r.needsAttention).toContain("poor_score");
    expect(portfolio.criticalAndWeakCount).toBe(portfolio.attention.filter((x) => x.criticalAndWeak).length);
  });
});

describe("action required: a poor score on a high or critical service asks for an action on its weakest factor", () => {
  const id = () => relationshipIdOf(COMPANY, "Järvikaupungin Tilapalvelut Oy");

  it("shows it on home and the relationship page until an open action for the weakest factor exists", async () => {
    const page = await relationshipOf(STAFF, await id());
    const weakest = page.priorities[0].factor;
    expect(page.actionRequired).toMatchObject({ factor: weakest, score: 28.6, criticality: "high" });
    // The demo's open action on this relationship is for another factor, so it does not answer the requirement.
    const open = (await sqlite
      .prepare("select factor from development_actions where relationship_id = ? and status in ('planned', 'in_progress')")
      .all(await id())) as {
      factor: string | null;
    }[];
    expect(open.length).toBeGreaterThan(0);
    expect(open.map((a) => a.factor)).not.toContain(weakest);
    const before = await homeOf(STAFF);
    const relationshipId = await id();
    expect(before.home.relationships.find((r) => r.id === relationshipId)!.actionRequired).toMatchObject({ factor: weakest });
    expect(before.home.actionRequiredCount).toBeGreaterThan(0);
    // A low-criticality poor score needs attention but asks for no action.
    const lowPoor = before.home.relationships.find((r) => r.criticality === "low" && r.attention.some((a) => a.kind === "poor_score"));
    expect(lowPoor).toBeDefined();
    expect(lowPoor!.actionRequired).toBeNull();

    // Plan the action through the prefilled form's route.
    const lauraId = await userId(LEAD);
    const fields = {
      title: "Tiedonjakopalaveri kuukausittain",
      phase: "continuous_learning",
      factor: weakest,
      ownerUserId: String(lauraId),
      status: "planned",
    };
    const created = (await run(actionNew.action, post(`/relationships/${await id()}/actions/new`, fields, await signInAs(STAFF)), {
      relationshipId: String(await id()),
    })) as Response;
    expect(created.status).toBe(302);
    const actionId = ((await sqlite.prepare("select id from development_actions where title = ?").get(fields.title)) as { id: number }).id;

    const answered = await relationshipOf(STAFF, await id());
    expect(answered.actionRequired).toBeNull();
    // Still poor: it still needs attention, for the same reason.
    expect(answered.attention.map((a) => a.kind)).toContain("poor_score");
    expect((await homeOf(STAFF)).home.relationships.find((r) => r.id === relationshipId)!.actionRequired).toBeNull();

    // Done is not open: while the score stays poor, the requirement returns.
    const done = (await run(
      actionEdit.action,
      post(`/relationships/${await id()}/actions/${actionId}`, { ...fields, status: "done", outcomeNote: "Pidetty kerran." }, await signInAs(STAFF)),
      { relationshipId: String(await id()), actionId: String(actionId) },
    )) as Response;
    expect(done.status).toBe(302);
    expect((await relationshipOf(STAFF, await id())).actionRequired).toMatchObject({ factor: weakest });
  });

  it("prefills the new-action form with the factor from the link, and ignores anything else", async () => {
    const cookie = await signInAs(STAFF);
    const load = async (query: string) =>
      (await run(actionNew.loader, get(`/relationships/${await id()}/actions/new${query}`, cookie), { relationshipId: String(await id()) })) as {
        prefill: { factor?: string };
      };
    expect((await load("?factor=trust")).prefill).toEqual({ factor: "trust" });
    expect((await load("?factor=knowledge")).prefill).toEqual({ factor: "knowledge" });
    expect((await load("?factor=drop%20table")).prefill).toEqual({});
    expect((await load("")).prefill).toEqual({});
    // A reader still gets 403, prefill or not.
    const reader = (await run(actionNew.loader, get(`/relationships/${await id()}/actions/new?factor=trust`, await signInAs(LEAD)), {
      relationshipId: String(await id()),
    })) as Response;
    expect(reader.status).toBe(403);
  });
});

describe("home: my actions, with due dates and overdue ones flagged", () => {
  type Row = { id: number; owner_user_id: number | null; due_date: string | null; status: string };
  /** Open actions owned by the user or one of their organisations, from the tables, in the page's order. */
  async function expectedActions(email: string): Promise<Row[]> {
    const user = await userId(email);
    return (await sqlite
      .prepare(
        `select a.id, a.owner_user_id, a.due_date, a.status from development_actions a
          where a.status in ('planned', 'in_progress')
            and (a.owner_user_id = @user or a.owner_organisation_id in (select organisation_id from memberships where user_id = @user))
          order by a.due_date is null, a.due_date, a.id`,
      )
      .all({ user })) as Row[];
  }

  it.each([STAFF, LEAD, SUPPLIER_ADMIN, STARTUP_STAFF])("lists %s's and their organisation's open actions, earliest due first", async (email) => {
    const data = await homeOf(email);
    const expected = await expectedActions(email);
    expect(data.home.actions.map((a) => a.id)).toEqual(expected.map((a) => a.id));
    for (const [i, a] of data.home.actions.entries()) {
      expect(a.mine).toBe(expected[i].owner_user_id === (await userId(email)));
      expect(a.dueDate).toBe(expected[i].due_date);
      expect(a.overdue).toBe(expected[i].due_date !== null && expected[i].due_date! < TODAY);
    }
    expect(data.home.overdueActions).toBe(expected.filter((a) => a.due_date !== null && a.due_date < TODAY).length);
  });

  it("shows the other party's actions on a shared relationship to that party only", async () => {
    const hosting = await relationshipIdOf("Kalevan Pilvipalvelut Oyj");
    const fields = {
      title: "Yrityksen oma toimenpide",
      phase: "measurement",
      factor: "knowledge",
      ownerUserId: String(await userId(STAFF)),
      status: "in_progress",
      dueDate: "2027-02-01",
    };
    const created = (await run(actionNew.action, post(`/relationships/${hosting}/actions/new`, fields, await signInAs(STAFF)), {
      relationshipId: String(hosting),
    })) as Response;
    expect(created.status).toBe(302);
    const actionId = ((await sqlite.prepare("select id from development_actions where title = ?").get(fields.title)) as { id: number }).id;
    const staff = await homeOf(STAFF);
    expect(staff.home.actions.find((a) => a.id === actionId)).toMatchObject({ mine: true, dueDate: "2027-02-01", overdue: false });
    // The supplier sees the relationship, but the action is the company's: not in the supplier's "my actions".
    const supplier = await homeOf(SUPPLIER_ADMIN);
    expect(supplier.home.actions.map((a) => a.id)).not.toContain(actionId);
    expect(supplier.home.actions.length).toBeGreaterThan(0);
    // Nor in an unrelated start-up's.
    expect((await homeOf(STARTUP_STAFF)).home.actions.map((a) => a.id)).not.toContain(actionId);
  });

  it("flags an open action past its due date on home and on the relationship page, and not a done one", async () => {
    const hosting = await relationshipIdOf("Kalevan Pilvipalvelut Oyj");
    const rows = (await sqlite.prepare("select id, status from development_actions where relationship_id = ? order by id").all(hosting)) as {
      id: number;
      status: string;
    }[];
    const open = rows.find((a) => a.status === "in_progress" || a.status === "planned")!;
    const done = rows.find((a) => a.status === "done")!;
    await sqlite.prepare("update development_actions set due_date = '2026-01-15' where id in (?, ?)").run(open.id, done.id);

    const page = await relationshipOf(SUPPLIER_ADMIN, hosting);
    expect(page.actions.find((a) => a.id === open.id)).toMatchObject({ overdue: true, dueDate: "2026-01-15" });
    expect(page.actions.find((a) => a.id === done.id)).toMatchObject({ overdue: false });
    const supplier = await homeOf(SUPPLIER_ADMIN);
    expect(supplier.home.actions.find((a) => a.id === open.id)).toMatchObject({ overdue: true });
    expect(supplier.home.overdueActions).toBeGreaterThan(0);
    // The earliest due comes first.
    expect(supplier.home.actions[0].id).toBe(open.id);
  });
});
