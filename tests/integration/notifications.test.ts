import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { quarterOf } from "~/domain/period";
import { notificationText } from "~/domain/notifications";
import { writeTransaction } from "~/db.server";
import { makeTranslator } from "~/i18n/translate";
import { en } from "~/i18n/messages";
import { notificationJob, notifyAttention, notifyOverdueActions, sendDigests } from "~/jobs/notification-jobs.server";
import { saveDevelopmentAction } from "~/models/development-action.server";
import {
  getPreferences,
  listNotifications,
  notify,
  notifyAssessmentSubmitted,
  openNotification,
  unreadCount,
  unsubscribeToken,
} from "~/models/notifications.server";
import { createGrant, restoreGrant, revokeGrant, sharingOptions } from "~/models/sharing.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import * as layout from "~/routes/_app+/_layout";
import * as assessPage from "~/routes/_app+/relationships+/$relationshipId_.assess";
import * as listPage from "~/routes/_app+/notifications._index";
import * as openPage from "~/routes/_app+/notifications.$notificationId";
import * as settingsPage from "~/routes/_app+/settings+/notifications";
import * as unsubscribePage from "~/routes/_auth+/unsubscribe.$token";
import { get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { insertMembership, insertUser, organisationIdOf, relationshipIdBetween, userIdOf } from "../support/factories";

/**
 * Notifications end to end, engine-neutral: who each event tells (and who
 * it does not), what email it writes, the daily digest on a moved clock,
 * visibility checked again when shown, and the pages.
 */
let sqlite: TestSql;
const t = makeTranslator(en, "en");

const COMPANY_STAFF = demo.companyStaff.email; // Mikko, staff
const COMPANY_LEAD = demo.projectLead.email; // Laura, project lead
const COMPANY_ADMIN = "johanna.laine@verkkokauppa.example";
const COMPANY_VIEWER = "olli.vaisanen@verkkokauppa.example";
const HOSTING_ADMIN = demo.supplierAAdmin.email; // Tuomas
const HOSTING_STAFF = "petri.salonen@kalevanpilvi.example";
const STARTUP_STAFF = demo.supplierBStaff.email;
const RAUTAPISTE_ADMIN = "kari.lindholm@rautapiste.example";

const id: Record<string, number> = {};
let company: number;
let hosting: number;
let hostingRel: number;
let rautapisteRel: number;

async function actingUser(email: string): Promise<ActingUser> {
  return (await getActingUser(await userIdOf(email)))!;
}

type Row = { id: number; user_id: number; kind: string; dedupe_key: string; emailed_at: string | null; digested_at: string | null; read_at: string | null };

async function notificationsOf(kind: string, where = "1 = 1", ...params: unknown[]): Promise<Row[]> {
  return (await sqlite.prepare(`select * from notifications where kind = ? and ${where} order by id`).all(kind, ...params)) as Row[];
}

async function countOf(table: string): Promise<number> {
  return Number(((await sqlite.prepare(`select count(*) as n from ${table}`).get()) as { n: number }).n);
}

const recipientsOf = (rows: Row[]) => [...new Set(rows.map((r) => r.user_id))].sort((a, b) => a - b);
const ids = (...emails: string[]) => emails.map((e) => id[e]).sort((a, b) => a - b);

function answers(): Record<string, string> {
  return Object.fromEntries(
    FACTORS.flatMap((f: FactorKey) => [
      [`score_${f}`, "4"],
      [`evidence_${f}`, `Havainto (${f})`],
    ]),
  );
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  for (const email of [COMPANY_STAFF, COMPANY_LEAD, COMPANY_ADMIN, COMPANY_VIEWER, HOSTING_ADMIN, HOSTING_STAFF, STARTUP_STAFF, RAUTAPISTE_ADMIN]) {
    id[email] = await userIdOf(email);
  }
  company = await organisationIdOf(COMPANY_STAFF);
  hosting = await organisationIdOf(HOSTING_ADMIN);
  hostingRel = await relationshipIdBetween(hosting, company);
  rautapisteRel = await relationshipIdBetween(company, await organisationIdOf(RAUTAPISTE_ADMIN));
});

