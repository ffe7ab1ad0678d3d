import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverOutbox } from "~/mail/sender.server";
import type { MailTransport } from "~/mail/smtp.server";
import { RESET_REQUEST_LIMIT, resetLinkAccount, resetPasswordWithToken, SELF_SERVICE_LINK_MINUTES } from "~/models/password-reset.server";
import * as forgot from "~/routes/_auth+/forgot-password";
import * as login from "~/routes/_auth+/login";
import * as newPerson from "~/routes/_app+/admin+/people.new";
import { BASE, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { organisationIdOf, userIdOf } from "../support/factories";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";

type DataResult<T> = { data: T; init: { status: number; headers?: Record<string, string> } | null };
type ForgotReply = { sent: boolean; result: { error?: Record<string, string[] | null> } | null };

let sql: TestSql;
let sink: SmtpSink;
let transport: MailTransport;
let ipCounter = 0;
/** A fresh client address per request unless a test needs one address for several. */
const nextIp = () => `10.77.${Math.floor(++ipCounter / 200)}.${ipCounter % 200}`;

const KNOWN = "petri.salonen@kalevanpilvi.example";
const FINNISH_READER = "riikka.hamalainen@aaltopalvelu.example";
const DISABLED = "jari.nieminen@maksuvirta.example";

function forgotRequest(email: string, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}/forgot-password`, {
    method: "POST",
    body: new URLSearchParams({ email }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...headers },
  });
}

async function ask(email: string, options: { ip?: string; headers?: Record<string, string> } = {}) {
  return (await run(forgot.action, forgotRequest(email, options.headers), {}, { clientIp: options.ip ?? nextIp() })) as DataResult<ForgotReply>;
}

const outboxRows = async () =>
  (await sql.prepare("select id, to_address, locale, category, sensitive, status, subject, text_body from outbox_emails order by id").all()) as Array<{
    id: number;
    to_address: string;
    locale: string;
    category: string;
    sensitive: boolean | number;
    status: string;
    subject: string;
    text_body: string;
  }>;

const linkIn = (text: string) => /https?:\/\/\S+\/reset-password\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

beforeAll(async () => {
  await prepareDemoDatabase();
  sql = openTestSql();
  sink = await startSmtpSink();
  transport = sink.transport();
  await sql.prepare("update users set locale = ? where email = ?").run("en", KNOWN);
  await sql.prepare("update users set locale = null where email = ?").run(FINNISH_READER);
  await sql.prepare("update users set disabled_at = ? where email = ?").run(new Date().toISOString(), DISABLED);
});

afterAll(async () => {
  await sink.close();
  await sql.close();
});

beforeEach(async () => {
  await sql.exec("delete from outbox_emails; delete from job_leases");
  sink.messages.length = 0;
});

describe("/forgot-password", () => {
  it("gives the same status and body for a known, an unknown and a disabled address; only the known one gets an email", async () => {
    const known = await ask(KNOWN);
    const unknown = await ask("nobody.here@example.com");
    const disabled = await ask(DISABLED);
    expect(known.init?.status ?? 200).toBe(200);
    for (const other of [unknown, disabled]) {
      expect(other.init?.status ?? 200).toBe(known.init?.status ?? 200);
      expect(JSON.stringify(other.data)).toBe(JSON.stringify(known.data));
    }
    expect(known.data).toEqual({ sent: true, result: null });

    const rows = await outboxRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to_address: KNOWN, category: "password_reset", status: "pending" });
    expect(Boolean(rows[0].sensitive)).toBe(true);

    const audit = (await sql
      .prepare("select action, entity_type, entity_id, before, after from audit_log where action = 'password.reset_requested' order by id desc")
      .all()) as Array<Record<string, string | null>>;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: "user", entity_id: String(await userIdOf(KNOWN)) });
    expect(JSON.stringify(audit)).not.toMatch(/reset-password\//);
  });

  it("writes the email in the person's language, else the request's", async () => {
    // Petri chose English; the request comes from a Finnish browser.
    await ask(KNOWN, { headers: { "Accept-Language": "fi-FI,fi;q=0.9" } });
    // Riikka has no choice saved; the request asks for Finnish.
    await ask(FINNISH_READER, { headers: { "Accept-Language": "fi" } });
    const rows = await outboxRows();
    expect(rows.map((r) => [r.to_address, r.locale])).toEqual([
      [KNOWN, "en"],
      [FINNISH_READER, "fi"],
    ]);
    expect(await deliverOutbox(new Date(), { transport })).toMatchObject({ sent: 2, failed: 0 });
    const english = sink.messages.find((m) => m.to === KNOWN)!;
    expect(english.subject).toBe("Choose a new password for the service chain portal");
    expect(english.text).toContain("Hello Petri Salonen,");
    expect(english.text).toContain(`works once, for ${SELF_SERVICE_LINK_MINUTES} minutes`);
    expect(english.html).toMatch(/href="https?:\/\/[^"]+\/reset-password\/[A-Za-z0-9_-]{43}"/);
    const finnish = sink.messages.find((m) => m.to === FINNISH_READER)!;
    expect(finnish.subject).toBe("Valitse uusi salasana palveluketjuportaaliin");
    expect(finnish.text).toContain("Hei Riikka Hämäläinen,");
    expect(finnish.headers.get("content-language")).toBe("fi");
    // Sent: the one-time link is gone from the outbox.
    for (const row of await outboxRows()) expect(row).toMatchObject({ status: "sent", text_body: "" });
  });

  it("sends a link that works once and expires after 60 minutes", async () => {
    const asked = new Date();
    await ask(KNOWN);
    await deliverOutbox(new Date(), { transport });
    const token = linkIn(sink.messages[0].text)!;
    expect(token).toBeDefined();
    expect(linkIn(sink.messages[0].html)).toBe(token);

    const justBefore = new Date(asked.getTime() + (SELF_SERVICE_LINK_MINUTES - 1) * 60_000);
    const justAfter = new Date(Date.now() + SELF_SERVICE_LINK_MINUTES * 60_000 + 1000);
    expect(await resetLinkAccount(token, justBefore)).toEqual({ email: KNOWN });
    expect(await resetLinkAccount(token, justAfter)).toBeNull();
    expect(await resetPasswordWithToken(token, "tangerine orbit cathedral 42", null, justAfter)).toMatchObject({ ok: false, status: 404 });

    expect(await resetPasswordWithToken(token, "tangerine orbit cathedral 42")).toEqual({ ok: true });
    expect(await resetPasswordWithToken(token, "marble lantern voyage 43")).toMatchObject({ ok: false, status: 404 });
    await signInAs(KNOWN, { password: "tangerine orbit cathedral 42", fresh: true, clientIp: nextIp() });
  });

  it("leaves an administrator's link working, 24 hours long", async () => {
    const cookie = await signInAs(demo.supplierAAdmin, { fresh: true, clientIp: nextIp() });
    const orgId = await organisationIdOf(demo.supplierAAdmin.email);
    const created = (await run(
      newPerson.action,
      post(
        "/admin/people/new",
        { email: "uusi.tyontekija@kalevanpilvi.example", name: "Uusi Työntekijä", organisationId: String(orgId), role: "staff" },
        cookie,
      ),
    )) as DataResult<{ created: { url: string } | null }>;
    const adminToken = created.data.created!.url.split("/reset-password/")[1];

    await ask("uusi.tyontekija@kalevanpilvi.example");
    await deliverOutbox(new Date(), { transport });
    const selfToken = linkIn(sink.messages[0].text)!;
    expect(selfToken).not.toBe(adminToken);
    // Someone asking for a link at /forgot-password does not void the one the administrator handed over.
    expect(await resetLinkAccount(adminToken)).toEqual({ email: "uusi.tyontekija@kalevanpilvi.example" });
    expect(await resetLinkAccount(adminToken, new Date(Date.now() + 23 * 3600_000))).not.toBeNull();
    expect(await resetLinkAccount(selfToken)).not.toBeNull();
    // Using either voids the other.
    expect(await resetPasswordWithToken(adminToken, "the new person's own passphrase")).toEqual({ ok: true });
    expect(await resetLinkAccount(selfToken)).toBeNull();
  });

  it("throttles per email address (existing or not) and per client address, with 429 and Retry-After", async () => {
    const throttled = "matti.laaksonen@tilapalvelut.example";
    for (const address of [throttled, "no.such.person@example.com"]) {
      for (let i = 0; i < RESET_REQUEST_LIMIT.perEmail; i++) expect((await ask(address)).init?.status ?? 200).toBe(200);
      const over = await ask(address);
      expect(over.init?.status).toBe(429);
      expect(Number(over.init?.headers?.["Retry-After"])).toBeGreaterThan(0);
      expect(over.data.result?.error?.[""]).toEqual(["forgot.throttled"]);
    }
    // The throttled requests wrote nothing more: one email per allowed request for the known address.
    expect((await outboxRows()).filter((r) => r.to_address === throttled)).toHaveLength(RESET_REQUEST_LIMIT.perEmail);

    const ip = "10.99.0.1";
    for (let i = 0; i < 10; i++) expect((await ask(`spray${i}@example.com`, { ip })).init?.status ?? 200).toBe(200);
    const sprayed = await ask("spray-last@example.com", { ip });
    expect(sprayed.init?.status).toBe(429);
    // Failed logins and reset requests share the address's budget.
    const loginTry = (await run(login.action, post("/login", { email: KNOWN, password: "wrong" }), {}, { clientIp: ip })) as DataResult<unknown>;
    expect(loginTry.init?.status).toBe(429);
  });

  it("refuses a malformed address with 400 and writes nothing", async () => {
    const res = await ask("not an address");
    expect(res.init?.status).toBe(400);
    expect(res.data.result?.error?.email).toEqual(["validation.email"]);
    expect(await outboxRows()).toHaveLength(0);
  });
});
