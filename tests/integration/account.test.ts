import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import * as home from "~/routes/_app+/_index";
import * as account from "~/routes/_app+/account";
import * as login from "~/routes/_auth+/login";
import * as root from "~/root";
import { get, post, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { userIdOf } from "../support/factories";

type DataResult<T> = { data: T; init: { status: number; headers?: Record<string, string> } | null };
type Reply = { intent: string; result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } };

const { companyStaff, projectLead, supplierBStaff, customerStaff: endCustomer } = demo;
let sqlite: TestSql;
let ip = 0;

async function tryLogin(email: string, password: string) {
  return run(login.action, post("/login", { email, password }), {}, { clientIp: `10.40.0.${++ip}` });
}

async function signedIn(cookie: string): Promise<boolean> {
  const res = await run(home.loader, get("/", cookie));
  if (res instanceof Response) {
    expect(res.status).toBe(302);
    return false;
  }
  return true;
}

function changePassword(cookie: string, fields: Record<string, string>, clientIp = "10.41.0.1") {
  return run(account.action, post("/account", { intent: "password", ...fields }, cookie), {}, { clientIp });
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
});

afterAll(() => sqlite.close());

describe("the account page", () => {
  it("needs a login", async () => {
    const res = (await run(account.loader, get("/account"))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("shows only the user's own details", async () => {
    const cookie = await signInAs(companyStaff, { fresh: true });
    const data = (await run(account.loader, get("/account", cookie))) as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(["email", "locale", "memberships", "name", "timeZone", "timeZones"]);
    expect(data.email).toBe(companyStaff.email);
  });
});

describe("changing one's own password", () => {
  it("with 'log out my other sessions' keeps this session and ends the others", async () => {
    const current = await signInAs(companyStaff, { fresh: true });
    const other1 = await signInAs(companyStaff, { fresh: true });
    const other2 = await signInAs(companyStaff, { fresh: true });
    const newPassword = "uusi salasana verkkokaupalle";
    const res = (await changePassword(current, {
      currentPassword: DEMO_PASSWORD,
      newPassword,
      confirmPassword: newPassword,
      logoutOtherSessions: "on",
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account?saved=password-others");
    expect(await signedIn(current)).toBe(true);
    expect(await signedIn(other1)).toBe(false);
    expect(await signedIn(other2)).toBe(false);
    const userId = await userIdOf(companyStaff.email);
    expect(await sqlite.prepare("select count(*) as n from sessions where user_id = ?").get(userId)).toEqual({ n: 1 });

    expect(((await tryLogin(companyStaff.email, DEMO_PASSWORD)) as DataResult<unknown>).init?.status).toBe(401);
    await signInAs(companyStaff, { password: newPassword, fresh: true });

    const entry = (await sqlite.prepare("select actor_user_id, entity_id, after from audit_log where action = 'user.password_change'").get()) as Record<
      string,
      unknown
    >;
    expect(entry).toEqual({ actor_user_id: userId, entity_id: String(userId), after: JSON.stringify({ signedOutElsewhere: true }) });
    const log = JSON.stringify(await sqlite.prepare("select * from audit_log").all());
    expect(log).not.toContain(newPassword);
    expect(log).not.toContain(DEMO_PASSWORD);
  });

  it("without the box keeps the other sessions", async () => {
    const current = await signInAs(projectLead, { fresh: true });
    const other = await signInAs(projectLead, { fresh: true });
    const res = (await changePassword(current, {
      currentPassword: DEMO_PASSWORD,
      newPassword: "vaihdettu-salasana-2",
      confirmPassword: "vaihdettu-salasana-2",
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account?saved=password");
    expect(await signedIn(current)).toBe(true);
    expect(await signedIn(other)).toBe(true);
  });

  it("refuses a common or breached password and one containing the user's email or name, on the new-password field", async () => {
    const cookie = await signInAs(supplierBStaff, { fresh: true });
    const { name, password_hash: before } = (await sqlite.prepare("select name, password_hash from users where email = ?").get(supplierBStaff.email)) as {
      name: string;
      password_hash: string;
    };
    const lastName = name.split(" ").at(-1)!;
    for (const [password, problem] of [
      ["password", "password.common"],
      ["12345678", "password.common"],
      ["Qwerty123", "password.common"],
      [`${supplierBStaff.email} 2026`, "password.personal"],
      [`${lastName.toUpperCase()}-vahva-salasana`, "password.personal"],
    ]) {
      const res = (await changePassword(cookie, { currentPassword: DEMO_PASSWORD, newPassword: password, confirmPassword: password })) as DataResult<Reply>;
      expect(res.init?.status, password).toBe(400);
      expect(res.data.result.error?.newPassword, password).toEqual([problem]);
    }
    expect(await sqlite.prepare("select password_hash from users where email = ?").get(supplierBStaff.email)).toEqual({ password_hash: before });
  });

  it("refuses a wrong current password on its field, changes nothing and echoes no password", async () => {
    const cookie = await signInAs(endCustomer, { fresh: true });
    const before = await sqlite.prepare("select password_hash from users where email = ?").get(endCustomer.email);
    const res = (await changePassword(
      cookie,
      {
        currentPassword: "not-my-password",
        newPassword: "brand-new-password",
        confirmPassword: "brand-new-password",
        logoutOtherSessions: "on",
      },
      "10.42.0.1",
    )) as DataResult<Reply>;
    expect(res.init?.status).toBe(400);
    expect(res.data.result.error?.currentPassword).toEqual(["account.currentPasswordWrong"]);
    expect(JSON.stringify(res.data)).not.toContain("brand-new-password");
    expect(JSON.stringify(res.data)).not.toContain("not-my-password");
    expect(await sqlite.prepare("select password_hash from users where email = ?").get(endCustomer.email)).toEqual(before);
    expect(await sqlite.prepare("select count(*) as n from audit_log where action = 'user.password_change_failed'").get()).toEqual({ n: 1 });
  });

  it("applies the new-password rules and throttles guessing the current password like logins", async () => {
    const cookie = await signInAs(endCustomer, { fresh: true });
    const short = (await changePassword(cookie, { currentPassword: DEMO_PASSWORD, newPassword: "short", confirmPassword: "short" })) as DataResult<Reply>;
    expect(short.data.result.error?.newPassword).toEqual(["password.tooShort"]);
    for (let i = 0; i < 9; i++) {
      const r = (await changePassword(
        cookie,
        { currentPassword: `guess-${i}`, newPassword: "whatever-123", confirmPassword: "whatever-123" },
        "10.42.0.1",
      )) as DataResult<Reply>;
      expect(r.init?.status).toBe(400);
    }
    // Ten failures from this address in a minute (one in the previous test): the next try waits, even with the right password.
    const blocked = (await changePassword(
      cookie,
      { currentPassword: DEMO_PASSWORD, newPassword: "whatever-123", confirmPassword: "whatever-123" },
      "10.42.0.1",
    )) as DataResult<Reply>;
    expect(blocked.init?.status).toBe(429);
    expect(Number(blocked.init?.headers?.["Retry-After"])).toBeGreaterThan(0);
  });
});

describe("preferred language", () => {
  it("is saved in the profile and the cookie, and audited", async () => {
    const cookie = await signInAs(projectLead, { password: "vaihdettu-salasana-2", fresh: true });
    const res = (await run(account.action, post("/account", { intent: "language", locale: "en" }, cookie))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/^lang=/);
    expect(await sqlite.prepare("select locale from users where email = ?").get(projectLead.email)).toEqual({ locale: "en" });
    expect(((await run(root.loader, get("/", cookie))) as { locale: string }).locale).toBe("en");
    const bad = (await run(account.action, post("/account", { intent: "language", locale: "sv" }, cookie))) as DataResult<Reply>;
    expect(bad.init?.status).toBe(400);
    expect(bad.data.result.error?.locale).toEqual(["account.localeInvalid"]);
    const entry = await sqlite.prepare("select before, after from audit_log where action = 'user.update' order by id desc").get();
    expect(entry).toEqual({ before: JSON.stringify({ locale: null }), after: JSON.stringify({ locale: "en" }) });
  });
});

describe("the time zone setting", () => {
  // Accounts the password tests above leave alone.
  const { admin: platformAdmin, supplierAAdmin, supplierBStaff } = demo;
  const setZone = (cookie: string, timeZone: string) =>
    run(account.action, post("/account", { intent: "timeZone", timeZone }, cookie), {}, { clientIp: "10.42.0.1" });
  const stored = async (email: string) => ((await sqlite.prepare("select time_zone as z from users where email = ?").get(email)) as { z: string | null }).z;
  type RootData = { locale: string; timeZone: string };

  it("is Europe/Helsinki until the person chooses, and the root data carries it to every page", async () => {
    const cookie = await signInAs(supplierBStaff, { fresh: true });
    expect(await stored(supplierBStaff.email)).toBeNull();
    const page = (await run(account.loader, get("/account", cookie))) as { timeZone: string; timeZones: Array<{ value: string; label: string }> };
    expect(page.timeZone).toBe("Europe/Helsinki");
    expect(page.timeZones.find((z) => z.value === "Europe/Helsinki")?.label).toMatch(/^Europe\/Helsinki \(UTC\+0[23]:00\)$/);
    expect(page.timeZones.map((z) => z.value)).toContain("UTC");
    expect(((await run(root.loader, get("/", cookie))) as RootData).timeZone).toBe("Europe/Helsinki");
    expect(((await run(root.loader, get("/login"))) as RootData).timeZone).toBe("Europe/Helsinki");
  });

  it("stores a zone Intl supports, audits it, and every page then reads times in it", async () => {
    const cookie = await signInAs(supplierAAdmin, { fresh: true });
    const res = (await setZone(cookie, "America/New_York")) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account?saved=timezone");
    expect(await stored(supplierAAdmin.email)).toBe("America/New_York");
    expect(((await run(root.loader, get("/", cookie))) as RootData).timeZone).toBe("America/New_York");
    const entry = (await sqlite
      .prepare("select before, after from audit_log where action = 'user.update' and after like '%timeZone%' order by id desc")
      .get()) as {
      before: string;
      after: string;
    };
    expect(JSON.parse(entry.before)).toEqual({ timeZone: "Europe/Helsinki" });
    expect(JSON.parse(entry.after)).toEqual({ timeZone: "America/New_York" });
  });

  it.each(["Mars/Olympus_Mons", "europe/helsinki", "", "Europe/Helsinki'; drop table users; --"])(
    "refuses %j with a 400 naming the field, and keeps the zone",
    async (zone) => {
      const cookie = await signInAs(platformAdmin, { fresh: true });
      const before = await stored(platformAdmin.email);
      const r = (await setZone(cookie, zone)) as DataResult<Reply>;
      expect(r.init?.status).toBe(400);
      expect(r.data.intent).toBe("timeZone");
      expect(r.data.result.error?.timeZone).toEqual(["account.timeZoneInvalid"]);
      expect(await stored(platformAdmin.email)).toBe(before);
    },
  );
});
