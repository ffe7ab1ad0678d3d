/**
 * Takes full-page screenshots of the key pages in Finnish and English, as a
 * person would see them, into test-results/screenshots/. Needs a running
 * server (npm start) and Chromium.
 *   npx tsx scripts/screenshots.ts [baseUrl] [email] [path ...]
 * SCREENSHOT_WIDTH=390 takes them at a phone's width.
 */
import fs from "node:fs";
import { chromium } from "@playwright/test";
import { DEMO_PASSWORD } from "../db/seed/demo";

const [baseUrl = "http://localhost:3000", email = "staff@verkkokauppa.example", ...paths] = process.argv.slice(2);
const pages = paths.length ? paths : ["/", "/chains", "/chains/1"];
const out = "test-results/screenshots";
fs.mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const width = Number(process.env.SCREENSHOT_WIDTH ?? 1400);
const page = await browser.newPage({ viewport: { width, height: 900 } });
await page.goto(`${baseUrl}/login`);
await page.screenshot({ path: `${out}/login.png` });
await page.fill('input[name="email"]', email);
await page.fill('input[name="password"]', DEMO_PASSWORD);
await page.getByRole("button", { name: /^(Kirjaudu|Log in)$/ }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
for (const locale of ["fi", "en"] as const) {
  // At a phone's width the switch is inside the menu: post its form directly.
  if (width < 768) await page.request.post(`${baseUrl}/locale`, { form: { locale, redirectTo: "/" }, headers: { Origin: baseUrl } });
  else await page.locator(`form[action="/locale"] button[value="${locale}"]`).first().click();
  if (width < 768) await page.goto(`${baseUrl}/`);
  await page.waitForSelector(`html[lang="${locale}"]`);
  for (const p of pages) {
    await page.goto(`${baseUrl}${p}`, { waitUntil: "networkidle" });
    // Charts arrive in their own chunk after hydration.
    await page.waitForTimeout(500);
    const name = `${locale}${p.replace(/[^a-z0-9]+/gi, "_")}${width === 1400 ? "" : `-${width}`}.png`;
    await page.screenshot({ path: `${out}/${name}`, fullPage: true });
    console.log(`${out}/${name}`);
  }
}
await browser.close();
