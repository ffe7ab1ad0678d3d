/**
 * The scalar parts of a scoring model version as importance_models stores
 * them (one column each), both ways. Shared by the bootstrap and the model layer.
 */
import type { ImportanceModel } from "../app/domain/importance-model";
import type { ScoreBands } from "../app/domain/score-bands";

export type ModelColumns = {
  name: string;
  startupYears: number;
  multiplierLow: number;
  multiplierMedium: number;
  multiplierHigh: number;
  multiplierCritical: number;
  bandPoorMin: number;
  bandPoorMax: number;
  bandFairMin: number;
  bandFairMax: number;
  bandGoodMin: number;
  bandGoodMax: number;
};

export function modelColumnsOf(model: Pick<ImportanceModel, "name" | "startupYears" | "criticalityMultipliers" | "bands">): ModelColumns {
  const band = (key: string) => {
    const b = model.bands.find((x) => x.key === key);
    if (!b) throw new Error(`The model has no ${key} band`);
    return b;
  };
  return {
    name: model.name,
    startupYears: model.startupYears,
    multiplierLow: model.criticalityMultipliers.low,
    multiplierMedium: model.criticalityMultipliers.medium,
    multiplierHigh: model.criticalityMultipliers.high,
    multiplierCritical: model.criticalityMultipliers.critical,
    bandPoorMin: band("poor").min,
    bandPoorMax: band("poor").max,
    bandFairMin: band("fair").min,
    bandFairMax: band("fair").max,
    bandGoodMin: band("good").min,
    bandGoodMax: band("good").max,
  };
}

export function modelPartsOf(row: ModelColumns): Pick<ImportanceModel, "name" | "startupYears" | "criticalityMultipliers" | "bands"> {
  return {
    name: row.name,
    startupYears: row.startupYears,
    criticalityMultipliers: {
      low: row.multiplierLow,
      medium: row.multiplierMedium,
      high: row.multiplierHigh,
      critical: row.multiplierCritical,
    },
    bands: [
      { key: "poor", min: row.bandPoorMin, max: row.bandPoorMax },
      { key: "fair", min: row.bandFairMin, max: row.bandFairMax },
      { key: "good", min: row.bandGoodMin, max: row.bandGoodMax },
    ] as ScoreBands,
  };
}
