import { prepareDemoDatabase } from "../support/test-db";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession, deleteSession, deleteSessionsOfUser, resolveSession } from "~/models/session.server";

const limits = { idleMinutes: 30, absoluteHours: 12 };
const t0 = new Date("2026-11-22T08:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

beforeAll(async () => {
  await prepareDemoDatabase();
});

describe("session timeouts", () => {
  it("keeps a session alive while it is used within the idle timeout", () => {
    const token = createSession(2, limits, {}, t0);
    expect(resolveSession(token, limits, at(29))).toBe(2);
    expect(resolveSession(token, limits, at(58))).toBe(2); // last seen at 29 min
  });

  it("ends a session after the idle timeout", () => {
    const token = createSession(2, limits, {}, t0);
    expect(resolveSession(token, limits, at(30))).toBeNull();
    // ...and the row is gone, so it cannot come back.
    expect(resolveSession(token, limits, at(1))).toBeNull();
  });

  it("ends a session at the absolute timeout however active it is", () => {
    const token = createSession(2, limits, {}, t0);
    for (let m = 20; m < 12 * 60; m += 20) expect(resolveSession(token, limits, at(m))).toBe(2);
    expect(resolveSession(token, limits, at(12 * 60))).toBeNull();
  });

  it("gives 256-bit random tokens that never repeat", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => createSession(2, limits, {}, t0)));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(Buffer.from(token, "base64url").length).toBe(32);
  });

  it("deletes one session, or all of a user's", () => {
    const a = createSession(3, limits, {}, t0);
    const b = createSession(3, limits, {}, t0);
    deleteSession(a);
    expect(resolveSession(a, limits, at(1))).toBeNull();
    expect(resolveSession(b, limits, at(1))).toBe(3);
    deleteSessionsOfUser(3);
    expect(resolveSession(b, limits, at(2))).toBeNull();
  });
});
