/**
 * Check-then-write races (docs/decisions/0019, "Concurrent writers"). On
 * PostgreSQL two app servers can run the same write at the same moment, at
 * READ COMMITTED: both checks ("is the email taken?") pass before either
 * commits. Each test fires the same write twice at once through the app's
 * pool (two connections) and requires what one-after-the-other gives: one
 * row, and the other call refused with the check's own message, never an
 * exception (a 500).
 *
 * To make the race certain rather than likely, a separate connection holds
 * an EXCLUSIVE lock on audit_log (every one of these writes audits after its
 * check and its insert) until both calls are waiting on a lock; then it lets
 * go. The same calls run on SQLite, where a write transaction excludes every
 * other writer, and must give the same answers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureDefaultImportanceModel } from "../../db/bootstrap";
import { migrateDatabase, openDatabase } from "../../db/connection";
import { copySqliteToPostgres } from "../../db/copy-to-postgres";
import { metricDefinitionSchema } from "~/forms/metric-definition";
import { createPersonSchema } from "~/forms/admin-people";
import { organisationSchema } from "~/forms/admin-organisation";
import { relationshipSchema } from "~/forms/admin-chains";
import { sharingGrantSchema } from "~/forms/sharing-grant";
import { freshPostgresDatabase, type TestPostgres } from "../support/postgres";

process.env.SESSION_SECRET ??= "race-test-secret-0123456789abcdef";
process.env.NODE_ENV = "test";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-races-"));
const baseFile = path.join(dir, "base.db");

/** A small portal: an administrator, a provider and a customer with a relationship, a catalogue metric. */
function buildBase(): void {
  const db = openDatabase(baseFile);
  migrateDatabase(db);
  ensureDefaultImportanceModel(db);
  const s = db.$client;
  const user = s.prepare("insert into users (email, name, password_hash, is_platform_admin) values (?, ?, 'x', ?)");
  user.run("admin@race.example", "Admin", 1);
  user.run("a@provider.example", "Aino Provider", 0);
  user.run("b@customer.example", "Bertta Customer", 0);
  const org = s.prepare("insert into organisations (name) values (?)");
  org.run("Provider Oy");
  org.run("Customer Oy");
  org.run("Third Oy");
  const member = s.prepare("insert into memberships (user_id, organisation_id, role) values (?, ?, ?)");
  member.run(2, 1, "org_admin");
  member.run(3, 2, "staff");
  s.prepare("insert into chains (name, focal_organisation_id) values ('Chain', 1)").run();
  s.prepare(
    `insert into relationships (chain_id, provider_id, customer_id, service_name, start_date, lifecycle_stage, diversity, criticality)
     values (1, 1, 2, 'Hosting', '2024-01-01', 'active', 'mixed', 'medium')`,
  ).run();
  s.prepare(
    `insert into metric_definitions (key, name_fi, name_en, unit, direction, aggregation, category)
     values ('uptime', 'Käytettävyys', 'Uptime', '%', 'higher_better', 'mean', 'service')`,
  ).run();
  s.close();
}

const ids = { admin: 1, providerAdmin: 2, customerStaff: 3, provider: 1, customer: 2, third: 3, chain: 1, relationship: 1 };

type Engine = "PostgreSQL" | "SQLite";

async function loadApp() {
  return {
    db: await import("~/db.server"),
    user: await import("~/models/user.server"),
    metric: await import("~/models/metric.server"),
    people: await import("~/models/people.server"),
    memberships: await import("~/models/people-memberships.server"),
    organisation: await import("~/models/organisation.server"),
    chains: await import("~/models/admin-chains.server"),
    assessment: await import("~/models/assessment.server"),
    sharing: await import("~/models/sharing.server"),
    model: await import("~/models/importance-model.server"),
    reset: await import("~/models/password-reset.server"),
    imports: await import("~/models/measurement-import.server"),
  };
}

let postgres: TestPostgres;

beforeAll(async () => {
  buildBase();
  postgres = await freshPostgresDatabase();
  await copySqliteToPostgres(baseFile, postgres.url);
}, 120_000);

