/**
 * Bad input, everywhere, against the production server: every route of the
 * build with an action and every API endpoint gets wrong types, missing and
 * extra fields, 100 kB strings, a body over the limit, a wrong content type,
 * invalid UTF-8 and SQL/HTML metacharacters, as a user who may use it. Each
 * answer is a 4xx (or a redirect), never a 5xx, and the data tables are
 * unchanged. Also: entered text is rendered escaped, and production error
 * pages carry no stack trace.
 */
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed/demo";
import { BUILD_FILE, ensureBuild, postForm, signIn, type RunningServer } from "../support/server";
import { fingerprintOf, firstIdOf, freshServerDatabase, idOf, insertApiTokenIn, organisationIn, startServerOn, userIdIn } from "../support/server-database";
import { demo } from "../support/demo-accounts";

let server: RunningServer;
let sessions: { staff: string; admin: string; orgAdmin: string };
let token: string;
let actionRoutes: Array<{ id: string; path: string }>;
let params: Record<string, string>;

const HUNDRED_KB = "x".repeat(100 * 1024);
const SQL = "1' OR '1'='1'; DROP TABLE users; --";
const HTML = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
/** Field names the portal's forms use; each case fills them with something wrong. */
const FIELDS = [
  "intent",
  "id",
  "name",
  "title",
  "description",
  "email",
  "password",
  "role",
  "organisation",
  "organisationId",
  "relationshipId",
  "chainId",
  "providerId",
  "customerId",
  "metric",
  "metricId",
  "month",
  "value",
  "period",
  "revision",
  "stage",
  "status",
  "reason",
  "phase",
  "factor",
  "ownerUserId",
  "dueDate",
  "businessId",
  "audience",
  "stagedId",
  "locale",
  "tokenId",
  "score_trust",
  "evidence_trust",
  // A cell of the measurement grid (metric 1, a past month).
  "cell:1:2025-01",
];
/** Every intent the portal's forms send (and a few they do not), so every branch of an action sees each case. */
const INTENTS = [
  "",
  "save",
  "submit",
  "create",
  "edit",
  "commit",
  "grant",
  "revoke",
  "store",
  "calculate",
  "password",
  "language",
  "addMembership",
  "changeRole",
  "removeMembership",
  "disable",
  "enable",
  "resetLink",
  "grantPlatformAdmin",
  "revokePlatformAdmin",
  "reopen",
  "delete",
];
/** The 100 kB cases are heavy (700 kB a body): sent with the intents that create or edit text. */
const HEAVY_INTENTS = new Set(["", "save", "create", "edit", "grant", "password"]);
const TEXT_FIELDS = new Set(["name", "title", "description", "reason", "email", "evidence_trust", "password", "cell:1:2025-01"]);
/**
 * Intents that need no field at all are valid whatever else is sent (extra
 * fields are ignored), so they are not bad input: disabling a person, say.
 */
const VALID_WITHOUT_FIELDS: Record<string, string[]> = {
  "routes/_app+/admin+/people.$personId": ["disable", "enable", "resetLink", "grantPlatformAdmin", "revokePlatformAdmin"],
};
/** Saving the grid with no cell in the form is a defined no-op (200, nothing written). */
const NOOP_OK: Record<string, string[]> = {
  "routes/_app+/relationships+/$relationshipId.metrics": ["missing fields"],
};

type Case = { name: string; contentType?: string; body: BodyInit; expect?: number };

function formOf(value: (field: string) => string, extra: Record<string, string> = {}): string {
  const form = new URLSearchParams();
  for (const f of FIELDS) form.set(f, value(f));
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form.toString();
}

/** Form cases for one intent value. */
function formCases(intent: string): Case[] {
  const form = "application/x-www-form-urlencoded";
  const withIntent = (s: string) => (intent ? `intent=${encodeURIComponent(intent)}&${s}` : s);
  return [
    { name: "missing fields", contentType: form, body: withIntent("") || "intent=" },
    {
      name: "wrong types",
      contentType: form,
      body: withIntent(formOf((f) => (f === "intent" ? intent : ["abc", "1e999", "NaN", "[]", "12,34,56"][f.length % 5]))),
    },
    {
      name: "extra fields",
      contentType: form,
      body: withIntent(formOf((f) => (f === "intent" ? intent : "{}"), { __proto__: "1", constructor: "x", unknownField: "y", "a[b]": "c" })),
    },
    { name: "SQL metacharacters", contentType: form, body: withIntent(formOf((f) => (f === "intent" ? intent : SQL))) },
    { name: "HTML metacharacters", contentType: form, body: withIntent(formOf((f) => (f === "intent" ? intent : HTML))) },
    ...(HEAVY_INTENTS.has(intent)
      ? [{ name: "100 kB strings", contentType: form, body: withIntent(formOf((f) => (f === "intent" ? intent : TEXT_FIELDS.has(f) ? HUNDRED_KB : "1"))) }]
      : []),
  ];
}

