import { expect, test } from "@playwright/test";
import { demo, logIn, switchLanguage } from "./helpers";

const { admin, companyStaff: staff, supplierAAdmin: supplierA } = demo;

test("the admin creates a person, whose one-time link sets a password they then log in with", async ({ page, browser }) => {
  await logIn(page, admin.email);
  await switchLanguage(page, "en");
  await page.getByRole("link", { name: "Administration" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  await page.getByRole("link", { name: "People" }).click();
  await page.getByRole("link", { name: "New person" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New person" })).toBeVisible();

  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ella Esimerkki");
  await page.getByRole("textbox", { name: "Email", exact: true }).fill("ella.esimerkki@kalevanpilvi.example");
  await page.getByRole("combobox", { name: "Organisation", exact: true }).selectOption({ label: supplierA.organisation! });
  await page.getByRole("combobox", { name: "Role", exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create and make a link" }).click();

  const linkBox = page.getByTestId("one-time-link");
  await expect(linkBox).toContainText("shown only once");
  const url = await linkBox.getByRole("textbox", { name: "Link" }).inputValue();
  expect(url).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);

  // The person opens the link in their own browser.
  const theirs = await browser.newContext();
  const person = await theirs.newPage();
  await person.goto(url);
  await person.locator('form[action="/locale"] button[value="en"]').first().click();
  await expect(person.getByRole("heading", { level: 1, name: "Set your password" })).toBeVisible();
  await expect(person.getByText("ella.esimerkki@kalevanpilvi.example")).toBeVisible();
  await person.getByRole("textbox", { name: "New password", exact: true }).fill("short");
  await person.getByRole("textbox", { name: "New password again", exact: true }).fill("short");
  await person.getByRole("button", { name: "Set password" }).click();
  await expect(person.getByText("The password must be at least 8 characters.")).toBeVisible();

  const password = "a long and memorable passphrase";
  await person.getByRole("textbox", { name: "New password", exact: true }).fill(password);
  await person.getByRole("textbox", { name: "New password again", exact: true }).fill(password);
  await person.getByRole("button", { name: "Set password" }).click();
  await expect(person).toHaveURL(/\/login\?notice=password-set/);
  await expect(person.getByRole("status")).toContainText("Your password is set");

  await person.locator('input[name="email"]').fill("ella.esimerkki@kalevanpilvi.example");
  await person.locator('input[name="password"]').fill(password);
  await person.getByRole("button", { name: "Log in" }).click();
  await expect(person.getByRole("heading", { level: 1 })).toContainText("Ella Esimerkki");
  // A viewer administers nothing: no admin entry in the menu.
  await expect(person.getByRole("link", { name: "Account" })).toBeVisible();
  await expect(person.getByRole("link", { name: "Administration" })).toHaveCount(0);

  // The link worked once.
  const again = await theirs.newPage();
  await again.goto(url);
  await expect(again.getByRole("alert")).toContainText("This link is not valid");
  await theirs.close();

  // The creation is in the audit log, without the link.
  await page.goto("/admin/audit?action=user.create");
  await expect(page.getByTestId("audit-table")).toContainText("ella.esimerkki@kalevanpilvi.example");
  await expect(page.getByTestId("audit-table")).not.toContainText(url.split("/reset-password/")[1]);
});

test("the administration menu entry shows only to administrators", async ({ page }) => {
  await logIn(page, staff.email);
  await expect(page.getByRole("link", { name: /^(Oma tili|Account)$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^(Ylläpito|Administration)$/ })).toHaveCount(0);
  const res = await page.goto("/admin/people");
  expect(res?.status()).toBe(403);
  await page.goto("/");
  await page.locator('form[action="/logout"] button').click();
  await expect(page).toHaveURL(/\/login/);

  await logIn(page, supplierA.email);
  await page.getByRole("link", { name: /^(Ylläpito|Administration)$/ }).click();
  await expect(page.getByRole("link", { name: /^(Henkilöt|People)$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^(Organisaatiot|Organisations)$/ })).toHaveCount(0);
});
