import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demo, logIn, switchLanguage } from "./helpers";

const { companyStaff: staff, supplierAAdmin: supplierA } = demo;
const HOSTING = "Kalevan Pilvipalvelut Oyj";
const COMPANY = "Pohjolan Verkkokauppa Oy";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The current quarter as the server computes it (UTC), e.g. 2026-Q4: the demo data has no submissions in it yet. */
function currentQuarter(now = new Date()): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}
const PERIOD = currentQuarter();
const [YEAR, Q] = PERIOD.split("-Q");
const PERIOD_FI = `Q${Q}/${YEAR}`;
const PERIOD_EN = `Q${Q} ${YEAR}`;

type Answer = { score: string; evidence: string };
const SCORE_LABEL_FI: Record<string, string> = {
  "1": "1 Heikko",
  "2": "2 Välttävä",
  "3": "3 Tyydyttävä",
  "4": "4 Hyvä",
  "5": "5 Erinomainen",
  na: "Ei sovellu",
};

async function fillAssessment(page: Page, answers: Record<string, Answer>) {
  for (const [factor, a] of Object.entries(answers)) {
    const card = page.getByTestId(`factor-${factor}`);
    await card.getByLabel(SCORE_LABEL_FI[a.score], { exact: true }).check();
    await card.getByLabel("Perustelu").fill(a.evidence);
  }
}

