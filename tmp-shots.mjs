import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3404";
const [email, locale, width, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const context = await browser.newContext({ viewport: { width: Number(width), height: 900 }, locale: locale === "fi" ? "fi-FI" : "en-GB" });
const page = await context.newPage();
const errors = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
await page.goto(base + "/login");
await page.fill('input[name="email"]', email);
await page.fill('input[name="password"]', "portal-demo-2026");
await page.getByRole("button", { name: /^(Kirjaudu|Log in)$/ }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
await page.locator(`form[action="/locale"] button[value="${locale}"]`).first().click();
await page.waitForTimeout(500);
for (const p of paths) {
  await page.goto(base + p);
  await page.waitForLoadState("networkidle");
  for (let y = 0; y < 8000; y += 600) { await page.mouse.wheel(0, 600); await page.waitForTimeout(150); }
  await page.waitForTimeout(800);
  const name = `/tmp/shots/${email.split("@")[0]}-${locale}-${width}-${p.replace(/[^a-z0-9]+/gi, "_")}.png`;
  await page.screenshot({ path: name, fullPage: true });
  console.log(name, (await page.content()).length);
}
console.log("console errors:", errors);
await browser.close();
