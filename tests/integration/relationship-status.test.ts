/**
 * relationshipStatuses reads only what its rules need (the last two scored
 * quarters, the latest quarter both sides assessed): on the demo data it
 * must give exactly what the rules give when handed every quarter.
 */
import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attentionReasons } from "~/domain/attention";
import { FACTORS } from "~/domain/factors";
import { quarterOf } from "~/domain/period";
import { scoreRelationship } from "~/domain/scoring";
import { getChainView, listVisibleChains } from "~/models/chain.server";
import { getHome } from "~/models/home.server";
import { calendarNow, getActingUser } from "~/models/user.server";
import { relationshipStatuses } from "~/models/relationship-status.server";
import { activeImportanceModel, latestScore, relationshipContext, submittedPerformanceBySide } from "~/models/scoring.server";
import { visibleRelationships } from "~/models/visible-relationships.server";
import { demoEmails } from "../support/sign-in";
import { userIdOf } from "../support/factories";

let sqlite: TestSql;

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
}, 60_000);
afterAll(() => sqlite?.close());

/** Compares every relationship the admin sees; counts the perception gaps and those read from a quarter before the latest scored one. */
async function compareAll() {
  const admin = (await getActingUser(await userIdOf(demoEmails.admin)))!;
  const rows = await visibleRelationships(admin).rows().all();
  const asOf = calendarNow(admin);
  const currentQuarter = quarterOf(asOf);
  const model = await activeImportanceModel();
  const perf = await submittedPerformanceBySide(rows.map((r) => r.id));
  const statuses = await relationshipStatuses(rows, asOf);
  const chainRows = new Map(
    (
      await Promise.all(
        (await listVisibleChains(admin)).map(async (c) => {
          const view = await getChainView(admin, c.id, {}, asOf);
          return [...view.upstream.rows, ...view.downstream.rows, ...view.other.rows].map((row) => [row.id, row] as const);
        }),
      )
    ).flat(),
  );
  const homeScores = new Map((await getHome(admin, asOf)).relationships.map((r) => [r.id, r.score && { period: r.score.period, value: r.score.value }]));
  const gaps: Array<{ id: number; period: string; older: boolean }> = [];
  let chainChecked = 0;
  for (const r of rows) {
    const both = perf.both.get(r.id) ?? new Map();
    const periods = [...both.keys()].sort();
    const context = relationshipContext(r, asOf);
    const expected = attentionReasons({
      currentQuarter,
      stage: r.stage,
      startDate: r.startDate,
      criticality: r.criticality,
      bands: model.bands,
      scores: periods.map((period) => ({ period, score: scoreRelationship({ context, performance: both.get(period)!, model }).score })),
      sides: periods.map((period) => ({
        period,
        provider: perf.provider.get(r.id)?.get(period) ?? {},
        customer: perf.customer.get(r.id)?.get(period) ?? {},
      })),
      lastSubmittedPeriod: periods.at(-1) ?? null,
      lastMeasurementMonth:
        ((await sqlite.prepare("select max(month) as m from measurements where relationship_id = ? and deleted_at is null").get(r.id)) as { m: string | null })
          .m ?? null,
    });
    expect(statuses.get(r.id)!.attention, `relationship ${r.id}`).toEqual(expected);
    const latest = latestScore(both, relationshipContext(r, asOf, model), model);
    expect(homeScores.get(r.id), `home score of relationship ${r.id}`).toEqual(latest && { period: latest.period, value: latest.result.score });
    const chainRow = chainRows.get(r.id);
    if (chainRow) {
      expect(chainRow.score && { period: chainRow.score.period, value: chainRow.score.value }, `chain score of ${r.id}`).toEqual(
        latest && { period: latest.period, value: latest.result.score },
      );
      expect(chainRow.needsAttention, `chain flags of ${r.id}`).toEqual(expected.map((e) => e.kind));
      chainChecked++;
    }
    const gap = expected.find((e) => e.kind === "perception_gap");
    if (gap) gaps.push({ id: r.id, period: gap.period, older: gap.period !== periods.filter((p) => p <= currentQuarter).at(-1) });
  }
  expect(rows.length).toBeGreaterThan(10);
  expect(chainChecked).toBe(rows.length);
  return gaps;
}

