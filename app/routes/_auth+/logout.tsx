import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clientIp, endSession, getOptionalUser } from "~/auth.server";
import { audit } from "~/models/audit.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) await audit({ action: "auth.logout", actorUserId: user.id, entityType: "user", entityId: user.id, ip: clientIp(context) });
  return redirect("/login", { headers: { "Set-Cookie": await endSession(request) } });
}

// Logging out changes state, so it is POST only; a GET just goes home.
export async function loader() {
  throw redirect("/");
}
