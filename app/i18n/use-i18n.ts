import { useRouteLoaderData } from "@remix-run/react";
import { useContext, useMemo } from "react";
import { DictionaryGeneration, loadedDictionary } from "./dictionary";
import * as format from "./format";
import { DEFAULT_LOCALE, type Locale } from "./locale";
import { makeTranslator } from "./translate";

/** The active locale (from the root loader), a translate function and bound formatters. */
export function useI18n() {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  useContext(DictionaryGeneration);
  const messages = loadedDictionary(locale);
  return useMemo(
    () => ({
      locale,
      t: makeTranslator(messages, locale),
      number: (v: number | null | undefined, digits?: number) => format.formatNumber(locale, v, digits),
      fixed: (v: number | null | undefined, digits: number) => format.formatFixed(locale, v, digits),
      percent: (v: number | null | undefined, digits?: number) => format.formatPercent(locale, v, digits),
      date: (v: string | Date | null | undefined) => format.formatDate(locale, v),
      dateTime: (v: string | Date | null | undefined) => format.formatDateTime(locale, v),
      quarter: (p: string) => format.formatQuarter(locale, p),
    }),
    [locale, messages],
  );
}
