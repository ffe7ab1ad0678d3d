import { describe, expect, it } from "vitest";
import { formatMetricValue } from "~/components/metrics/format";
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

  it("takes the other form for a count that is not a number (shown as it came), and leaves a malformed block as it is", () => {
    expect(en("home.title", { count: "x", chain: "K" })).toBe("x relationships in K");
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

/**
 * Placeholders that hold a count of things. A message that takes one must
 * choose its words with a plural block in both languages ("1 suhde" /
 * "2 suhdetta"), except where the number stands alone (listed with why).
 */
const COUNT_PLACEHOLDERS = ["count", "n", "total", "matching", "inserted", "updated", "unchanged", "rows", "shown", "limit", "max", "actual", "expected"];
const BARE_NUMBERS: Record<string, string[]> = {
  "compare.picker.legend": ["count", "max"], // "(3/12)": a fraction, no counted word
  "compare.tooFew.body": ["count"], // "you have picked 1"
  "chain.showing": ["total"], // "1–50 of 120"
  "chain.showingFiltered": ["total"], // "(120 in all)"
  "import.sampleNote": ["shown"], // "the first 20 of 120 rows": the plural is on the rows
  "import.error.columnCount": ["expected"], // "the header has 4"
  "portfolio.compareTop": ["count"], // "Compare the top 5"
  // Score band limits ("0–49.9") and a divisor in a formula are numbers, not counts of things.
  "portfolio.scatter.desc": ["max"],
  "portfolio.scatter.summary": ["max"],
  "score.legend.range": ["max"],
  "attention.poor_score": ["max"],
  "attention.poor_score_critical": ["max"],
  "kpiData.nps.formula": ["count"],
  "kpiData.nps.orgFormula": ["count"],
  // A type name or a limit in a model file's error, not a count of things.
  "model.file.type": ["expected"],
  "model.file.literal": ["expected"],
  "model.file.max": ["max"],
  "model.preview.count.scored": ["total"], // "(of 40)": the plural is on the scored ones
  // A metric's bounds are values, and paging counts series of a total.
  "metrics.error.between": ["max"],
  "metrics.error.atMost": ["max"],
  "metrics.bounds.range": ["max"],
  "metrics.bounds.atMost": ["max"],
  "import.error.aboveMax": ["max"],
  "metrics.pages.status": ["total"], // "Series 1–12 of 40"
  "model.preview.limited": ["shown", "total"], // "The 20 largest changes of 40": after a plural noun phrase in both languages
};
const pluralVariables = (s: string) => new Set([...s.matchAll(/\{(\w+),\s*plural,/g)].map((m) => m[1]));
const plainVariables = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

describe("count messages", () => {
  const countMessages = (Object.keys(en) as MessageKey[]).flatMap((key) =>
    (["en", "fi"] as const).flatMap((lang) => {
      const text = (lang === "en" ? en : fi)[key];
      const counts = [...new Set([...plainVariables(text), ...pluralVariables(text)])].filter((v) => COUNT_PLACEHOLDERS.includes(v));
      return counts.map((variable) => [key, lang, variable] as const);
    }),
  );

  it("finds the count messages", () => {
    expect(countMessages.length).toBeGreaterThan(40);
  });

  it.each(countMessages)("%s (%s) chooses its words for {%s} with a plural block", (key, lang, variable) => {
    const text = (lang === "en" ? en : fi)[key];
    if (BARE_NUMBERS[key]?.includes(variable)) return;
    expect(pluralVariables(text), text).toContain(variable);
  });

  it("lists only real bare numbers", () => {
    for (const [key, variables] of Object.entries(BARE_NUMBERS)) {
      for (const v of variables) expect(plainVariables(en[key as MessageKey]), `${key} {${v}}`).toContain(v);
    }
  });

  it("has no '(s)' or '(t)' plural shortcuts", () => {
    for (const dict of [en, fi]) for (const [key, text] of Object.entries(dict)) expect(text, key).not.toMatch(/\w\((s|t|a|ä)\)/);
  });

  it.each([
    ["en", "chains.relationshipCount", { count: 1 }, "1 relationship"],
    ["en", "chains.relationshipCount", { count: 2 }, "2 relationships"],
    ["fi", "chains.relationshipCount", { count: 1 }, "1 suhde"],
    ["fi", "chains.relationshipCount", { count: 2 }, "2 suhdetta"],
    ["en", "metrics.grid.errors", { count: 1 }, "1 cell needs fixing; nothing was saved."],
    ["en", "metrics.grid.errors", { count: 2 }, "2 cells need fixing; nothing was saved."],
    ["fi", "metrics.grid.errors", { count: 1 }, "1 solu pitää korjata; mitään ei tallennettu."],
    ["fi", "metrics.grid.errors", { count: 2 }, "2 solua pitää korjata; mitään ei tallennettu."],
    ["en", "compare.unavailable", { count: 1 }, "1 partner in this link is not available to you and is left out."],
    ["en", "compare.unavailable", { count: 2 }, "2 partners in this link are not available to you and are left out."],
    ["fi", "compare.hiddenByFilters", { count: 1 }, "Suodattimet piilottavat 1 valitun kumppanin."],
    ["fi", "compare.hiddenByFilters", { count: 2 }, "Suodattimet piilottavat 2 valittua kumppania."],
    [
      "en",
      "portfolio.scatter.summary",
      { count: 1, min: "0", max: "49.9" },
      "1 relationship is in the critical-and-weak corner (high or critical service, score 0–49.9).",
    ],
    [
      "fi",
      "portfolio.scatter.summary",
      { count: 2, min: "0", max: "49,9" },
      "Kriittinen ja heikko -kulmassa on 2 suhdetta (korkea tai kriittinen palvelu, pisteet 0–49,9).",
    ],
    ["fi", "admin.people.count", { count: 1 }, "1 henkilö"],
    ["en", "admin.people.count", { count: 1 }, "1 person"],
    ["fi", "import.done", { inserted: 1, updated: 2, unchanged: 0 }, "1 uusi arvo ja 2 muuttunutta arvoa tallennettu; 0 oli jo ajan tasalla."],
    ["en", "import.error.tooManyRows", { limit: 100000 }, "The file has too many rows: the limit is 100,000 rows."],
    ["fi", "metrics.filter.monthsN", { n: 1 }, "1 kuukausi"],
    ["fi", "metrics.filter.monthsN", { n: 12 }, "12 kuukautta"],
  ] as const)("%s %s %j -> %s", (lang, key, params, expected) => {
    expect(translator(lang)(key, params)).toBe(expected);
  });
});

describe("one percent format", () => {
  // A metric in % (stored as 0..100), a weight (a fraction) and the kpi figures all read the same way.
  it.each([
    ["fi", 18.6, "18,6\u00a0%"],
    ["en", 18.6, "18.6%"],
    ["fi", 14, "14\u00a0%"],
    ["en", 99.95, "99.95%"],
    ["en", null, "–"],
  ] as const)("metric value %s %s %% -> %s", (locale, value, expected) => {
    expect(formatMetricValue(locale, value, "%")).toBe(expected);
    if (value !== null) expect(formatMetricValue(locale, value, "%")).toBe(formatPercent(locale, value / 100, 2));
  });

  it.each([
    ["fi", 18.6, "Paino 18,6\u00a0%"],
    ["en", 18.6, "Weight 18.6%"],
  ] as const)("a compare weight %s %s -> %s", (locale, weightPercent, expected) => {
    expect(translator(locale)("compare.weight", { weight: formatPercent(locale, weightPercent / 100, 1) })).toBe(expected);
  });
});

describe("a count that arrives as text", () => {
  it("is shown as it came instead of a bare #", () => {
    const t = makeTranslator({ "import.error.tooManyRows": "at most {limit, plural, one {# row} other {# rows}}" } as never, "fi");
    expect(t("import.error.tooManyRows", { limit: "100 000" })).toBe("at most 100 000 rows");
    expect(t("import.error.tooManyRows", { limit: 100000 })).toBe("at most 100\u00a0000 rows");
  });
});
