/**
 * Crash safety: the production server takes assessment submissions, API
 * pushes and a large import at once and is killed with SIGKILL in the middle:
 * the whole server, the cluster primary and both workers at once, so no
 * graceful shutdown runs anywhere. After a restart the database is intact,
 * every write the server acknowledged is there, and the import is all there
 * or not at all.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { isAlive } from "../../scripts/lib/proc";
import {
  assessmentFields,
  freeQuarters,
  freshDemoDatabase,
  getOnNewConnection,
  insertApiToken,
  organisationOf,
  postForm,
  relationshipBetween,
  signIn,
  startServer,
  userId,
  waitUntil,
  type RunningServer,
} from "../support/server";
import { demo } from "../support/demo-accounts";

const STAFF = demo.companyStaff.email;
const SUPPLIER_A = demo.supplierAAdmin.email;

type Push = { metric: string; month: string; value: number };
type Submission = { relationshipId: number; period: string };
type ImportRow = { key: string; relationshipId: number; month: string; value: number };

let databasePath: string;
let server: RunningServer | undefined;
let restarted: RunningServer | undefined;
const ackedPushes: Push[] = [];
const ackedSubmissions: Submission[] = [];
let importRows: ImportRow[] = [];
let importAcked = false;
let importSent = false;
let token: string;
let hostingRel: number;
let staffId: number;
let workersAtKill: number[] = [];
/** Two workers write to the database, as in production on two cores. */
const CLUSTER = { WEB_CONCURRENCY: "2", LOG_LEVEL: "info" };

/** Every measurement the company recorded on a relationship, with a new value: a large import of updates. */
function importFile(file: string, exclude: number): { csv: string; rows: ImportRow[] } {
  const db = new Database(file, { readonly: true });
  const rows = (
    db
      .prepare(
        `select d.key, m.relationship_id as relationshipId, m.month, m.value from measurements m join metric_definitions d on d.id = m.metric_id
        where m.recorded_by_organisation_id = ? and m.relationship_id is not null and m.relationship_id <> ? order by m.id`,
      )
      .all(organisationOf(file, STAFF), exclude) as ImportRow[]
  ).map((r) => ({ ...r, value: Math.round(r.value * 100) / 100 + 0.125 }));
  db.close();
  const csv =
    ["metric;relationship;month;value", ...rows.map((r) => `${r.key};${r.relationshipId};${r.month};${String(r.value).replace(".", ",")}`)].join("\n") + "\n";
  return { csv, rows };
}

beforeAll(async () => {
  databasePath = await freshDemoDatabase("portal-crash-");
  staffId = userId(databasePath, STAFF);
  const companyId = organisationOf(databasePath, STAFF);
  const hostingId = organisationOf(databasePath, SUPPLIER_A);
  hostingRel = relationshipBetween(databasePath, hostingId, companyId);
  token = insertApiToken(databasePath, hostingId, "crash");
  const file = importFile(databasePath, hostingRel);
  importRows = file.rows;

  server = await startServer(databasePath, { env: CLUSTER });
  const started = server;
  await waitUntil(() => started.output().includes("Service chain portal listening on"), 60_000, "both workers listening");
  const url = server.url;
  // Each worker opens the database on its first request: open both before the load.
  for (let i = 0; i < 4; i++) expect((await getOnNewConnection(`${url}/healthz`)).status).toBe(200);
  const cookie = await signIn(url, STAFF, DEMO_PASSWORD);

  // The import is previewed (staged) before the load starts; its commit is sent mid-load.
  const form = new FormData();
  form.set("organisation", String(companyId));
  form.set("file", new File([file.csv], "crash-import.csv", { type: "text/csv" }));
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
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ measurements: [{ ...push, relationshipId: hostingRel }] }),
        });
        await res.text();
        if (res.status === 200) ackedPushes.push(push);
      } catch {
        return; // the server is gone
      }
    }
  };
  const assessmentWriter = async () => {
    const targets: Submission[] = [];
    const db = new Database(databasePath, { readonly: true });
    const rels = (db.prepare("select id from relationships where ? in (provider_id, customer_id) order by id").all(companyId) as { id: number }[]).map(
      (r) => r.id,
    );
    db.close();
    for (const relationshipId of rels) for (const period of freeQuarters(databasePath, relationshipId, staffId)) targets.push({ relationshipId, period });
    for (const target of targets) {
      if (!running) return;
      try {
        const res = await postForm(
          url,
          `/relationships/${target.relationshipId}/assess?period=${target.period}`,
          assessmentFields(target.period, 0, "submit"),
          cookie,
        );
        await res.text();
        if (res.status === 302 && res.headers.get("location")?.includes("submitted=1")) ackedSubmissions.push(target);
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
    await waitUntil(() => !running || (ackedPushes.length >= 2 && ackedSubmissions.length >= 1), 30_000, "acknowledged writes").catch(() => {});
    importSent = true;
    markImportSent();
    try {
      const res = await postForm(url, "/metrics/import", { intent: "commit", organisation: String(companyId), stagedId: stagedId! }, cookie);
      await res.text();
      importAcked = res.status === 200;
    } catch {
      // killed before the answer
    }
  };

  const load = Promise.all([apiWriter(0), apiWriter(1), assessmentWriter(), importer()]);
  // Kill while the import commit is in flight and the other writers are busy. A random
  // delay, so that runs over time kill before, during and after the commit transaction.
  await importSentAt;
  await new Promise((r) => setTimeout(r, 30 + Math.floor(Math.random() * 400)));
  workersAtKill = server.workerPids();
  await server.crash();
  running = false;
  await load;

  restarted = await startServer(databasePath, { env: CLUSTER });
}, 180_000);