afterAll(() => sqlite.close());

describe("a counterpart's submission", () => {
  let assessmentId: number;

  it("tells the writers of the other party only, and emails those who want it at once, with the link", async () => {
    // Mikko wants these by email at once; Johanna keeps the default (digest).
    await sqlite
      .prepare("insert into notification_preferences (user_id, kind, delivery, updated_at) values (?, 'assessment_submitted', 'email', ?)")
      .run(id[COMPANY_STAFF], new Date().toISOString());
    const outboxBefore = await countOf("outbox_emails");
    const res = (await run(
      assessPage.action,
      post(
        `/relationships/${hostingRel}/assess`,
        { period: quarterOf(new Date()), revision: "0", intent: "submit", ...answers() },
        await signInAs(HOSTING_STAFF),
      ),
      {
        relationshipId: String(hostingRel),
      },
    )) as Response;
    expect(res.status).toBe(302);
    assessmentId = Number(
      (
        (await sqlite
          .prepare("select id from assessments where relationship_id = ? and assessor_user_id = ? and status = 'submitted' order by id desc")
          .get(hostingRel, id[HOSTING_STAFF])) as { id: number }
      ).id,
    );
    const rows = await notificationsOf("assessment_submitted", "assessment_id = ?", assessmentId);
    // Writers of the company (staff and org admin); not its project lead or viewer, not the submitter, not their colleague.
    expect(recipientsOf(rows)).toEqual(ids(COMPANY_STAFF, COMPANY_ADMIN));
    expect(rows.every((r) => r.dedupe_key === `assessment:${assessmentId}:submitted`)).toBe(true);

    const emails = (await sqlite.prepare("select * from outbox_emails order by id").all()) as Array<Record<string, string | number>>;
    expect(emails.length).toBe(outboxBefore + 1);
    const email = emails.at(-1)!;
    expect(email.recipient_user_id).toBe(id[COMPANY_STAFF]);
    expect(email.category).toBe("notification");
    expect(String(email.text_body)).toContain(`/relationships/${hostingRel}/assessments/${assessmentId}`);
    expect(String(email.html_body)).toContain(`/relationships/${hostingRel}/assessments/${assessmentId}`);
    expect(rows.find((r) => r.user_id === id[COMPANY_STAFF])!.emailed_at).not.toBeNull();
    expect(rows.find((r) => r.user_id === id[COMPANY_ADMIN])!.emailed_at).toBeNull();
  });

  it("writes nothing, neither notification nor email, when the event's transaction rolls back", async () => {
    const before = { notifications: await countOf("notifications"), outbox: await countOf("outbox_emails") };
    await expect(
      writeTransaction(async () => {
        const made = await notifyAssessmentSubmitted({
          assessmentId,
          relationshipId: hostingRel,
          counterpartOrganisationId: company,
          period: "2020-Q1",
          actorUserId: 0,
        });
        expect(made).toBe(0); // the same stamp: nobody is told twice
        await notify({ kind: "relationship_attention", recipients: [id[COMPANY_STAFF]], relationshipId: hostingRel, dedupeKey: "rollback-test" });
        await notify({ kind: "action_assigned", recipients: [id[COMPANY_STAFF]], relationshipId: hostingRel, dedupeKey: "rollback-test-email" });
        throw new Error("the event failed");
      }),
    ).rejects.toThrow("the event failed");
    expect({ notifications: await countOf("notifications"), outbox: await countOf("outbox_emails") }).toEqual(before);
  });
});

