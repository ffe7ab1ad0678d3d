import { prepareDemoDatabase } from "../support/test-db";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { measurements, metricDefinitions, organisations, relationships } from "../../db/tables";
import { db } from "~/db.server";
import { listVisibleMeasurements } from "~/models/measurement-api.server";
import { sharingRuleCondition } from "~/models/metric-access.server";
import type { ActingUser } from "~/models/user.server";

/**
 * The API's read for a token's organisation is a query prepared once per
 * filter combination (its values bound at run time). It must return what
 * the sharing rule itself (sharingRuleCondition) shows the organisation,
 * for every organisation and every combination of filters, however often
 * the prepared queries are reused with other values.
 */

type Query = { relationshipId?: number; metric?: string; from?: string; to?: string; after?: number; limit?: number };

function tokenView(organisationId: number, organisationName: string): ActingUser {
  return {
    id: 0,
    email: "",
    name: "API token",
    isPlatformAdmin: false,
    locale: null,
    timeZone: "Europe/Helsinki",
    memberships: [{ organisationId, organisationName, role: "staff" }],
    assessorScopes: [],
  };
}

type VisibleRow = { id: number; relationshipId: number | null; metric: string; month: string };
const visibleByRule = new Map<string, Promise<VisibleRow[]>>();

/** Every measurement the sharing rule itself shows `user`, read once per user (the rule is slow on PostgreSQL). */
function visibleRows(user: ActingUser): Promise<VisibleRow[]> {
  const key = JSON.stringify([user.isPlatformAdmin, user.memberships.map((m) => m.organisationId)]);
  let rows = visibleByRule.get(key);
  if (!rows) {
    rows = db()
      .select({ id: measurements.id, relationshipId: measurements.relationshipId, metric: metricDefinitions.key, month: measurements.month })
      .from(measurements)
      .innerJoin(metricDefinitions, eq(metricDefinitions.id, measurements.metricId))
      .where(sharingRuleCondition(user))
      .orderBy(asc(measurements.id))
      .all();
    visibleByRule.set(key, rows);
  }
  return rows;
}

/** What the rule shows for a query: its rows filtered here, independently of the API's own query. */
async function byRule(user: ActingUser, query: Query): Promise<number[]> {
  return (await visibleRows(user))
    .filter(
      (r) =>
        (!query.relationshipId || r.relationshipId === query.relationshipId) &&
        (!query.metric || r.metric === query.metric) &&
        (!query.from || r.month >= query.from) &&
        (!query.to || r.month <= query.to) &&
        (!query.after || r.id > query.after),
    )
    .slice(0, query.limit ?? 1000)
    .map((r) => r.id);
}

beforeAll(async () => {
  await prepareDemoDatabase();
});

describe("the API's prepared read for an organisation", () => {
  it("returns what the sharing rule shows each organisation, for every combination of filters", { timeout: 120_000 }, async () => {
    // Every organisation's token, and a platform administrator (the general rule's read, built per call).
    const orgs = await db().select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.id)).all();
    const relationshipIds = (await db().select({ id: relationships.id }).from(relationships).orderBy(asc(relationships.id)).all()).map((r) => r.id);
    const months = (await db().selectDistinct({ month: measurements.month }).from(measurements).orderBy(asc(measurements.month)).all()).map((r) => r.month);
    const metricKeys = (await db().select({ key: metricDefinitions.key }).from(metricDefinitions).orderBy(asc(metricDefinitions.id)).all()).map((r) => r.key);
    expect(orgs.length).toBeGreaterThan(3);
    let compared = 0;
    let nonEmpty = 0;
    for (const [i, org] of [...orgs, { id: 0, name: "(platform administrator)" }].entries()) {
      const user = org.id === 0 ? { ...tokenView(0, org.name), isPlatformAdmin: true, memberships: [] } : tokenView(org.id, org.name);
      const queries: Query[] = [
        {},
        { relationshipId: relationshipIds[i % relationshipIds.length] },
        { metric: metricKeys[i % metricKeys.length] },
        { from: months[Math.floor(months.length / 3)], to: months[Math.floor((2 * months.length) / 3)] },
        { limit: 3 },
        { limit: 3, after: (await byRule(user, { limit: 3 })).at(-1) ?? 1 },
        { relationshipId: relationshipIds[(i + 1) % relationshipIds.length], metric: metricKeys[(i + 2) % metricKeys.length], from: months[0] },
      ];
      for (const query of queries) {
        const read = await listVisibleMeasurements({ user, organisationId: org.id, tokenId: 0 }, query);
        const expected = await byRule(user, { ...query, limit: (query.limit ?? 1000) + 1 });
        expect(
          read.data.map((m) => m.id),
          `${org.name} ${JSON.stringify(query)}`,
        ).toEqual(expected.slice(0, query.limit ?? 1000));
        expect(read.nextAfter).toBe(expected.length > (query.limit ?? 1000) ? read.data.at(-1)!.id : null);
        compared++;
        if (read.data.length > 0) nonEmpty++;
      }
    }
    expect(compared).toBe((orgs.length + 1) * 7);
    // The comparison means something only if organisations do see measurements.
    expect(nonEmpty).toBeGreaterThan(orgs.length);
  });
});
