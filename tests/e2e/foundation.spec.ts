import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, logIn, switchLanguage } from "./helpers";

const [admin, staff, lead, supplierA, supplierB, endCustomer] = DEMO_ACCOUNTS;

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

  // Finnish number format on the score badges: a decimal comma.
  const firstScore = page.getByTestId("score").first();
  await expect(firstScore).toHaveText(/^\d{1,3},\d$/);
  const scoreFi = (await firstScore.textContent())!;

  await switchLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 2, name: "Suppliers" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "End customers" })).toBeVisible();
  await expect(page.getByTestId("score").first()).toHaveText(scoreFi.replace(",", "."));

  // The score opens to show its inputs, weights and the model version.
  await page.locator("details.score-explain summary").first().click();
  const explanation = page.locator("details.score-explain[open]").first();
  await expect(explanation).toContainText("Importance model version 1");
  await expect(explanation.getByRole("row")).toHaveCount(7);

  // The choice is remembered on the next page.
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
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
