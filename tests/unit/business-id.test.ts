import { describe, it, expect } from "vitest";
import { businessIdCheckDigit, isValidBusinessId, normaliseBusinessId } from "../../app/domain/business-id";

describe("businessIdCheckDigit", () => {
  // weights 7, 9, 10, 5, 8, 4, 2; r = sum mod 11
  // [digits, check digit, the arithmetic]
  it.each<[string, number | null, string]>([
    ["0112038", 9, "0+9+10+10+0+12+16 = 57, r 2, 11-2 = 9"],
    ["0109862", 8, "0+9+0+45+64+24+4 = 146, r 3, 11-3 = 8"],
    ["1572860", 0, "7+45+70+10+64+24+0 = 220, r 0 -> 0"],
    ["0000000", 0, "sum 0, r 0 -> 0"],
    ["1234567", 1, "7+18+30+20+40+24+14 = 153, r 10, 11-10 = 1"],
    ["0737546", 2, "0+63+30+35+40+16+12 = 196, r 9, 11-9 = 2"],
    ["1000008", null, "7+16 = 23, r 1 -> no check digit"],
    ["1000016", null, "7+4+12 = 23, r 1 -> no check digit"],
  ])("%s -> %s", (digits, expected) => {
    expect(businessIdCheckDigit(digits)).toBe(expected);
  });

  it.each(["123456", "12345678", "abcdefg", "", "012-038"])("rejects %j", (s) => {
    expect(() => businessIdCheckDigit(s)).toThrow(RangeError);
  });
});

describe("isValidBusinessId (canonical form only)", () => {
  it.each<[string, boolean]>([
    ["0112038-9", true],
    ["0109862-8", true],
    ["1572860-0", true], // remainder 0
    ["1234567-1", true], // remainder 10
    ["0112038-8", false], // wrong check digit
    ["1572860-1", false],
    ["1000008-0", false], // remainder 1: no digit is valid
    ["1000008-1", false],
    ["1000008-9", false],
    ["112038-9", false], // six-digit form: normalise first
    [" 0112038-9", false], // untrimmed
    ["01120389", false], // no hyphen
    ["0112038-", false],
    ["", false],
    ["abcdefg-h", false],
  ])("%j -> %s", (s, expected) => {
    expect(isValidBusinessId(s)).toBe(expected);
  });
});

describe("normaliseBusinessId", () => {
  it.each<[string, string | null]>([
    ["0112038-9", "0112038-9"],
    ["  0112038-9\t", "0112038-9"],
    ["112038-9", "0112038-9"], // older six-digit form
    [" 109862-8 ", "0109862-8"],
    ["0112038-8", null], // check digit wrong
    ["112038-8", null],
    ["12345-6", null],
    ["01120389", null],
    ["1000008-0", null],
    ["", null],
  ])("%j -> %j", (s, expected) => {
    expect(normaliseBusinessId(s)).toBe(expected);
  });
});

describe("every business ID the interface shows as an example is valid", () => {
  it("finds no invalid NNNNNNN-C in the texts, forms and pages", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.(ts|tsx)$/.test(entry.name)) files.push(file);
      }
    };
    walk(path.resolve("app"));
    const examples: string[] = [];
    const invalid: string[] = [];
    for (const file of files) {
      for (const [id] of fs.readFileSync(file, "utf8").matchAll(/(?<![\d-])\d{7}-\d(?![\d-])/g)) {
        examples.push(id);
        if (!isValidBusinessId(id)) invalid.push(`${path.relative(process.cwd(), file)}: ${id}`);
      }
    }
    expect(examples.length).toBeGreaterThan(0);
    expect(invalid).toEqual([]);
  });
});
