import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { migrateDatabase, openDatabase, type SqliteDatabase } from "../../db/connection";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoData } from "../../db/seed/demo";
import { hashPassword, verifyPassword } from "../../app/models/password.server";
import { isValidBusinessId } from "../../app/domain/business-id";
import {
  ACTION_PHASES,
  ACTION_STATUSES,
  CRITICALITIES,
  DIVERSITIES,
  FACTORS,
  LIFECYCLE_STAGES,
  MATURITIES,
  type Criticality,
  type Diversity,
  type FactorKey,
  type Maturity,
  type SizeClass,
} from "../../app/domain/factors";
import { effectiveMaturity } from "../../app/domain/maturity";
import { perceptionGap, scoreRelationship, type FactorPerformance, type RelationshipContext } from "../../app/domain/scoring";
import { isStartup, sizeClassFrom } from "../../app/domain/size-class";

const AS_OF = new Date("2026-11-22T12:00:00Z");
const QUARTERS = ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"];
const FOCAL = "Pohjolan Verkkokauppa Oy";
const HOSTING = "Kalevan Pilvipalvelut Oyj";

let dir: string;
let passwordHash: string;
let db: SqliteDatabase;
const opened: SqliteDatabase[] = [];

function freshDatabase(name: string): SqliteDatabase {
  const database = openDatabase(path.join(dir, name));
  migrateDatabase(database);
  opened.push(database);
  return database;
}

async function seeded(name: string, asOf: Date): Promise<SqliteDatabase> {
  const database = freshDatabase(name);
  await seedDemoData(database, { asOf, passwordHash });
  return database;
}

function all<T>(database: SqliteDatabase, query: string, ...params: unknown[]): T[] {
  return database.$client.prepare(query).all(...params) as T[];
}

function one<T>(database: SqliteDatabase, query: string, ...params: unknown[]): T {
  const row = database.$client.prepare(query).get(...params) as T | undefined;
  if (row === undefined) throw new Error(`No row for: ${query}`);
  return row;
}

type RelRow = {
  id: number;
  provider_id: number;
  customer_id: number;
  provider: string;
  customer: string;
  start_date: string;
  lifecycle_stage: string;
  maturity_override: Maturity | null;
  maturity_override_note: string | null;
  diversity: Diversity;
  criticality: Criticality;
  reference_customer: number;
  provider_size: SizeClass;
  provider_founded: number | null;
};

function relationshipsOf(database: SqliteDatabase): RelRow[] {
  return all<RelRow>(
    database,
    `select r.*, p.name as provider, c.name as customer, p.size_class as provider_size, p.founded_year as provider_founded
       from relationships r
       join organisations p on p.id = r.provider_id
       join organisations c on c.id = r.customer_id
      order by r.id`,
  );
}

function relationshipBy(database: SqliteDatabase, provider: string, customer = FOCAL): RelRow {
  const r = relationshipsOf(database).find((x) => x.provider === provider && x.customer === customer);
  if (!r) throw new Error(`No relationship ${provider} -> ${customer}`);
  return r;
}

/** Mean submitted score per factor for the chosen sides; not applicable left out. */
function performance(
  database: SqliteDatabase,
  relId: number,
  period: string,
  sides: ReadonlyArray<"provider" | "customer"> = ["provider", "customer"],
): FactorPerformance {
  const rows = all<{ factor: FactorKey; mean: number }>(
    database,
    `select s.factor, avg(s.score) as mean
       from assessment_scores s join assessments a on a.id = s.assessment_id
      where a.relationship_id = ? and a.period = ? and a.status = 'submitted'
        and a.side in (${sides.map(() => "?").join(", ")})
        and s.not_applicable = 0 and s.score is not null
      group by s.factor`,
    relId,
    period,
    ...sides,
  );
  return Object.fromEntries(rows.map((r) => [r.factor, r.mean]));
}

