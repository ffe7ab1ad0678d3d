import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLAIM_MS, deliverOutbox, SENDER_LEASE_MS } from "~/mail/sender.server";
import type { MailTransport } from "~/mail/smtp.server";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";

/**
 * A kill between commit and send delivers once: a child process on the
 * same database writes an email and is SIGKILLed, before any sender ran, or
 * after its sender claimed the email but before it was sent. This process's
 * sender then delivers it once (once the dead sender's claim has run out).
 */
let sql: TestSql;
let sink: SmtpSink;
let transport: MailTransport;
const NOW = new Date("2026-03-02T08:00:00.000Z");

/** Starts the child (it inherits DATABASE_PATH or DATABASE_URL) and resolves once it printed `line`. */
function startChild(mode: "commit" | "claim", line: RegExp): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/outbox-crash-child.ts", mode, NOW.toISOString()], {
    env: { ...process.env, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not get to ${line}: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (line.test(output)) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!line.test(output)) reject(new Error(`child exited (${code}) early: ${output}`));
    });
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
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

describe("a kill between commit and send delivers once", () => {
  it("killed after the commit, before any sender ran: the next run delivers it once", async () => {
    const { child, output } = await startChild("commit", /committed \d+/);
    await kill(child);
    const id = Number(/committed (\d+)/.exec(output)![1]);
    const row = (await sql.prepare("select status, claimed_by from outbox_emails where id = ?").get(id)) as { status: string; claimed_by: string | null };
    expect(row).toEqual({ status: "pending", claimed_by: null });

    expect(await deliverOutbox(NOW, { transport })).toEqual({ sent: 1, failed: 0, deferred: 0 });
    expect(await deliverOutbox(new Date(NOW.getTime() + 3600_000), { transport })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(sink.messages.map((m) => m.subject)).toEqual(["Crash test (commit)"]);
  });

  it("killed after claiming, before sending: delivered once after the claim runs out", async () => {
    const { child, output } = await startChild("claim", /sending </);
    await kill(child);
    const id = Number(/committed (\d+)/.exec(output)![1]);
    const row = (await sql.prepare("select status, claimed_by, claimed_until, attempts from outbox_emails where id = ?").get(id)) as Record<string, unknown>;
    expect(row).toMatchObject({ status: "pending", claimed_by: "crashing-sender", attempts: 0 });
    // While the dead sender's lease holds, no other sender runs; past it (lease skipped here), its claim still holds the email.
    expect((await deliverOutbox(new Date(NOW.getTime() + 1000), { transport })).skipped).toBe("another sender holds the lease");
    expect(await deliverOutbox(new Date(NOW.getTime() + 1000), { transport, useLease: false })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(sink.messages).toHaveLength(0);

    // Once both have run out, the next run delivers it.
    const after = new Date(NOW.getTime() + Math.max(CLAIM_MS, SENDER_LEASE_MS) + 60_000);
    expect(await deliverOutbox(after, { transport })).toEqual({ sent: 1, failed: 0, deferred: 0 });
    expect(await deliverOutbox(new Date(after.getTime() + 3600_000), { transport })).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect(sink.messages.map((m) => m.subject)).toEqual(["Crash test (claim)"]);
    const sent = (await sql.prepare("select status, attempts, claimed_by, message_id from outbox_emails where id = ?").get(id)) as Record<string, unknown>;
    expect(sent).toMatchObject({ status: "sent", attempts: 1, claimed_by: null, message_id: sink.messages[0].messageId });
  });
});
