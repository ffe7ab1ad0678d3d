import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, logIn } from "./helpers";

/**
 * Every page each demo account reaches by following links: axe (WCAG 2.2 AA)
 * finds no violation, the browser logs no error (hydration errors included)
 * and the server answers no 5xx. Pages are checked in Finnish and English, on
 * a desktop and on a phone (390 px).
 *
 * GET only: links are followed, forms are never submitted, /logout is skipped.
 * Downloads (CSV, Excel, exports, JSON) are fetched and only their status is
 * checked.
 *
 * Bounded: a URL is reduced to its route pattern (numeric ids become :id) plus
 * its set of query keys, and each account visits at most INSTANCES_PER_PATTERN
 * URLs of each. axe costs seconds of CPU per page, so a page is checked in one
 * variant (language × width), picked deterministically so that the accounts
 * together cover each pattern in every variant; a pattern that too few visits
 * reach is visited again in the variants it still lacks. The accounts crawl
 * in parallel, each in its own browser context.
 */

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const INSTANCES_PER_PATTERN = 2;
const MAX_PAGES_PER_ACCOUNT = 120;

type Variant = { name: string; locale: "fi" | "en"; viewport: { width: number; height: number } };
const VARIANTS: readonly Variant[] = [
  { name: "fi desktop", locale: "fi", viewport: { width: 1280, height: 800 } },
  { name: "en phone", locale: "en", viewport: { width: 390, height: 844 } },
  { name: "en desktop", locale: "en", viewport: { width: 1280, height: 800 } },
  { name: "fi phone", locale: "fi", viewport: { width: 390, height: 844 } },
];

/** "/relationships/12/assessments/40?period=2025-Q1" -> "/relationships/:id/assessments/:id?period". */
function routeKey(url: URL): string {
  const pattern = url.pathname
    .split("/")
    .map((segment) => (/^\d+$/.test(segment) ? ":id" : segment))
    .join("/");
  const keys = [...new Set(url.searchParams.keys())].sort();
  return keys.length > 0 ? `${pattern}?${keys.join("&")}` : pattern;
}

function isDownload(url: URL, hasDownloadAttribute: boolean): boolean {
  return hasDownloadAttribute || /\.(csv|xlsx|json)$/i.test(url.pathname) || /(^|\/)export\b/i.test(url.pathname);
}

function stringHash(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash;
}

/** Resolves once React has hydrated the page's content (or rendered it again on the client). */
async function waitForHydration(page: Page) {
  await page.waitForFunction(
    () => {
      const element = document.getElementById("main") ?? document.body.lastElementChild ?? document.body;
      return Object.keys(element).some((key) => key.startsWith("__reactFiber$"));
    },
    null,
    { timeout: 60_000 },
  );
  // Recoverable (hydration) errors are reported right after the commit.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
}

/** For a contrast failure, the colours and ratio axe measured. */
function contrastOf(node: { any: Array<{ data?: unknown }> }): string {
  const data = node.any[0]?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined;
  return data?.fgColor ? ` (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}:1)` : "";
}

type Visit = { path: string; pattern: string; variant: Variant };

