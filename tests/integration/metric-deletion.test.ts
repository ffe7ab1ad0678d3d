import { TEST_AS_OF, prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { beforeAll, describe, expect, it } from "vitest";
import { measurementHistoryOf } from "~/models/measurement-deletion.server";
import { metricsDashboard } from "~/models/measurement-dashboard.server";
import { getMeasurementGrid } from "~/models/measurement.server";
import { listVisibleMeasurements } from "~/models/measurement-api.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import * as gridPage from "~/routes/_app+/relationships+/$relationshipId.metrics";
import { post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { relationshipIdBetween, userIdOf } from "../support/factories";

/**
 * A wrong measurement can be deleted by the organisation that recorded it:
 * reviewed first, then deleted; it vanishes from every reader, the deletion
 * is audited, and its history (measurement_history) is kept.
 */
let sqlite: TestSql;
const users: Record<string, ActingUser> = {};
let companyId: number;
let hostingId: number;
let hostingRel: number;
let availability: number;
let incidents: number;

type GridAnswer = {
  ok?: boolean;
  deletion: { stage: string; value: number | null; month: string; metricId: number } | null;
  errors?: Record<string, string>;
};
async function gridPost(email: string, fields: Record<string, string>): Promise<{ status: number; body: GridAnswer }> {
  const res = await run(gridPage.action, post(`/relationships/${hostingRel}/metrics`, fields, await signInAs(email)), { relationshipId: String(hostingRel) });
  if (res instanceof Response) return { status: res.status, body: { deletion: null } };
  const withInit = res as { data?: GridAnswer; init?: { status: number } };
  return withInit.data ? { status: withInit.init?.status ?? 200, body: withInit.data } : { status: 200, body: res as GridAnswer };
}

const cellRow = async (metricId: number, month: string) =>
  (await sqlite
    .prepare(
      "select id, value, deleted_at, deleted_by_user_id, recorded_by_organisation_id as recorder from measurements where metric_id = ? and relationship_id = ? and month = ?",
    )
    .get(metricId, hostingRel, month)) as
    { id: number; value: number; deleted_at: string | null; deleted_by_user_id: number | null; recorder: number } | undefined;

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  const userId = (email: string) => userIdOf(email);
  users.company = (await getActingUser(await userId(demo.companyStaff.email)))!;
  users.lead = (await getActingUser(await userId(demo.projectLead.email)))!;
  users.supplierA = (await getActingUser(await userId(demo.supplierAAdmin.email)))!;
  users.admin = (await getActingUser(await userId(demo.admin.email)))!;
  companyId = users.company.memberships[0].organisationId;
  hostingId = users.supplierA.memberships[0].organisationId;
  hostingRel = await relationshipIdBetween(hostingId, companyId);
  availability = ((await sqlite.prepare("select id from metric_definitions where key = 'availability'").get()) as { id: number }).id;
  incidents = ((await sqlite.prepare("select id from metric_definitions where key = 'quality_incidents'").get()) as { id: number }).id;
});

