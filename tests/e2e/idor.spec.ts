/**
 * IDOR: as supplier A's user, ask for supplier B's records by id through the
 * URL, form fields and query filters. Each answer is 404 or 403 and carries
 * none of B's canary strings, which this test plants in B's data first.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { demo, DEMO_PASSWORD, openE2eSql } from "./helpers";

const CANARIES = ["CANARY-B-SERVICE", "CANARY-B-EVIDENCE", "CANARY-B-ACTION", "CANARY-B-METRIC", "987654.321", "987 654,321", "987,654.321"];

type Ids = { relA: number; relB: number; assessmentB: number; actionB: number; metricB: number; orgB: number; chain: number; metricShared: number };
let ids: Ids;
let supplierA: APIRequestContext;

async function plantCanaries(): Promise<Ids> {
  const db = openE2eSql();
  try {
    if (db.engine === "sqlite") await db.exec("pragma busy_timeout = 5000");
    const orgOf = async (email: string) =>
      ((await db.prepare("select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ?").get(email)) as { id: number })
        .id;
    const orgA = await orgOf(demo.supplierAAdmin.email);
    const orgB = await orgOf(demo.supplierBStaff.email);
    const relOf = async (org: number) =>
      (await db.prepare("select id, chain_id from relationships where provider_id = ? or customer_id = ? order by id limit 1").get(org, org)) as {
        id: number;
        chain_id: number;
      };
    const relA = await relOf(orgA);
    const relB = await relOf(orgB);
    const userB = ((await db.prepare("select id from users where email = ?").get(demo.supplierBStaff.email)) as { id: number }).id;
    await db.prepare("update relationships set service_name = 'CANARY-B-SERVICE' where id = ?").run(relB.id);
    const assessmentB = (await db
      .prepare("select id from assessments where relationship_id = ? and status = 'submitted' order by id limit 1")
      .get(relB.id)) as {
      id: number;
    };
    await db.prepare("update assessment_scores set evidence = 'CANARY-B-EVIDENCE' where assessment_id = ?").run(assessmentB.id);
    // Idempotent: a retried worker plants into the same database again.
    const actionB =
      ((await db.prepare("select id from development_actions where title = 'CANARY-B-ACTION'").get()) as { id: number } | undefined) ??
      ((await db
        .prepare(
          "insert into development_actions (relationship_id, title, phase, owner_organisation_id, status) values (?, 'CANARY-B-ACTION', 'measurement', ?, 'planned') returning id",
        )
        .get(relB.id, orgB)) as { id: number });
    const metricB =
      ((await db.prepare("select id from metric_definitions where key = 'canary_b_metric'").get()) as { id: number } | undefined) ??
      ((await db
        .prepare(
          `insert into metric_definitions (key, owner_organisation_id, name_fi, name_en, unit, direction, aggregation, category)
           values ('canary_b_metric', ?, 'CANARY-B-METRIC', 'CANARY-B-METRIC', 'count', 'higher_better', 'sum', 'quality') returning id`,
        )
        .get(orgB)) as { id: number });
    await db
      .prepare(
        `insert into measurements (metric_id, relationship_id, month, value, recorded_by_organisation_id, recorded_by_user_id, source)
         values (?, ?, '2026-01', 987654.321, ?, ?, 'form') on conflict do nothing`,
      )
      .run(metricB.id, relB.id, orgB, userB);
    const metricShared = (
      (await db.prepare("select id from metric_definitions where owner_organisation_id is null order by id limit 1").get()) as { id: number }
    ).id;
    return { relA: relA.id, relB: relB.id, assessmentB: assessmentB.id, actionB: actionB.id, metricB: metricB.id, orgB, chain: relB.chain_id, metricShared };
  } finally {
    await db.close();
  }
}

test.beforeAll(async ({ baseURL }) => {
  ids = await plantCanaries();
  // The canaries must be in the server's database, or their absence below would prove nothing: B sees them.
  const supplierB = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  try {
    const loginB = await supplierB.post("/login", { form: { email: demo.supplierBStaff.email, password: DEMO_PASSWORD }, maxRedirects: 0 });
    expect(loginB.status()).toBe(302);
    for (const [path, canary] of [
      [`/relationships/${ids.relB}`, "CANARY-B-SERVICE"],
      [`/relationships/${ids.relB}/actions/${ids.actionB}`, "CANARY-B-ACTION"],
    ]) {
      const res = await supplierB.get(path, { maxRedirects: 0 });
      expect(res.status(), `GET ${path} as supplier B`).toBe(200);
      expect(await res.text(), `GET ${path} as supplier B shows the planted ${canary}`).toContain(canary);
    }
  } finally {
    await supplierB.dispose();
  }
  supplierA = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  const login = await supplierA.post("/login", { form: { email: demo.supplierAAdmin.email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(login.status()).toBe(302);
});

test.afterAll(async () => {
  await supplierA?.dispose();
});

function expectDenied(status: number, body: string, what: string) {
  expect([403, 404], `${what}: status ${status}`).toContain(status);
  for (const canary of CANARIES) expect(body, `${what} leaks ${canary}`).not.toContain(canary);
}

test("supplier B's ids in URLs are refused", async () => {
  const paths = [
    `/relationships/${ids.relB}`,
    `/relationships/${ids.relB}/assess`,
    `/relationships/${ids.relB}/assessments/${ids.assessmentB}`,
    `/relationships/${ids.relA}/assessments/${ids.assessmentB}`,
    `/relationships/${ids.relB}/actions/${ids.actionB}`,
    `/relationships/${ids.relA}/actions/${ids.actionB}`,
    `/relationships/${ids.relB}/actions/new`,
    `/relationships/${ids.relB}/decisions/new`,
    `/relationships/${ids.relB}/context`,
    `/relationships/${ids.relB}/lifecycle`,
    `/relationships/${ids.relB}/metrics`,
    `/metrics/catalogue/${ids.metricB}`,
    `/admin/organisations/${ids.orgB}`,
  ];
  for (const path of paths) {
    const res = await supplierA.get(path, { maxRedirects: 0 });
    expectDenied(res.status(), await res.text(), `GET ${path}`);
  }
});

test("supplier B's ids in form fields are refused and nothing is written", async () => {
  const posts: Array<[string, Record<string, string>]> = [
    ["/metrics/record", { relationship: String(ids.relB), metric: String(ids.metricShared), month: "2026-02", value: "1" }],
    [`/relationships/${ids.relB}/assess`, { period: "2026-Q4", revision: "0", intent: "save", score_trust: "3" }],
    [`/relationships/${ids.relB}/actions/new`, { title: "x", phase: "measurement", status: "planned" }],
    [`/relationships/${ids.relB}/metrics`, { months: "12" }],
    [`/relationships/${ids.relB}/lifecycle`, { toStage: "ended", reasonCategory: "why_ended", note: "x", changedOn: "2026-11-01" }],
  ];
  const db = openE2eSql({ readonly: true });
  try {
    // Row counts and the newest id of every table such a post could write to.
    const fingerprint = async () => {
      const rows: unknown[] = [];
      for (const t of ["measurements", "assessments", "development_actions", "lifecycle_events", "relationships", "sharing_grants"]) {
        rows.push(await db.prepare(`select count(*) as n, max(id) as m from ${t}`).get());
      }
      return JSON.stringify(rows);
    };
    const before = await fingerprint();
    for (const [path, form] of posts) {
      const res = await supplierA.post(path, { form, maxRedirects: 0 });
      const body = await res.text();
      if (path === "/metrics/record") {
        // The form answers a foreign relationship on the field; the point is that nothing leaks or is written.
        expect([400, 403, 404], `POST ${path}: ${res.status()}`).toContain(res.status());
        for (const canary of CANARIES) expect(body).not.toContain(canary);
      } else {
        expectDenied(res.status(), body, `POST ${path}`);
      }
    }
    expect(await fingerprint()).toBe(before);
  } finally {
    await db.close();
  }
});

test("supplier B's ids in query filters and exports show nothing of B", async () => {
  const gets = [
    `/metrics?relationship=${ids.relB}`,
    `/metrics/export.csv?relationship=${ids.relB}`,
    `/compare?r=${ids.relB}&r=${ids.relA}`,
    `/compare/export?r=${ids.relB}&r=${ids.relA}&format=csv`,
    `/chains/${ids.chain}/portfolio`,
    `/chains/${ids.chain}/portfolio/export?format=csv`,
  ];
  for (const path of gets) {
    const res = await supplierA.get(path, { maxRedirects: 0 });
    const body = await res.text();
    expect(res.status(), `GET ${path}`).toBeLessThan(500);
    for (const canary of CANARIES) expect(body, `GET ${path} leaks ${canary}`).not.toContain(canary);
  }
});
