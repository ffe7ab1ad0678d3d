import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { DIGIMENSA_MODEL, importanceLevels } from "~/domain/importance-model";
import { monthsOfQuarter, previousQuarter, quarterOf } from "~/domain/period";
import { improvementPriorities, perceptionGap, scoreRelationship, type FactorPerformance, type RelationshipContext } from "~/domain/scoring";
import * as home from "~/routes/_app+/_index";
import * as actionEdit from "~/routes/_app+/relationships+/$relationshipId_.actions.$actionId";
import * as actionNew from "~/routes/_app+/relationships+/$relationshipId_.actions.new";
import * as contextPage from "~/routes/_app+/relationships+/$relationshipId_.context";
import * as decisionNew from "~/routes/_app+/relationships+/$relationshipId_.decisions.new";
import * as lifecyclePage from "~/routes/_app+/relationships+/$relationshipId_.lifecycle";
import * as relationshipPage from "~/routes/_app+/relationships+/$relationshipId._index";
import { get, post, run } from "../support/remix";
import { demoEmails, signInAs } from "../support/sign-in";
import { organisationIdNamed, relationshipIdBetween, userIdOf } from "../support/factories";
import { contextFromDatabase } from "../support/expected-context";

type PageData = Awaited<ReturnType<typeof relationshipPage.loader>>;
type HomeData = Awaited<ReturnType<typeof home.loader>>;

const { admin: ADMIN, companyStaff: STAFF, projectLead: LEAD, supplierAAdmin: SUPPLIER_ADMIN, supplierBStaff: STARTUP_STAFF } = demoEmails;
const VIEWER = "olli.vaisanen@verkkokauppa.example";

const NOW = new Date();
const NOW_QUARTER = quarterOf(NOW);
let sqlite: TestSql;

async function relationshipIdOf(providerName: string, customerName = "Pohjolan Verkkokauppa Oy"): Promise<number> {
  return relationshipIdBetween(await organisationIdNamed(providerName), await organisationIdNamed(customerName));
}

async function page(email: string, relationshipId: number, query = "", locale?: "fi" | "en"): Promise<PageData> {
  const cookie = await signInAs(email, { locale });
  return (await run(relationshipPage.loader, get(`/relationships/${relationshipId}${query}`, cookie), {
    relationshipId: String(relationshipId),
  })) as PageData;
}

/** Context and per-side means straight from the tables, computed here independently of the app's models. */
async function inputsFromDatabase(relationshipId: number, period: string) {
  const context: RelationshipContext = await contextFromDatabase(sqlite, relationshipId, NOW);
  const rows = (await sqlite
    .prepare(
      `select a.side, s.factor, s.score from assessments a join assessment_scores s on s.assessment_id = a.id
        where a.relationship_id = ? and a.period = ? and a.status = 'submitted' and s.score is not null`,
    )
    .all(relationshipId, period)) as Array<{ side: "provider" | "customer"; factor: FactorKey; score: number }>;
  const mean = (side: "provider" | "customer" | null): FactorPerformance => {
    const perf: FactorPerformance = {};
    for (const f of FACTORS) {
      const xs = rows.filter((x) => x.factor === f && (side === null || x.side === side)).map((x) => x.score);
      if (xs.length) perf[f] = xs.reduce((a, b) => a + b, 0) / xs.length;
    }
    return perf;
  };
  return { context, both: mean(null), provider: mean("provider"), customer: mean("customer") };
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
});

