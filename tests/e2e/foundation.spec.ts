import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { demo, logIn, switchLanguage } from "./helpers";

const { admin, companyStaff: staff, projectLead: lead, supplierAAdmin: supplierA, supplierBStaff: supplierB, customerStaff: endCustomer } = demo;

test("a wrong password gets a clear message and no session", async ({ page }) => {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(staff.email);
  await page.locator('input[name="password"]').fill("definitely-wrong");
  await page.getByRole("button", { name: /^(Kirjaudu|Log in)$/ }).click();
  await expect(page.getByRole("alert")).toHaveText(/Sähköposti tai salasana on väärin|Email or password is incorrect/);
  await page.goto("/chains");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fchains/);
});

test("company staff log in, switch the language and open the chain", async ({ page }) => {
  await logIn(page, staff.email);
  await switchLanguage(page, "fi");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tervetuloa");

  await page.getByRole("link", { name: "Ketjut" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ketjut" })).toBeVisible();
  await page.locator("table a").first().click();

  await expect(page.getByRole("heading", { level: 2, name: "Toimittajat" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Loppuasiakkaat" })).toBeVisible();
  const suppliers = page.getByTestId("chain-suppliers").getByTestId("relationship-card");
  const customers = page.getByTestId("chain-customers").getByTestId("relationship-card");
  await expect(suppliers).toHaveCount(6);
  await expect(customers).toHaveCount(8);
  // The chain's own content (the shell is checked elsewhere) passes axe's WCAG 2.2 AA rules.
  const axe = await new AxeBuilder({ page }).include("#main").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // Finnish number format on the score badges: a decimal comma.
  const firstScore = page.getByTestId("score").first();
  await expect(firstScore).toHaveText(/^\d{1,3},\d$/);
  const scoreFi = (await firstScore.textContent())!;

  await switchLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 2, name: "Suppliers" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "End customers" })).toBeVisible();
  await expect(page.getByTestId("score").first()).toHaveText(scoreFi.replace(",", "."));

  // The score links to its explanation: the relationship page's score section, same quarter and number.
  const score = page.getByTestId("chain-suppliers").getByTestId("score").first();
  // The name says the score's band too, as its colour does (issue 13).
  await expect(score).toHaveAccessibleName(/^Score \d{1,3}\.\d \((Poor|Fair|Good)\), Q[1-4] \d{4}: how it was computed$/);
  const shown = (await score.textContent())!;
  await score.click();
  await expect(page).toHaveURL(/\/relationships\/\d+\?period=\d{4}-Q[1-4]#score$/);
  const section = page.locator("#score");
  await expect(section).toBeInViewport();
  await expect(section.getByTestId("score")).toHaveText(shown);
  await section.locator("details.score-explain summary").click();
  const explanation = section.locator("details.score-explain[open]");
  await expect(explanation).toContainText("Importance model version 1");
  await expect(explanation.getByRole("row")).toHaveCount(7);

  // The choice is remembered on the next page.
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
});

test("the chain's search and order work without JavaScript, with the counts shown", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, staff.email);
  await switchLanguage(page, "en");
  await page.goto("/chains");
  await page.locator("table a").first().click();
  const suppliers = page.getByTestId("chain-suppliers");
  const customers = page.getByTestId("chain-customers");
  await expect(suppliers.getByTestId("chain-range")).toHaveText("Showing 1–6 of 6");

  // Upper case and Finnish letters find "Datanäkö Oy".
  await page.getByRole("searchbox", { name: "Name or service" }).fill("DATANÄKÖ");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/\?q=DATAN%C3%84K%C3%96&sort=name$/);
  await expect(suppliers.getByTestId("relationship-card")).toHaveCount(1);
  await expect(suppliers.getByRole("link", { name: "Datanäkö Oy" })).toBeVisible();
  await expect(suppliers.getByTestId("chain-range")).toHaveText("Showing 1–1 of 1 matching (6 in all)");
  await expect(customers.getByTestId("relationship-card")).toHaveCount(0);
  await expect(customers).toContainText("Nothing on this side matches the search.");
  await expect(page.getByRole("searchbox", { name: "Name or service" })).toHaveValue("DATANÄKÖ");

  // The order puts the weakest score first.
  await page.getByRole("searchbox", { name: "Name or service" }).fill("");
  await page.getByRole("combobox", { name: "Order" }).selectOption({ label: "Score, lowest first" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(suppliers.getByTestId("relationship-card")).toHaveCount(6);
  const values = (await suppliers.getByTestId("score").allTextContents()).map(Number);
  expect(values.length).toBeGreaterThan(2);
  expect(values).toEqual([...values].sort((a, b) => a - b));

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/chains\/\d+$/);
  await expect(suppliers.getByTestId("relationship-card")).toHaveCount(6);
  await expect(customers.getByTestId("relationship-card")).toHaveCount(8);
  await context.close();
});

test("a supplier's user sees only its own relationship in the chain", async ({ page }) => {
  await logIn(page, supplierB.email);
  await page.goto("/chains");
  await page.locator("table a").first().click();
  const cards = page.getByTestId("relationship-card");
  await expect(cards).toHaveCount(1);
  await expect(page.getByTestId("chain-customers").getByTestId("relationship-card")).toHaveCount(0);
});

test("logging out ends the session", async ({ page }) => {
  await logIn(page, endCustomer.email);
  await page.locator('form[action="/logout"] button').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("every demo account can log in", async ({ page }) => {
  for (const account of [admin, lead, supplierA]) {
    await logIn(page, account.email);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.locator('form[action="/logout"] button').click();
    await expect(page).toHaveURL(/\/login/);
  }
});
