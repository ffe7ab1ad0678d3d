import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendRoundReminders } from "~/jobs/round-jobs.server";
import { runScheduledWork } from "~/jobs/scheduled-work.server";
import { currentRoundQuarter, closeRound, getRound, listRounds, openRound, type OwnerRoundView } from "~/models/rounds.server";
import type { OpenRoundInput } from "~/forms/rounds";
import { roundToday } from "~/domain/rounds";
import * as newRound from "~/routes/_app+/rounds+/new";
import * as roundPage from "~/routes/_app+/rounds+/$roundId";
import * as roundsList from "~/routes/_app+/rounds+/_index";
import { get, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { organisationIdNamed, userIdOf } from "../support/factories";
import { actingUser, assessmentBy, fixtureSuppliers, postForm, type FixtureSupplier } from "./rounds-fixtures";

type DataResult<T> = { data: T; init: { status: number } | null };
type Reply = { result: { error?: Record<string, string[] | null> } };

let sqlite: TestSql;
let chainId: number;
let companyId: number;
let s: FixtureSupplier[];

const count = async (sql: string, ...params: unknown[]) => Number(((await sqlite.prepare(sql).get(...params)) as { n: number | string }).n);
const roundCount = () => count("select count(*) as n from assessment_rounds");

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  ({ chainId, companyId, suppliers: s } = await fixtureSuppliers("Kierros", 3));
});

afterAll(() => sqlite.close());

/** The opening form as the page posts it: every relationship and assessor ticked unless told otherwise. */
function openingPairs(fields: {
  relationships: number[];
  assessors?: string[];
  extra?: Array<[string, string]>;
  deadline?: string;
  period?: string;
}): Array<[string, string]> {
  const pairs: Array<[string, string]> = [
    ["organisationId", String(companyId)],
    ["chainId", String(chainId)],
    ["period", fields.period ?? currentRoundQuarter(new Date())],
    ["deadline", fields.deadline ?? addDays(roundToday(new Date()), 10)],
    ["message", "Arvioikaa yhteistyömme tämän neljänneksen osalta."],
  ];
  for (const id of fields.relationships) pairs.push(["relationships", String(id)]);
  for (const a of fields.assessors ?? []) pairs.push(["assessors", a]);
  return [...pairs, ...(fields.extra ?? [])];
}

