import { describe, expect, it } from "vitest";
import { CLOSE_GRANTED_MESSAGE, CLOSE_REQUEST_MESSAGE, isClusterMessage, restartDelay, SHUTDOWN_MESSAGE, webConcurrency } from "../../app/http/web-concurrency";

describe("webConcurrency", () => {
  it.each([
    [undefined, 2, 2],
    ["", 2, 2],
    ["  ", 8, 4],
    [undefined, 1, 1],
    [undefined, 16, 4],
    [undefined, 0, 1],
    ["1", 2, 1],
    ["3", 2, 3],
    [" 2 ", 1, 2],
    ["32", 2, 32],
  ] as const)("WEB_CONCURRENCY=%j on %i CPUs is %i workers", (value, cpus, expected) => {
    expect(webConcurrency(value, cpus)).toBe(expected);
  });

  it.each(["0", "33", "-1", "1.5", "two", "2x", "0x2", "1e1"])("refuses %j", (value) => {
    expect(() => webConcurrency(value, 2)).toThrow(/WEB_CONCURRENCY must be a whole number from 1 to 32/);
  });
});

describe("isClusterMessage", () => {
  it("tells the cluster's messages apart and ignores anything else", () => {
    expect(isClusterMessage(SHUTDOWN_MESSAGE, SHUTDOWN_MESSAGE)).toBe(true);
    expect(isClusterMessage({ type: "portal:shutdown" }, SHUTDOWN_MESSAGE)).toBe(true);
    expect(isClusterMessage(CLOSE_REQUEST_MESSAGE, CLOSE_GRANTED_MESSAGE)).toBe(false);
    expect(isClusterMessage(CLOSE_GRANTED_MESSAGE, CLOSE_GRANTED_MESSAGE)).toBe(true);
    expect(isClusterMessage({ type: "other" }, SHUTDOWN_MESSAGE)).toBe(false);
    expect(isClusterMessage("portal:shutdown", SHUTDOWN_MESSAGE)).toBe(false);
    expect(isClusterMessage(null, SHUTDOWN_MESSAGE)).toBe(false);
  });
});

describe("restartDelay", () => {
  it("replaces a worker that ran a while after 250 ms, whatever came before", () => {
    expect(restartDelay(0, 60_000)).toEqual({ streak: 1, delayMs: 250 });
    expect(restartDelay(7, 10_000)).toEqual({ streak: 1, delayMs: 250 });
  });

  it("doubles the wait while replacements keep dying young, up to 30 s", () => {
    let streak = 0;
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const next = restartDelay(streak, 1_500);
      streak = next.streak;
      delays.push(next.delayMs);
    }
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
