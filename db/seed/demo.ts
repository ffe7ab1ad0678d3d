/**
 * Demo data: a believable Finnish digital service chain (story.ts) laid
 * out relative to `asOf`, so it looks current whenever it is loaded:
 * - the latest completed quarter before asOf is the last fully assessed
 *   one, and six quarters of two-way assessments end there; the current
 *   quarter has only drafts;
 * - measurements cover the 14 completed months before asOf's month.
 * Deterministic for a given asOf: every random draw comes from a PRNG
 * seeded by a label (random.ts), never Math.random.
 */
import { hashPassword } from "../../app/models/password.server";
import { businessIdCheckDigit } from "../../app/domain/business-id";
import { FACTORS, type FactorKey, type LifecycleStage } from "../../app/domain/factors";
import { sizeClassFrom } from "../../app/domain/size-class";
import { quarterOfMonth, compareQuarter, previousQuarter } from "../../app/domain/period";
import { effectiveBounds, valueProblem } from "../../app/domain/measurement-rules";
import { ensureDefaultImportanceModel } from "../bootstrap";
import type { SqliteDatabase } from "../connection";
import { registerMemberEmailDomains } from "../email-domains";
import {
  assessmentScores,
  assessments,
  auditLog,
  chains,
  developmentActions,
  lifecycleEvents,
  measurements,
  memberships,
  metricDefinitions,
  organisations,
  relationshipDecisions,
  relationships,
  sharingGrants,
  users,
} from "../schema";
import {
  addDays,
  addHours,
  addMonths,
  isoDate,
  isoTimestamp,
  maxDate,
  minDate,
  monthStart,
  quarterEndExclusive,
  quarterStart,
  timelineFor,
  type Timeline,
} from "./dates";
import { intBetween, pick, rngFor, type Rng } from "./random";
import {
  ACTIONS,
  ASSESSOR_BIAS,
  CHAIN,
  CUSTOMER_NOTES,
  DECISIONS,
  END_CUSTOMER_METRICS,
  GRANTS,
  METRICS,
  metricColumnsOf,
  ORGANISATIONS,
  PROVIDER_NOTES,
  RELATIONSHIPS,
  SUPPLIER_METRICS,
  USERS,
  type DateRef,
  type FactorPlan,
  type MetricKey,
  type MetricProfile,
  type OrgKey,
  type RelKey,
  type RelationshipSpec,
  type SidePlan,
  type UserKey,
} from "./story";

export const DEMO_PASSWORD = "portal-demo-2026";

export type DemoAccount = {
  email: string;
  name: string;
  /** A short English description of what the account is for. */
  role: string;
  /** The organisation the account acts for; null for the platform administrator. */
  organisation: string | null;
};

const ORG_NAME = new Map(ORGANISATIONS.map((o) => [o.key, o.name]));

/** The six demo logins, in the order they are presented. All use DEMO_PASSWORD. */
export const DEMO_ACCOUNTS: ReadonlyArray<DemoAccount> = USERS.filter((u) => u.demoRole).map((u) => ({
  email: u.email,
  name: u.name,
  role: u.demoRole as string,
  organisation: u.org ? (ORG_NAME.get(u.org) ?? null) : null,
}));

/** Relationships in these stages are assessed and measured. */
const ENGAGED_STAGES: readonly LifecycleStage[] = ["new", "active", "passivating", "passive"];

/** True when the database holds no organisations (nothing to collide with). */
export function isDatabaseEmpty(db: SqliteDatabase): boolean {
  return db.select({ id: organisations.id }).from(organisations).limit(1).get() === undefined;
}

export type SeedOptions = {
  /** The moment the demo is laid out around; defaults to now. */
  asOf?: Date;
  /** A precomputed hash of DEMO_PASSWORD (tests pass one to skip argon2). */
  passwordHash?: string;
};

/**
 * Writes the demo data into an empty, migrated database in one write
 * transaction: all or nothing. Throws when the database already holds
 * organisations.
 */