describe("opening a round (/rounds/new)", () => {
  it("lists only relationships the opening organisation is a party to (or the focal company of), with its writer members as default assessors", async () => {
    // A supplier's admin: only the supplier's own relationship, not the chain's others.
    const asSupplier = (await run(newRound.loader, get(`/rounds/new?chainId=${chainId}`, await signInAs(s[0].adminEmail)))) as Awaited<
      ReturnType<typeof newRound.loader>
    >;
    expect(asSupplier.draft.relationships.map((r) => r.id)).toEqual([s[0].relationshipId]);
    const [rel] = asSupplier.draft.relationships;
    expect(rel.assessors.provider.map((m) => m.id).sort()).toEqual([s[0].adminId, s[0].staffId].sort());
    // The customer side's writers: the company's org_admin and staff, not its project lead or viewer.
    const companyWriters = [await userIdOf("johanna.laine@verkkokauppa.example"), await userIdOf(demo.companyStaff.email)].sort();
    expect(rel.assessors.customer.map((m) => m.id).sort()).toEqual(companyWriters);

    // Company staff (focal, party of all): every relationship of the chain, narrowed by a filter.
    const cookie = await signInAs(demo.companyStaff);
    const all = (await run(newRound.loader, get(`/rounds/new?chainId=${chainId}`, cookie))) as Awaited<ReturnType<typeof newRound.loader>>;
    expect(all.draft.relationships.length).toBeGreaterThan(10);
    const small = (await run(newRound.loader, get(`/rounds/new?chainId=${chainId}&sizeClass=small&stage=active`, cookie))) as Awaited<
      ReturnType<typeof newRound.loader>
    >;
    expect(small.draft.relationships.map((r) => r.id)).toEqual(expect.arrayContaining(s.map((x) => x.relationshipId)));
    expect(small.draft.relationships.every((r) => r.providerSizeClass === "small" && r.stage === "active")).toBe(true);
    // A chain id that is not visible: 404.
    expect(((await run(newRound.loader, get(`/rounds/new?chainId=999999`, cookie))) as Response).status).toBe(404);
  });

  it("names the field of each bad input with a 400, and writes nothing", async () => {
    const cookie = await signInAs(demo.companyStaff);
    const before = await roundCount();
    const today = roundToday(new Date());
    const cases: Array<[Array<[string, string]>, string, string]> = [
      [
        openingPairs({ relationships: [s[0].relationshipId], assessors: [`${s[0].relationshipId}:provider:${s[0].adminId}`], deadline: today }),
        "deadline",
        "rounds.error.deadlineNotFuture",
      ],
      [
        openingPairs({ relationships: [s[0].relationshipId], assessors: [`${s[0].relationshipId}:provider:${s[0].adminId}`], deadline: "2026-02-30" }),
        "deadline",
        "rounds.error.deadlineFormat",
      ],
      [
        openingPairs({ relationships: [s[0].relationshipId], assessors: [`${s[0].relationshipId}:provider:${s[0].adminId}`], period: "2031-Q1" }),
        "period",
        "rounds.error.periodFuture",
      ],
      [
        openingPairs({ relationships: [s[0].relationshipId], assessors: [`${s[0].relationshipId}:provider:${s[0].adminId}`], period: "2026-Q5" }),
        "period",
        "rounds.error.periodFormat",
      ],
      [openingPairs({ relationships: [] }), "relationships", "rounds.error.noRelationships"],
      [openingPairs({ relationships: [s[0].relationshipId] }), "assessors", "rounds.error.noAssessors"],
      // Someone who is not a writer of that side's organisation (the company's viewer on the provider side).
      [
        openingPairs({ relationships: [s[0].relationshipId], assessors: [`${s[0].relationshipId}:provider:${await userIdOf(demo.projectLead.email)}`] }),
        "assessors",
        "rounds.error.invalidAssessor",
      ],
      [
        openingPairs({
          relationships: [s[0].relationshipId],
          assessors: [`${s[0].relationshipId}:provider:${s[0].adminId}`],
          extra: [["message", "x".repeat(2001)]],
        }).filter((p, i, all) => p[0] !== "message" || i === all.length - 1),
        "message",
        "rounds.error.tooLong",
      ],
    ];
    for (const [pairs, field, message] of cases) {
      const res = (await run(newRound.action, postForm("/rounds/new", pairs, cookie))) as DataResult<Reply>;
      expect(res.init?.status, `${field} ${message}`).toBe(400);
      expect(res.data.result.error?.[field], `${field} ${message}`).toEqual([message]);
    }
    expect(await roundCount()).toBe(before);
  });

  it("answers a foreign chain, relationship or organisation id with a 404 and writes nothing", async () => {
    const before = await roundCount();
    const supplierCookie = await signInAs(s[0].adminEmail);
    const own = `${s[0].relationshipId}:provider:${s[0].adminId}`;
    const asSupplier = (pairs: Array<[string, string]>) =>
      run(
        newRound.action,
        postForm(
          "/rounds/new",
          pairs.map(([k, v]) => (k === "organisationId" ? [k, String(s[0].organisationId)] : [k, v])),
          supplierCookie,
        ),
      );
    // Another supplier's relationship in the same chain: the supplier is no party to it.
    expect(((await asSupplier(openingPairs({ relationships: [s[0].relationshipId, s[1].relationshipId], assessors: [own] }))) as Response).status).toBe(404);
    expect(((await asSupplier(openingPairs({ relationships: [999999], assessors: [own] }))) as Response).status).toBe(404);
    // An organisation the opener does not belong to.
    const foreignOrg = openingPairs({ relationships: [s[0].relationshipId], assessors: [own] }).map(
      ([k, v]) => [k, k === "organisationId" ? String(companyId) : v] as [string, string],
    );
    expect(((await run(newRound.action, postForm("/rounds/new", foreignOrg, supplierCookie))) as Response).status).toBe(404);
    // A chain that does not exist.
    const foreignChain = openingPairs({ relationships: [s[0].relationshipId], assessors: [own] }).map(
      ([k, v]) => [k, k === "chainId" ? "999999" : v] as [string, string],
    );
    expect(((await asSupplier(foreignChain)) as Response).status).toBe(404);
    // A viewer cannot open rounds at all.
    const viewer = await signInAs(demo.projectLead);
    expect(
      ((await run(newRound.action, postForm("/rounds/new", openingPairs({ relationships: [s[0].relationshipId], assessors: [own] }), viewer))) as Response)
        .status,
    ).toBe(403);
    expect(await roundCount()).toBe(before);
    expect(await count("select count(*) as n from round_assessors")).toBe(0);
  });

  it("opens a round in one go: relationships, assessors and one notification per asked assessor (not the opener)", async () => {
    const cookie = await signInAs(demo.companyStaff);
    const mikko = await userIdOf(demo.companyStaff.email);
    const johanna = await userIdOf("johanna.laine@verkkokauppa.example");
    const assessors = s.flatMap((x) => [
      `${x.relationshipId}:provider:${x.adminId}`,
      `${x.relationshipId}:provider:${x.staffId}`,
      `${x.relationshipId}:customer:${mikko}`,
      `${x.relationshipId}:customer:${johanna}`,
    ]);
    const res = (await run(
      newRound.action,
      postForm("/rounds/new", openingPairs({ relationships: s.map((x) => x.relationshipId), assessors }), cookie),
    )) as Response;
    expect(res.status).toBe(302);
    const roundId = Number(/^\/rounds\/(\d+)\?opened=1$/.exec(res.headers.get("Location")!)![1]);
    expect(await count("select count(*) as n from round_relationships where round_id = ?", roundId)).toBe(3);
    expect(await count("select count(*) as n from round_assessors where round_id = ?", roundId)).toBe(12);
    const notes = (await sqlite
      .prepare("select user_id, relationship_id, dedupe_key, params from notifications where round_id = ? and kind = 'invitation_waiting' order by id")
      .all(roundId)) as Array<{
      user_id: number;
      relationship_id: number;
      dedupe_key: string;
      params: string;
    }>;
    // Everyone asked but the opener himself.
    expect(notes).toHaveLength(9);
    expect(notes.some((n) => n.user_id === mikko)).toBe(false);
    expect(notes.find((n) => n.user_id === s[1].adminId)!.dedupe_key).toBe(`round:${roundId}:invited:${s[1].relationshipId}:provider`);
    expect(JSON.parse(notes[0].params)).toEqual({ period: currentRoundQuarter(new Date()), deadline: addDays(roundToday(new Date()), 10) });
    expect(await count("select count(*) as n from audit_log where action = 'round.opened' and entity_id = ?", String(roundId))).toBe(1);

    // The page: every figure for the company; the round in its list.
    const page = (await run(roundPage.loader, get(`/rounds/${roundId}`, cookie), { roundId: String(roundId) })) as OwnerRoundView;
    expect(page.view).toBe("owner");
    expect(page.figures.total).toEqual({ submitted: 0, asked: 12 });
    expect(page.canClose).toBe(true);
    const list = (await run(roundsList.loader, get("/rounds", cookie))) as Awaited<ReturnType<typeof roundsList.loader>>;
    expect(list.rounds.find((r) => r.id === roundId)).toMatchObject({ role: "owner", submitted: 0, asked: 12 });
  });
});

