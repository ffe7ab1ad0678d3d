/**
 * The crash-safety test of each engine (tests/integration/crash.test.ts on
 * SQLite, postgres-crash.test.ts on PostgreSQL): a write load on the
 * production server (API pushes, assessment submissions, a large import
 * committed mid-load), kill -9 of the whole server while it runs, and the
 * checks made after a restart: every acknowledged write is there, and the
 * import is all there or not at all. Only the database checks that have no
 * common form (SQLite's integrity_check, PostgreSQL's foreign-key anti-joins)
 * live in the test files.
 */
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { isAlive } from "../../scripts/lib/proc";
import { demo } from "./demo-accounts";
import {
  assessmentFields,
  freeQuarters,
  getOnNewConnection,
  insertApiToken,
  organisationOf,
  postForm,
  relationshipBetween,
  signIn,
  userId,
  waitUntil,
  type RunningServer,
} from "./server";

const STAFF = demo.companyStaff.email;
const SUPPLIER_A = demo.supplierAAdmin.email;

export type Push = { metric: string; month: string; value: number };
export type Submission = { relationshipId: number; period: string };
export type ImportRow = { key: string; relationshipId: number; month: string; value: number };

/** What the load will write, read from the demo database before any server runs (a copy to PostgreSQL keeps the ids). */
export type CrashPlan = {
  token: string;
  hostingRel: number;
  staffId: number;
  companyId: number;
  importCsv: string;
  importRows: ImportRow[];
  /** The quarters the company's staff member has not assessed yet, one submission each. */
  submissions: Submission[];
};

/** What happened before the kill. */
export type CrashRun = {
  ackedPushes: Push[];
  ackedSubmissions: Submission[];
  importSent: boolean;
  importAcked: boolean;
  workersAtKill: number[];
};

/** Two workers write to the database, as in production on two cores. */
export const CRASH_CLUSTER = { WEB_CONCURRENCY: "2", LOG_LEVEL: "info" };

/** The name of the crash import's file, as metric_imports records it. */
export const CRASH_IMPORT_FILE = "crash-import.csv";

/**
 * Plans the load on a demo database (SQLite): an API token for supplier A,
 * every measurement the company recorded on a relationship with a new value
 * (a large import of updates), and the submissions to make.
 */
export function planCrashLoad(databasePath: string): CrashPlan {
  const staffId = userId(databasePath, STAFF);
  const companyId = organisationOf(databasePath, STAFF);
  const hostingId = organisationOf(databasePath, SUPPLIER_A);
  const hostingRel = relationshipBetween(databasePath, hostingId, companyId);
  const token = insertApiToken(databasePath, hostingId, "crash");
  const db = new Database(databasePath, { readonly: true });
  const importRows = (
    db
      .prepare(
        `select d.key, m.relationship_id as relationshipId, m.month, m.value from measurements m join metric_definitions d on d.id = m.metric_id
        where m.recorded_by_organisation_id = ? and m.relationship_id is not null and m.relationship_id <> ? order by m.id`,
      )
      .all(companyId, hostingRel) as ImportRow[]
  ).map((r) => ({ ...r, value: Math.round(r.value * 100) / 100 + 0.125 }));
  const rels = (db.prepare("select id from relationships where ? in (provider_id, customer_id) order by id").all(companyId) as { id: number }[]).map(
    (r) => r.id,
  );
  db.close();
  const importCsv =
    ["metric;relationship;month;value", ...importRows.map((r) => `${r.key};${r.relationshipId};${r.month};${String(r.value).replace(".", ",")}`)].join("\n") +
    "\n";
  const submissions: Submission[] = [];
  for (const relationshipId of rels) for (const period of freeQuarters(databasePath, relationshipId, staffId)) submissions.push({ relationshipId, period });
  return { token, hostingRel, staffId, companyId, importCsv, importRows, submissions };
}

/**
 * Runs the load on a started server and kills it (kill -9, primary and
 * workers) while the import commit is in flight and the other writers are
 * busy. Resolves once every writer has stopped. `kill` replaces what is
 * killed (postgres-crash.test.ts kills the database server instead).
 */
