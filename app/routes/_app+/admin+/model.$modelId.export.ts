import type { LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/auth.server";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { exportModelVersion } from "~/models/importance-model.server";
import { idParam } from "~/http/route-params.server";

/** A model version (a draft too) as a JSON file that the import reads back. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const { file, filename } = await exportModelVersion(user, idParam(params, "modelId"), clientIp(context));
  return new Response(`${JSON.stringify(file, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
