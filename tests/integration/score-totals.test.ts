/**
 * The trigger-kept score totals (migration 0001): after any write to
 * assessments or their scores, submitted_score_totals must equal what the
 * source rows aggregate to, and the performance the pages read must equal
 * the mean of every submitted score (the definition in docs/domain.md).
 */
import { TEST_DATABASE_PATH, prepareDemoDatabase } from "../support/test-db";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORS } from "~/domain/factors";
import { submittedPerformance, submittedPerformanceBySide } from "~/models/scoring.server";
import { migrateDatabase, openDatabase } from "../../db/connection";
import { installScoreTotalsTriggers, scoreTotalsTriggers } from "../../db/score-totals";

let sqlite: Database.Database;

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = new Database(TEST_DATABASE_PATH);
  sqlite.pragma("foreign_keys = ON");
});

const sums = FACTORS.map(
  (f) => `coalesce(sum(case when s.factor = '${f}' then s.score end), 0) as ${f}_total, count(case when s.factor = '${f}' then s.score end) as ${f}_n`,
).join(", ");

/** The totals as they should be, straight from the source rows. */
function expectedTotals(): unknown[] {
  return sqlite
    .prepare(
      `select a.relationship_id, a.period, a.side, ${sums}
         from assessments a join assessment_scores s on s.assessment_id = a.id
        where a.status = 'submitted'
        group by a.relationship_id, a.period, a.side
        order by 1, 2, 3`,
    )
    .all();
}

function storedTotals(): unknown[] {
  return sqlite
    .prepare(
      `select relationship_id, period, side, ${FACTORS.map((f) => `${f}_total, ${f}_n`).join(", ")}
         from submitted_score_totals order by 1, 2, 3`,
    )
    .all();
}

/** Mean of every submitted, non-N/A score per relationship, quarter and factor: the old aggregate. */
function referenceMeans(side?: "provider" | "customer"): Map<string, number> {
  const rows = sqlite
    .prepare(
      `select a.relationship_id as r, a.period as p, s.factor as f, avg(s.score) as mean
         from assessments a join assessment_scores s on s.assessment_id = a.id
        where a.status = 'submitted' and s.score is not null ${side ? "and a.side = ?" : ""}
        group by 1, 2, 3`,
    )
    .all(...(side ? [side] : [])) as { r: number; p: string; f: string; mean: number }[];
  return new Map(rows.map((x) => [`${x.r}/${x.p}/${x.f}`, x.mean]));
}

function flatten(perf: Awaited<ReturnType<typeof submittedPerformance>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [r, byPeriod] of perf) for (const [p, factors] of byPeriod) for (const [f, v] of Object.entries(factors)) out.set(`${r}/${p}/${f}`, v!);
  return out;
}

function allRelationshipIds(): number[] {
  return (sqlite.prepare("select id from relationships order by id").all() as { id: number }[]).map((r) => r.id);
}