describe("sharing a metric and revoking the share", () => {
  let grantId: number;
  let metricName: string;

  it("tells every member of the organisation that gains it, no one else; revoking tells them again", async () => {
    const mikko = await actingUser(COMPANY_STAFF);
    const options = (await sharingOptions(mikko)).grantors.find((g) => g.id === company)!;
    for (const metric of options.metrics) {
      const made = await createGrant(mikko, { grantor: company, metric: metric.id, audience: "organisation", grantee: hosting } as never);
      if (made.ok) {
        grantId = made.id;
        metricName = metric.nameEn;
        break;
      }
    }
    expect(grantId).toBeGreaterThan(0);
    const hostingMembers = (
      (await sqlite.prepare("select user_id from memberships where organisation_id = ? order by user_id").all(hosting)) as Array<{ user_id: number }>
    ).map((r) => r.user_id);
    const shared = await notificationsOf("metric_shared", "sharing_grant_id = ?", grantId);
    expect(recipientsOf(shared)).toEqual(hostingMembers);
    expect(recipientsOf(shared)).toContain(id[HOSTING_STAFF]);

    const tuomas = await actingUser(HOSTING_ADMIN);
    const seen = (await listNotifications(tuomas, 1, "en")).items.find(
      (n) => n.kind === "metric_shared" && n.params !== undefined && shared.some((s) => s.id === n.id),
    )!;
    expect(notificationText(t, "en", seen)).toContain(metricName);

    await revokeGrant(mikko, grantId);
    const revoked = await notificationsOf("share_revoked", "sharing_grant_id = ?", grantId);
    expect(recipientsOf(revoked)).toEqual(hostingMembers);
  });

  it("no longer names the metric once the share is revoked (checked when shown)", async () => {
    const tuomas = await actingUser(HOSTING_ADMIN);
    const items = (await listNotifications(tuomas, 1, "en")).items.filter((n) => n.kind === "metric_shared" || n.kind === "share_revoked");
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const n of items) {
      expect(n.metricName).toBeNull();
      expect(notificationText(t, "en", n)).not.toContain(metricName);
    }
    // The page's data carries no trace of it either.
    const page = await run(listPage.loader, get("/notifications", await signInAs(HOSTING_ADMIN, { locale: "en" })));
    expect(JSON.stringify(page)).not.toContain(metricName);
  });
});

describe("undoing a revocation", () => {
  it("tells the members again, under a new stamp, and the metric is named again while shared", async () => {
    const mikko = await actingUser(COMPANY_STAFF);
    const grantId = Number(
      ((await sqlite.prepare("select sharing_grant_id from notifications where kind = 'share_revoked' order by id desc").get()) as { sharing_grant_id: number })
        .sharing_grant_id,
    );
    const before = await notificationsOf("metric_shared", "sharing_grant_id = ?", grantId);
    const restored = await restoreGrant(mikko, grantId);
    expect(restored.ok).toBe(true);
    const after = await notificationsOf("metric_shared", "sharing_grant_id = ?", grantId);
    expect(after.length).toBe(before.length * 2);
    expect(new Set(after.map((r) => r.dedupe_key)).size).toBe(2);
    const tuomas = await actingUser(HOSTING_ADMIN);
    const shown = (await listNotifications(tuomas, 1, "en")).items.filter((n) => n.kind === "metric_shared" && after.some((r) => r.id === n.id));
    expect(shown.every((n) => n.metricName !== null)).toBe(true);
  });
});

describe("an action assigned", () => {
  it("tells the new owner, never the one who saves, once per change of owner", async () => {
    const mikko = await actingUser(COMPANY_STAFF);
    const input = { title: "Yhteinen palvelupolun kartoitus", phase: "service_path_research", ownerUserId: id[HOSTING_ADMIN], status: "planned" } as const;
    const created = await saveDevelopmentAction(mikko, hostingRel, null, input);
    if (!created.ok) throw new Error("not saved");
    const first = await notificationsOf("action_assigned", "action_id = ?", created.id);
    expect(recipientsOf(first)).toEqual(ids(HOSTING_ADMIN));
    // An edit that keeps the owner tells no one; a new owner is told; the actor as owner is not.
    await saveDevelopmentAction(mikko, hostingRel, created.id, { ...input, title: "Palvelupolun kartoitus" });
    expect(await notificationsOf("action_assigned", "action_id = ?", created.id)).toHaveLength(1);
    await saveDevelopmentAction(mikko, hostingRel, created.id, { ...input, ownerUserId: id[HOSTING_STAFF] });
    await saveDevelopmentAction(mikko, hostingRel, created.id, { ...input, ownerUserId: id[COMPANY_STAFF] });
    expect(recipientsOf(await notificationsOf("action_assigned", "action_id = ?", created.id))).toEqual(ids(HOSTING_ADMIN, HOSTING_STAFF));
  });
});