describe("deleting a wrong value", () => {
  it("shows the value to confirm first, and changes nothing until confirmed", async () => {
    // Supplier A's availability of the latest month (the company sees it through a seeded grant).
    const month = (
      (await sqlite.prepare("select max(month) as m from measurements where metric_id = ? and relationship_id = ?").get(availability, hostingRel)) as {
        m: string;
      }
    ).m;
    const before = (await cellRow(availability, month))!;
    const review = await gridPost(demo.supplierAAdmin.email, { intent: "deleteReview", metric: String(availability), month });
    expect(review.status).toBe(200);
    expect(review.body.deletion).toMatchObject({ stage: "confirm", value: before.value, month, metricId: availability });
    expect(await cellRow(availability, month)).toEqual(before);
  });

  it("deletes on confirmation: hidden from the grid, the dashboard and the API; audited; its history kept", async () => {
    const month = (
      (await sqlite.prepare("select max(month) as m from measurements where metric_id = ? and relationship_id = ?").get(availability, hostingRel)) as {
        m: string;
      }
    ).m;
    // An earlier correction gives the value a history.
    expect((await gridPost(demo.supplierAAdmin.email, { [`cell:${availability}:${month}`]: "99,5" })).status).toBe(200);
    const stored = (await cellRow(availability, month))!;
    expect(stored.value).toBe(99.5);
    const historyBefore = (await sqlite
      .prepare("select previous_value as previous, new_value as next, kind from measurement_history where measurement_id = ? order by id")
      .all(stored.id)) as Array<{ previous: number; next: number; kind: string }>;
    expect(historyBefore).toHaveLength(1);
    expect(
      (await metricsDashboard(users.company, { scope: "shared", months: 12 }, TEST_AS_OF)).series.some(
        (s) => s.metric.key === "availability" && s.points.some((p) => p.month === month && p.value === 99.5),
      ),
    ).toBe(true);

    const res = await gridPost(demo.supplierAAdmin.email, { intent: "delete", metric: String(availability), month });
    expect(res.status).toBe(200);
    expect(res.body.deletion).toMatchObject({ stage: "done", value: 99.5 });

    // The row stays as a tombstone with its history; no reader sees it.
    const tombstone = (await cellRow(availability, month))!;
    expect(tombstone.id).toBe(stored.id);
    expect(tombstone.deleted_at).not.toBeNull();
    expect(tombstone.deleted_by_user_id).toBe(users.supplierA.id);
    expect(
      await sqlite
        .prepare(
          "select previous_value as previous, new_value as next, kind, recorded_by_organisation_id as recorder from measurement_history where measurement_id = ? order by id",
        )
        .all(stored.id),
    ).toEqual([
      { ...historyBefore[0], recorder: hostingId },
      { previous: 99.5, next: 99.5, kind: "delete", recorder: hostingId },
    ]);
    const audit = (await sqlite
      .prepare("select action, actor_user_id as actor, entity_type as type, entity_id as id, before from audit_log where action = 'measurement.delete'")
      .all()) as Array<{ action: string; actor: number; type: string; id: string; before: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: users.supplierA.id, type: "measurement", id: String(stored.id) });
    expect(JSON.parse(audit[0].before)).toEqual({ metricId: availability, relationshipId: hostingRel, month, value: 99.5 });

    const grid = await getMeasurementGrid(users.supplierA, hostingRel, month);
    expect(grid.cells.some((c) => c.metricId === availability && c.month === month)).toBe(false);
    expect(
      (await metricsDashboard(users.company, { scope: "shared", months: 12 }, TEST_AS_OF)).series.some(
        (s) => s.metric.key === "availability" && s.points.some((p) => p.month === month),
      ),
    ).toBe(false);
    const api = await listVisibleMeasurements(
      { user: users.admin, organisationId: 0, tokenId: 0 },
      { relationshipId: hostingRel, metric: "availability", from: month, to: month },
    );
    expect(api.data).toEqual([]);
    // The recorder still reads the cell's history, the deletion included.
    expect((await measurementHistoryOf(users.supplierA, availability, hostingRel, month)).map((h) => h.kind)).toEqual(["delete", "update"]);
    expect(await measurementHistoryOf(users.company, availability, hostingRel, month)).toEqual([]);
  });

  it("a value entered again for the cell reuses the row, and the other party may then record it", async () => {
    const month = "2025-02";
    expect((await gridPost(demo.companyStaff.email, { [`cell:${incidents}:${month}`]: "4" })).status).toBe(200);
    const id = (await cellRow(incidents, month))!.id;
    expect((await gridPost(demo.companyStaff.email, { intent: "delete", metric: String(incidents), month })).body.deletion?.stage).toBe("done");
    // Supplier A records the cell the company deleted: the row is reused, now A's, with none of the company's history shown to A.
    const res = await gridPost(demo.supplierAAdmin.email, { [`cell:${incidents}:${month}`]: "2" });
    expect(res.body.ok).toBe(true);
    expect(await cellRow(incidents, month)).toMatchObject({ id, value: 2, deleted_at: null, recorder: hostingId });
    expect(await measurementHistoryOf(users.supplierA, incidents, hostingRel, month)).toEqual([]);
    expect((await measurementHistoryOf(users.company, incidents, hostingRel, month)).map((h) => h.kind)).toEqual(["delete"]);
  });

  it("only the recorder's writers may delete: another party's value is not found, a reader gets 403", async () => {
    const month = (
      (await sqlite
        .prepare("select max(month) as m from measurements where metric_id = ? and relationship_id = ? and deleted_at is null")
        .get(availability, hostingRel)) as { m: string }
    ).m;
    const before = await cellRow(availability, month);
    // The company sees supplier A's availability but did not record it.
    const other = await gridPost(demo.companyStaff.email, { intent: "delete", metric: String(availability), month });
    expect(other.status).toBe(404);
    expect(other.body.deletion?.stage).toBe("notFound");
    expect((await gridPost(demo.projectLead.email, { intent: "delete", metric: String(availability), month })).status).toBe(403);
    expect((await gridPost(demo.admin.email, { intent: "delete", metric: String(availability), month })).status).toBe(403);
    expect(await cellRow(availability, month)).toEqual(before);
    const bad = await gridPost(demo.supplierAAdmin.email, { intent: "delete", metric: "0", month: "0000-13" });
    expect(bad.status).toBe(400);
  });
});
