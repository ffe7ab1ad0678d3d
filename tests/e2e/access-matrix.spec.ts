/**
 * The authorisation matrix test: every route of the Remix build, as every
 * demo role and anonymous, as a GET and as a POST, against the production
 * server; each answer is compared with docs/access-matrix.md.
 */
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import { demo, DEMO_PASSWORD } from "./helpers";

const ROLES = ["anon", "admin", "staff", "lead", "supA", "supB", "cust"] as const;
type Role = (typeof ROLES)[number];
const ACCOUNT_OF: Record<Exclude<Role, "anon">, string> = {
  admin: demo.admin.email,
  staff: demo.companyStaff.email,
  lead: demo.projectLead.email,
  supA: demo.supplierAAdmin.email,
  supB: demo.supplierBStaff.email,
  cust: demo.customerStaff.email,
};

type Row = { route: string; path: string; method: "GET" | "POST"; expected: Record<Role, string> };

function readMatrix(): Row[] {
  const text = fs.readFileSync(path.resolve("docs/access-matrix.md"), "utf8");
  const rows: Row[] = [];
  for (const line of text.split("\n")) {
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== 3 + ROLES.length || !cells[0].startsWith("routes/")) continue;
    const [route, samplePath, method, ...answers] = cells;
    rows.push({
      route,
      path: samplePath,
      method: method as "GET" | "POST",
      expected: Object.fromEntries(ROLES.map((r, i) => [r, answers[i]])) as Record<Role, string>,
    });
  }
  return rows;
}

/** Route ids of the build that can be requested: every route with a path or an index. */
async function buildRouteIds(): Promise<string[]> {
  const build = await import(url.pathToFileURL(path.resolve("build/index.js")).href);
  return Object.entries(build.routes as Record<string, { path?: string; index?: boolean }>)
    .filter(([id, r]) => id !== "root" && (r.path !== undefined || r.index))
    .map(([id]) => id);
}

function placeholders(): Record<string, string> {
  const db = new Database(process.env.E2E_DATABASE_PATH ?? `tests/.tmp/e2e-${process.env.E2E_PORT ?? 3123}.db`, { readonly: true });
  const chain = db.prepare("select id from chains order by id limit 1").get() as { id: number };
  const relOf = (email: string) =>
    (
      db
        .prepare(
          `select r.id from relationships r join memberships m on m.organisation_id in (r.provider_id, r.customer_id)
          join users u on u.id = m.user_id where u.email = ? order by r.id limit 1`,
        )
        .get(email) as { id: number }
    ).id;
  const orgOf = (email: string) =>
    (db.prepare("select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ?").get(email) as { id: number }).id;
  const userOf = (email: string) => (db.prepare("select id from users where email = ?").get(email) as { id: number }).id;
  const relA = relOf(ACCOUNT_OF.supA);
  const assessmentA = db
    .prepare("select id from assessments where relationship_id = ? and status = 'submitted' and side = 'customer' order by id limit 1")
    .get(relA) as { id: number } | undefined;
  const action = db.prepare("select id, relationship_id from development_actions order by id limit 1").get() as {
    id: number;
    relationship_id: number;
  };
  const metric = db.prepare("select id from metric_definitions where owner_organisation_id is null order by id limit 1").get() as { id: number };
  const model = db.prepare("select id from importance_models where version = 1").get() as { id: number };
  const values = {
    "{chain}": String(chain.id),
    "{rel:A}": String(relA),
    "{rel:B}": String(relOf(ACCOUNT_OF.supB)),
    "{rel:C}": String(relOf(ACCOUNT_OF.cust)),
    "{org:A}": String(orgOf(ACCOUNT_OF.supA)),
    "{org:B}": String(orgOf(ACCOUNT_OF.supB)),
    "{user:B}": String(userOf(ACCOUNT_OF.supB)),
    "{assessment:A}": String(assessmentA?.id ?? 0),
    "{action}": String(action.id),
    "{rel:action}": String(action.relationship_id),
    "{metric}": String(metric.id),
    "{model}": String(model.id),
  };
  db.close();
  return values;
}

function classify(status: number, location: string | null, method: string): string {
  if (status >= 500) return `error ${status}`;
  if (status === 405) return "405";
  if (status === 401) return "401";
  if (status === 403 || status === 404) return "deny";
  if (status >= 300 && status < 400) return location?.startsWith("/login") ? "login" : "ok";
  if (status === 400 && method === "POST") return "ok";
  if (status === 429) return "throttled";
  return status < 300 ? "ok" : `status ${status}`;
}

test.describe.configure({ mode: "serial" });