/** Cases the body policy answers before any route: the same for every endpoint. */
const ENVELOPE_CASES: Case[] = [
  { name: "a body over the limit", contentType: "application/x-www-form-urlencoded", body: `name=${"y".repeat(1024 * 1024 + 10)}`, expect: 413 },
  { name: "a wrong content type", contentType: "text/plain", body: "intent=save&name=x", expect: 415 },
  { name: "no content type", body: new Uint8Array([1, 2, 3]), expect: 415 },
  {
    name: "invalid UTF-8 bytes",
    contentType: "application/x-www-form-urlencoded",
    body: new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe, 0xc3]),
    expect: 400,
  },
  { name: "invalid UTF-8 escapes", contentType: "application/x-www-form-urlencoded", body: "name=%FF%FE&intent=save", expect: 400 },
];

/** JSON where a form is expected, and multipart without a file: the route itself must refuse them. */
const CONTENT_MISMATCH_CASES: Case[] = [
  { name: "JSON to a form action", contentType: "application/json", body: JSON.stringify({ intent: "save", name: HTML }), expect: 415 },
  { name: "JSON that is not JSON", contentType: "application/json", body: "{not json", expect: 415 },
];

/**
 * The intents a route can act on: those of INTENTS quoted in its source or in
 * the form modules it imports, plus none and one it does not know.
 */
function intentsOf(routeId: string): string[] {
  const base = path.resolve("app", routeId);
  const file = [".tsx", ".ts"].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!file) return INTENTS;
  let source = fs.readFileSync(file, "utf8");
  for (const [, form] of source.matchAll(/from "~\/forms\/([\w-]+)"/g)) {
    const formFile = path.resolve("app/forms", `${form}.ts`);
    if (fs.existsSync(formFile)) source += fs.readFileSync(formFile, "utf8");
  }
  return ["", "delete", ...INTENTS.filter((i) => i && i !== "delete" && source.includes(`"${i}"`))];
}

function sessionFor(routeId: string): string {
  if (routeId.startsWith("routes/_app+/admin+/")) return sessions.admin;
  if (routeId === "routes/_app+/settings+/api-tokens" || routeId === "routes/_app+/sharing") return sessions.orgAdmin;
  return sessions.staff;
}

