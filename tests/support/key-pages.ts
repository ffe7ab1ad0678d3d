/**
 * The key pages of the query-plan tests (query-plans.test.ts on SQLite,
 * postgres-query-plans.test.ts on PostgreSQL), run in process through their
 * Remix loaders as the bench dataset's accounts. Import this module only
 * once the process's database is set (DATABASE_PATH / DATABASE_URL): the
 * routes it loads pick their engine when first imported.
 */
import { expect } from "vitest";
import { BENCH_PASSWORD, type GeneratedDataset } from "../../scripts/bench/generate";
import { cookieFrom, get, post, run } from "./remix";

/** A session cookie per role the key pages are seen as. */
export async function signInBenchAccounts(data: GeneratedDataset): Promise<Record<string, string>> {
  const login = await import("~/routes/_auth+/login");
  const cookies: Record<string, string> = {};
  for (const [role, email] of Object.entries(data.accounts)) {
    if (role === "admin" || role === "customer") continue;
    const res = (await run(login.action, post("/login", { email, password: BENCH_PASSWORD }), {}, { clientIp: "10.7.0.1" })) as Response;
    cookies[role] = cookieFrom(res);
  }
  return cookies;
}

/** Loads every key page once, each as the role that uses it, and expects a 200. */
export async function visitKeyPages(data: GeneratedDataset, cookies: Record<string, string>): Promise<void> {
  const pages: Array<[string, string, unknown, Record<string, string>]> = [
    ["staff", "/", (await import("~/routes/_app+/_index")).loader, {}],
    ["staff", `/chains/${data.sample.chainId}`, (await import("~/routes/_app+/chains+/$chainId")).loader, { chainId: String(data.sample.chainId) }],
    [
      "staff",
      `/relationships/${data.sample.relationshipId}`,
      (await import("~/routes/_app+/relationships+/$relationshipId._index")).loader,
      { relationshipId: String(data.sample.relationshipId) },
    ],
    ["supplier", "/metrics", (await import("~/routes/_app+/metrics+/_index")).loader, {}],
    ["lead", `/compare?${data.sample.compareIds.map((id) => `r=${id}`).join("&")}`, (await import("~/routes/_app+/compare+/_layout")).loader, {}],
    [
      "lead",
      `/chains/${data.sample.chainId}/portfolio`,
      (await import("~/routes/_app+/chains+/$chainId_.portfolio")).loader,
      { chainId: String(data.sample.chainId) },
    ],
  ];
  for (const [role, url, loader, params] of pages) {
    let result = await run(loader as never, get(url, cookies[role]), params);
    // The compare page writes the quarter it shows into its URL: follow that redirect to the page itself.
    if (result instanceof Response && result.status === 302 && result.headers.get("Location")?.startsWith(new URL(url, "http://x").pathname)) {
      result = await run(loader as never, get(result.headers.get("Location")!, cookies[role]), params);
    }
    expect(result instanceof Response ? result.status : 200, `${url} as ${role}`).toBe(200);
  }
}
