import { apiJson } from "~/api/http.server";
import { openApiDocument } from "~/api/openapi";
import { env } from "~/env.server";

/**
 * The OpenAPI 3.1 document; public, so client developers can read it before
 * they have a token. Its server URL is PUBLIC_URL or relative, never the
 * request's Host header: the answer is the same for everyone, so a shared
 * cache may keep it.
 */
export async function loader() {
  return apiJson(openApiDocument(env().PUBLIC_URL ?? ""), 200, { "Cache-Control": "public, max-age=300" });
}