async function send(
  pathname: string,
  c: Case,
  cookie: string | null,
  headers: Record<string, string> = {},
): Promise<{ status: number; location: string | null; body: string }> {
  const res = await fetch(`${server.url}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, ...(cookie ? { Cookie: cookie } : {}), ...(c.contentType ? { "Content-Type": c.contentType } : {}), ...headers },
    body: c.body,
  });
  return { status: res.status, location: res.headers.get("location"), body: await res.text() };
}

/** A refusal: a 4xx, or a redirect that is not a success page (back to a form or the login page). */
function isRefusal(status: number): boolean {
  return (status >= 400 && status < 500) || (status >= 300 && status < 400);
}

beforeAll(async () => {
  ensureBuild();
  const database = await freshServerDatabase("portal-fuzz-");
  const staffId = await userIdIn(database, demo.companyStaff.email);
  const staffOrganisation = await organisationIn(database, demo.companyStaff.email);
  const rel = await idOf(
    database,
    "select r.id from relationships r where r.provider_id = ? or r.customer_id = ? order by r.id",
    staffOrganisation,
    staffOrganisation,
  );
  params = {
    relationshipId: String(rel),
    chainId: String(await idOf(database, "select id from chains order by id")),
    assessmentId: String(await idOf(database, "select id from assessments where relationship_id = ? and assessor_user_id = ? order by id", rel, staffId)),
    actionId: String((await firstIdOf(database, "select id from development_actions where relationship_id = ? order by id", rel)) ?? 1),
    organisationId: String(staffOrganisation),
    // Not a demo account: the fuzz must not be able to lock out the sessions it uses.
    personId: String(
      await idOf(database, "select id from users where email not in (?, ?, ?, ?, ?, ?) order by id", ...DEMO_ACCOUNTS.slice(0, 6).map((a) => a.email)),
    ),
    ownerUserId: String(staffId),
    metricId: String(await idOf(database, "select id from metric_definitions order by id")),
    token: "not-a-real-reset-token",
    "*": "nothing-here",
  };
  token = await insertApiTokenIn(database, await organisationIn(database, demo.supplierAAdmin.email), "fuzz");

  const build = (await import(url.pathToFileURL(path.resolve(BUILD_FILE)).href)) as {
    routes: Record<string, { path?: string; parentId?: string; module: { action?: unknown } }>;
  };
  actionRoutes = Object.entries(build.routes)
    .filter(([id, r]) => r.module.action && id !== "routes/_auth+/logout")
    .map(([id, r]) => ({ id, path: `/${(r.path ?? "").replace(/:(\w+)/g, (_, p: string) => params[p]).replace("*", params["*"])}` }));

  server = await startServerOn(database);
  sessions = {
    staff: await signIn(server.url, demo.companyStaff.email, DEMO_PASSWORD),
    admin: await signIn(server.url, demo.admin.email, DEMO_PASSWORD),
    orgAdmin: await signIn(server.url, demo.supplierAAdmin.email, DEMO_PASSWORD),
  };
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("bad input to every action and API endpoint", () => {
  it("finds the build's actions", () => {
    expect(actionRoutes.length).toBeGreaterThan(20);
    expect(actionRoutes.map((r) => r.id)).toContain("routes/_app+/relationships+/$relationshipId_.assess");
  });

  it("refuses every bad form with a 4xx (or a redirect), never a 5xx, and changes no data", async () => {
    const before = await fingerprintOf(server);
    const problems: string[] = [];
    for (const route of actionRoutes) {
      const cookie = route.id === "routes/_auth+/login" || route.id.startsWith("routes/_auth+/reset-password") ? null : sessionFor(route.id);
      const intents = intentsOf(route.id).filter((i) => !VALID_WITHOUT_FIELDS[route.id]?.includes(i));
      const cases = [...intents.flatMap((intent) => formCases(intent)), ...CONTENT_MISMATCH_CASES, ...ENVELOPE_CASES];
      // A few at a time: fast, and still concurrent enough to look like real traffic.
      for (let i = 0; i < cases.length; i += 6) {
        const answers = await Promise.all(cases.slice(i, i + 6).map(async (c) => ({ c, res: await send(route.path, c, cookie) })));
        for (const { c, res } of answers) {
          const expected = route.id.startsWith("routes/api+/") && CONTENT_MISMATCH_CASES.includes(c) ? undefined : c.expect;
          const ok = expected ? res.status === expected : isRefusal(res.status) || (res.status === 200 && !!NOOP_OK[route.id]?.includes(c.name));
          if (!ok)
            problems.push(`${route.id} ${route.path} «${c.name}»: ${res.status} ${res.location ?? ""} ${res.status >= 500 ? res.body.slice(0, 200) : ""}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(server.output()).not.toMatch(/"level":50/);
    expect(await fingerprintOf(server)).toEqual(before);
  }, 240_000);

  it("refuses every bad API call with a 4xx and a JSON message, and changes no data", async () => {
    const before = await fingerprintOf(server);
    const json = "application/json";
    const item = { metric: "availability", relationshipId: Number(params.relationshipId), month: "2025-01", value: 99 };
    const cases: Case[] = [
      { name: "wrong types", contentType: json, body: JSON.stringify({ measurements: [{ metric: 5, relationshipId: "1", month: 202501, value: "99" }] }) },
      { name: "not an array", contentType: json, body: JSON.stringify({ measurements: item }) },
      { name: "missing fields", contentType: json, body: JSON.stringify({ measurements: [{ metric: "availability" }] }) },
      { name: "no body", contentType: json, body: "" },
      { name: "extra fields", contentType: json, body: JSON.stringify({ measurements: [{ ...item, extra: 1 }], more: true }) },
      {
        name: "prototype pollution",
        contentType: json,
        body: `{"measurements":[{"metric":"availability","relationshipId":1,"month":"2025-01","value":1,"__proto__":{"admin":true}}]}`,
      },
      { name: "over-long string", contentType: json, body: JSON.stringify({ measurements: [{ ...item, metric: HUNDRED_KB }] }) },
      { name: "SQL metacharacters", contentType: json, body: JSON.stringify({ measurements: [{ ...item, metric: SQL }] }) },
      { name: "HTML metacharacters", contentType: json, body: JSON.stringify({ measurements: [{ ...item, metric: HTML }] }) },
      { name: "a huge number", contentType: json, body: `{"measurements":[{"metric":"availability","relationshipId":1e309,"month":"2025-01","value":1e309}]}` },
      { name: "malformed JSON", contentType: json, body: '{"measurements": [' },
      { name: "a form instead of JSON", contentType: "application/x-www-form-urlencoded", body: "measurements=1" },
      { name: "a body over the limit", contentType: json, body: JSON.stringify({ measurements: [], pad: "z".repeat(1024 * 1024) }), expect: 413 },
      { name: "a wrong content type", contentType: "text/plain", body: JSON.stringify({ measurements: [item] }), expect: 415 },
      { name: "invalid UTF-8", contentType: json, body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), expect: 400 },
    ];
    const problems: string[] = [];
    for (const endpoint of ["/api/v1/measurements", "/api/v1/metrics", "/api/v1/relationships", "/api/v1/nothing-here", "/api/v1/openapi.json"]) {
      for (const c of cases) {
        const res = await send(endpoint, c, null, { Authorization: `Bearer ${token}` });
        const ok = c.expect ? res.status === c.expect : res.status >= 400 && res.status < 500;
        if (!ok) problems.push(`POST ${endpoint} «${c.name}»: ${res.status} ${res.body.slice(0, 200)}`);
        else if (!c.expect && res.status !== 405 && !/"message"/.test(res.body))
          problems.push(`POST ${endpoint} «${c.name}»: ${res.status} without a JSON message: ${res.body.slice(0, 200)}`);
      }
    }
    // Bad queries to the readers.
    // An unknown metric key is a valid filter (no rows); the others are malformed and must be a 400 on the measurements reader.
    for (const query of [
      "relationshipId=abc",
      "limit=999999999",
      "from=2025-13",
      `metric=${encodeURIComponent(SQL)}`,
      `after=${HUNDRED_KB.slice(0, 4000)}`,
      "unknown=1",
    ]) {
      for (const endpoint of ["/api/v1/measurements", "/api/v1/metrics", "/api/v1/relationships"]) {
        const res = await fetch(`${server.url}${endpoint}?${query}`, { headers: { Authorization: `Bearer ${token}` } });
        const malformed = endpoint === "/api/v1/measurements" && !query.startsWith("metric=");
        if (res.status >= 500 || (malformed && res.status !== 400)) problems.push(`GET ${endpoint}?${query.slice(0, 40)}: ${res.status}`);
        await res.text();
      }
    }
    expect(problems).toEqual([]);
    expect(await fingerprintOf(server)).toEqual(before);
  }, 120_000);
});

