/**
 * Both interface dictionaries, merged from one module per area of the app so
 * features can add their texts without touching each other. In each module
 * English defines the keys and Finnish is typed `Record<keyof typeof en,
 * string>`, so a missing translation fails the type check. `{name}`
 * placeholders are filled by `translate`.
 */
import * as admin from "./admin";
import * as attachments from "./attachments";
import * as audit from "./audit";
import * as comments from "./comments";
import * as compare from "./compare";
import * as core from "./core";
import * as customerKpi from "./customer-kpi";
import * as mail from "./mail";
import * as metrics from "./metrics";
import * as model from "./model";
import * as notifications from "./notifications";
import * as relationship from "./relationship";
import * as rounds from "./rounds";
import * as scores from "./scores";
import * as titles from "./titles";

// One line per module, so features add theirs without touching each other's.
const modules = [
  core,
  admin,
  compare,
  relationship,
  metrics,
  customerKpi,
  scores,
  audit,
  model,
  titles,
  mail,
  notifications,
  rounds,
  comments,
  attachments,
] as const;

export const en = Object.assign({}, ...modules.map((m) => m.en)) as UnionToIntersection<(typeof modules)[number]["en"]>;
export const fi: Record<keyof typeof en, string> = Object.assign({}, ...modules.map((m) => m.fi));

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export type MessageKey = keyof typeof en;
export const dictionaries = { en, fi } as const;