describe("the relationship page matches scoreRelationship for the same inputs", () => {
  const cases: Array<[string, string, "both" | "provider" | "customer"]> = [
    ["Kalevan Pilvipalvelut Oyj", "", "both"],
    ["Kalevan Pilvipalvelut Oyj", "provider", "provider"],
    ["Verkkotaito Oy", "customer", "customer"],
    ["Kipinä AI Oy", "", "both"],
    ["Datanäkö Oy", "", "both"],
  ];
  it.each(cases)("%s (?view=%s)", async (provider, viewParam, view) => {
    const id = await relationshipIdOf(provider);
    const lastQuarter = previousQuarter(NOW_QUARTER);
    const data = await page(STAFF, id, `?period=${lastQuarter}${viewParam ? `&view=${viewParam}` : ""}`);
    expect(data.period).toBe(lastQuarter);
    expect(data.view).toBe(view);

    const inputs = await inputsFromDatabase(id, lastQuarter);
    const expected = scoreRelationship({ context: inputs.context, performance: inputs[view], model: DIGIMENSA_MODEL });
    expect(expected.score).not.toBeNull();

    // The score and its explanation.
    expect(data.score.value).toBe(expected.score);
    expect(data.score.modelVersion).toBe(expected.modelVersion);
    expect(data.modelVersion).toBe(1);

    // The matrix: levels per dimension, combined importance, weight, each side's performance, the quadrant.
    expect(data.matrix.map((m) => m.factor)).toEqual([...FACTORS]);
    data.matrix.forEach((row, i) => {
      const f = expected.factors[i];
      expect(row.factor).toBe(f.factor);
      expect([row.size.level, row.maturity.level, row.diversity.level]).toEqual([f.levels.size, f.levels.maturity, f.levels.diversity]);
      expect(row.importance).toBeCloseTo(f.importance, 12);
      expect(row.weight).toBeCloseTo(f.weight, 12);
      expect(row.performance).toBe(f.performance);
      expect(row.quadrant).toBe(f.quadrant);
      expect(row.priority).toBe(f.priority);
      expect(row.providerPerformance).toBe(inputs.provider[f.factor] ?? null);
      expect(row.customerPerformance).toBe(inputs.customer[f.factor] ?? null);
    });

    // The chart points and its quadrant lines (the means over the scored factors).
    const scored = expected.factors.filter((f) => f.performance !== null);
    expect(data.ipa.points).toEqual(scored.map((f) => ({ factor: f.factor, importance: f.importance, performance: f.performance, quadrant: f.quadrant })));
    expect(data.ipa.meanImportance).toBeCloseTo(scored.reduce((s, f) => s + f.importance, 0) / scored.length, 12);
    expect(data.ipa.meanPerformance).toBeCloseTo(scored.reduce((s, f) => s + f.performance!, 0) / scored.length, 12);

    // The perception gap and the priorities.
    const gap = perceptionGap(inputs.provider, inputs.customer);
    expect(data.gap).toEqual(FACTORS.map((f) => ({ factor: f, provider: inputs.provider[f] ?? null, customer: inputs.customer[f] ?? null, gap: gap[f] })));
    expect(data.priorities).toEqual(
      improvementPriorities(expected).map((f) => ({
        factor: f.factor,
        priority: f.priority,
        weight: f.weight,
        performance: f.performance,
        quadrant: f.quadrant,
      })),
    );
    for (let i = 1; i < data.priorities.length; i++) expect(data.priorities[i - 1].priority).toBeGreaterThanOrEqual(data.priorities[i].priority - 1e-9);

    // The trend: one row per quarter; each side's score computed from that side alone.
    const trendRow = data.trend.find((t) => t.period === lastQuarter)!;
    expect(trendRow.both?.value).toBe(scoreRelationship({ context: inputs.context, performance: inputs.both }).score);
    expect(trendRow.provider?.value).toBe(scoreRelationship({ context: inputs.context, performance: inputs.provider }).score);
    expect(trendRow.customer?.value).toBe(scoreRelationship({ context: inputs.context, performance: inputs.customer }).score);
  });

  it("explains each importance cell with the source statement in the interface language", async () => {
    const id = await relationshipIdOf("Kipinä AI Oy");
    const inputs = await inputsFromDatabase(id, previousQuarter(NOW_QUARTER));
    const fi = await page(STAFF, id, "", "fi");
    const en = await page(STAFF, id, "", "en");
    for (const factor of FACTORS) {
      const applied = importanceLevels(DIGIMENSA_MODEL, factor, inputs.context);
      const rowFi = fi.matrix.find((m) => m.factor === factor)!;
      const rowEn = en.matrix.find((m) => m.factor === factor)!;
      expect(rowFi.size.source).toBe(applied.sizeRow.sourceFi);
      expect(rowFi.maturity.source).toBe(applied.maturityRow.sourceFi);
      expect(rowFi.diversity.source).toBe(applied.diversityRow.sourceFi);
      expect(rowEn.size.source).toBe(applied.sizeRow.sourceEn);
      expect(rowEn.maturity.source).toBe(applied.maturityRow.sourceEn);
      expect(rowEn.diversity.source).toBe(applied.diversityRow.sourceEn);
    }
    // The micro start-up: selling's maturity level comes from the start-up row.
    expect(en.matrix.find((m) => m.factor === "selling")!.maturity).toEqual({
      level: 3,
      source: "The provider's ability to sell is significant for start-ups.",
    });
    expect(en.context).toMatchObject({ sizeClass: "micro", startup: true });
  });

  it("shows quarters without submissions as missing, never as zero", async () => {
    // Kuntokeskus' customer side skipped one quarter in the demo story.
    const id = await relationshipIdOf("Pohjolan Verkkokauppa Oy", "Kuntokeskus Voima Oy");
    const data = await page(STAFF, id);
    const skipped = data.trend.filter((t) => t.customer === null && t.period !== NOW_QUARTER);
    expect(skipped.length).toBe(1);
    expect(skipped[0].provider?.value).toEqual(expect.any(Number));
    expect(skipped[0].both?.value).toBe(skipped[0].provider?.value);
    const current = data.trend.find((t) => t.period === NOW_QUARTER)!;
    expect(current).toMatchObject({ current: true, both: null, provider: null, customer: null });
    // Choosing the skipped quarter: the customer column is empty, the gap unknown.
    const q = await page(STAFF, id, `?period=${skipped[0].period}`);
    expect(q.matrix.every((m) => m.customerPerformance === null)).toBe(true);
    expect(q.gap.every((g) => g.gap === null)).toBe(true);
  });
});

