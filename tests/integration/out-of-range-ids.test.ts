import { prepareDemoDatabase } from "../support/test-db";
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createApiToken } from "~/models/api-token.server";
import { getActingUser } from "~/models/user.server";
import * as relationshipPage from "~/routes/_app+/relationships+/$relationshipId._index";
import * as relationshipMetrics from "~/routes/_app+/relationships+/$relationshipId.metrics";
import * as assessmentPage from "~/routes/_app+/relationships+/$relationshipId_.assessments.$assessmentId";
import * as actionPage from "~/routes/_app+/relationships+/$relationshipId_.actions.$actionId";
import * as newAction from "~/routes/_app+/relationships+/$relationshipId_.actions.new";
import * as assessPage from "~/routes/_app+/relationships+/$relationshipId_.assess";
import * as chainPage from "~/routes/_app+/chains+/$chainId";
import * as portfolioPage from "~/routes/_app+/chains+/$chainId_.portfolio";
import * as adminOrganisation from "~/routes/_app+/admin+/organisations.$organisationId";
import * as adminPerson from "~/routes/_app+/admin+/people.$personId";
import * as adminNewPerson from "~/routes/_app+/admin+/people.new";
import * as adminChain from "~/routes/_app+/admin+/chains.$chainId._index";
import * as adminNewChain from "~/routes/_app+/admin+/chains.new";
import * as adminNewRelationship from "~/routes/_app+/admin+/chains.$chainId.relationships.new";
import * as adminModel from "~/routes/_app+/admin+/model.$modelId._index";
import * as adminModels from "~/routes/_app+/admin+/model._index";
import * as cataloguePage from "~/routes/_app+/metrics+/catalogue.$metricId";
import * as kpiPage from "~/routes/_app+/metrics+/kpi";
import * as comparePage from "~/routes/_app+/compare+/_layout";
import * as dashboard from "~/routes/_app+/metrics+/_index";
import * as recordPage from "~/routes/_app+/metrics+/record";
import * as importPage from "~/routes/_app+/metrics+/import";
import * as importTemplate from "~/routes/_app+/metrics+/import_.template";
import * as sharingPage from "~/routes/_app+/sharing";
import * as apiTokensPage from "~/routes/_app+/settings+/api-tokens";
import * as measurementsApi from "~/routes/api+/v1.measurements";
import { BASE, get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { organisationIdOf, relationshipIdBetween, userIdOf } from "../support/factories";

/**
 * An id that is a whole number but larger than any id column holds
 * (PostgreSQL's integer stops at 2 147 483 647) is answered like an id of
 * no row, or as the field's own validation error: a 4xx, never a 500, on
 * either engine. Before the ids were bounded where they are parsed,
 * PostgreSQL refused such a value in SQL (22003, "out of range for type
 * integer") and each of these requests was a 500.
 */

/** Just above PostgreSQL's integer, and a JavaScript number far beyond it. */
const BIG_IDS = ["2147483648", "3000000000", "99999999999999999999"];

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

/** The status a loader or action answers with: a thrown Response's, a `data(…, { status })`, else 200. */
async function statusOf(handler: unknown, request: Request, params: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const out = await run(handler as Handler, request, params);
  if (out instanceof Response) return { status: out.status, body: null };
  const o = out as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (o && o.type === "DataWithResponseInit") return { status: o.init?.status ?? 200, body: o.data };
  return { status: 200, body: out };
}

/** The field errors of a conform reply, wherever the action put it. */
function fieldErrors(body: unknown): Record<string, unknown> {
  const b = body as { error?: Record<string, unknown>; result?: { error?: Record<string, unknown> }; viewResult?: { error?: Record<string, unknown> } };
  return b?.error ?? b?.result?.error ?? b?.viewResult?.error ?? {};
}

let staff: string;
let admin: string;
let supplierA: string;
let relationshipId: number;
let supplierAOrganisation: number;
let chainId: number;
let personId: number;
let tokenA: string;

beforeAll(async () => {
  await prepareDemoDatabase();
  staff = await signInAs(demo.companyStaff);
  admin = await signInAs(demo.admin);
  supplierA = await signInAs(demo.supplierAAdmin);
  supplierAOrganisation = await organisationIdOf(demo.supplierAAdmin.email);
  relationshipId = await relationshipIdBetween(supplierAOrganisation, await organisationIdOf(demo.companyStaff.email));
  personId = await userIdOf(demo.supplierBStaff.email);
  const { db } = await import("~/db.server");
  const { relationships } = await import("../../db/tables");
  const { eq } = await import("drizzle-orm");
  chainId = (await db().select({ chainId: relationships.chainId }).from(relationships).where(eq(relationships.id, relationshipId)).get())!.chainId;
  const actor = (await getActingUser(await userIdOf(demo.supplierAAdmin.email)))!;
  tokenA = (await createApiToken(actor, supplierAOrganisation, "Out of range ids")).token;
});

describe.each(BIG_IDS)("id %s", (big) => {
  describe("in a route parameter: 404, like an unknown id", () => {
    const cases: Array<[string, () => { handler: unknown; path: string; params: Record<string, string>; who: () => string }]> = [
      ["/relationships/:id", () => ({ handler: relationshipPage.loader, path: `/relationships/${big}`, params: { relationshipId: big }, who: () => staff })],
      [
        "/relationships/:id/metrics",
        () => ({ handler: relationshipMetrics.loader, path: `/relationships/${big}/metrics`, params: { relationshipId: big }, who: () => staff }),
      ],
      [
        "/relationships/:id/assessments/:assessmentId",
        () => ({
          handler: assessmentPage.loader,
          path: `/relationships/${relationshipId}/assessments/${big}`,
          params: { relationshipId: String(relationshipId), assessmentId: big },
          who: () => staff,
        }),
      ],
      [
        "/relationships/:id/actions/:actionId",
        () => ({
          handler: actionPage.loader,
          path: `/relationships/${relationshipId}/actions/${big}`,
          params: { relationshipId: String(relationshipId), actionId: big },
          who: () => staff,
        }),
      ],
      ["/chains/:id", () => ({ handler: chainPage.loader, path: `/chains/${big}`, params: { chainId: big }, who: () => staff })],
      ["/chains/:id/portfolio", () => ({ handler: portfolioPage.loader, path: `/chains/${big}/portfolio`, params: { chainId: big }, who: () => staff })],
      [
        "/admin/organisations/:id",
        () => ({ handler: adminOrganisation.loader, path: `/admin/organisations/${big}`, params: { organisationId: big }, who: () => admin }),
      ],
      ["/admin/people/:id", () => ({ handler: adminPerson.loader, path: `/admin/people/${big}`, params: { personId: big }, who: () => admin })],
      ["/admin/chains/:id", () => ({ handler: adminChain.loader, path: `/admin/chains/${big}`, params: { chainId: big }, who: () => admin })],
      ["/admin/model/:id", () => ({ handler: adminModel.loader, path: `/admin/model/${big}`, params: { modelId: big }, who: () => admin })],
      ["/metrics/catalogue/:id", () => ({ handler: cataloguePage.loader, path: `/metrics/catalogue/${big}`, params: { metricId: big }, who: () => supplierA })],
    ];
    it.each(cases)("%s", async (_name, make) => {
      const { handler, path, params, who } = make();
      expect((await statusOf(handler, get(path, who()), params)).status).toBe(404);
    });
  });

  describe("in a query parameter", () => {
    it("the KPI page's chain filter is a 404, like an unknown chain", async () => {
      expect((await statusOf(kpiPage.loader, get(`/metrics/kpi?chain=${big}`, staff))).status).toBe(404);
    });

    it("the comparison drops it and says the ids were bad", async () => {
      const { status, body } = await statusOf(comparePage.loader, get(`/compare?q=2026-Q2&r=${relationshipId}&r=${big}&chain=${big}`, staff));
      expect(status).toBe(200);
      expect((body as { problems: string[] }).problems).toEqual(expect.arrayContaining(["invalid_ids", "invalid_chain"]));
    });

    it("the metric dashboard falls back to no relationship filter", async () => {
      expect((await statusOf(dashboard.loader, get(`/metrics?relationship=${big}`, staff))).status).toBe(200);
    });

    it("the sharing page ignores it as an undo link", async () => {
      expect((await statusOf(sharingPage.loader, get(`/sharing?revoked=${big}`, supplierA))).status).toBe(200);
    });

    it("the import template refuses the organisation (403)", async () => {
      expect((await statusOf(importTemplate.loader, get(`/metrics/import/template?format=csv&organisation=${big}`, supplierA))).status).toBe(403);
    });
  });

  describe("in a form field: the field's own error", () => {
    it("recording a value: 400 on `relationship`", async () => {
      const { status, body } = await statusOf(
        recordPage.action,
        post("/metrics/record", { relationship: big, metric: "1", month: "2026-01", value: "5" }, supplierA),
      );
      expect(status).toBe(400);
      expect(fieldErrors(body)).toHaveProperty("relationship");
    });

    it("recording a value: 400 on `metric`", async () => {
      const { status, body } = await statusOf(
        recordPage.action,
        post("/metrics/record", { relationship: String(relationshipId), metric: big, month: "2026-01", value: "5" }, supplierA),
      );
      expect(status).toBe(400);
      expect(fieldErrors(body)).toHaveProperty("metric");
    });

    it("a sharing grant: 400 on `grantor`, `metric`, `relationship`, `grantee` and `chain`", async () => {
      for (const field of ["grantor", "metric", "relationship", "grantee", "chain"]) {
        const fields = { grantor: String(supplierAOrganisation), metric: "all", relationship: "all", audience: "organisation", grantee: "1", [field]: big };
        const { status, body } = await statusOf(sharingPage.action, post("/sharing", fields, supplierA));
        expect(status, field).toBe(400);
        expect(fieldErrors(body), field).toHaveProperty(field);
      }
    });

    it("revoking a sharing grant or an API token: 404", async () => {
      expect((await statusOf(sharingPage.action, post("/sharing", { intent: "revoke", grantId: big }, supplierA))).status).toBe(404);
      expect((await statusOf(apiTokensPage.action, post("/settings/api-tokens", { intent: "revoke", tokenId: big }, supplierA))).status).toBe(404);
    });

    it("a new API token: 400 on `organisation`", async () => {
      const { status, body } = await statusOf(apiTokensPage.action, post("/settings/api-tokens", { organisation: big, name: "x" }, supplierA));
      expect(status).toBe(400);
      expect(fieldErrors(body)).toHaveProperty("organisation");
    });

    it("a development action: 400 on `ownerUserId`", async () => {
      const fields = { title: "Test", phase: "measurement", ownerUserId: big, status: "planned" };
      const { status, body } = await statusOf(newAction.action, post(`/relationships/${relationshipId}/actions/new`, fields, staff), {
        relationshipId: String(relationshipId),
      });
      expect(status).toBe(400);
      expect(fieldErrors(body)).toHaveProperty("ownerUserId");
    });

    it("an assessment's revision: 400, the form is stale", async () => {
      const { status, body } = await statusOf(
        assessPage.action,
        post(`/relationships/${relationshipId}/assess`, { period: "2026-Q3", revision: big, intent: "save" }, staff),
        { relationshipId: String(relationshipId) },
      );
      expect(status).toBe(400);
      expect(fieldErrors(body)).toHaveProperty("revision");
    });

    it("deleting a measured value: 400", async () => {
      const { status } = await statusOf(
        relationshipMetrics.action,
        post(`/relationships/${relationshipId}/metrics`, { intent: "deleteReview", metric: big, month: "2026-01" }, supplierA),
        { relationshipId: String(relationshipId) },
      );
      expect(status).toBe(400);
    });

    it("a KPI stored for a relationship: 400 on `relationship`", async () => {
      const fields = { calculator: "nps", intent: "store", relationship: big, month: "2026-01", promoters: "5", passives: "3", detractors: "2" };
      const { status, body } = await statusOf(kpiPage.action, post("/metrics/kpi", fields, supplierA));
      expect(status).toBe(400);
      expect(fieldErrors(body)).toHaveProperty("relationship");
    });

    it("committing an import: 400", async () => {
      const fields = { intent: "commit", organisation: big, stagedId: "0".repeat(32) };
      expect((await statusOf(importPage.action, post("/metrics/import", fields, supplierA))).status).toBe(400);
    });

    it("administration: a chain's focal organisation, a relationship's parties, a membership, a new person, a model to copy", async () => {
      const chain = await statusOf(adminNewChain.action, post("/admin/chains/new", { name: "X", focalOrganisationId: big }, admin));
      expect(chain.status).toBe(400);
      expect(fieldErrors(chain.body)).toHaveProperty("focalOrganisationId");

      for (const field of ["providerId", "customerId"]) {
        const fields = {
          providerId: String(supplierAOrganisation),
          customerId: "1",
          serviceName: "X",
          startDate: "2024-01-01",
          lifecycleStage: "active",
          diversity: "mixed",
          criticality: "high",
          [field]: big,
        };
        const rel = await statusOf(adminNewRelationship.action, post(`/admin/chains/${chainId}/relationships/new`, fields, admin), {
          chainId: String(chainId),
        });
        expect(rel.status, field).toBe(400);
        expect(fieldErrors(rel.body), field).toHaveProperty(field);
      }

      const params = { personId: String(personId) };
      const add = await statusOf(
        adminPerson.action,
        post(`/admin/people/${personId}`, { intent: "addMembership", organisationId: big, role: "staff" }, admin),
        params,
      );
      expect(add.status).toBe(400);
      expect(fieldErrors(add.body)).toHaveProperty("organisationId");
      for (const intent of ["changeRole", "removeMembership"]) {
        const res = await statusOf(adminPerson.action, post(`/admin/people/${personId}`, { intent, organisationId: big, role: "staff" }, admin), params);
        expect(res.status, intent).toBeGreaterThanOrEqual(400);
        expect(res.status, intent).toBeLessThan(500);
      }

      const person = await statusOf(
        adminNewPerson.action,
        post("/admin/people/new", { email: "out-of-range@example.com", name: "X", organisationId: big, role: "staff" }, admin),
      );
      expect(person.status).toBe(400);
      expect(fieldErrors(person.body)).toHaveProperty("organisationId");

      expect((await statusOf(adminModels.action, post("/admin/model", { intent: "copy", from: big }, admin))).status).toBe(400);
    });
  });

  describe("in the API: 400 naming the parameter", () => {
    const api = (path: string, init: { method?: string; body?: string } = {}) =>
      new Request(`${BASE}/api/v1${path}`, {
        method: init.method ?? "GET",
        headers: { Authorization: `Bearer ${tokenA}`, ...(init.body ? { "Content-Type": "application/json" } : {}) },
        body: init.body,
      });
    const call = async (handler: unknown, request: Request) => {
      const res = (await run(handler as Handler, request)) as Response;
      return { status: res.status, body: (await res.json()) as { error?: { fieldErrors?: Record<string, string[]> } } };
    };

    it.each(["relationshipId", "after"])("GET /measurements?%s=…", async (name) => {
      const { status, body } = await call(measurementsApi.loader, api(`/measurements?${name}=${big}`));
      expect(status).toBe(400);
      expect(JSON.stringify(body)).toContain(name);
    });

    it("POST /measurements with such a relationshipId", async () => {
      const body = JSON.stringify({ measurements: [{ metric: "availability", relationshipId: Number(big), month: "2024-01", value: 99 }] });
      const res = await call(measurementsApi.action, api("/measurements", { method: "POST", body }));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain("measurements.0.relationshipId");
    });
  });
});
