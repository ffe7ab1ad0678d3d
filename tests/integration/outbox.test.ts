import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeTransaction } from "~/db.server";
import { OUTBOX_RETRY, retryDelayMs } from "~/domain/outbox-retry";
import { runScheduledWork } from "~/jobs/scheduled-work.server";
import { renderEmail } from "~/mail/render";
import { CLAIM_MS, deliverOutbox } from "~/mail/sender.server";
import { smtpTransport, type MailTransport } from "~/mail/smtp.server";
import { enqueueEmail, type OutgoingEmail } from "~/models/outbox.server";
import { closedPort, startSmtpSink, type SmtpSink } from "../support/smtp-sink";

/**
 * The transactional outbox and its sender (docs/decisions/0021-email-outbox.md),
 * against an SMTP sink in this process. The clock is passed in, never slept on.
 */
let sql: TestSql;
let sink: SmtpSink;
let transport: MailTransport;
const NOW = new Date("2026-03-02T08:00:00.000Z");
const FROM = "Portal Test <portal@test.example>";
const later = (ms: number) => new Date(NOW.getTime() + ms);

type Row = {
  id: number;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  text_body: string;
  html_body: string;
  message_id: string;
};

const rows = async () => (await sql.prepare("select * from outbox_emails order by id").all()) as Row[];

function email(n: number, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  const rendered = renderEmail({
    subject: `Test message ${n}`,
    greeting: "Hello Maija,",
    paragraphs: [`Paragraph of message ${n} with <markup> & ampersands.`],
    action: { label: "Open the portal", url: `https://portal.example/things/${n}` },
  });
  return { ...rendered, to: `person${n}@example.com`, locale: "en", category: "notification", ...overrides };
}

async function enqueueMany(count: number, at = NOW): Promise<number[]> {
  const ids: number[] = [];
  for (let n = 1; n <= count; n++) ids.push(await writeTransaction(() => enqueueEmail(email(n), at)));
  return ids;
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sql = openTestSql();
  sink = await startSmtpSink();
  transport = sink.transport();
});

afterAll(async () => {
  await sink.close();
  await sql.close();
});

beforeEach(async () => {
  await sql.exec("delete from outbox_emails; delete from job_leases");
  sink.messages.length = 0;
});

afterEach(() => {
  sink.messages.length = 0;
});

describe("the outbox is written in the event's transaction", () => {
  it("leaves no row when the transaction throws, and one when it commits", async () => {
    await expect(
      writeTransaction(async () => {
        await enqueueEmail(email(1), NOW);
        throw new Error("the event failed after writing its email");
      }),
    ).rejects.toThrow("the event failed");
    expect(await rows()).toHaveLength(0);

    const id = await writeTransaction(() => enqueueEmail(email(2), NOW));
    const [row] = await rows();
    expect(row).toMatchObject({ id, status: "pending", attempts: 0, next_attempt_at: NOW.toISOString(), claimed_by: null });
    expect(row.message_id).toMatch(/^<[0-9a-f-]{36}@service-chain-portal>$/);
  });
});