/** A sample path for a route id, for MATRIX_PRINT=1 (drafting new rows). */
async function samplePaths(): Promise<Array<{ route: string; path: string }>> {
  const build = await import(url.pathToFileURL(path.resolve("build/index.js")).href);
  const routes = build.routes as Record<string, { path?: string; index?: boolean; parentId?: string }>;
  const PARAM: Record<string, string> = {
    chainId: "{chain}",
    relationshipId: "{rel:A}",
    assessmentId: "{assessment:A}",
    actionId: "{action}",
    organisationId: "{org:A}",
    personId: "{user:B}",
    metricId: "{metric}",
    modelId: "{model}",
    token: "not-a-valid-token",
  };
  const full = (id: string): string => {
    const r = routes[id];
    const own = (r.path ?? "").split("/").map((seg) => (seg.startsWith(":") ? (PARAM[seg.slice(1)] ?? seg) : seg === "*" ? "unknown" : seg));
    const parent = r.parentId && r.parentId !== "root" ? full(r.parentId) : "";
    return [parent, own.join("/")].filter(Boolean).join("/");
  };
  return (await buildRouteIds()).map((id) => ({ route: id, path: `/${full(id)}`.replace(/\/+/g, "/").replace(/(.)\/$/, "$1") }));
}

test("print draft rows for routes missing from the matrix (MATRIX_PRINT=1)", async ({ baseURL }) => {
  test.skip(!process.env.MATRIX_PRINT, "only when drafting new rows");
  test.setTimeout(600_000);
  const known = new Set(readMatrix().map((r) => r.route));
  const values = placeholders();
  const lines: string[] = [];
  const contexts = new Map<Role, APIRequestContext>();
  for (const role of ROLES) {
    const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
    if (role !== "anon") await ctx.post("/login", { form: { email: ACCOUNT_OF[role], password: DEMO_PASSWORD }, maxRedirects: 0 });
    contexts.set(role, ctx);
  }
  for (const { route, path: sample } of await samplePaths()) {
    if (known.has(route)) continue;
    for (const method of ["GET", "POST"] as const) {
      const cells: string[] = [];
      for (const role of ROLES) {
        const ctx = contexts.get(role)!;
        const target = sample.replace(/\{[^}]+\}/g, (p) => values[p as keyof typeof values] ?? p);
        const res = method === "GET" ? await ctx.get(target, { maxRedirects: 0 }) : await ctx.post(target, { form: {}, maxRedirects: 0 });
        cells.push(classify(res.status(), res.headers()["location"] ?? null, method));
      }
      lines.push(`| ${route} | ${sample} | ${method} | ${cells.join(" | ")} |`);
    }
  }
  console.log(lines.join("\n"));
});

test("every route of the build is in the access matrix", async () => {
  const matrixRoutes = new Set(readMatrix().map((r) => r.route));
  const missing = (await buildRouteIds()).filter((id) => !matrixRoutes.has(id));
  expect(missing, "routes missing from docs/access-matrix.md").toEqual([]);
});

test("every route answers every role as the matrix says", async ({ baseURL }) => {
  test.setTimeout(180_000);
  const rows = readMatrix();
  expect(rows.length).toBeGreaterThan(10);
  const values = placeholders();
  const contexts = new Map<Role, APIRequestContext>();
  const origin = baseURL!;
  async function contextFor(role: Role): Promise<APIRequestContext> {
    let ctx = contexts.get(role);
    if (ctx) return ctx;
    ctx = await playwrightRequest.newContext({ baseURL: origin, extraHTTPHeaders: { Origin: origin } });
    if (role !== "anon") {
      const res = await ctx.post("/login", { form: { email: ACCOUNT_OF[role], password: DEMO_PASSWORD }, maxRedirects: 0 });
      expect(res.status(), `login as ${role}`).toBe(302);
    }
    contexts.set(role, ctx);
    return ctx;
  }
  // Logging out ends a session, so those rows go last.
  const ordered = [...rows].sort((a, b) => Number(a.route === "routes/_auth+/logout") - Number(b.route === "routes/_auth+/logout"));
  const mismatches: string[] = [];
  for (const row of ordered) {
    const target = row.path.replace(/\{[^}]+\}/g, (p) => values[p] ?? p);
    for (const role of ROLES) {
      const ctx = await contextFor(role);
      const res = row.method === "GET" ? await ctx.get(target, { maxRedirects: 0 }) : await ctx.post(target, { form: {}, maxRedirects: 0 });
      const got = classify(res.status(), res.headers()["location"] ?? null, row.method);
      if (got !== row.expected[role]) {
        mismatches.push(`${row.method} ${target} as ${role}: expected ${row.expected[role]}, got ${got} (${res.status()})`);
      }
    }
  }
  for (const ctx of contexts.values()) await ctx.dispose();
  expect(mismatches).toEqual([]);
});
