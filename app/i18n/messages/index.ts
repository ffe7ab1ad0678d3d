/**
 * Both interface dictionaries, merged from one module per area of the app so
 * features can add their texts without touching each other. In each module
 * English defines the keys and Finnish is typed `Record<keyof typeof en,
 * string>`, so a missing translation fails the type check. `{name}`
 * placeholders are filled by `translate`.
 */
import * as core from "./core";

export const en = { ...core.en };
export const fi: Record<keyof typeof en, string> = { ...core.fi };

export type MessageKey = keyof typeof en;
export const dictionaries = { en, fi } as const;