describe("delivery", () => {
  it("sends subject, From, To, Message-ID, plain text and HTML in the recipient's language, then marks the row sent", async () => {
    const fi = renderEmail({ subject: "Arviointi odottaa", greeting: "Hei Maija,", paragraphs: ["Vastaa arviointiin perjantaihin mennessä."] });
    const [enId] = await enqueueMany(1);
    const fiId = await writeTransaction(() => enqueueEmail({ ...fi, to: "maija@example.fi", locale: "fi", category: "notification" }, NOW));

    const report = await deliverOutbox(NOW, { transport, from: FROM });
    expect(report).toEqual({ sent: 2, failed: 0, deferred: 0 });
    expect(sink.messages).toHaveLength(2);

    const byId = new Map((await rows()).map((r) => [r.id, r]));
    const en = sink.messages.find((m) => m.to === "person1@example.com")!;
    expect(en.subject).toBe("Test message 1");
    expect(en.from).toBe("portal@test.example");
    expect(en.fromName).toBe("Portal Test");
    expect(en.envelopeTo).toEqual(["person1@example.com"]);
    expect(en.messageId).toBe(byId.get(enId)!.message_id);
    expect(en.text).toContain("Paragraph of message 1 with <markup> & ampersands.");
    expect(en.text).toContain("Open the portal: https://portal.example/things/1");
    expect(en.html).toContain("Paragraph of message 1 with &lt;markup&gt; &amp; ampersands.");
    expect(en.html).toContain('href="https://portal.example/things/1"');
    expect(en.headers.get("content-language")).toBe("en");
    expect(en.raw).toMatch(/multipart\/alternative/);

    const finnish = sink.messages.find((m) => m.to === "maija@example.fi")!;
    expect(finnish.subject).toBe("Arviointi odottaa");
    expect(finnish.text).toContain("Vastaa arviointiin perjantaihin mennessä.");
    expect(finnish.headers.get("content-language")).toBe("fi");
    expect(finnish.messageId).toBe(byId.get(fiId)!.message_id);

    for (const row of byId.values()) {
      expect(row).toMatchObject({ status: "sent", attempts: 1, sent_at: NOW.toISOString(), claimed_by: null, claimed_until: null, last_error: null });
      // Not sensitive: the text stays for the administrator to read.
      expect(row.text_body.length).toBeGreaterThan(0);
    }
    // Sent is sent: the next run finds nothing.
    expect(await deliverOutbox(later(60_000), { transport, from: FROM })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(sink.messages).toHaveLength(2);
  });

  it("empties a sensitive message's bodies once it is sent", async () => {
    await writeTransaction(() => enqueueEmail(email(7, { sensitive: true, category: "password_reset" }), NOW));
    await deliverOutbox(NOW, { transport, from: FROM });
    expect(sink.messages[0].text).toContain("things/7");
    const [row] = await rows();
    expect(row).toMatchObject({ status: "sent", text_body: "", html_body: "" });
  });

  it("sends nothing before a message is due", async () => {
    await enqueueMany(1, later(10 * 60_000));
    expect(await deliverOutbox(NOW, { transport, from: FROM })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(sink.messages).toHaveLength(0);
  });

  it("with SMTP_URL unset sends nothing and drops nothing: the messages wait, untouched", async () => {
    await enqueueMany(3);
    const report = await deliverOutbox(NOW);
    expect(report).toEqual({ sent: 0, failed: 0, deferred: 0, skipped: "not configured", waiting: 3 });
    for (const row of await rows()) expect(row).toMatchObject({ status: "pending", attempts: 0, claimed_by: null, last_error: null });
  });

  it("runs as the scheduled work's last job", async () => {
    await enqueueMany(1);
    const report = await runScheduledWork(NOW);
    const names = Object.keys(report);
    expect(names[names.length - 1]).toBe("outbox");
    // This process has no SMTP_URL: the job says so, and the messages (this one, and any the jobs before it wrote) wait.
    expect(report.outbox).toMatchObject({ skipped: "not configured", sent: 0 });
    const waiting = (await rows()).filter((r) => r.status === "pending").length;
    expect(waiting).toBeGreaterThanOrEqual(1);
    expect((report.outbox as { waiting: number }).waiting).toBe(waiting);
  });
});

describe("SMTP down", () => {
  it("records the attempt, backs off, and delivers exactly once after the clock passes the next attempt with the server up", async () => {
    const [id] = await enqueueMany(1);
    const down = smtpTransport(`smtp://portal:s3cret-Passw0rd@127.0.0.1:${await closedPort()}`);
    try {
      const first = await deliverOutbox(NOW, { transport: down, from: FROM });
      expect(first).toEqual({ sent: 0, failed: 1, deferred: 0 });
    } finally {
      down.close();
    }
    let [row] = await rows();
    expect(row).toMatchObject({ id, status: "pending", attempts: 1, next_attempt_at: later(retryDelayMs(1)).toISOString(), claimed_by: null, sent_at: null });
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    expect(row.last_error).not.toContain("s3cret");

    // Before the backoff is over, even with the server up: nothing.
    expect(await deliverOutbox(later(retryDelayMs(1) - 1000), { transport, from: FROM })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(sink.messages).toHaveLength(0);

    const after = later(retryDelayMs(1) + 1000);
    expect(await deliverOutbox(after, { transport, from: FROM })).toEqual({ sent: 1, failed: 0, deferred: 0 });
    expect(await deliverOutbox(later(retryDelayMs(1) + 5 * 60_000), { transport, from: FROM })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(sink.messages).toHaveLength(1);
    [row] = await rows();
    expect(row).toMatchObject({ status: "sent", attempts: 2, last_error: null, sent_at: after.toISOString() });
  });

  it("marks a message failed after the last attempt, without secrets in its error", async () => {
    await enqueueMany(1);
    const failing: MailTransport = {
      async send() {
        throw Object.assign(new Error("Invalid login: 535 for smtp://portal:s3cret-Passw0rd@mail.example"), { code: "EAUTH", responseCode: 535 });
      },
      close() {},
    };
    let at = NOW;
    for (let attempt = 1; attempt <= OUTBOX_RETRY.maxAttempts; attempt++) {
      expect(await deliverOutbox(at, { transport: failing, from: FROM })).toEqual({ sent: 0, failed: 1, deferred: 0 });
      at = new Date(at.getTime() + retryDelayMs(attempt) + 1);
    }
    const [row] = await rows();
    expect(row).toMatchObject({ status: "failed", attempts: OUTBOX_RETRY.maxAttempts });
    expect(row.last_error).toContain("EAUTH 535");
    expect(row.last_error).not.toContain("s3cret");
    // Failed stays failed until an administrator retries it.
    expect(await deliverOutbox(new Date(at.getTime() + 86_400_000), { transport, from: FROM })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(sink.messages).toHaveLength(0);
  });
});

describe("several senders", () => {
  it("two senders at once, claims only (no lease), deliver each of 20 messages exactly once", async () => {
    const ids = await enqueueMany(20);
    const other = sink.transport();
    const [a, b] = await Promise.all([
      deliverOutbox(NOW, { transport, holder: "server-a", useLease: false, from: FROM }),
      deliverOutbox(NOW, { transport: other, holder: "server-b", useLease: false, from: FROM }),
    ]);
    expect(a.sent + b.sent).toBe(20);
    expect(a.failed + b.failed).toBe(0);
    expect(sink.messages).toHaveLength(20);
    const messageIds = sink.messages.map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(20);
    const all = await rows();
    expect(all.map((r) => r.id)).toEqual(ids);
    for (const row of all) expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(new Set(all.map((r) => r.message_id))).toEqual(new Set(messageIds));
  });

  it("with the lease, the second sender at once skips its run", async () => {
    await enqueueMany(5);
    const [a, b] = await Promise.all([
      deliverOutbox(NOW, { transport, holder: "server-a", from: FROM }),
      deliverOutbox(NOW, { transport, holder: "server-b", from: FROM }),
    ]);
    const reports = [a, b].sort((x, y) => y.sent - x.sent);
    expect(reports[0]).toEqual({ sent: 5, failed: 0, deferred: 0 });
    expect(reports[1]).toEqual({ sent: 0, failed: 0, deferred: 0, skipped: "another sender holds the lease" });
    expect(sink.messages).toHaveLength(5);
    // Released at the end of the run: the next one may take it.
    expect((await deliverOutbox(later(1000), { transport, holder: "server-b", from: FROM })).skipped).toBeUndefined();
  });

  it("leaves a message another sender has claimed alone until the claim runs out", async () => {
    const [id] = await enqueueMany(1);
    await sql.prepare("update outbox_emails set claimed_by = ?, claimed_until = ? where id = ?").run("crashed", later(CLAIM_MS).toISOString(), id);
    expect(await deliverOutbox(later(1000), { transport, from: FROM })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(await deliverOutbox(later(CLAIM_MS + 1000), { transport, from: FROM })).toEqual({ sent: 1, failed: 0, deferred: 0 });
    expect(sink.messages).toHaveLength(1);
  });
});
