/**
 * Every form company staff reach: a validation error, then the field fixed,
 * then ONE click on the submit button must submit. The error text used to
 * vanish on the blur that the click itself causes, the button moved up under
 * the pointer between mousedown and mouseup, and the click was lost.
 *
 * Each form is tried with JavaScript (client-side validation) and without it
 * (the server's 400 answer renders the errors), and each error must be tied
 * to its field for assistive technology (aria-invalid, aria-describedby).
 *
 * The forms write to a relationship of their own, planted in the test
 * database and removed afterwards, so other specs see the demo data as seeded.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { FACTORS } from "../../app/domain/factors";
import type { TestSql } from "../support/test-sql";
import { demo, DEMO_PASSWORD, logIn, openE2eSql, switchLanguage } from "./helpers";

const { companyStaff: staff } = demo;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const PROVIDER = "Lomakepaja Oy (form test)";
const NEW_PASSWORD = "Kesakuun-lomake-7391";

type Planted = { relationshipId: number; actionId: number; providerId: number };
let planted: Planted;

/** Runs `fn` on a handle of its own on the server's database (SQLite: waiting out the server's locks, foreign keys on). */
async function withDb<T>(fn: (db: TestSql) => Promise<T>): Promise<T> {
  const db = openE2eSql();
  try {
    if (db.engine === "sqlite") await db.exec("pragma busy_timeout = 5000; pragma foreign_keys = ON");
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** A relationship between a new supplier and the staff's company, in the company's chain, with one open action. */
function plant(): Promise<Planted> {
  return withDb(async (db) => {
    const staffRow = (await db
      .prepare("select u.id as userId, m.organisation_id as orgId from users u join memberships m on m.user_id = u.id where u.email = ?")
      .get(staff.email)) as { userId: number; orgId: number };
    const chain = (await db.prepare("select id from chains where focal_organisation_id = ? order by id limit 1").get(staffRow.orgId)) as { id: number };
    return db.transaction(async (tx) => {
      const providerId = ((await tx.prepare("insert into organisations (name, size_class) values (?, 'small') returning id").get(PROVIDER)) as { id: number })
        .id;
      const relationshipId = (
        (await tx
          .prepare(
            `insert into relationships (chain_id, provider_id, customer_id, service_name, start_date, lifecycle_stage, diversity, criticality)
             values (?, ?, ?, 'Form test service', '2023-01-15', 'active', 'uniform', 'medium') returning id`,
          )
          .get(chain.id, providerId, staffRow.orgId)) as { id: number }
      ).id;
      const actionId = (
        (await tx
          .prepare(
            `insert into development_actions (relationship_id, title, phase, owner_user_id, owner_organisation_id, status, created_by_user_id)
             values (?, 'Map the order path', 'measurement', ?, ?, 'planned', ?) returning id`,
          )
          .get(relationshipId, staffRow.userId, staffRow.orgId, staffRow.userId)) as { id: number }
      ).id;
      return { relationshipId, actionId, providerId };
    });
  });
}

function unplant(p: Planted): Promise<void> {
  return withDb((db) =>
    db.transaction(async (tx) => {
      await tx.prepare("delete from relationships where id = ?").run(p.relationshipId);
      await tx.prepare("delete from organisations where id = ?").run(p.providerId);
    }),
  );
}

/** Removes what a case stored on the planted relationship, so the next run stores it anew. */
async function deleteRows(table: "assessments" | "measurements" | "sharing_grants", relationshipId: number): Promise<void> {
  await withDb((db) => db.prepare(`delete from ${table} where relationship_id = ?`).run(relationshipId));
}

function passwordHashOf(email: string): Promise<string> {
  return withDb(async (db) => ((await db.prepare("select password_hash as h from users where email = ?").get(email)) as { h: string }).h);
}

async function setPasswordHash(email: string, hash: string): Promise<void> {
  await withDb((db) => db.prepare("update users set password_hash = ? where email = ?").run(hash, email));
}

/** The current quarter as the server computes it (UTC). */
function currentQuarter(now = new Date()): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

type FormCase = {
  name: string;
  /** Signed in as company staff unless "anonymous". */
  as?: "staff" | "anonymous";
  path: () => string;
  /** The field that is made invalid and then fixed. */
  field: string;
  invalid: string;
  /** Text to type, or the option to pick in a select. */
  valid: string | { index: number };
  /** The error shown for `invalid`, in English. */
  error: string | RegExp;
  /** Other fields filled validly first. */
  prepare?: (form: Locator, page: Page) => Promise<void>;
  submit: string;
  /** What a submitted form leads to. */
  submitted: (page: Page) => Promise<void>;
  /** Puts back what the submission changed outside the planted rows. */
  restore?: () => Promise<void>;
};

const relationshipPage = (page: Page, hash = "") => expect(page).toHaveURL(new RegExp(`/relationships/${planted.relationshipId}${hash}$`), { timeout: 5_000 });

let staffHash = "";

const CASES: FormCase[] = [
  {
    name: "lifecycle change",
    path: () => `/relationships/${planted.relationshipId}/lifecycle`,
    field: "note",
    invalid: "",
    valid: "They asked for a quarterly review instead.",
    error: "Write the listening note (at least 3 characters).",
    submit: "Record the change",
    submitted: (page) => relationshipPage(page),
  },
  {
    name: "new development action",
    path: () => `/relationships/${planted.relationshipId}/actions/new`,
    field: "title",
    invalid: "",
    valid: "Shorten the returns path",
    error: "This field is required.",
    prepare: async (form) => {
      await form.locator('select[name="ownerUserId"]').selectOption({ index: 1 });
    },
    submit: "Save",
    submitted: (page) => relationshipPage(page, "#actions-heading"),
  },
  {
    name: "edit development action",
    path: () => `/relationships/${planted.relationshipId}/actions/${planted.actionId}`,
    field: "title",
    invalid: "",
    valid: "Map the order path end to end",
    error: "This field is required.",
    submit: "Save",
    submitted: (page) => relationshipPage(page, "#actions-heading"),
  },
  {
    name: "new decision",
    path: () => `/relationships/${planted.relationshipId}/decisions/new`,
    field: "title",
    invalid: "",
    valid: "Weekly stand-up with the supplier",
    error: "This field is required.",
    submit: "Save",
    submitted: (page) => relationshipPage(page, "#decisions-heading"),
  },
  {
    name: "maturity by hand",
    path: () => `/relationships/${planted.relationshipId}/context`,
    field: "note",
    invalid: "",
    valid: "Ran as a pilot for its first two years.",
    error: "Say why maturity is set by hand (at least 3 characters).",
    prepare: async (form) => {
      await form.locator('select[name="maturity"]').selectOption("early");
    },
    submit: "Save",
    submitted: (page) => relationshipPage(page),
  },
  {
    name: "assessment",
    path: () => `/relationships/${planted.relationshipId}/assess?period=${currentQuarter()}`,
    field: "evidence_trust",
    invalid: "",
    valid: "Open books at every monthly meeting.",
    error: "Write the evidence for this score before submitting.",
    prepare: async (form) => {
      for (const f of FACTORS) {
        await form.locator(`input[name="score_${f}"][value="3"]`).check();
        if (f !== "trust") await form.locator(`[name="evidence_${f}"]`).fill(`Seen in the ${f} review.`);
      }
    },
    submit: "Submit",
    submitted: (page) => expect(page).toHaveURL(/[?&]submitted=1/, { timeout: 5_000 }),
    restore: () => deleteRows("assessments", planted.relationshipId),
  },
  {
    name: "record a metric value",
    path: () => "/metrics/record",
    field: "value",
    invalid: "",
    valid: "12",
    error: "This field is required.",
    prepare: async (form) => {
      await form.locator('select[name="relationship"]').selectOption(String(planted.relationshipId));
      await form.locator('select[name="metric"]').selectOption({ index: 1 });
      // The month is chosen from the months the form offers (newest first).
      await form.locator('select[name="month"]').selectOption({ index: 1 });
    },
    submit: "Save value",
    submitted: (page) => expect(page.getByRole("status").filter({ hasText: /^Value saved/ })).toBeVisible({ timeout: 5_000 }),
    restore: () => deleteRows("measurements", planted.relationshipId),
  },
  {
    name: "KPI calculator",
    path: () => "/metrics/kpi",
    field: "promoters",
    invalid: "",
    valid: "40",
    error: "This field is required.",
    prepare: async (form) => {
      await form.locator('input[name="passives"]').fill("30");
      await form.locator('input[name="detractors"]').fill("10");
    },
    submit: "Calculate",
    submitted: (page) => expect(page.locator("section", { hasText: "Net Promoter Score" }).getByText(/^NPS: 37[.,]5/)).toBeVisible({ timeout: 5_000 }),
  },
  {
    name: "sharing grant",
    path: () => "/sharing",
    field: "grantee",
    invalid: "",
    valid: { index: 1 },
    error: "Choose an organisation other than your own.",
    prepare: async (form) => {
      const option = form.locator('select[name="relationship"] option', { hasText: PROVIDER });
      await form.locator('select[name="relationship"]').selectOption((await option.getAttribute("value")) ?? "");
      await form.locator('input[name="audience"][value="organisation"]').check();
    },
    submit: "Share",
    submitted: (page) => expect(page).toHaveURL(/\/sharing\?granted=1$/, { timeout: 5_000 }),
    // The same grant again would be refused as a duplicate: each run starts without it.
    restore: () => deleteRows("sharing_grants", planted.relationshipId),
  },
  {
    name: "password change",
    path: () => "/account",
    field: "confirmPassword",
    invalid: "not-the-same-password",
    valid: NEW_PASSWORD,
    error: "The passwords do not match.",
    prepare: async (form) => {
      await form.locator('input[name="currentPassword"]').fill(DEMO_PASSWORD);
      await form.locator('input[name="newPassword"]').fill(NEW_PASSWORD);
    },
    submit: "Change password",
    submitted: (page) => expect(page).toHaveURL(/\/account\?saved=password/, { timeout: 5_000 }),
    restore: () => setPasswordHash(staff.email, staffHash),
  },
  {
    name: "login",
    as: "anonymous",
    path: () => "/login",
    field: "password",
    invalid: "",
    valid: DEMO_PASSWORD,
    error: "This field is required.",
    prepare: async (form) => {
      await form.locator('input[name="email"]').fill(staff.email);
    },
    submit: "Log in",
    submitted: (page) => expect(page).not.toHaveURL(/\/login/, { timeout: 5_000 }),
  },
];

test.beforeAll(async () => {
  planted = await plant();
  staffHash = await passwordHashOf(staff.email);
});

test.afterAll(async () => {
  await unplant(planted);
  await setPasswordHash(staff.email, staffHash);
});

async function openForm(browser: Browser, c: FormCase, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    // The browser reports the form's own 400 answer (no JavaScript) as a failed load: that one is expected.
    if (m.type() === "error" && !/status of 400/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  if (c.as === "anonymous") {
    await page.goto("/login");
    await switchLanguage(page, "en");
  } else {
    await logIn(page, staff.email);
    await switchLanguage(page, "en");
  }
  await page.goto(c.path());
  const form = page.locator("form").filter({ has: page.locator(`[name="${c.field}"]`) });
  await expect(form).toHaveCount(1);
  // Act on the live form: React has hydrated it once it carries React's own properties, and its
  // effects have run once the requests they start (route discovery) are over.
  if (javaScriptEnabled) {
    await form.evaluate(
      (el) =>
        new Promise<void>((resolve) => {
          const poll = () => (Object.keys(el).some((k) => k.startsWith("__reactProps")) ? resolve() : setTimeout(poll, 20));
          poll();
        }),
    );
    await page.waitForLoadState("networkidle");
  }
  return { context, page, form, consoleErrors };
}

/** Types into a text field, or picks an option of a select, with the field focused as a person's would be. */
async function setValue(field: Locator, value: string | { index: number }) {
  if ((await field.evaluate((el) => el.tagName)) === "SELECT") {
    await field.focus();
    await field.selectOption(typeof value === "string" ? value : value);
  } else {
    await field.fill(value as string);
  }
}

/** The field is marked invalid and described by its (translated) error text. */
async function expectFieldError(field: Locator, error: string | RegExp) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(typeof error === "string" ? new RegExp(error.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : error);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    for (const c of CASES) {
      test(`${c.name}: after a validation error, one click on the fixed form submits`, async ({ browser }) => {
        // Signing in, axe and the six-factor assessment take a while on a shared machine.
        test.setTimeout(90_000);
        const { context, page, form, consoleErrors } = await openForm(browser, c, javaScriptEnabled);
        try {
          await c.prepare?.(form, page);
          const field = form.locator(`[name="${c.field}"]`);
          await setValue(field, c.invalid);
          await form.getByRole("button", { name: c.submit, exact: true }).click();

          // Without JavaScript the page came back from the server: find the form again.
          const shown = page.locator("form").filter({ has: page.locator(`[name="${c.field}"]`) });
          const shownField = shown.locator(`[name="${c.field}"]`);
          await expectFieldError(shownField, c.error);
          await expect(page).toHaveURL(
            new RegExp(
              c
                .path()
                .split("?")[0]
                .replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
            ),
          );
          if (javaScriptEnabled) {
            // axe runs as a script in the page, so only where scripts run; the markup is the same without them.
            // Colour contrast is the theme's, checked page by page by the every-page crawl; this checks the form's markup.
            const axe = await new AxeBuilder({ page }).include("form").withTags(AXE_TAGS).disableRules(["color-contrast"]).analyze();
            expect(axe.violations, JSON.stringify(axe.violations.map((v) => [v.id, v.nodes.map((n) => n.target)]))).toEqual([]);
          }

          if (!javaScriptEnabled) await c.prepare?.(shown, page);
          await setValue(shownField, c.valid);
          // One click, as a person makes it, in the lower part of the button as it is shown now: if
          // anything above it moves between mousedown and mouseup, the click lands outside and is lost.
          const button = shown.getByRole("button", { name: c.submit, exact: true });
          const box = await button.boundingBox();
          await button.click({ position: { x: box!.width / 2, y: box!.height - 5 } });
          await c.submitted(page);
          expect(consoleErrors).toEqual([]);
        } finally {
          await c.restore?.();
          await context.close();
        }
      });
    }
  });
}
