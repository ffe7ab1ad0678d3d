/** Cross-site requests, security headers and cookie flags, against the production server. */
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { demo, DEMO_PASSWORD, logIn } from "./helpers";

test("a cross-site POST is refused with 403 and changes nothing", async ({ baseURL }) => {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const viaOrigin = await ctx.post("/login", {
    form: { email: demo.companyStaff.email, password: DEMO_PASSWORD },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(viaOrigin.status()).toBe(403);
  expect(viaOrigin.headers()["set-cookie"]).toBeUndefined();
  const viaFetchMetadata = await ctx.post("/locale", {
    form: { locale: "en" },
    headers: { "Sec-Fetch-Site": "cross-site" },
    maxRedirects: 0,
  });
  expect(viaFetchMetadata.status()).toBe(403);
  const sameOrigin = await ctx.post("/login", {
    form: { email: demo.companyStaff.email, password: DEMO_PASSWORD },
    headers: { Origin: baseURL!, "Sec-Fetch-Site": "same-origin" },
    maxRedirects: 0,
  });
  expect(sameOrigin.status()).toBe(302);
  await ctx.dispose();
});

test("pages carry a nonce-based CSP that differs per response, and the hardening headers", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const csp1 = first.headers()["content-security-policy"];
  const csp2 = second.headers()["content-security-policy"];
  for (const csp of [csp1, csp2]) {
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
  }
  const nonce1 = /'nonce-([^']+)'/.exec(csp1)![1];
  const nonce2 = /'nonce-([^']+)'/.exec(csp2)![1];
  expect(nonce1).not.toBe(nonce2);
  // Every inline script of the page carries that response's nonce.
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce1}"`);

  const headers = first.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("the session cookie is HttpOnly and SameSite=Lax, and Secure with __Host- over HTTPS", async ({ baseURL }) => {
  const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  const plain = await ctx.post("/login", { form: { email: demo.companyStaff.email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  const plainCookie = plain.headers()["set-cookie"];
  expect(plainCookie).toMatch(/^portal_session=/);
  expect(plainCookie).toMatch(/HttpOnly/);
  expect(plainCookie).toMatch(/SameSite=Lax/);
  expect(plainCookie).toMatch(/Path=\//);

  const viaProxy = await ctx.post("/login", {
    form: { email: demo.companyStaff.email, password: DEMO_PASSWORD },
    headers: { "X-Forwarded-Proto": "https" },
    maxRedirects: 0,
  });
  const secureCookie = viaProxy.headers()["set-cookie"];
  expect(secureCookie).toMatch(/^__Host-portal_session=/);
  expect(secureCookie).toMatch(/Secure/);
  expect(secureCookie).not.toMatch(/Domain=/i);
  await ctx.dispose();
});

test("a GET never changes data: GET /logout keeps the session", async ({ page }) => {
  await logIn(page, demo.companyStaff.email);
  await page.goto("/logout");
  await page.goto("/chains");
  await expect(page).toHaveURL(/\/chains$/);
});

test("supplier A and supplier B each see their own relationship and not the other's", async ({ browser }) => {
  const names: Record<string, string> = {};
  for (const [account, key] of [
    [demo.supplierAAdmin, "A"],
    [demo.supplierBStaff, "B"],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, account.email);
    await page.goto("/chains");
    await page.locator("table a").first().click();
    const cards = page.getByTestId("relationship-card");
    await expect(cards).toHaveCount(1);
    names[key] = (await cards.first().getAttribute("aria-label"))!;
    names[`${key}-body`] = await page.locator("main").innerText();
    await context.close();
  }
  const supplierA = names.A.split(" → ")[0];
  const supplierB = names.B.split(" → ")[0];
  expect(supplierA).not.toBe(supplierB);
  expect(names["A-body"]).toContain(supplierA);
  expect(names["A-body"]).not.toContain(supplierB);
  expect(names["B-body"]).toContain(supplierB);
  expect(names["B-body"]).not.toContain(supplierA);
});

test("bodies are checked before any route: size, content type and encoding", async ({ baseURL }) => {
  const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  const huge = await ctx.post("/login", {
    data: `email=${"a".repeat(1024 * 1024 + 10)}`,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    maxRedirects: 0,
  });
  expect(huge.status()).toBe(413);
  expect(await huge.text()).toContain("limit is 1 MB");
  const wrongType = await ctx.post("/login", { data: "email=x", headers: { "Content-Type": "text/plain" }, maxRedirects: 0 });
  expect(wrongType.status()).toBe(415);
  const badUtf8 = await ctx.post("/login", {
    data: Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x3d, 0xff, 0xfe]),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    maxRedirects: 0,
  });
  expect(badUtf8.status()).toBe(400);
  expect(await badUtf8.text()).toContain("UTF-8");
  await ctx.dispose();
});

test("a login link whose redirectTo hides another host behind a tab or backslash keeps the browser on the portal", async ({ page, baseURL }) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  // More inputs are in tests/integration/security-server.test.ts; here a real browser follows the answer.
  for (const redirectTo of ["/\t/evil.example/"]) {
    await page.goto(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
    await page.locator('input[name="email"]').fill(demo.companyStaff.email);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: /Kirjaudu|Log in/ }).click();
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(errors).toEqual([]);
});