/** Opens a supplier relationship from its card in the chain view. */
async function openSupplierFromChain(page: Page, supplier: string) {
  await page.goto("/chains");
  await page.locator("table a").first().click();
  await page.getByTestId("chain-suppliers").getByRole("link", { name: supplier }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${supplier} → ${COMPANY}`);
}

test.describe.serial("two-way assessment", () => {
  test("company staff assess the hosting supplier for the quarter and submit", async ({ page }) => {
    await logIn(page, staff.email);
    await switchLanguage(page, "fi");
    await openSupplierFromChain(page, HOSTING);
    await page.getByRole("link", { name: "Arvioi neljännes" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Arvioi neljännes" })).toBeVisible();
    await expect(page.getByLabel("Neljännes", { exact: true })).toHaveValue(PERIOD);
    await page.getByRole("button", { name: "Aloita" }).click();

    await expect(page.getByRole("heading", { level: 1, name: `Arviointi ${PERIOD_FI}` })).toBeVisible();
    // Score labels are described on the form.
    await expect(page.getByText("Esimerkillinen; suhteen vahvuus.")).toBeVisible();
    await fillAssessment(page, {
      individuality: { score: "3", evidence: "Perustaso kunnossa, räätälöinti vaatii pyytämistä." },
      trust: { score: "2", evidence: "E2E: kaksi katkosta, tiedotus myöhässä." },
      compensation: { score: "na", evidence: "Hyvityksistä neuvotellaan erikseen." },
      new_business: { score: "3", evidence: "Uusia palveluja ei ole tarjottu." },
      knowledge: { score: "2", evidence: "Juurisyyanalyysi puuttuu." },
    });
    // Submitting with a factor unanswered: the message is on that field and nothing is submitted.
    await page.getByRole("button", { name: "Lähetä" }).click();
    await expect(page.getByTestId("factor-selling")).toContainText("Anna pisteet 1–5 tai valitse ei sovellu ennen lähettämistä.");
    await expect(page).toHaveURL(/\/assess\?period=/);

    await fillAssessment(page, { selling: { score: "4", evidence: "Osaavat perustella lisäpalvelut." } });
    await page.getByRole("button", { name: "Lähetä" }).click();

    await expect(page).toHaveURL(new RegExp(`/relationships/\\d+\\?period=${PERIOD}`));
    const list = page.getByTestId("assessments");
    await expect(list.getByRole("row", { name: /Mikko Heinonen/ })).toContainText("Lähetetty");
    // The provider side has not assessed the quarter: missing, not zero.
    await expect(page.getByTestId("missing-provider")).toContainText(`${HOSTING}`);
    await expect(page.getByTestId("missing-provider")).toContainText("puuttuu");
  });

  test("the supplier sees the assessment, assesses the company back and sees the perception gap", async ({ page }) => {
    await logIn(page, supplierA.email);
    await switchLanguage(page, "fi");

    // The home page lists the quarter's assessment as due.
    const due = page.getByTestId("due");
    await expect(due.getByRole("link", { name: `Arvioi ${COMPANY}` })).toBeVisible();

    // The company's submitted assessment is visible to the supplier, evidence included.
    await page.goto("/chains");
    await page.locator("table a").first().click();
    await page.getByRole("link", { name: HOSTING }).first().click();
    await page.getByLabel("Neljännes", { exact: true }).selectOption(PERIOD);
    await page.getByRole("button", { name: "Näytä" }).click();
    await page.getByRole("link", { name: "Avaa arvioijan Mikko Heinonen arviointi" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Arvioijan Mikko Heinonen arviointi" })).toBeVisible();
    const scores = page.getByTestId("assessment-scores");
    await expect(scores.getByRole("row", { name: /Toimijoiden välinen luottamus/ })).toContainText("2 Välttävä");
    await expect(scores).toContainText("E2E: kaksi katkosta, tiedotus myöhässä.");

    // Assess the company back for the same quarter.
    await page.goto("/");
    await page
      .getByTestId("due")
      .getByRole("link", { name: `Arvioi ${COMPANY}` })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: `Arviointi ${PERIOD_FI}` })).toBeVisible();
    await expect(page.getByText("Arvioit palveluntarjoajan puolena")).toBeVisible();
    await fillAssessment(page, {
      individuality: { score: "4", evidence: "Tarpeet kerrotaan hyvissä ajoin." },
      trust: { score: "4", evidence: "Yhteistyö on avointa häiriöistä huolimatta." },
      compensation: { score: "3", evidence: "Hyvityksistä sovitaan." },
    });
    // A draft first: it is saved and the form reloads with the answers.
    await page.getByRole("button", { name: "Tallenna luonnos" }).click();
    await expect(page.getByRole("status")).toContainText("Luonnos tallennettu.");
    await expect(page.getByTestId("factor-trust").getByLabel("4 Hyvä", { exact: true })).toBeChecked();
    await fillAssessment(page, {
      new_business: { score: "3", evidence: "Uusia avauksia ei vielä ole." },
      knowledge: { score: "3", evidence: "Tietoa jaetaan pyydettäessä." },
      selling: { score: "4", evidence: "Pääsemme esittelemään uudet palvelut." },
    });
    await page.getByRole("button", { name: "Lähetä" }).click();
    await expect(page).toHaveURL(new RegExp(`\\?period=${PERIOD}`));

    // The perception gap of the quarter: provider side minus customer side.
    const gap = page.getByTestId("perception-gap");
    await expect(page.getByRole("heading", { level: 2, name: `Näkemysero ${PERIOD_FI}` })).toBeVisible();
    const trust = gap.getByRole("row", { name: /Toimijoiden välinen luottamus/ });
    await expect(trust.getByTestId("gap-value")).toHaveText("+2,00");
    await expect(trust).toContainText("Palveluntarjoaja arvioi korkeammaksi");
    await expect(trust).toContainText("Suuri ero");
    await expect(gap.getByRole("row", { name: /Uuden liiketoiminnan mahdollisuus/ })).toContainText("Näkemykset ovat samat");
    await expect(gap.getByRole("row", { name: /Korvaus/ })).toContainText("Pisteet vain toiselta puolelta");

    // The same in English.
    await switchLanguage(page, "en");
    await expect(page.getByRole("heading", { level: 2, name: `Perception gap ${PERIOD_EN}` })).toBeVisible();
    const trustEn = page.getByTestId("perception-gap").getByRole("row", { name: /Trust between the actors/ });
    await expect(trustEn.getByTestId("gap-value")).toHaveText("+2.00");
    await expect(trustEn).toContainText("Provider side rates higher");
    await expect(trustEn).toContainText("Large gap");
    await expect(page.getByTestId("assessments").getByRole("row", { name: /Tuomas Niemi/ })).toContainText("Submitted");
    await expect(page.getByTestId("assessments").getByRole("row", { name: /Mikko Heinonen/ })).toContainText("Submitted");

    // Submitted is locked: the form now says so instead of offering the fields.
    await page.goto(page.url().replace(/\?.*$/, "") + `/assess?period=${PERIOD}`);
    await expect(page.getByTestId("assessment-locked")).toContainText("locked");
    await expect(page.getByRole("button", { name: "Submit" })).toHaveCount(0);
  });
});

test.describe("accessibility", () => {
  test("the relationship page has no axe violations", async ({ page }) => {
    await logIn(page, staff.email);
    await openSupplierFromChain(page, HOSTING);
    await expect(page.getByTestId("factor-matrix")).toBeVisible();
    // Open one explanation so its content is checked too.
    await page.getByTestId("importance-cell").first().locator("summary").click();
    const results = await new AxeBuilder({ page }).include("#main").withTags(AXE_TAGS).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  test("the assessment form has no axe violations, with or without errors", async ({ page }) => {
    await logIn(page, staff.email);
    // A relationship and quarter this user has not assessed: an empty form.
    await openSupplierFromChain(page, "Verkkotaito Oy");
    const id = page.url().match(/relationships\/(\d+)/)![1];
    await page.goto(`/relationships/${id}/assess?period=${PERIOD}`);
    await expect(page.getByTestId("factor-trust")).toBeVisible();
    let results = await new AxeBuilder({ page }).include("#main").withTags(AXE_TAGS).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

    await page.getByRole("button", { name: /^(Lähetä|Submit)$/ }).click();
    await expect(page.getByTestId("factor-trust").getByText(/Anna pisteet|Give a score/)).toBeVisible();
    results = await new AxeBuilder({ page }).include("#main").withTags(AXE_TAGS).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the assessment form reports errors on the fields from the server and saves a draft", async ({ page }) => {
    await logIn(page, staff.email);
    await switchLanguage(page, "fi");
    await openSupplierFromChain(page, "Datanäkö Oy");
    await page.getByRole("link", { name: "Arvioi neljännes" }).click();
    await page.getByRole("button", { name: "Aloita" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Arviointi ${PERIOD_FI}` })).toBeVisible();

    await fillAssessment(page, { trust: { score: "4", evidence: "Ennusteet osuvat." } });
    await page.getByRole("button", { name: "Lähetä" }).click();
    // The server answered: each missing factor says so, the given answers are kept.
    await expect(page.getByTestId("factor-knowledge")).toContainText("Anna pisteet 1–5 tai valitse ei sovellu ennen lähettämistä.");
    await expect(page.getByTestId("factor-trust").getByLabel("4 Hyvä", { exact: true })).toBeChecked();
    await expect(page.getByTestId("factor-trust").getByLabel("Perustelu")).toHaveValue("Ennusteet osuvat.");

    await page.getByRole("button", { name: "Tallenna luonnos" }).click();
    await expect(page.getByRole("status")).toContainText("Luonnos tallennettu.");
    await expect(page.getByTestId("factor-trust").getByLabel("4 Hyvä", { exact: true })).toBeChecked();
    await expect(page.getByText(/Luonnos, tallennettu viimeksi/)).toBeVisible();
  });
});