class AccountCrawl {
  readonly visits: Visit[] = [];
  readonly downloads: string[] = [];
  readonly problems = new Set<string>();
  private current = "";
  private constructor(
    readonly email: string,
    readonly index: number,
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly origin: string,
  ) {
    page.on("console", (message) => {
      if (message.type() === "error") this.report(`${this.current}: console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => this.report(`${this.current}: page error: ${error.message}`));
  }

  private report(problem: string) {
    if (process.env.CRAWL_LOG && !this.problems.has(problem)) console.log(problem);
    this.problems.add(problem);
  }

  static async start(browser: Browser, origin: string, email: string, index: number) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, email);
    return new AccountCrawl(email, index, context, page, origin);
  }

  /** Opens one page in one variant and checks it; returns the links on it. */
  async check(path: string, variant: Variant): Promise<Array<{ href: string; download: boolean }>> {
    this.current = `${this.email} [${variant.name}] ${path}`;
    this.visits.push({ path, pattern: routeKey(new URL(path, this.origin)), variant });
    if (process.env.CRAWL_LOG) console.log(`visit ${this.current}`);
    // The language comes from the "lang" cookie (base64 JSON, as Remix writes it) before the profile.
    const lang = Buffer.from(JSON.stringify(variant.locale)).toString("base64");
    await this.context.addCookies([{ name: "lang", value: lang, url: this.origin }]);
    await this.page.setViewportSize(variant.viewport);
    const response = await this.page.goto(path, { waitUntil: "load" });
    const status = response?.status() ?? 0;
    if (status >= 500) {
      this.report(`${this.current}: HTTP ${status}`);
      return [];
    }
    if (new URL(this.page.url()).origin !== this.origin) {
      this.report(`${this.current}: left the site for ${this.page.url()}`);
      return [];
    }
    await waitForHydration(this.page);
    const axe = await new AxeBuilder({ page: this.page }).withTags(WCAG).options({ resultTypes: ["violations"] }).analyze();
    for (const violation of axe.violations) {
      const targets = violation.nodes.map((node) => `${node.target.join(" ")}${contrastOf(node)}`).join(", ");
      this.report(`${this.current}: axe ${violation.id} (${violation.help}): ${targets}`);
    }
    return this.page.locator("a[href]").evaluateAll((anchors) =>
      anchors.map((a) => ({ href: a.getAttribute("href") ?? "", download: a.hasAttribute("download") })),
    );
  }

  /** Breadth-first over the links, each pattern at most INSTANCES_PER_PATTERN times. */
  async crawl() {
    const seen = new Set<string>();
    const perPattern = new Map<string, number>();
    const queue: Array<{ path: string; pattern: string; instance: number }> = [];
    const enqueue = (href: string, download: boolean) => {
      if (/^(mailto|tel|javascript):/i.test(href)) return;
      let url: URL;
      try {
        url = new URL(href, this.origin);
      } catch {
        return;
      }
      if (url.origin !== this.origin || /^\/logout\/?$/i.test(url.pathname)) return;
      url.hash = "";
      const path = url.pathname + url.search;
      if (seen.has(path)) return;
      seen.add(path);
      if (isDownload(url, download)) {
        this.downloads.push(path);
        return;
      }
      const pattern = routeKey(url);
      const instance = perPattern.get(pattern) ?? 0;
      if (instance >= INSTANCES_PER_PATTERN) return;
      perPattern.set(pattern, instance + 1);
      queue.push({ path, pattern, instance });
    };

    enqueue("/", false);
    while (queue.length > 0 && this.visits.length < MAX_PAGES_PER_ACCOUNT) {
      const { path, pattern, instance } = queue.shift()!;
      // Accounts (and a pattern's two instances) start at different variants.
      const variant = VARIANTS[(this.index + 2 * instance + stringHash(pattern)) % VARIANTS.length];
      for (const link of await this.check(path, variant)) enqueue(link.href, link.download);
    }
    if (queue.length > 0) this.report(`${this.email}: stopped after ${MAX_PAGES_PER_ACCOUNT} pages, ${queue.length} not visited`);

    for (const path of this.downloads) {
      const response = await this.context.request.get(path, { maxRedirects: 0 });
      if (response.status() >= 500) this.report(`${this.email} ${path}: download answered HTTP ${response.status()}`);
    }
  }

  async close() {
    await this.context.close();
  }
}

test("every page each demo account reaches by links passes axe, logs no error and answers no 5xx, in fi and en, on desktop and phone", async ({ browser, baseURL }) => {
  test.setTimeout(Number(process.env.CRAWL_TIMEOUT_MS ?? 360_000));
  const origin = new URL(baseURL!).origin;
  // One login at a time: each costs a password hash.
  const crawls: AccountCrawl[] = [];
  for (const [index, account] of DEMO_ACCOUNTS.entries()) if (!process.env.DEV_ACCOUNTS || process.env.DEV_ACCOUNTS.split(",").includes(String(index))) crawls.push(await AccountCrawl.start(browser, origin, account.email, index));
  try {
    await Promise.all(crawls.map((crawl) => crawl.crawl()));

    // A pattern that the accounts did not cover in every variant is visited again, by the first account that reached it.
    const covered = new Map<string, Set<string>>();
    for (const crawl of crawls) {
      for (const visit of crawl.visits) {
        covered.set(visit.pattern, (covered.get(visit.pattern) ?? new Set()).add(visit.variant.name));
      }
    }
    const extra = new Map<AccountCrawl, Array<{ path: string; variant: Variant }>>();
    for (const [pattern, names] of covered) {
      const owner = crawls.find((crawl) => crawl.visits.some((visit) => visit.pattern === pattern))!;
      const path = owner.visits.find((visit) => visit.pattern === pattern)!.path;
      for (const variant of VARIANTS.filter((v) => !names.has(v.name))) {
        extra.set(owner, [...(extra.get(owner) ?? []), { path, variant }]);
      }
    }
    await Promise.all(
      [...extra].map(async ([crawl, visits]) => {
        for (const visit of visits) await crawl.check(visit.path, visit.variant);
      }),
    );

    for (const crawl of crawls) {
      const perVariant = VARIANTS.map((v) => `${crawl.visits.filter((visit) => visit.variant === v).length} ${v.name}`).join(", ");
      console.log(`${crawl.email}: ${crawl.visits.length} pages (${perVariant}), ${crawl.downloads.length} downloads`);
    }
    console.log(`${covered.size} route patterns, each in ${VARIANTS.map((v) => v.name).join(", ")}`);

    for (const crawl of crawls) expect(crawl.visits.length, `${crawl.email} reaches more than its home page`).toBeGreaterThan(10);
    expect(crawls.flatMap((crawl) => [...crawl.problems])).toEqual([]);
  } finally {
    await Promise.all(crawls.map((crawl) => crawl.close()));
  }
});