describe("relationship statuses read only the quarters their rules need", () => {
  it("give the attention reasons the rules give from every quarter of both sides, for every relationship", async () => {
    expect((await compareAll()).length).toBeGreaterThan(0);
  });

  it("read a relationship's whole history when its latest quarters are one-sided or all N/A", async () => {
    const unassessed = (await sqlite
      .prepare(
        `select id, provider_id as providerId, customer_id as customerId from relationships r
          where not exists (select 1 from assessments a where a.relationship_id = r.id) order by id limit 2`,
      )
      .all()) as Array<{ id: number; providerId: number; customerId: number }>;
    expect(unassessed).toHaveLength(2);
    const [oneSided, notApplicable] = unassessed;
    const inserted: number[] = [];
    const assessor = ((await sqlite.prepare("select id from users order by id limit 1").get()) as { id: number }).id;
    const assess = async (rel: { id: number; providerId: number; customerId: number }, side: "provider" | "customer", period: string, score: number | null) => {
      const { id: lastInsertRowid } = (await sqlite
        .prepare(
          `insert into assessments (relationship_id, side, period, organisation_id, assessor_user_id, status, submitted_at)
           values (?, ?, ?, ?, ?, 'submitted', '2020-01-01T00:00:00Z') returning id`,
        )
        .get(rel.id, side, period, side === "provider" ? rel.providerId : rel.customerId, assessor)) as { id: number };
      inserted.push(Number(lastInsertRowid));
      const insertScore = sqlite.prepare("insert into assessment_scores (assessment_id, factor, score, not_applicable) values (?, ?, ?, ?)");
      for (const factor of FACTORS) await insertScore.run(lastInsertRowid, factor, score, score === null ? 1 : 0);
    };
    try {
      // A gap of 4 points in 2015-Q1, then four quarters the provider alone assessed.
      await assess(oneSided, "provider", "2015-Q1", 5);
      await assess(oneSided, "customer", "2015-Q1", 1);
      for (const period of ["2015-Q2", "2015-Q3", "2015-Q4", "2016-Q1"]) await assess(oneSided, "provider", period, 3);
      // Two scored quarters, then four of N/A only.
      await assess(notApplicable, "provider", "2015-Q1", 5);
      await assess(notApplicable, "customer", "2015-Q2", 2);
      for (const period of ["2015-Q3", "2015-Q4", "2016-Q1", "2016-Q2"]) await assess(notApplicable, "provider", period, null);
      const gaps = await compareAll();
      expect(gaps.find((g) => g.id === oneSided.id)).toEqual({ id: oneSided.id, period: "2015-Q1", older: true });
      const admin = (await getActingUser(await userIdOf(demoEmails.admin)))!;
      expect((await getHome(admin)).relationships.find((r) => r.id === notApplicable.id)?.score?.period).toBe("2015-Q2");
    } finally {
      for (const id of inserted) await sqlite.prepare("delete from assessments where id = ?").run(id);
    }
  });

  it("still find a perception gap in an older quarter when a later quarter has one side's assessment only", async () => {
    const [gap] = await compareAll();
    const currentQuarter = quarterOf(new Date());
    expect(gap.period < currentQuarter).toBe(true);
    const rel = (await sqlite.prepare("select provider_id as providerId from relationships where id = ?").get(gap.id)) as { providerId: number };
    const assessor = (await sqlite.prepare("select id from users order by id limit 1").get()) as { id: number };
    const { id: lastInsertRowid } = (await sqlite
      .prepare(
        `insert into assessments (relationship_id, side, period, organisation_id, assessor_user_id, status, submitted_at)
         values (?, 'provider', ?, ?, ?, 'submitted', '2020-01-01T00:00:00Z') returning id`,
      )
      .get(gap.id, currentQuarter, rel.providerId, assessor.id)) as { id: number };
    try {
      const insertScore = sqlite.prepare("insert into assessment_scores (assessment_id, factor, score) values (?, ?, 3)");
      for (const factor of FACTORS) await insertScore.run(lastInsertRowid, factor);
      const after = (await compareAll()).find((g) => g.id === gap.id);
      expect(after).toEqual({ id: gap.id, period: gap.period, older: true });
    } finally {
      await sqlite.prepare("delete from assessments where id = ?").run(lastInsertRowid);
    }
  });
});

describe("home reads its chains from the relationships it has already read", () => {
  it("lists the chains, focal companies and counts of listVisibleChains, in its order, for every demo account", async () => {
    const emails = Object.values(demoEmails);
    expect(emails.length).toBeGreaterThan(3);
    let chainsSeen = 0;
    for (const email of emails) {
      const user = (await getActingUser(await userIdOf(email)))!;
      const expected = (await listVisibleChains(user)).map(({ id, name, focalName, relationshipCount }) => ({ id, name, focalName, relationshipCount }));
      expect((await getHome(user)).chains, email).toEqual(expected);
      chainsSeen += expected.length;
    }
    expect(chainsSeen).toBeGreaterThan(0);
  });

  it("lists a chain whose focal company is the user's even when none of its relationships is visible to them", async () => {
    const lead = (await getActingUser(await userIdOf(demoEmails.projectLead)))!;
    const focal = lead.memberships[0].organisationId;
    const { id: lastInsertRowid } = (await sqlite
      .prepare("insert into chains (name, focal_organisation_id) values ('Tyhjä ketju', ?) returning id")
      .get(focal)) as {
      id: number;
    };
    try {
      const chain = (await getHome(lead)).chains.find((c) => c.id === Number(lastInsertRowid));
      expect(chain).toMatchObject({ name: "Tyhjä ketju", relationshipCount: 0 });
      expect((await listVisibleChains(lead)).some((c) => c.id === Number(lastInsertRowid))).toBe(true);
    } finally {
      await sqlite.prepare("delete from chains where id = ?").run(lastInsertRowid);
    }
  });
});
