import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { demo, logIn, switchLanguage } from "./helpers";

const lead = demo.projectLead;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Axe violations inside the page content. The shared shell (header, navbar)
 * is another feature's; it is checked by its own tests.
 */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include("#main").withTags(WCAG).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const TEXT = {
  fi: {
    nav: "Vertailu",
    compare: "Vertaa",
    gap: "Näkemysero",
    large: "Suuri yritys",
    update: "Päivitä",
    csv: "Lataa CSV",
    size: "Tarjoajan koko",
    noData: "ei tietoa",
  },
  en: {
    nav: "Compare",
    compare: "Compare",
    gap: "Perception gap",
    large: "Large",
    update: "Update",
    csv: "Download CSV",
    size: "Provider size",
    noData: "no data",
  },
} as const;

/** A figure as the page prints it (3,50 / −0,50 / +1,00) as a number. */
function shown(text: string): number {
  return Number(text.trim().replace("−", "-").replace("+", "").replace(",", "."));
}

async function matrixValues(page: Page): Promise<string[][]> {
  return page
    .getByTestId("compare-matrix")
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll("td")).map((td) => (td.querySelector('[data-testid="cell-value"]')?.textContent ?? td.textContent ?? "").trim()),
      ),
    );
}

for (const locale of ["fi", "en"] as const) {
  const L = TEXT[locale];
  test(`a project lead picks partners, switches to the gap view, filters by size, reloads and downloads the CSV (${locale})`, async ({ page }) => {
    await logIn(page, lead.email);
    await switchLanguage(page, locale);
    await page.getByRole("link", { name: L.nav, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("too-few")).toBeVisible();

    for (const name of ["Kalevan Pilvipalvelut Oyj", "Maksuvirta Oyj", "Datanäkö Oy"]) {
      await page.getByRole("checkbox", { name: new RegExp(`^${name}`) }).check();
    }
    await page.getByRole("button", { name: L.compare, exact: true }).click();
    await expect(page.getByTestId("partner-header")).toHaveCount(3);
    expect(new URL(page.url()).searchParams.getAll("r")).toHaveLength(3);
    await expect(page.getByTestId("too-few")).toHaveCount(0);
    // The radar draws one shape per partner (all three have every factor).
    await expect(page.getByTestId("compare-radar").locator(".recharts-radar-polygon")).toHaveCount(3);

    // Scores of both sides, then the perception gap.
    const bothScores = await page.locator('tr[data-row="score"] [data-testid="cell-value"]').allTextContents();
    expect(bothScores).toHaveLength(3);
    for (const s of bothScores) expect(s).toMatch(locale === "fi" ? /^\d{1,3},\d$/ : /^\d{1,3}\.\d$/);
    await page.getByRole("link", { name: L.gap, exact: true }).click();
    await expect(page).toHaveURL(/side=gap/);
    await expect(page.getByRole("link", { name: L.gap, exact: true })).toHaveAttribute("aria-current", "true");
    await expect(page.locator('tr[data-row="score_gap"]')).toBeVisible();
    await expect(page.locator('tr[data-row="score"] [data-testid="cell-value"]')).toHaveText(bothScores);

    // Only the large providers.
    await page.getByRole("group", { name: L.size }).getByRole("checkbox", { name: L.large, exact: true }).check();
    await page.getByRole("button", { name: L.update, exact: true }).click();
    await expect(page).toHaveURL(/size=large/);
    await expect(page.getByTestId("partner-header")).toHaveCount(2);
    await expect(page.getByTestId("hidden-by-filters")).toBeVisible();
    const headers = await page.getByTestId("partner-header").locator("p").first().allTextContents();
    expect(headers.join()).not.toContain("Datanäkö");

    // The URL holds the whole view: a reload shows the same matrix.
    const url = page.url();
    const before = await matrixValues(page);
    await page.reload();
    expect(page.url()).toBe(url);
    await expect(page.getByTestId("partner-header")).toHaveCount(2);
    expect(await matrixValues(page)).toEqual(before);
    await expect(page.getByRole("group", { name: L.size }).getByRole("checkbox", { name: L.large, exact: true })).toBeChecked();

    // The CSV has the numbers on the screen.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: L.csv }).click()]);
    expect(download.suggestedFilename()).toMatch(/^comparison-\d{4}-Q[1-4]-gap\.csv$/);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const rows = Papa.parse<string[]>(text.trim(), { delimiter: locale === "fi" ? ";" : "," }).data;
    const rowLabels = await page.getByTestId("compare-matrix").locator("tbody th").allTextContents();
    // The file's last row names the scoring model version; the page says it under the matrix.
    expect(rows.at(-1)![0]).toBe(locale === "fi" ? "Pisteytysmallin versio" : "Scoring model version");
    expect(rows.slice(1, -1).map((r) => r[0])).toEqual(rowLabels);
    let compared = 0;
    before.forEach((cells, r) => {
      const csvRow = rows[r + 1];
      if (r >= 9) return; // context rows are words
      cells.forEach((screen, i) => {
        const written = csvRow[1 + 3 * i];
        if (screen === L.noData) expect(written).toBe(L.noData);
        else if (screen !== "") {
          expect(shown(written), `row ${csvRow[0]}, partner ${i + 1}`).toBeCloseTo(shown(screen), 6);
          compared++;
        }
      });
    });
    expect(compared).toBeGreaterThanOrEqual(16);
  });
}

test("the picker and the side toggle work without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, lead.email);
  await switchLanguage(page, "en");
  await page.goto("/compare");
  await page.getByRole("checkbox", { name: /^Verkkotaito Oy/ }).check();
  await page.getByRole("checkbox", { name: /^Kipinä AI Oy/ }).check();
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.getByTestId("partner-header")).toHaveCount(2);
  await page.getByRole("link", { name: "Customer side", exact: true }).click();
  await expect(page).toHaveURL(/side=customer/);
  await expect(page.getByTestId("compare-matrix")).toContainText("Q");
  await context.close();
});

