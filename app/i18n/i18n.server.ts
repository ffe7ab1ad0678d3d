import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from "./locale";
import { translator } from "./translate";

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
