import { TEST_AS_OF, prepareDemoDatabase } from "../support/test-db";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { and, eq, ne, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { measurements } from "../../db/schema";
import { migrateDatabase, openDatabase } from "../../db/connection";
import { installVisibleCellsTriggers, refillVisibleCells, visibleCellsTriggers } from "../../db/visible-metric-cells";
import { mulberry32, pick, type Rng } from "../../db/seed/random";
import { db } from "~/db.server";
import { metricsDashboard } from "~/models/measurement-dashboard.server";
import { sharingRuleCondition, visibleMeasurementCondition } from "~/models/metric-access.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import { sharedMeasurementIds } from "~/models/visible-metric-cells.server";

/**
 * visible_metric_cells (docs/decisions/0015) against the sharing rule itself
 * (sharingRuleCondition, the per-measurement rule of ADR 0007): after every
 * step of randomised sequences of grant, revocation, undo, relationship,
 * chain and organisation changes, each organisation sees exactly the
 * measurements the rule shows it, through every reader of the table, and the
 * table is what a full refill computes.
 */

const sqlite = () => db().$client;
const AUDIENCES = ["counterpart", "organisation", "chain", "chain_upstream", "chain_downstream"] as const;
const MONTHS = ["2026-01", "2026-02", "2026-03"] as const;

type World = { orgs: number[]; chains: number[]; metrics: number[]; viewers: Map<number, ActingUser> };

function ids(query: string, ...params: unknown[]): number[] {
  return (
    sqlite()
      .prepare(query)
      .pluck()
      .all(...params) as number[]
  ).sort((a, b) => a - b);
}

async function measurementIdsWhere(user: ActingUser, condition: (u: ActingUser) => ReturnType<typeof sql>): Promise<number[]> {
  const orgId = user.memberships[0].organisationId;
  return (
    await db()
      .select({ id: measurements.id })
      .from(measurements)
      .where(and(ne(measurements.recordedByOrganisationId, orgId), condition(user)))
      .all()
  )
    .map((r) => r.id)
    .sort((a, b) => a - b);
}

function cellRows(): string[] {
  return (
    sqlite()
      .prepare(
        "select viewer_organisation_id || '|' || recorded_by_organisation_id || '|' || ifnull(relationship_id, '-') || '|' || ifnull(metric_id, '*') from visible_metric_cells",
      )
      .pluck()
      .all() as string[]
  ).sort();
}

/** Shared values seen, summed over every check: the sequences must show something to compare. */
let sharedValuesSeen = 0;

/** What each organisation sees of others' measurements: by the rule, through the table's condition, and through the dashboard's join. */
async function expectTableMatchesRule(world: World, step: string): Promise<void> {
  const before = cellRows();
  expect(new Set(before).size, `${step}: no duplicate cells`).toBe(before.length);
  for (const [orgId, user] of world.viewers) {
    const byRule = await measurementIdsWhere(user, sharingRuleCondition);
    sharedValuesSeen += byRule.length;
    expect(await measurementIdsWhere(user, visibleMeasurementCondition), `${step}: organisation ${orgId}, visibleMeasurementCondition`).toEqual(byRule);
    const joined = (
      await db()
        .select({ id: sql<number>`id` })
        .from(sql`(${sharedMeasurementIds(orgId, MONTHS[0], MONTHS[MONTHS.length - 1])})`)
        .all()
    )
      .map((r) => r.id)
      .sort((a, b) => a - b);
    expect(joined, `${step}: organisation ${orgId}, the dashboard's join`).toEqual(byRule);
  }
  // The triggers' grantor-by-grantor upkeep leaves what one full computation gives.
  refillVisibleCells(sqlite());
  expect(cellRows(), `${step}: the table is what a refill computes`).toEqual(before);
}

async function buildWorld(rng: Rng): Promise<World> {
  const s = sqlite();
  const tag = Math.floor(rng() * 1e9);
  const orgs: number[] = [];
  const viewers = new Map<number, ActingUser>();
  for (let i = 0; i < 9; i++) {
    const orgId = Number(s.prepare("insert into organisations (name) values (?)").run(`Cells ${tag} org ${i}`).lastInsertRowid);
    const userId = Number(
      s.prepare("insert into users (email, name, password_hash) values (?, ?, 'x')").run(`cells-${tag}-${i}@example.test`, `Cells ${i}`).lastInsertRowid,
    );
    s.prepare("insert into memberships (user_id, organisation_id, role) values (?, ?, 'staff')").run(userId, orgId);
    orgs.push(orgId);
    viewers.set(orgId, (await getActingUser(userId))!);
  }
  const chains = [0, 1, 2].map((c) =>
    Number(s.prepare("insert into chains (name, focal_organisation_id) values (?, ?)").run(`Cells ${tag} chain ${c}`, orgs[c]).lastInsertRowid),
  );
  const metrics = [0, 1, 2].map((k) =>
    Number(
      s
        .prepare(
          "insert into metric_definitions (key, owner_organisation_id, name_fi, name_en, unit, direction, aggregation, category) values (?, ?, 'm', 'm', 'count', 'higher_better', 'sum', 'quality')",
        )
        .run(`cells_${k}`, orgs[k]).lastInsertRowid,
    ),
  );
  const world = { orgs, chains, metrics, viewers };
  for (let i = 0; i < 14; i++) addRelationship(world, rng, true);
  for (let i = 0; i < 4; i++) addOrganisationValue(world, rng);
  return world;
}

function addRelationship(world: World, rng: Rng, withValues: boolean): void {
  const s = sqlite();
  const provider = pick(rng, world.orgs);
  const customer = pick(rng, world.orgs);
  if (provider === customer) return;
  const chain = pick(rng, world.chains);
  if (s.prepare("select 1 from relationships where chain_id = ? and provider_id = ? and customer_id = ?").get(chain, provider, customer)) return;
  const relId = Number(
    s
      .prepare(
        "insert into relationships (chain_id, provider_id, customer_id, service_name, start_date, lifecycle_stage, diversity, criticality) values (?, ?, ?, 's', '2024-01-01', 'active', 'mixed', 'medium')",
      )
      .run(chain, provider, customer).lastInsertRowid,
  );
  if (!withValues) return;
  // Both parties record: the provider in one month, the customer in the next; now and then a deleted value.
  for (const metric of world.metrics) {
    if (rng() < 0.3) continue;
    const insert = s.prepare(
      "insert into measurements (metric_id, relationship_id, month, value, recorded_by_organisation_id, source, deleted_at) values (?, ?, ?, ?, ?, 'seed', ?)",
    );
    insert.run(metric, relId, MONTHS[0], rng() * 100, provider, null);
    insert.run(metric, relId, MONTHS[1], rng() * 100, customer, rng() < 0.2 ? "2026-02-10T00:00:00Z" : null);
  }
}

function addOrganisationValue(world: World, rng: Rng): void {
  const recorder = pick(rng, world.orgs);
  const subject = pick(rng, world.orgs);
  const metric = pick(rng, world.metrics);
  const month = pick(rng, MONTHS);
  sqlite()
    .prepare(
      "insert or ignore into measurements (metric_id, subject_organisation_id, month, value, recorded_by_organisation_id, source) values (?, ?, ?, ?, ?, 'seed')",
    )
    .run(metric, subject, month, rng() * 100, recorder);
}

function relationshipsOf(): Array<{ id: number; chain_id: number; provider_id: number; customer_id: number }> {
  return sqlite().prepare("select id, chain_id, provider_id, customer_id from relationships order by id").all() as never;
}

function addGrant(world: World, rng: Rng): void {
  const rels = relationshipsOf().filter((r) => world.chains.includes(r.chain_id));
  const audience = pick(rng, AUDIENCES);
  const named = audience === "counterpart" || rng() < 0.4 ? pick(rng, rels) : null;
  // Grantors are mostly parties of what they share, as the sharing page makes them.
  const grantor = named && rng() < 0.85 ? pick(rng, [named.provider_id, named.customer_id]) : pick(rng, world.orgs);
  const chainNeeded = audience.startsWith("chain");
  const chain = chainNeeded || rng() < 0.3 ? (named && rng() < 0.8 ? named.chain_id : pick(rng, world.chains)) : null;
  sqlite()
    .prepare(
      "insert into sharing_grants (grantor_organisation_id, metric_id, relationship_id, audience, grantee_organisation_id, chain_id) values (?, ?, ?, ?, ?, ?)",
    )
    .run(
      grantor,
      rng() < 0.5 ? null : pick(rng, world.metrics),
      named?.id ?? null,
      audience,
      audience === "organisation" ? pick(rng, world.orgs) : null,
      chain,
    );
}

/** One random change of what the rule reads; returns its name for the failure message. */
function step(world: World, rng: Rng): string {
  const s = sqlite();
  const grants = ids("select g.id from sharing_grants g join organisations o on o.id = g.grantor_organisation_id where o.name like 'Cells %'");
  const roll = rng();
  if (roll < 0.3 || grants.length === 0) {
    addGrant(world, rng);
    return "grant";
  }
  if (roll < 0.42) {
    s.prepare("update sharing_grants set revoked_at = '2026-03-01T00:00:00Z' where id = ?").run(pick(rng, grants));
    return "revoke";
  }
  if (roll < 0.5) {
    s.prepare("update sharing_grants set revoked_at = null where id = ?").run(pick(rng, grants));
    return "undo revoke";
  }
  if (roll < 0.55) {
    s.prepare("delete from sharing_grants where id = ?").run(pick(rng, grants));
    return "delete grant";
  }
  const rels = relationshipsOf().filter((r) => world.chains.includes(r.chain_id));
  if (roll < 0.67) {
    addRelationship(world, rng, rng() < 0.5);
    return "add relationship";
  }
  if (roll < 0.75 && rels.length > 0) {
    const r = pick(rng, rels);
    try {
      s.prepare("update relationships set chain_id = ? where id = ?").run(pick(rng, world.chains), r.id);
    } catch {
      // the same parties already in that chain
    }
    return "move relationship to another chain";
  }
  if (roll < 0.81 && rels.length > 0) {
    // Parties change only while nothing is recorded (the admin page locks them after).
    const unrecorded = rels.filter((r) => !s.prepare("select 1 from measurements where relationship_id = ?").get(r.id));
    if (unrecorded.length === 0) return "nothing";
    const r = pick(rng, unrecorded);
    const [provider, customer] = rng() < 0.5 ? [r.customer_id, r.provider_id] : [r.provider_id, pick(rng, world.orgs)];
    try {
      s.prepare("update relationships set provider_id = ?, customer_id = ? where id = ?").run(provider, customer, r.id);
    } catch {
      // distinct parties, unique in the chain
    }
    return "change parties";
  }
  if (roll < 0.87 && rels.length > 0) {
    s.prepare("delete from relationships where id = ?").run(pick(rng, rels).id);
    return "delete relationship (its values and grants go by cascade)";
  }
  if (roll < 0.93) {
    addOrganisationValue(world, rng);
    return "organisation-level value";
  }
  // An organisation without relationships that shares and is shared with, then goes.
  const spare = Number(s.prepare("insert into organisations (name) values ('Cells spare')").run().lastInsertRowid);
  s.prepare("insert into sharing_grants (grantor_organisation_id, audience, grantee_organisation_id) values (?, 'organisation', ?)").run(
    pick(rng, world.orgs),
    spare,
  );
  s.prepare("insert into sharing_grants (grantor_organisation_id, audience, grantee_organisation_id) values (?, 'organisation', ?)").run(
    spare,
    pick(rng, world.orgs),
  );

  s.prepare("delete from organisations where id = ?").run(spare);
  expect(
    sqlite().prepare("select count(*) from visible_metric_cells where viewer_organisation_id = ? or recorded_by_organisation_id = ?").pluck().get(spare, spare),
  ).toBe(0);
  return "organisation shares, is shared with, and is deleted";
}

// The demo data, with each test's own organisations, chains and grants beside it.
beforeAll(async () => {
  await prepareDemoDatabase();
});

describe("visible_metric_cells against the sharing rule", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])("randomised changes, seed %i: every organisation sees what the rule shows it, after every step", async (seed) => {
    const rng = mulberry32(seed * 7919);
    sharedValuesSeen = 0;
    const world = await buildWorld(rng);
    await expectTableMatchesRule(world, `seed ${seed}, built`);
    for (let i = 0; i < 40; i++) {
      const what = step(world, rng);
      await expectTableMatchesRule(world, `seed ${seed}, step ${i + 1} (${what})`);
    }
    // The sequences exercised what they are for.
    const audiences = sqlite().prepare("select distinct audience from sharing_grants").pluck().all();
    expect(audiences.length).toBeGreaterThanOrEqual(4);
    expect(sharedValuesSeen).toBeGreaterThan(100);
  });

  it("two organisations never read each other's cells", async () => {
    const rng = mulberry32(4242);
    const world = await buildWorld(rng);
    const [a, b] = world.orgs.slice(3, 5);
    const s = sqlite();
    // A relationship between them and a third party, recorded by the third party, shared with A only.
    const third = world.orgs[6];
    const chain = world.chains[0];
    const relId = Number(
      s
        .prepare(
          "insert into relationships (chain_id, provider_id, customer_id, service_name, start_date, lifecycle_stage, diversity, criticality) values (?, ?, ?, 's', '2024-01-01', 'active', 'mixed', 'medium')",
        )
        .run(chain, third, a).lastInsertRowid,
    );
    const valueId = Number(
      s
        .prepare("insert into measurements (metric_id, relationship_id, month, value, recorded_by_organisation_id, source) values (?, ?, ?, 777.77, ?, 'seed')")
        .run(world.metrics[0], relId, MONTHS[2], third).lastInsertRowid,
    );
    s.prepare("insert into sharing_grants (grantor_organisation_id, relationship_id, audience) values (?, ?, 'counterpart')").run(third, relId);
    const seenBy = async (org: number) =>
      (
        await db()
          .select({ id: measurements.id })
          .from(measurements)
          .where(and(eq(measurements.id, valueId), visibleMeasurementCondition(world.viewers.get(org)!)))
          .all()
      ).length;
    expect(await seenBy(a)).toBe(1);
    expect(await seenBy(b)).toBe(0);
    const cellsOf = (org: number) =>
      ids("select relationship_id from visible_metric_cells where viewer_organisation_id = ? and relationship_id = ?", org, relId);
    expect(cellsOf(a)).toEqual([relId]);
    expect(cellsOf(b)).toEqual([]);
    // The dashboard of each shows its own cells only.
    const dashboardValues = async (org: number) =>
      (await metricsDashboard(world.viewers.get(org)!, { scope: "shared", months: 12 }, TEST_AS_OF)).series.flatMap((x) => x.points.map((p) => p.value));
    expect(await dashboardValues(a)).toContain(777.77);
    expect(await dashboardValues(b)).not.toContain(777.77);
    // A grant to B by name shows it to B too, and revoking it takes it away again at once.
    const toB = Number(
      s
        .prepare("insert into sharing_grants (grantor_organisation_id, relationship_id, audience, grantee_organisation_id) values (?, ?, 'organisation', ?)")
        .run(third, relId, b).lastInsertRowid,
    );
    expect(await seenBy(b)).toBe(1);
    s.prepare("update sharing_grants set revoked_at = '2026-03-01T00:00:00Z' where id = ?").run(toB);
    expect(await seenBy(b)).toBe(0);
    expect(cellsOf(b)).toEqual([]);
    expect(await seenBy(a)).toBe(1);
  });
});

