import { apiJson } from "~/api/http.server";
import { openApiDocument } from "~/api/openapi";

/** The OpenAPI 3.1 document; public, so client developers can read it before they have a token. */
export async function loader({ request }: { request: Request }) {
  const url = new URL(request.url);
  return apiJson(openApiDocument(url.origin), 200, { "Cache-Control": "public, max-age=300" });
}
