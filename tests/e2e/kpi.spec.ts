import AxeBuilder from "@axe-core/playwright";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { demo, logIn, switchLanguage } from "./helpers";
import { watchErrors } from "../support/page-errors";

const staff = demo.companyStaff;
const supplierA = demo.supplierAAdmin;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// The page holds a few hundred figures and tables: rendering it, and axe over all of it, take a while on a
// machine shared by many test runs.
test.describe.configure({ timeout: 240_000 });
const expect = baseExpect.configure({ timeout: 20_000 });

/** Axe violations inside the page content (the shell is checked by its own tests). */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include("#main").withTags(WCAG).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const TEXT = {
  fi: {
    nav: "Mittarit",
    kpi: "Asiakasmittarit",
    retention: "Asiakaspysyvyys ja -poistuma elinkaarihistoriasta",
    endCustomers: "Asema ketjussa: Ketjun yritys → loppuasiakkaat",
    other: "Asema ketjussa: Muut ketjun suhteet",
    figure: /^Pysyvyys \d{1,3}(,\d)?\u00a0% · poistuma \d{1,3}(,\d)?\u00a0%$/,
    formula: /^Pysyvyys = pysyneet \/ mukana olleet = \d+ \/ \d+ = /,
    noData: "Ei tietoja",
    relationship: "Asiakkuus",
    customer: "Rautapiste Kaupat Oy",
    clv: "Asiakkuuden elinkaariarvo (CLV) ja asiakaspääoma",
    equity: /^Asiakaspääoma [\d\u00a0]+ €$/,
    segments: "Segmentit",
    maturity: "Kypsyys",
    show: "Näytä",
    mature: "Kypsyys: Kypsä",
    nps: "Nettosuositteluindeksi (NPS) kirjatusta mittarista",
  },
  en: {
    nav: "Metrics",
    kpi: "Customer KPIs",
    retention: "Retention and churn from the lifecycle history",
    endCustomers: "Chain position: Focal company → end customers",
    other: "Chain position: Other links in the chain",
    figure: /^Retention \d{1,3}(\.\d)?% · churn \d{1,3}(\.\d)?%$/,
    formula: /^Retention = kept \/ counted = \d+ \/ \d+ = /,
    noData: "No data",
    relationship: "Relationship",
    customer: "Rautapiste Kaupat Oy",
    clv: "Customer lifetime value (CLV) and customer equity",
    equity: /^Customer equity [\d,]+ €$/,
    segments: "Segments",
    maturity: "Maturity",
    show: "Show",
    mature: "Maturity: Mature",
    nps: "Net Promoter Score (NPS) from the recorded metric",
  },
} as const;

