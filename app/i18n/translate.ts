import type { MessageKey } from "./messages";
import { INTL_TAG, type Locale } from "./locale";

/**
 * Translation without the dictionaries themselves: the server passes the
 * active locale's dictionary down through the root loader, so the browser
 * never downloads both languages of every text as JavaScript.
 *
 * Templates fill `{name}` placeholders, and choose plural forms with an
 * ICU-style block: `{count, plural, one {# relationship} other {# relationships}}`.
 * The form comes from `Intl.PluralRules` for the locale (`=0`, `=1`… exact
 * matches first), and `#` is the count in the locale's number format.
 */
export type Dictionary = Record<MessageKey, string>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const pluralRules = new Map<Locale, Intl.PluralRules>();
const countFormats = new Map<Locale, Intl.NumberFormat>();

function rulesOf(locale: Locale): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(INTL_TAG[locale])));
  return rules;
}

function countFormatOf(locale: Locale): Intl.NumberFormat {
  let format = countFormats.get(locale);
  if (!format) countFormats.set(locale, (format = new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 1 })));
  return format;
}

/** The plural block that starts at `start` (at its `{`): its variable, its branches and where it ends. */
function readPluralBlock(template: string, start: number): { name: string; branches: Map<string, string>; end: number } | null {
  const head = /^\{(\w+),\s*plural,\s*/.exec(template.slice(start));
  if (!head) return null;
  const branches = new Map<string, string>();
  let i = start + head[0].length;
  for (;;) {
    while (template[i] === " ") i++;
    if (template[i] === "}") return { name: head[1], branches, end: i + 1 };
    const selector = /^(=\d+|zero|one|two|few|many|other)\s*\{/.exec(template.slice(i));
    if (!selector) return null;
    i += selector[0].length;
    let depth = 1;
    const bodyStart = i;
    while (i < template.length && depth > 0) {
      if (template[i] === "{") depth++;
      else if (template[i] === "}") depth--;
      i++;
    }
    if (depth !== 0) return null;
    branches.set(selector[1], template.slice(bodyStart, i - 1));
  }
}

function choosePlurals(template: string, locale: Locale, params: Record<string, string | number>): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) break;
    const block = readPluralBlock(template, open);
    if (!block) {
      out += template.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    out += template.slice(i, open);
    const raw = params[block.name];
    const count = typeof raw === "number" ? raw : Number(raw);
    let body: string;
    if (!Number.isFinite(count)) body = block.branches.get("other") ?? "";
    else body = block.branches.get(`=${count}`) ?? block.branches.get(rulesOf(locale).select(count)) ?? block.branches.get("other") ?? "";
    // A count that arrives already formatted ("100 000") is shown as it came rather than as a bare "#".
    out += body.replace(/#/g, Number.isFinite(count) ? countFormatOf(locale).format(count) : String(raw ?? ""));
    i = block.end;
  }
  return out + template.slice(i);
}

/**
 * A message key with its parameters in one string, `key?name=value`, for
 * places that carry only a string (a form's field errors): the translator
 * reads the parameters back, and shows numbers in the locale's format.
 */
export function keyWithParams(key: MessageKey, params: Record<string, string | number | null>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) query.set(name, String(value));
  return `${key}?${query}`;
}

const paramFormats = new Map<Locale, Intl.NumberFormat>();

function splitKey(key: string, locale: Locale): { key: string; params: Record<string, string> | null } {
  const at = key.indexOf("?");
  if (at < 0 || !/^[\w.]+$/.test(key.slice(0, at))) return { key, params: null };
  let format = paramFormats.get(locale);
  if (!format) paramFormats.set(locale, (format = new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 6 })));
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(key.slice(at + 1))) {
    params[name] = /^-?\d+(\.\d+)?$/.test(value) ? format.format(Number(value)) : value;
  }
  return { key: key.slice(0, at), params };
}

export function makeTranslator(dict: Partial<Dictionary> | undefined, locale: Locale): Translate {
  return (givenKey, givenParams) => {
    const split = splitKey(givenKey, locale);
    // Cast: the key part of `key?name=value` is a MessageKey when the whole was; an unknown one shows as it is.
    const key = split.key as MessageKey;
    const params = split.params ? { ...split.params, ...givenParams } : givenParams;
    const template = dict?.[key] ?? key;
    if (!params) return template;
    const chosen = template.includes(", plural,") ? choosePlurals(template, locale, params) : template;
    return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
