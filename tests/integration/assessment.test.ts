import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { nextQuarter, quarterOf } from "~/domain/period";
import * as assessPage from "~/routes/_app+/relationships+/$relationshipId_.assess";
import * as viewPage from "~/routes/_app+/relationships+/$relationshipId_.assessments.$assessmentId";
import * as relationshipPage from "~/routes/_app+/relationships+/$relationshipId._index";
import { get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { userIdOf } from "../support/factories";

type PageData = Awaited<ReturnType<typeof relationshipPage.loader>>;
type Reply = { status?: string; error?: Record<string, string[] | null> | null };

const STAFF = demo.companyStaff.email; // Mikko, company staff
const LEAD = demo.projectLead.email; // Laura, company project lead (reads, does not write)
const SUPPLIER_ADMIN = demo.supplierAAdmin.email; // Tuomas, org admin of the hosting supplier
const STARTUP_STAFF = demo.supplierBStaff.email; // Emilia, Kipinä AI: not party to the hosting relationship
const PLATFORM_ADMIN = demo.admin.email;
const COMPANY_ADMIN = "johanna.laine@verkkokauppa.example";
const COMPANY_VIEWER = "olli.vaisanen@verkkokauppa.example";
const HOSTING_STAFF = "petri.salonen@kalevanpilvi.example";

const NOW_QUARTER = quarterOf(new Date());
let sqlite: TestSql;
let hostingId: number;
let platformId: number;

async function relationshipIdOf(providerName: string): Promise<number> {
  return (
    (await sqlite.prepare("select r.id from relationships r join organisations o on o.id = r.provider_id where o.name = ?").get(providerName)) as { id: number }
  ).id;
}

async function userId(email: string): Promise<number> {
  return userIdOf(email);
}

/** Form fields for every factor: score s (or "na") with evidence. */
function answers(scores: Partial<Record<FactorKey, string>>, evidence = "Havainto"): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [f, s] of Object.entries(scores)) {
    fields[`score_${f}`] = s;
    fields[`evidence_${f}`] = `${evidence} (${f})`;
  }
  return fields;
}
const ALL_FOURS = Object.fromEntries(FACTORS.map((f) => [f, "4"])) as Record<FactorKey, string>;

async function save(email: string, relationshipId: number, fields: Record<string, string>): Promise<Response | Reply> {
  return (await run(assessPage.action, post(`/relationships/${relationshipId}/assess`, fields, await signInAs(email)), {
    relationshipId: String(relationshipId),
  })) as Response | Reply;
}

/** The reply data and HTTP status of an action that answered with data() (a refusal). */
function refusal(result: unknown): { status: number; error: Record<string, string[] | null> } {
  const r = result as { init?: { status?: number }; data?: Reply };
  expect(r.init?.status, "expected a refusal, got a redirect").toBeGreaterThanOrEqual(400);
  return { status: r.init!.status!, error: (r.data?.error ?? {}) as Record<string, string[] | null> };
}

async function countRows(): Promise<{ assessments: number; scores: number; audit: number }> {
  return {
    assessments: ((await sqlite.prepare("select count(*) n from assessments").get()) as { n: number }).n,
    scores: ((await sqlite.prepare("select count(*) n from assessment_scores").get()) as { n: number }).n,
    audit: ((await sqlite.prepare("select count(*) n from audit_log where action like 'assessment.%'").get()) as { n: number }).n,
  };
}

async function ownAssessment(email: string, relationshipId: number, period: string) {
  return (await sqlite
    .prepare("select id, status, revision, side from assessments where relationship_id = ? and assessor_user_id = ? and period = ?")
    .get(relationshipId, await userId(email), period)) as { id: number; status: string; revision: number; side: string } | undefined;
}

async function page(email: string, relationshipId: number, period?: string): Promise<PageData> {
  const q = period ? `?period=${period}` : "";
  return (await run(relationshipPage.loader, get(`/relationships/${relationshipId}${q}`, await signInAs(email)), {
    relationshipId: String(relationshipId),
  })) as PageData;
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  hostingId = await relationshipIdOf("Kalevan Pilvipalvelut Oyj");
  platformId = await relationshipIdOf("Verkkotaito Oy");
});

