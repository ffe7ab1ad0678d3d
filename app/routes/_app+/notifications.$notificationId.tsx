import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { idParam } from "~/http/route-params.server";
import { openNotification } from "~/models/notifications.server";

/**
 * Opening a notification: marks it read and goes to the page it is about.
 * Someone else's notification, or one whose subject the user may no longer
 * see, is a 404 like an unknown id.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return redirect(await openNotification(user, idParam(params, "notificationId")));
}
