import type { MessageKey } from "./messages";
import { DIVERSITIES, MATURITIES, SIZE_CLASSES } from "../domain/factors";

/**
 * `V` when every `prefix.value` it can form is a key of the dictionary,
 * otherwise `never`: a call with a value that has no label fails the type
 * check at the call site.
 */
export type LabelValue<P extends string, V extends string | number> = [`${P}.${V}`] extends [MessageKey] ? V : never;

/**
 * The message key of an enum value's label, e.g. `labelKey("factor", factor)`
 * for `factor.trust`. Both arguments may be unions (`labelKey(\`assessment.guide.${side}\`, f)`):
 * every combination must be a key.
 */
export function labelKey<P extends string, V extends string | number>(prefix: P, value: LabelValue<P, V>): MessageKey {
  // The only cast: LabelValue has checked that `${P}.${V}` is a MessageKey, which TypeScript cannot see through the concatenation.
  return `${prefix}.${value}` as MessageKey;
}

/**
 * A whole key written as a template, for keys with a variable part in the
 * middle: `messageKey(\`kpi.${calculator}.title\`)` type-checks every key the
 * template can form.
 */
export function messageKey<K extends string>(key: [K] extends [MessageKey] ? K : never): MessageKey {
  return key;
}

/** Whether `value` is one of `values`, narrowing it to their type. */
export function isOneOf<V extends string | number>(values: readonly V[], value: unknown): value is V {
  return (values as readonly unknown[]).includes(value);
}

/**
 * The label of a value that arrives as a plain string (a database text
 * column, an imported file): translated when it is one of `values`, whose
 * labels are checked like `labelKey`'s; otherwise the value as it is.
 */
export function knownLabel<P extends string, V extends string | number>(
  t: (key: MessageKey) => string,
  prefix: P,
  values: readonly LabelValue<P, V>[],
  value: string | number | null | undefined,
): string {
  return isOneOf(values, value) ? t(labelKey(prefix, value)) : String(value ?? "");
}

/** A value of an importance-model dimension (size class, maturity, diversity) in words. */
export function dimensionValueLabel(t: (key: MessageKey) => string, dimension: string, value: string): string {
  if (dimension === "size") return knownLabel(t, "size", SIZE_CLASSES, value);
  if (dimension === "maturity") return knownLabel(t, "maturity", MATURITIES, value);
  if (dimension === "diversity") return knownLabel(t, "diversity", DIVERSITIES, value);
  return value;
}
