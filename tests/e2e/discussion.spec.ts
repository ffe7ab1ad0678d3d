/**
 * Discussion and evidence (issue 18), as people use them: the company asks
 * supplier B about the perception gap on trust in the gap's own thread,
 * mentioning the supplier's assessor; the supplier answers there, attaches a
 * PDF to its trust evidence and submits; the company opens the PDF from the
 * submitted assessment. A third organisation's user reaches neither the
 * thread nor the file. axe checks the thread and the upload views.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demo, logIn, openE2eSql } from "./helpers";

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const COMPANY = "Pohjolan Verkkokauppa Oy";
const SUPPLIER_B = "Kipinä AI Oy";
/** The last quarter both sides have submitted in the demo data: the gap is there. */
function previousQuarter(now = new Date()): string {
  const q = Math.floor(now.getUTCMonth() / 3);
  return q === 0 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${q}`;
}
function currentQuarter(now = new Date()): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

/** A small valid PDF (one empty page). */
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

async function relationshipOf(provider: string, customer: string): Promise<number> {
  const sql = openE2eSql({ readonly: true });
  try {
    const row = (await sql
      .prepare(
        `select r.id from relationships r join organisations p on p.id = r.provider_id join organisations c on c.id = r.customer_id
         where p.name = ? and c.name = ?`,
      )
      .get(provider, customer)) as { id: number };
    return Number(row.id);
  } finally {
    await sql.close();
  }
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, email);
  return page;
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("supplier and company discuss the trust gap, the supplier's PDF evidence is opened by the company, and a third organisation reaches neither", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const rel = await relationshipOf(SUPPLIER_B, COMPANY);
  const gapQuarter = previousQuarter();
  const question = `Miksi luottamus eroaa? E2E ${Date.now()}`;

  // 1. The company opens the trust row's thread from the perception gap and asks, mentioning the supplier's assessor.
  const company = await signedIn(browser, demo.companyStaff.email);
  await company.goto(`/relationships/${rel}?period=${gapQuarter}`);
  const trustRow = company.getByTestId("perception-gap").locator("tr", { hasText: /luottamus|Trust/ });
  await trustRow.getByRole("link").last().click();
  await expect(company).toHaveURL(/\/discussion\?.*factor=trust/);
  const threadUrl = new URL(company.url());
  await company.locator('textarea[name="body"]').fill(`${question}\n\nKatso **SLA-raportti**: https://example.com/sla`);
  await company.getByLabel(/Emilia Lehtonen/).check();
  await company.locator('form[aria-labelledby="comment-new-heading"] button[type="submit"]').click();
  await expect(company.getByTestId("comment").filter({ hasText: question })).toBeVisible();
  const link = company.getByTestId("comment").filter({ hasText: question }).getByRole("link", { name: "https://example.com/sla" });
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  await expectNoAxeViolations(company);

  // 2. The supplier finds the mention among its notifications, answers in the thread.
  const supplier = await signedIn(browser, demo.supplierBStaff.email);
  await supplier.goto("/notifications");
  await supplier.getByTestId("notification").first().getByRole("link").first().click();
  await expect(supplier).toHaveURL(/\/discussion\?.*factor=trust/);
  await expect(supplier.getByTestId("comment").filter({ hasText: question })).toBeVisible();
  await supplier.locator('textarea[name="body"]').fill("Toimitusvarmuus parani elokuussa; liitämme raportin arvioomme.");
  await supplier.locator('form[aria-labelledby="comment-new-heading"] button[type="submit"]').click();
  await expect(supplier.getByTestId("comment")).toHaveCount(2);
  await expectNoAxeViolations(supplier);

  // 3. The supplier attaches a PDF to its trust evidence in this quarter's draft, then submits.
  const period = currentQuarter();
  await supplier.goto(`/relationships/${rel}/assess?period=${period}`);
  for (const factor of ["individuality", "trust", "compensation", "new_business", "knowledge", "selling"]) {
    const card = supplier.getByTestId(`factor-${factor}`);
    await card.locator('input[type="radio"][value="4"]').check();
    await card.locator("textarea").fill(`E2E perustelu: ${factor}.`);
  }
  await supplier.getByRole("button", { name: /^(Tallenna luonnos|Save draft)$/ }).click();
  await expect(supplier.getByTestId("attachment-upload").first()).toBeVisible();
  await expectNoAxeViolations(supplier);
  const trustUpload = supplier.getByTestId(/attachments-assessment_evidence-\d+-trust/);
  await trustUpload.locator('input[type="file"]').setInputFiles({ name: "SLA-raportti elokuu.pdf", mimeType: "application/pdf", buffer: PDF });
  await trustUpload.getByRole("button").last().click();
  await expect(trustUpload.getByTestId("attachment-download")).toHaveText(/SLA-raportti elokuu\.pdf/);
  await expectNoAxeViolations(supplier);
  const fileHref = (await trustUpload.getByTestId("attachment-download").getAttribute("href"))!;
  // Until it is submitted the company does not see the draft's file.
  expect((await company.request.get(fileHref)).status()).toBe(404);
  for (const factor of ["individuality", "trust", "compensation", "new_business", "knowledge", "selling"]) {
    const card = supplier.getByTestId(`factor-${factor}`);
    await card.locator('input[type="radio"][value="4"]').check();
    await card.locator("textarea").fill(`E2E perustelu: ${factor}.`);
  }
  await supplier.getByRole("button", { name: /^(Lähetä|Submit)$/ }).click();
  await expect(supplier).not.toHaveURL(/\/assess/);

  // 4. The company opens the submitted assessment and downloads the PDF: an attachment, never sniffed.
  await company.goto(`/relationships/${rel}?period=${period}`);
  await company
    .getByTestId("assessments")
    .getByRole("row", { name: /Emilia Lehtonen/ })
    .getByRole("link")
    .last()
    .click();
  await expect(company).toHaveURL(/\/assessments\/\d+/);
  const download = company.getByTestId("attachment-download").filter({ hasText: "SLA-raportti elokuu.pdf" });
  await expect(download).toBeVisible();
  await expectNoAxeViolations(company);
  const response = await company.request.get((await download.getAttribute("href"))!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/pdf/);
  expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.compare(await response.body(), PDF)).toBe(0);

  // 5. A third organisation's user reaches neither the thread nor the file, nor its metadata.
  const outsider = await signedIn(browser, demo.customerStaff.email);
  expect((await outsider.request.get(`${threadUrl.pathname}${threadUrl.search}`)).status()).toBe(404);
  expect((await outsider.request.get(fileHref)).status()).toBe(404);
  expect((await outsider.request.get(fileHref.replace(/\/download$/, ""))).status()).toBe(404);
  const thread = await outsider.goto(`${threadUrl.pathname}${threadUrl.search}`);
  expect(thread?.status()).toBe(404);
  await expect(outsider.getByRole("main")).not.toContainText(question);
});
