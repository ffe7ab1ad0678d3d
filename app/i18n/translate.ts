import type { MessageKey } from "./messages";

/**
 * Translation without the dictionaries themselves: the server passes the
 * active locale's dictionary down through the root loader, so the browser
 * never downloads both languages of every text as JavaScript.
 */
export type Dictionary = Record<MessageKey, string>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function makeTranslator(dict: Partial<Dictionary> | undefined): Translate {
  return (key, params) => {
    const template = dict?.[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
