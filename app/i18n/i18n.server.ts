import { createHash } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from "./locale";
import { dictionaries } from "./messages";
import { makeTranslator, type Dictionary, type Translate } from "./translate";

const merged = new Map<Locale, Dictionary>();

/** The whole dictionary of one locale (English fills any gap). Built once: dictionaries never change at run time. */
export function dictionaryFor(locale: Locale): Dictionary {
  let dictionary = merged.get(locale);
  if (!dictionary) {
    dictionary = locale === "en" ? dictionaries.en : { ...dictionaries.en, ...dictionaries[locale] };
    merged.set(locale, dictionary);
  }
  return dictionary;
}

const scripts = new Map<Locale, { body: string; version: string }>();

/**
 * The dictionary as a script the browser caches: it used to travel in the
 * root loader's data, so every page carried (and the server serialised) all
 * of it. The version is a hash of the content, so a changed text gets a new URL.
 */
export function dictionaryScript(locale: Locale): { body: string; version: string } {
  let script = scripts.get(locale);
  if (!script) {
    const json = JSON.stringify(dictionaryFor(locale));
    const body = `(window.__portalMessages = window.__portalMessages || {})[${JSON.stringify(locale)}] = ${json.replace(/</g, "\\u003c")};\n`;
    script = { body, version: createHash("sha256").update(body).digest("hex").slice(0, 12) };
    scripts.set(locale, script);
  }
  return script;
}

export function translator(locale: Locale): Translate {
  return makeTranslator(dictionaryFor(locale), locale);
}

/** The chosen language, remembered for a year; not a secret, so not signed. */
export const localeCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 3600,
});

/** Cookie first (an explicit choice), then the user's saved preference, then the browser's languages. */
export async function resolveLocale(request: Request, userLocale?: Locale | null): Promise<Locale> {
  const fromCookie = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  if (userLocale) return userLocale;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}

export async function serverTranslator(request: Request, userLocale?: Locale | null) {
  const locale = await resolveLocale(request, userLocale);
  return { locale, t: translator(locale) };
}
