import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import * as format from "./format";
import { DEFAULT_LOCALE, type Locale } from "./locale";
import { makeTranslator, type Dictionary } from "./translate";

/** The active locale (from the root loader), a translate function and bound formatters. */
export function useI18n() {
  const data = useRouteLoaderData("root") as { locale?: Locale; messages?: Dictionary } | undefined;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const messages = data?.messages;
  return useMemo(
    () => ({
      locale,
      t: makeTranslator(messages),
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
