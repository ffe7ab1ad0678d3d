import { describe, expect, it } from "vitest";
import { ACTION_PHASES, CRITICALITIES, DIVERSITIES, FACTORS, LIFECYCLE_STAGES, MATURITIES, QUADRANTS, SIZE_CLASSES } from "~/domain/factors";
import { IMPORTANCE_CONDITIONS, IMPORTANCE_DIMENSIONS, IMPORTANCE_LEVELS } from "~/domain/importance-model";
import { dimensionValueLabel, isOneOf, knownLabel, labelKey, messageKey } from "~/i18n/labels";
import { en, fi } from "~/i18n/messages";
import { translator } from "~/i18n/i18n.server";

const tEn = translator("en");
const tFi = translator("fi");

describe("labelKey", () => {
  it.each([
    [labelKey("factor", "trust"), "factor.trust", "Trust between the actors"],
    [labelKey("size", "micro"), "size.micro", en["size.micro"]],
    [labelKey("stage", "passivating"), "stage.passivating", en["stage.passivating"]],
    [labelKey("quadrant", "keep_up"), "quadrant.keep_up", en["quadrant.keep_up"]],
    [labelKey("rel.matrix.level", 3), "rel.matrix.level.3", en["rel.matrix.level.3"]],
  ])("%s", (made, key, english) => {
    expect(made).toBe(key);
    expect(tEn(made)).toBe(english);
    expect(tEn(made)).not.toBe(key);
  });

  // Every value of each enum has a label in both languages: the same check the types make, at run time.
  it.each([
    ["factor", FACTORS],
    ["size", SIZE_CLASSES],
    ["maturity", MATURITIES],
    ["diversity", DIVERSITIES],
    ["criticality", CRITICALITIES],
    ["stage", LIFECYCLE_STAGES],
    ["quadrant", QUADRANTS],
    ["phase", ACTION_PHASES],
    ["model.dimension", IMPORTANCE_DIMENSIONS],
    ["rel.matrix.level", IMPORTANCE_LEVELS],
  ] as const)("every %s has an English and a Finnish label", (prefix, values) => {
    for (const value of values as readonly (string | number)[]) {
      const key = `${prefix}.${value}`;
      expect(Object.keys(en)).toContain(key);
      expect(Object.keys(fi)).toContain(key);
    }
  });

  it("refuses a value without a label at compile time", () => {
    // @ts-expect-error "nope" is no factor
    expect(labelKey("factor", "nope")).toBe("factor.nope");
    const side = "provider" as "provider" | "customer";
    expect(labelKey(`assessment.guide.${side}`, "trust")).toBe("assessment.guide.provider.trust");
    expect(messageKey(`model.condition.${IMPORTANCE_CONDITIONS[1]}`)).toBe("model.condition.reference_customer");
    // @ts-expect-error a template that can form a missing key
    expect(messageKey(`model.condition.${"x" as string}`)).toBe("model.condition.x");
  });
});

describe("knownLabel and dimensionValueLabel", () => {
  it.each([
    ["a known criticality, English", () => knownLabel(tEn, "criticality", CRITICALITIES, "high"), en["criticality.high"]],
    ["a known criticality, Finnish", () => knownLabel(tFi, "criticality", CRITICALITIES, "high"), fi["criticality.high"]],
    ["an unknown value as it is", () => knownLabel(tEn, "criticality", CRITICALITIES, "extreme"), "extreme"],
    ["null as empty", () => knownLabel(tEn, "size", SIZE_CLASSES, null), ""],
    ["a number", () => knownLabel(tFi, "rel.matrix.level", IMPORTANCE_LEVELS, 2), fi["rel.matrix.level.2"]],
  ])("%s", (_name, label, expected) => {
    expect(label()).toBe(expected);
  });

  it.each([
    ["size", "large", en["size.large"]],
    ["maturity", "mature", en["maturity.mature"]],
    ["diversity", "mixed", en["diversity.mixed"]],
    ["diversity", "odd", "odd"],
    ["colour", "red", "red"],
  ])("%s %s", (dimension, value, expected) => {
    expect(dimensionValueLabel(tEn, dimension, value)).toBe(expected);
  });

  it("isOneOf tells members", () => {
    expect(isOneOf(FACTORS, "trust")).toBe(true);
    expect(isOneOf(FACTORS, "Trust")).toBe(false);
    expect(isOneOf(IMPORTANCE_LEVELS, 2)).toBe(true);
    expect(isOneOf(IMPORTANCE_LEVELS, "2")).toBe(false);
  });
});
