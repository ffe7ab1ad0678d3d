import { createContext } from "react";
import type { Locale } from "./locale";
import type { Dictionary } from "./translate";

/**
 * Where the active dictionaries live, on both sides: in the browser the
 * versioned script /i18n/<locale> puts them on window (it is cached, so
 * pages do not carry them); on the server entry.server puts them on
 * globalThis once at start.
 */
declare global {
  var __portalMessages: Partial<Record<Locale, Dictionary>> | undefined;
}

/** The dictionary of `locale`, or while it loads (after a language change) any loaded one. */
export function loadedDictionary(locale: Locale): Dictionary | undefined {
  const all = globalThis.__portalMessages;
  if (!all) return undefined;
  return all[locale] ?? Object.values(all)[0];
}

export function hasDictionary(locale: Locale): boolean {
  return Boolean(globalThis.__portalMessages?.[locale]);
}

export function dictionaryUrl(locale: Locale, version: string): string {
  return `/i18n/${locale}?v=${version}`;
}

/** Bumped when a dictionary finishes loading in the browser, so every useI18n() renders again. */
export const DictionaryGeneration = createContext(0);