describe("bad input: a clear message on the field, nothing written", () => {
  it.each<[string, Record<string, string>, string, string]>([
    ["a score above 5", { period: NOW_QUARTER, revision: "0", intent: "save", score_trust: "7" }, "score_trust", "assessment.error.scoreRange"],
    ["a score of 0", { period: NOW_QUARTER, revision: "0", intent: "save", score_trust: "0" }, "score_trust", "assessment.error.scoreRange"],
    ["a fractional score", { period: NOW_QUARTER, revision: "0", intent: "save", score_knowledge: "3.5" }, "score_knowledge", "assessment.error.scoreRange"],
    ["a malformed period", { period: "2026-Q5", revision: "0", intent: "save" }, "period", "assessment.error.periodFormat"],
    ["a period in words", { period: "last quarter", revision: "0", intent: "save" }, "period", "assessment.error.periodFormat"],
    ["a future period", { period: nextQuarter(NOW_QUARTER), revision: "0", intent: "save" }, "period", "assessment.error.periodFuture"],
    ["a period before the relationship started", { period: "2001-Q1", revision: "0", intent: "save" }, "period", "assessment.error.periodBeforeStart"],
    [
      "submitting with a factor unanswered",
      { period: NOW_QUARTER, revision: "0", intent: "submit", ...answers({ ...ALL_FOURS, selling: "" }) },
      "score_selling",
      "assessment.error.scoreRequired",
    ],
    [
      "submitting a score without evidence",
      { period: NOW_QUARTER, revision: "0", intent: "submit", ...answers(ALL_FOURS), evidence_trust: "  " },
      "evidence_trust",
      "assessment.error.evidenceRequired",
    ],
  ])("%s", async (_name, fields, field, message) => {
    const before = await countRows();
    const { status, error } = refusal(await save(STAFF, platformId, fields));
    expect(status).toBe(400);
    expect(error[field]).toEqual([message]);
    expect(await countRows()).toEqual(before);
  });

  it("submitting only 'not applicable' is refused for the whole form", async () => {
    const before = await countRows();
    const allNa = Object.fromEntries(FACTORS.map((f) => [f, "na"]));
    const { status, error } = refusal(await save(STAFF, platformId, { period: NOW_QUARTER, revision: "0", intent: "submit", ...answers(allNa) }));
    expect(status).toBe(400);
    expect(error[""]).toEqual(["assessment.error.noScores"]);
    expect(await countRows()).toEqual(before);
  });

  it("answers a relationship the user is not party to, nor may see, with 404 and writes nothing", async () => {
    const before = await countRows();
    const res = (await save(STARTUP_STAFF, hostingId, { period: NOW_QUARTER, revision: "0", intent: "save", ...answers(ALL_FOURS) })) as Response;
    expect(res.status).toBe(404);
    const loaderRes = (await run(assessPage.loader, get(`/relationships/${hostingId}/assess`, await signInAs(STARTUP_STAFF)), {
      relationshipId: String(hostingId),
    })) as Response;
    expect(loaderRes.status).toBe(404);
    expect(await countRows()).toEqual(before);
  });

  it.each([
    ["a platform administrator (no side)", PLATFORM_ADMIN, "assessment.error.notParty", "not_party"],
    ["a project lead (reads, does not write)", LEAD, "assessment.error.readOnly", "read_only"],
    ["a viewer", COMPANY_VIEWER, "assessment.error.readOnly", "read_only"],
  ])("refuses %s with 403 and a message on the period field", async (_name, email, message, blocked) => {
    const before = await countRows();
    const { status, error } = refusal(await save(email, hostingId, { period: NOW_QUARTER, revision: "0", intent: "save", ...answers(ALL_FOURS) }));
    expect(status).toBe(403);
    expect(error.period).toEqual([message]);
    expect(await countRows()).toEqual(before);
    const form = (await run(assessPage.loader, get(`/relationships/${hostingId}/assess?period=${NOW_QUARTER}`, await signInAs(email)), {
      relationshipId: String(hostingId),
    })) as { blocked: string };
    expect(form.blocked).toBe(blocked);
  });

  it("shows a malformed or future period in the URL as a message on the quarter field", async () => {
    for (const [period, message] of [
      ["2026-13", "assessment.error.periodFormat"],
      [nextQuarter(NOW_QUARTER), "assessment.error.periodFuture"],
    ]) {
      const data = (await run(assessPage.loader, get(`/relationships/${platformId}/assess?period=${period}`, await signInAs(STAFF)), {
        relationshipId: String(platformId),
      })) as { mode: string; periodError: string };
      expect(data.mode).toBe("start");
      expect(data.periodError).toBe(message);
    }
  });
});