test("a comparison made without picking a quarter carries the quarter shown in its URL; a partner lacking a factor stays on the radar with the gap", async ({
  page,
}) => {
  await logIn(page, lead.email);
  await switchLanguage(page, "en");
  await page.goto("/compare");
  await page.getByRole("checkbox", { name: /^Verkkotaito Oy/ }).check();
  await page.getByRole("checkbox", { name: /^Kipinä AI Oy/ }).check();
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.getByTestId("partner-header")).toHaveCount(2);

  // The URL names the quarter on the screen, so the link opens it next month too.
  await expect(page).toHaveURL(/[?&]q=\d{4}-Q[1-4]/);
  const q = new URL(page.url()).searchParams.get("q")!;
  const select = page.getByLabel("Quarter", { exact: true });
  await expect(select).toHaveValue(q);
  await expect(select.locator("option").first()).toHaveText("Latest completed quarter with data");
  await expect(page.getByTestId("compare-matrix")).toContainText(q.replace(/^(\d{4})-(Q\d)$/, "$2 $1"));
  await page.getByRole("link", { name: "Perception gap", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${q}`));

  // Kipinä has no value for one factor: it is still drawn, with a break, and the caption says where.
  await page.getByRole("link", { name: "Both sides", exact: true }).click();
  const radar = page.getByTestId("compare-radar");
  await expect(radar.locator(".recharts-radar-polygon")).toHaveCount(2);
  await expect(radar.locator(".recharts-legend-wrapper")).toContainText("Kipinä AI Oy");
  await expect(radar.locator("figcaption")).toContainText("Drawn with a break where a factor has no data: Kipinä AI Oy (");
  await expect(radar.locator("figcaption")).not.toContainText("Not drawn");
  expect(await axeViolations(page)).toEqual([]);
});

test("a link with another company's or unknown ids shows only what the viewer may see", async ({ page }) => {
  await logIn(page, demo.supplierBStaff.email); // the micro start-up's staff: one relationship
  await switchLanguage(page, "en");
  await page.goto("/compare?r=1&r=2&r=3&r=999999&side=nonsense");
  await expect(page.getByTestId("unavailable")).toBeVisible();
  await expect(page.getByText("Unknown score side in the link")).toBeVisible();
  await expect(page.getByTestId("compare-matrix")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText("Kalevan");
});

test("the portfolio places the chain's relationships and leads into a comparison; axe finds no violations on either page", async ({ page }) => {
  await logIn(page, lead.email);
  await switchLanguage(page, "en");
  await page.goto("/chains");
  await page.locator("table a").first().click();
  await page.getByRole("link", { name: "Portfolio of this chain" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Portfolio");
  await expect(page.getByTestId("attention-row")).toHaveCount(14);
  await expect(page.getByTestId("critical-weak-corner")).toBeVisible();
  const points = page.getByTestId("scatter-point");
  expect(await points.count()).toBeGreaterThan(5);
  expect(await page.locator('[data-testid="scatter-point"][data-critical-weak="true"]').count()).toBeGreaterThan(0);
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole("link", { name: /^Compare the top/ }).click();
  await expect(page.getByTestId("partner-header")).toHaveCount(5);
  await expect(page.getByTestId("compare-radar").locator(".recharts-radar-polygon").first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await switchLanguage(page, "fi");
  await expect(page.getByTestId("partner-header")).toHaveCount(5);
  await page.getByRole("link", { name: "Näkemysero", exact: true }).click();
  await expect(page.locator('tr[data-row="score_gap"]')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // The empty state and a mangled link (hint and problem notices).
  await page.goto("/compare?side=nonsense&r=x");
  await expect(page.getByTestId("too-few")).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});