describe("output escaping and error pages", () => {
  it("renders text users enter escaped", async () => {
    const relationshipId = params.relationshipId;
    const payload = "<script>alert(1)</script>";
    const res = await postForm(
      server.url,
      `/relationships/${relationshipId}/actions/new`,
      { title: payload, description: `${payload} & "quotes"`, phase: "touchpoint_design", status: "planned", ownerUserId: params.ownerUserId },
      sessions.staff,
    );
    expect(
      res.status,
      await res
        .clone()
        .text()
        .then((t) => t.slice(0, 300)),
    ).toBe(302);
    for (const page of [`/relationships/${relationshipId}`]) {
      const html = await (await fetch(`${server.url}${page}`, { headers: { Cookie: sessions.staff } })).text();
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).not.toContain("<script>alert");
    }
  });

  it("shows no stack trace or file path on a production error page", async () => {
    const targets = [
      `/relationships/not-a-number`,
      `/relationships/99999999999999999999999`,
      `/relationships/${params.relationshipId}/assessments/%ZZ`,
      `/chains/1e400`,
      `/admin/people/-1`,
      `/metrics/catalogue/${encodeURIComponent(SQL)}`,
      `/relationships/${params.relationshipId}/assess?period=${encodeURIComponent(HTML)}`,
    ];
    for (const target of targets) {
      const res = await fetch(`${server.url}${target}`, { headers: { Cookie: sessions.admin } });
      const body = await res.text();
      expect(res.status, target).toBeLessThan(500);
      expect(body, target).not.toMatch(/\n\s+at \S+ \(|at file:\/\/|\/work\/|node_modules|\.server\.ts|Error: /);
      expect(body, target).not.toContain("<script>alert");
    }
  });
});