describe("access to the relationship page", () => {
  it("answers an unknown, malformed or foreign relationship with 404", async () => {
    const hosting = await relationshipIdOf("Kalevan Pilvipalvelut Oyj");
    for (const [email, id] of [
      [STAFF, "999999"],
      [STAFF, "abc"],
      [STAFF, "1.5"],
      [STARTUP_STAFF, String(hosting)],
    ]) {
      const res = (await run(relationshipPage.loader, get(`/relationships/${id}`, await signInAs(email)), {
        relationshipId: id,
      })) as Response;
      expect(res.status).toBe(404);
    }
  });

  it("gives the project lead and the platform admin both sides but no side of their own", async () => {
    const hosting = await relationshipIdOf("Kalevan Pilvipalvelut Oyj");
    const admin = await page(ADMIN, hosting);
    expect(admin.header).toMatchObject({ side: null, canWrite: false });
    expect(admin.score.value).not.toBeNull();
    const lead = await page(LEAD, hosting);
    expect(lead.header.canWrite).toBe(false);
    expect(lead.gap.some((g) => g.gap !== null)).toBe(true);
  });

  it("refuses writes by readers with 403 and writes nothing", async () => {
    const hosting = await relationshipIdOf("Kalevan Pilvipalvelut Oyj");
    const events = async () => ((await sqlite.prepare("select count(*) n from lifecycle_events").get()) as { n: number }).n;
    const before = await events();
    for (const email of [VIEWER, LEAD, ADMIN]) {
      const res = (await run(
        lifecyclePage.action,
        post(
          `/relationships/${hosting}/lifecycle`,
          { toStage: "passivating", reasonCategory: "why_drifting", changedOn: "2026-01-01", note: "Ei pitäisi tallentua" },
          await signInAs(email),
        ),
        { relationshipId: String(hosting) },
      )) as Response;
      expect(res.status).toBe(403);
      const form = (await run(lifecyclePage.loader, get(`/relationships/${hosting}/lifecycle`, await signInAs(email)), {
        relationshipId: String(hosting),
      })) as Response;
      expect(form.status).toBe(403);
    }
    expect(await events()).toBe(before);
  });
});

