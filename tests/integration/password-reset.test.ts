import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import * as home from "~/routes/_app+/_index";
import * as personPage from "~/routes/_app+/admin+/people.$personId";
import * as newPerson from "~/routes/_app+/admin+/people.new";
import * as login from "~/routes/_auth+/login";
import * as reset from "~/routes/_auth+/reset-password.$token";
import { get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { organisationIdOf, userIdOf } from "../support/factories";

type DataResult<T> = { data: T; init: { status: number; headers?: Record<string, string> } | null };
type Created = { result: unknown; created: { id: number; url: string; expiresAt: string } | null };
type LinkReply = { link?: { url: string; expiresAt: string }; error?: string };
type ResetView = { valid: boolean; email: string | null };
type ResetReply = { invalid: boolean; result: { error?: Record<string, string[] | null> } | null };

const { admin, supplierAAdmin } = demo;
let sqlite: TestSql;
let ip = 0;

async function tryLogin(email: string, password: string) {
  return run(login.action, post("/login", { email, password }), {}, { clientIp: `10.30.${Math.floor(++ip / 200)}.${ip % 200}` });
}

const tokenOf = (url: string) => url.split("/reset-password/")[1];

async function createPersonAsOrgAdmin(email: string, name: string) {
  const cookie = await signInAs(supplierAAdmin, { fresh: true });
  const orgId = await organisationIdOf(supplierAAdmin.email);
  const res = (await run(
    newPerson.action,
    post("/admin/people/new", { email, name, organisationId: String(orgId), role: "staff" }, cookie),
  )) as DataResult<Created>;
  expect(res.init?.status ?? 200).toBe(200);
  expect(res.data.created).not.toBeNull();
  return { cookie, created: res.data.created! };
}

async function setPassword(token: string, password: string, confirm = password) {
  return run(reset.action, post(`/reset-password/${token}`, { newPassword: password, confirmPassword: confirm }), { token });
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
});

afterAll(() => sqlite.close());