describe("scheduled: overdue actions and attention", () => {
  it("tells the owner once when the due date has passed in their time zone, and again for a new due date", async () => {
    const now = new Date("2030-03-10T21:30:00Z"); // 23:30 on 10 March in Helsinki
    const mikko = await actingUser(COMPANY_STAFF);
    const input = {
      title: "Myöhässä oleva toimenpide",
      phase: "measurement",
      ownerUserId: id[HOSTING_STAFF],
      status: "in_progress",
      dueDate: "2030-03-10",
    } as const;
    const saved = await saveDevelopmentAction(mikko, hostingRel, null, input);
    if (!saved.ok) throw new Error("not saved");
    expect(await notifyOverdueActions(now)).toBe(0); // still its due day in Helsinki
    const later = new Date("2030-03-10T22:30:00Z"); // 00:30 on 11 March in Helsinki
    await notifyOverdueActions(later);
    await notifyOverdueActions(new Date("2030-03-12T08:00:00Z")); // a later tick: the same stamp
    const rows = await notificationsOf("action_overdue", "action_id = ?", saved.id);
    expect(rows.map((r) => [r.user_id, r.dedupe_key])).toEqual([[id[HOSTING_STAFF], `action:${saved.id}:overdue:2030-03-10`]]);
    await saveDevelopmentAction(mikko, hostingRel, saved.id, { ...input, dueDate: "2030-03-20" });
    await notifyOverdueActions(new Date("2030-03-21T08:00:00Z"));
    expect(await notificationsOf("action_overdue", "action_id = ?", saved.id)).toHaveLength(2);
    // Done actions are never overdue.
    await saveDevelopmentAction(mikko, hostingRel, saved.id, { ...input, dueDate: "2030-03-25", status: "done", outcomeNote: "Valmis" } as never);
    await notifyOverdueActions(new Date("2030-03-27T08:00:00Z"));
    expect(await notificationsOf("action_overdue", "action_id = ?", saved.id)).toHaveLength(2);
  });

  it("tells the writers of both parties of a relationship that needs attention, once per reason and quarter", async () => {
    const now = new Date();
    const made = await notifyAttention(now);
    expect(made).toBeGreaterThan(0);
    expect(await notifyAttention(now)).toBe(0);
    const rows = await notificationsOf("relationship_attention");
    const writers = (await sqlite
      .prepare(
        `select n.id from notifications n join relationships r on r.id = n.relationship_id
          join memberships m on m.user_id = n.user_id and m.organisation_id in (r.provider_id, r.customer_id) and m.role in ('org_admin', 'staff')
          where n.kind = 'relationship_attention'`,
      )
      .all()) as Array<{ id: number }>;
    expect(new Set(writers.map((w) => w.id)).size).toBe(rows.length);
    expect(rows.every((r) => /^relationship:\d+:attention:(score_drop|poor_score|quiet|perception_gap):\d{4}-Q[1-4]$/.test(r.dedupe_key))).toBe(true);
  });
});