describe("the round page: response rates, statuses, late answers and closing", () => {
  const deadline = "2026-12-20";
  const period = "2026-Q4";
  const opened = new Date("2026-12-05T10:00:00Z");
  let roundId: number;

  async function open(relationshipIds: number[], assessors: string[]): Promise<number> {
    const user = await actingUser(demo.companyStaff.email);
    const input: OpenRoundInput = { organisationId: companyId, chainId, period, deadline, relationships: relationshipIds, assessors, invites: [] };
    const outcome = await openRound(user, input, opened);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    return outcome.roundId;
  }

  beforeAll(async () => {
    roundId = await open(
      s.map((x) => x.relationshipId),
      [...s.map((x) => `${x.relationshipId}:provider:${x.adminId}`), `${s[0].relationshipId}:customer:${await userIdOf("johanna.laine@verkkokauppa.example")}`],
    );
  });

  it("counts per side and per partner, and tells submitted, draft and not started apart; only the company sees them", async () => {
    await assessmentBy(s[0].adminId, s[0].relationshipId, "provider", period, "2026-12-08T09:00:00Z");
    await assessmentBy(s[1].adminId, s[1].relationshipId, "provider", period, null);
    // A colleague who was not asked does not count.
    await assessmentBy(s[2].staffId, s[2].relationshipId, "provider", period, "2026-12-08T09:00:00Z");
    const view = (await getRound(await actingUser(demo.companyStaff.email), roundId)) as OwnerRoundView;
    expect(view.figures.total).toEqual({ submitted: 1, asked: 4 });
    expect(view.figures.sides).toEqual({ provider: { submitted: 1, asked: 3 }, customer: { submitted: 0, asked: 1 } });
    expect(view.figures.partners.find((p) => p.organisationId === s[0].organisationId)).toMatchObject({ submitted: 1, asked: 1 });
    expect(view.figures.partners.find((p) => p.organisationId === companyId)).toMatchObject({ submitted: 0, asked: 1 });
    const statusOf = (userId: number) => view.figures.assessors.find((a) => a.userId === userId)!.status;
    expect(statusOf(s[0].adminId)).toBe("submitted");
    expect(statusOf(s[1].adminId)).toBe("draft");
    expect(statusOf(s[2].adminId)).toBe("not_started");

    // An asked supplier sees its own part only: no figures, no other partner.
    const mine = await getRound(await actingUser(s[1].adminEmail), roundId);
    expect(mine.view).toBe("assessor");
    expect(mine).not.toHaveProperty("figures");
    expect(JSON.stringify(mine)).not.toContain(s[0].name);
    expect(mine.view === "assessor" && mine.mine.map((m) => [m.id, m.side, m.status])).toEqual([[s[1].relationshipId, "provider", "draft"]]);
    // Someone neither in the company nor asked: 404, also through the page.
    await expect(getRound(await actingUser(s[1].staffEmail), roundId)).rejects.toMatchObject({ status: 404 });
    const other = (await run(roundPage.loader, get(`/rounds/${roundId}`, await signInAs(demo.supplierBStaff)), { roundId: String(roundId) })) as Response;
    expect(other.status).toBe(404);
    expect(((await run(roundPage.loader, get(`/rounds/99999999`, await signInAs(demo.companyStaff)), { roundId: "99999999" })) as Response).status).toBe(404);
  });

  it("accepts an answer after the deadline and marks it late (Helsinki end of day)", async () => {
    // 00:30 in Helsinki the day after the deadline.
    await assessmentBy(s[2].adminId, s[2].relationshipId, "provider", period, "2026-12-20T22:30:00Z");
    const view = (await getRound(await actingUser(demo.companyStaff.email), roundId)) as OwnerRoundView;
    expect(view.figures.assessors.find((a) => a.userId === s[2].adminId)!.status).toBe("late");
    expect(view.figures.sides.provider).toEqual({ submitted: 2, asked: 3 });
  });

  it("closing freezes the figures: a later answer does not move them; only the company's admins and staff close, once", async () => {
    const viewer = await actingUser(demo.projectLead.email);
    await expect(closeRound(viewer, roundId)).rejects.toMatchObject({ status: 403 });
    await expect(closeRound(await actingUser(s[0].adminEmail), roundId)).rejects.toMatchObject({ status: 404 });
    await closeRound(await actingUser(demo.companyStaff.email), roundId, new Date("2026-12-21T08:00:00Z"));
    const row = (await sqlite.prepare("select status, closed_at, frozen_summary from assessment_rounds where id = ?").get(roundId)) as Record<string, string>;
    expect(row.status).toBe("closed");
    expect(row.closed_at).toBe("2026-12-21T08:00:00.000Z");
    expect(JSON.parse(row.frozen_summary).total).toEqual({ submitted: 2, asked: 4 });

    // Johanna answers after closing: the frozen page does not change.
    await assessmentBy(await userIdOf("johanna.laine@verkkokauppa.example"), s[0].relationshipId, "customer", period, "2026-12-22T08:00:00Z");
    const view = (await getRound(await actingUser(demo.companyStaff.email), roundId)) as OwnerRoundView;
    expect(view.frozen).toBe(true);
    expect(view.canClose).toBe(false);
    expect(view.figures.total).toEqual({ submitted: 2, asked: 4 });
    expect(view.figures.sides.customer).toEqual({ submitted: 0, asked: 1 });
    // Closing twice: nothing left to close.
    await expect(closeRound(await actingUser(demo.companyStaff.email), roundId)).rejects.toMatchObject({ status: 404 });
    // The list shows the frozen figures too.
    expect((await listRounds(await actingUser(demo.companyStaff.email))).find((r) => r.id === roundId)).toMatchObject({
      status: "closed",
      submitted: 2,
      asked: 4,
    });
  });

  it("closes through the page's button", async () => {
    const id = await open([s[0].relationshipId], [`${s[0].relationshipId}:provider:${s[0].adminId}`]);
    const cookie = await signInAs(demo.companyStaff);
    const res = (await run(roundPage.action, postForm(`/rounds/${id}`, [["intent", "close"]], cookie), { roundId: String(id) })) as Response;
    expect(res.status).toBe(302);
    expect(await count("select count(*) as n from assessment_rounds where id = ? and status = 'closed' and frozen_summary is not null", id)).toBe(1);
  });
});

