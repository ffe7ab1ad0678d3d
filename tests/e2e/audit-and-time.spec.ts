/**
 * The audit log in words for an organisation admin, in both languages, and
 * times in the reader's time zone (Europe/Helsinki unless they choose
 * another), rendered alike by the server and the browser.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demo, logIn, switchLanguage } from "./helpers";
import { watchErrors } from "../support/page-errors";

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const { admin, supplierAAdmin } = demo;

/**
 * Axe on what this feature draws. The shared page furniture (the intro's and
 * the field hints' dimmed grey) is checked by the every-page crawl.
 */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).withTags(WCAG).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const TEXT = {
  fi: { admin: "Ylläpito", audit: "Tapahtumaloki", login: "Kirjautui sisään", person: "Henkilö" },
  en: { admin: "Administration", audit: "Audit log", login: "Logged in", person: "Person" },
} as const;

for (const locale of ["fi", "en"] as const) {
  const L = TEXT[locale];
  test(`an organisation admin reads their organisation's audit log in words (${locale})`, async ({ page }) => {
    const errors = watchErrors(page);
    await logIn(page, supplierAAdmin.email);
    await switchLanguage(page, locale);
    await page.getByRole("link", { name: L.admin, exact: true }).first().click();
    await page.getByRole("link", { name: L.audit, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: L.audit })).toBeVisible();
    const table = page.getByTestId("audit-table");
    // Their own login: a translated action, their name, the record named.
    const login = table.locator('[data-action="auth.login"]').first();
    await expect(login).toContainText(L.login);
    await expect(login).toContainText(supplierAAdmin.name);
    await expect(login).toContainText(L.person);
    // No raw keys, no "user #2", no JSON.
    const text = await table.innerText();
    expect(text).not.toMatch(/\bauth\.login\b|\buser #\d|\{"/);
    // Nothing of another organisation.
    expect(text).not.toContain("Kipinä");
    expect(await axeViolations(page, '[data-testid="audit-table"]')).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test("times are shown in the reader's time zone: Europe/Helsinki by default, another after choosing it on the account page", async ({ page }) => {
  const errors = watchErrors(page);
  await logIn(page, admin.email);
  await switchLanguage(page, "en");
  const expected = (iso: string, timeZone: string) =>
    new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone }).format(new Date(iso));

  await page.goto("/admin/audit?action=auth.login");
  const first = page.getByTestId("audit-table").locator("time").first();
  const iso = (await first.getAttribute("datetime"))!;
  await expect(first).toHaveText(expected(iso, "Europe/Helsinki"));
  await expect(page.locator("#main")).toContainText("Europe/Helsinki");

  await page.goto("/account");
  await page.getByLabel("Time zone", { exact: true }).selectOption("America/New_York");
  await page.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByRole("status")).toContainText("Time zone saved.");
  await expect(page.getByLabel("Time zone", { exact: true })).toHaveValue("America/New_York");
  expect(await axeViolations(page, '[data-testid="time-zone-form"]')).toEqual([]);

  await page.goto("/admin/audit?action=auth.login");
  const same = page.locator(`time[datetime="${iso}"]`).first();
  await expect(same).toHaveText(expected(iso, "America/New_York"));
  // A full page load renders on the server and hydrates in the browser: the same text, no mismatch.
  await page.reload();
  await expect(page.locator(`time[datetime="${iso}"]`).first()).toHaveText(expected(iso, "America/New_York"));

  // Back to the default for the other tests.
  await page.goto("/account");
  await page.getByLabel("Time zone", { exact: true }).selectOption("Europe/Helsinki");
  await page.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByRole("status")).toContainText("Time zone saved.");
  expect(errors).toEqual([]);
});