describe("the workflow: draft, submit, locked, reopened", () => {
  it("saves a draft, then submits it; a second submission is refused and nothing changes", async () => {
    const first = (await save(STAFF, platformId, {
      period: NOW_QUARTER,
      revision: "0",
      intent: "save",
      ...answers({ trust: "3", compensation: "na" }),
    })) as Response;
    expect(first.status).toBe(302);
    const draft = (await ownAssessment(STAFF, platformId, NOW_QUARTER))!;
    expect(draft).toMatchObject({ status: "draft", revision: 1, side: "customer" });
    const stored = await sqlite.prepare("select factor, score, not_applicable from assessment_scores where assessment_id = ? order by factor").all(draft.id);
    expect(stored).toEqual([
      { factor: "compensation", score: null, not_applicable: 1 },
      { factor: "trust", score: 3, not_applicable: 0 },
    ]);

    // The draft form shows what was saved, with the revision to send back.
    const form = (await run(assessPage.loader, get(`/relationships/${platformId}/assess?period=${NOW_QUARTER}`, await signInAs(STAFF)), {
      relationshipId: String(platformId),
    })) as { mode: string; assessment: { revision: number; scores: Record<string, { score: number | null; notApplicable: boolean }> } };
    expect(form.mode).toBe("form");
    expect(form.assessment.revision).toBe(1);
    expect(form.assessment.scores.trust.score).toBe(3);
    expect(form.assessment.scores.compensation.notApplicable).toBe(true);

    const submitted = (await save(STAFF, platformId, {
      period: NOW_QUARTER,
      revision: "1",
      intent: "submit",
      ...answers({ ...ALL_FOURS, compensation: "na" }),
    })) as Response;
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("Location")).toBe(`/relationships/${platformId}?period=${NOW_QUARTER}&submitted=1`);
    expect(await ownAssessment(STAFF, platformId, NOW_QUARTER)).toMatchObject({ status: "submitted", revision: 2 });

    const before = await countRows();
    const again = refusal(await save(STAFF, platformId, { period: NOW_QUARTER, revision: "2", intent: "submit", ...answers(ALL_FOURS) }));
    expect(again.status).toBe(409);
    expect(again.error.period).toEqual(["assessment.error.alreadySubmitted"]);
    expect(await countRows()).toEqual(before);
    expect(await ownAssessment(STAFF, platformId, NOW_QUARTER)).toMatchObject({ status: "submitted", revision: 2 });
    const audit = await sqlite.prepare("select action from audit_log where entity_type = 'assessment' and entity_id = ? order by id").all(String(draft.id));
    expect(audit).toEqual([{ action: "assessment.save_draft" }, { action: "assessment.submit" }]);
  });

  it("tells a stale form instead of overwriting a newer save", async () => {
    const period = NOW_QUARTER;
    expect((await save(HOSTING_STAFF, hostingId, { period, revision: "0", intent: "save", ...answers({ trust: "2" }) })) as Response).toMatchObject({
      status: 302,
    });
    // Tab A saves again (revision 1 -> 2)...
    expect((await save(HOSTING_STAFF, hostingId, { period, revision: "1", intent: "save", ...answers({ trust: "3" }) })) as Response).toMatchObject({
      status: 302,
    });
    // ...then tab B, still on revision 1, tries to save.
    const before = await countRows();
    const stale = refusal(await save(HOSTING_STAFF, hostingId, { period, revision: "1", intent: "save", ...answers({ trust: "5" }) }));
    expect(stale.status).toBe(409);
    expect(stale.error[""]).toEqual(["assessment.error.stale"]);
    expect(await countRows()).toEqual(before);
    const row = (await ownAssessment(HOSTING_STAFF, hostingId, period))!;
    expect(row.revision).toBe(2);
    expect(
      ((await sqlite.prepare("select score from assessment_scores where assessment_id = ? and factor = 'trust'").get(row.id)) as { score: number }).score,
    ).toBe(3);
    // A second "new" form for the same quarter (revision 0) is stale too.
    expect(refusal(await save(HOSTING_STAFF, hostingId, { period, revision: "0", intent: "save", ...answers({ trust: "1" }) })).status).toBe(409);
  });

  it("reopens a submitted assessment only for an admin of the assessing organisation, with an audit entry", async () => {
    const id = (await ownAssessment(STAFF, platformId, NOW_QUARTER))!.id;
    const reopen = async (email: string, reason = "Väärä neljännes valittu") =>
      run(viewPage.action, post(`/relationships/${platformId}/assessments/${id}`, { reason }, await signInAs(email)), {
        relationshipId: String(platformId),
        assessmentId: String(id),
      });
    // Staff of the same organisation, the counterpart's admin and a project lead may not.
    expect(((await reopen(STAFF)) as Response).status).toBe(403);
    expect(((await reopen(LEAD)) as Response).status).toBe(403);
    expect(((await reopen("antti.korhonen@verkkotaito.example")) as Response).status).toBe(403);
    expect((await ownAssessment(STAFF, platformId, NOW_QUARTER))!.status).toBe("submitted");
    // A reason is required.
    expect(refusal(await reopen(COMPANY_ADMIN, "")).error.reason).toEqual(["assessment.error.reopenReason"]);

    const auditBefore = ((await sqlite.prepare("select count(*) n from audit_log where action = 'assessment.reopen'").get()) as { n: number }).n;
    const res = (await reopen(COMPANY_ADMIN)) as Response;
    expect(res.status).toBe(302);
    expect(await ownAssessment(STAFF, platformId, NOW_QUARTER)).toMatchObject({ status: "draft", revision: 3 });
    const entries = (await sqlite
      .prepare("select actor_user_id, entity_type, entity_id, before, after from audit_log where action = 'assessment.reopen' order by id")
      .all()) as Array<{ actor_user_id: number; entity_type: string; entity_id: string; before: string; after: string }>;
    expect(entries.length).toBe(auditBefore + 1);
    const entry = entries.at(-1)!;
    expect(entry.actor_user_id).toBe(await userId(COMPANY_ADMIN));
    expect(entry.entity_type).toBe("assessment");
    expect(entry.entity_id).toBe(String(id));
    expect(JSON.parse(entry.before)).toMatchObject({ status: "submitted", revision: 2 });
    expect(JSON.parse(entry.after)).toMatchObject({ status: "draft", revision: 3, reason: "Väärä neljännes valittu" });

    // Now a draft, it is hidden from everyone but its author, so it cannot be reopened twice;
    // the counterpart no longer sees it; its author can edit and submit again.
    expect(((await reopen(COMPANY_ADMIN)) as Response).status).toBe(404);
    const counterpartView = (await run(
      viewPage.loader,
      get(`/relationships/${platformId}/assessments/${id}`, await signInAs("antti.korhonen@verkkotaito.example")),
      {
        relationshipId: String(platformId),
        assessmentId: String(id),
      },
    )) as Response;
    expect(counterpartView.status).toBe(404);
    const resubmit = (await save(STAFF, platformId, { period: NOW_QUARTER, revision: "3", intent: "submit", ...answers(ALL_FOURS) })) as Response;
    expect(resubmit.status).toBe(302);
    expect(await ownAssessment(STAFF, platformId, NOW_QUARTER)).toMatchObject({ status: "submitted", revision: 4 });
  });
});

