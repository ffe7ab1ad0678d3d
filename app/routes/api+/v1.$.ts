import { apiError } from "~/api/http.server";

/** Any other path under /api/v1/: a JSON 404 rather than the portal's HTML page. */
export async function loader() {
  return apiError(404, "not_found", "No such API endpoint. See /api/v1/openapi.json.");
}

export async function action() {
  return apiError(404, "not_found", "No such API endpoint. See /api/v1/openapi.json.");
}