function contextOf(r: RelRow, asOf: Date): RelationshipContext {
  return {
    sizeClass: r.provider_size,
    maturity: effectiveMaturity(r.start_date, r.maturity_override, asOf) as Maturity,
    diversity: r.diversity,
    startup: isStartup(r.provider_founded, asOf),
    referenceCustomer: r.reference_customer === 1,
    criticality: r.criticality,
  };
}

function combinedScore(database: SqliteDatabase, r: RelRow, period: string, asOf: Date): number {
  const score = scoreRelationship({ context: contextOf(r, asOf), performance: performance(database, r.id, period) }).score;
  if (score === null) throw new Error(`No score for relationship ${r.id} in ${period}`);
  return score;
}

function digest(database: SqliteDatabase, query: string): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify(all(database, query)))
    .digest("hex");
}

const SCORES_DIGEST = `select a.relationship_id, a.side, a.period, a.assessor_user_id, a.status, a.submitted_at,
                              s.factor, s.score, s.not_applicable, s.evidence
                         from assessment_scores s join assessments a on a.id = s.assessment_id
                        order by a.relationship_id, a.side, a.period, a.assessor_user_id, s.factor`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-seed-"));
  passwordHash = await hashPassword(DEMO_PASSWORD);
  db = await seeded("demo.db", AS_OF);
});

