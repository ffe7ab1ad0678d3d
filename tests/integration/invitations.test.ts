import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FACTORS } from "~/domain/factors";
import { roundToday } from "~/domain/rounds";
import { pendingInvitations } from "~/models/invitations.server";
import { currentRoundQuarter, type AssessorRoundView } from "~/models/rounds.server";
import { getActingUser } from "~/models/user.server";
import * as chainsList from "~/routes/_app+/chains+/_index";
import * as chainPage from "~/routes/_app+/chains+/$chainId";
import * as portfolio from "~/routes/_app+/chains+/$chainId_.portfolio";
import * as compare from "~/routes/_app+/compare+/_layout";
import * as relationshipPage from "~/routes/_app+/relationships+/$relationshipId._index";
import * as relationshipMetrics from "~/routes/_app+/relationships+/$relationshipId.metrics";
import * as assess from "~/routes/_app+/relationships+/$relationshipId_.assess";
import * as newAction from "~/routes/_app+/relationships+/$relationshipId_.actions.new";
import * as newDecision from "~/routes/_app+/relationships+/$relationshipId_.decisions.new";
import * as lifecycle from "~/routes/_app+/relationships+/$relationshipId_.lifecycle";
import * as contextPage from "~/routes/_app+/relationships+/$relationshipId_.context";
import * as home from "~/routes/_app+/_index";
import * as roundPage from "~/routes/_app+/rounds+/$roundId";
import * as roundsList from "~/routes/_app+/rounds+/_index";
import * as newRound from "~/routes/_app+/rounds+/new";
import * as approvals from "~/routes/_app+/rounds+/invitations";
import * as accept from "~/routes/_auth+/invitations.$token";
import { get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { organisationIdNamed, userIdOf } from "../support/factories";
import { fixtureSuppliers, postForm, type FixtureSupplier } from "./rounds-fixtures";

type DataResult<T> = { data: T; init: { status: number } | null };
type Reply = { result: { error?: Record<string, string[] | null> } };

let sqlite: TestSql;
let chainId: number;
let companyId: number;
let s: FixtureSupplier[];
const period = currentRoundQuarter(new Date());
const deadline = (() => {
  const d = new Date(`${roundToday(new Date())}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 10);
  return d.toISOString().slice(0, 10);
})();

const count = async (sql: string, ...params: unknown[]) => Number(((await sqlite.prepare(sql).get(...params)) as { n: number | string }).n);
type InvitationRow = {
  id: number;
  status: string;
  organisation_id: number;
  token_hash: string | null;
  expires_at: string | null;
  created_at: string;
  round_id: number;
};
const invitationOf = async (email: string) => (await sqlite.prepare("select * from invitations where email = ? order by id desc").get(email)) as InvitationRow;

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  ({ chainId, companyId, suppliers: s } = await fixtureSuppliers("Kutsu", 3));
});

afterAll(() => sqlite.close());

/** Opens a round as `cookie` for `organisationId` over one relationship, inviting `invites` ([side, email, name]). */
async function openWithInvites(
  cookie: string,
  organisationId: number,
  relationshipId: number,
  invites: Array<["provider" | "customer", string, string]>,
  assessors: string[] = [],
) {
  const pairs: Array<[string, string]> = [
    ["organisationId", String(organisationId)],
    ["chainId", String(chainId)],
    ["period", period],
    ["deadline", deadline],
    ["relationships", String(relationshipId)],
    ...assessors.map((a): [string, string] => ["assessors", a]),
  ];
  invites.forEach(([side, email, name], i) => {
    pairs.push(
      [`invites[${i}].target`, `${relationshipId}:${side}`],
      [`invites[${i}].email`, email],
      [`invites[${i}].name`, name],
      [`invites[${i}].locale`, "en"],
    );
  });
  return await run(newRound.action, postForm("/rounds/new", pairs, cookie));
}

const decide = async (cookie: string, invitationId: number, intent: "approve" | "decline") =>
  run(
    approvals.action,
    postForm(
      "/rounds/invitations",
      [
        ["intent", intent],
        ["invitationId", String(invitationId)],
      ],
      cookie,
    ),
  );

const tokenFromOutbox = async (email: string) => {
  const row = (await sqlite
    .prepare("select text_body, html_body, category, sensitive, locale, subject from outbox_emails where to_address = ? order by id desc")
    .get(email)) as { text_body: string; html_body: string; category: string; sensitive: number | boolean; locale: string; subject: string } | undefined;
  if (!row) return null;
  return { ...row, token: /\/invitations\/([A-Za-z0-9_-]{43})/.exec(row.text_body)![1] };
};

const acceptWith = (token: string, fields: Record<string, string>) => run(accept.action, post(`/invitations/${token}`, fields), { token });

describe("who approves an invitation (docs/decisions/0020-round-invitations.md)", () => {
  it("company staff's invitation into a supplier waits for the supplier's org admin, who is notified; nothing is sent yet", async () => {
    const res = (await openWithInvites(await signInAs(demo.companyStaff), companyId, s[0].relationshipId, [
      ["provider", `uusi@${s[0].domain}`, "Uusi Arvioija"],
    ])) as Response;
    expect(res.status).toBe(302);
    const inv = await invitationOf(`uusi@${s[0].domain}`);
    expect(inv).toMatchObject({ status: "awaiting_approval", organisation_id: s[0].organisationId, token_hash: null });
    const note = (await sqlite.prepare("select user_id, kind from notifications where invitation_id = ?").all(inv.id)) as Array<{
      user_id: number;
      kind: string;
    }>;
    expect(note).toEqual([{ user_id: s[0].adminId, kind: "invitation_waiting" }]);
    expect(await count("select count(*) as n from outbox_emails where category = 'invitation' and to_address = ?", `uusi@${s[0].domain}`)).toBe(0);
    // The invitee is asked for the provider side of that one relationship, in the supplier's name.
    expect(await sqlite.prepare("select relationship_id, side, organisation_id, user_id from round_assessors where invitation_id = ?").all(inv.id)).toEqual([
      { relationship_id: s[0].relationshipId, side: "provider", organisation_id: s[0].organisationId, user_id: null },
    ]);
  });

  it("another organisation's admin cannot see or approve it (404); nor can the inviting staff; the supplier's admin can", async () => {
    const inv = await invitationOf(`uusi@${s[0].domain}`);
    const otherAdmin = await signInAs(s[1].adminEmail);
    expect(((await decide(otherAdmin, inv.id, "approve")) as Response).status).toBe(404);
    expect((await pendingInvitations((await getActingUser(s[1].adminId))!)).map((p) => p.id)).not.toContain(inv.id);
    const demoSupplierAdmin = await signInAs(demo.supplierAAdmin);
    expect(((await decide(demoSupplierAdmin, inv.id, "approve")) as Response).status).toBe(404);
    const staff = await signInAs(demo.companyStaff);
    expect(((await run(approvals.loader, get("/rounds/invitations", staff))) as Response).status).toBe(403);
    expect(((await decide(staff, inv.id, "approve")) as Response).status).toBe(404);
    expect((await invitationOf(`uusi@${s[0].domain}`)).status).toBe("awaiting_approval");

    const supplierAdmin = await signInAs(s[0].adminEmail);
    const queue = (await run(approvals.loader, get("/rounds/invitations", supplierAdmin))) as Awaited<ReturnType<typeof approvals.loader>>;
    expect(queue.invitations.map((i) => i.id)).toEqual([inv.id]);
    expect(queue.invitations[0].relationships.map((r) => r.id)).toEqual([s[0].relationshipId]);
    expect(((await decide(supplierAdmin, inv.id, "approve")) as Response).status).toBe(302);
    const sent = await invitationOf(`uusi@${s[0].domain}`);
    expect(sent.status).toBe("sent");
    // A second decision finds nothing waiting.
    expect(((await decide(supplierAdmin, inv.id, "decline")) as Response).status).toBe(404);

    // The email: in the invitee's language, sensitive, with a one-time link whose SHA-256 alone is stored, for 7 days.
    const email = (await tokenFromOutbox(`uusi@${s[0].domain}`))!;
    expect(email).toMatchObject({ category: "invitation", locale: "en" });
    expect(Boolean(email.sensitive)).toBe(true);
    expect(email.text_body).toContain(`${s[0].name}`);
    expect(email.text_body).toContain("Kutsu palvelu 1");
    expect(sent.token_hash).toBe(createHash("sha256").update(email.token).digest("hex"));
    expect(JSON.stringify(await sqlite.prepare("select * from invitations").all())).not.toContain(email.token);
    const days = (new Date(sent.expires_at!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it("a platform administrator can approve; a decline sends nothing and removes the invitee from the round", async () => {
    await openWithInvites(await signInAs(demo.companyStaff), companyId, s[1].relationshipId, [["provider", `kaksi@${s[1].domain}`, "Kaksi"]]);
    await openWithInvites(await signInAs(demo.companyStaff), companyId, s[1].relationshipId, [["provider", `kolme@${s[1].domain}`, "Kolme"]]);
    const admin = await signInAs(demo.admin);
    const two = await invitationOf(`kaksi@${s[1].domain}`);
    expect(((await decide(admin, two.id, "approve")) as Response).status).toBe(302);
    expect((await invitationOf(`kaksi@${s[1].domain}`)).status).toBe("sent");
    const three = await invitationOf(`kolme@${s[1].domain}`);
    expect(((await decide(await signInAs(s[1].adminEmail), three.id, "decline")) as Response).status).toBe(302);
    expect((await invitationOf(`kolme@${s[1].domain}`)).status).toBe("declined");
    expect(await count("select count(*) as n from round_assessors where invitation_id = ?", three.id)).toBe(0);
    expect(await tokenFromOutbox(`kolme@${s[1].domain}`)).toBeNull();
  });

  it("into the opener's own organisation: sent at once by its org admin, waiting when opened by staff", async () => {
    const johanna = await signInAs("johanna.laine@verkkokauppa.example");
    await openWithInvites(johanna, companyId, s[2].relationshipId, [["customer", "uusi.ostaja@verkkokauppa.example", "Uusi Ostaja"]]);
    expect((await invitationOf("uusi.ostaja@verkkokauppa.example")).status).toBe("sent");
    expect(await tokenFromOutbox("uusi.ostaja@verkkokauppa.example")).not.toBeNull();
    await openWithInvites(await signInAs(demo.companyStaff), companyId, s[2].relationshipId, [
      ["customer", "toinen.ostaja@verkkokauppa.example", "Toinen Ostaja"],
    ]);
    const waiting = await invitationOf("toinen.ostaja@verkkokauppa.example");
    expect(waiting.status).toBe("awaiting_approval");
    expect(await sqlite.prepare("select user_id from notifications where invitation_id = ?").all(waiting.id)).toEqual([
      { user_id: await userIdOf("johanna.laine@verkkokauppa.example") },
    ]);
  });

  it("refuses an address outside that organisation's registered domains, naming the field, and writes nothing", async () => {
    const cookie = await signInAs(demo.companyStaff);
    const rounds = await count("select count(*) as n from assessment_rounds");
    const invitations = await count("select count(*) as n from invitations");
    for (const [side, email] of [
      ["provider", "someone@gmail.com"],
      // The company's own domain is not the supplier's.
      ["provider", "someone@verkkokauppa.example"],
      // Another supplier's domain.
      ["provider", `someone@${s[1].domain}`],
      ["customer", `someone@${s[0].domain}`],
    ] as const) {
      const res = (await openWithInvites(cookie, companyId, s[0].relationshipId, [[side, email, "Someone"]])) as DataResult<Reply>;
      expect(res.init?.status, email).toBe(400);
      expect(res.data.result.error?.["invites[0].email"], email).toEqual(["rounds.error.inviteDomain"]);
    }
    const noName = (await openWithInvites(cookie, companyId, s[0].relationshipId, [["provider", `x@${s[0].domain}`, ""]])) as DataResult<Reply>;
    expect(noName.data.result.error?.["invites[0].name"]).toEqual(["rounds.error.inviteNameRequired"]);
    expect(await count("select count(*) as n from assessment_rounds")).toBe(rounds);
    expect(await count("select count(*) as n from invitations")).toBe(invitations);
  });
});

describe("accepting an invitation", () => {
  let token: string;
  let cookie: string;
  let userId: number;
  let roundId: number;

  it("shows who invites to what, then creates an account without any membership, scoped to the invited side, and signs it in", async () => {
    token = (await tokenFromOutbox(`uusi@${s[0].domain}`))!.token;
    roundId = (await invitationOf(`uusi@${s[0].domain}`)).round_id;
    const view = (await run(accept.loader, get(`/invitations/${token}`), { token })) as DataResult<{ invitation: Record<string, unknown> }>;
    expect(view.init?.status ?? 200).toBe(200);
    expect(view.data.invitation).toMatchObject({
      email: `uusi@${s[0].domain}`,
      organisationName: s[0].name,
      inviterName: "Mikko Heinonen",
      inviterOrganisationName: "Pohjolan Verkkokauppa Oy",
      deadline,
      relationships: [expect.objectContaining({ id: s[0].relationshipId, serviceName: "Kutsu palvelu 1", side: "provider" })],
    });
    const weak = (await acceptWith(token, { name: "Uusi Arvioija", newPassword: "short", confirmPassword: "short" })) as DataResult<
      Reply & { invalid: boolean }
    >;
    expect(weak.init?.status).toBe(400);
    expect(weak.data.result.error?.newPassword).toEqual(["password.tooShort"]);

    const res = (await acceptWith(token, {
      name: "Uusi Arvioija",
      newPassword: "a long and private passphrase",
      confirmPassword: "a long and private passphrase",
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/rounds/${roundId}`);
    cookie = res.headers.get("Set-Cookie")!.split(";")[0];
    userId = await userIdOf(`uusi@${s[0].domain}`);
    expect(await count("select count(*) as n from memberships where user_id = ?", userId)).toBe(0);
    expect(await sqlite.prepare("select relationship_id, organisation_id, side from assessor_scopes where user_id = ?").all(userId)).toEqual([
      { relationship_id: s[0].relationshipId, organisation_id: s[0].organisationId, side: "provider" },
    ]);
    expect(await count("select count(*) as n from round_assessors where user_id = ? and round_id = ?", userId, roundId)).toBe(1);
    expect((await invitationOf(`uusi@${s[0].domain}`)).status).toBe("accepted");
    expect(await getActingUser(userId)).toMatchObject({
      memberships: [],
      assessorScopes: [{ relationshipId: s[0].relationshipId, organisationId: s[0].organisationId, side: "provider" }],
    });
  });

  it("works once: a second use, an expired, an unknown or a malformed link get the same 404", async () => {
    const again = (await acceptWith(token, {
      name: "X",
      newPassword: "another private passphrase",
      confirmPassword: "another private passphrase",
    })) as DataResult<{ invalid: boolean }>;
    expect(again.init?.status).toBe(404);
    expect(again.data.invalid).toBe(true);
    expect(((await run(accept.loader, get(`/invitations/${token}`), { token })) as DataResult<unknown>).init?.status).toBe(404);

    const expiring = (await tokenFromOutbox(`kaksi@${s[1].domain}`))!.token;
    await sqlite.prepare("update invitations set expires_at = ? where email = ?").run(new Date(Date.now() - 1000).toISOString(), `kaksi@${s[1].domain}`);
    for (const t of [expiring, "A".repeat(43), "not a token", "x".repeat(500)]) {
      expect(((await run(accept.loader, get(`/invitations/${encodeURIComponent(t)}`), { token: t })) as DataResult<unknown>).init?.status).toBe(404);
      const posted = (await acceptWith(t, {
        name: "X",
        newPassword: "another private passphrase",
        confirmPassword: "another private passphrase",
      })) as DataResult<unknown>;
      expect(posted.init?.status).toBe(404);
    }
    expect(await count("select count(*) as n from users where email = ?", `kaksi@${s[1].domain}`)).toBe(0);
  });

  it("refuses when the address already has an account: that person signs in instead", async () => {
    // The company's org admin invites an address of her own domain that someone registered meanwhile.
    const email = "myohassa@verkkokauppa.example";
    await openWithInvites(await signInAs("johanna.laine@verkkokauppa.example"), companyId, s[2].relationshipId, [["customer", email, "Myöhässä"]]);
    const { token: late } = (await tokenFromOutbox(email))!;
    await sqlite.prepare("insert into users (email, name, password_hash) values (?, ?, ?)").run(email, "Jo Olemassa", "x");
    const res = (await acceptWith(late, {
      name: "Myöhässä",
      newPassword: "a long and private passphrase",
      confirmPassword: "a long and private passphrase",
    })) as DataResult<Reply & { result: { error?: Record<string, string[]> } }>;
    expect(res.init?.status).toBe(409);
    expect(res.data.result.error?.[""]).toEqual(["invitation.accountExists"]);
    expect((await invitationOf(email)).status).toBe("sent");
  });

  describe("invitation scoping: the invitee reaches only the invited relationship's side, whatever the URL", () => {
    const rel = (id: number) => ({ relationshipId: String(id) });
    const statusOf = (result: unknown) => (result instanceof Response ? result.status : 200);

    it("assesses the invited relationship for the supplier's side, and the round shows it", async () => {
      const start = (await run(assess.loader, get(`/relationships/${s[0].relationshipId}/assess`, cookie), rel(s[0].relationshipId))) as {
        blocked: unknown;
        header: { side: string };
      };
      expect(start.blocked).toBeNull();
      expect(start.header.side).toBe("provider");
      // The home page lists it as due, for them to act on (not read-only), and it is theirs alone.
      const before = (await run(home.loader, get("/", cookie))) as Awaited<ReturnType<typeof home.loader>>;
      expect(before.home.due.map((d) => [d.relationshipId, d.readOnly])).toEqual([[s[0].relationshipId, false]]);
      const fields: Record<string, string> = { period, revision: "0", intent: "submit" };
      for (const f of FACTORS) {
        fields[`score_${f}`] = "4";
        fields[`evidence_${f}`] = "Toimitus pelasi hyvin.";
      }
      const saved = (await run(assess.action, post(`/relationships/${s[0].relationshipId}/assess`, fields, cookie), rel(s[0].relationshipId))) as Response;
      expect(saved.status).toBe(302);
      const row = (await sqlite.prepare("select side, organisation_id, status from assessments where assessor_user_id = ?").get(userId)) as Record<
        string,
        unknown
      >;
      expect(row).toEqual({ side: "provider", organisation_id: s[0].organisationId, status: "submitted" });

      const mine = (await run(roundPage.loader, get(`/rounds/${roundId}`, cookie), { roundId: String(roundId) })) as AssessorRoundView;
      expect(mine.view).toBe("assessor");
      expect(mine.mine).toEqual([expect.objectContaining({ id: s[0].relationshipId, side: "provider", status: "submitted" })]);
      expect(mine).not.toHaveProperty("figures");
      const list = (await run(roundsList.loader, get("/rounds", cookie))) as Awaited<ReturnType<typeof roundsList.loader>>;
      expect(list.rounds.map((r) => [r.id, r.role])).toEqual([[roundId, "assessor"]]);
      expect(list.canOpen).toBe(false);
    });

    it("cannot write anything else on the invited relationship: actions, decisions, lifecycle, context (403)", async () => {
      const id = s[0].relationshipId;
      expect(statusOf(await run(newAction.loader, get(`/relationships/${id}/actions/new`, cookie), rel(id)))).toBe(403);
      expect(
        statusOf(
          await run(
            newAction.action,
            post(`/relationships/${id}/actions/new`, { title: "x", phase: "measurement", ownerUserId: String(userId), status: "planned" }, cookie),
            rel(id),
          ),
        ),
      ).toBe(403);
      expect(statusOf(await run(newDecision.action, post(`/relationships/${id}/decisions/new`, { decision: "x" }, cookie), rel(id)))).toBe(403);
      expect(statusOf(await run(lifecycle.loader, get(`/relationships/${id}/lifecycle`, cookie), rel(id)))).toBe(403);
      expect(statusOf(await run(lifecycle.action, post(`/relationships/${id}/lifecycle`, { stage: "ended" }, cookie), rel(id)))).toBe(403);
      expect(statusOf(await run(contextPage.action, post(`/relationships/${id}/context`, { maturity: "mature" }, cookie), rel(id)))).toBe(403);
      // Reading the invited relationship's own page works (no 500).
      const page = (await run(relationshipPage.loader, get(`/relationships/${id}`, cookie), rel(id))) as {
        header: { side: string; canWrite: boolean; canAssess: boolean };
      };
      expect(page.header).toMatchObject({ side: "provider", canWrite: false, canAssess: true });
    });

    it("gets a 404 for every other relationship: view, assess, metrics, actions", async () => {
      const demoRelationship = Number(
        (
          (await sqlite.prepare("select id from relationships where provider_id = ? limit 1").get(await organisationIdNamed("Kalevan Pilvipalvelut Oyj"))) as {
            id: number;
          }
        ).id,
      );
      for (const id of [s[1].relationshipId, s[2].relationshipId, demoRelationship]) {
        expect(statusOf(await run(relationshipPage.loader, get(`/relationships/${id}`, cookie), rel(id))), `view ${id}`).toBe(404);
        expect(statusOf(await run(assess.loader, get(`/relationships/${id}/assess`, cookie), rel(id))), `assess ${id}`).toBe(404);
        expect(
          statusOf(await run(assess.action, post(`/relationships/${id}/assess`, { period, revision: "0", intent: "save" }, cookie), rel(id))),
          `assess post ${id}`,
        ).toBe(404);
        expect(statusOf(await run(relationshipMetrics.loader, get(`/relationships/${id}/metrics`, cookie), rel(id))), `metrics ${id}`).toBe(404);
        expect(statusOf(await run(newAction.loader, get(`/relationships/${id}/actions/new`, cookie), rel(id))), `actions ${id}`).toBe(404);
      }
      // Nor another round.
      const otherRound = Number(
        ((await sqlite.prepare("select id from assessment_rounds where id <> ? order by id limit 1").get(roundId)) as { id: number }).id,
      );
      expect(statusOf(await run(roundPage.loader, get(`/rounds/${otherRound}`, cookie), { roundId: String(otherRound) }))).toBe(404);
    });

    it("sees no chain, no other organisation's data, and opens or approves nothing", async () => {
      const chains = (await run(chainsList.loader, get("/chains", cookie))) as { chains: unknown[] };
      expect(chains.chains).toEqual([]);
      expect(statusOf(await run(chainPage.loader, get(`/chains/${chainId}`, cookie), { chainId: String(chainId) }))).toBe(404);
      expect(statusOf(await run(portfolio.loader, get(`/chains/${chainId}/portfolio`, cookie), { chainId: String(chainId) }))).toBe(404);
      expect(statusOf(await run(newRound.loader, get("/rounds/new", cookie)))).toBe(403);
      expect(statusOf(await run(approvals.loader, get("/rounds/invitations", cookie)))).toBe(403);

      const others = [s[1].relationshipId, s[2].relationshipId];
      let page = await run(compare.loader, get(`/compare?${[s[0].relationshipId, ...others].map((id) => `r=${id}`).join("&")}`, cookie));
      if (page instanceof Response && page.status === 302) page = await run(compare.loader, get(page.headers.get("Location")!, cookie));
      expect(statusOf(page)).toBeLessThan(500);
      const text = JSON.stringify(page instanceof Response ? await page.text() : page);
      for (const name of ["Kutsu palvelu 2", "Kutsu palvelu 3", s[1].name, s[2].name]) expect(text).not.toContain(name);

      const pages: Array<[string, string]> = [
        ["~/routes/_app+/_index", "/"],
        ["~/routes/_app+/sharing", "/sharing"],
        ["~/routes/_app+/metrics+/_index", "/metrics"],
        ["~/routes/_app+/metrics+/record", "/metrics/record"],
        ["~/routes/_app+/metrics+/kpi", "/metrics/kpi"],
        ["~/routes/_app+/metrics+/import", "/metrics/import"],
        ["~/routes/_app+/metrics+/catalogue._index", "/metrics/catalogue"],
        ["~/routes/_app+/metrics+/export[.]csv", "/metrics/export.csv"],
        ["~/routes/_app+/account", "/account"],
        ["~/routes/_app+/settings+/api-tokens", "/settings/api-tokens"],
        ["~/routes/_app+/admin+/_index", "/admin"],
        ["~/routes/_app+/admin+/people._index", "/admin/people"],
        ["~/routes/_app+/admin+/audit", "/admin/audit"],
      ];
      for (const [module, url] of pages) {
        const { loader } = (await import(/* @vite-ignore */ module)) as { loader: unknown };
        const result = await run(loader as never, get(url, cookie));
        expect(statusOf(result), url).toBeLessThan(500);
        if (statusOf(result) === 200) {
          const json = result instanceof Response ? await result.text() : JSON.stringify(result);
          for (const name of ["Kutsu palvelu 2", "Kalevan Pilvipalvelut Oyj", "Verkkotaito Oy", s[1].name])
            expect(json, `${url} shows ${name}`).not.toContain(name);
        }
      }
    });
  });
});
