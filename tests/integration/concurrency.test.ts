/**
 * Concurrency against the production server: a double submit, two tabs
 * saving the same draft revision, and a burst of parallel writers. The first
 * write wins, the second is told (409 with the message), and no writer ever
 * sees SQLITE_BUSY or a 500.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import {
  assessmentFields,
  freeQuarters,
  freshDemoDatabase,
  insertApiToken,
  organisationOf,
  postForm,
  relationshipBetween,
  signIn,
  startServer,
  userId,
  type RunningServer,
} from "../support/server";
import { demo } from "../support/demo-accounts";

const STAFF = demo.companyStaff.email;
const SUPPLIER_A = demo.supplierAAdmin.email;
const ALREADY_SUBMITTED_PAGE = /data-testid="assessment-locked"/;
const STALE = /changed elsewhere|muutettiin muualla/;

let server: RunningServer;
let tabA: string;
let tabB: string;
let relationshipId: number;
let quarters: string[];
let token: string;
let staffId: number;

function assessmentRows(period: string) {
  const db = new Database(server.databasePath, { readonly: true });
  const rows = db
    .prepare("select id, status, revision from assessments where relationship_id = ? and period = ? and assessor_user_id = ?")
    .all(relationshipId, period, staffId) as { id: number; status: string; revision: number }[];
  const scores = rows.length
    ? (db.prepare("select factor, score, evidence from assessment_scores where assessment_id = ? order by factor").all(rows[0].id) as {
        factor: string;
        score: number;
        evidence: string;
      }[])
    : [];
  db.close();
  return { rows, scores };
}

beforeAll(async () => {
  const file = await freshDemoDatabase("portal-conc-");
  staffId = userId(file, STAFF);
  const companyId = organisationOf(file, STAFF);
  const hostingId = organisationOf(file, SUPPLIER_A);
  relationshipId = relationshipBetween(file, hostingId, companyId);
  quarters = freeQuarters(file, relationshipId, staffId);
  token = insertApiToken(file, hostingId, "concurrency");
  server = await startServer(file);
  // Two sessions of the same person: two browser tabs or devices.
  tabA = await signIn(server.url, STAFF, DEMO_PASSWORD);
  tabB = await signIn(server.url, STAFF, DEMO_PASSWORD);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

// The form posts to its own URL, which carries the quarter.
const assessPath = (period: string) => `/relationships/${relationshipId}/assess?period=${period}`;

describe("concurrent writes through the production server", () => {
  it("has free quarters to assess", () => {
    expect(quarters.length).toBeGreaterThanOrEqual(3);
  });

  it("a double submit: the first wins, the second is told it is already submitted", async () => {
    const period = quarters[0];
    const [one, two] = await Promise.all([
      postForm(server.url, assessPath(period), assessmentFields(period, 0, "submit", "4"), tabA),
      postForm(server.url, assessPath(period), assessmentFields(period, 0, "submit", "2"), tabA),
    ]);
    const statuses = [one.status, two.status].sort();
    expect(statuses).toEqual([302, 409]);
    const loser = one.status === 409 ? one : two;
    // The refused page shows the quarter as submitted and locked (the form is gone), and the answer is a 409.
    expect(await loser.text()).toMatch(ALREADY_SUBMITTED_PAGE);
    const winnerScore = one.status === 302 ? 4 : 2;
    const { rows, scores } = assessmentRows(period);
    expect(rows).toEqual([{ id: rows[0].id, status: "submitted", revision: 1 }]);
    expect(scores).toHaveLength(6);
    expect(new Set(scores.map((s) => s.score))).toEqual(new Set([winnerScore]));
  });

  it("two tabs saving the same draft revision: the second save is refused as stale, nothing overwritten", async () => {
    const period = quarters[1];
    expect((await postForm(server.url, assessPath(period), assessmentFields(period, 0, "save", "3", "first draft"), tabA)).status).toBe(302);
    // Both tabs now show revision 1. Tab A saves first.
    const a = await postForm(server.url, assessPath(period), assessmentFields(period, 1, "save", "5", "tab A"), tabA);
    expect(a.status).toBe(302);
    const b = await postForm(server.url, assessPath(period), assessmentFields(period, 1, "save", "1", "tab B"), tabB);
    expect(b.status).toBe(409);
    expect(await b.text()).toMatch(STALE);
    const { rows, scores } = assessmentRows(period);
    expect(rows).toEqual([{ id: rows[0].id, status: "draft", revision: 2 }]);
    expect(scores.every((s) => s.score === 5 && s.evidence.startsWith("tab A"))).toBe(true);
  });

  it("the same stale race at the same instant: exactly one save wins", async () => {
    const period = quarters[2];
    expect((await postForm(server.url, assessPath(period), assessmentFields(period, 0, "save", "3"), tabA)).status).toBe(302);
    const answers = await Promise.all([
      postForm(server.url, assessPath(period), assessmentFields(period, 1, "save", "5", "tab A"), tabA),
      postForm(server.url, assessPath(period), assessmentFields(period, 1, "save", "1", "tab B"), tabB),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([302, 409]);
    const winner = answers[0].status === 302 ? "tab A" : "tab B";
    const { rows, scores } = assessmentRows(period);
    expect(rows[0].revision).toBe(2);
    expect(scores.every((s) => s.evidence.startsWith(winner))).toBe(true);
  });

  it("a burst of 20 parallel API pushes plus draft saves never answers SQLITE_BUSY or a 5xx", async () => {
    const months = Array.from({ length: 20 }, (_, i) => `2025-${String((i % 12) + 1).padStart(2, "0")}`);
    const pushes = months.map((month, i) =>
      fetch(`${server.url}/api/v1/measurements`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        // Items 12..19 repeat months 1..8 with another metric, so writers contend on the same rows' neighbours.
        body: JSON.stringify({ measurements: [{ metric: i < 12 ? "resolution_time" : "availability", relationshipId, month, value: 90 + i / 10 }] }),
      }),
    );
    const drafts = await Promise.all(
      quarters.slice(3, 8).map(async (period) => postForm(server.url, assessPath(period), assessmentFields(period, 0, "save", "2"), tabB)),
    );
    const answers = await Promise.all([...pushes, ...drafts]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(answers.filter((r) => r.status >= 500).map((r) => r.status)).toEqual([]);
    expect(bodies.filter((b) => /SQLITE_BUSY|database is locked/i.test(b))).toEqual([]);
    expect(answers.slice(0, pushes.length).map((r) => r.status)).toEqual(Array(pushes.length).fill(200));
    expect(answers.slice(pushes.length).every((r) => r.status === 302)).toBe(true);
    expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked/);

    const db = new Database(server.databasePath, { readonly: true });
    const valueOf = db.prepare(
      `select m.value from measurements m join metric_definitions d on d.id = m.metric_id
        where m.relationship_id = ? and d.key = ? and m.month = ?`,
    );
    const stored = months.map(
      (month, i) => (valueOf.get(relationshipId, i < 12 ? "resolution_time" : "availability", month) as { value: number } | undefined)?.value,
    );
    db.close();
    expect(stored).toEqual(months.map((_, i) => 90 + i / 10));
  });
});