describe("the triggers", () => {
  it("are the generated ones, and a missing one is put back with a refill", () => {
    const s = sqlite();
    expect(installVisibleCellsTriggers(s)).toBe(false);
    const installed = s.prepare("select name from sqlite_master where type = 'trigger' and name like 'visible_cells_%' order by name").pluck().all();
    expect(installed).toEqual(
      visibleCellsTriggers()
        .map((t) => t.name)
        .sort(),
    );
    s.exec("drop trigger visible_cells_grant_insert");
    s.prepare("delete from visible_metric_cells").run();
    expect(installVisibleCellsTriggers(s)).toBe(true);
    expect(s.prepare("select count(*) from sharing_grants where revoked_at is null").pluck().get()).toBeGreaterThan(0);
    expect(s.prepare("select count(*) from visible_metric_cells").pluck().get()).toBeGreaterThan(0);
  });
});

describe("on the demo data", () => {
  it("every demo person's dashboard shows the rule's series and points, page by page as in the export", async () => {
    const people = db()
      .$client.prepare("select id from users where is_platform_admin = 1 or id in (select user_id from memberships)")
      .pluck()
      .all() as number[];
    const from = "2025-11";
    const to = "2026-10";
    for (const id of people) {
      const user = (await getActingUser(id))!;
      const orgIds = user.memberships.map((m) => m.organisationId);
      for (const scope of ["shared", "own"] as const) {
        const all = await metricsDashboard(user, { scope, months: 12 }, TEST_AS_OF);
        expect([all.from, all.to]).toEqual([from, to]);
        const shown = new Map(all.series.map((x) => [x.key, x.points.map((p) => `${p.month}=${p.value}`)]));
        // The reference: the rule's rows, grouped by series.
        const expected = new Map<string, string[]>();
        const rows = (
          await db()
            .select({
              metricId: measurements.metricId,
              relationshipId: measurements.relationshipId,
              subjectId: measurements.subjectOrganisationId,
              recordedBy: measurements.recordedByOrganisationId,
              month: measurements.month,
              value: measurements.value,
            })
            .from(measurements)
            .where(and(sharingRuleCondition(user), sql`${measurements.month} between ${from} and ${to}`))
            .orderBy(measurements.month)
            .all()
        ).filter((r) => (scope === "own") === orgIds.includes(r.recordedBy));
        for (const r of rows) {
          const key = `${r.metricId}|${r.relationshipId ?? `o${r.subjectId}`}|${r.recordedBy}`;
          expected.set(key, [...(expected.get(key) ?? []), `${r.month}=${r.value}`]);
        }
        expect(shown, `${user.email}, ${scope}`).toEqual(expected);
        expect(all.total).toBe(all.series.length);
        // The pages, one after another, are the export's series in its order, with the same points.
        const paged: string[] = [];
        for (let page = 1; page <= all.pageCount; page++) {
          const one = await metricsDashboard(user, { scope, months: 12, page }, TEST_AS_OF);
          expect(one.total).toBe(all.total);
          expect(one.page).toBe(page);
          for (const x of one.series) {
            expect(x.points, x.key).toEqual(all.series.find((y) => y.key === x.key)!.points);
            expect(x.latest).toEqual(x.points.at(-1) ?? null);
          }
          paged.push(...one.series.map((x) => x.key));
        }
        expect(paged).toEqual(all.series.map((x) => x.key));
        expect((await metricsDashboard(user, { scope, months: 12, page: all.pageCount + 3 }, TEST_AS_OF)).page).toBe(all.pageCount);
      }
    }
  });

  it("every demo person sees the values the rule shows them", async () => {
    const people = db().$client.prepare("select u.id from users u join memberships m on m.user_id = u.id").pluck().all() as number[];
    expect(people.length).toBeGreaterThan(5);
    for (const id of people) {
      const user = (await getActingUser(id))!;
      expect(await measurementIdsWhere(user, visibleMeasurementCondition), user.email).toEqual(await measurementIdsWhere(user, sharingRuleCondition));
    }
  });
});

describe("an older database", () => {
  it("gets the table filled when it is migrated (a restored backup is migrated on the next start)", () => {
    // Made by the first migration, never regenerated (tests/integration/upgrade.test.ts).
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portal-cells-")), "portal.db");
    fs.copyFileSync(path.resolve("tests/fixtures/portal-0000-demo.db"), file);
    const migrated = openDatabase(file);
    migrateDatabase(migrated);
    migrated.$client.close();
    const check = new Database(file);
    const cells = () =>
      (check.prepare("select viewer_organisation_id, recorded_by_organisation_id, relationship_id, metric_id from visible_metric_cells").all() as unknown[])
        .map((r) => JSON.stringify(r))
        .sort();
    const filled = cells();
    expect(filled.length).toBeGreaterThan(0);
    refillVisibleCells(check);
    expect(cells()).toEqual(filled);
    expect(installVisibleCellsTriggers(check)).toBe(false);
    check.close();
  });
});
