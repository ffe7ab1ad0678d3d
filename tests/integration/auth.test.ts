import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql } from "../support/test-sql";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import * as home from "~/routes/_app+/_index";
import * as locale from "~/routes/_i18n+/locale";
import * as login from "~/routes/_auth+/login";
import * as logout from "~/routes/_auth+/logout";
import * as root from "~/root";
import { cookieFrom, get, post, run } from "../support/remix";
import { demo } from "../support/demo-accounts";

type DataResult = { data: { error?: Record<string, string[] | null> }; init: { status: number; headers?: Record<string, string> } };

const staff = demo.companyStaff;

async function logIn(email: string, password: string, ip = "10.0.0.1") {
  return run(login.action, post("/login", { email, password }), {}, { clientIp: ip });
}

beforeAll(async () => {
  await prepareDemoDatabase();
});

describe("login", () => {
  it("starts a database-backed session in an HttpOnly, SameSite=Lax cookie and redirects", async () => {
    const res = (await logIn(staff.email, DEMO_PASSWORD)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^portal_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const page = (await run(home.loader, get("/", cookieFrom(res)))) as { name: string };
    expect(page.name).toBe(staff.name);
  });

  it("gives a new session id at every login and stores only its hash", async () => {
    const a = cookieFrom((await logIn(staff.email, DEMO_PASSWORD)) as Response);
    const b = cookieFrom((await logIn(staff.email, DEMO_PASSWORD)) as Response);
    expect(a).not.toBe(b);
    const token = decodeURIComponent(b.split("=")[1]);
    const sqlite = openTestSql();
    const stored = (await sqlite.prepare("select id_hash from sessions").all()) as { id_hash: string }[];
    await sqlite.close();
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) {
      expect(row.id_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(token).not.toContain(row.id_hash);
    }
  });

  it("answers an unknown email and a wrong password with the same status and message", async () => {
    const wrong = (await logIn(staff.email, "not-the-password", "10.0.0.2")) as DataResult;
    const unknown = (await logIn("nobody@nowhere.example", "not-the-password", "10.0.0.2")) as DataResult;
    expect(wrong.init.status).toBe(401);
    expect(unknown.init.status).toBe(401);
    expect(wrong.data.error).toEqual(unknown.data.error);
    expect(JSON.stringify(wrong.data.error)).toContain("login.failed");
  });

  it("names the field when the email is malformed", async () => {
    const res = (await logIn("not-an-email", "whatever1", "10.0.0.3")) as DataResult;
    expect(res.init.status).toBe(400);
    expect(res.data.error?.email).toEqual(["validation.email"]);
  });

  it("throttles the 11th failure in a minute from one address with 429 and Retry-After", async () => {
    for (let i = 0; i < 10; i++) {
      const r = (await logIn(`probe${i}@example.com`, "wrong-password", "10.9.9.9")) as DataResult;
      expect(r.init.status).toBe(401);
    }
    const blocked = (await logIn(staff.email, DEMO_PASSWORD, "10.9.9.9")) as DataResult;
    expect(blocked.init.status).toBe(429);
    expect(Number(blocked.init.headers?.["Retry-After"])).toBeGreaterThan(0);
    // Another address is not affected.
    const other = (await logIn(staff.email, DEMO_PASSWORD, "10.9.9.10")) as Response;
    expect(other.status).toBe(302);
  });

  it("refuses an open redirect after login", async () => {
    const res = (await run(
      login.action,
      post("/login", { email: staff.email, password: DEMO_PASSWORD, redirectTo: "//evil.example/x" }),
      {},
      { clientIp: "10.0.0.4" },
    )) as Response;
    expect(res.headers.get("Location")).toBe("/");
  });
});

describe("logout", () => {
  it("deletes the session so the old cookie no longer works", async () => {
    const cookie = cookieFrom((await logIn(staff.email, DEMO_PASSWORD)) as Response);
    const before = (await run(home.loader, get("/", cookie))) as { name: string };
    expect(before.name).toBe(staff.name);
    const out = (await run(logout.action, post("/logout", {}, cookie))) as Response;
    expect(out.status).toBe(302);
    const after = (await run(home.loader, get("/", cookie))) as Response;
    expect(after).toBeInstanceOf(Response);
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("sends anonymous visitors of a page to the login page", async () => {
    const res = (await run(home.loader, get("/chains"))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fchains");
  });
});

describe("language", () => {
  it("remembers the chosen language in a cookie and in the user's profile", async () => {
    const session = cookieFrom((await logIn(staff.email, DEMO_PASSWORD)) as Response);
    const res = (await run(locale.action, post("/locale", { locale: "en", redirectTo: "/chains" }, session))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/chains");
    const langCookie = cookieFrom(res);
    const withCookie = (await run(root.loader, get("/", `${session}; ${langCookie}`))) as { locale: string };
    expect(withCookie.locale).toBe("en");
    // Without the cookie the saved preference still applies.
    const fromProfile = (await run(root.loader, get("/", session))) as { locale: string };
    expect(fromProfile.locale).toBe("en");
  });

  it("falls back to Accept-Language for visitors, then Finnish", async () => {
    const en = new Request("http://localhost/login", { headers: { "Accept-Language": "en-US,en;q=0.9" } });
    expect(((await run(root.loader, en)) as { locale: string }).locale).toBe("en");
    expect(((await run(root.loader, get("/login"))) as { locale: string }).locale).toBe("fi");
  });

  it("rejects an unknown language", async () => {
    const res = (await run(locale.action, post("/locale", { locale: "sv" }))) as Response;
    expect(res.status).toBe(400);
  });
});
