/**
 * What of a request URL may reach the log. Secrets travel in URLs despite
 * our advice: a client may send its API token as `?access_token=`, and a
 * one-time password link carries its token in the path. The router matches
 * paths case-insensitively and after percent-decoding, so `/Reset-Password/…`
 * and `/reset%2Dpassword/…` open the same page and must be redacted too.
 */
export const REDACTED = "[redacted]";

/** Query parameters whose value is a credential, by name (any letter case). */
const SECRET_PARAMETER = /token|key|secret|passw|auth|sig|session|code|cred/i;

/** Path segments after which the next segment is a credential. */
const SECRET_PATH_PREFIXES = ["reset-password", "invitations"];

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function redactPath(path: string): string {
  const segments = path.split("/");
  for (let i = 0; i < segments.length - 1; i++) {
    if (SECRET_PATH_PREFIXES.includes(decodeSafely(segments[i]).trim().toLowerCase())) {
      segments[i + 1] = REDACTED;
      for (let j = i + 2; j < segments.length; j++) segments[j] = REDACTED;
      break;
    }
  }
  return segments.join("/");
}

function redactQuery(query: string): string {
  return query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq === -1 ? pair : pair.slice(0, eq);
      if (eq === -1 || !SECRET_PARAMETER.test(decodeSafely(name.replace(/\+/g, " ")))) return pair;
      return `${name}=${REDACTED}`;
    })
    .join("&");
}

/** The URL (path and query, as received) with credentials replaced by [redacted]. */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf("#");
  const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutHash.indexOf("?");
  const path = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt);
  const query = queryAt === -1 ? null : withoutHash.slice(queryAt + 1);
  return query === null ? redactPath(path) : `${redactPath(path)}?${redactQuery(query)}`;
}
