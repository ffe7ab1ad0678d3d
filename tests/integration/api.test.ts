import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { authenticateApiToken, createApiToken, revokeApiToken } from "~/models/api-token.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import * as tokensPage from "~/routes/_app+/settings+/api-tokens";
import * as measurementsApi from "~/routes/api+/v1.measurements";
import * as metricsApi from "~/routes/api+/v1.metrics";
import * as relationshipsApi from "~/routes/api+/v1.relationships";
import * as openapi from "~/routes/api+/v1.openapi[.]json";
import * as fallback from "~/routes/api+/v1.$";
import { BASE, get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { relationshipIdBetween, userIdOf } from "../support/factories";

let sqlite: TestSql;
let supplierA: ActingUser;
let companyStaff: ActingUser;
let hostingId: number;
let companyId: number;
let hostingRel: number;
let startupRel: number;
let tokenA: string;
let tokenCompany: string;

function api(path: string, init: { method?: string; token?: string | null; body?: string; contentType?: string } = {}): Request {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["Content-Type"] = init.contentType ?? "application/json";
  return new Request(`${BASE}/api/v1${path}`, { method: init.method ?? "GET", headers, body: init.body });
}

async function call(handler: (args: never) => unknown, request: Request): Promise<{ status: number; body: Record<string, unknown> & { data?: unknown[] } }> {
  const res = (await run(handler as never, request)) as Response;
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const push = (token: string | null, body: unknown, raw?: string) =>
  call(measurementsApi.action as never, api("/measurements", { method: "POST", token, body: raw ?? JSON.stringify(body) }));

async function fingerprint(): Promise<string> {
  const parts = await Promise.all(
    ["measurements", "measurement_history", "audit_log"].map(async (t) => JSON.stringify(await sqlite.prepare(`select * from ${t} order by id`).all())),
  );
  return createHash("sha256").update(parts.join("|")).digest("hex");
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  const userId = (email: string) => userIdOf(email);
  supplierA = (await getActingUser(await userId(demo.supplierAAdmin.email)))!;
  companyStaff = (await getActingUser(await userId("johanna.laine@verkkokauppa.example")))!; // the company's org admin
  hostingId = supplierA.memberships[0].organisationId;
  companyId = companyStaff.memberships[0].organisationId;
  const relOf = (p: number, c: number) => relationshipIdBetween(p, c);
  hostingRel = await relOf(hostingId, companyId);
  startupRel = await relOf((await getActingUser(await userId(demo.supplierBStaff.email)))!.memberships[0].organisationId, companyId);
  tokenA = (await createApiToken(supplierA, hostingId, "Monitoring")).token;
  tokenCompany = (await createApiToken(companyStaff, companyId, "ERP")).token;
});

describe("tokens", () => {
  it("are stored hashed with a prefix, never in clear, and creating one is audited without the secret", async () => {
    const row = (await sqlite.prepare("select token_hash, prefix from api_tokens where name = 'Monitoring'").get()) as { token_hash: string; prefix: string };
    expect(row.token_hash).toBe(createHash("sha256").update(tokenA).digest("hex"));
    expect(tokenA.startsWith(row.prefix)).toBe(true);
    const dump = JSON.stringify(await sqlite.prepare("select * from api_tokens").all()) + JSON.stringify(await sqlite.prepare("select * from audit_log").all());
    expect(dump).not.toContain(tokenA);
    expect(await sqlite.prepare("select count(*) as n from audit_log where action = 'api_token.create'").get()).toEqual({ n: 2 });
  });

  it("record when they were last used, at most once a minute, and do not write while that is fresh", async () => {
    const { id } = (await sqlite.prepare("select id from api_tokens where name = 'Monitoring'").get()) as { id: number };
    const lastUsed = async () => ((await sqlite.prepare("select last_used_at as at from api_tokens where id = ?").get(id)) as { at: string | null }).at;
    await sqlite.prepare("update api_tokens set last_used_at = null where id = ?").run(id);
    expect((await authenticateApiToken(tokenA))?.tokenId).toBe(id);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    // While another connection holds the write lock, a fresh token still authenticates at once: it did not ask for the lock.
    const writer = openTestSql();
    try {
      await writer
        .transaction(async (tx) => {
          // SQLite: the transaction holds the write lock. PostgreSQL: a lock that lets reads through and holds every write.
          if (tx.engine === "postgres") await tx.exec("lock table api_tokens in exclusive mode");
          expect((await authenticateApiToken(tokenA))?.organisationId).toBeGreaterThan(0);
          throw new Error("roll back");
        })
        .catch((error: Error) => expect(error.message).toBe("roll back"));
    } finally {
      await writer.close();
    }
    expect(await lastUsed()).toBe(first);
    await sqlite.prepare("update api_tokens set last_used_at = '2026-01-01T00:00:00.000Z' where id = ?").run(id);
    await authenticateApiToken(tokenA);
    expect((await lastUsed())! > "2026-01-01T00:00:00.000Z").toBe(true);
  });

  it("are created on the settings page by an org admin only, shown once", async () => {
    const adminCookie = await signInAs(demo.supplierAAdmin);
    const created = (await run(
      tokensPage.action,
      post("/settings/api-tokens", { intent: "create", organisation: String(hostingId), name: "Page token" }, adminCookie),
    )) as {
      data: { created: { token: string } };
    };
    expect(created.data.created.token).toMatch(/^scp_[A-Za-z0-9_-]{43}$/);
    const page = (await run(tokensPage.loader, get("/settings/api-tokens", adminCookie))) as Awaited<ReturnType<typeof tokensPage.loader>>;
    expect(JSON.stringify(page)).not.toContain(created.data.created.token);
    expect(page.tokens.map((t) => t.name)).toContain("Page token");
    const staffCookie = await signInAs(demo.supplierBStaff); // staff, not an org admin
    expect(((await run(tokensPage.loader, get("/settings/api-tokens", staffCookie))) as Response).status).toBe(403);
    // Another organisation's token cannot be revoked: 404.
    const foreign = (await sqlite.prepare("select id from api_tokens where name = 'ERP'").get()) as { id: number };
    expect(
      ((await run(tokensPage.action, post("/settings/api-tokens", { intent: "revoke", tokenId: String(foreign.id) }, adminCookie))) as Response).status,
    ).toBe(404);
  });
});

describe("authentication", () => {
  it("answers 401 without a token, with a malformed header and with an unknown token", async () => {
    expect((await call(metricsApi.loader as never, api("/metrics"))).status).toBe(401);
    const basic = new Request(`${BASE}/api/v1/metrics`, { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
    expect((await call(metricsApi.loader as never, basic)).status).toBe(401);
    const unknown = await call(metricsApi.loader as never, api("/metrics", { token: "scp_notarealtokenatall" }));
    expect(unknown).toMatchObject({ status: 401, body: { error: "unauthorized" } });
  });

  it("ignores a browser session: the API takes tokens only", async () => {
    const cookie = await signInAs(demo.companyStaff);
    expect((await call(metricsApi.loader as never, get("/api/v1/metrics", cookie))).status).toBe(401);
  });

  it("answers 401 once the token is revoked", async () => {
    const { id, token } = await createApiToken(supplierA, hostingId, "Short-lived");
    expect((await call(metricsApi.loader as never, api("/metrics", { token }))).status).toBe(200);
    await revokeApiToken(supplierA, id);
    expect((await call(metricsApi.loader as never, api("/metrics", { token }))).status).toBe(401);
    expect((await push(token, { measurements: [{ metric: "resolution_time", relationshipId: hostingRel, month: "2024-01", value: 1 }] })).status).toBe(401);
  });
});

describe("pushing measurements", () => {
  const body = () => ({
    measurements: [
      { metric: "resolution_time", relationshipId: hostingRel, month: "2024-01", value: 5.5 },
      { metric: "availability", relationshipId: hostingRel, month: "2024-01", value: 99.95 },
    ],
  });

  it("writes all items, and the same push again changes nothing", async () => {
    const first = await push(tokenA, body());
    expect(first).toEqual({ status: 200, body: { inserted: 2, updated: 0, unchanged: 0 } });
    const rows = await sqlite
      .prepare(
        "select value, source, recorded_by_organisation_id as org, recorded_by_user_id as user from measurements where relationship_id = ? and month = '2024-01' order by value",
      )
      .all(hostingRel);
    expect(rows).toEqual([
      { value: 5.5, source: "api", org: hostingId, user: null },
      { value: 99.95, source: "api", org: hostingId, user: null },
    ]);
    const audit = (await sqlite
      .prepare("select actor_organisation_id as org, entity_type, after from audit_log where action = 'measurements.api_push'")
      .get()) as {
      org: number;
      entity_type: string;
      after: string;
    };
    expect(audit).toMatchObject({ org: hostingId, entity_type: "api_token" });
    expect(audit.after).not.toContain(tokenA);

    const before = await fingerprint();
    const second = await push(tokenA, body());
    expect(second).toEqual({ status: 200, body: { inserted: 0, updated: 0, unchanged: 2 } });
    expect(await fingerprint()).toBe(before);
  });

  it("a changed value updates and keeps the previous one", async () => {
    const changed = body();
    changed.measurements[0].value = 6;
    expect((await push(tokenA, changed)).body).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    const history = await sqlite
      .prepare(
        "select h.previous_value as previous, h.new_value as next, h.source from measurement_history h join measurements m on m.id = h.measurement_id where m.relationship_id = ? and m.month = '2024-01'",
      )
      .all(hostingRel);
    expect(history).toEqual([{ previous: 5.5, next: 6, source: "api" }]);
  });

  it("answers 400 with field errors for a bad body, writing nothing", async () => {
    const before = await fingerprint();
    const res = await push(tokenA, {
      measurements: [
        { metric: "nps", relationshipId: "12", month: "2024-13", value: "5" },
        { metric: "", relationshipId: hostingRel, month: "2024-01" },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("validation_failed");
    expect(Object.keys(res.body.fieldErrors as object).sort()).toEqual(
      ["measurements.0.month", "measurements.0.relationshipId", "measurements.0.value", "measurements.1.metric", "measurements.1.value"].sort(),
    );
    expect(await fingerprint()).toBe(before);
  });

  it("answers 400 for an unknown metric key, a future month and a repeated item, naming each", async () => {
    const res = await push(tokenA, {
      measurements: [
        { metric: "happiness", relationshipId: hostingRel, month: "2024-01", value: 1 },
        { metric: "resolution_time", relationshipId: hostingRel, month: "2099-01", value: 1 },
        { metric: "availability", relationshipId: hostingRel, month: "2024-02", value: 1 },
        { metric: "availability", relationshipId: hostingRel, month: "2024-02", value: 2 },
      ],
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fieldErrors as object).sort()).toEqual(["measurements.0.metric", "measurements.1.month", "measurements.3"]);
  });

  it("answers 400 for malformed JSON, unknown fields and an empty list; 415 for another content type; 405 for another method", async () => {
    expect((await push(tokenA, null, "{ not json")).body).toMatchObject({ error: "malformed_json" });
    expect((await push(tokenA, null, "{ not json")).status).toBe(400);
    expect((await push(tokenA, { measurements: [], extra: 1 })).status).toBe(400);
    const form = await call(
      measurementsApi.action as never,
      api("/measurements", { method: "POST", token: tokenA, body: "a=1", contentType: "application/x-www-form-urlencoded" }),
    );
    expect(form.status).toBe(415);
    const put = await call(measurementsApi.action as never, api("/measurements", { method: "PUT", token: tokenA, body: "{}" }));
    expect(put.status).toBe(405);
  });

  it("answers 404 for a relationship the organisation is not party to, the same as for one that does not exist", async () => {
    const before = await fingerprint();
    const foreign = await push(tokenA, {
      measurements: [
        { metric: "resolution_time", relationshipId: hostingRel, month: "2024-03", value: 2 },
        { metric: "resolution_time", relationshipId: startupRel, month: "2024-03", value: 2 },
      ],
    });
    expect(foreign).toEqual({
      status: 404,
      body: { error: "not_found", message: `Relationship ${startupRel} not found`, field: "measurements.1.relationshipId" },
    });
    const missing = await push(tokenA, { measurements: [{ metric: "resolution_time", relationshipId: 999999, month: "2024-03", value: 2 }] });
    expect(missing.status).toBe(404);
    expect(await fingerprint()).toBe(before);
  });

  it("answers 403 for a value the other party recorded", async () => {
    // The company records on-time delivery of its hosting supplier (seed).
    const month = (
      (await sqlite
        .prepare(
          "select max(m.month) as m from measurements m join metric_definitions d on d.id = m.metric_id where d.key = 'on_time_delivery' and m.relationship_id = ?",
        )
        .get(hostingRel)) as { m: string }
    ).m;
    const res = await push(tokenA, { measurements: [{ metric: "on_time_delivery", relationshipId: hostingRel, month, value: 100 }] });
    expect(res.status).toBe(403);
    expect(res.body.fields).toEqual(["measurements.0"]);
  });
});

describe("reading", () => {
  it("lists what the organisation may see and nothing of another supplier's relationship", async () => {
    const all = await call(measurementsApi.loader as never, api("/measurements?limit=5000", { token: tokenA }));
    expect(all.status).toBe(200);
    const data = all.body.data as Array<{ relationshipId: number | null; recordedBy: { id: number }; metric: string }>;
    expect(data.length).toBeGreaterThan(0);
    expect(data.some((m) => m.relationshipId === startupRel)).toBe(false);
    // The company's unshared records about the supplier are not readable either.
    expect(data.some((m) => m.relationshipId === hostingRel && m.recordedBy.id === companyId && m.metric === "on_time_delivery")).toBe(false);
    const filtered = await call(measurementsApi.loader as never, api(`/measurements?relationshipId=${startupRel}`, { token: tokenA }));
    expect(filtered.body.data).toEqual([]);
  });

  it("pages with limit and after", async () => {
    const first = await call(measurementsApi.loader as never, api("/measurements?limit=2", { token: tokenCompany }));
    const page = first.body.data as Array<{ id: number }>;
    expect(page).toHaveLength(2);
    expect(first.body.nextAfter).toBe(page[1].id);
    const next = await call(measurementsApi.loader as never, api(`/measurements?limit=2&after=${page[1].id}`, { token: tokenCompany }));
    expect((next.body.data as Array<{ id: number }>)[0].id).toBeGreaterThan(page[1].id);
  });

  it("answers 400 for a bad query", async () => {
    const res = await call(measurementsApi.loader as never, api("/measurements?from=March&limit=0&colour=red", { token: tokenA }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fieldErrors as object).sort()).toEqual(["(query)", "from", "limit"].sort());
  });

  it("lists the organisation's metrics and relationships", async () => {
    const metrics = await call(metricsApi.loader as never, api("/metrics", { token: tokenA }));
    expect((metrics.body.data as Array<{ key: string }>).map((m) => m.key)).toContain("on_time_delivery");
    const rels = await call(relationshipsApi.loader as never, api("/relationships", { token: tokenA }));
    expect(rels.body.data as Array<{ id: number; side: string }>).toEqual([expect.objectContaining({ id: hostingRel, side: "provider" })]);
  });
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 JSON listing every path, without authentication", async () => {
    const res = (await run(openapi.loader as never, new Request(`${BASE}/api/v1/openapi.json`))) as Response;
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text()) as { openapi: string; paths: Record<string, Record<string, unknown>>; servers: Array<{ url: string }> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/measurements", "/metrics", "/relationships"]);
    expect(Object.keys(doc.paths["/measurements"]).sort()).toEqual(["get", "post"]);
    // Relative unless PUBLIC_URL is set: never the Host header the request came with (issue 12).
    expect(doc.servers[0].url).toBe("/api/v1");
  });

  it("any other API path is a JSON 404", async () => {
    expect((await call(fallback.loader as never, api("/nope"))).status).toBe(404);
  });
});
