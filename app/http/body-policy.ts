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
} as const;

export type BodyKind = "form" | "json" | "multipart";

export function bodyKind(contentType: string | undefined): BodyKind | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "multipart/form-data") return "multipart";
  return null;
}

export function bodyLimit(kind: BodyKind | null): number {
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
export function checkBody(kind: BodyKind | null, bytes: Uint8Array): BodyVerdict {
  if (bytes.length === 0) return { ok: true };
  if (kind === null) {
    return { ok: false, status: 415, message: "Unsupported content type: send a form (application/x-www-form-urlencoded or multipart/form-data) or application/json." };
  }
  if (bytes.length > bodyLimit(kind)) {
    return { ok: false, status: 413, message: `Request body too large: the limit is ${bodyLimit(kind) / (1024 * 1024)} MB.` };
  }
  if (kind === "form" && !isValidFormEncoding(bytes)) return { ok: false, status: 400, message: "The form is not valid UTF-8." };
  if (kind === "json" && !isValidUtf8(bytes)) return { ok: false, status: 400, message: "The JSON body is not valid UTF-8." };
  return { ok: true };
}
