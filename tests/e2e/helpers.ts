import fs from "node:fs";
import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../support/demo-accounts";
import { openTestSqlAt, type TestSql } from "../support/test-sql";

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

const PORT = process.env.E2E_PORT ?? 3123;
/** The seeded SQLite database the server of this run uses (on PostgreSQL: the file copied into it). */
const DATABASE_FILE = `tests/.tmp/e2e-${PORT}.db`;
/** Written by scripts/e2e-postgres-server.ts on PostgreSQL runs only (playwright.config.ts). */
const PG_URL_FILE = `tests/.tmp/e2e-${PORT}.pg-url`;

/**
 * A handle on the database the server under test uses, for specs that plant
 * fixtures or count rows: the PostgreSQL server whose URL the launcher
 * published, else the SQLite file. Calls are awaited on either engine; close
 * it when done. `readonly` applies to SQLite.
 */
export function openE2eSql(options: { readonly?: boolean } = {}): TestSql {
  const onPostgres = process.env.E2E_ENGINE === "postgres";
  const published = fs.existsSync(PG_URL_FILE);
  if (onPostgres !== published) {
    throw new Error(
      onPostgres
        ? `E2E_ENGINE=postgres but ${PG_URL_FILE} is missing: the PostgreSQL launcher did not publish its URL`
        : `${PG_URL_FILE} exists on a SQLite run: is a PostgreSQL run on port ${PORT} going on too?`,
    );
  }
  if (published) return openTestSqlAt({ url: fs.readFileSync(PG_URL_FILE, "utf8").trim() });
  return openTestSqlAt({ path: DATABASE_FILE, readonly: options.readonly });
}
