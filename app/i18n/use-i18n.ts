import { useRouteLoaderData } from "@remix-run/react";
import { useContext, useMemo } from "react";
import { DictionaryGeneration, loadedDictionary } from "./dictionary";
import * as format from "./format";
import { DEFAULT_LOCALE, type Locale } from "./locale";
import { makeTranslator } from "./translate";
import { DEFAULT_TIME_ZONE } from "~/domain/time-zone";

/** The active locale and time zone (from the root loader), a translate function and bound formatters. */
export function useI18n() {
  const data = useRouteLoaderData("root") as { locale?: Locale; timeZone?: string } | undefined;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const timeZone = data?.timeZone ?? DEFAULT_TIME_ZONE;
  useContext(DictionaryGeneration);
  const messages = loadedDictionary(locale);
  return useMemo(
    () => ({
      locale,
      t: makeTranslator(messages, locale),
      number: (v: number | null | undefined, digits?: number) => format.formatNumber(locale, v, digits),
      fixed: (v: number | null | undefined, digits: number) => format.formatFixed(locale, v, digits),
      percent: (v: number | null | undefined, digits?: number) => format.formatPercent(locale, v, digits),
      timeZone,
      date: (v: string | Date | null | undefined) => format.formatDate(locale, v, timeZone),
      dateTime: (v: string | Date | null | undefined) => format.formatDateTime(locale, v, timeZone),
      quarter: (p: string) => format.formatQuarter(locale, p),
    }),
    [locale, timeZone, messages],
  );
}
