/**
 * Every business ID the interface shows as an example (hints, placeholders,
 * error texts) must pass the portal's own check, or a user who copies the
 * example is refused by the form that offered it.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { BUSINESS_ID_EXAMPLE, isValidBusinessId } from "~/domain/business-id";
import { en, fi } from "~/i18n/messages";
import { sourceFiles } from "../support/source-files";

const SHAPE = /\b\d{7}-\d\b/g;

describe("business ID examples", () => {
  it("the shared example is valid", () => {
    expect(isValidBusinessId(BUSINESS_ID_EXAMPLE)).toBe(true);
  });

  const shown = [
    ...Object.entries(en).map(([key, text]) => [`en ${key}`, text] as const),
    ...Object.entries(fi).map(([key, text]) => [`fi ${key}`, text] as const),
    ...sourceFiles("app/components")
      .concat(sourceFiles("app/routes"))
      .map((file) => [file, fs.readFileSync(file, "utf8")] as const),
  ].flatMap(([where, text]) => [...text.matchAll(SHAPE)].map((m) => [where, m[0]] as const));

  it("finds the examples", () => {
    expect(shown.length).toBeGreaterThan(0);
  });

  it.each(shown)("%s shows %s, which passes the check", (_where, example) => {
    expect(isValidBusinessId(example)).toBe(true);
  });
});
