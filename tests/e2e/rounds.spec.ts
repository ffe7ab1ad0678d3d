/**
 * A quarter's assessment round, as people run it (issue 17), in both
 * languages: company staff open a round for three partners with a deadline;
 * one partner's user gets the email, follows its link, signs in and submits;
 * the round shows 1 of 3 answered; the clock moves to two days before the
 * deadline and the two others get one reminder each, and only one, however
 * often the scheduled work runs; the company sees the submission among its
 * notifications. The email goes through a real SMTP server in this process
 * (tests/support/smtp-sink.ts), on the port the test server mails to
 * (playwright.config.ts). Moving the clock is `npm run jobs -- --now`.
 */
import AxeBuilder from "@axe-core/playwright";
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { startSmtpSink, type SmtpSink, type SunkMessage } from "../support/smtp-sink";
import { DEMO_PASSWORD, demo, logIn, openE2eSql, switchLanguage } from "./helpers";

const PORT = Number(process.env.E2E_PORT ?? 3123);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const run = promisify(execFile);

type Scenario = {
  locale: "fi" | "en";
  /** The three partners: the chain's relationship label part that names them, and the one person asked there. */
  partners: Array<{ label: string; person: string }>;
  /** The partner person who answers (one of the three). */
  answerer: string;
  texts: { show: string; open: string; rate: (s: number, a: number) => string; submit: string; reminderSubject: RegExp };
};

const SCENARIOS: Scenario[] = [
  {
    locale: "fi",
    partners: [
      { label: "Verkkotaito Oy →", person: "Antti Korhonen" },
      { label: "Datanäkö Oy →", person: "Hanna Jokinen" },
      { label: "Asiakaspalvelu Aalto Oy →", person: "Riikka Hämäläinen" },
    ],
    answerer: "Antti Korhonen",
    texts: {
      show: "Näytä suhteet",
      open: "Avaa kierros",
      rate: (s, a) => `${s}/${a} vastannut`,
      submit: "Lähetä",
      reminderSubject: /^Arviosi suhteesta .* erääntyy/,
    },
  },
  {
    locale: "en",
    partners: [
      { label: "Maksuvirta Oyj →", person: "Jari Nieminen" },
      { label: "→ Kuntokeskus Voima Oy", person: "Tiina Rantanen" },
      { label: "→ Hotelli Saimaanranta Oy", person: "Leena Salo" },
    ],
    answerer: "Jari Nieminen",
    texts: {
      show: "Show relationships",
      open: "Open the round",
      rate: (s, a) => `${s} of ${a} answered`,
      submit: "Submit",
      reminderSubject: /^Your assessment of .* is due/,
    },
  },
];

let sink: SmtpSink;
test.beforeAll(async () => {
  sink = await startSmtpSink(PORT + 1);
});
test.afterAll(async () => {
  await sink?.close();
});

/** The database the server under test uses, as `npm run jobs` must see it. */
function databaseEnv(): Record<string, string> {
  const pgUrlFile = `tests/.tmp/e2e-${PORT}.pg-url`;
  if (process.env.E2E_ENGINE === "postgres") return { DATABASE_URL: fs.readFileSync(pgUrlFile, "utf8").trim() };
  return { DATABASE_PATH: `tests/.tmp/e2e-${PORT}.db` };
}

/**
 * `npm run jobs -- --now <at>`: the scheduled work once, at that instant, with
 * the server's mail settings. The server runs the same work on its own timer;
 * while it holds the work's lease a run is skipped, so try again until one ran.
 */
async function runJobsAt(at: Date): Promise<Record<string, unknown>> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...databaseEnv(),
    NODE_ENV: "production" as const,
    SESSION_SECRET: "e2e-secret-at-least-16-chars",
    SMTP_URL: `smtp://127.0.0.1:${PORT + 1}`,
    MAIL_FROM: "Portal <portal@e2e.test>",
    PUBLIC_URL: ORIGIN,
    LOG_LEVEL: "warn",
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    const { stdout } = await run("npx", ["--no-install", "tsx", "scripts/run-jobs.ts", "--now", at.toISOString()], { env });
    const json = stdout.slice(stdout.lastIndexOf("\n{") + 1);
    const report = JSON.parse(json.trim()) as Record<string, unknown>;
    if (!report.skipped) return report;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the scheduled work stayed locked by the server");
}

async function emailOf(name: string): Promise<string> {
  const sql = openE2eSql({ readonly: true });
  try {
    const row = (await sql.prepare("select email from users where name = ?").get(name)) as { email: string } | undefined;
    if (!row) throw new Error(`no user ${name}`);
    return row.email;
  } finally {
    await sql.close();
  }
}

async function setLocale(email: string, locale: "fi" | "en"): Promise<void> {
  const sql = openE2eSql();
  try {
    await sql.prepare("update users set locale = ? where email = ?").run(locale, email);
  } finally {
    await sql.close();
  }
}

