import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "~/db.server";
import { renderEmail } from "~/mail/render";
import { enqueueEmail } from "~/models/outbox.server";
import * as outboxPage from "~/routes/_app+/admin+/outbox";
import { get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";

type Loaded = Awaited<ReturnType<typeof outboxPage.loader>>;
type DataResult<T> = { data: T; init: { status: number } | null };

let sql: TestSql;
let admin: string;
const ids: Record<string, number> = {};
const SECRET_LINK = "https://portal.example/reset-password/SECRET-ONE-TIME-LINK-abcdefghijklmnopqrstuvwxyz0";

async function write(name: string, createdAt: string, options: { sensitive?: boolean; text?: string } = {}) {
  const rendered = renderEmail({ subject: `Subject ${name}`, paragraphs: [options.text ?? `Body of ${name}`] });
  ids[name] = await writeTransaction(() =>
    enqueueEmail(
      { ...rendered, to: `${name}@example.com`, locale: "en", category: options.sensitive ? "password_reset" : "notification", sensitive: options.sensitive },
      new Date(createdAt),
    ),
  );
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sql = openTestSql();
  await sql.exec("delete from outbox_emails");
  await write("oldest", "2026-03-01T08:00:00.000Z");
  await write("secret", "2026-03-01T09:00:00.000Z", { sensitive: true, text: `Your link: ${SECRET_LINK}` });
  await write("broken", "2026-03-01T10:00:00.000Z");
  await write("newest", "2026-03-01T11:00:00.000Z");
  await sql
    .prepare("update outbox_emails set status = 'failed', attempts = 12, last_error = 'ECONNREFUSED connect ECONNREFUSED 127.0.0.1:2525' where id = ?")
    .run(ids.broken);
  await sql.prepare("update outbox_emails set status = 'sent', attempts = 1, sent_at = ? where id = ?").run("2026-03-01T08:01:00.000Z", ids.oldest);
  admin = await signInAs(demo.admin);
});

afterAll(() => sql.close());

describe("/admin/outbox", () => {
  it("lists the emails newest first, with a banner while SMTP_URL is unset, and never a body of a one-time link", async () => {
    const page = (await run(outboxPage.loader, get("/admin/outbox", admin))) as Loaded;
    expect(page.rows.map((r) => r.subject)).toEqual(["Subject newest", "Subject broken", "Subject secret", "Subject oldest"]);
    expect(page.rows[1]).toMatchObject({ status: "failed", attempts: 12, lastError: expect.stringContaining("ECONNREFUSED") });
    expect(page.rows[3]).toMatchObject({ status: "sent", sentAt: "2026-03-01T08:01:00.000Z" });
    expect(page.configured).toBe(false);
    expect(page.counts).toEqual({ pending: 2, sent: 1, failed: 1 });
    expect(JSON.stringify(page)).not.toContain("SECRET-ONE-TIME-LINK");
    expect(JSON.stringify(page)).not.toContain("Body of");
  });

  it("filters by status with a GET form", async () => {
    const failed = (await run(outboxPage.loader, get("/admin/outbox?status=failed", admin))) as Loaded;
    expect(failed.rows.map((r) => r.subject)).toEqual(["Subject broken"]);
    expect(failed.status).toBe("failed");
    const pending = (await run(outboxPage.loader, get("/admin/outbox?status=pending", admin))) as Loaded;
    expect(pending.rows.map((r) => r.subject)).toEqual(["Subject newest", "Subject secret"]);
    // An unknown status shows everything rather than failing.
    expect(((await run(outboxPage.loader, get("/admin/outbox?status=bogus", admin))) as Loaded).rows).toHaveLength(4);
  });

  it("shows a message's text, except a sensitive one's", async () => {
    const plain = (await run(outboxPage.loader, get(`/admin/outbox?message=${ids.newest}`, admin))) as Loaded;
    expect(plain.message).toMatchObject({ sensitive: false, subject: "Subject newest" });
    expect(plain.message?.text).toContain("Body of newest");
    const secret = (await run(outboxPage.loader, get(`/admin/outbox?message=${ids.secret}`, admin))) as Loaded;
    expect(secret.message).toMatchObject({ sensitive: true, text: null });
    expect(JSON.stringify(secret)).not.toContain("SECRET-ONE-TIME-LINK");
    expect(((await run(outboxPage.loader, get("/admin/outbox?message=999999", admin))) as Loaded).message).toBeNull();
  });

  it("retries a failed email now (audited); refuses a pending one with 409 and an unknown one with 404", async () => {
    const pendingTry = (await run(outboxPage.action, post("/admin/outbox", { intent: "retry", id: String(ids.newest) }, admin))) as DataResult<{
      error: string;
    }>;
    expect(pendingTry.init?.status).toBe(409);
    const unknown = (await run(outboxPage.action, post("/admin/outbox", { intent: "retry", id: "999999" }, admin))) as DataResult<{ error: string }>;
    expect(unknown.init?.status).toBe(404);
    const garbage = (await run(outboxPage.action, post("/admin/outbox", { intent: "retry", id: "x" }, admin))) as DataResult<{ error: string }>;
    expect(garbage.init?.status).toBe(404);

    const before = Date.now();
    const done = (await run(outboxPage.action, post("/admin/outbox?status=failed", { intent: "retry", id: String(ids.broken) }, admin))) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/admin/outbox?status=failed&retried=${ids.broken}`);
    const row = (await sql.prepare("select status, attempts, next_attempt_at from outbox_emails where id = ?").get(ids.broken)) as Record<string, unknown>;
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(new Date(String(row.next_attempt_at)).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audit = (await sql.prepare("select action, entity_type, entity_id, before from audit_log where action = 'outbox.retry'").all()) as Array<
      Record<string, string>
    >;
    expect(audit).toEqual([
      { action: "outbox.retry", entity_type: "outbox_email", entity_id: String(ids.broken), before: expect.stringContaining('"failed"') },
    ]);
  });

  it("refuses everyone but platform administrators, with 403", async () => {
    for (const who of [demo.supplierAAdmin, demo.companyStaff]) {
      const cookie = await signInAs(who);
      const page = (await run(outboxPage.loader, get("/admin/outbox", cookie))) as Response;
      expect(page.status).toBe(403);
      const retry = (await run(outboxPage.action, post("/admin/outbox", { intent: "retry", id: String(ids.broken) }, cookie))) as Response;
      expect(retry.status).toBe(403);
    }
    const anonymous = (await run(outboxPage.loader, get("/admin/outbox"))) as Response;
    expect(anonymous.status).toBe(302);
  });
});