for (const locale of ["fi", "en"] as const) {
  const T = TEXT[locale];

  test(`company staff open the KPI page, expand figures to their inputs, change the segments (${locale}); axe finds nothing`, async ({ page }) => {
    const errors = watchErrors(page);
    await logIn(page, staff.email);
    await switchLanguage(page, locale);
    await page.getByRole("link", { name: T.nav, exact: true }).click();
    await page.getByRole("link", { name: T.kpi, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: T.kpi })).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: T.retention })).toBeVisible();

    // The end customers' retention: the latest quarter opens to the relationships counted.
    const ends = page.locator('[data-testid="kpi-segment"][aria-labelledby="kpi-data-retention-end_customer"]');
    await expect(ends.getByRole("heading", { name: T.endCustomers })).toBeVisible();
    const latest = ends.getByTestId("kpi-figure").last();
    await expect(latest.locator(".kpi-value")).toHaveText(T.figure);
    await expect(latest.locator(".kpi-body")).toBeHidden();
    await latest.locator("summary").click();
    await expect(latest).toHaveAttribute("open", "");
    await expect(latest.locator(".kpi-body p").first()).toHaveText(T.formula);
    await expect(latest.getByRole("columnheader", { name: T.relationship })).toBeVisible();
    const rows = latest.getByTestId("kpi-input-row");
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(rows.filter({ hasText: T.customer })).toHaveCount(1);
    await expect(rows.filter({ hasText: T.customer }).getByRole("link")).toHaveAttribute("href", /^\/relationships\/\d+$/);

    // A segment without relationships says so: no data, never a 0 %.
    const other = page.locator('[data-testid="kpi-segment"][aria-labelledby="kpi-data-retention-other"]');
    await expect(other.getByRole("heading", { name: T.other })).toBeVisible();
    await expect(other.getByTestId("kpi-figure")).toHaveCount(0);
    await expect(other.getByTestId("kpi-no-data")).toHaveCount(6);
    await expect(other.getByTestId("kpi-no-data").first()).toContainText(T.noData);
    await expect(other).not.toContainText("%");

    // NPS and customer equity of the end customers open to their inputs too.
    await expect(page.getByRole("heading", { level: 3, name: T.nps })).toBeVisible();
    const nps = page.locator('[data-testid="kpi-segment"][aria-labelledby="kpi-data-nps-end_customer"]').getByTestId("kpi-figure").last();
    await nps.locator("summary").click();
    await expect(nps.getByTestId("kpi-input-row").filter({ hasText: T.customer })).toHaveCount(1);
    await expect(page.getByRole("heading", { level: 3, name: T.clv })).toBeVisible();
    const equity = page.locator('[data-testid="kpi-segment"][aria-labelledby="kpi-data-clv-end_customer"]').getByTestId("kpi-figure");
    await expect(equity.locator(".kpi-value")).toHaveText(T.equity);
    await equity.locator("summary").click();
    await expect(equity.getByTestId("kpi-input-row").filter({ hasText: T.customer })).toHaveCount(1);

    expect(await axeViolations(page)).toEqual([]);

    // Another segmentation through the view form: its own URL, maturity segments.
    await page.getByLabel(T.segments, { exact: true }).selectOption("maturity");
    await page.getByRole("button", { name: T.show, exact: true }).click();
    await expect(page).toHaveURL(/[?&]by=maturity/);
    await expect(
      page.locator('[data-testid="kpi-segment"][aria-labelledby="kpi-data-retention-mature"]').getByRole("heading", { name: T.mature }),
    ).toBeVisible();
    const mature = page.locator('[data-testid="kpi-segment"][aria-labelledby="kpi-data-retention-mature"]').getByTestId("kpi-figure").first();
    await mature.locator("summary").click();
    expect(await mature.getByTestId("kpi-input-row").count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test("a bad view names the field and shows no figures; a supplier sees only its own relationship", async ({ page }) => {
  const errors = watchErrors(page);
  await logIn(page, staff.email);
  await switchLanguage(page, "en");
  const bad = await page.goto("/metrics/kpi?discount=0");
  expect(bad?.status()).toBe(400);
  await expect(page.getByText("Enter a discount rate above 0 and at most 100.")).toBeVisible();
  await expect(page.getByRole("alert")).toHaveText("Fix the choices above to see the figures.");
  await expect(page.getByTestId("kpi-figure")).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);

  const foreign = await page.goto("/metrics/kpi?chain=999999");
  expect(foreign?.status()).toBe(404);

  await page.context().clearCookies();
  await logIn(page, supplierA.email);
  await switchLanguage(page, "en");
  await page.goto("/metrics/kpi");
  const all = page.locator('[data-testid="kpi-segment"][aria-labelledby="kpi-data-retention-all"]').getByTestId("kpi-figure").last();
  await all.locator("summary").click();
  await expect(all.getByTestId("kpi-input-row")).toHaveCount(1);
  await expect(all.getByTestId("kpi-input-row")).toContainText("Kalevan Pilvipalvelut Oyj → Pohjolan Verkkokauppa Oy");
  await expect(page.locator("#main")).not.toContainText("Rautapiste");
  expect(errors.filter((e) => !/status of (400|404)/.test(e))).toEqual([]);
});
