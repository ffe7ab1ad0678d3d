/**
 * Both interface dictionaries, merged from one module per area of the app so
 * features can add their texts without touching each other. In each module
 * English defines the keys and Finnish is typed `Record<keyof typeof en,
 * string>`, so a missing translation fails the type check. `{name}`
 * placeholders are filled by `translate`.
 */
import * as admin from "./admin";
import * as compare from "./compare";
import * as core from "./core";
import * as metrics from "./metrics";
import * as model from "./model";
import * as relationship from "./relationship";

export const en = { ...core.en, ...admin.en, ...compare.en, ...relationship.en, ...metrics.en, ...model.en };
export const fi: Record<keyof typeof en, string> = { ...core.fi, ...admin.fi, ...compare.fi, ...relationship.fi, ...metrics.fi, ...model.fi };

export type MessageKey = keyof typeof en;
export const dictionaries = { en, fi } as const;