export async function crashUnderWriteLoad(server: RunningServer, plan: CrashPlan, kill: () => Promise<unknown> = () => server.crash()): Promise<CrashRun> {
  const run: CrashRun = { ackedPushes: [], ackedSubmissions: [], importSent: false, importAcked: false, workersAtKill: [] };
  const { url } = server;
  await waitUntil(() => server.output().includes("Service chain portal listening on"), 60_000, "both workers listening");
  // Each worker opens the database on its first request: open both before the load.
  for (let i = 0; i < 4; i++) expect((await getOnNewConnection(`${url}/healthz`)).status).toBe(200);
  const cookie = await signIn(url, STAFF, DEMO_PASSWORD);

  // The import is previewed (staged) before the load starts; its commit is sent mid-load.
  const form = new FormData();
  form.set("organisation", String(plan.companyId));
  form.set("file", new File([plan.importCsv], CRASH_IMPORT_FILE, { type: "text/csv" }));
  const preview = await fetch(`${url}/metrics/import`, {
    method: "POST",
    headers: { Origin: url, Cookie: cookie },
    body: form,
  });
  // A document POST, as without JavaScript: 200 means no issues, and the page carries the staged file's id.
  const previewHtml = await preview.text();
  expect(preview.status, "the crash import previews cleanly").toBe(200);
  const stagedId = /name="stagedId"[^>]*value="([0-9a-f]{32})"|value="([0-9a-f]{32})"[^>]*name="stagedId"/.exec(previewHtml)?.slice(1).find(Boolean);
  expect(stagedId, "the preview page has the staged id").toBeTruthy();

  let running = true;
  const apiWriter = async (worker: number) => {
    for (let i = 0; running; i++) {
      const n = i * 2 + worker;
      const push: Push = {
        metric: n % 2 ? "availability" : "resolution_time",
        month: `${2021 + (Math.floor((n >> 1) / 12) % 5)}-${String(((n >> 1) % 12) + 1).padStart(2, "0")}`,
        value: 1000 + n,
      };
      try {
        const res = await fetch(`${url}/api/v1/measurements`, {
          method: "POST",
          headers: { Authorization: `Bearer ${plan.token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ measurements: [{ ...push, relationshipId: plan.hostingRel }] }),
        });
        await res.text();
        if (res.status === 200) run.ackedPushes.push(push);
      } catch {
        return; // the server is gone
      }
    }
  };
  const assessmentWriter = async () => {
    for (const target of plan.submissions) {
      if (!running) return;
      try {
        const res = await postForm(
          url,
          `/relationships/${target.relationshipId}/assess?period=${target.period}`,
          assessmentFields(target.period, 0, "submit"),
          cookie,
        );
        await res.text();
        if (res.status === 302 && res.headers.get("location")?.includes("submitted=1")) run.ackedSubmissions.push(target);
      } catch {
        return;
      }
    }
  };
  // The import commit goes once the other writers have had answers (700 ms at the earliest),
  // so that on a slow or busy machine the kill still lands among acknowledged writes.
  let markImportSent: () => void = () => {};
  const importSentAt = new Promise<void>((resolve) => (markImportSent = resolve));
  const importer = async () => {
    await new Promise((r) => setTimeout(r, 700));
    await waitUntil(() => !running || (run.ackedPushes.length >= 2 && run.ackedSubmissions.length >= 1), 30_000, "acknowledged writes").catch(() => {});
    run.importSent = true;
    markImportSent();
    try {
      const res = await postForm(url, "/metrics/import", { intent: "commit", organisation: String(plan.companyId), stagedId: stagedId! }, cookie);
      await res.text();
      run.importAcked = res.status === 200;
    } catch {
      // killed before the answer
    }
  };

  const load = Promise.all([apiWriter(0), apiWriter(1), assessmentWriter(), importer()]);
  // Kill while the import commit is in flight and the other writers are busy. A random
  // delay, so that runs over time kill before, during and after the commit transaction.
  await importSentAt;
  await new Promise((r) => setTimeout(r, 30 + Math.floor(Math.random() * 400)));
  run.workersAtKill = server.workerPids();
  await kill();
  running = false;
  await load;
  return run;
}

/** One read of the database after the crash, in either engine: `$1`-style parameters, given in order. */
export type ReadQuery = (text: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** ReadQuery over a SQLite file, opened read-only for each query. */
export function sqliteReader(databasePath: string): ReadQuery {
  return async (text, params = []) => {
    const db = new Database(databasePath, { readonly: true });
    try {
      return db.prepare(text.replace(/\$\d+/g, "?")).all(...params) as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  };
}

export type CrashContext = {
  plan: CrashPlan;
  run: CrashRun;
  /** The killed server. */
  server: RunningServer;
  /** The server started again on the same database. */
  restarted: RunningServer;
  query: ReadQuery;
};

/** Every measurement value on a relationship, keyed "metric|relationship|month". */
async function measurementValues(query: ReadQuery): Promise<Map<string, number>> {
  const rows = await query(
    `select d.key as key, m.relationship_id as rel, m.month as month, m.value as value
     from measurements m join metric_definitions d on d.id = m.metric_id where m.relationship_id is not null`,
  );
  return new Map(rows.map((r) => [`${String(r.key)}|${Number(r.rel)}|${String(r.month)}`, Number(r.value)]));
}

/**
 * That the kill of crashUnderWriteLoad's default took the whole app server
 * down at once, as a test of the calling describe block.
 */
export function wholeServerWasKilled(context: () => CrashContext): void {
  it("killed the whole server: the primary and every worker", () => {
    const { run, server } = context();
    expect(run.workersAtKill).toHaveLength(2);
    expect(run.workersAtKill.filter(isAlive)).toEqual([]);
    // Both workers were writing: the POSTs' log lines carry two pids.
    const writers = new Set(
      server
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{") && l.includes('"method":"POST"'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid),
    );
    expect([...writers].sort((a, b) => a - b)).toEqual(run.workersAtKill);
    // Nothing had the chance to shut down gracefully.
    expect(server.output()).toContain("request completed");
    expect(server.output()).not.toMatch(/shutting down|database closed|primary is gone/);
  });
}

/**
 * The checks every engine and every kill share, as tests of the calling
 * describe block. `context` is read when the tests run (after beforeAll).
 */
export function acknowledgedWritesSurvive(context: () => CrashContext): void {
  it("acknowledged writes happened before the kill", () => {
    const { run } = context();
    expect(run.importSent).toBe(true);
    expect(run.ackedPushes.length).toBeGreaterThan(0);
    expect(run.ackedSubmissions.length).toBeGreaterThan(0);
  });

  it("the restarted server is healthy and serves the data", async () => {
    const { restarted, plan } = context();
    const health = await fetch(`${restarted.url}/healthz`);
    expect(health.status).toBe(200);
    const res = await fetch(`${restarted.url}/api/v1/measurements?relationshipId=${plan.hostingRel}&limit=5000`, {
      headers: { Authorization: `Bearer ${plan.token}` },
    });
    expect(res.status).toBe(200);
  });

  it("keeps every acknowledged API push", async () => {
    const { run, plan, query } = context();
    const values = await measurementValues(query);
    // A later push of the same month may have overwritten an earlier one: the last acknowledged value wins.
    const last = new Map<string, number>();
    for (const p of run.ackedPushes) last.set(`${p.metric}|${plan.hostingRel}|${p.month}`, p.value);
    const missing = [...last].filter(([key, value]) => values.get(key) !== value);
    expect(missing).toEqual([]);
  });

  it("keeps every acknowledged assessment submission, whole", async () => {
    const { run, plan, query } = context();
    const rows = await query(
      `select a.relationship_id as rel, a.period as period, a.status as status,
         (select cast(count(*) as integer) from assessment_scores s where s.assessment_id = a.id) as scores
       from assessments a where a.assessor_user_id = $1`,
      [plan.staffId],
    );
    const byKey = new Map(rows.map((r) => [`${Number(r.rel)}|${String(r.period)}`, r]));
    const found = run.ackedSubmissions.map((s) => {
      const row = byKey.get(`${s.relationshipId}|${s.period}`);
      return { ...s, status: row?.status, scores: row ? Number(row.scores) : 0 };
    });
    expect(found).toEqual(run.ackedSubmissions.map((s) => ({ ...s, status: "submitted", scores: 6 })));
  });

  it("applied the import wholly or not at all, and wholly if it was acknowledged", async () => {
    const { run, plan, query } = context();
    const values = await measurementValues(query);
    const applied = plan.importRows.filter((r) => values.get(`${r.key}|${r.relationshipId}|${r.month}`) === r.value).length;
    const [{ n: logged }] = await query("select cast(count(*) as integer) as n from metric_imports where file_name = $1", [CRASH_IMPORT_FILE]);
    console.info(
      `crash: ${run.ackedPushes.length} pushes and ${run.ackedSubmissions.length} submissions acknowledged; import of ${plan.importRows.length} rows ${run.importAcked ? "acknowledged" : "not acknowledged"}, ${applied ? "applied" : "not applied"}`,
    );
    expect(plan.importRows.length).toBeGreaterThan(500);
    expect([0, plan.importRows.length]).toContain(applied);
    expect(Number(logged)).toBe(applied === 0 ? 0 : 1);
    if (run.importAcked) expect(applied).toBe(plan.importRows.length);
  });
}
