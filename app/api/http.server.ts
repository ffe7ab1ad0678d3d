/**
 * Plumbing for /api/v1/ resource routes: bearer-token authentication (no
 * cookie session, so no cross-site risk), JSON bodies read with limits and
 * validated with zod, and errors as JSON with the right 4xx status. Bad
 * input is never a 500.
 */
import { DEFAULT_TIME_ZONE } from "../domain/time-zone";
import type { z } from "zod";
import { authenticateApiToken, type ApiPrincipal } from "../models/api-token.server";
import type { ActingUser } from "../models/user.server";
import { fieldErrors } from "./schemas";

/** Same as the server's limit for JSON bodies (app/http/body-policy.ts). */
export const MAX_JSON_BYTES = 1024 * 1024;

export type ApiErrorCode =
  "unauthorized" | "forbidden" | "not_found" | "method_not_allowed" | "unsupported_media_type" | "payload_too_large" | "malformed_json" | "validation_failed";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function apiError(
  status: number,
  error: ApiErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return apiJson({ error, message, ...extra }, status, headers);
}

/** Thrown inside a handler; `apiHandler` turns it into its response. */
export class ApiFailure extends Error {
  constructor(readonly response: Response) {
    super("API failure");
  }
}

function fail(status: number, error: ApiErrorCode, message: string, extra?: Record<string, unknown>, headers?: Record<string, string>): never {
  throw new ApiFailure(apiError(status, error, message, extra, headers));
}

const STATUS_CODES: Record<number, ApiErrorCode> = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed" };

/**
 * Runs an API handler: ApiFailure and the 403/404 Responses that model
 * functions throw become JSON errors; anything else is a real fault.
 */
export async function apiHandler(fn: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof ApiFailure) return thrown.response;
    if (thrown instanceof Response && thrown.status >= 400 && thrown.status < 500) {
      const message = (await thrown.text().catch(() => "")) || "Request refused";
      return apiError(thrown.status, STATUS_CODES[thrown.status] ?? "forbidden", message);
    }
    throw thrown;
  }
}

export type ApiCaller = ApiPrincipal & {
  /** The token's organisation as an acting user (its staff's view), for the shared visibility rules. */
  user: ActingUser;
};

/** The organisation behind `Authorization: Bearer <token>`, or a 401. */
export async function requireApiCaller(request: Request): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer[ ]+([A-Za-z0-9_\-]+)\s*$/i.exec(header);
  const challenge = { "WWW-Authenticate": 'Bearer realm="api"' };
  if (!match) fail(401, "unauthorized", "Send an API token as 'Authorization: Bearer <token>'.", {}, challenge);
  const principal = await authenticateApiToken(match[1]);
  if (!principal)
    fail(401, "unauthorized", "The API token is unknown or revoked.", {}, { ...challenge, "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' });
  return {
    ...principal,
    user: {
      id: 0,
      email: "",
      name: `API token ${principal.tokenId}`,
      isPlatformAdmin: false,
      locale: null,
      timeZone: DEFAULT_TIME_ZONE,
      memberships: [{ organisationId: principal.organisationId, organisationName: principal.organisationName, role: "staff" }],
      assessorScopes: [],
    },
  };
}

export function requireMethod(request: Request, allowed: readonly string[]): void {
  if (!allowed.includes(request.method.toUpperCase())) {
    fail(405, "method_not_allowed", `Use ${allowed.join(" or ")}.`, {}, { Allow: allowed.join(", ") });
  }
}

/** The request's JSON body, validated: 415 for another content type, 413 when too large, 400 when malformed or invalid. */
export async function readJsonBody<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && !type.endsWith("+json")) {
    fail(415, "unsupported_media_type", "Send the body as application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BYTES) fail(413, "payload_too_large", `The body must be at most ${MAX_JSON_BYTES} bytes.`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_JSON_BYTES) fail(413, "payload_too_large", `The body must be at most ${MAX_JSON_BYTES} bytes.`);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    fail(400, "malformed_json", "The body is not valid UTF-8 JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) fail(400, "validation_failed", "The body is invalid.", { fieldErrors: fieldErrors(parsed.error) });
  return parsed.data;
}

/** Query parameters, validated: 400 with field errors. Repeated parameters are refused. */
export function readQuery<S extends z.ZodTypeAny>(request: Request, schema: S): z.infer<S> {
  const params = new URL(request.url).searchParams;
  const values: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    if (all.length > 1) fail(400, "validation_failed", "The query is invalid.", { fieldErrors: { [key]: ["Give this parameter once"] } });
    values[key] = all[0];
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) fail(400, "validation_failed", "The query is invalid.", { fieldErrors: fieldErrors(parsed.error, "(query)") });
  return parsed.data;
}

export { fail as apiFail };
