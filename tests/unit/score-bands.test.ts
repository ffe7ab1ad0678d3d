import { describe, expect, it } from "vitest";
import { bandOf, DEFAULT_SCORE_BANDS, isLowestBand, validateScoreBands } from "~/domain/score-bands";
import { FACTORS } from "~/domain/factors";
import { DIGIMENSA_MODEL } from "~/domain/importance-model";
import { scoreRelationship } from "~/domain/scoring";

describe("bandOf with the default bands", () => {
  it.each([
    [0, "poor"],
    [28.6, "poor"],
    [49.9, "poor"],
    [49.94, "poor"],
    [49.95, "fair"],
    [50, "fair"],
    [74.9, "fair"],
    [75, "good"],
    [100, "good"],
    [null, null],
    [Number.NaN, null],
  ] as const)("%s -> %s", (score, band) => {
    expect(bandOf(score)).toBe(band);
  });

  it("calls only the lowest band lowest", () => {
    expect(isLowestBand(28.6)).toBe(true);
    expect(isLowestBand(50)).toBe(false);
    expect(isLowestBand(null)).toBe(false);
  });

  it("follows moved boundaries", () => {
    const bands = [
      { key: "poor", min: 0, max: 59.9 },
      { key: "fair", min: 60, max: 79.9 },
      { key: "good", min: 80, max: 100 },
    ] as const;
    expect(bandOf(55, bands)).toBe("poor");
    expect(bandOf(79.9, bands)).toBe("fair");
    expect(bandOf(80, bands)).toBe("good");
  });
});

describe("validateScoreBands", () => {
  const band = (key: string, min: number, max: number) => ({ key, min, max });
  it.each([
    ["the defaults", [...DEFAULT_SCORE_BANDS], []],
    ["a gap", [band("poor", 0, 49.9), band("fair", 50.5, 74.9), band("good", 75, 100)], ["band_gap"]],
    ["an overlap", [band("poor", 0, 49.9), band("fair", 40, 74.9), band("good", 75, 100)], ["band_overlap"]],
    ["not starting at 0", [band("poor", 1, 49.9), band("fair", 50, 74.9), band("good", 75, 100)], ["band_start"]],
    ["not ending at 100", [band("poor", 0, 49.9), band("fair", 50, 74.9), band("good", 75, 99)], ["band_end"]],
    ["min above max", [band("poor", 0, 49.9), band("fair", 50, 44), band("good", 44.1, 100)], ["band_range"]],
    ["the wrong order", [band("fair", 0, 49.9), band("poor", 50, 74.9), band("good", 75, 100)], ["band_key", "band_key"]],
    ["two bands", [band("poor", 0, 49.9), band("good", 50, 100)], ["band_count"]],
  ] as const)("%s", (_name, bands, codes) => {
    expect(validateScoreBands(bands).map((p) => p.code)).toEqual(codes);
  });
});

describe("every score carries its model's band", () => {
  const context = { sizeClass: "medium", maturity: "developing", diversity: "mixed", startup: false, referenceCustomer: false, criticality: "high" } as const;
  const flat = (p: number) => Object.fromEntries(FACTORS.map((f) => [f, p]));
  it.each([
    [1, "poor"],
    [2.9, "poor"], // 47.5
    [3, "fair"], // 50
    [4, "good"], // 75
  ] as const)("performance %s everywhere -> %s", (p, band) => {
    expect(scoreRelationship({ context, performance: flat(p) }).band).toBe(band);
  });
  it("follows the bands of the model that scored it", () => {
    const model = {
      ...DIGIMENSA_MODEL,
      bands: [
        { key: "poor", min: 0, max: 59.9 },
        { key: "fair", min: 60, max: 79.9 },
        { key: "good", min: 80, max: 100 },
      ] as const,
    };
    expect(scoreRelationship({ context, performance: flat(3.3), model }).band).toBe("poor"); // 57.5
    expect(scoreRelationship({ context, performance: flat(3.3) }).band).toBe("fair");
  });
  it("has no band without a score", () => {
    expect(scoreRelationship({ context, performance: {} }).band).toBeNull();
  });
});
