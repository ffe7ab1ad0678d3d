/**
 * Cross-site request forgery guard: a state-changing request (anything but
 * GET, HEAD, OPTIONS) coming from another site is refused. Browsers send
 * Sec-Fetch-Site on every request and Origin on POSTs; API clients (no
 * browser) send neither, and authenticate with tokens instead.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteWrite(method: string, headers: { origin?: string | null; secFetchSite?: string | null; host?: string | null }): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const site = headers.secFetchSite?.toLowerCase();
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = headers.origin;
  if (origin && origin !== "null") {
    try {
      return new URL(origin).host.toLowerCase() !== (headers.host ?? "").toLowerCase();
    } catch {
      return true;
    }
  }
  // "Origin: null" comes from sandboxed frames and privacy-stripped redirects.
  return origin === "null";
}
