import { describe, expect, it } from "vitest";
import { formatDate, formatNumber, formatPercent, formatQuarter } from "~/i18n/format";
import { localeFromAcceptLanguage } from "~/i18n/locale";
import { en, fi, type MessageKey } from "~/i18n/messages";
import { translator } from "~/i18n/i18n.server";
import { makeTranslator } from "~/i18n/translate";

/** `{name}` placeholders and the variables of `{count, plural, …}` blocks. */
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)].map((m) => m[1]))].sort();

describe("dictionaries", () => {
  it.each(Object.keys(en) as MessageKey[])("%s has a Finnish text with the same placeholders", (key) => {
    expect(fi[key].trim()).not.toBe("");
    expect(placeholders(fi[key])).toEqual(placeholders(en[key]));
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translator("en")("home.title", { name: "Aino" })).toBe("Welcome, Aino");
    expect(translator("fi")("home.title", { name: "Aino" })).toBe("Tervetuloa, Aino");
    expect(translator("en")("home.title")).toBe("Welcome, {name}");
  });
});

describe("plurals", () => {
  const en = makeTranslator({ "home.title": "{count, plural, =0 {No relationships} one {# relationship} other {# relationships}} in {chain}" } as never, "en");
  const fi = makeTranslator({ "home.title": "{count, plural, one {# suhde} other {# suhdetta}}, {chain}" } as never, "fi");
  it.each([
    [en, 0, "No relationships in K"],
    [en, 1, "1 relationship in K"],
    [en, 2, "2 relationships in K"],
    [en, 1200, "1,200 relationships in K"],
    [fi, 1, "1 suhde, K"],
    [fi, 5, "5 suhdetta, K"],
    [fi, 1200, "1\u00a0200 suhdetta, K"],
  ] as const)("%#: count %s -> %s", (t, count, expected) => {
    expect(t("home.title", { count, chain: "K" })).toBe(expected);
  });

  it("takes the other form for a count that is not a number, and leaves a malformed block as it is", () => {
    expect(en("home.title", { count: "x", chain: "K" })).toBe("# relationships in K");
    const broken = makeTranslator({ "home.title": "{count, plural, one {# a}" } as never, "en");
    expect(broken("home.title", { count: 1 })).toBe("{count, plural, one {# a}");
  });
});

describe("locale formats", () => {
  // Intl puts a no-break space (U+00A0) before the Finnish percent sign.
  it.each([
    ["fi", 0.125, "12,5\u00a0%"],
    ["en", 0.125, "12.5%"],
    ["fi", 1, "100\u00a0%"],
    ["en", null, "–"],
  ] as const)("percent %s %s -> %s", (locale, value, expected) => {
    expect(formatPercent(locale, value)).toBe(expected);
  });

  it.each([
    ["fi", 1234.56, "1\u00a0234,6"],
    ["en", 1234.56, "1,234.6"],
    ["fi", Number.NaN, "–"],
  ] as const)("number %s %s -> %s", (locale, value, expected) => {
    expect(formatNumber(locale, value)).toBe(expected);
  });

  it.each([
    ["fi", "2026-11-22", "22.11.2026"],
    ["en", "2026-11-22", "22/11/2026"],
    ["fi", "2026-01-05T23:30:00Z", "5.1.2026"],
    ["fi", "not a date", "–"],
  ] as const)("date %s %s -> %s", (locale, value, expected) => {
    expect(formatDate(locale, value)).toBe(expected);
  });

  it.each([
    ["fi", "2026-Q3", "Q3/2026"],
    ["en", "2026-Q3", "Q3 2026"],
    ["en", "bad", "bad"],
  ] as const)("quarter %s %s -> %s", (locale, value, expected) => {
    expect(formatQuarter(locale, value)).toBe(expected);
  });

  it.each([
    ["fi-FI,fi;q=0.9,en;q=0.8", "fi"],
    ["en-GB,en;q=0.9", "en"],
    ["sv-SE,en;q=0.5", "en"],
    ["de-DE", null],
    ["fi;q=0,en", "en"],
    [null, null],
  ] as const)("Accept-Language %s -> %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
