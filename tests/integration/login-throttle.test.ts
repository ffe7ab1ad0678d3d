/**
 * Per-account login throttling slows an attacker without locking the owner
 * out (docs/decisions/0011-login-throttling.md): the scenario is
 * 100 failed logins in an hour from many addresses.
 */
import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import * as login from "~/routes/_auth+/login";
import { accountDelayMs, recordLoginFailure, THROTTLE } from "~/models/login-throttle.server";
import { post, run } from "../support/remix";
import { demo } from "../support/demo-accounts";

type Refused = { init: { status: number; headers?: Record<string, string> } };

const { companyStaff, projectLead, supplierAAdmin, supplierBStaff, customerStaff: endCustomer } = demo;
let sqlite: TestSql;
let ipCounter = 0;
const nextIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function attempt(email: string, password: string, cookie?: string): Promise<Response | Refused> {
  return (await run(login.action, post("/login", { email, password }, cookie), {}, { clientIp: nextIp() })) as Response | Refused;
}
const status = (r: Response | Refused) => (r instanceof Response ? r.status : r.init.status);
const retryAfter = (r: Response | Refused) => Number(r instanceof Response ? r.headers.get("Retry-After") : r.init.headers?.["Retry-After"]);

/** Signs in and returns the browser's cookies (session and device) as a Cookie header. */
async function signInBrowser(email: string, password = DEMO_PASSWORD): Promise<{ cookie: string; device: string }> {
  const res = (await attempt(email, password)) as Response;
  expect(res.status).toBe(302);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  const device = cookies.find((c) => c.startsWith("portal_device="));
  expect(device, "a device cookie").toBeDefined();
  return { cookie: cookies.join("; "), device: device! };
}

/** 100 failed logins on the account from 100 addresses, one every 6 seconds, the last one a second ago. */
async function hundredFailures(email: string) {
  const now = Date.now();
  for (let i = 0; i < 100; i++) await recordLoginFailure(`203.0.113.${i}`, email, new Date(now - 1000 - (99 - i) * 6000));
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
});

afterAll(() => sqlite.close());

describe("the per-account delay", () => {
  it("grows from nothing to at most five minutes", () => {
    expect([0, 4, 5, 6, 7, 10, 13, 14, 100].map(accountDelayMs)).toEqual([0, 0, 1000, 2000, 4000, 32_000, 256_000, 300_000, 300_000]);
    expect(THROTTLE.perAccount.maxDelayMs).toBeLessThanOrEqual(300_000);
  });

  it("lets an attacker with many addresses try a handful of passwords, then makes each further try wait", async () => {
    const answers: number[] = [];
    for (let i = 0; i < 30; i++) answers.push(status(await attempt(endCustomer.email, `guess-number-${i}`)));
    const verified = answers.filter((s) => s === 401).length;
    expect(verified).toBeGreaterThanOrEqual(THROTTLE.perAccount.freeFailures);
    expect(verified).toBeLessThanOrEqual(THROTTLE.perAccount.freeFailures + 1);
    expect(answers.slice(-20).every((s) => s === 429)).toBe(true);
  });
});

describe("after 100 failed logins in an hour from many addresses", () => {
  it("the owner's browser that signed in before gets in at once", async () => {
    const { device } = await signInBrowser(companyStaff.email);
    await hundredFailures(companyStaff.email);
    const res = await attempt(companyStaff.email, DEMO_PASSWORD, device);
    expect(status(res)).toBe(302);
  });

  it("a browser the account has not seen waits at most five minutes, not an hour", async () => {
    await hundredFailures(projectLead.email);
    const res = await attempt(projectLead.email, DEMO_PASSWORD);
    expect(status(res)).toBe(429);
    expect(retryAfter(res)).toBeGreaterThan(0);
    expect(retryAfter(res)).toBeLessThanOrEqual(300);
    // Once the attack pauses for that long, the owner gets in from anywhere.
    const failures = (await sqlite.prepare("select id, at from login_failures where email = ?").all(projectLead.email)) as { id: number; at: string }[];
    for (const { id, at } of failures)
      await sqlite.prepare("update login_failures set at = ? where id = ?").run(new Date(Date.parse(at) - 6 * 60_000).toISOString(), id);
    expect(status(await attempt(projectLead.email, DEMO_PASSWORD))).toBe(302);
  });

  it("another account's device cookie, or a forged one, earns no exemption", async () => {
    const { device: othersDevice } = await signInBrowser(supplierBStaff.email);
    await hundredFailures(supplierAAdmin.email);
    expect(status(await attempt(supplierAAdmin.email, DEMO_PASSWORD, othersDevice))).toBe(429);
    const forged = othersDevice.replace(/^portal_device=([^.]*)/, "portal_device=eyJkZXZpY2VJZCI6ImFhYWFhYWFhYWFhYWFhYWFhYWFhYWEiLCJ1c2VySWQiOjR9");
    expect(status(await attempt(supplierAAdmin.email, DEMO_PASSWORD, forged))).toBe(429);
  });

  it("a known browser loses its exemption after 10 wrong passwords of its own, and when the password changes", async () => {
    const owner = demo.admin;
    const { device } = await signInBrowser(owner.email);
    await hundredFailures(owner.email);
    for (let i = 0; i < THROTTLE.perDevice.limit; i++) expect(status(await attempt(owner.email, `typo-${i}`, device))).toBe(401);
    expect(status(await attempt(owner.email, DEMO_PASSWORD, device))).toBe(429);

    // A fresh device cookie, then the password changes elsewhere: the cookie no longer vouches.
    await sqlite.prepare("delete from login_failures where email = ?").run(owner.email);
    const { device: fresh } = await signInBrowser(owner.email);
    await hundredFailures(owner.email);
    await sqlite.prepare("update users set password_changed_at = ? where email = ?").run(new Date().toISOString(), owner.email);
    expect(status(await attempt(owner.email, DEMO_PASSWORD, fresh))).toBe(429);
  });
});

describe("simultaneous guesses", () => {
  it("count each other: a burst at the address's last free attempt gets one password check, the rest wait", async () => {
    // Nine failures from one address in the last minute: one more attempt is allowed.
    const ip = "198.51.100.7";
    const now = Date.now();
    for (let i = 0; i < THROTTLE.perIp.limit - 1; i++) await recordLoginFailure(ip, `someone-${i}@example.test`, new Date(now - 5000 + i));
    // Six wrong passwords at once, each for a different account: only the address's limit applies.
    const accounts = [companyStaff, projectLead, supplierAAdmin, supplierBStaff, endCustomer, demo.admin];
    const answers = await Promise.all(
      accounts.map(
        async (account) =>
          (await run(login.action, post("/login", { email: account.email, password: "wrong-guess-in-a-burst" }), {}, { clientIp: ip })) as Response | Refused,
      ),
    );
    expect(answers.map(status).sort()).toEqual([401, 429, 429, 429, 429, 429]);
    expect(await sqlite.prepare("select count(*) as n from login_failures where ip = ?").get(ip)).toEqual({ n: THROTTLE.perIp.limit });
  });

  it("take back the attempt of a right password: it counts as no failure", async () => {
    const ip = "198.51.100.8";
    const res = (await run(login.action, post("/login", { email: supplierBStaff.email, password: DEMO_PASSWORD }), {}, { clientIp: ip })) as Response | Refused;
    expect(status(res)).toBe(302);
    expect(await sqlite.prepare("select count(*) as n from login_failures where ip = ?").get(ip)).toEqual({ n: 0 });
  });
});
