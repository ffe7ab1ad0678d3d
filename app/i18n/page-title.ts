import type { MetaDescriptor } from "@remix-run/node";
import { loadedDictionary } from "./dictionary";
import { DEFAULT_LOCALE, type Locale } from "./locale";
import type { MessageKey } from "./messages";
import { makeTranslator } from "./translate";

type Match = { id: string; data: unknown };

/**
 * A page's <title> in the reader's language: "<name> · <page> · <site>",
 * where the site is the portal or its administration. Meta functions run
 * outside React, so the locale comes from the root route's data.
 */
export function pageTitle(matches: readonly Match[], page: MessageKey | null, options: { name?: string | null; admin?: boolean } = {}): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  const locale = root?.locale ?? DEFAULT_LOCALE;
  const t = makeTranslator(loadedDictionary(locale), locale);
  const parts = [options.name ?? null, page ? t(page) : null, t(options.admin ? "admin.title" : "app.name")].filter((p): p is string => Boolean(p));
  return [{ title: parts.join(" · ") }];
}
