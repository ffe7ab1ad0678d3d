import { describe, expect, it } from "vitest";
import { redactUrl } from "~/http/log-redaction";

const TOKEN = "Zq3x_8kLmN0pQrStUvWxYz0123456789abcdefghijk";

describe("redactUrl", () => {
  it.each([
    [`/reset-password/${TOKEN}`, "/reset-password/[redacted]"],
    [`/Reset-Password/${TOKEN}`, "/Reset-Password/[redacted]"],
    [`/RESET-PASSWORD/${TOKEN}?x=1`, "/RESET-PASSWORD/[redacted]?x=1"],
    [`/reset%2Dpassword/${TOKEN}`, "/reset%2Dpassword/[redacted]"],
    [`/reset%2dpassword/${TOKEN}.data`, "/reset%2dpassword/[redacted]"],
    [`//reset-password/${TOKEN}`, "//reset-password/[redacted]"],
    [`/reset-password/${TOKEN}/extra`, "/reset-password/[redacted]/[redacted]"],
    [`/api/v1/metrics?access_token=${TOKEN}`, "/api/v1/metrics?access_token=[redacted]"],
    [`/api/v1/metrics?ACCESS_TOKEN=${TOKEN}&limit=5`, "/api/v1/metrics?ACCESS_TOKEN=[redacted]&limit=5"],
    [`/api/v1/metrics?limit=5&access%5Ftoken=${TOKEN}`, "/api/v1/metrics?limit=5&access%5Ftoken=[redacted]"],
    [`/x?api_key=${TOKEN}&password=hunter2&q=ok`, "/x?api_key=[redacted]&password=[redacted]&q=ok"],
    [`/x?access_token=${TOKEN}#frag`, "/x?access_token=[redacted]"],
  ])("%s -> %s", (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
    expect(redactUrl(input)).not.toContain(TOKEN);
  });

  it.each(["/metrics?from=2026-01&to=2026-03", "/relationships/4/assess?period=2026-Q1", "/login?redirectTo=%2Fmetrics", "/password-reset-help"])(
    "keeps %s as it is",
    (input) => {
      expect(redactUrl(input)).toBe(input);
    },
  );
});