export async function seedDemoData(db: SqliteDatabase, options: SeedOptions = {}): Promise<void> {
  const asOf = options.asOf ?? new Date();
  const timeline = timelineFor(asOf);
  const passwordHash = options.passwordHash ?? (await hashPassword(DEMO_PASSWORD));
  // Scores name the model version; the default model must exist first.
  ensureDefaultImportanceModel(db);
  db.$client
    .transaction(() => {
      if (!isDatabaseEmpty(db)) {
        throw new Error("The database already has organisations; demo data is only loaded into an empty database.");
      }
      new DemoWriter(db, timeline, passwordHash).write();
    })
    .immediate();
}

// ------------------------------------------------------------------ helpers

const round = (x: number, decimals = 0) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const lerp = (a: number, b: number, t: number) => a + (b - a) * t;
/** Uniform in [-amp, amp]. */
const jitter = (rng: Rng, amp: number) => (rng() * 2 - 1) * amp;

/** A valid Y-tunnus from seven digits; bumps the number when no check digit exists. */
function businessIdFrom(sevenDigits: string): string {
  let n = Number(sevenDigits);
  for (;;) {
    const digits = String(n).padStart(7, "0");
    const check = businessIdCheckDigit(digits);
    if (check !== null) return `${digits}-${check}`;
    n += 1;
  }
}

