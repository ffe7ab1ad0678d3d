import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { demo, logIn } from "./helpers";

/**
 * Every page each demo account reaches by following links: axe (WCAG 2.2 AA)
 * finds no violation, the browser logs no error (hydration errors included)
 * and the server answers no 5xx, for the page or anything it loads. Pages are
 * checked in Finnish and English, on a desktop and on a phone (390 px).
 *
 * GET only: links are followed, forms are never submitted, /logout is skipped.
 * Downloads (CSV, Excel, exports, JSON) are fetched and only their status is
 * checked.
 *
 * Bounded: a URL is reduced to its route pattern (numeric ids become :id) plus
 * its set of query keys, and each account opens one URL of each pattern it
 * reaches. axe costs seconds of CPU per page, so that page is checked in one
 * variant (language × width), chosen so that the accounts together cover each
 * pattern in every variant; a pattern that too few accounts reach is opened
 * again, by those accounts, in the variants it still lacks. Each account has
 * one browser context per variant (its language cookie and viewport), all
 * sharing its session, and a few pages are checked at a time from one queue.
 */

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const MAX_PAGES_PER_ACCOUNT = 120;
/** Pages checked at once: enough to keep two cores busy while pages load. */
const WORKERS = Number(process.env.CRAWL_WORKERS ?? 4);

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

/** For a contrast failure, the colours and ratio axe measured. */
function contrastOf(node: { any: Array<{ data?: unknown }> }): string {
  const data = node.any[0]?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined;
  return data?.fgColor ? ` (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}:1)` : "";
}

/** A queue that a fixed number of workers drain; work may add more work. */
class WorkQueue<T> {
  private readonly items: T[] = [];
  private busy = 0;
  private waiting: Array<() => void> = [];

  push(item: T) {
    this.items.push(item);
    this.wake();
  }