describe("needs attention", () => {
  async function homeOf(email: string): Promise<HomeData> {
    return (await run(home.loader, get("/", await signInAs(email)))) as HomeData;
  }

  it("flags a score that fell 10 points or more since the previous quarter", async () => {
    const data = await homeOf(STAFF);
    const hostingId = await relationshipIdOf("Kalevan Pilvipalvelut Oyj");
    const hosting = data.home.relationships.find((r) => r.id === hostingId)!;
    const drop = hosting.attention.find((a) => a.kind === "score_drop");
    expect(drop).toBeDefined();
    if (drop?.kind !== "score_drop") throw new Error("no drop");
    const last = previousQuarter(NOW_QUARTER);
    const ctx = (await inputsFromDatabase(hosting.id, last)).context;
    const before = scoreRelationship({ context: ctx, performance: (await inputsFromDatabase(hosting.id, previousQuarter(last))).both }).score!;
    const after = scoreRelationship({ context: ctx, performance: (await inputsFromDatabase(hosting.id, last)).both }).score!;
    expect(drop).toMatchObject({ period: last, previousPeriod: previousQuarter(last), from: before, to: after });
    expect(before - after).toBeGreaterThanOrEqual(10);
  });

  it("flags side scores that differ by 1.5 or more on a factor, naming the factor", async () => {
    const data = await homeOf(STAFF);
    const platformId = await relationshipIdOf("Verkkotaito Oy");
    const platform = data.home.relationships.find((r) => r.id === platformId)!;
    const gap = platform.attention.find((a) => a.kind === "perception_gap");
    if (gap?.kind !== "perception_gap") throw new Error("expected a perception gap flag");
    const inputs = await inputsFromDatabase(platform.id, gap.period);
    const expected = perceptionGap(inputs.provider, inputs.customer);
    expect(gap.factors.length).toBeGreaterThan(0);
    for (const f of gap.factors) {
      expect(f.gap).toBe(expected[f.factor]);
      expect(Math.abs(f.gap)).toBeGreaterThanOrEqual(1.5);
    }
    // And no factor under the threshold is named.
    for (const f of FACTORS) if (expected[f] !== null && Math.abs(expected[f]!) < 1.5) expect(gap.factors.map((g) => g.factor)).not.toContain(f);
  });

  it("does not flag a steady relationship", async () => {
    const data = await homeOf(STAFF);
    const paymentsId = await relationshipIdOf("Maksuvirta Oyj");
    const payments = data.home.relationships.find((r) => r.id === paymentsId)!;
    const inputs = await inputsFromDatabase(payments.id, previousQuarter(NOW_QUARTER));
    const gap = perceptionGap(inputs.provider, inputs.customer);
    const big = FACTORS.filter((f) => gap[f] !== null && Math.abs(gap[f]!) >= 1.5);
    expect(payments.attention.filter((a) => a.kind === "perception_gap").length).toBe(big.length > 0 ? 1 : 0);
    expect(payments.attention.some((a) => a.kind === "quiet")).toBe(false);
  });

  it("flags a relationship with no submitted assessment and no new measurement for two quarters", async () => {
    const id = await relationshipIdOf("Datanäkö Oy");
    const dataBefore = await homeOf(STAFF);
    expect(dataBefore.home.relationships.find((r) => r.id === id)!.attention.some((a) => a.kind === "quiet")).toBe(false);
    // Remove the last three quarters of data (the quiet window and the current quarter).
    const q1 = previousQuarter(NOW_QUARTER);
    const q2 = previousQuarter(q1);
    const quarters = [NOW_QUARTER, q1, q2];
    const months = quarters.flatMap(monthsOfQuarter);
    await sqlite.prepare(`delete from assessments where relationship_id = ? and period in (${quarters.map(() => "?").join(",")})`).run(id, ...quarters);
    await sqlite.prepare(`delete from measurements where relationship_id = ? and month in (${months.map(() => "?").join(",")})`).run(id, ...months);
    const data = await homeOf(STAFF);
    const rel = data.home.relationships.find((r) => r.id === id)!;
    const quiet = rel.attention.find((a) => a.kind === "quiet");
    expect(quiet).toEqual({ kind: "quiet", lastActivityPeriod: previousQuarter(q2), sinceQuarters: 2 });
    expect(data.home.relationships.filter((r) => r.attention.length > 0).map((r) => r.id)).toContain(id);
    // The relationship page says the same.
    expect((await page(STAFF, id)).attention.map((a) => a.kind)).toContain("quiet");
  });
});

