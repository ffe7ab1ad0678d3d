/**
 * Source scans that keep the interface text honest where a type check cannot:
 * a plural block chooses its form from a number, so a caller must pass the
 * count itself (the block formats it), never a formatted string such as
 * "1 234", which would always read as "other".
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en, fi, type MessageKey } from "~/i18n/messages";
import { sourceFiles } from "../support/source-files";

const pluralVariables = (s: string) => new Set([...s.matchAll(/\{(\w+),\s*plural,/g)].map((m) => m[1]));

describe("plural counts reach the translator as numbers", () => {
  const calls = sourceFiles().flatMap((file) => {
    const src = fs.readFileSync(file, "utf8");
    return [...src.matchAll(/\bt\("([\w.]+)",\s*\{([^{}]*)\}/g)].map((m) => ({ file, key: m[1] as MessageKey, args: m[2] }));
  });

  it("finds the calls", () => {
    expect(calls.length).toBeGreaterThan(30);
  });

  it("passes no formatted string to a plural variable", () => {
    const bad: string[] = [];
    for (const { file, key, args } of calls) {
      const plural = pluralVariables(en[key] ?? "");
      for (const m of args.matchAll(/(\w+):\s*(number|fixed|percent|String|formatNumber)\(/g)) {
        if (plural.has(m[1])) bad.push(`${file}: t("${key}", { ${m[1]}: ${m[2]}(…) })`);
      }
    }
    expect(bad).toEqual([]);
  });
});

/**
 * One percent format (formatPercent: `18,6 %` in Finnish, `18.6%` in
 * English): no code or message glues a "%" to a number by hand. CSS lengths
 * (`width: 40%`) are not percentages shown to anyone; percentage points
 * (`%-yks.`) are a unit of their own.
 */
describe("percentages go through formatPercent", () => {
  const CSS_LENGTH = /\b(width|height|left|right|top|bottom|flexBasis|maxWidth|minWidth|inset)\s*:\s*`\$\{[^}]+\}%`/;
  it("no hand-made percent in the code", () => {
    const bad: string[] = [];
    for (const file of sourceFiles()) {
      if (file === path.join("app", "i18n", "format.ts")) continue;
      fs.readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          // Comments, CSS lengths and SQL LIKE wildcards are not percentages.
          if (/^\s*(\/\/|\*|\/\*)/.test(line) || CSS_LENGTH.test(line) || /\blike\b|escape/i.test(line)) return;
          const glued = /\$\{[^}]+\}\s?%(?!-yks)|["'`]\s%["'`]|\+\s*["'`]\s?%/.test(line);
          if (glued) bad.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(bad).toEqual([]);
  });

  it("no message puts a percent sign after a placeholder or writes an English percentage with a space", () => {
    const bad: string[] = [];
    for (const [lang, dict] of [
      ["en", en],
      ["fi", fi],
    ] as const) {
      for (const [key, text] of Object.entries(dict)) {
        if (/\{\w+\}\s?%/.test(text)) bad.push(`${lang} ${key}: ${text}`);
        if (lang === "en" && /\d\s%/.test(text)) bad.push(`${lang} ${key}: ${text}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
