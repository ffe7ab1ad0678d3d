import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from "./locale";
import { dictionaries } from "./messages";
import { makeTranslator, type Dictionary, type Translate } from "./translate";

/** The whole dictionary of one locale (English fills any gap). */
export function dictionaryFor(locale: Locale): Dictionary {
  return locale === "en" ? dictionaries.en : { ...dictionaries.en, ...dictionaries[locale] };
}

export function translator(locale: Locale): Translate {
  return makeTranslator(dictionaryFor(locale));
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