describe("the staff home page", () => {
  it("orders my relationships by attention priority and lists what is due and my drafts", async () => {
    const data = await (async () => (await run(home.loader, get("/", await signInAs(SUPPLIER_ADMIN)))) as HomeData)();
    // The hosting supplier's admin: one relationship, due this quarter (the provider side has not submitted).
    expect(data.home.relationships.map((r) => r.providerName)).toEqual(["Kalevan Pilvipalvelut Oyj"]);
    expect(data.home.due.map((d) => d.period)).toEqual([NOW_QUARTER]);
    expect(data.home.drafts).toEqual([]);

    const staff = (await run(home.loader, get("/", await signInAs(STAFF)))) as HomeData;
    const priorities = staff.home.relationships.map((r) => r.attentionPriority);
    const scored = priorities.filter((p): p is number => p !== null);
    expect(scored).toEqual([...scored].sort((a, b) => b - a));
    // Relationships without a score come last.
    expect(priorities.slice(scored.length).every((p) => p === null)).toBe(true);
    expect(staff.home.relationships.length).toBe(((await sqlite.prepare("select count(*) n from relationships").get()) as { n: number }).n);
    // Nothing is due for an ended or prospect relationship.
    const stages = new Map(staff.home.relationships.map((r) => [r.id, r.stage]));
    for (const d of staff.home.due) expect(["new", "active", "passivating", "passive"]).toContain(stages.get(d.relationshipId));

    // My open drafts: the start-up's staff member has one from the demo data; nobody else's drafts are listed.
    const emilia = (await run(home.loader, get("/", await signInAs(STARTUP_STAFF)))) as HomeData;
    const emiliaId = await userIdOf(STARTUP_STAFF);
    const ownDrafts = (await sqlite.prepare("select id from assessments where assessor_user_id = ? and status = 'draft'").all(emiliaId)) as {
      id: number;
    }[];
    expect(ownDrafts.length).toBeGreaterThan(0);
    expect(emilia.home.drafts.map((d) => d.assessmentId).sort()).toEqual(ownDrafts.map((d) => d.id).sort());
    // Her draft of the quarter is work in progress, not a submission: the relationship stays due, offered as her draft (issue 12).
    const currentDraft = emilia.home.drafts.find((d) => d.period === NOW_QUARTER)!;
    expect(emilia.home.due.map((d) => ({ id: d.relationshipId, draft: d.draft?.assessmentId ?? null, readOnly: d.readOnly }))).toEqual([
      { id: currentDraft.relationshipId, draft: currentDraft.assessmentId, readOnly: false },
    ]);
    // A project lead does not write: what is outstanding for her organisation is listed read-only, and her old drafts are not offered.
    const lead = (await run(home.loader, get("/", await signInAs(LEAD)))) as HomeData;
    expect(lead.home.due.length).toBeGreaterThan(0);
    expect(lead.home.due.every((d) => d.readOnly && d.draft === null)).toBe(true);
    expect(lead.home.drafts).toEqual([]);
  });
});

