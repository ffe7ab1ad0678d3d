import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/auth.server";
import { apiError, apiHandler, apiJson, readJsonBody, readQuery, requireApiCaller, requireMethod } from "~/api/http.server";
import { measurementQuerySchema, pushBodySchema } from "~/api/schemas";
import { listVisibleMeasurements, pushMeasurements } from "~/models/measurement-api.server";

/** GET: the measurements the token's organisation may see. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const caller = await requireApiCaller(request);
    const query = readQuery(request, measurementQuerySchema);
    return apiJson(await listVisibleMeasurements({ user: caller.user, organisationId: caller.organisationId, tokenId: caller.tokenId }, query));
  });
}

/** POST: push measurements, all or nothing, idempotently. */
export async function action({ request, context }: ActionFunctionArgs) {
  return apiHandler(async () => {
    requireMethod(request, ["POST"]);
    const caller = await requireApiCaller(request);
    const body = await readJsonBody(request, pushBodySchema);
    const result = await pushMeasurements({ user: caller.user, organisationId: caller.organisationId, tokenId: caller.tokenId }, body.measurements, {
      ip: clientIp(context),
    });
    switch (result.status) {
      case 200:
        return apiJson({ inserted: result.inserted, updated: result.updated, unchanged: result.unchanged });
      case 400:
        return apiError(400, "validation_failed", "The body is invalid.", { fieldErrors: result.fieldErrors });
      case 403:
        return apiError(403, "forbidden", result.message, { fields: result.fields });
      case 404:
        return apiError(404, "not_found", result.message, { field: result.field });
    }
  });
}
