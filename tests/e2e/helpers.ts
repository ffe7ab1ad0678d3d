import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../support/demo-accounts";

export { DEMO_PASSWORD };
/** The demo logins by role: `demo.companyStaff`, `demo.supplierAAdmin`, ... */
export { demo } from "../support/demo-accounts";

/** Logs in through the real form, as a person would. */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole("button", { name: /^(Kirjaudu|Log in)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Picks the language with the header switch; works with or without JavaScript. */
export async function switchLanguage(page: Page, locale: "fi" | "en") {
  await page.locator(`form[action="/locale"] button[value="${locale}"]`).first().click();
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}