describe("lifecycle, maturity, actions and decisions", () => {
  it("records a stage change with its listening note, and a reactivation back to active", async () => {
    const id = await relationshipIdOf("Pohjolan Verkkokauppa Oy", "Koulutuskeskus Sampo Oy"); // passive
    const cookie = await signInAs(STAFF);
    const change = (fields: Record<string, string>) =>
      run(lifecyclePage.action, post(`/relationships/${id}/lifecycle`, fields, cookie), { relationshipId: String(id) });

    // Bad input: no note, a future date, a backwards move that is not a reactivation.
    let r = (await change({ toStage: "active", reasonCategory: "why_commits", changedOn: "2026-01-05", note: "" })) as {
      init: { status: number };
      data: { error: Record<string, string[]> };
    };
    expect(r.init.status).toBe(400);
    expect(r.data.error.note).toEqual(["lifecycle.error.noteRequired"]);
    r = (await change({ toStage: "active", reasonCategory: "why_commits", changedOn: "2999-01-01", note: "Tulevaisuudesta" })) as typeof r;
    expect(r.data.error.changedOn).toEqual(["rel.form.dateFuture"]);
    r = (await change({ toStage: "prospect", reasonCategory: "other", changedOn: "2026-01-05", note: "Taaksepäin" })) as typeof r;
    expect(r.data.error.toStage).toEqual(["lifecycle.error.transition"]);
    expect(((await sqlite.prepare("select lifecycle_stage s from relationships where id = ?").get(id)) as { s: string }).s).toBe("passive");

    const today = NOW.toISOString().slice(0, 10);
    const ok = (await change({
      toStage: "active",
      reasonCategory: "why_commits",
      changedOn: today,
      note: "Uusi rehtori haluaa keskittää hankinnat meille.",
    })) as Response;
    expect(ok.status).toBe(302);
    expect(((await sqlite.prepare("select lifecycle_stage s from relationships where id = ?").get(id)) as { s: string }).s).toBe("active");
    const data = await page(STAFF, id);
    expect(data.header.stage).toBe("active");
    expect(data.lifecycle[0]).toMatchObject({
      fromStage: "passive",
      toStage: "active",
      reasonCategory: "why_commits",
      note: "Uusi rehtori haluaa keskittää hankinnat meille.",
      recordedBy: "Mikko Heinonen",
    });
    const audit = (await sqlite
      .prepare("select before, after from audit_log where action = 'relationship.stage_change' and entity_id = ?")
      .get(String(id))) as {
      before: string;
      after: string;
    };
    expect(JSON.parse(audit.before)).toEqual({ stage: "passive" });
    expect(JSON.parse(audit.after)).toMatchObject({ stage: "active", reasonCategory: "why_commits" });
  });

  it("overrides maturity with a note, and the matrix follows", async () => {
    const id = await relationshipIdOf("Kipinä AI Oy");
    const cookie = await signInAs(STARTUP_STAFF);
    const bad = (await run(contextPage.action, post(`/relationships/${id}/context`, { maturity: "mature", note: "" }, cookie), {
      relationshipId: String(id),
    })) as {
      data: { error: Record<string, string[]> };
    };
    expect(bad.data.error.note).toEqual(["context.error.noteRequired"]);
    const ok = (await run(contextPage.action, post(`/relationships/${id}/context`, { maturity: "mature", note: "Yhteistyö syveni nopeasti." }, cookie), {
      relationshipId: String(id),
    })) as Response;
    expect(ok.status).toBe(302);
    const data = await page(STAFF, id);
    expect(data.context).toMatchObject({
      maturity: "mature",
      derivedMaturity: "early",
      maturityOverridden: true,
      maturityOverrideNote: "Yhteistyö syveni nopeasti.",
    });
    expect(data.matrix.find((m) => m.factor === "compensation")!.maturity.level).toBe(1);
    // Back to the derived value.
    await run(contextPage.action, post(`/relationships/${id}/context`, { maturity: "derived" }, cookie), { relationshipId: String(id) });
    expect((await page(STAFF, id)).context).toMatchObject({ maturity: "early", maturityOverridden: false });
  });

  it("lets either party add and update development actions, which both parties see", async () => {
    const id = await relationshipIdOf("Kalevan Pilvipalvelut Oyj");
    const supplier = await signInAs(SUPPLIER_ADMIN);
    const petriId = await userIdOf("petri.salonen@kalevanpilvi.example");
    const foreignId = await userIdOf(STARTUP_STAFF);
    const fields = {
      title: "Häiriöharjoitus yhdessä",
      phase: "touchpoint_design",
      factor: "trust",
      ownerUserId: String(petriId),
      dueDate: "2027-01-31",
      status: "planned",
    };

    // The owner must be one of the two parties' people.
    const foreign = (await run(actionNew.action, post(`/relationships/${id}/actions/new`, { ...fields, ownerUserId: String(foreignId) }, supplier), {
      relationshipId: String(id),
    })) as { data: { error: Record<string, string[]> } };
    expect(foreign.data.error.ownerUserId).toEqual(["rel.form.invalidChoice"]);

    const created = (await run(actionNew.action, post(`/relationships/${id}/actions/new`, fields, supplier), {
      relationshipId: String(id),
    })) as Response;
    expect(created.status).toBe(302);
    const action = (await sqlite
      .prepare("select id, owner_organisation_id, created_by_user_id from development_actions where title = ?")
      .get(fields.title)) as {
      id: number;
      owner_organisation_id: number;
    };
    const companyView = await page(STAFF, id);
    expect(companyView.actions.find((a) => a.id === action.id)).toMatchObject({
      title: fields.title,
      ownerName: "Petri Salonen",
      ownerOrganisation: "Kalevan Pilvipalvelut Oyj",
      status: "planned",
    });

    // Done needs an outcome note.
    const edit = (f: Record<string, string>) =>
      run(actionEdit.action, post(`/relationships/${id}/actions/${action.id}`, f, supplier), {
        relationshipId: String(id),
        actionId: String(action.id),
      });
    const noOutcome = (await edit({ ...fields, status: "done" })) as { data: { error: Record<string, string[]> } };
    expect(noOutcome.data.error.outcomeNote).toEqual(["action.error.outcomeRequired"]);
    expect(((await edit({ ...fields, status: "done", outcomeNote: "Harjoitus pidetty, tiedotus 15 minuutissa." })) as Response).status).toBe(302);
    const done = (await sqlite.prepare("select status, outcome_note, completed_at from development_actions where id = ?").get(action.id)) as {
      status: string;
      outcome_note: string;
      completed_at: string | null;
    };
    expect(done).toMatchObject({ status: "done", outcome_note: "Harjoitus pidetty, tiedotus 15 minuutissa." });
    expect(done.completed_at).not.toBeNull();
    expect(await sqlite.prepare("select count(*) n from audit_log where entity_type = 'development_action' and entity_id = ?").get(String(action.id))).toEqual({
      n: 2,
    });

    // An action of another relationship is a 404 here.
    const other = await relationshipIdOf("Verkkotaito Oy");
    const cross = (await run(actionEdit.loader, get(`/relationships/${other}/actions/${action.id}`, await signInAs(STAFF)), {
      relationshipId: String(other),
      actionId: String(action.id),
    })) as Response;
    expect(cross.status).toBe(404);
  });

  it("logs decisions for both parties to see", async () => {
    const id = await relationshipIdOf("Kalevan Pilvipalvelut Oyj");
    const today = NOW.toISOString().slice(0, 10);
    const bad = (await run(decisionNew.action, post(`/relationships/${id}/decisions/new`, { decidedOn: "22.11.2026", title: "" }, await signInAs(STAFF)), {
      relationshipId: String(id),
    })) as { data: { error: Record<string, string[]> } };
    expect(bad.data.error.decidedOn).toEqual(["rel.form.dateFormat"]);
    expect(bad.data.error.title).toEqual(["validation.required"]);
    const ok = (await run(
      decisionNew.action,
      post(
        `/relationships/${id}/decisions/new`,
        { decidedOn: today, title: "Viikkopalaveri siirretään maanantaille", factor: "knowledge" },
        await signInAs(STAFF),
      ),
      {
        relationshipId: String(id),
      },
    )) as Response;
    expect(ok.status).toBe(302);
    const supplierView = await page(SUPPLIER_ADMIN, id);
    expect(supplierView.decisions[0]).toMatchObject({
      title: "Viikkopalaveri siirretään maanantaille",
      factor: "knowledge",
      organisation: "Pohjolan Verkkokauppa Oy",
      by: "Mikko Heinonen",
      decidedOn: today,
    });
  });
});
