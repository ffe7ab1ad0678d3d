/**
 * npm exec tsx scripts/bench/time-model.ts -- [--size demo|S|M|L]
 * Times the model functions behind the key pages, in process, on a migrated
 * copy of a benchmark dataset: the loader's database share of a page's CPU.
 */
import fs from "node:fs";
import { migratedCopy } from "./fixtures";
import type { GeneratedDataset } from "./generate";

const args = process.argv.slice(2);
const sizeAt = args.indexOf("--size");
const size = sizeAt >= 0 ? (args[sizeAt + 1].toLowerCase() === "demo" ? "demo" : args[sizeAt + 1].toUpperCase()) : "demo";
const meta = JSON.parse(fs.readFileSync(`data/bench/portal-${size}.db.json`, "utf8")) as GeneratedDataset;
process.env.DATABASE_PATH = migratedCopy(meta.file, meta.file.replace(/\.db$/, ".time.db"));
const { db } = await import("../../app/db.server");
const { getActingUser } = await import("../../app/models/user.server");
const { getHome } = await import("../../app/models/home.server");
const { listVisibleChains, getChainView } = await import("../../app/models/chain.server");
const { metricsDashboard } = await import("../../app/models/measurement-dashboard.server");
const { users } = await import("../../db/schema");
const { eq } = await import("drizzle-orm");

async function userOf(role: keyof GeneratedDataset["accounts"]) {
  const row = (await db().select({ id: users.id }).from(users).where(eq(users.email, meta.accounts[role])).get())!;
  return (await getActingUser(row.id))!;
}
function time(name: string, fn: () => unknown, n = 50) {
  fn();
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  console.log(`${name.padEnd(32)} median ${t[n >> 1].toFixed(2)} ms  p95 ${t[Math.floor(n * 0.95)].toFixed(2)} ms`);
}
const staff = await userOf("staff");
const supplier = await userOf("supplier");
time("acting user", () => getActingUser(staff.id));
time("home", () => getHome(staff));
time("visible chains", () => listVisibleChains(staff));
time("chain view", () => getChainView(staff, meta.sample.chainId, {} as never));
time("supplier dashboard", () => metricsDashboard(supplier, { scope: "shared", months: 12, page: 1 } as never));
