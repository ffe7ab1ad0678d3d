/**
 * Where a `redirectTo` may send a browser: only a path on this site, judged
 * the way a browser reads the Location header. The WHATWG URL parser drops
 * tabs and newlines anywhere, trims leading control characters and spaces,
 * and reads `\` as `/` — so `/<TAB>/evil.example` and `/\evil.example` are
 * really `//evil.example`, another host. We parse with that same parser
 * against a placeholder origin and keep the result only when it stays on it.
 *
 * The answer is the re-serialised path (percent-encoded), never the raw
 * input, so what reaches the Location header is what was checked, and a
 * control character can never make the header invalid (a 500).
 */
const PLACEHOLDER_ORIGIN = "http://portal.invalid";
const MAX_LENGTH = 2048;

export function safeRedirectPath(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  // Only a path: not a scheme-relative or absolute URL, not a bare relative one ("evil" or "?x").
  const browserSees = to.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, "");
  if (!browserSees.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(to, `${PLACEHOLDER_ORIGIN}/`);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || url.username || url.password) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Belt and braces: the serialised path must itself be a plain path.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || /[\u0000-\u001f\u007f\s]/.test(path)) return fallback;
  return path;
}