describe("a new person's one-time link", () => {
  it("is shown once, stored only as a SHA-256 hash, lasts 24 hours and sets the password once", async () => {
    const { created } = await createPersonAsOrgAdmin("uusi.henkilo@kalevanpilvi.example", "Uusi Henkilö");
    expect(created.url).toMatch(/^http:\/\/localhost\/reset-password\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(created.url);
    const row = (await sqlite
      .prepare("select token_hash, expires_at, created_at, used_at from password_reset_tokens where user_id = ?")
      .get(created.id)) as Record<string, string | null>;
    expect(row.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(await sqlite.prepare("select * from password_reset_tokens").all())).not.toContain(token);
    const hours = (new Date(row.expires_at!).getTime() - new Date(row.created_at!).getTime()) / 3600_000;
    expect(hours).toBe(24);
    expect(row.used_at).toBeNull();

    // Nobody can log in before the person sets a password.
    expect(((await tryLogin("uusi.henkilo@kalevanpilvi.example", "anything-at-all")) as DataResult<unknown>).init?.status).toBe(401);

    const view = (await run(reset.loader, get(`/reset-password/${token}`), { token })) as DataResult<ResetView>;
    expect(view.data).toEqual({ valid: true, email: "uusi.henkilo@kalevanpilvi.example" });

    const password = "correct horse battery staple, with a long tail";
    const done = (await setPassword(token, password)) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login?notice=password-set");
    const cookie = await signInAs("uusi.henkilo@kalevanpilvi.example", { password: password, fresh: true });
    expect(((await run(home.loader, get("/", cookie))) as { name: string }).name).toBe("Uusi Henkilö");

    // Used: the same link now fails, with the same answer as any bad link.
    const again = (await run(reset.loader, get(`/reset-password/${token}`), { token })) as DataResult<ResetView>;
    expect(again.init?.status).toBe(404);
    expect(again.data).toEqual({ valid: false, email: null });
    const reuse = (await setPassword(token, "another-password-123")) as DataResult<ResetReply>;
    expect(reuse.init?.status).toBe(404);
    expect(reuse.data.invalid).toBe(true);
    await signInAs("uusi.henkilo@kalevanpilvi.example", { password: password, fresh: true });
  });

  it("gives an expired, a used, an unknown and a malformed link the same answer, never a 500", async () => {
    const { created } = await createPersonAsOrgAdmin("vanha.linkki@kalevanpilvi.example", "Vanha Linkki");
    const token = tokenOf(created.url);
    await sqlite.prepare("update password_reset_tokens set expires_at = ? where user_id = ?").run(new Date(Date.now() - 1000).toISOString(), created.id);
    const answers: Array<DataResult<ResetView>> = [];
    for (const t of [token, "A".repeat(43), "not a token", "%00", "x".repeat(5000)]) {
      answers.push((await run(reset.loader, get(`/reset-password/${encodeURIComponent(t)}`), { token: t })) as DataResult<ResetView>);
      const post = (await setPassword(t, "whatever-password-1")) as DataResult<ResetReply>;
      expect(post.init?.status).toBe(404);
      expect(post.data).toEqual({ invalid: true, result: null });
    }
    for (const a of answers) {
      expect(a.init?.status).toBe(404);
      expect(a.data).toEqual({ valid: false, email: null });
    }
  });
});

describe("password rules (ASVS 2.1)", () => {
  it("refuses 7 characters and 129, accepts 8, and never truncates: a 100-character password works, its 99-character prefix does not", async () => {
    const { created } = await createPersonAsOrgAdmin("pitka.salasana@kalevanpilvi.example", "Pitkä Salasana");
    const token = tokenOf(created.url);
    const short = (await setPassword(token, "1234567")) as DataResult<ResetReply>;
    expect(short.init?.status).toBe(400);
    expect(short.data.result?.error?.newPassword).toEqual(["password.tooShort"]);
    const long = (await setPassword(token, "x".repeat(129))) as DataResult<ResetReply>;
    expect(long.data.result?.error?.newPassword).toEqual(["password.tooLong"]);
    const mismatch = (await setPassword(token, "12345678", "12345679")) as DataResult<ResetReply>;
    expect(mismatch.data.result?.error?.confirmPassword).toEqual(["password.mismatch"]);
    // A refused form does not use up the link, and the passwords are not echoed back.
    expect(JSON.stringify(mismatch.data)).not.toContain("12345678");

    // No composition rules; spaces and non-ASCII count as characters.
    const hundred = ("Ääkköset ja välilyönnit " + "0123456789".repeat(10)).slice(0, 100);
    expect([...hundred].length).toBe(100);
    expect(((await setPassword(token, hundred)) as Response).status).toBe(302);
    const prefix = (await tryLogin("pitka.salasana@kalevanpilvi.example", hundred.slice(0, 99))) as DataResult<unknown>;
    expect(prefix.init?.status).toBe(401);
    await signInAs("pitka.salasana@kalevanpilvi.example", { password: hundred, fresh: true });

    const { created: other } = await createPersonAsOrgAdmin("lyhyt.salasana@kalevanpilvi.example", "Lyhyt Salasana");
    expect(((await setPassword(tokenOf(other.url), "kettu-42")) as Response).status).toBe(302);
    await signInAs("lyhyt.salasana@kalevanpilvi.example", { password: "kettu-42", fresh: true });
  });

  it("refuses a common or breached password, and one that contains the person's name or email; the link stays usable", async () => {
    const { created } = await createPersonAsOrgAdmin("aino.virtanen@kalevanpilvi.example", "Aino Virtanen");
    const token = tokenOf(created.url);
    for (const [password, problem] of [
      ["password", "password.common"],
      ["12345678", "password.common"],
      ["Iloveyou2", "password.common"],
      ["aino.virtanen@kalevanpilvi.example", "password.personal"],
      ["virtanen-kesä-2026", "password.personal"],
      ["AINO.virtanen rocks", "password.personal"],
    ]) {
      const refused = (await setPassword(token, password)) as DataResult<ResetReply>;
      expect(refused.init?.status, password).toBe(400);
      expect(refused.data.result?.error?.newPassword, password).toEqual([problem]);
      expect(JSON.stringify(refused.data)).not.toContain(`"${password}"`);
    }
    expect(
      (
        (await sqlite.prepare("select password_changed_at from users where email = ?").get("aino.virtanen@kalevanpilvi.example")) as {
          password_changed_at: string | null;
        }
      ).password_changed_at,
    ).toBeNull();
    expect(((await setPassword(token, "pohjoinen tuuli puhaltaa")) as Response).status).toBe(302);
    await signInAs("aino.virtanen@kalevanpilvi.example", { password: "pohjoinen tuuli puhaltaa", fresh: true });
  });
});

describe("an administrator's reset link for an existing person", () => {
  it("voids older unused links, ends all of the person's sessions when used, and is audited without the token", async () => {
    const petriEmail = "petri.salonen@kalevanpilvi.example";
    const petri = await userIdOf(petriEmail);
    const petriSession = await signInAs(petriEmail, { fresh: true });
    const cookie = await signInAs(supplierAAdmin, { fresh: true });

    const first = (await run(personPage.action, post(`/admin/people/${petri}`, { intent: "resetLink" }, cookie), {
      personId: String(petri),
    })) as DataResult<LinkReply>;
    const second = (await run(personPage.action, post(`/admin/people/${petri}`, { intent: "resetLink" }, cookie), {
      personId: String(petri),
    })) as DataResult<LinkReply>;
    expect(first.init?.headers?.["Cache-Control"]).toBe("no-store");
    const oldToken = tokenOf(first.data.link!.url);
    const newToken = tokenOf(second.data.link!.url);
    expect(oldToken).not.toBe(newToken);
    expect(((await run(reset.loader, get(`/reset-password/${oldToken}`), { token: oldToken })) as DataResult<ResetView>).data.valid).toBe(false);
    expect(await sqlite.prepare("select count(*) as n from password_reset_tokens where user_id = ? and used_at is null").get(petri)).toEqual({ n: 1 });

    // Until the link is used, the person keeps their password and session.
    expect(((await run(home.loader, get("/", petriSession))) as { name: string }).name).toBe("Petri Salonen");
    expect(((await setPassword(newToken, "kesäinen-uusi-salasana")) as Response).status).toBe(302);
    const after = (await run(home.loader, get("/", petriSession))) as Response;
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toMatch(/^\/login/);
    expect(((await tryLogin(petriEmail, DEMO_PASSWORD)) as DataResult<unknown>).init?.status).toBe(401);
    await signInAs(petriEmail, { password: "kesäinen-uusi-salasana", fresh: true });

    const entries = (await sqlite
      .prepare(
        "select action, actor_user_id, entity_id, before, after from audit_log where action in ('user.reset_link_created', 'user.password_reset', 'user.create') order by id",
      )
      .all()) as Array<{ action: string; actor_user_id: number; entity_id: string; after: string | null }>;
    expect(entries.filter((e) => e.action === "user.reset_link_created" && e.entity_id === String(petri))).toHaveLength(2);
    const resetEntry = entries.find((e) => e.action === "user.password_reset" && e.entity_id === String(petri));
    expect(resetEntry?.actor_user_id).toBe(petri);
    const log = JSON.stringify(await sqlite.prepare("select * from audit_log").all());
    for (const secret of [oldToken, newToken, "kesäinen-uusi-salasana", DEMO_PASSWORD]) expect(log).not.toContain(secret);
  });

  it("is refused for a disabled account, and disabling voids an unused link", async () => {
    const cookie = await signInAs(admin, { fresh: true });
    const { created } = await createPersonAsOrgAdmin("poistuva@kalevanpilvi.example", "Poistuva Henkilö");
    const token = tokenOf(created.url);
    await run(personPage.action, post(`/admin/people/${created.id}`, { intent: "disable" }, cookie), { personId: String(created.id) });
    expect(((await run(reset.loader, get(`/reset-password/${token}`), { token })) as DataResult<ResetView>).data.valid).toBe(false);
    const refused = (await run(personPage.action, post(`/admin/people/${created.id}`, { intent: "resetLink" }, cookie), {
      personId: String(created.id),
    })) as DataResult<LinkReply>;
    expect(refused.init?.status).toBe(400);
    expect(refused.data.error).toBe("admin.people.disabledNoLink");
    expect(refused.data.link).toBeUndefined();
  });
});
