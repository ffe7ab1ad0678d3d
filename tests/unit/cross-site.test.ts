import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "~/security/cross-site";
import { contentSecurityPolicy } from "~/security/csp";

describe("isCrossSiteWrite", () => {
  it.each([
    ["GET", { origin: "https://evil.example", secFetchSite: "cross-site", host: "portal.example" }, false],
    ["HEAD", { secFetchSite: "cross-site", host: "portal.example" }, false],
    ["POST", { origin: "https://portal.example", secFetchSite: "same-origin", host: "portal.example" }, false],
    ["POST", { origin: "http://localhost:3000", host: "localhost:3000" }, false],
    ["POST", { secFetchSite: "none", host: "portal.example" }, false],
    ["POST", { host: "portal.example" }, false], // a non-browser client (API token)
    ["POST", { origin: "https://evil.example", host: "portal.example" }, true],
    ["POST", { secFetchSite: "cross-site", host: "portal.example" }, true],
    ["POST", { secFetchSite: "same-site", origin: "https://sub.portal.example", host: "portal.example" }, true],
    ["DELETE", { origin: "https://evil.example", secFetchSite: "cross-site", host: "portal.example" }, true],
    ["PUT", { origin: "null", host: "portal.example" }, true],
    ["POST", { origin: "not a url", host: "portal.example" }, true],
    ["POST", { origin: "http://localhost:3001", host: "localhost:3000" }, true],
  ] as const)("%s %j -> %s", (method, headers, expected) => {
    expect(isCrossSiteWrite(method, headers)).toBe(expected);
  });
});

describe("contentSecurityPolicy", () => {
  it("carries the nonce and the required directives, and never unsafe-eval", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("lets only style elements with the nonce in (CSP 3); only style attributes stay unsafe-inline", () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy("abc123")
        .split("; ")
        .map((d) => [d.split(" ")[0], d.split(" ").slice(1)]),
    );
    expect(directives["style-src-elem"]).toEqual(["'self'", "'nonce-abc123'"]);
    expect(directives["style-src-attr"]).toEqual(["'unsafe-inline'"]);
  });
});