describe("visibility of drafts and submissions", () => {
  it("shows a draft only to its author; the counterpart and colleagues see submitted assessments only", async () => {
    // Laura's seeded draft on the hosting relationship in the current quarter.
    const lauraDraft = (await sqlite
      .prepare("select id from assessments where relationship_id = ? and assessor_user_id = ? and status = 'draft'")
      .get(hostingId, await userId(LEAD))) as { id: number } | undefined;
    expect(lauraDraft).toBeDefined();
    for (const email of [STAFF, SUPPLIER_ADMIN, COMPANY_ADMIN, PLATFORM_ADMIN]) {
      const data = await page(email, hostingId, NOW_QUARTER);
      expect(data.assessments.map((a) => a.id)).not.toContain(lauraDraft!.id);
      expect(data.assessments.every((a) => a.status === "submitted" || a.mine)).toBe(true);
      const res = (await run(viewPage.loader, get(`/relationships/${hostingId}/assessments/${lauraDraft!.id}`, await signInAs(email)), {
        relationshipId: String(hostingId),
        assessmentId: String(lauraDraft!.id),
      })) as Response;
      expect(res.status).toBe(404);
    }
    const own = await page(LEAD, hostingId, NOW_QUARTER);
    expect(own.assessments.find((a) => a.id === lauraDraft!.id)).toMatchObject({ status: "draft", mine: true });
    expect(own.myDrafts.map((d) => d.id)).toContain(lauraDraft!.id);
  });

  it("lets the counterpart open a submitted assessment with its scores and evidence", async () => {
    const period = (
      (await sqlite.prepare("select max(period) p from assessments where relationship_id = ? and status = 'submitted'").get(hostingId)) as { p: string }
    ).p;
    const mikkos = (await sqlite
      .prepare("select id from assessments where relationship_id = ? and assessor_user_id = ? and period = ? and status = 'submitted'")
      .get(hostingId, await userId(STAFF), period)) as { id: number };
    const data = (await run(viewPage.loader, get(`/relationships/${hostingId}/assessments/${mikkos.id}`, await signInAs(SUPPLIER_ADMIN)), {
      relationshipId: String(hostingId),
      assessmentId: String(mikkos.id),
    })) as {
      assessment: { side: string; assessorName: string; canReopen: boolean; scores: Record<string, { score: number | null; evidence: string | null }> };
    };
    expect(data.assessment.side).toBe("customer");
    expect(data.assessment.assessorName).toBe("Mikko Heinonen");
    // Tuomas administers the supplier, not the company: he cannot reopen the company's assessment.
    expect(data.assessment.canReopen).toBe(false);
    const stored = (await sqlite.prepare("select factor, score, evidence from assessment_scores where assessment_id = ?").all(mikkos.id)) as Array<{
      factor: string;
      score: number | null;
      evidence: string | null;
    }>;
    for (const s of stored) {
      expect(data.assessment.scores[s.factor].score).toBe(s.score);
      expect(data.assessment.scores[s.factor].evidence).toBe(s.evidence);
    }
  });

  it("counts drafts nowhere: the score of a quarter with only drafts is missing", async () => {
    // Seeded drafts exist for the current quarter; no submissions (except those made above on other relationships).
    const startup = await relationshipIdOf("Kipinä AI Oy");
    const data = await page(STAFF, startup, NOW_QUARTER);
    const current = data.trend.find((r) => r.period === NOW_QUARTER)!;
    expect(current.both).toBeNull();
    expect(current.provider).toBeNull();
    expect(current.customer).toBeNull();
    expect(data.score.value).toBeNull();
    expect(data.matrix.every((m) => m.performance === null && m.providerPerformance === null)).toBe(true);
  });
});

