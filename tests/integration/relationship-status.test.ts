/**
 * relationshipStatuses reads only what its rules need (the last two scored
 * quarters, the latest quarter both sides assessed): on the demo data it
 * must give exactly what the rules give when handed every quarter.
 */
import { TEST_DATABASE_PATH, prepareDemoDatabase } from "../support/test-db";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attentionReasons } from "~/domain/attention";
import { FACTORS } from "~/domain/factors";
import { quarterOf } from "~/domain/period";
import { scoreRelationship } from "~/domain/scoring";
import { listVisibleChains } from "~/models/chain.server";
import { getHome } from "~/models/home.server";
import { getActingUser } from "~/models/user.server";
import { relationshipStatuses } from "~/models/relationship-status.server";
import { activeImportanceModel, relationshipContext, submittedPerformanceBySide } from "~/models/scoring.server";
import { visibleRelationships } from "~/models/visible-relationships.server";
import { demoEmails } from "../support/sign-in";
import { userIdOf } from "../support/factories";

let sqlite: Database.Database;

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = new Database(TEST_DATABASE_PATH);
}, 60_000);
afterAll(() => sqlite?.close());

/** Compares every relationship the admin sees; counts the perception gaps and those read from a quarter before the latest scored one. */
function compareAll() {
  const admin = getActingUser(userIdOf(sqlite, demoEmails.admin))!;
  const rows = visibleRelationships(admin).rows().all();
  const asOf = new Date();
  const currentQuarter = quarterOf(asOf);
  const model = activeImportanceModel();
  const perf = submittedPerformanceBySide(rows.map((r) => r.id));
  const statuses = relationshipStatuses(rows, asOf);
  const gaps: Array<{ id: number; period: string; older: boolean }> = [];
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
        (sqlite.prepare("select max(month) as m from measurements where relationship_id = ? and deleted_at is null").get(r.id) as { m: string | null }).m ??
        null,
    });
    expect(statuses.get(r.id)!.attention, `relationship ${r.id}`).toEqual(expected);
    const gap = expected.find((e) => e.kind === "perception_gap");
    if (gap) gaps.push({ id: r.id, period: gap.period, older: gap.period !== periods.filter((p) => p <= currentQuarter).at(-1) });
  }
  expect(rows.length).toBeGreaterThan(10);
  return gaps;
}

describe("relationship statuses read only the quarters their rules need", () => {
  it("give the attention reasons the rules give from every quarter of both sides, for every relationship", () => {
    expect(compareAll().length).toBeGreaterThan(0);
  });

  it("still find a perception gap in an older quarter when a later quarter has one side's assessment only", () => {
    const [gap] = compareAll();
    const currentQuarter = quarterOf(new Date());
    expect(gap.period < currentQuarter).toBe(true);
    const rel = sqlite.prepare("select provider_id as providerId from relationships where id = ?").get(gap.id) as { providerId: number };
    const assessor = sqlite.prepare("select id from users order by id limit 1").get() as { id: number };
    const { lastInsertRowid } = sqlite
      .prepare(
        `insert into assessments (relationship_id, side, period, organisation_id, assessor_user_id, status, submitted_at)
         values (?, 'provider', ?, ?, ?, 'submitted', '2020-01-01T00:00:00Z')`,
      )
      .run(gap.id, currentQuarter, rel.providerId, assessor.id);
    try {
      const insertScore = sqlite.prepare("insert into assessment_scores (assessment_id, factor, score) values (?, ?, 3)");
      for (const factor of FACTORS) insertScore.run(lastInsertRowid, factor);
      const after = compareAll().find((g) => g.id === gap.id);
      expect(after).toEqual({ id: gap.id, period: gap.period, older: true });
    } finally {
      sqlite.prepare("delete from assessments where id = ?").run(lastInsertRowid);
    }
  });
});

describe("home reads its chains from the relationships it has already read", () => {
  it("lists the chains, focal companies and counts of listVisibleChains, in its order, for every demo account", () => {
    const emails = Object.values(demoEmails);
    expect(emails.length).toBeGreaterThan(3);
    let chainsSeen = 0;
    for (const email of emails) {
      const user = getActingUser(userIdOf(sqlite, email))!;
      const expected = listVisibleChains(user).map(({ id, name, focalName, relationshipCount }) => ({ id, name, focalName, relationshipCount }));
      expect(getHome(user).chains, email).toEqual(expected);
      chainsSeen += expected.length;
    }
    expect(chainsSeen).toBeGreaterThan(0);
  });

  it("lists a chain whose focal company is the user's even when none of its relationships is visible to them", () => {
    const lead = getActingUser(userIdOf(sqlite, demoEmails.projectLead))!;
    const focal = lead.memberships[0].organisationId;
    const { lastInsertRowid } = sqlite.prepare("insert into chains (name, focal_organisation_id) values ('Tyhjä ketju', ?)").run(focal);
    try {
      const chain = getHome(lead).chains.find((c) => c.id === Number(lastInsertRowid));
      expect(chain).toMatchObject({ name: "Tyhjä ketju", relationshipCount: 0 });
      expect(listVisibleChains(lead).some((c) => c.id === Number(lastInsertRowid))).toBe(true);
    } finally {
      sqlite.prepare("delete from chains where id = ?").run(lastInsertRowid);
    }
  });
});