afterAll(() => {
  for (const d of opened) d.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("demo data: people", () => {
  it("has exactly the six listed demo accounts, and they log in", async () => {
    expect(DEMO_ACCOUNTS).toHaveLength(6);
    expect(DEMO_ACCOUNTS[0].email).toBe("admin@portaali.example");
    const emails = DEMO_ACCOUNTS.map((a) => a.email);
    expect(new Set(emails).size).toBe(6);

    const rows = all<{ email: string; name: string; password_hash: string; is_platform_admin: number; disabled_at: string | null }>(
      db,
      `select email, name, password_hash, is_platform_admin, disabled_at from users where email in (${emails.map(() => "?").join(", ")})`,
      ...emails,
    );
    expect(rows).toHaveLength(6);
    for (const account of DEMO_ACCOUNTS) {
      const row = rows.find((r) => r.email === account.email)!;
      expect(row.name).toBe(account.name);
      expect(row.disabled_at).toBeNull();
      expect(row.password_hash).toBe(passwordHash);
    }
    // The stored hash really is a hash of the demo password (one argon2 check covers all six).
    const stored = rows.find((r) => r.email === "staff@verkkokauppa.example")!.password_hash;
    expect(await verifyPassword(stored, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(stored, "wrong-password")).toBe(false);
  });

  it("gives each demo account the role the list describes", () => {
    const membership = (email: string) =>
      all<{ organisation: string; role: string; size_class: string; founded_year: number }>(
        db,
        `select o.name as organisation, m.role, o.size_class, o.founded_year
           from memberships m join users u on u.id = m.user_id join organisations o on o.id = m.organisation_id
          where u.email = ?`,
        email,
      );
    const [admin, staff, lead, supplierA, supplierB, endCustomer] = DEMO_ACCOUNTS;

    expect(one<{ is_platform_admin: number }>(db, "select is_platform_admin from users where email = ?", admin.email).is_platform_admin).toBe(1);
    expect(membership(admin.email)).toHaveLength(0);
    expect(admin.organisation).toBeNull();

    expect(membership(staff.email)).toMatchObject([{ organisation: FOCAL, role: "staff" }]);
    expect(membership(lead.email)).toMatchObject([{ organisation: FOCAL, role: "project_lead" }]);

    const a = membership(supplierA.email);
    expect(a).toHaveLength(1);
    expect(a[0].role).toBe("org_admin");
    expect(["large", "medium"]).toContain(a[0].size_class);
    expect(a[0].organisation).toBe(supplierA.organisation);

    const b = membership(supplierB.email);
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ role: "staff", size_class: "micro" });
    expect(isStartup(b[0].founded_year, AS_OF)).toBe(true);

    const e = membership(endCustomer.email);
    expect(e).toHaveLength(1);
    expect(e[0].role).toBe("staff");
    const customersOfFocal = relationshipsOf(db)
      .filter((r) => r.provider === FOCAL)
      .map((r) => r.customer);
    expect(customersOfFocal).toContain(e[0].organisation);

    // Only the administrator is a platform admin; everyone else acts for an organisation.
    expect(one<{ n: number }>(db, "select count(*) as n from users where is_platform_admin = 1").n).toBe(1);
    expect(
      one<{ n: number }>(
        db,
        "select count(*) as n from users u where is_platform_admin = 0 and not exists (select 1 from memberships m where m.user_id = u.id)",
      ).n,
    ).toBe(0);
    // Extra people beyond the six listed accounts.
    expect(one<{ n: number }>(db, "select count(*) as n from users").n).toBeGreaterThan(6);
  });
});

describe("demo data: organisations and relationships", () => {
  it("has one chain around the focal company with six suppliers and eight end customers", () => {
    const chains = all<{ focal: string }>(db, "select o.name as focal from chains c join organisations o on o.id = c.focal_organisation_id");
    expect(chains).toEqual([{ focal: FOCAL }]);

    const rels = relationshipsOf(db);
    const suppliers = new Set(rels.filter((r) => r.customer === FOCAL).map((r) => r.provider_id));
    const endCustomers = new Set(rels.filter((r) => r.provider === FOCAL).map((r) => r.customer_id));
    expect(suppliers.size).toBe(6);
    expect(endCustomers.size).toBe(8);
    expect(one<{ n: number }>(db, "select count(*) as n from organisations").n).toBe(15);

    const supplierRows = all<{ id: number; size_class: string; founded_year: number }>(
      db,
      `select id, size_class, founded_year from organisations where id in (${[...suppliers].join(", ")})`,
    );
    const microStartups = supplierRows.filter((o) => o.size_class === "micro" && isStartup(o.founded_year, AS_OF));
    expect(microStartups).toHaveLength(1);
    expect(new Set(supplierRows.map((o) => o.size_class)).size).toBeGreaterThanOrEqual(3);
  });

  it("gives every organisation a valid business ID and a size class computed from its figures", () => {
    const orgs = all<{
      business_id: string;
      headcount: number;
      turnover_eur: number;
      balance_sheet_eur: number;
      size_class: string;
      size_class_manual: number;
      founded_year: number;
      city: string;
      description: string;
    }>(db, "select * from organisations");
    for (const o of orgs) {
      expect(isValidBusinessId(o.business_id), o.business_id).toBe(true);
      expect(o.size_class_manual).toBe(0);
      expect(o.size_class).toBe(sizeClassFrom({ headcount: o.headcount, turnoverEur: o.turnover_eur, balanceSheetEur: o.balance_sheet_eur }));
      expect(o.founded_year).toBeLessThanOrEqual(AS_OF.getUTCFullYear());
      expect(o.city).toBeTruthy();
      expect(o.description).toBeTruthy();
    }
    expect(new Set(orgs.map((o) => o.business_id)).size).toBe(orgs.length);
  });

  it("covers every lifecycle stage, maturity, diversity and criticality", () => {
    const rels = relationshipsOf(db);
    expect(new Set(rels.map((r) => r.lifecycle_stage))).toEqual(new Set(LIFECYCLE_STAGES));
    expect(new Set(rels.map((r) => effectiveMaturity(r.start_date, r.maturity_override, AS_OF)))).toEqual(new Set(MATURITIES));
    // ...and the age-based default alone also spans all three.
    expect(new Set(rels.map((r) => effectiveMaturity(r.start_date, null, AS_OF)))).toEqual(new Set(MATURITIES));
    expect(new Set(rels.map((r) => r.diversity))).toEqual(new Set(DIVERSITIES));
    expect(new Set(rels.map((r) => r.criticality))).toEqual(new Set(CRITICALITIES));
    expect(rels.some((r) => r.reference_customer === 1)).toBe(true);
    const overridden = rels.filter((r) => r.maturity_override !== null);
    expect(overridden).toHaveLength(1);
    expect(overridden[0].maturity_override_note).toBeTruthy();
    expect(rels.every((r) => r.start_date <= "2026-11-22")).toBe(true);
  });

  it("has a dated lifecycle history ending in each relationship's current stage", () => {
    for (const r of relationshipsOf(db)) {
      const events = all<{ from_stage: string | null; to_stage: string; changed_on: string; note: string; reason_category: string }>(
        db,
        "select * from lifecycle_events where relationship_id = ? order by changed_on, id",
        r.id,
      );
      expect(events.length).toBeGreaterThan(0);
      expect(events[0].from_stage).toBeNull();
      expect(events[events.length - 1].to_stage).toBe(r.lifecycle_stage);
      for (let i = 1; i < events.length; i++) {
        expect(events[i].from_stage).toBe(events[i - 1].to_stage);
        expect(events[i].changed_on > events[i - 1].changed_on).toBe(true);
      }
      for (const e of events) {
        expect(e.note.length).toBeGreaterThan(10);
        expect(e.changed_on <= "2026-11-22").toBe(true);
      }
      if (r.lifecycle_stage === "ended") expect(events[events.length - 1].reason_category).toBe("why_ended");
      if (r.lifecycle_stage === "passivating") expect(events[events.length - 1].reason_category).toBe("why_drifting");
    }
  });
});

describe("demo data: assessments", () => {
  it("has six quarters of two-way submitted assessments for the hosting relationship", () => {
    const hosting = relationshipBy(db, HOSTING);
    expect(hosting.lifecycle_stage).toBe("active");
    const rows = all<{ period: string; side: string; n: number }>(
      db,
      `select period, side, count(*) as n from assessments
        where relationship_id = ? and status = 'submitted' group by period, side order by period, side`,
      hosting.id,
    );
    for (const q of QUARTERS) {
      expect(rows.find((r) => r.period === q && r.side === "provider")?.n ?? 0, q).toBeGreaterThanOrEqual(1);
      expect(rows.find((r) => r.period === q && r.side === "customer")?.n ?? 0, q).toBeGreaterThanOrEqual(1);
    }
    // Two assessors on a side in some quarters, so averaging matters.
    expect(rows.some((r) => r.n >= 2)).toBe(true);
  });

  it("submits assessments in the six completed quarters and keeps drafts to the current one", () => {
    const submitted = all<{ period: string; submitted_at: string }>(db, "select period, submitted_at from assessments where status = 'submitted'");
    expect(new Set(submitted.map((a) => a.period))).toEqual(new Set(QUARTERS));
    for (const a of submitted) {
      expect(a.submitted_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // Inside the month after the quarter.
      const [y, q] = a.period.split("-Q").map(Number);
      const next = new Date(Date.UTC(y, q * 3, 1));
      const after = new Date(Date.UTC(y, q * 3 + 1, 1));
      const at = new Date(a.submitted_at);
      expect(at >= next && at < after, `${a.period} submitted ${a.submitted_at}`).toBe(true);
      expect(at < AS_OF).toBe(true);
    }
    const drafts = all<{ period: string; submitted_at: string | null }>(db, "select period, submitted_at from assessments where status = 'draft'");
    expect(drafts.length).toBeGreaterThan(0);
    expect(new Set(drafts.map((d) => d.period))).toEqual(new Set(["2026-Q4"]));
    expect(drafts.every((d) => d.submitted_at === null)).toBe(true);
  });

  it("records the assessing side's organisation and one of its people as assessor", () => {
    const bad = all(
      db,
      `select a.id from assessments a join relationships r on r.id = a.relationship_id
        where a.organisation_id <> case a.side when 'provider' then r.provider_id else r.customer_id end
           or not exists (select 1 from memberships m where m.user_id = a.assessor_user_id and m.organisation_id = a.organisation_id)`,
    );
    expect(bad).toEqual([]);
  });

  it("assesses only engaged relationships, only after they started, with a gap on one side", () => {
    const rels = relationshipsOf(db);
    const assessed = new Set(all<{ relationship_id: number }>(db, "select distinct relationship_id from assessments").map((r) => r.relationship_id));
    for (const r of rels) {
      const engaged = ["new", "active", "passivating", "passive"].includes(r.lifecycle_stage);
      expect(assessed.has(r.id), `${r.provider} -> ${r.customer}`).toBe(engaged);
    }
    // Nothing assessed for a quarter that ended before the relationship started.
    const early = all(
      db,
      `select a.id from assessments a join relationships r on r.id = a.relationship_id
        where a.period < substr(r.start_date, 1, 4) || '-Q' || ((cast(substr(r.start_date, 6, 2) as integer) + 2) / 3)`,
    );
    expect(early).toEqual([]);
    // One side missing in one quarter in which the other side did assess.
    const gaps = all(
      db,
      `select a.relationship_id, a.period from assessments a
        where a.status = 'submitted'
        group by a.relationship_id, a.period
        having count(distinct a.side) = 1`,
    );
    expect(gaps.length).toBeGreaterThanOrEqual(1);
  });

  it("scores 1-5 with evidence on most, and a few not applicable", () => {
    const scores = all<{ score: number | null; not_applicable: number; evidence: string | null; status: string }>(
      db,
      "select s.*, a.status from assessment_scores s join assessments a on a.id = s.assessment_id",
    );
    const submitted = scores.filter((s) => s.status === "submitted");
    expect(submitted.every((s) => (s.score === null) === (s.not_applicable === 1))).toBe(true);
    const na = submitted.filter((s) => s.not_applicable === 1);
    expect(na.length).toBeGreaterThan(0);
    expect(na.length).toBeLessThan(submitted.length * 0.1);
    expect(submitted.filter((s) => s.evidence).length / submitted.length).toBeGreaterThan(0.6);
    // Submitted assessments score all six factors.
    const incomplete = all(
      db,
      `select a.id from assessments a where a.status = 'submitted' and (select count(*) from assessment_scores s where s.assessment_id = a.id) <> 6`,
    );
    expect(incomplete).toEqual([]);
    expect(FACTORS).toHaveLength(6);
  });

  it("tells the story: the hosting relationship's score falls by 10 points or more in the latest quarter", () => {
    const hosting = relationshipBy(db, HOSTING);
    const before = combinedScore(db, hosting, "2026-Q2", AS_OF);
    const latest = combinedScore(db, hosting, "2026-Q3", AS_OF);
    expect(before - latest).toBeGreaterThanOrEqual(10);
    // ...and trust is what fell, on both sides.
    const earlier = performance(db, hosting.id, "2025-Q4");
    const now = performance(db, hosting.id, "2026-Q3");
    expect(earlier.trust! - now.trust!).toBeGreaterThanOrEqual(1.5);
  });

  it("tells the story: a knowledge-sharing perception gap, a strong start-up, a declining passivating customer", () => {
    const gaps = relationshipsOf(db).map((r) => {
      const gap = perceptionGap(performance(db, r.id, "2026-Q3", ["provider"]), performance(db, r.id, "2026-Q3", ["customer"]));
      return gap.knowledge ?? 0;
    });
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(1.5);

    const startup = relationshipsOf(db).find((r) => r.customer === FOCAL && r.provider_size === "micro")!;
    const p = performance(db, startup.id, "2026-Q3");
    expect(p.individuality).toBeGreaterThanOrEqual(4.5);
    expect(p.selling).toBeGreaterThanOrEqual(4.5);
    for (const f of ["trust", "new_business", "knowledge"] as const) {
      expect(p[f]!).toBeLessThan(Math.min(p.individuality!, p.selling!));
    }
    expect(p.compensation).toBeUndefined(); // not applicable on both sides

    const passivating = relationshipsOf(db).find((r) => r.lifecycle_stage === "passivating")!;
    const first = combinedScore(db, passivating, "2025-Q2", AS_OF);
    const last = combinedScore(db, passivating, "2026-Q3", AS_OF);
    expect(first - last).toBeGreaterThanOrEqual(15);
  });

  it("keeps the story wherever asOf lands", async () => {
    const dates = ["2027-01-02T08:00:00Z", "2026-07-01T00:30:00Z", "2028-05-15T12:00:00Z"];
    for (const [i, iso] of dates.entries()) {
      const asOf = new Date(iso);
      const other = await seeded(`asof-${i}.db`, asOf);
      const quarters = all<{ period: string }>(other, "select distinct period from assessments where status = 'submitted' order by period").map(
        (r) => r.period,
      );
      expect(quarters, iso).toHaveLength(6);
      const hosting = relationshipBy(other, HOSTING);
      const drop = combinedScore(other, hosting, quarters[4], asOf) - combinedScore(other, hosting, quarters[5], asOf);
      expect(drop, iso).toBeGreaterThanOrEqual(10);
      const rels = relationshipsOf(other);
      expect(new Set(rels.map((r) => effectiveMaturity(r.start_date, null, asOf))), iso).toEqual(new Set(MATURITIES));
      expect(all(other, "select * from assessments where submitted_at > ? or created_at > ?", asOf.toISOString(), asOf.toISOString()), iso).toEqual([]);
      expect(all(other, "pragma foreign_key_check"), iso).toEqual([]);
    }
  });
});

describe("demo data: measurements and sharing", () => {
  it("has 14 months of about ten metrics per active relationship", () => {
    const months = all<{ month: string }>(db, "select distinct month from measurements order by month").map((r) => r.month);
    expect(months[0]).toBe("2025-09");
    expect(months[months.length - 1]).toBe("2026-10");
    expect(months).toHaveLength(14);

    const active = relationshipsOf(db).filter((r) => r.lifecycle_stage === "active" && r.start_date < "2025-09-01");
    expect(active.length).toBeGreaterThanOrEqual(5);
    for (const r of active) {
      const stats = one<{ months: number; metrics: number }>(
        db,
        "select count(distinct month) as months, count(distinct metric_id) as metrics from measurements where relationship_id = ?",
        r.id,
      );
      expect(stats.months, r.provider).toBeGreaterThanOrEqual(12);
      expect(stats.metrics, r.provider).toBeGreaterThanOrEqual(8);
      expect(stats.metrics, r.provider).toBeLessThanOrEqual(12);
    }
    // Recorded by a party to the relationship, from the seed, never before the relationship started.
    expect(
      all(
        db,
        `select m.id from measurements m join relationships r on r.id = m.relationship_id
          where m.recorded_by_organisation_id not in (r.provider_id, r.customer_id)
             or m.source <> 'seed' or m.month < substr(r.start_date, 1, 7)`,
      ),
    ).toEqual([]);
    // Both sides record: suppliers record some of their own metrics.
    const supplierRecorded = one<{ n: number }>(
      db,
      "select count(*) as n from measurements m join relationships r on r.id = m.relationship_id where m.recorded_by_organisation_id = r.provider_id and r.customer_id = (select id from organisations where name = ?)",
      FOCAL,
    );
    expect(supplierRecorded.n).toBeGreaterThan(0);
  });

  it("has a metric catalogue with Finnish and English names plus one company-owned metric", () => {
    const defs = all<{ key: string; owner_organisation_id: number | null; name_fi: string; name_en: string; factor: string | null; target: number | null }>(
      db,
      "select * from metric_definitions",
    );
    const catalogue = defs.filter((d) => d.owner_organisation_id === null).map((d) => d.key);
    for (const key of [
      "on_time_delivery",
      "quality_incidents",
      "resolution_time",
      "customer_satisfaction",
      "nps",
      "active_users",
      "retention",
      "churn",
      "clv",
      "roi",
      "cost_per_order",
    ]) {
      expect(catalogue).toContain(key);
    }
    expect(defs.filter((d) => d.owner_organisation_id !== null)).toHaveLength(1);
    expect(defs.every((d) => d.name_fi && d.name_en)).toBe(true);
    expect(defs.some((d) => d.target !== null)).toBe(true);
    expect(defs.some((d) => d.target === null)).toBe(true);
  });

  it("shares some metrics, not others, and has a revoked grant", () => {
    const grants = all<{ metric_id: number | null; relationship_id: number | null; audience: string; revoked_at: string | null }>(
      db,
      "select * from sharing_grants",
    );
    const live = grants.filter((g) => g.revoked_at === null);
    expect(live.length).toBeGreaterThan(0);
    expect(grants.filter((g) => g.revoked_at !== null)).toHaveLength(1);
    expect(new Set(live.map((g) => g.audience))).toEqual(new Set(["chain_upstream", "counterpart", "organisation"]));
    expect(live.some((g) => g.audience === "counterpart" && g.metric_id === null && g.relationship_id !== null)).toBe(true);

    const measured = new Set(all<{ metric_id: number }>(db, "select distinct metric_id from measurements").map((r) => r.metric_id));
    const sharedMetrics = new Set(live.filter((g) => g.metric_id !== null).map((g) => g.metric_id));
    expect(sharedMetrics.size).toBeGreaterThan(0);
    expect([...measured].filter((m) => !sharedMetrics.has(m)).length).toBeGreaterThan(0);
  });
});

describe("demo data: actions, audit, integrity, determinism", () => {
  it("has 8-12 development actions over every phase and status", () => {
    const actions = all<{
      phase: string;
      status: string;
      outcome_note: string | null;
      factor: string | null;
      completed_at: string | null;
      owner_organisation_id: number;
      relationship_id: number;
    }>(db, "select * from development_actions");
    expect(actions.length).toBeGreaterThanOrEqual(8);
    expect(actions.length).toBeLessThanOrEqual(12);
    expect(new Set(actions.map((a) => a.phase))).toEqual(new Set(ACTION_PHASES));
    expect(new Set(actions.map((a) => a.status))).toEqual(new Set(ACTION_STATUSES));
    for (const a of actions.filter((x) => x.status === "done")) {
      expect(a.outcome_note).toBeTruthy();
      expect(a.completed_at).toBeTruthy();
    }
    expect(actions.some((a) => a.factor !== null)).toBe(true);
    expect(actions.some((a) => a.factor === null)).toBe(true);
    const rels = new Map(relationshipsOf(db).map((r) => [r.id, r]));
    const ownerSides = new Set(actions.map((a) => (rels.get(a.relationship_id)!.provider_id === a.owner_organisation_id ? "provider" : "customer")));
    expect(ownerSides).toEqual(new Set(["provider", "customer"]));
  });

  it("logs the seeding once and passes the integrity checks", () => {
    expect(all(db, "select * from audit_log where action = 'demo.seed'")).toHaveLength(1);
    expect(all(db, "pragma foreign_key_check")).toEqual([]);
    expect(one<{ integrity_check: string }>(db, "pragma integrity_check").integrity_check).toBe("ok");
    expect(one<{ n: number }>(db, "select count(*) as n from importance_models").n).toBe(1);
  });

  it("refuses to seed a database that already has data, leaving it unchanged", async () => {
    expect(isDatabaseEmpty(db)).toBe(false);
    const before = one<{ n: number }>(db, "select count(*) as n from assessments").n;
    await expect(seedDemoData(db, { asOf: AS_OF, passwordHash })).rejects.toThrow(/already/);
    expect(one<{ n: number }>(db, "select count(*) as n from assessments").n).toBe(before);
  });

  it("is deterministic for a given asOf", async () => {
    const again = await seeded("again.db", AS_OF);
    expect(digest(again, SCORES_DIGEST)).toBe(digest(db, SCORES_DIGEST));
    const measurementsDigest = "select metric_id, relationship_id, subject_organisation_id, month, value from measurements order by id";
    expect(digest(again, measurementsDigest)).toBe(digest(db, measurementsDigest));
  });
});