describe("reminders before the deadline", () => {
  const period = "2026-Q4";
  const deadline = "2026-12-20";
  const at = (date: string) => new Date(`${date}T09:00:00Z`);
  const dueOf = async (roundId: number) =>
    (await sqlite
      .prepare("select user_id, dedupe_key from notifications where round_id = ? and kind = 'assessment_due' order by user_id, dedupe_key")
      .all(roundId)) as Array<{
      user_id: number;
      dedupe_key: string;
    }>;

  async function freshRound(tag: string): Promise<{ roundId: number; suppliers: FixtureSupplier[] }> {
    const fixture = await fixtureSuppliers(tag, 3);
    const outcome = await openRound(
      await actingUser(demo.companyStaff.email),
      {
        organisationId: companyId,
        chainId,
        period,
        deadline,
        relationships: fixture.suppliers.map((x) => x.relationshipId),
        assessors: fixture.suppliers.map((x) => `${x.relationshipId}:provider:${x.adminId}`),
        invites: [],
      },
      at("2026-12-05"),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    return { roundId: outcome.roundId, suppliers: fixture.suppliers };
  }

  it("reminds only those who have not submitted, once per threshold, however often the job runs", async () => {
    const { roundId, suppliers } = await freshRound("Muistutus");
    await assessmentBy(suppliers[0].adminId, suppliers[0].relationshipId, "provider", period, "2026-12-06T09:00:00Z");
    // A draft is not a submission: still reminded.
    await assessmentBy(suppliers[1].adminId, suppliers[1].relationshipId, "provider", period, null);

    await sendRoundReminders(at("2026-12-10")); // 10 days left: nothing yet
    expect(await dueOf(roundId)).toEqual([]);

    await sendRoundReminders(at("2026-12-14")); // 6 days left: the 7-day reminder
    await sendRoundReminders(at("2026-12-14")); // the same tick again (a restart, a second server)
    await sendRoundReminders(at("2026-12-15"));
    const sevenDay = await dueOf(roundId);
    expect(sevenDay.map((n) => n.user_id).sort()).toEqual([suppliers[1].adminId, suppliers[2].adminId].sort());
    expect(sevenDay.map((n) => n.dedupe_key)).toEqual(
      [suppliers[1], suppliers[2]].sort((a, b) => a.adminId - b.adminId).map((x) => `round:${roundId}:rel:${x.relationshipId}:side:provider:due:7`),
    );

    // The scheduled work runs the job too (with only this job, so no email leaves).
    await runScheduledWork(at("2026-12-19"), [{ name: "round-reminders", run: (now) => sendRoundReminders(now) }]);
    await runScheduledWork(at("2026-12-19"), [{ name: "round-reminders", run: (now) => sendRoundReminders(now) }]);
    const keys = (await dueOf(roundId)).map((n) => n.dedupe_key.split(":due:")[1]);
    expect(keys.filter((k) => k === "1")).toHaveLength(2);
    expect(keys.filter((k) => k === "3")).toHaveLength(0);

    // After the deadline day: nothing more.
    const before = (await dueOf(roundId)).length;
    await sendRoundReminders(at("2026-12-21"));
    await sendRoundReminders(at("2026-12-28"));
    expect((await dueOf(roundId)).length).toBe(before);
  });

  it("a missed tick: a server down past the 7-day threshold reminds once, with the latest threshold", async () => {
    const { roundId, suppliers } = await freshRound("Katko");
    await assessmentBy(suppliers[2].adminId, suppliers[2].relationshipId, "provider", period, "2026-12-06T09:00:00Z");
    await sendRoundReminders(at("2026-12-18")); // first tick since opening: 2 days left
    await sendRoundReminders(at("2026-12-18"));
    const due = await dueOf(roundId);
    expect(due.map((n) => n.user_id).sort()).toEqual([suppliers[0].adminId, suppliers[1].adminId].sort());
    expect(due.every((n) => n.dedupe_key.endsWith(":due:3"))).toBe(true);
  });

  it("reminds nobody in a closed round", async () => {
    const { roundId } = await freshRound("Suljettu");
    await closeRound(await actingUser(demo.companyStaff.email), roundId, at("2026-12-06"));
    await sendRoundReminders(at("2026-12-14"));
    expect(await dueOf(roundId)).toEqual([]);
  });
});

describe("an organisation's other members", () => {
  it("a supplier lists only rounds it is asked in or runs", async () => {
    const supplierB = await actingUser(demo.supplierBStaff.email);
    const rounds = await listRounds(supplierB);
    expect(rounds.every((r) => r.role === "assessor" || r.organisationName === "Kipinä AI Oy")).toBe(true);
    expect(await organisationIdNamed("Kipinä AI Oy")).toBeGreaterThan(0);
  });
});
