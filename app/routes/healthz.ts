import { databaseIsHealthy } from "~/models/health.server";

/** Liveness and database check for load balancers and the start script. */
export async function loader() {
  const ok = databaseIsHealthy();
  return Response.json({ status: ok ? "ok" : "error" }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
