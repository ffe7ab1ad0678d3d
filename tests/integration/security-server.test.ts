/**
 * Security findings of issue 12, against the production server (build/server.mjs):
 * redirects stay on the site, signed-in answers are never cached, the
 * hardening headers, the OpenAPI server URL, secrets kept out of the log,
 * and a favicon that is not an error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { getOnNewConnection, postForm, signIn, type RunningServer } from "../support/server";
import { freshServerDatabase, startServerOn } from "../support/server-database";
import { demo } from "../support/demo-accounts";

let server: RunningServer;
let plain: RunningServer;
let staff: string;
let orgAdmin: string;

beforeAll(async () => {
  const [a, b] = await Promise.all([freshServerDatabase(), freshServerDatabase()]);
  // Behind a (pretend) trusted proxy on loopback, logging every request.
  server = await startServerOn(a, { env: { WEB_CONCURRENCY: "1", TRUST_PROXY: "1", LOG_LEVEL: "info" } });
  // Directly on the internet: X-Forwarded-* is not to be believed. A public URL is configured.
  plain = await startServerOn(b, { env: { WEB_CONCURRENCY: "1", PUBLIC_URL: "https://portal.example/" } });
  staff = await signIn(server.url, demo.companyStaff.email, DEMO_PASSWORD);
  orgAdmin = await signIn(server.url, demo.supplierAAdmin.email, DEMO_PASSWORD);
}, 180_000);

afterAll(async () => {
  await Promise.all([server?.stop(), plain?.stop()]);
});

const NASTY_REDIRECTS = [
  "/\t/evil.example",
  "/\n/evil.example",
  "\t//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "//evil.example",
  "https://evil.example/",
  "/.//evil.example",
  " //evil.example",
  "javascript:alert(1)",
  "/\u0000/evil.example",
  "/metrics\u0000\u0007\u001b",
  "/\u007f",
  "/x\r\nSet-Cookie: a=b",
];

/** Where a browser at the portal would go with this Location. */
const destination = (location: string | null) => new URL(location ?? "", server.url).origin;

describe("redirects after login and language switch", () => {
  it.each(NASTY_REDIRECTS)("keep the browser on the site for redirectTo %j, never a 5xx", async (redirectTo) => {
    const login = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email: demo.companyStaff.email, password: DEMO_PASSWORD, redirectTo }),
    });
    expect(login.status).toBe(302);
    expect(destination(login.headers.get("location"))).toBe(new URL(server.url).origin);
    expect(login.headers.get("set-cookie")).not.toMatch(/(^|, )a=b/);

    const locale = await postForm(server.url, "/locale", { locale: "en", redirectTo }, staff);
    expect(locale.status).toBe(302);
    expect(destination(locale.headers.get("location"))).toBe(new URL(server.url).origin);
  });

  it("still go back to the page a person came from", async () => {
    const res = await postForm(server.url, "/locale", { locale: "fi", redirectTo: "/metrics?from=2026-01" }, staff);
    expect(res.headers.get("location")).toBe("/metrics?from=2026-01");
  });
});

describe("Cache-Control", () => {
  it("is no-store on signed-in pages and their data requests", async () => {
    for (const path of ["/", "/metrics", "/metrics.data", `/metrics?_data=${encodeURIComponent("routes/_app+/metrics+/_index")}`, "/account", "/chains"]) {
      const res = await fetch(`${server.url}${path}`, { headers: { Cookie: staff }, redirect: "manual" });
      expect(res.status, path).toBeLessThan(400);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
  });

  it("is no-store on the page that shows a new API token once", async () => {
    const page = await fetch(`${server.url}/settings/api-tokens`, { headers: { Cookie: orgAdmin } });
    expect(page.headers.get("cache-control")).toBe("no-store");
    const organisation = /name="organisation"[^>]*value="(\d+)"/.exec(await page.text())![1];
    const created = await postForm(server.url, "/settings/api-tokens", { intent: "create", organisation, name: "Cache test" }, orgAdmin);
    expect(created.status).toBe(200);
    const body = await created.text();
    expect(body).toMatch(/scp_[A-Za-z0-9_-]{20,}/);
    expect(created.headers.get("cache-control")).toBe("no-store");
  });
});

describe("/healthz, answered ahead of the page router", () => {
  it("says ok with the usual headers, and refuses other methods with 405", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const post = await fetch(`${server.url}/healthz`, { method: "POST", headers: { Origin: server.url } });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("hardening headers", () => {
  it("sends Permissions-Policy, Cross-Origin-Opener-Policy and no HSTS over plain HTTP", async () => {
    const res = await fetch(`${server.url}/login`);
    expect(res.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
    expect(res.headers.get("permissions-policy")).toMatch(/geolocation=\(\)/);
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS over HTTPS as told by a trusted proxy, and not when anyone can say so", async () => {
    const proxied = await fetch(`${server.url}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(proxied.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    const spoofed = await fetch(`${plain.url}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(spoofed.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("/api/v1/openapi.json", () => {
  it("never puts the request's Host header in its server URL", async () => {
    const relative = await getOnNewConnection(`${server.url}/api/v1/openapi.json`, { Host: "evil.example" });
    expect(relative.status).toBe(200);
    expect(JSON.parse(relative.body).servers).toEqual([{ url: "/api/v1" }]);
    expect(relative.body).not.toContain("evil.example");
    const configured = await getOnNewConnection(`${plain.url}/api/v1/openapi.json`, { Host: "evil.example" });
    expect(JSON.parse(configured.body).servers).toEqual([{ url: "https://portal.example/api/v1" }]);
  });
});

describe("the log", () => {
  const TOKEN = "scp_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
  const RESET = "Zq3x_8kLmN0pQrStUvWxYz0123456789abcdefghijk";

  it("never holds a token sent as ?access_token= or a reset token in a path of any letter case", async () => {
    await fetch(`${server.url}/api/v1/metrics?access_token=${TOKEN}&limit=1`);
    await fetch(`${server.url}/Reset-Password/${RESET}`);
    await fetch(`${server.url}/RESET-PASSWORD/${RESET}?x=1`);
    await fetch(`${server.url}/reset%2Dpassword/${RESET}`);
    await new Promise((r) => setTimeout(r, 300));
    const log = server.output();
    expect(log).toContain("access_token=[redacted]");
    expect(log).toContain("/Reset-Password/[redacted]");
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(RESET);
  });

  it("serves /favicon.ico, and a missing file is a 404 line, not an error", async () => {
    const icon = await fetch(`${server.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/icon/);
    expect((await fetch(`${server.url}/favicon.svg`)).status).toBe(200);
    const before = server.output().length;
    expect((await fetch(`${server.url}/apple-touch-icon.png`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 300));
    const lines = server
      .output()
      .slice(before)
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.some((l) => l.msg === "request completed")).toBe(true);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});
