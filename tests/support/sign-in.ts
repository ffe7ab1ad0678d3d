/**
 * Signs in through the real login action (as the form would post it) and
 * returns the Cookie header that the integration tests send with their
 * requests. Import tests/support/test-db FIRST in the test file: the app
 * modules are loaded lazily here, after it has pointed DATABASE_PATH.
 */
import { expect } from "vitest";
import { DEMO_PASSWORD, demo, demoEmails, type DemoAccount, type DemoRole } from "./demo-accounts";
import { cookieFrom, post, run } from "./remix";

export { demo, demoEmails, DEMO_PASSWORD, type DemoAccount, type DemoRole };

export type SignInOptions = {
  /** Adds the language cookie, as after a switch in the header. */
  locale?: "fi" | "en";
  /** Defaults to the demo password. */
  password?: string;
  /** The client address the login action sees (sessions, audit rows and the login throttle record it). */
  clientIp?: string;
  /** Starts a new session even when this file already holds one for the account. */
  fresh?: boolean;
};

// One session per account and password for the test file (each file has its own module graph).
const sessions = new Map<string, string>();

/** The Cookie header of a session for `who` (a demo role such as `demo.projectLead`, or any account's email). */
export async function signInAs(who: Pick<DemoAccount, "email"> | string, options: SignInOptions = {}): Promise<string> {
  const email = typeof who === "string" ? who : who.email;
  const password = options.password ?? DEMO_PASSWORD;
  const key = `${email}\n${password}`;
  let session = options.fresh ? undefined : sessions.get(key);
  if (!session) {
    const login = await import("~/routes/_auth+/login");
    const res = (await run(login.action, post("/login", { email, password }), {}, { clientIp: options.clientIp ?? "192.0.2.1" })) as Response;
    expect(res.status, `sign-in as ${email}`).toBe(302);
    session = cookieFrom(res);
    sessions.set(key, session);
  }
  if (!options.locale) return session;
  const { localeCookie } = await import("~/i18n/i18n.server");
  return `${session}; ${(await localeCookie.serialize(options.locale)).split(";")[0]}`;
}
