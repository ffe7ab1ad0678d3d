/**
 * Page titles go through the i18n layer: the tab reads in the reader's
 * language, and no route writes an English title of its own.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { dictionaries } from "~/i18n/messages";
import { pageTitle } from "~/i18n/page-title";

beforeAll(() => {
  globalThis.__portalMessages = { en: dictionaries.en, fi: dictionaries.fi };
});

const rootWith = (locale: string) => [
  { id: "root", data: { locale } },
  { id: "routes/_app+/_layout", data: null },
];

describe("pageTitle", () => {
  it.each([
    ["fi", "title.login", {}, "Kirjaudu · Palveluketjuportaali"],
    ["en", "title.login", {}, "Log in · Service chain portal"],
    ["fi", "title.people", { admin: true }, "Henkilöt · Ylläpito"],
    ["en", "title.portfolio", { name: "Kotipizza chain" }, "Kotipizza chain · Portfolio · Service chain portal"],
    ["en", null, { name: "Acme Oy", admin: true }, "Acme Oy · Administration"],
    ["fi", null, { name: null }, "Palveluketjuportaali"],
  ] as const)("%s %s %j -> %s", (locale, key, options, expected) => {
    expect(pageTitle(rootWith(locale), key, options)).toEqual([{ title: expected }]);
  });

  it("falls back to the default locale when the root has no data (an error page)", () => {
    expect(pageTitle([], "title.home")[0]).toEqual({ title: `${dictionaries.fi["title.home"]} · ${dictionaries.fi["app.name"]}` });
  });
});

describe("route titles", () => {
  const dir = path.resolve("app/routes");
  // Route modules in their feature folders; "__" files are page parts, not routes.
  const routes = (fs.readdirSync(dir, { recursive: true }) as string[]).filter(
    (f) => f.endsWith(".tsx") && !f.split(path.sep).some((part) => part.startsWith("__")),
  );
  const withMeta = routes.filter((f) => /export const meta\b/.test(fs.readFileSync(path.join(dir, f), "utf8")));

  it("finds the routes with a title", () => {
    expect(withMeta.length).toBeGreaterThan(35);
  });

  it.each(withMeta)("%s takes its title from the i18n layer", (file) => {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    const meta = source.slice(source.indexOf("export const meta"));
    const body = meta.slice(0, meta.indexOf(";\n"));
    expect(body).toContain("pageTitle(");
    expect(body).not.toMatch(/title: ["`]/);
  });
});