describe("the daily digest", () => {
  let kari: number;
  const outboxFor = async (userId: number) =>
    (await sqlite.prepare("select * from outbox_emails where recipient_user_id = ? and category = 'digest' order by id").all(userId)) as Array<
      Record<string, string>
    >;

  async function attentionFor(userId: number, key: string, at: Date) {
    await writeTransaction(() =>
      notify(
        { kind: "relationship_attention", recipients: [userId], relationshipId: rautapisteRel, params: { reason: "quiet", period: "2030-Q1" }, dedupeKey: key },
        at,
      ),
    );
  }

  beforeAll(async () => {
    kari = id[RAUTAPISTE_ADMIN];
    await sqlite.prepare("update notifications set digested_at = ? where user_id = ?").run("2000-01-01T00:00:00.000Z", kari);
  });

  it("sends one email per person per local day, listing each notification with its link, and marks them digested", async () => {
    await attentionFor(kari, "digest-1", new Date("2030-01-10T04:00:00Z"));
    await attentionFor(kari, "digest-2", new Date("2030-01-10T04:10:00Z"));
    await sendDigests(new Date("2030-01-10T04:30:00Z")); // 06:30 in Helsinki: not yet
    expect(await outboxFor(kari)).toHaveLength(0);
    await sendDigests(new Date("2030-01-10T06:00:00Z")); // 08:00
    const sent = await outboxFor(kari);
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toMatch(/^2 uutta ilmoitusta/); // Kari's language (Finnish by default)
    expect(sent[0].text_body).toContain(`/relationships/${rautapisteRel}`);
    expect(sent[0].text_body).toContain(`/unsubscribe/${unsubscribeToken(kari)}`);
    expect((await notificationsOf("relationship_attention", "user_id = ? and dedupe_key like 'digest-%' and digested_at is null", kari)).length).toBe(0);
    // Later the same day, with something new: nothing until tomorrow.
    await attentionFor(kari, "digest-3", new Date("2030-01-10T10:00:00Z"));
    await sendDigests(new Date("2030-01-10T15:00:00Z"));
    expect(await outboxFor(kari)).toHaveLength(1);
    await sendDigests(new Date("2030-01-11T06:00:00Z"));
    expect(await outboxFor(kari)).toHaveLength(2);
  });

  it("after days without a tick, sends one digest, not one per missed day", async () => {
    await attentionFor(kari, "digest-4", new Date("2030-01-12T09:00:00Z"));
    await attentionFor(kari, "digest-5", new Date("2030-01-13T09:00:00Z"));
    await attentionFor(kari, "digest-6", new Date("2030-01-14T09:00:00Z"));
    await sendDigests(new Date("2030-01-15T07:00:00Z"));
    await sendDigests(new Date("2030-01-15T08:00:00Z"));
    const sent = await outboxFor(kari);
    expect(sent).toHaveLength(3);
    expect(sent[2].subject).toMatch(/^3 uutta ilmoitusta/);
  });

  it("leaves out what was read in the portal, and kinds the person wants otherwise", async () => {
    await attentionFor(kari, "digest-7", new Date("2030-01-15T09:00:00Z"));
    await sqlite.prepare("update notifications set read_at = ? where user_id = ? and dedupe_key = 'digest-7'").run("2030-01-15T10:00:00.000Z", kari);
    await sqlite
      .prepare("insert into notification_preferences (user_id, kind, delivery, updated_at) values (?, 'relationship_attention', 'portal', ?)")
      .run(kari, new Date().toISOString());
    await attentionFor(kari, "digest-8", new Date("2030-01-15T11:00:00Z"));
    await sendDigests(new Date("2030-01-16T08:00:00Z"));
    expect(await outboxFor(kari)).toHaveLength(3);
    await sqlite.prepare("delete from notification_preferences where user_id = ?").run(kari);
  });
});