const mailTo = (address: string) => sink.messages.filter((m) => m.to.split(", ").includes(address));

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Answers all six factors with a 3 and a reason, then submits. */
async function answerAndSubmit(page: Page, submitLabel: string) {
  for (const factor of ["individuality", "trust", "compensation", "new_business", "knowledge", "selling"]) {
    const card = page.getByTestId(`factor-${factor}`);
    await card.locator('input[type="radio"][value="3"]').check();
    await card.locator("textarea").fill(`E2E round answer on ${factor}.`);
  }
  await page.getByRole("button", { name: submitLabel, exact: true }).click();
}

for (const scenario of SCENARIOS) {
  test(`a round for three partners, answered, reminded and notified (${scenario.locale})`, async ({ browser }) => {
    test.setTimeout(180_000);
    const { locale, texts } = scenario;
    const emails = await Promise.all(scenario.partners.map((p) => emailOf(p.person)));
    const answererEmail = emails[scenario.partners.findIndex((p) => p.person === scenario.answerer)];
    const others = emails.filter((e) => e !== answererEmail);
    // Each person reads their email in the language they chose.
    for (const email of emails) await setLocale(email, locale);

    // 1. Company staff open the round over three of the chain's relationships, asking one person of each partner.
    const company = await (await browser.newContext()).newPage();
    await logIn(company, demo.companyStaff.email);
    await switchLanguage(company, locale);
    await company.goto("/rounds/new");
    await expectNoAxeViolations(company);
    await company.locator('select[name="chainId"]').selectOption({ index: 1 });
    await company.getByRole("button", { name: texts.show }).click();
    const fieldsets = company.getByTestId("round-relationship");
    await expect(fieldsets.first()).toBeVisible();
    const roundName = `E2E ${locale} round ${Date.now()}`;
    await company.locator('input[name="name"]').fill(roundName);
    for (const fieldset of await fieldsets.all()) {
      const legend = (await fieldset.locator("legend").first().innerText()).trim();
      const partner = scenario.partners.find((p) => legend.includes(p.label));
      const relationshipBox = fieldset.locator('input[name="relationships"]');
      if (!partner) {
        await relationshipBox.uncheck();
        continue;
      }
      for (const box of await fieldset.locator('input[name="assessors"]').all()) await box.uncheck();
      await fieldset.getByLabel(partner.person, { exact: true }).check();
    }
    const deadline = await company.locator('input[name="deadline"]').inputValue();
    await company.getByRole("button", { name: texts.open }).click();
    await expect(company).toHaveURL(/\/rounds\/\d+/);
    const roundPath = new URL(company.url()).pathname;
    await expect(company.getByTestId("rate-total")).toHaveText(texts.rate(0, 3));
    await expectNoAxeViolations(company);

    // 2. Each asked person gets an email in their language; the answerer follows its link, signs in and submits.
    await expect.poll(() => emails.every((e) => mailTo(e).length > 0), { timeout: 30_000 }).toBe(true);
    const invitation = mailTo(answererEmail).at(-1) as SunkMessage;
    expect(invitation.html).toContain(roundPath);
    const link = /https?:\/\/\S+/.exec(invitation.text.slice(invitation.text.indexOf(ORIGIN)))?.[0] ?? "";
    expect(link.startsWith(`${ORIGIN}${roundPath}`)).toBe(true);
    const supplier = await (await browser.newContext()).newPage();
    await supplier.goto(link);
    await expect(supplier).toHaveURL(/\/login/);
    await supplier.locator('input[name="email"]').fill(answererEmail);
    await supplier.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await supplier.locator('button[type="submit"]').last().click();
    await expect(supplier).toHaveURL(new RegExp(`${roundPath}$`));
    await expect(supplier.locator("html")).toHaveAttribute("lang", locale);
    await expectNoAxeViolations(supplier);
    await supplier.getByTestId("my-round-relationship").getByRole("link").first().click();
    await expect(supplier).toHaveURL(/\/assess/);
    await answerAndSubmit(supplier, texts.submit);
    await expect(supplier).not.toHaveURL(/\/assess/);

    // 3. The round shows one of three answered.
    await company.goto(roundPath);
    await expect(company.getByTestId("rate-total")).toHaveText(texts.rate(1, 3));

    // 4. Two days before the deadline the two others get one reminder each, however often the work runs; the answerer none.
    const twoDaysBefore = new Date(`${deadline}T09:00:00Z`);
    twoDaysBefore.setUTCDate(twoDaysBefore.getUTCDate() - 2);
    const reminders = (address: string) => mailTo(address).filter((m) => texts.reminderSubject.test(m.subject));
    const before = Object.fromEntries(emails.map((e) => [e, reminders(e).length]));
    await runJobsAt(twoDaysBefore);
    await runJobsAt(twoDaysBefore);
    await runJobsAt(new Date(twoDaysBefore.getTime() + 3600_000));
    await expect.poll(() => others.map((e) => reminders(e).length - before[e]), { timeout: 30_000 }).toEqual([1, 1]);
    expect(reminders(answererEmail).length - before[answererEmail]).toBe(0);

    // 5. The company sees the submission in its notifications.
    await company.goto("/notifications");
    const partnerOrganisation = scenario.partners.find((p) => p.person === scenario.answerer)!.label.replace(" →", "");
    await expect(company.getByRole("main")).toContainText(partnerOrganisation);
    await expectNoAxeViolations(company);
    await company.goto("/settings/notifications");
    await expectNoAxeViolations(company);
  });
}
