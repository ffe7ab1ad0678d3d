/**
 * Source scans that keep the interface text honest where a type check cannot:
 * a plural block chooses its form from a number, so a caller must pass the
 * count itself (the block formats it), never a formatted string such as
 * "1 234", which would always read as "other".
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en, type MessageKey } from "~/i18n/messages";

export function sourceFiles(dir = "app"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p.includes(path.join("i18n", "messages")) ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

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