describe("averaging several assessors on one side", () => {
  it("averages two submitted assessors of the same side, and a new submission moves the mean", async () => {
    const rel = await relationshipIdOf("Asiakaspalvelu Aalto Oy");
    // The company side: Mikko (staff) and Johanna (org admin) both submit the current quarter.
    expect(
      (
        (await save(STAFF, rel, {
          period: NOW_QUARTER,
          revision: "0",
          intent: "submit",
          ...answers({ ...ALL_FOURS, trust: "2", selling: "na" }),
        })) as Response
      ).status,
    ).toBe(302);
    let data = await page(STAFF, rel, NOW_QUARTER);
    expect(data.matrix.find((m) => m.factor === "trust")!.customerPerformance).toBe(2);
    expect(
      (
        (await save(COMPANY_ADMIN, rel, {
          period: NOW_QUARTER,
          revision: "0",
          intent: "submit",
          ...answers({ ...ALL_FOURS, trust: "5", selling: "3" }),
        })) as Response
      ).status,
    ).toBe(302);
    data = await page(STAFF, rel, NOW_QUARTER);
    const trust = data.matrix.find((m) => m.factor === "trust")!;
    expect(trust.customerPerformance).toBe(3.5);
    // N/A is left out of the mean, not counted as zero.
    expect(data.matrix.find((m) => m.factor === "selling")!.customerPerformance).toBe(3);
    // The provider side has not assessed this quarter: missing, not zero.
    expect(trust.providerPerformance).toBeNull();
    expect(data.gap.find((g) => g.factor === "trust")!.gap).toBeNull();
    expect(
      data.assessments
        .filter((a) => a.side === "customer" && a.status === "submitted")
        .map((a) => a.assessorName)
        .sort(),
    ).toEqual(["Johanna Laine", "Mikko Heinonen"]);
    // The supplier sees the submitted assessments and the same averages.
    const supplierView = await page("riikka.hamalainen@aaltopalvelu.example", rel, NOW_QUARTER);
    expect(supplierView.matrix.find((m) => m.factor === "trust")!.customerPerformance).toBe(3.5);
    expect(supplierView.assessments.filter((a) => a.status === "submitted").length).toBe(2);
  });
});
