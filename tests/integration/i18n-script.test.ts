/**
 * The dictionary travels as a cached, versioned script, not in each page's
 * data: the root loader gives only the locale and the version.
 */
import { prepareEmptyDatabase } from "../support/test-db";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { dictionaries } from "~/i18n/messages";
import * as root from "~/root";
import * as dictionaryRoute from "~/routes/_i18n+/i18n.$locale";
import { get, run } from "../support/remix";

beforeAll(() => prepareEmptyDatabase());

describe("dictionary script", () => {
  it("the root loader names the locale and the script version, without the texts", async () => {
    const data = (await run(root.loader, new Request("http://localhost/login", { headers: { "Accept-Language": "en-GB,en;q=0.8" } }))) as Record<
      string,
      unknown
    >;
    expect(data.locale).toBe("en");
    expect(data.messagesVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(data).length).toBeLessThan(200);
  });

  it("serves each locale's texts as a script that fills window.__portalMessages, cached for a year under its version", async () => {
    for (const locale of ["fi", "en"] as const) {
      const probe = (await run(dictionaryRoute.loader, get(`/i18n/${locale}`), { locale })) as Response;
      expect(probe.headers.get("Cache-Control")).toBe("no-cache");
      const body = await probe.text();
      const version = (
        (await run(root.loader, new Request("http://localhost/login", { headers: { "Accept-Language": locale } }))) as { messagesVersion: string }
      ).messagesVersion;
      const res = (await run(dictionaryRoute.loader, get(`/i18n/${locale}?v=${version}`), { locale })) as Response;
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
      expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
      expect(await res.text()).toBe(body);
      const window: { __portalMessages?: Record<string, Record<string, string>> } = {};
      vm.runInNewContext(body, { window });
      expect(window.__portalMessages?.[locale]?.["nav.home"]).toBe(dictionaries[locale]["nav.home"]);
      expect(Object.keys(window.__portalMessages?.[locale] ?? {}).length).toBe(Object.keys(dictionaries.en).length);
    }
  });

  it("an unknown locale is a 404", async () => {
    const res = (await run(dictionaryRoute.loader, get("/i18n/xx"), { locale: "xx" })) as Response;
    expect(res.status).toBe(404);
  });
});
