import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demo, logIn, switchLanguage } from "./helpers";

const { admin, companyStaff: staff } = demo;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Axe violations inside the page content (the shell is checked by its own tests). */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include("#main").withTags(WCAG).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** A score as the page prints it (59,4 or 59.4) as a number. */
const figure = (text: string) => Number(text.trim().replace("−", "-").replace(",", "."));

test.describe.configure({ mode: "serial" });

test("an administrator lowers compensation for large providers, previews, publishes, and the relationship page shows version 2", async ({ page }) => {
  // Axe over the whole editor (65 cells) takes a while on a busy machine.
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  await logIn(page, admin.email);
  await switchLanguage(page, "en");
  await page.getByRole("link", { name: "Administration" }).click();
  await page.getByRole("link", { name: "Scoring model" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Scoring model" })).toBeVisible();
  await expect(page.getByTestId("model-versions")).toContainText("Version 1: digiMensa default");
  expect(await axeViolations(page)).toEqual([]);

  // A draft copied from the active version.
  await page.getByRole("button", { name: "Start a draft" }).click();
  await expect(page).toHaveURL(/\/admin\/model\/\d+\?created=1$/);
  // The whole model is one form (65 cells): a large page.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Draft: digiMensa default", { timeout: 20_000 });
  const large = page.getByRole("combobox", { name: "Compensation · Firm size · Large: importance level" });
  await expect(large).toHaveValue("3");
  // The source statement sits beside the level.
  await expect(page.locator('tr[data-cell="compensation.size.large"]')).toContainText("Large firms consider compensation important.");
  await expect(page.locator('tr[data-cell="compensation.size.large"]')).toContainText("Suuret yritykset kokevat korvauksen tärkeänä.");

  // A mistake is named by its place, and nothing is saved.
  await page.getByRole("textbox", { name: "Multiplier for High criticality" }).fill("0");
  await page.getByRole("button", { name: "Save the draft" }).click();
  await expect(page.getByTestId("model-problems")).toContainText("Multiplier for High criticality: must be a number above 0");
  // The editor, with a problem shown.
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("textbox", { name: "Multiplier for High criticality" }).fill("2");

  await large.selectOption("1");
  await page.getByRole("button", { name: "Save the draft" }).click();
  await expect(page.getByRole("status")).toContainText("The draft is saved.", { timeout: 20_000 });
  await expect(page.getByRole("combobox", { name: "Compensation · Firm size · Large: importance level" })).toHaveValue("1");

  // The preview: the large providers' relationships change, largest change first.
  await page.getByRole("link", { name: "Preview and publish" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Draft (to be version 2) against Version 1 (active)");
  const table = page.getByTestId("preview-table");
  const first = table.locator("tbody tr").first();
  await expect(first).toContainText(/Kalevan Pilvipalvelut Oyj|Maksuvirta Oyj/);
  const hostingRow = table.locator("tbody tr", { hasText: "Kalevan Pilvipalvelut Oyj → Pohjolan Verkkokauppa Oy" });
  const before = figure(await hostingRow.getByTestId("preview-score").nth(0).innerText());
  const after = figure(await hostingRow.getByTestId("preview-score").nth(1).innerText());
  expect(after).not.toBe(before);
  await expect(hostingRow.locator("td").nth(3)).not.toContainText("no change");
  // Relationships of smaller providers do not change.
  await expect(table.locator("tbody tr", { hasText: "Kipinä AI Oy" })).toContainText("no change");
  await expect(page.locator('[data-count="changed"]')).toContainText("2");
  const relationshipUrl = await hostingRow.getByRole("link").getAttribute("href");
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole("textbox", { name: "Note" }).fill("Compensation matters less to large providers");
  await page.getByRole("button", { name: "Publish version 2" }).click();
  await expect(page).toHaveURL(/\/admin\/model\?published=2$/);
  await expect(page.getByRole("status")).toContainText("Version 2 is published and active");
  const row2 = page.getByTestId("model-versions").locator("tbody tr").filter({ hasText: "Version 2" });
  await expect(row2).toContainText("Active");
  await expect(row2).toContainText("Compensation matters less to large providers");

  // The relationship page: the new score, version 2 in its explanation, past quarters rescored and marked.
  await page.goto(relationshipUrl!);
  const score = page.locator("#main").getByTestId("score").first();
  await expect(score).toHaveText(after.toFixed(1));
  await score.click();
  await expect(page.locator("details[open]").first()).toContainText("Importance model version 2");
  await expect(page.getByTestId("trend-version")).toHaveText("Scores: model version 2. Earlier quarters are rescored with it.");
  const pastQuarter = page.getByTestId("trend-table").locator("tr[data-period]").nth(2);
  await expect(pastQuarter.getByTestId("assessed-under")).toHaveText("Assessed under version 1");
  await pastQuarter.locator("td").first().getByTestId("score").click();
  await expect(pastQuarter.locator("details[open]")).toContainText("Importance model version 2");
  expect(errors).toEqual([]);
});

test("the editor works without JavaScript: save, a named problem, delete", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(admin.email);
  await page.locator('input[name="password"]').fill("portal-demo-2026");
  await page.getByRole("button", { name: /^(Kirjaudu|Log in)$/ }).click();
  await page.locator('form[action="/locale"] button[value="fi"]').first().click();
  await page.goto("/admin/model");
  await page.getByRole("button", { name: "Aloita luonnos" }).click();
  await expect(page).toHaveURL(/\/admin\/model\/\d+\?created=1$/);
  const draftUrl = page.url().replace(/\?.*$/, "");

  await page.getByRole("combobox", { name: "Toimijoiden välinen luottamus · Yrityksen koko · Suuri yritys: tärkeystaso" }).selectOption("3");
  await page.getByRole("textbox", { name: "Hyvä · alkaen" }).fill("76");
  await page.getByRole("button", { name: "Tallenna luonnos" }).click();
  await expect(page.getByTestId("model-problems")).toContainText("Hyvä · alkaen: jättää aukon");
  // Nothing was saved.
  await page.goto(draftUrl);
  await expect(page.getByRole("combobox", { name: "Toimijoiden välinen luottamus · Yrityksen koko · Suuri yritys: tärkeystaso" })).toHaveValue("2");

  await page.getByRole("combobox", { name: "Toimijoiden välinen luottamus · Yrityksen koko · Suuri yritys: tärkeystaso" }).selectOption("3");
  await page.getByRole("textbox", { name: "Kerroin: Korkea kriittisyys" }).fill("2,5");
  await page.getByRole("button", { name: "Tallenna luonnos" }).click();
  await expect(page.getByRole("status")).toContainText("Luonnos on tallennettu.");
  await expect(page.getByRole("combobox", { name: "Toimijoiden välinen luottamus · Yrityksen koko · Suuri yritys: tärkeystaso" })).toHaveValue("3");
  await expect(page.getByRole("textbox", { name: "Kerroin: Korkea kriittisyys" })).toHaveValue("2,5");

  await page.getByRole("button", { name: "Poista luonnos" }).click();
  await expect(page).toHaveURL(/\/admin\/model\?deleted=1$/);
  await expect(page.getByRole("status")).toContainText("Luonnos on poistettu.");
  await context.close();
});

test("back to the digiMensa default: version 1 copied and published as version 3; version 1 cannot be deleted", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, admin.email);
  await switchLanguage(page, "en");
  await page.goto("/admin/model");
  const v1 = page.getByTestId("model-versions").getByRole("link", { name: "Version 1: digiMensa default" });
  await v1.click();
  await expect(page.getByText("A published version never changes.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete the draft" })).toHaveCount(0);
  await page.getByRole("button", { name: "Start a new draft from this version" }).click();
  await page.getByRole("link", { name: "Preview and publish" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Draft (to be version 3) against Version 2 (active)");
  await page.getByRole("textbox", { name: "Note" }).fill("Back to the digiMensa default");
  await page.getByRole("button", { name: "Publish version 3" }).click();
  await expect(page).toHaveURL(/published=3$/);
});

test("a user who is not a platform administrator gets 403 from the editor", async ({ page }) => {
  await logIn(page, staff.email);
  for (const path of ["/admin/model", "/admin/model/1", "/admin/model/1/preview", "/admin/model/1/export"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
  }
});

test("the editor and the preview at 390 px, in Finnish: axe finds nothing", async ({ page }) => {
  test.setTimeout(240_000);
  await logIn(page, admin.email);
  // The language first, on a desktop-width page: on a phone the switch sits in the menu.
  await switchLanguage(page, "fi");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/admin/model");
  await page.getByRole("button", { name: "Aloita luonnos" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Luonnos: digiMensa default", { timeout: 20_000 });
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("link", { name: "Esikatsele ja julkaise" }).click();
  await expect(page.getByTestId("preview-counts")).toBeVisible({ timeout: 20_000 });
  expect(await axeViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
