/**
 * Score bands with consequences (issues 12 and 13) as a person meets them:
 * home flags the poor score and asks for an action, the relationship page
 * says why and offers "plan an action for this factor", which opens the
 * new-action form with the factor filled in, without JavaScript too.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demo, logIn, switchLanguage } from "./helpers";
import { watchErrors } from "../support/page-errors";

const { companyStaff: staff, projectLead: lead } = demo;

// Several pages, each checked with axe in two languages: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 180_000 });
const COMPANY = "Pohjolan Verkkokauppa Oy";
const TILAPALVELUT = "Järvikaupungin Tilapalvelut Oy";
const OVERDUE_ACTION = "Asiakkuuden jatkosuunnitelma ennen kilpailutusta";

async function expectNoAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).include("#main").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("home and the relationship page flag the poor score, ask for an action and open the prefilled form", async ({ page }) => {
  const errors = watchErrors(page);
  await logIn(page, staff.email);
  await switchLanguage(page, "en");

  // Home: the relationship at 28.6 with high criticality needs attention, with the reason, and requires an action.
  const card = page.getByTestId("attention-card").filter({ hasText: `${COMPANY} → ${TILAPALVELUT}` });
  await expect(card).toContainText(/The score 28\.6 \(Q3 \d{4}\) is in the lowest band, poor \(0–49\.9\)/);
  await expect(card).toContainText("critical-and-weak corner");
  await expect(card.getByTestId("action-required")).toHaveText("Action required");
  await expect(page.getByTestId("action-required-count")).toContainText(/\d+ relationships? requires? a development action/);
  // The table's flag column says the same, and the score wears its band's colour, explained by the legend.
  const row = page.getByTestId("my-relationships").getByRole("row").filter({ hasText: TILAPALVELUT });
  await expect(row.getByTestId("needs-attention-flag")).toContainText("Needs attention: poor score");
  await expect(row.getByTestId("score")).toHaveAttribute("data-band", "poor");
  await expect(page.getByTestId("score-legend")).toContainText("Poor 0–49.9");
  await expect(page.getByTestId("score-legend")).toContainText("Good 75–100");
  // My actions: the organisation's open actions with due dates, the overdue one flagged.
  const overdue = page.getByTestId("my-action").filter({ hasText: OVERDUE_ACTION });
  await expect(overdue.getByTestId("overdue")).toHaveText("Overdue");
  await expect(overdue).toContainText(/due \d{1,2}\/\d{1,2}\/\d{4}|due \d/);
  await expect(page.getByTestId("overdue-count")).toContainText(/overdue/);
  await expectNoAxeViolations(page);

  // The relationship page says why, and asks for the action on the weakest factor.
  await card.getByRole("link", { name: `${COMPANY} → ${TILAPALVELUT}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(TILAPALVELUT);
  await expect(page.getByTestId("attention")).toContainText("is in the lowest band, poor (0–49.9)");
  const required = page.getByTestId("action-required");
  await expect(required).toContainText("Development action required");
  const weakest = (await page.getByTestId("priorities").locator("li").first().locator("strong").textContent())!;
  await expect(required).toContainText(`weakest factor, ${weakest}`);
  await expect(page.locator("#score").getByTestId("score")).toHaveAttribute("data-band", "poor");
  await expect(page.locator("#score").getByTestId("score-legend")).toBeVisible();
  // The overdue action is flagged in the action list.
  await expect(page.getByTestId("action").filter({ hasText: OVERDUE_ACTION }).getByTestId("overdue")).toHaveText("Overdue");
  // Each improvement priority offers to plan an action for its factor.
  const planLinks = page.getByTestId("priorities").getByTestId("plan-action");
  await expect(planLinks.first()).toHaveAccessibleName(`Plan an action for this factor: ${weakest}`);
  expect(await planLinks.count()).toBe(await page.getByTestId("priorities").locator("li").count());
  await expectNoAxeViolations(page);

  // "Plan an action for <weakest>" opens the new-action form with the factor filled in.
  await required.getByRole("link", { name: `Plan an action for ${weakest}` }).click();
  await expect(page).toHaveURL(/\/actions\/new\?factor=\w+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("New development action");
  await expect(page.getByLabel("Factor (optional)")).toHaveValue(new URL(page.url()).searchParams.get("factor")!);
  await expect(page.getByLabel("Factor (optional)").locator("option:checked")).toHaveText(weakest);
  await expect(page.getByTestId("prefilled")).toContainText(weakest);
  await expectNoAxeViolations(page);

  expect(errors).toEqual([]);
});

test("the same flags, reasons and legend in Finnish", async ({ page }) => {
  const errors = watchErrors(page);
  await logIn(page, staff.email);
  await switchLanguage(page, "fi");
  const card = page.getByTestId("attention-card").filter({ hasText: `${COMPANY} → ${TILAPALVELUT}` });
  await expect(card.getByTestId("action-required")).toHaveText("Toimenpide tarvitaan");
  await expect(card).toContainText(/Pisteet 28,6 \(Q3\/\d{4}|Pisteet 28,6 \(/);
  await expect(page.getByTestId("score-legend")).toContainText("Heikko 0–49,9");
  await expect(page.getByTestId("my-action").filter({ hasText: OVERDUE_ACTION }).getByTestId("overdue")).toHaveText("Myöhässä");
  await expectNoAxeViolations(page);

  await card.getByRole("link", { name: `${COMPANY} → ${TILAPALVELUT}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(TILAPALVELUT);
  await expect(page.getByTestId("action-required")).toContainText("Kehittämistoimenpide tarvitaan");
  await expect(page.getByTestId("attention")).toContainText("ovat alimmassa luokassa, heikko (0–49,9)");
  await expect(page.locator("#score").getByTestId("score-legend")).toContainText("Heikko 0–49,9");
  await expect(page.getByTestId("action").filter({ hasText: OVERDUE_ACTION }).getByTestId("overdue")).toHaveText("Myöhässä");
  await expect(page.getByTestId("priorities").getByTestId("plan-action").first()).toHaveText("Suunnittele toimenpide tälle tekijälle");
  await expectNoAxeViolations(page);
  expect(errors).toEqual([]);
});

test("planning the action from an improvement priority works without JavaScript and answers the requirement", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, staff.email);
  await switchLanguage(page, "en");
  await page
    .getByTestId("attention-card")
    .filter({ hasText: TILAPALVELUT })
    .getByRole("link", { name: `${COMPANY} → ${TILAPALVELUT}` })
    .click();
  await expect(page.getByTestId("action-required")).toBeVisible();
  const weakest = (await page.getByTestId("priorities").locator("li").first().locator("strong").textContent())!;

  await page.getByRole("link", { name: `Plan an action for this factor: ${weakest}` }).click();
  await expect(page.getByLabel("Factor (optional)").locator("option:checked")).toHaveText(weakest);
  await page.getByLabel("Title").fill("Kuukausittainen tiedonjakopalaveri");
  await page.getByLabel("Owner").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Save" }).click();

  // Back on the relationship page: the action is listed, the requirement is answered, the poor score still needs attention.
  await expect(page).toHaveURL(/\/relationships\/\d+(#actions-heading)?$/);
  await expect(page.getByTestId("actions")).toContainText("Kuukausittainen tiedonjakopalaveri");
  await expect(page.getByTestId("action-required")).toHaveCount(0);
  await expect(page.getByTestId("attention")).toContainText("lowest band");
  await page.goto("/");
  const card = page.getByTestId("attention-card").filter({ hasText: TILAPALVELUT });
  await expect(card).toContainText("lowest band");
  await expect(card.getByTestId("action-required")).toHaveCount(0);
  await context.close();
});

test("a read-only project lead sees what is outstanding for her organisation, marked read-only", async ({ page }) => {
  const errors = watchErrors(page);
  await logIn(page, lead.email);
  await switchLanguage(page, "en");
  const due = page.getByTestId("due");
  await expect(due).not.toContainText("Nothing due");
  await expect(due).toContainText("You have read-only access");
  const items = due.getByTestId("due-item");
  expect(await items.count()).toBeGreaterThan(0);
  await expect(items.first()).toContainText("read-only");
  // Read-only: a link to follow the relationship, never to an assessment form.
  await expect(due.getByRole("link", { name: /^Assess / })).toHaveCount(0);
  await expect(items.first().getByRole("link")).toHaveAttribute("href", /^\/relationships\/\d+$/);
  await expectNoAxeViolations(page);

  await switchLanguage(page, "fi");
  await expect(page.getByTestId("due")).toContainText("Sinulla on lukuoikeus");
  await expect(page.getByTestId("due-item").first()).toContainText("vain luku");
  await expectNoAxeViolations(page);
  expect(errors).toEqual([]);
});
