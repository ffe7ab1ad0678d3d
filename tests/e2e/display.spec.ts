import { expect, test, type Page } from "@playwright/test";
import { demo, logIn, switchLanguage } from "./helpers";

const staff = demo.companyStaff;
const PHONE = { width: 390, height: 844 };

/** Collects console errors and uncaught page errors from now on. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  return errors;
}

/** Waits until React has hydrated the page's main content. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const main = document.getElementById("main");
    return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber$"));
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));
}

/** The first relationship of the demo chain, as the chain page lists it. */
async function openChain(page: Page) {
  await page.goto("/chains");
  await page.locator("table a").first().click();
  await expect(page.getByTestId("chain-suppliers")).toBeVisible();
}

test.describe("on a phone, 390 px wide", () => {
  test.use({ viewport: PHONE });

  test("the menu holds the language switch and log out, both on screen, and log out works (fi)", async ({ page }) => {
    await logIn(page, staff.email);
    // Nothing in the header runs off the screen.
    const header = page.locator("header");
    for (const button of await header.getByRole("button").all()) {
      if (!(await button.isVisible())) continue;
      const box = (await button.boundingBox())!;
      expect(box.x + box.width, `${await button.textContent()} fits`).toBeLessThanOrEqual(PHONE.width);
    }

    // Finnish, picked from the menu.
    await page.getByRole("button", { name: /^(Valikko|Menu)$/ }).click();
    const menu = page.locator("#app-navbar");
    await menu.locator('form[action="/locale"] button[value="fi"]').click();
    await expect(page.locator("html")).toHaveAttribute("lang", "fi");
    // The switch reloads the document: a click before hydration would be lost.
    await hydrated(page);

    const burger = page.getByRole("button", { name: "Valikko" });
    await expect(burger).toHaveAttribute("aria-expanded", "false");
    await burger.click();
    await expect(burger).toHaveAttribute("aria-expanded", "true");
    const logOut = menu.getByRole("button", { name: "Kirjaudu ulos" });
    await expect(logOut).toBeInViewport({ ratio: 1 });
    await expect(menu.getByRole("button", { name: "English" })).toBeInViewport({ ratio: 1 });
    // The page does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Following a link closes the menu.
    await menu.getByRole("link", { name: "Ketjut" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Ketjut" })).toBeVisible();
    await expect(burger).toHaveAttribute("aria-expanded", "false");
    await expect(logOut).toBeHidden();

    await burger.click();
    await menu.getByRole("button", { name: "Kirjaudu ulos" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("badges show their whole text: scores, needs attention (fi)", async ({ page, context }) => {
    await context.addCookies([{ name: "lang", value: Buffer.from('"fi"').toString("base64"), url: test.info().project.use.baseURL! }]);
    await logIn(page, staff.email);
    const home = page.url();
    await openChain(page);
    const chain = page.url();
    await page.getByTestId("chain-suppliers").getByRole("link", { name: "Kalevan Pilvipalvelut Oyj" }).click();
    await expect(page.locator('#main [data-testid="score"]').first()).toBeVisible();
    let scores = 0;
    let badges = 0;
    for (const url of [home, chain, page.url()]) {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      for (const badge of await page.locator(`#main .mantine-Badge-root, #main [data-testid="score"]`).all()) {
        if (!(await badge.isVisible())) continue;
        badges++;
        if ((await badge.getAttribute("data-testid")) === "score") {
          await expect(badge).toHaveText(/^\d{1,3},\d$/);
          scores++;
        }
        // The text is not cut ("8…"): its box (Mantine's label span, if any) is as wide as its content.
        const cut = await badge.evaluate((el) => {
          const text = (el.querySelector(".mantine-Badge-label") as HTMLElement | null) ?? (el as HTMLElement);
          return text.scrollWidth > text.clientWidth;
        });
        expect(cut, `${url}: badge "${await badge.textContent()}" is cut`).toBe(false);
      }
    }
    expect(scores).toBeGreaterThan(0);
    expect(badges).toBeGreaterThan(scores);
  });
});

test("an assessment page hydrates without errors", async ({ page }) => {
  await logIn(page, staff.email);
  await openChain(page);
  await page.getByTestId("chain-suppliers").getByRole("link", { name: "Kalevan Pilvipalvelut Oyj" }).click();
  const href = await page.getByTestId("assessments").locator('a[href*="/assessments/"]').first().getAttribute("href");
  expect(href).toMatch(/^\/relationships\/\d+\/assessments\/\d+$/);
  const errors = collectErrors(page);
  // A full page load, so React hydrates the server's HTML.
  await page.goto(href!);
  await hydrated(page);
  await expect(page.getByTestId("assessment-scores")).toBeVisible();
  expect(errors).toEqual([]);
});

test("the chain's cards say whose size a tag is: the provider's, which scoring reads", async ({ page, context }) => {
  await context.addCookies([{ name: "lang", value: Buffer.from('"en"').toString("base64"), url: test.info().project.use.baseURL! }]);
  await logIn(page, staff.email);
  await openChain(page);
  const chainUrl = page.url();
  for (const column of ["chain-customers", "chain-suppliers"]) {
    const card = page.getByTestId(column).getByTestId("relationship-card").first();
    const tag = card.getByRole("listitem").filter({ hasText: /^Provider: / });
    await expect(tag).toHaveCount(1);
    const shown = (await tag.textContent())!.replace(/^Provider: /, "");

    // The relationship page names the size that scoring used.
    await card.getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(" → ");
    const fact = page
      .locator(".rel-facts > div")
      .filter({ has: page.getByText("Firm size of the provider", { exact: true }) })
      .locator("dd");
    const [, provider] = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/^(.+?) → /)!;
    await expect(fact).toContainText(`${provider}: ${shown}`);
    await page.goto(chainUrl);
  }
});

test("the importance–performance chart's point labels and quadrant names do not overlap", async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, staff.email);
  await openChain(page);
  let checked = 0;
  // Every supplier's chart, at desktop and at phone width (where points crowd most).
  const links = await page
    .getByTestId("chain-suppliers")
    .locator(".chain-row-name")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  for (const href of links) {
    for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
      await page.setViewportSize(viewport);
      await page.goto(href);
      const chart = page.getByTestId("ipa-chart");
      if ((await chart.count()) === 0) continue;
      const labels = chart.locator(".recharts-label-list text");
      await expect(labels.first()).toBeVisible({ timeout: 30_000 });
      // The points' labels and the quadrants' names alike.
      const boxes = await chart.locator(".recharts-label-list text, .rel-ipa-label").evaluateAll((texts) =>
        texts.map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        }),
      );
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          expect(overlap, `${href} at ${viewport.width} px: "${a.text}" and "${b.text}" overlap`).toBe(false);
        }
      }
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(2);
});

test("a page's error keeps the signed-in navigation: a missing chain shows 404 inside the shell, in both languages, and the menu still works", async ({
  page,
}) => {
  await logIn(page, staff.email);
  for (const [locale, chains, notFound] of [
    ["en", "Chains", "not found"],
    ["fi", "Ketjut", "ei löytynyt"],
  ] as const) {
    await switchLanguage(page, locale);
    const response = await page.goto("/chains/999999");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("page-error")).toContainText("404");
    await expect(page.getByTestId("page-error")).toContainText(new RegExp(notFound, "i"));
    await expect(page.getByRole("navigation").getByRole("link", { name: chains, exact: true })).toBeVisible();
  }
  await page.getByRole("navigation").getByRole("link", { name: "Ketjut", exact: true }).click();
  await expect(page).toHaveURL(/\/chains$/);
  await expect(page.getByTestId("page-error")).toHaveCount(0);
});
