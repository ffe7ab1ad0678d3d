import { prepareDemoDatabase } from "../support/test-db";
import { and, asc, eq, gt, gte, lte } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { measurements, metricDefinitions, organisations } from "../../db/schema";
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
  };
}

async function byRule(user: ActingUser, query: Query): Promise<number[]> {
  return (
    await db()
      .select({ id: measurements.id })
      .from(measurements)
      .innerJoin(metricDefinitions, eq(metricDefinitions.id, measurements.metricId))
      .where(
        and(
          sharingRuleCondition(user),
          query.relationshipId ? eq(measurements.relationshipId, query.relationshipId) : undefined,
          query.metric ? eq(metricDefinitions.key, query.metric) : undefined,
          query.from ? gte(measurements.month, query.from) : undefined,
          query.to ? lte(measurements.month, query.to) : undefined,
          query.after ? gt(measurements.id, query.after) : undefined,
        ),
      )
      .orderBy(asc(measurements.id))
      .limit(query.limit ?? 1000)
      .all()
  ).map((r) => r.id);
}

beforeAll(async () => {
  await prepareDemoDatabase();
});

describe("the API's prepared read for an organisation", () => {
  it("returns what the sharing rule shows each organisation, for every combination of filters", async () => {
    // Every organisation's token, and a platform administrator (the general rule's read, built per call).
    const orgs = await db().select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.id)).all();
    const relationshipIds = db().$client.prepare("select id from relationships order by id").pluck().all() as number[];
    const months = db().$client.prepare("select distinct month from measurements order by month").pluck().all() as string[];
    const metricKeys = db().$client.prepare("select key from metric_definitions order by id").pluck().all() as string[];
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
