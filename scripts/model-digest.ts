/**
 * What the read models answer each demo person, as one JSON document: home,
 * chains, every chain view and portfolio, the metrics dashboard, customer
 * KPIs, a comparison and relationship pages. Run once per engine
 * (DATABASE_PATH or DATABASE_URL) by tests/integration/engines-agree.test.ts,
 * which requires the two documents to be equal.
 */
import { DEMO_ACCOUNTS } from "../db/seed/demo";

const AS_OF = new Date(process.argv[2] ?? "2026-11-22T12:00:00Z");
const { db, closeDatabase } = await import("../app/db.server");
const { users } = await import("../db/tables");
const { eq } = await import("drizzle-orm");
const { getActingUser } = await import("../app/models/user.server");
const { getHome } = await import("../app/models/home.server");
const { listVisibleChains, getChainView } = await import("../app/models/chain.server");
const { getChainPortfolio } = await import("../app/models/portfolio.server");
const { metricsDashboard } = await import("../app/models/measurement-dashboard.server");
const { getCompareView } = await import("../app/models/compare.server");
const { parseCompareState } = await import("../app/domain/compare-url");
const { getRelationshipPage } = await import("../app/models/relationship.server");
const { quarterOf } = await import("../app/domain/period");

const digest: Record<string, unknown> = {};
for (const account of DEMO_ACCOUNTS) {
  const row = await db().select({ id: users.id }).from(users).where(eq(users.email, account.email)).get();
  const user = (await getActingUser(row!.id))!;
  const chains = await listVisibleChains(user);
  const views = [];
  for (const chain of chains) {
    const view = await getChainView(user, chain.id, {}, AS_OF);
    const portfolio = await getChainPortfolio(user, chain.id, { quarter: null, side: "both" }, { page: 1, pageSize: 100 }, AS_OF).catch((e: unknown) => ({
      refused: String((e as Response).status ?? e),
    }));
    const compare = await getCompareView(
      user,
      parseCompareState(new URLSearchParams({ chain: String(chain.id), quarter: quarterOf(AS_OF) })).state,
      AS_OF,
    ).catch((e: unknown) => ({ refused: String((e as Response).status ?? e) }));
    views.push({ view, portfolio, compare });
  }
  const relationshipIds = [...new Set(views.flatMap((v) => [...v.view.upstream.rows, ...v.view.downstream.rows, ...v.view.other.rows].map((r) => r.id)))].slice(
    0,
    6,
  );
  const pages = [];
  for (const id of relationshipIds) pages.push(await getRelationshipPage(user, id, { locale: "en" }, AS_OF));
  digest[account.email] = {
    home: await getHome(user, AS_OF),
    chains,
    views,
    dashboard: await metricsDashboard(user, { scope: "shared", months: 24, page: 1 }, AS_OF),
    ownDashboard: await metricsDashboard(user, { scope: "own", months: 24, page: 1 }, AS_OF),
    pages,
  };
}
closeDatabase();
// Exit once the pipe has taken the whole document (a write to a pipe is asynchronous).
process.stdout.write(JSON.stringify(digest), () => process.exit(0));