  private wake() {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  async drain(workers: number, handle: (item: T) => Promise<void>) {
    const worker = async () => {
      for (;;) {
        const item = this.items.shift();
        if (item === undefined) {
          if (this.busy === 0) return this.wake();
          await new Promise<void>((resolve) => this.waiting.push(resolve));
          continue;
        }
        this.busy++;
        try {
          await handle(item);
        } finally {
          this.busy--;
          this.wake();
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
  }
}

type Visit = { path: string; pattern: string; variant: Variant };

class Account {
  readonly visits: Visit[] = [];
  /** Pattern -> the URL of it this account opens. */
  readonly reached = new Map<string, string>();
  readonly downloads: string[] = [];
  readonly seen = new Set<string>();
  private readonly contexts = new Map<string, Promise<BrowserContext>>();
  private readonly idlePages = new Map<string, Page[]>();

  constructor(
    readonly email: string,
    readonly index: number,
    private readonly browser: Browser,
    private readonly origin: string,
    private readonly storageState: Awaited<ReturnType<BrowserContext["storageState"]>>,
  ) {}

  static async logIn(browser: Browser, origin: string, email: string, index: number) {
    const context = await browser.newContext();
    await logIn(await context.newPage(), email);
    const storageState = await context.storageState();
    await context.close();
    return new Account(email, index, browser, origin, storageState);
  }

  /** The account's browser context for one variant: its session, that language and that width. */
  context(variant: Variant): Promise<BrowserContext> {
    let context = this.contexts.get(variant.name);
    if (!context) {
      context = (async () => {
        const created = await this.browser.newContext({ storageState: this.storageState, viewport: variant.viewport });
        // The language comes from the "lang" cookie (base64 JSON, as Remix writes it) before the profile.
        const lang = Buffer.from(JSON.stringify(variant.locale)).toString("base64");
        await created.addCookies([{ name: "lang", value: lang, url: this.origin }]);
        return created;
      })();
      this.contexts.set(variant.name, context);
    }
    return context;
  }

  /**
   * A page of that variant's context to check one URL in: an idle one if there
   * is one (a fresh page per URL would start a renderer each time), else a new one.
   * `report` files its console errors and failed requests under the URL it is checking.
   */
  async page(variant: Variant, report: (page: Page, problem: string) => void): Promise<Page> {
    const idle = this.idlePages.get(variant.name)?.pop();
    if (idle) return idle;
    const page = await (await this.context(variant)).newPage();
    page.on("console", (message) => {
      if (message.type() === "error") report(page, `console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => report(page, `page error: ${error.message}`));
    // Data requests and lazily loaded scripts count too.
    page.on("response", (response) => {
      if (response.status() >= 500) report(page, `HTTP ${response.status()} for ${response.url()}`);
    });
    return page;
  }

  release(variant: Variant, page: Page) {
    this.idlePages.set(variant.name, [...(this.idlePages.get(variant.name) ?? []), page]);
  }

  async close() {
    await Promise.all([...this.contexts.values()].map(async (context) => (await context).close()));
  }
}

type Task =
  { kind: "page"; account: Account; path: string; pattern: string; variant: Variant; discover: boolean } | { kind: "download"; account: Account; path: string };

class Crawl {
  readonly problems = new Set<string>();
  readonly queue = new WorkQueue<Task>();
  /** Pattern -> how many planned checks each variant has. */
  private readonly coverage = new Map<string, Map<string, number>>();
  /** Which URL (account, variant) each page is checking. */
  private readonly checking = new WeakMap<Page, string>();

  constructor(
    readonly accounts: Account[],
    private readonly origin: string,
  ) {}

  report(problem: string) {
    if (process.env.CRAWL_LOG && !this.problems.has(problem)) console.log(problem);
    this.problems.add(problem);
  }

  private plan(pattern: string, variant: Variant) {
    const counts = this.coverage.get(pattern) ?? new Map<string, number>();
    counts.set(variant.name, (counts.get(variant.name) ?? 0) + 1);
    this.coverage.set(pattern, counts);
  }

  /** A link this account found: queued once per pattern, in the variant the pattern has been planned in least. */
  follow(account: Account, href: string, download: boolean) {
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
    if (account.seen.has(path)) return;
    account.seen.add(path);
    if (isDownload(url, download)) {
      account.downloads.push(path);
      this.queue.push({ kind: "download", account, path });
      return;
    }
    const pattern = routeKey(url);
    if (account.reached.has(pattern)) return;
    if (account.reached.size >= MAX_PAGES_PER_ACCOUNT) {
      this.report(`${account.email}: more than ${MAX_PAGES_PER_ACCOUNT} route patterns, ${path} not visited`);
      return;
    }
    account.reached.set(pattern, path);
    const counts = this.coverage.get(pattern);
    // Accounts start at different variants, so that no variant is checked only on one account's pages.
    const offset = account.index + stringHash(pattern);
    const variant = [...VARIANTS.keys()]
      .map((i) => VARIANTS[(i + offset) % VARIANTS.length])
      .reduce((best, v) => ((counts?.get(v.name) ?? 0) < (counts?.get(best.name) ?? 0) ? v : best));
    this.plan(pattern, variant);
    this.queue.push({ kind: "page", account, path, pattern, variant, discover: true });
  }

  /** Variants each pattern still lacks, shared out among the accounts that reach it. */
  planMissingVariants() {
    let added = 0;
    for (const [pattern, counts] of this.coverage) {
      const owners = this.accounts.filter((account) => account.reached.has(pattern));
      for (const variant of VARIANTS.filter((v) => !counts.has(v.name))) {
        const account = owners[added++ % owners.length];
        this.plan(pattern, variant);
        this.queue.push({ kind: "page", account, path: account.reached.get(pattern)!, pattern, variant, discover: false });
      }
    }
    return added;
  }

  async handle(task: Task) {
    const { account } = task;
    if (task.kind === "download") {
      const context = await account.context(VARIANTS[0]);
      const response = await context.request.get(task.path, { maxRedirects: 0 });
      if (response.status() >= 500) this.report(`${account.email} ${task.path}: download answered HTTP ${response.status()}`);
      return;
    }
    const { path, pattern, variant } = task;
    const where = `${account.email} [${variant.name}] ${path}`;
    account.visits.push({ path, pattern, variant });
    if (process.env.CRAWL_LOG) console.log(`visit ${where}`);
    const page = await account.page(variant, (from, problem) => this.report(`${this.checking.get(from)}: ${problem}`));
    this.checking.set(page, where);
    try {
      const response = await page.goto(path, { waitUntil: "load" });
      const status = response?.status() ?? 0;
      if (status >= 400) {
        // A link the portal shows leads somewhere its user may open.
        this.report(`${where}: HTTP ${status}`);
        return;
      }
      if (new URL(page.url()).origin !== this.origin) {
        this.report(`${where}: left the site for ${page.url()}`);
        return;
      }
      // Wait until React has hydrated the page (hydration errors are reported right after the commit).
      await page.waitForFunction(() => Object.keys(document.getElementById("main") ?? document.body).some((key) => key.startsWith("__reactFiber$")), null, {
        timeout: 60_000,
      });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
      // Legacy mode runs axe in the page itself: the default opens a blank page per analysis, which doubles its cost.
      const axe = await new AxeBuilder({ page })
        .setLegacyMode()
        .withTags(WCAG)
        .options({ resultTypes: ["violations"] })
        .analyze();
      for (const violation of axe.violations) {
        const targets = violation.nodes.map((node) => `${node.target.join(" ")}${contrastOf(node)}`).join(", ");
        this.report(`${where}: axe ${violation.id} (${violation.help}): ${targets}`);
      }
      if (task.discover) {
        const links = await page
          .locator("a[href]")
          .evaluateAll((anchors) => anchors.map((a) => ({ href: a.getAttribute("href") ?? "", download: a.hasAttribute("download") })));
        for (const link of links) this.follow(account, link.href, link.download);
      }
    } finally {
      account.release(variant, page);
    }
  }
}

test("every page each demo account reaches by links passes axe, logs no error and answers no 5xx, in fi and en, on desktop and phone", async ({
  browser,
  baseURL,
}) => {
  // About 170 pages: a few minutes on two cores, but far longer when the machine is shared.
  test.setTimeout(Number(process.env.CRAWL_TIMEOUT_MS ?? 1_200_000));
  const started = Date.now();
  const origin = new URL(baseURL!).origin;
  // CRAWL_ACCOUNTS=admin,supplierAAdmin crawls only those demo roles, when chasing one problem.
  const only = process.env.CRAWL_ACCOUNTS?.split(",");
  const accounts: Account[] = [];
  // One login at a time: each costs a password hash.
  for (const [index, [role, account]] of Object.entries(demo).entries()) {
    if (!only || only.includes(role)) accounts.push(await Account.logIn(browser, origin, account.email, index));
  }
  const crawl = new Crawl(accounts, origin);
  try {
    for (const account of accounts) crawl.follow(account, "/", false);
    await crawl.queue.drain(WORKERS, (task) => crawl.handle(task));
    const filled = crawl.planMissingVariants();
    await crawl.queue.drain(WORKERS, (task) => crawl.handle(task));

    const patterns = new Set(accounts.flatMap((account) => [...account.reached.keys()]));
    for (const account of accounts) {
      const perVariant = VARIANTS.map((v) => `${account.visits.filter((visit) => visit.variant === v).length} ${v.name}`).join(", ");
      console.log(
        `${account.email}: ${account.reached.size} route patterns, ${account.visits.length} pages (${perVariant}), ${account.downloads.length} downloads`,
      );
    }
    const pages = accounts.reduce((sum, account) => sum + account.visits.length, 0);
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `${patterns.size} route patterns, each in ${VARIANTS.map((v) => v.name).join(", ")} (${filled} pages for variants); ${pages} pages in ${seconds} s`,
    );

    for (const account of accounts) expect(account.reached.size, `${account.email} reaches more than its home page`).toBeGreaterThan(10);
    for (const pattern of patterns) {
      const variants = new Set(accounts.flatMap((account) => account.visits.filter((v) => v.pattern === pattern).map((v) => v.variant.name)));
      expect(variants.size, `${pattern} checked in every variant`).toBe(VARIANTS.length);
    }
    expect([...crawl.problems]).toEqual([]);
  } finally {
    await Promise.all(accounts.map((account) => account.close()));
  }
});