function chunks<T>(rows: T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

// Monthly seasonality of B2B orders (January first).
const SEASON = [0.85, 0.9, 1.0, 1.05, 1.12, 1.15, 0.9, 0.98, 1.1, 1.05, 1.08, 1.0] as const;

type RelRow = { spec: RelationshipSpec; id: number; start: Date; providerId: number; customerId: number };

class DemoWriter {
  private orgIds = new Map<OrgKey, number>();
  private userIds = new Map<UserKey, number>();
  private metricIds = new Map<MetricKey, number>();
  private rels = new Map<RelKey, RelRow>();
  private chainId = 0;
  private counts = { assessments: 0, drafts: 0, measurements: 0 };

  constructor(
    private readonly db: SqliteDatabase,
    private readonly tl: Timeline,
    private readonly passwordHash: string,
  ) {}

  write(): void {
    this.writeOrganisations();
    this.writeUsers();
    // Each demo company owns its members' email domain (its admin adds people there).
    registerMemberEmailDomains(this.db.$client);
    this.writeChainAndRelationships();
    this.writeMetrics();
    this.writeAssessments();
    this.writeMeasurements();
    this.writeGrants();
    this.writeActions();
    this.writeDecisions();
    this.db
      .insert(auditLog)
      .values({
        action: "demo.seed",
        entityType: "database",
        after: JSON.stringify({
          asOf: isoTimestamp(this.tl.asOf),
          lastAssessedQuarter: this.tl.lastQuarter,
          organisations: this.orgIds.size,
          users: this.userIds.size,
          relationships: this.rels.size,
          assessments: this.counts.assessments,
          draftAssessments: this.counts.drafts,
          measurements: this.counts.measurements,
        }),
      })
      .run();
  }

  // ------------------------------------------------------------- lookups

  private org(key: OrgKey): number {
    const id = this.orgIds.get(key);
    if (id === undefined) throw new Error(`Demo data: unknown organisation ${key}`);
    return id;
  }

  private user(key: UserKey): number {
    const id = this.userIds.get(key);
    if (id === undefined) throw new Error(`Demo data: unknown user ${key}`);
    return id;
  }

  private userOrg(key: UserKey): OrgKey {
    const org = USERS.find((u) => u.key === key)?.org;
    if (!org) throw new Error(`Demo data: user ${key} belongs to no organisation`);
    return org;
  }

  /** The person who records data for an organisation: its first listed user. */
  private recorderOf(org: OrgKey): number | null {
    const u = USERS.find((x) => x.org === org);
    return u ? this.user(u.key) : null;
  }

  private metric(key: MetricKey): number {
    const id = this.metricIds.get(key);
    if (id === undefined) throw new Error(`Demo data: unknown metric ${key}`);
    return id;
  }

  private rel(key: RelKey): RelRow {
    const r = this.rels.get(key);
    if (!r) throw new Error(`Demo data: unknown relationship ${key}`);
    return r;
  }

  /** A morning-ish timestamp on the given day, no later than just before asOf. */
  private at(day: Date, hour = 9, minute = 0): string {
    const t = addHours(day, hour + minute / 60);
    return isoTimestamp(minDate(t, addHours(this.tl.asOf, -1)));
  }

  // ------------------------------------------------------- organisations

  private writeOrganisations(): void {
    const year = this.tl.asOf.getUTCFullYear();
    ORGANISATIONS.forEach((o, i) => {
      const created = this.at(addDays(this.tl.portalStart, Math.floor(i / 4)), 9, i * 7);
      const row = this.db
        .insert(organisations)
        .values({
          name: o.name,
          businessId: businessIdFrom(o.sevenDigits),
          headcount: o.headcount,
          turnoverEur: o.turnoverEur,
          balanceSheetEur: o.balanceSheetEur,
          sizeClass: sizeClassFrom({
            headcount: o.headcount,
            turnoverEur: o.turnoverEur,
            balanceSheetEur: o.balanceSheetEur,
          }),
          sizeClassManual: false,
          foundedYear: year - o.foundedYearsAgo,
          city: o.city,
          description: o.description,
          createdAt: created,
          updatedAt: created,
        })
        .returning({ id: organisations.id })
        .get();
      this.orgIds.set(o.key, row.id);
    });
  }

  private writeUsers(): void {
    USERS.forEach((u, i) => {
      const created = this.at(addDays(this.tl.portalStart, 1 + Math.floor(i / 5)), 10, i * 3);
      const row = this.db
        .insert(users)
        .values({
          email: u.email.toLowerCase(),
          name: u.name,
          passwordHash: this.passwordHash,
          isPlatformAdmin: u.platformAdmin ?? false,
          createdAt: created,
        })
        .returning({ id: users.id })
        .get();
      this.userIds.set(u.key, row.id);
      if (u.org && u.role) {
        this.db
          .insert(memberships)
          .values({ userId: row.id, organisationId: this.org(u.org), role: u.role, createdAt: created })
          .run();
      }
    });
  }

  // ------------------------------------------------ chain & relationships

  private resolve(ref: DateRef, start: Date): Date {
    return addDays(ref.from === "start" ? start : this.tl.today, ref.days);
  }

  private writeChainAndRelationships(): void {
    const chainCreated = this.at(addDays(this.tl.portalStart, 1), 11);
    this.chainId = this.db
      .insert(chains)
      .values({
        name: CHAIN.name,
        description: CHAIN.description,
        focalOrganisationId: this.org("company"),
        createdAt: chainCreated,
      })
      .returning({ id: chains.id })
      .get().id;

    RELATIONSHIPS.forEach((spec, i) => {
      const start = addDays(addMonths(this.tl.today, -spec.startMonthsAgo), -spec.startExtraDays);
      const events = spec.events.map((e) => ({ ...e, date: this.resolve(e.at, start) }));
      // The story must be internally consistent wherever asOf lands.
      events.forEach((e, j) => {
        if (e.date.getTime() > this.tl.today.getTime()) throw new Error(`Demo data: ${spec.key} event ${e.to} is after asOf`);
        if (j > 0 && e.date.getTime() <= events[j - 1].date.getTime()) {
          throw new Error(`Demo data: ${spec.key} events are out of order`);
        }
      });
      if (events[events.length - 1].to !== spec.stage) throw new Error(`Demo data: ${spec.key} history ends elsewhere`);

      const created = maxDate(events[0].date, addDays(this.tl.portalStart, 2));
      const updated = maxDate(created, events[events.length - 1].date);
      const providerId = this.org(spec.provider);
      const customerId = this.org(spec.customer);
      const id = this.db
        .insert(relationships)
        .values({
          chainId: this.chainId,
          providerId,
          customerId,
          serviceName: spec.service,
          startDate: isoDate(start),
          lifecycleStage: spec.stage,
          maturityOverride: spec.maturityOverride?.maturity ?? null,
          maturityOverrideNote: spec.maturityOverride?.note ?? null,
          diversity: spec.diversity,
          criticality: spec.criticality,
          referenceCustomer: spec.referenceCustomer,
          createdAt: this.at(created, 9, i * 4),
          updatedAt: this.at(updated, 14, i * 4),
        })
        .returning({ id: relationships.id })
        .get().id;
      this.rels.set(spec.key, { spec, id, start, providerId, customerId });

      let from: LifecycleStage | null = null;
      for (const e of events) {
        this.db
          .insert(lifecycleEvents)
          .values({
            relationshipId: id,
            fromStage: from,
            toStage: e.to,
            changedOn: isoDate(e.date),
            reasonCategory: e.reason,
            note: e.note,
            recordedByUserId: this.user(e.by),
            // History from before the portal was entered when the relationship was set up.
            createdAt: this.at(maxDate(e.date, addDays(this.tl.portalStart, 2)), 13, i * 4),
          })
          .run();
        from = e.to;
      }
    });
  }

  // --------------------------------------------------------------- metrics

  private writeMetrics(): void {
    const created = this.at(addDays(this.tl.portalStart, 1), 12);
    for (const m of METRICS) {
      const id = this.db
        .insert(metricDefinitions)
        .values({ ...metricColumnsOf(m), ownerOrganisationId: m.ownedByCompany ? this.org("company") : null, createdAt: created })
        .returning({ id: metricDefinitions.id })
        .get().id;
      this.metricIds.set(m.key, id);
    }
  }

  // ----------------------------------------------------------- assessments

  /** Whether the relationship ran long enough in quarter q to be assessed (30 days). */
  private assessable(r: RelRow, q: string): boolean {
    return ENGAGED_STAGES.includes(r.spec.stage) && addDays(r.start, 30).getTime() < quarterEndExclusive(q).getTime();
  }

  private writeAssessments(): void {
    const { quarters } = this.tl;
    for (const r of this.rels.values()) {
      const plan = r.spec.assessment;
      if (!plan) continue;
      for (const side of ["provider", "customer"] as const) {
        const sidePlan = plan[side];
        const orgId = side === "provider" ? r.providerId : r.customerId;
        quarters.forEach((q, i) => {
          const k = quarters.length - 1 - i;
          if (!this.assessable(r, q) || sidePlan.skip?.includes(k)) return;
          sidePlan.assessors.forEach((a, ai) => {
            if (a.quarters && !a.quarters.includes(k)) return;
            this.writeSubmitted(r, side, orgId, sidePlan, q, k, a.user, ai === 0);
          });
        });
        // Drafts in the current, not yet completed quarter.
        if (this.assessable(r, this.tl.currentQuarter)) {
          for (const d of sidePlan.drafts ?? []) this.writeDraft(r, side, orgId, sidePlan, d.user, d.factors);
        }
      }
    }
  }

  private scoreOf(plan: SidePlan, factor: FactorKey, k: number, user: UserKey, rng: Rng): number | null {
    const p: FactorPlan = plan.factors[factor];
    if (p === "na") return null;
    const [base, noise] = typeof p === "number" ? [p, 0.9] : [p.base, p.noise];
    const t = this.tl.quarters.length - 1 - k; // 0 for the oldest quarter, 6 for the current one
    const bias = (ASSESSOR_BIAS[user] ?? 0) * Math.min(1, noise / 0.9);
    const v = base + (plan.slope ?? 0) * t + (plan.shifts?.[k]?.[factor] ?? 0) + bias + jitter(rng, noise / 2);
    return clamp(Math.round(v), 1, 5);
  }

  private scoreRows(
    r: RelRow,
    side: "provider" | "customer",
    plan: SidePlan,
    k: number,
    user: UserKey,
    primary: boolean,
    factors: readonly FactorKey[],
    noteChance: number,
  ) {
    const rng = rngFor("score", r.spec.key, side, k, user);
    const noteRng = rngFor("note", r.spec.key, side, k, user);
    const pool = side === "customer" ? CUSTOMER_NOTES : PROVIDER_NOTES;
    return FACTORS.filter((f) => factors.includes(f)).map((factor) => {
      const score = this.scoreOf(plan, factor, k, user, rng);
      const story = primary ? plan.notes?.[k]?.[factor] : undefined;
      const wantsNote = noteRng() < noteChance;
      let evidence: string | null = null;
      if (story) evidence = story;
      else if (score === null) evidence = "Ei sovellu tähän suhteeseen.";
      else if (wantsNote) evidence = pick(noteRng, pool[factor][score <= 2 ? "low" : score === 3 ? "mid" : "high"]);
      return { factor, score, notApplicable: score === null, evidence };
    });
  }

  private writeSubmitted(r: RelRow, side: "provider" | "customer", orgId: number, plan: SidePlan, q: string, k: number, user: UserKey, primary: boolean): void {
    const rng = rngFor("time", r.spec.key, side, k, user);
    // Submitted inside the month after the quarter (never after asOf).
    let submitted = addHours(addDays(quarterEndExclusive(q), intBetween(rng, 1, 20)), intBetween(rng, 8, 16) + rng());
    if (submitted.getTime() >= this.tl.asOf.getTime()) submitted = addHours(this.tl.asOf, -2 - rng() * 6);
    const created = addHours(submitted, -24 * intBetween(rng, 1, 8) - intBetween(rng, 1, 6));
    const id = this.db
      .insert(assessments)
      .values({
        relationshipId: r.id,
        side,
        period: q,
        organisationId: orgId,
        assessorUserId: this.user(user),
        status: "submitted",
        submittedAt: isoTimestamp(submitted),
        revision: 1 + intBetween(rng, 1, 2),
        createdAt: isoTimestamp(created),
        updatedAt: isoTimestamp(submitted),
      })
      .returning({ id: assessments.id })
      .get().id;
    const rows = this.scoreRows(r, side, plan, k, user, primary, FACTORS, 0.8);
    this.db
      .insert(assessmentScores)
      .values(rows.map((row) => ({ ...row, assessmentId: id })))
      .run();
    this.counts.assessments += 1;
  }

  private writeDraft(r: RelRow, side: "provider" | "customer", orgId: number, plan: SidePlan, user: UserKey, factors: readonly FactorKey[]): void {
    const q = this.tl.currentQuarter;
    const rng = rngFor("draft", r.spec.key, side, user);
    const from = maxDate(quarterStart(q), addDays(r.start, 1));
    const span = this.tl.asOf.getTime() - from.getTime();
    const created = new Date(from.getTime() + span * (0.2 + 0.4 * rng()));
    const updated = new Date(created.getTime() + (this.tl.asOf.getTime() - created.getTime()) * (0.3 + 0.5 * rng()));
    const id = this.db
      .insert(assessments)
      .values({
        relationshipId: r.id,
        side,
        period: q,
        organisationId: orgId,
        assessorUserId: this.user(user),
        status: "draft",
        submittedAt: null,
        revision: intBetween(rng, 1, 3),
        createdAt: isoTimestamp(created),
        updatedAt: isoTimestamp(updated),
      })
      .returning({ id: assessments.id })
      .get().id;
    // A draft holds only the factors filled in so far.
    const rows = this.scoreRows(r, side, plan, -1, user, true, factors, 0.5);
    this.db
      .insert(assessmentScores)
      .values(rows.map((row) => ({ ...row, assessmentId: id })))
      .run();
    this.counts.assessments += 1;
    this.counts.drafts += 1;
  }

  // ----------------------------------------------------------- measurements

  /** 0 (bad) .. 1 (good): how the relationship ran in the window's month i. */
  private health(r: RelRow, i: number, month: string): number {
    const curve = r.spec.health ?? { kind: "linear", from: 0.7, to: 0.7 };
    if (curve.kind === "linear") return lerp(curve.from, curve.to, i / (this.tl.months.length - 1));
    // late_drop: steady, then the outages of the last two completed quarters, then a slow recovery.
    const q = quarterOfMonth(month);
    const last = this.tl.lastQuarter;
    if (q === last) return 0.3;
    if (q === previousQuarter(last)) return 0.58;
    if (compareQuarter(q, last) > 0) return 0.55;
    return 0.86;
  }

  private monthValues(r: RelRow, p: MetricProfile, i: number, month: string): Map<MetricKey, number> {
    const h = this.health(r, i, month);
    const rng = rngFor("measure", r.spec.key, month);
    const progress = i / (this.tl.months.length - 1);
    const season = SEASON[Number(month.slice(5, 7)) - 1];
    const v = new Map<MetricKey, number>();
    v.set("on_time_delivery", round(clamp(lerp(82, 99, h) + jitter(rng, 1.2), 50, 100), 1));
    v.set("quality_incidents", Math.max(0, Math.round(lerp(11, 0.4, h) + jitter(rng, 1.3))));
    v.set("resolution_time", round(Math.max(0.5, lerp(34, 3.5, h) + jitter(rng, 1.5)), 1));
    v.set("customer_satisfaction", round(clamp(lerp(2.7, 4.7, h) + jitter(rng, 0.12), 1, 5), 2));
    v.set("nps", Math.round(lerp(-20, 62, h) + jitter(rng, 4)));
    v.set("active_users", Math.max(1, Math.round(p.activeUsers * (1 + p.activeUsersGrowth * progress) * (0.94 + 0.12 * h) * (1 + jitter(rng, 0.02)))));
    const retention = round(clamp(lerp(68, 98.5, h) + jitter(rng, 0.8), 0, 100), 1);
    v.set("retention", retention);
    v.set("churn", round(100 - retention, 1));
    if (p.clv) v.set("clv", Math.round((p.clv * lerp(0.55, 1, h) * (1 + jitter(rng, 0.02))) / 100) * 100);
    if (p.roi) v.set("roi", round(lerp(p.roi[0], p.roi[1], h) + jitter(rng, 3), 1));
    v.set("cost_per_order", round(lerp(p.costPerOrder[0], p.costPerOrder[1], h) * (1 + jitter(rng, 0.04)), 2));
    v.set("availability", round(clamp(lerp(98.6, 99.97, Math.min(1, h / 0.8)) + jitter(rng, 0.02), 95, 99.99), 2));
    v.set("joint_meetings", Math.max(0, Math.round(lerp(0, 4, h) + jitter(rng, 0.8))));
    if (p.ordersPerMonth) {
      v.set("b2b_orders", Math.round(p.ordersPerMonth * lerp(0.35, 1.05, h) * season * (1 + jitter(rng, 0.05))));
      // A draw of its own, so adding the margin left every other value as it was.
      const marginRng = rngFor("margin", r.spec.key, month);
      v.set("margin", Math.round((v.get("b2b_orders")! * lerp(14, 24, h) * (1 + jitter(marginRng, 0.04))) / 10) * 10);
    }
    return v;
  }

  /** When a month's value was entered: early in the following month, never after asOf. */
  private recordedAt(month: string, rng: Rng): string {
    const t = addHours(addDays(addMonths(monthStart(month), 1), intBetween(rng, 2, 8)), intBetween(rng, 8, 16));
    return isoTimestamp(minDate(t, addHours(this.tl.asOf, -3)));
  }

  private writeMeasurements(): void {
    const rows: Array<typeof measurements.$inferInsert> = [];
    for (const r of this.rels.values()) {
      const p = r.spec.metrics;
      if (!p || !ENGAGED_STAGES.includes(r.spec.stage)) continue;
      // The first month counted is the start month when the service began early in it.
      const firstMonth = r.start.getUTCDate() <= 10 ? monthStart(isoDate(r.start).slice(0, 7)) : addMonths(monthStart(isoDate(r.start).slice(0, 7)), 1);
      const set = r.spec.customer === "company" ? SUPPLIER_METRICS : END_CUSTOMER_METRICS;
      this.tl.months.forEach((month, i) => {
        if (monthStart(month).getTime() < firstMonth.getTime()) return;
        const values = this.monthValues(r, p, i, month);
        const rng = rngFor("recorded", r.spec.key, month);
        for (const m of set) {
          const value = values.get(m.key);
          if (value === undefined) continue;
          const org = m.by === "provider" ? r.spec.provider : r.spec.customer;
          const at = this.recordedAt(month, rng);
          rows.push({
            metricId: this.metric(m.key),
            relationshipId: r.id,
            month,
            value,
            recordedByOrganisationId: this.org(org),
            recordedByUserId: this.recorderOf(org),
            source: "seed",
            createdAt: at,
            updatedAt: at,
          });
        }
      });
    }
    // The company's own NPS across all its customers: an organisation-level series.
    this.tl.months.forEach((month, i) => {
      const rng = rngFor("org-nps", month);
      const at = this.recordedAt(month, rng);
      rows.push({
        metricId: this.metric("nps"),
        subjectOrganisationId: this.org("company"),
        month,
        value: Math.round(lerp(26, 41, i / (this.tl.months.length - 1)) + jitter(rng, 3)),
        recordedByOrganisationId: this.org("company"),
        recordedByUserId: this.user("johanna"),
        source: "seed",
        createdAt: at,
        updatedAt: at,
      });
    });
    // The story stays within what each metric allows (availability never above 100 %), as every write path demands.
    const bounds = new Map(
      METRICS.map((m) => [
        this.metric(m.key),
        { key: m.key, ...effectiveBounds({ unit: m.unit, minValue: m.minValue ?? null, maxValue: m.maxValue ?? null }) },
      ]),
    );
    for (const row of rows) {
      const b = bounds.get(row.metricId)!;
      if (valueProblem(row.value, b)) throw new Error(`Demo data: ${b.key} ${row.month} = ${row.value} is outside ${b.min ?? "-∞"}..${b.max ?? "∞"}`);
    }
    for (const chunk of chunks(rows)) this.db.insert(measurements).values(chunk).run();
    this.counts.measurements = rows.length;
  }

  // ---------------------------------------------------------- sharing grants

  private writeGrants(): void {
    GRANTS.forEach((g, i) => {
      const granted = addDays(this.tl.today, -g.grantedDaysAgo);
      this.db
        .insert(sharingGrants)
        .values({
          grantorOrganisationId: this.org(g.grantor),
          metricId: g.metric ? this.metric(g.metric) : null,
          relationshipId: g.relationship ? this.rel(g.relationship).id : null,
          audience: g.audience,
          granteeOrganisationId: g.grantee ? this.org(g.grantee) : null,
          chainId: g.onChain ? this.chainId : null,
          note: g.note,
          grantedByUserId: this.user(g.by),
          grantedAt: this.at(granted, 10, i * 5),
          revokedAt: g.revokedDaysAgo === undefined ? null : this.at(addDays(this.tl.today, -g.revokedDaysAgo), 8, 30),
          revokedByUserId: g.revokedBy ? this.user(g.revokedBy) : null,
        })
        .run();
    });
  }

  // ----------------------------------------------------- development actions

  private writeActions(): void {
    ACTIONS.forEach((a, i) => {
      const r = this.rel(a.relationship);
      const ownerOrg = this.userOrg(a.owner);
      if (ownerOrg !== r.spec.provider && ownerOrg !== r.spec.customer) {
        throw new Error(`Demo data: action owner ${a.owner} is not a party to ${a.relationship}`);
      }
      this.db
        .insert(developmentActions)
        .values({
          relationshipId: r.id,
          title: a.title,
          description: a.description,
          factor: a.factor,
          phase: a.phase,
          ownerUserId: this.user(a.owner),
          ownerOrganisationId: this.org(ownerOrg),
          dueDate: isoDate(addDays(this.tl.today, a.dueInDays)),
          status: a.status,
          outcomeNote: a.outcome ?? null,
          createdByUserId: this.user(a.createdBy),
          createdAt: this.at(addDays(this.tl.today, -a.createdDaysAgo), 9, i * 6),
          completedAt: a.completedDaysAgo === undefined ? null : this.at(addDays(this.tl.today, -a.completedDaysAgo), 15, i * 6),
        })
        .run();
    });
  }

  private writeDecisions(): void {
    DECISIONS.forEach((d, i) => {
      const r = this.rel(d.relationship);
      const org = this.userOrg(d.by);
      if (org !== r.spec.provider && org !== r.spec.customer) {
        throw new Error(`Demo data: decision by ${d.by} is not by a party to ${d.relationship}`);
      }
      const day = addDays(this.tl.today, -d.daysAgo);
      this.db
        .insert(relationshipDecisions)
        .values({
          relationshipId: r.id,
          decidedOn: isoDate(day),
          title: d.title,
          note: d.note ?? null,
          factor: d.factor,
          organisationId: this.org(org),
          createdByUserId: this.user(d.by),
          createdAt: this.at(day, 14, i * 5),
        })
        .run();
    });
  }
}
