process.env.DATABASE_PATH = "data/bench/portal-L.time.db";
const { db } = await import("../../app/db.server");
const { getActingUser } = await import("../../app/models/user.server");
const { resolveSession } = await import("../../app/models/session.server").catch(() => ({} as never));
const { users } = await import("../../db/schema");
const { eq } = await import("drizzle-orm");
const row = db().select({ id: users.id }).from(users).where(eq(users.email, "user1@bench.example")).get()!;
function t(name: string, fn: () => unknown, n = 2000) {
  for (let i = 0; i < 200; i++) fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const c = process.cpuUsage(c0); console.log(name, ((c.user + c.system) / 1000 / n).toFixed(3), "ms");
}
t("getActingUser", () => getActingUser(row.id));
const s1 = db().$client.prepare("select id, email, name, is_platform_admin, locale, time_zone from users where id = ? and disabled_at is null");
const s2 = db().$client.prepare("select m.organisation_id, o.name, m.role from memberships m join organisations o on o.id = m.organisation_id where m.user_id = ? order by o.name");
t("raw two statements", () => { s1.get(row.id); s2.all(row.id); });
t("drizzle build only", () => db().select({ id: users.id, email: users.email }).from(users).where(eq(users.id, row.id)).toSQL());
