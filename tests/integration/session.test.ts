import { prepareDemoDatabase } from "../support/test-db";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession, deleteSession, deleteSessionsOfUser, resolveSession } from "~/models/session.server";
import { getActingUser } from "~/models/user.server";
import { insertMembership, insertOrganisation, insertUser } from "../support/factories";

const limits = { idleMinutes: 30, absoluteHours: 12 };
const t0 = new Date("2026-11-22T08:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

beforeAll(async () => {
  await prepareDemoDatabase();
});

describe("session timeouts", () => {
  it("keeps a session alive while it is used within the idle timeout", async () => {
    const token = await createSession(2, limits, {}, t0);
    expect(await resolveSession(token, limits, at(29))).toBe(2);
    expect(await resolveSession(token, limits, at(58))).toBe(2); // last seen at 29 min
  });

  it("ends a session after the idle timeout", async () => {
    const token = await createSession(2, limits, {}, t0);
    expect(await resolveSession(token, limits, at(30))).toBeNull();
    // ...and the row is gone, so it cannot come back.
    expect(await resolveSession(token, limits, at(1))).toBeNull();
  });

  it("ends a session at the absolute timeout however active it is", async () => {
    const token = await createSession(2, limits, {}, t0);
    for (let m = 20; m < 12 * 60; m += 20) expect(await resolveSession(token, limits, at(m))).toBe(2);
    expect(await resolveSession(token, limits, at(12 * 60))).toBeNull();
  });

  it("gives 256-bit random tokens that never repeat", async () => {
    const tokens = new Set(await Promise.all(Array.from({ length: 200 }, () => createSession(2, limits, {}, t0))));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(Buffer.from(token, "base64url").length).toBe(32);
  });

  it("deletes one session, or all of a user's", async () => {
    const a = await createSession(3, limits, {}, t0);
    const b = await createSession(3, limits, {}, t0);
    await deleteSession(a);
    expect(await resolveSession(a, limits, at(1))).toBeNull();
    expect(await resolveSession(b, limits, at(1))).toBe(3);
    await deleteSessionsOfUser(3);
    expect(await resolveSession(b, limits, at(2))).toBeNull();
  });
});

describe("the acting user behind a session (getActingUser)", () => {
  it("reads the account and its memberships, by organisation name, with a boolean admin flag and an effective time zone", async () => {
    const orgB = await insertOrganisation({ name: "Bbb Acting Oy" });
    const orgA = await insertOrganisation({ name: "Aaa Acting Oy" });
    const userId = await insertUser({ email: "acting.user@example.test", name: "Acting User", timeZone: "Nowhere/Invalid" });
    await insertMembership({ userId, organisationId: orgB, role: "viewer" });
    await insertMembership({ userId, organisationId: orgA, role: "staff" });
    expect(await getActingUser(userId)).toEqual({
      id: userId,
      email: "acting.user@example.test",
      name: "Acting User",
      isPlatformAdmin: false,
      locale: null,
      timeZone: "Europe/Helsinki",
      memberships: [
        { organisationId: orgA, organisationName: "Aaa Acting Oy", role: "staff" },
        { organisationId: orgB, organisationName: "Bbb Acting Oy", role: "viewer" },
      ],
      assessorScopes: [],
    });
    const adminId = await insertUser({ email: "acting.admin@example.test", name: "Acting Admin", isPlatformAdmin: true, locale: "en", timeZone: "UTC" });
    expect(await getActingUser(adminId)).toMatchObject({ isPlatformAdmin: true, locale: "en", timeZone: "UTC", memberships: [] });
  });

  it("has no acting user for a disabled account or an unknown id", async () => {
    const userId = await insertUser({ email: "acting.disabled@example.test", name: "Gone", disabledAt: "2026-11-01T00:00:00Z" });
    expect(await getActingUser(userId)).toBeNull();
    expect(await getActingUser(987654)).toBeNull();
  });
});
