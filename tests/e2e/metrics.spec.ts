import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, logIn, switchLanguage } from "./helpers";

const [, staff, , supplierA, supplierB] = DEMO_ACCOUNTS;
const HOSTING = "Kalevan Pilvipalvelut Oyj";

async function session(browser: Browser, email: string, locale: "fi" | "en"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email);
  await switchLanguage(page, locale);
  return page;
}

/** The dashboard's series cards for one metric name, on the supplier's own relationship with the company. */
function hostingSeries(page: Page, metricName: string) {
  return page.getByTestId("metric-series").filter({ has: page.getByRole("heading", { name: metricName, exact: true }) }).filter({ hasText: HOSTING });
}

test("the company shares a metric with supplier A; A sees it, B does not; revoking hides it", async ({ browser }) => {
  const company = await session(browser, staff.email, "en");
  const a = await session(browser, supplierA.email, "fi");
  const b = await session(browser, supplierB.email, "en");

  // Nothing shared yet: supplier A sees the end-customer figures shared upstream, but not its quality incidents.
  await a.getByRole("link", { name: "Mittarit" }).click();
  await expect(a.getByRole("heading", { level: 1, name: "Mittarit" })).toBeVisible();
  await expect(a.getByTestId("metric-series").first()).toBeVisible();
  await expect(hostingSeries(a, "Laatupoikkeamat")).toHaveCount(0);

  // The company shares quality incidents of the hosting relationship with its other party.
  await company.getByRole("link", { name: "Sharing" }).click();
  await expect(company.getByRole("heading", { level: 1, name: "Sharing" })).toBeVisible();
  await company.getByLabel("Metric", { exact: true }).selectOption({ label: "Quality incidents" });
  const relationshipSelect = company.getByLabel("Relationship", { exact: true });
  const hostingOption = relationshipSelect.locator("option", { hasText: `${HOSTING} → Pohjolan Verkkokauppa Oy` });
  await relationshipSelect.selectOption((await hostingOption.getAttribute("value"))!);
  await company.getByRole("radio", { name: "The other party of the relationship" }).check();
  await company.getByLabel("Note (why you share)").fill("Laatupoikkeamat kumppanin nähtäväksi");
  await company.getByRole("button", { name: "Share", exact: true }).click();
  await expect(company.getByRole("status")).toHaveText("Shared. The audience sees the data now.");
  const grantRow = company.getByTestId("grant-row").filter({ hasText: "Laatupoikkeamat kumppanin nähtäväksi" });
  await expect(grantRow).toHaveCount(1);
  await expect(grantRow).toContainText(HOSTING); // who can see it now

  // Supplier A sees it, with its latest value, trend and target status.
  await a.reload();
  const shared = hostingSeries(a, "Laatupoikkeamat");
  await expect(shared).toHaveCount(1);
  await expect(shared.getByTestId("latest-value")).toHaveText(/^\d+$/);
  await expect(shared.getByTestId("target-status")).toHaveText(/Tavoite (saavutettu|ei täyty)/);
  await expect(shared).toContainText("Kirjannut Pohjolan Verkkokauppa Oy");

  // Supplier B sees its own relationship's figures (shared with it in the demo), never supplier A's.
  await b.getByRole("link", { name: "Metrics" }).click();
  await expect(b.getByTestId("metric-series").first()).toBeVisible();
  await expect(b.getByTestId("metric-series").filter({ hasText: HOSTING })).toHaveCount(0);
  await expect(b.getByText(HOSTING)).toHaveCount(0);

  // The company revokes; supplier A no longer sees it.
  await grantRow.getByRole("button", { name: /^Revoke/ }).click();
  await expect(company.getByRole("status")).toHaveText("Revoked. The data is hidden from the audience now.");
  await expect(company.getByTestId("grant-row").filter({ hasText: "Laatupoikkeamat kumppanin nähtäväksi" })).toContainText("Revoked");
  await a.reload();
  await expect(a.getByTestId("metric-series").first()).toBeVisible();
  await expect(hostingSeries(a, "Laatupoikkeamat")).toHaveCount(0);
});

test("a supplier records a month in the grid and sees a bad cell named", async ({ page }) => {
  await logIn(page, supplierA.email);
  await switchLanguage(page, "en");
  await page.goto("/metrics/record");
  await page.getByRole("link", { name: `${HOSTING} → Pohjolan Verkkokauppa Oy` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Measurements by month" })).toBeVisible();
  const cells = page.getByRole("textbox", { name: /^Resolution time, / });
  await expect(cells).toHaveCount(12);
  const last = cells.last();
  await last.fill("abc");
  await page.getByRole("button", { name: "Save all" }).click();
  await expect(page.getByRole("alert")).toContainText("1 cell needs fixing; nothing was saved.");
  await expect(page.getByRole("textbox", { name: /^Resolution time, / }).last()).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("textbox", { name: /^Resolution time, / }).last().fill("4.5");
  await page.getByRole("button", { name: "Save all" }).click();
  await expect(page.getByRole("status")).toContainText("Saved: 0 new values and 1 changed value.");
  await expect(page.getByRole("textbox", { name: /^Resolution time, / }).last()).toHaveValue("4.5");
});