describe("submitted score totals", () => {
  it("are filled for the demo data and match the source rows", () => {
    const expected = expectedTotals();
    expect(expected.length).toBeGreaterThan(20);
    expect(storedTotals()).toEqual(expected);
  });

  it("give the same means as aggregating every submitted score, per side and for both", async () => {
    const ids = allRelationshipIds();
    const bySide = await submittedPerformanceBySide(ids);
    for (const [side, perf] of [
      [undefined, bySide.both],
      ["provider", bySide.provider],
      ["customer", bySide.customer],
    ] as const) {
      const got = flatten(perf);
      const want = referenceMeans(side);
      expect(got.size).toBe(want.size);
      for (const [key, mean] of want) expect(got.get(key), key).toBeCloseTo(mean, 12);
    }
    expect(flatten(await submittedPerformance(ids, { sides: ["customer"] }))).toEqual(flatten(bySide.customer));
    expect(flatten(await submittedPerformance(ids, { sides: ["provider", "customer"] }))).toEqual(flatten(bySide.both));
  });

  it("filter by quarter", async () => {
    const ids = allRelationshipIds();
    const period = (sqlite.prepare("select max(period) as p from submitted_score_totals").get() as { p: string }).p;
    const perf = await submittedPerformance(ids, { periods: [period] });
    expect(perf.size).toBeGreaterThan(0);
    for (const byPeriod of perf.values()) expect([...byPeriod.keys()]).toEqual([period]);
  });

  it("follow submit, reopen, score edits, deletes and moves", () => {
    const draft = sqlite.prepare(`select a.id, a.relationship_id, a.period, a.side from assessments a where a.status = 'draft' limit 1`).get() as
      { id: number; relationship_id: number; period: string; side: string } | undefined;
    const submitted = sqlite.prepare(`select id from assessments where status = 'submitted' order by id limit 3`).all() as { id: number }[];
    expect(submitted.length).toBe(3);

    const steps: Array<[string, () => void]> = [
      ["reopen", () => sqlite.prepare("update assessments set status = 'draft', submitted_at = null where id = ?").run(submitted[0].id)],
      [
        "score edit of a draft",
        () => sqlite.prepare("update assessment_scores set score = 1 where assessment_id = ? and factor = 'trust'").run(submitted[0].id),
      ],
      [
        "resubmit",
        () => sqlite.prepare("update assessments set status = 'submitted', submitted_at = '2026-01-01T00:00:00.000Z' where id = ?").run(submitted[0].id),
      ],
      [
        "score edit of a submitted one",
        () => sqlite.prepare("update assessment_scores set score = 5, not_applicable = 0 where assessment_id = ? and factor = 'selling'").run(submitted[1].id),
      ],
      [
        "score to N/A",
        () =>
          sqlite.prepare("update assessment_scores set score = null, not_applicable = 1 where assessment_id = ? and factor = 'knowledge'").run(submitted[1].id),
      ],
      ["score deleted", () => sqlite.prepare("delete from assessment_scores where assessment_id = ? and factor = 'individuality'").run(submitted[1].id)],
      [
        "score inserted",
        () =>
          sqlite.prepare("insert into assessment_scores (assessment_id, factor, score, not_applicable) values (?, 'individuality', 2, 0)").run(submitted[1].id),
      ],
      ["moved to another quarter", () => sqlite.prepare("update assessments set period = '2019-Q1' where id = ?").run(submitted[2].id)],
      ["assessment deleted", () => sqlite.prepare("delete from assessments where id = ?").run(submitted[2].id)],
    ];
    if (draft)
      steps.push([
        "a draft submitted",
        () => sqlite.prepare("update assessments set status = 'submitted', submitted_at = '2026-01-01T00:00:00.000Z' where id = ?").run(draft.id),
      ]);
    for (const [name, step] of steps) {
      const before = JSON.stringify(storedTotals());
      step();
      expect(storedTotals(), name).toEqual(expectedTotals());
      if (name !== "score edit of a draft") expect(JSON.stringify(storedTotals()), `${name} changed the totals`).not.toBe(before);
    }
  });

  it("leave nothing behind when a relationship is deleted, and foreign keys stay clean", () => {
    const relationshipId = (
      sqlite.prepare("select relationship_id as id from submitted_score_totals group by relationship_id order by count(*) desc limit 1").get() as { id: number }
    ).id;
    sqlite.transaction(() => {
      // Other tables refer to relationships without cascading (lifecycle events, actions…): clear what the delete needs.
      for (const { name } of sqlite
        .prepare(
          `select m.name from sqlite_master m, pragma_foreign_key_list(m.name) fk
            where m.type = 'table' and fk."table" = 'relationships' and fk.on_delete <> 'CASCADE'`,
        )
        .all() as { name: string }[])
        sqlite.prepare(`delete from ${name} where relationship_id = ?`).run(relationshipId);
      sqlite.prepare("delete from relationships where id = ?").run(relationshipId);
    })();
    expect(sqlite.prepare("select count(*) as n from submitted_score_totals where relationship_id = ?").get(relationshipId)).toEqual({ n: 0 });
    expect(sqlite.pragma("foreign_key_check")).toEqual([]);
    expect(storedTotals()).toEqual(expectedTotals());
  });

  it("are kept by exactly the triggers generated from the factor list, one per kind of write", () => {
    const installed = sqlite.prepare("select name, sql from sqlite_master where type = 'trigger' and name like 'score_totals_%' order by name").all();
    const generated = scoreTotalsTriggers().sort((a, b) => a.name.localeCompare(b.name));
    expect(installed).toEqual(generated);
    expect(generated.map((t) => t.name)).toEqual([
      "score_totals_assessment_delete",
      "score_totals_assessment_insert",
      "score_totals_assessment_update",
      "score_totals_score_delete",
      "score_totals_score_insert",
      "score_totals_score_update",
    ]);
    // Every factor is summed in every trigger.
    for (const t of generated) for (const f of FACTORS) expect(t.sql, `${t.name} / ${f}`).toContain(`s.factor = '${f}'`);
  });

  it("are installed idempotently when migrating, and repaired (with a refill) when a migration dropped one", () => {
    expect(installScoreTotalsTriggers(sqlite)).toBe(false);
    const db = openDatabase(TEST_DATABASE_PATH);
    migrateDatabase(db);
    expect(sqlite.prepare("select count(*) as n from sqlite_master where type = 'trigger' and name like 'score_totals_%'").get()).toEqual({ n: 6 });

    // A table rebuild drops the table's triggers: writes in between go uncounted.
    sqlite.exec("drop trigger score_totals_score_update");
    const submitted = sqlite.prepare(`select id from assessments where status = 'submitted' order by id desc limit 1`).get() as { id: number };
    sqlite
      .prepare("update assessment_scores set score = case when score = 5 then 1 else 5 end where assessment_id = ? and score is not null")
      .run(submitted.id);
    expect(storedTotals()).not.toEqual(expectedTotals());

    migrateDatabase(db);
    db.$client.close();
    expect(storedTotals()).toEqual(expectedTotals());
    expect(sqlite.prepare("select count(*) as n from sqlite_master where type = 'trigger' and name like 'score_totals_%'").get()).toEqual({ n: 6 });
  });
});
