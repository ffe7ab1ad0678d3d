process.env.DATABASE_PATH = "data/bench/portal-L.time.db";
const { db } = await import("../../app/db.server");
const { getActingUser } = await import("../../app/models/user.server");
const { listVisibleMeasurements } = await import("../../app/models/measurement-api.server");
const { users, memberships } = await import("../../db/schema");
const { eq } = await import("drizzle-orm");
const row = db().select({ id: users.id }).from(users).where(eq(users.email, "user1@bench.example")).get()!;
const m = db().select().from(memberships).where(eq(memberships.userId, row.id)).get()!;
const user = getActingUser(row.id)!;
const actor = { user, organisationId: m.organisationId, tokenId: 1 };
let r = listVisibleMeasurements(actor as never, { relationshipId: 1 });
console.log(r.data.length, JSON.stringify(r).length);
for (let i = 0; i < 50; i++) listVisibleMeasurements(actor as never, { relationshipId: 1 });
const c0 = process.cpuUsage(); const n = 300;
for (let i = 0; i < n; i++) JSON.stringify(listVisibleMeasurements(actor as never, { relationshipId: 1 }));
const c = process.cpuUsage(c0); console.log("model+json ms", ((c.user + c.system) / 1000 / n).toFixed(2));
{
  const zlib = await import("node:zlib");
  const body = JSON.stringify(listVisibleMeasurements(actor as never, { relationshipId: 1 }));
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) zlib.gzipSync(body);
  const c = process.cpuUsage(c0); console.log("gzip ms", ((c.user + c.system) / 1000 / n).toFixed(2));
  const c1 = process.cpuUsage();
  for (let i = 0; i < n; i++) JSON.stringify(JSON.parse(body));
  const c2 = process.cpuUsage(c1); console.log("json parse+stringify ms", ((c2.user + c2.system) / 1000 / n).toFixed(2));
}