afterAll(async () => {
  await postgres?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(["PostgreSQL", "SQLite"] as Engine[])("two identical writes at once, on %s", (engine) => {
  let app: Awaited<ReturnType<typeof loadApp>>;
  let count: (sql: string, params?: unknown[]) => Promise<number>;

  beforeAll(async () => {
    if (engine === "PostgreSQL") {
      process.env.DATABASE_URL = postgres.url;
    } else {
      delete process.env.DATABASE_URL;
      process.env.DATABASE_PATH = path.join(dir, "sqlite.db");
      fs.copyFileSync(baseFile, process.env.DATABASE_PATH);
    }
    // A fresh module graph, so the engine is chosen anew (db/tables.ts, app/env.server.ts decide once).
    vi.resetModules();
    app = await loadApp();
    count = async (text, params = []) => {
      if (engine === "PostgreSQL") {
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        try {
          let n = 0;
          const translated = text.replace(/\?/g, () => `$${++n}`);
          return Number((await client.query(translated, params)).rows[0].n);
        } finally {
          await client.end();
        }
      }
      const sqlite = new Database(process.env.DATABASE_PATH!, { readonly: true });
      try {
        return (sqlite.prepare(text).get(...params) as { n: number }).n;
      } finally {
        sqlite.close();
      }
    };
  });

  afterAll(() => {
    app?.db.closeDatabase();
  });

  const acting = async (id: number) => (await app.user.getActingUser(id))!;

  /**
   * Runs the calls at once. On PostgreSQL audit_log is locked until every call
   * waits on a lock (the audit lock, or the winner's row or key), so each has
   * made its check before any commits.
   */
  async function race<T>(...calls: Array<() => Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
    if (engine === "SQLite") return Promise.allSettled(calls.map((call) => call()));
    const blocker = new pg.Client({ connectionString: postgres.url });
    await blocker.connect();
    try {
      await blocker.query("begin");
      await blocker.query("lock table audit_log in exclusive mode");
      const settled = Promise.allSettled(calls.map((call) => call()));
      const deadline = Date.now() + 5_000;
      for (;;) {
        // Statistics views are read once per transaction unless their snapshot is cleared.
        await blocker.query("select pg_stat_clear_snapshot()");
        const { rows } = await blocker.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
        );
        if (rows[0].n >= calls.length || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await blocker.query("commit");
      return await settled;
    } finally {
      await blocker.end();
    }
  }

  /** Both calls answered (no exception); returns the answers, the successful one first. */
  function answers<T extends { ok: boolean }>(settled: Array<PromiseSettledResult<T>>): T[] {
    for (const s of settled) if (s.status === "rejected") throw s.reason;
    return (settled as Array<PromiseFulfilledResult<T>>).map((s) => s.value).sort((a, b) => Number(b.ok) - Number(a.ok));
  }

  const metricInput = (key: string, owner: string) =>
    metricDefinitionSchema.parse({
      key,
      owner,
      nameFi: "Mittari",
      nameEn: "Metric",
      unit: "kpl",
      direction: "higher_better",
      aggregation: "sum",
      category: "service",
    });

  it("a metric key: the catalogue's and an organisation's own, created at once, one wins", async () => {
    const [admin, providerAdmin] = [await acting(ids.admin), await acting(ids.providerAdmin)];
    const [won, lost] = answers(
      await race(
        () => app.metric.createMetric(admin, metricInput("race_key", "catalogue")),
        () => app.metric.createMetric(providerAdmin, metricInput("race_key", String(ids.provider))),
      ),
    );
    expect(won.ok).toBe(true);
    expect(lost).toMatchObject({ ok: false, status: 400, fieldErrors: { key: ["metrics.validation.keyTaken"] } });
    expect(await count("select count(*) as n from metric_definitions where key = 'race_key'")).toBe(1);
  });

  it("a person's email: the second creation is refused as taken", async () => {
    const admin = await acting(ids.admin);
    const input = createPersonSchema.parse({ email: "new@race.example", name: "New Person", organisationId: String(ids.customer), role: "staff" });
    const [won, lost] = answers(
      await race(
        () => app.people.createPerson(admin, input),
        () => app.people.createPerson(admin, input),
      ),
    );
    expect(won.ok).toBe(true);
    expect(lost).toMatchObject({ ok: false, status: 400, fieldErrors: { email: ["admin.people.emailTaken"] } });
    expect(await count("select count(*) as n from users where email = 'new@race.example'")).toBe(1);
  });

  it("a membership: the second add is refused as already a member", async () => {
    const admin = await acting(ids.admin);
    const add = () => app.memberships.addMembership(admin, ids.customerStaff, ids.third, "viewer");
    const [won, lost] = answers(await race(add, add));
    expect(won.ok).toBe(true);
    expect(lost).toMatchObject({ ok: false, fieldErrors: { organisationId: ["admin.people.alreadyMember"] } });
    expect(await count("select count(*) as n from memberships where user_id = ? and organisation_id = ?", [ids.customerStaff, ids.third])).toBe(1);
  });

  it("an organisation's business ID: the second organisation is refused", async () => {
    const admin = await acting(ids.admin);
    const input = (name: string) => organisationSchema.parse({ name, businessId: "0112038-9" });
    const [won, lost] = answers(
      await race(
        () => app.organisation.createOrganisation(admin, input("Twin A Oy")),
        () => app.organisation.createOrganisation(admin, input("Twin B Oy")),
      ),
    );
    expect(won.ok).toBe(true);
    expect(lost).toMatchObject({ ok: false, fieldErrors: { businessId: ["admin.org.businessIdTaken"] } });
    expect(await count("select count(*) as n from organisations where business_id = '0112038-9'")).toBe(1);
  });

  it("a relationship's parties: the second relationship between them is refused as a duplicate", async () => {
    const admin = await acting(ids.admin);
    const input = relationshipSchema.parse({
      providerId: String(ids.provider),
      customerId: String(ids.third),
      serviceName: "Support",
      startDate: "2024-02-01",
      lifecycleStage: "new",
      diversity: "uniform",
      criticality: "low",
    });
    const create = () => app.chains.createRelationship(admin, ids.chain, input);
    const [won, lost] = answers(await race(create, create));
    expect(won.ok).toBe(true);
    expect(lost).toMatchObject({ ok: false, fieldErrors: { customerId: ["admin.rel.duplicate"] } });
    expect(await count("select count(*) as n from relationships where provider_id = ? and customer_id = ?", [ids.provider, ids.third])).toBe(1);
  });

  it("an assessment's first save from two tabs: the second is refused as stale", async () => {
    const assessor = await acting(ids.providerAdmin);
    const input = {
      period: "2024-Q2",
      revision: 0,
      intent: "save" as const,
      answers: { trust: { score: 4 as const, notApplicable: false, evidence: "On time" } },
    };
    const save = () => app.assessment.saveAssessment(assessor, ids.relationship, input);
    const [won, lost] = answers(await race(save, save));
    expect(won.ok).toBe(true);
    expect(lost).toMatchObject({ ok: false, status: 409, fieldErrors: { "": ["assessment.error.stale"] } });
    expect(await count("select count(*) as n from assessments where relationship_id = ? and period = '2024-Q2'", [ids.relationship])).toBe(1);
  });

  it("a sharing grant: the same grant twice gives one grant and a duplicate refusal", async () => {
    const grantor = await acting(ids.providerAdmin);
    const input = sharingGrantSchema.parse({ grantor: String(ids.provider), metric: "all", relationship: String(ids.relationship), audience: "counterpart" });
    const grant = () => app.sharing.createGrant(grantor, input);
    const [won, lost] = answers(await race(grant, grant));
    expect(won.ok).toBe(true);
    expect(lost).toMatchObject({ ok: false, fieldErrors: { "": ["sharing.validation.duplicate"] } });
    expect(await count("select count(*) as n from sharing_grants where revoked_at is null and relationship_id = ?", [ids.relationship])).toBe(1);
  });

  it("scoring-model drafts: two copies at once both become drafts, each with its own placeholder number", async () => {
    const admin = await acting(ids.admin);
    const before = await count("select count(*) as n from importance_models where status = 'draft'");
    const settled = await race(
      () => app.model.createDraftFrom(admin, 1),
      () => app.model.createDraftFrom(admin, 1),
    );
    for (const s of settled) if (s.status === "rejected") throw s.reason;
    expect(await count("select count(*) as n from importance_models where status = 'draft'")).toBe(before + 2);
  });

  it("publishing one draft twice at once: one version, the other refused as already published", async () => {
    const admin = await acting(ids.admin);
    const { id } = await app.model.createDraftFrom(admin, 1);
    const publish = () => app.model.publishDraft(admin, id, "Race");
    const [won, lost] = answers(await race(publish, publish));
    expect(won).toMatchObject({ ok: true, version: 2 });
    expect(lost).toMatchObject({ ok: false, status: 409, fieldErrors: { "": ["model.error.published"] } });
    expect(await count("select count(*) as n from audit_log where action = 'model.publish'")).toBe(1);
  });

  it("a password link used twice at once: one password is set, the other use is refused", async () => {
    const admin = await acting(ids.admin);
    const link = await app.people.createResetLink(admin, ids.customerStaff);
    if (!link.ok) throw new Error("no link");
    const use = (password: string) => () => app.reset.resetPasswordWithToken(link.token, password);
    const [won, lost] = answers(await race(use("first-winning-passphrase-41"), use("second-winning-passphrase-42")));
    expect(won.ok).toBe(true);
    expect(lost).toMatchObject({ ok: false, status: 404, fieldErrors: { "": ["reset.invalid"] } });
    expect(await count("select count(*) as n from audit_log where action = 'user.password_reset'")).toBe(1);
  });

  it("a staged import committed twice at once: written once, the other commit finds it gone", async () => {
    const importer = await acting(ids.providerAdmin);
    const csv = `metric,relationship,month,value\nuptime,${ids.relationship},2024-03,99.5\nuptime,${ids.relationship},2024-04,98.5\n`;
    const preview = await app.imports.previewImport(importer, ids.provider, { name: "race.csv", bytes: new TextEncoder().encode(csv) });
    expect(preview.issues).toEqual([]);
    const commit = () => app.imports.commitImport(importer, ids.provider, preview.stagedId!);
    const [won, lost] = answers(await race(commit, commit));
    expect(won).toMatchObject({ ok: true, inserted: 2 });
    expect(lost).toMatchObject({ ok: false, fieldErrors: { "": ["import.expired"] } });
    expect(await count("select count(*) as n from metric_imports")).toBe(1);
    expect(await count("select count(*) as n from audit_log where action = 'measurements.import'")).toBe(1);
  });
});
