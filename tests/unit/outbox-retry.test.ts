import { describe, expect, it } from "vitest";
import { afterFailedAttempt, OUTBOX_RETRY, retryDelayMs } from "~/domain/outbox-retry";
import { describeMailError } from "~/mail/smtp.server";

const MIN = 60_000;

describe("retryDelayMs: the wait after a failed attempt", () => {
  it.each([
    [0, 1 * MIN],
    [1, 1 * MIN],
    [2, 2 * MIN],
    [3, 4 * MIN],
    [4, 8 * MIN],
    [5, 16 * MIN],
    [6, 32 * MIN],
    [7, 64 * MIN],
    [8, 120 * MIN],
    [11, 120 * MIN],
    [1000, 120 * MIN],
    [Number.NaN, 1 * MIN],
    [-3, 1 * MIN],
  ])("after %s failed attempts: %s ms", (attempts, expected) => {
    expect(retryDelayMs(attempts)).toBe(expected);
  });
});

describe("afterFailedAttempt", () => {
  const now = new Date("2026-03-02T08:00:00.000Z");
  it.each([
    [1, "pending", "2026-03-02T08:01:00.000Z"],
    [3, "pending", "2026-03-02T08:04:00.000Z"],
    [OUTBOX_RETRY.maxAttempts - 1, "pending", "2026-03-02T10:00:00.000Z"],
    [OUTBOX_RETRY.maxAttempts, "failed", "2026-03-02T08:00:00.000Z"],
    [OUTBOX_RETRY.maxAttempts + 5, "failed", "2026-03-02T08:00:00.000Z"],
  ])("after attempt %s: %s, next at %s", (attempts, status, next) => {
    expect(afterFailedAttempt(attempts, now)).toEqual({ status, nextAttemptAt: next });
  });

  it("keeps trying for hours before giving up", () => {
    let total = 0;
    for (let a = 1; a < OUTBOX_RETRY.maxAttempts; a++) total += retryDelayMs(a);
    expect(total / 3600_000).toBeGreaterThan(8);
    expect(total / 3600_000).toBeLessThan(24);
  });
});

describe("describeMailError: what the outbox keeps of a failure", () => {
  const url = "smtp://mailer%40example.com:p%40ss-w0rd!@smtp.example.com:587";
  it.each([
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ESOCKET" }), "ESOCKET connect ECONNREFUSED 127.0.0.1:25"],
    [
      Object.assign(new Error("Invalid login: 535 5.7.8 bad credentials for p@ss-w0rd!"), { code: "EAUTH", responseCode: 535, command: "AUTH PLAIN" }),
      "EAUTH 535 (AUTH PLAIN) Invalid login: 535 5.7.8 bad credentials for ***",
    ],
    [new Error(`could not reach ${url}`), "could not reach smtp://***@smtp.example.com:587"],
    [new Error("raw p%40ss-w0rd! in the text"), "raw *** in the text"],
    ["a plain string", "a plain string"],
  ])("%s → %s", (error, expected) => {
    expect(describeMailError(error, url)).toBe(expected);
  });

  it("keeps it short", () => {
    expect(describeMailError(new Error("x".repeat(2000)), undefined)).toHaveLength(500);
  });
});
