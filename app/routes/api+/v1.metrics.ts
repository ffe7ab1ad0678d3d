import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiFail, apiHandler, apiJson, requireApiCaller } from "~/api/http.server";
import { listApiMetrics } from "~/models/measurement-api.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const caller = await requireApiCaller(request);
    return apiJson({ data: await listApiMetrics({ user: caller.user, organisationId: caller.organisationId, tokenId: caller.tokenId }) });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(() => apiFail(405, "method_not_allowed", `${request.method} is not supported here; use GET.`, {}, { Allow: "GET" }));
}
