/**
 * What request bodies the server accepts, decided before any route sees
 * them: a size limit per kind of body, the content types that routes can
 * parse, and well-formed UTF-8 for text bodies. Pure, so it is unit-tested.
 */
export const BODY_LIMITS = {
  /** Forms and API JSON. */
  text: 1024 * 1024,
  /** File uploads (measurement imports). */
  multipart: 10 * 1024 * 1024,
  /** An attachment (up to 10 MB) with its form's fields and multipart framing. */
  attachmentUpload: 10 * 1024 * 1024 + 64 * 1024,
} as const;

/** The one route that takes attachments (app/routes/_app+/attachments+/upload.tsx). */
export const ATTACHMENT_UPLOAD_PATH = "/attachments/upload";

export type BodyKind = "form" | "json" | "multipart";

export function bodyKind(contentType: string | undefined): BodyKind | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "multipart/form-data") return "multipart";
  return null;
}

/** The limit of a body of `kind`; a multipart body to the attachment upload route may carry a full 10 MB file. */
export function bodyLimit(kind: BodyKind | null, pathname?: string): number {
  if (kind === "multipart" && pathname === ATTACHMENT_UPLOAD_PATH) return BODY_LIMITS.attachmentUpload;
  return kind === "multipart" ? BODY_LIMITS.multipart : BODY_LIMITS.text;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Percent-escapes in a form body are decoded too, so `%FF` is caught like a raw 0xFF byte. */
export function isValidFormEncoding(bytes: Uint8Array): boolean {
  if (!isValidUtf8(bytes)) return false;
  const text = new TextDecoder().decode(bytes);
  for (const part of text.split("&")) {
    try {
      decodeURIComponent(part.replace(/\+/g, " "));
    } catch {
      return false;
    }
  }
  return true;
}

export type BodyVerdict = { ok: true } | { ok: false; status: 400 | 413 | 415; message: string };

/** The verdict on a complete body (`bytes` may be empty). */
export function checkBody(kind: BodyKind | null, bytes: Uint8Array, pathname?: string): BodyVerdict {
  if (bytes.length === 0) return { ok: true };
  if (kind === null) {
    return {
      ok: false,
      status: 415,
      message: "Unsupported content type: send a form (application/x-www-form-urlencoded or multipart/form-data) or application/json.",
    };
  }
  const limit = bodyLimit(kind, pathname);
  if (bytes.length > limit) {
    return { ok: false, status: 413, message: `Request body too large: the limit is ${Math.round(limit / (1024 * 1024))} MB.` };
  }
  if (kind === "form" && !isValidFormEncoding(bytes)) return { ok: false, status: 400, message: "The form is not valid UTF-8." };
  if (kind === "json" && !isValidUtf8(bytes)) return { ok: false, status: 400, message: "The JSON body is not valid UTF-8." };
  return { ok: true };
}

// ------------------------------------------------------------------ pages vs the API

/**
 * Whether a path is the API's. Give the path as the router sees it: a
 * browser and the WHATWG URL parser remove dot segments, so
 * `/api/../metrics/record` is the page /metrics/record, not the API.
 */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

export type RequestVerdict = { ok: true } | { ok: false; status: 400 | 405 | 415; message: string; allow?: string };

/**
 * What a page (anything but the API) takes: GET and HEAD, and POST with a
 * form. Its actions read `request.formData()`, which throws (a 500) on any
 * other body; PUT, PATCH and DELETE are not used by any page.
 */
export function checkPageRequest(method: string, kind: BodyKind | null): RequestVerdict {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return { ok: true };
  if (m !== "POST") return { ok: false, status: 405, message: "Method not allowed: pages take GET and POST.", allow: "GET, HEAD, POST" };
  if (kind === "form" || kind === "multipart") return { ok: true };
  if (kind === "json") {
    return {
      ok: false,
      status: 415,
      message: "Unsupported content type: pages take forms (application/x-www-form-urlencoded or multipart/form-data); JSON is for /api/v1/.",
    };
  }
  return { ok: false, status: 415, message: "Unsupported content type: send a form (application/x-www-form-urlencoded or multipart/form-data)." };
}

/**
 * A multipart body must parse as the routes will parse it (the platform's
 * own FormData parser): a malformed one is a 400 here rather than a 500 there.
 */
export async function checkMultipart(contentType: string, bytes: Uint8Array): Promise<RequestVerdict> {
  try {
    await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "Content-Type": contentType } }).formData();
    return { ok: true };
  } catch {
    return { ok: false, status: 400, message: "The multipart form body is malformed." };
  }
}