describe("visibility is checked when shown", () => {
  it("hides a notification whose relationship the reader no longer sees: not listed, not counted, not opened", async () => {
    const person = await insertUser({ email: "kadonnut.naky@kalevanpilvi.example", name: "Näkyvyys Testaaja" });
    const membership = await insertMembership({ userId: person, organisationId: hosting, role: "staff" });
    await writeTransaction(() =>
      notify({
        kind: "relationship_attention",
        recipients: [person],
        relationshipId: hostingRel,
        params: { reason: "quiet", period: "2030-Q1" },
        dedupeKey: "visibility-1",
      }),
    );
    const before = (await getActingUser(person))!;
    expect(await unreadCount(before)).toBe(1);
    const [shown] = (await listNotifications(before, 1, "en")).items;
    expect(shown.relationshipLabel).toContain("Kalevan");

    await sqlite.prepare("delete from memberships where id = ?").run(membership);
    const after = (await getActingUser(person))!;
    expect(await unreadCount(after)).toBe(0);
    expect((await listNotifications(after, 1, "en")).items).toEqual([]);
    await expect(openNotification(after, shown.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("the bell, the list and mark as read", () => {
  let cookie: string;
  let mine: number[];

  beforeAll(async () => {
    cookie = await signInAs(HOSTING_STAFF, { locale: "en" });
    mine = (
      (await sqlite.prepare("select id from notifications where user_id = ? and read_at is null order by id").all(id[HOSTING_STAFF])) as Array<{ id: number }>
    ).map((r) => r.id);
  });

  it("counts the unread notifications in the layout", async () => {
    expect(mine.length).toBeGreaterThan(1);
    const data = (await run(layout.loader, get("/", cookie))) as { unreadNotifications: number };
    expect(data.unreadNotifications).toBe(mine.length);
  });

  it("opening one marks it read and goes to its page; mark as read and mark all as read", async () => {
    const opened = (await run(openPage.loader, get(`/notifications/${mine[0]}`, cookie), { notificationId: String(mine[0]) })) as Response;
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toMatch(/^\/(relationships|sharing)/);
    let data = (await run(layout.loader, get("/", cookie))) as { unreadNotifications: number };
    expect(data.unreadNotifications).toBe(mine.length - 1);

    const read = (await run(listPage.action, post("/notifications", { intent: "read", notificationId: String(mine[1]) }, cookie))) as Response;
    expect(read.status).toBe(302);
    data = (await run(layout.loader, get("/", cookie))) as { unreadNotifications: number };
    expect(data.unreadNotifications).toBe(mine.length - 2);

    const page = (await run(listPage.loader, get("/notifications", cookie))) as Awaited<ReturnType<typeof listPage.loader>>;
    expect(page.items[0].createdAt >= page.items.at(-1)!.createdAt).toBe(true);
    expect(page.items.find((n) => n.id === mine[1])!.readAt).not.toBeNull();

    const all = (await run(listPage.action, post("/notifications", { intent: "readAll" }, cookie))) as Response;
    expect(all.status).toBe(302);
    data = (await run(layout.loader, get("/", cookie))) as { unreadNotifications: number };
    expect(data.unreadNotifications).toBe(0);
  });

  it("answers another person's notification with 404, opened or marked", async () => {
    const theirs = ((await sqlite.prepare("select id from notifications where user_id = ? order by id limit 1").get(id[COMPANY_STAFF])) as { id: number }).id;
    const opened = (await run(openPage.loader, get(`/notifications/${theirs}`, cookie), { notificationId: String(theirs) })) as Response;
    expect(opened.status).toBe(404);
    const marked = (await run(listPage.action, post("/notifications", { intent: "read", notificationId: String(theirs) }, cookie))) as Response;
    expect(marked.status).toBe(404);
    expect(((await sqlite.prepare("select read_at from notifications where id = ?").get(theirs)) as { read_at: string | null }).read_at).toBeNull();
    const unknown = (await run(openPage.loader, get("/notifications/999999999", cookie), { notificationId: "999999999" })) as Response;
    expect(unknown.status).toBe(404);
  });
});

describe("preferences", () => {
  type Reply = { data: { result: { error?: Record<string, string[] | null> } }; init: { status: number } };
  const allPortal = Object.fromEntries(
    [
      "assessment_submitted",
      "assessment_due",
      "metric_shared",
      "share_revoked",
      "action_assigned",
      "action_overdue",
      "relationship_attention",
      "invitation_waiting",
      "comment_mention",
    ].map((k) => [k, "portal"]),
  );

  it("refuses a bad mode or an unknown kind with 400 naming the field, and saves a good form, audited", async () => {
    const cookie = await signInAs(STARTUP_STAFF);
    const badMode = (await run(settingsPage.action, post("/settings/notifications", { ...allPortal, action_assigned: "carrier_pigeon" }, cookie))) as Reply;
    expect(badMode.init.status).toBe(400);
    expect(badMode.data.result.error?.action_assigned).toEqual(["notifications.settings.invalidDelivery"]);
    const badKind = (await run(settingsPage.action, post("/settings/notifications", { ...allPortal, gossip: "email" }, cookie))) as Reply;
    expect(badKind.init.status).toBe(400);
    expect(badKind.data.result.error?.gossip).toEqual(["notifications.settings.invalidKind"]);
    const missing = { ...allPortal } as Record<string, string>;
    delete missing.metric_shared;
    expect(((await run(settingsPage.action, post("/settings/notifications", missing, cookie))) as Reply).data.result.error?.metric_shared).toBeTruthy();
    expect(await countOf("notification_preferences where user_id = " + id[STARTUP_STAFF])).toBe(0);

    const saved = (await run(
      settingsPage.action,
      post("/settings/notifications", { ...allPortal, action_assigned: "email", metric_shared: "digest" }, cookie),
    )) as Response;
    expect(saved.status).toBe(302);
    const prefs = await getPreferences(id[STARTUP_STAFF]);
    expect(prefs.action_assigned).toBe("email");
    expect(prefs.metric_shared).toBe("digest");
    expect(prefs.assessment_due).toBe("portal");
    const auditRow = await sqlite.prepare("select * from audit_log where action = 'notifications.preferences' and actor_user_id = ?").get(id[STARTUP_STAFF]);
    expect(auditRow).toBeTruthy();
  });
});

describe("the digest's unsubscribe link", () => {
  it("answers a bad token with 404 and changes nothing", async () => {
    const userId = id[STARTUP_STAFF];
    const forged = `${userId}.${"A".repeat(43)}`;
    for (const token of [forged, "nonsense", `${id[COMPANY_STAFF]}.${unsubscribeToken(userId).split(".")[1]}`]) {
      expect(((await run(unsubscribePage.loader, get(`/unsubscribe/${token}`), { token })) as Response).status).toBe(404);
      expect(((await run(unsubscribePage.action, post(`/unsubscribe/${token}`, {}), { token })) as Response).status).toBe(404);
    }
    expect((await getPreferences(id[COMPANY_STAFF])).metric_shared).toBe("digest");
  });

  it("turns every digest kind to portal only after the confirming POST, signed out", async () => {
    const userId = id[COMPANY_ADMIN];
    const token = unsubscribeToken(userId);
    const before = await getPreferences(userId);
    expect(Object.values(before)).toContain("digest");
    await run(unsubscribePage.loader, get(`/unsubscribe/${token}`), { token });
    expect(await getPreferences(userId)).toEqual(before); // opening the link changes nothing
    const done = (await run(unsubscribePage.action, post(`/unsubscribe/${token}`, {}), { token })) as { data: { done: boolean } };
    expect(done.data.done).toBe(true);
    const after = await getPreferences(userId);
    for (const [kind, mode] of Object.entries(before)) expect(after[kind as keyof typeof after]).toBe(mode === "digest" ? "portal" : mode);
  });
});

describe("the scheduled job", () => {
  it("runs overdue, attention and digests in one entry, the attention scan at most every six hours", async () => {
    const now = new Date("2030-02-01T10:00:00Z");
    const first = (await notificationJob.run(now)) as { overdue: number; attention: number | string; digests: number };
    expect(typeof first.attention).toBe("number");
    expect(((await notificationJob.run(new Date(now.getTime() + 3600_000))) as { attention: unknown }).attention).toBe("skipped");
    expect(typeof ((await notificationJob.run(new Date(now.getTime() + 7 * 3600_000))) as { attention: unknown }).attention).toBe("number");
  });
});
