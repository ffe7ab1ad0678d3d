import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/security/safe-redirect";

/** Where a browser would go with this Location, read from the portal at https://portal.example. */
const browserDestination = (location: string) => new URL(location, "https://portal.example/login").origin;

describe("safeRedirectPath", () => {
  it.each([
    ["/metrics", "/metrics"],
    ["/metrics?from=2026-01&to=2026-03", "/metrics?from=2026-01&to=2026-03"],
    ["/relationships/4#actions", "/relationships/4#actions"],
    ["/a b", "/a%20b"],
    ["/ääkköset", "/%C3%A4%C3%A4kk%C3%B6set"],
    ["/./metrics/../chains", "/chains"],
  ])("keeps the same-site path %j as %j", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each([
    // Browsers strip tab, CR and LF anywhere: these are all "//evil.example".
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    // Backslash is a slash in http(s) URLs.
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    // Leading control characters and spaces are trimmed.
    " //evil.example",
    "\u0000//evil.example",
    "\u001f/\\evil.example",
    // Scheme-relative and absolute URLs.
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "HTTPS://evil.example/",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    // Dot segments that collapse to "//".
    "/.//evil.example",
    "/%2e//evil.example",
    // Credentials, not paths.
    "/@evil.example",
  ])("never leaves the site for %j", (input) => {
    const result = safeRedirectPath(input, "/");
    expect(browserDestination(result)).toBe("https://portal.example");
    expect(result.startsWith("/")).toBe(true);
    expect(result.startsWith("//")).toBe(false);
    expect(result).not.toMatch(/[\u0000-\u001f\u007f\\]/);
  });

  it.each([
    ["", "/"],
    ["metrics", "/"],
    ["?x=1", "/"],
    ["#top", "/"],
    ["/\u0000", "/"],
    ["/metrics\u0007", "/metrics"],
    ["/me\u0007trics?q=\u0000a", "/me%07trics?q=%00a"],
    [undefined, "/"],
    [null, "/"],
    [42, "/"],
  ])("answers %j with a safe path (%j), never a control character", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it("refuses an overlong path", () => {
    expect(safeRedirectPath(`/${"x".repeat(3000)}`)).toBe("/");
  });

  it("uses the given fallback", () => {
    expect(safeRedirectPath("//evil.example", "/home")).toBe("/home");
  });
});