afterAll(async () => {
  await server?.crash();
  await restarted?.stop();
});

describe("kill -9 under write load, then a restart", () => {
  it("acknowledged writes happened before the kill", () => {
    expect(importSent).toBe(true);
    expect(ackedPushes.length).toBeGreaterThan(0);
    expect(ackedSubmissions.length).toBeGreaterThan(0);
  });

  it("killed the whole server: the primary and every worker", () => {
    expect(workersAtKill).toHaveLength(2);
    expect(workersAtKill.filter(isAlive)).toEqual([]);
    // Both workers were writing: the POSTs' log lines carry two pids.
    const writers = new Set(
      server!
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{") && l.includes('"method":"POST"'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid),
    );
    expect([...writers].sort((a, b) => a - b)).toEqual(workersAtKill);
    // Nothing had the chance to shut down gracefully.
    expect(server!.output()).toContain("request completed");
    expect(server!.output()).not.toMatch(/shutting down|database closed|primary is gone/);
  });

  it("the restarted server is healthy and serves the data", async () => {
    const health = await fetch(`${restarted!.url}/healthz`);
    expect(health.status).toBe(200);
    const res = await fetch(`${restarted!.url}/api/v1/measurements?relationshipId=${hostingRel}&limit=5000`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it("passes integrity_check and foreign_key_check", () => {
    const db = new Database(databasePath, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    db.close();
  });

  it("keeps every acknowledged API push", () => {
    const db = new Database(databasePath, { readonly: true });
    const valueOf = db.prepare(
      "select m.value from measurements m join metric_definitions d on d.id = m.metric_id where m.relationship_id = ? and d.key = ? and m.month = ?",
    );
    // A later push of the same month may have overwritten an earlier one: the last acknowledged value wins.
    const last = new Map<string, number>();
    for (const p of ackedPushes) last.set(`${p.metric}|${p.month}`, p.value);
    const missing = [...last].filter(([k, v]) => {
      const [metric, month] = k.split("|");
      return (valueOf.get(hostingRel, metric, month) as { value: number } | undefined)?.value !== v;
    });
    db.close();
    expect(missing).toEqual([]);
  });

  it("keeps every acknowledged assessment submission, whole", () => {
    const db = new Database(databasePath, { readonly: true });
    const found = ackedSubmissions.map((s) => {
      const row = db
        .prepare("select id, status from assessments where relationship_id = ? and period = ? and assessor_user_id = ?")
        .get(s.relationshipId, s.period, staffId) as { id: number; status: string } | undefined;
      const scores = row ? (db.prepare("select count(*) as n from assessment_scores where assessment_id = ?").get(row.id) as { n: number }).n : 0;
      return { ...s, status: row?.status, scores };
    });
    db.close();
    expect(found).toEqual(ackedSubmissions.map((s) => ({ ...s, status: "submitted", scores: 6 })));
  });

  it("applied the import wholly or not at all, and wholly if it was acknowledged", () => {
    const db = new Database(databasePath, { readonly: true });
    const valueOf = db.prepare(
      "select m.value from measurements m join metric_definitions d on d.id = m.metric_id where m.relationship_id = ? and d.key = ? and m.month = ?",
    );
    const applied = importRows.filter((r) => (valueOf.get(r.relationshipId, r.key, r.month) as { value: number }).value === r.value).length;
    const logged = (db.prepare("select count(*) as n from metric_imports where file_name = 'crash-import.csv'").get() as { n: number }).n;
    db.close();
    console.info(
      `crash: ${ackedPushes.length} pushes and ${ackedSubmissions.length} submissions acknowledged; import of ${importRows.length} rows ${importAcked ? "acknowledged" : "not acknowledged"}, ${applied ? "applied" : "not applied"}`,
    );
    expect(importRows.length).toBeGreaterThan(500);
    expect([0, importRows.length]).toContain(applied);
    expect(logged).toBe(applied === 0 ? 0 : 1);
    if (importAcked) expect(applied).toBe(importRows.length);
  });
});
