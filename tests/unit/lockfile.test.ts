/**
 * A fresh clone must install exactly what was tested: `npm ci` refuses a
 * lockfile that lacks another platform's optional packages, and `npm install`
 * would rewrite it. So every optional dependency that a locked package names
 * must itself be locked, whatever platform it is for.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";

type LockedPackage = { version?: string; optionalDependencies?: Record<string, string> };
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")) as { lockfileVersion: number; packages: Record<string, LockedPackage> };

/** Where npm would resolve `name` from the package at `at` (its own node_modules, then each parent's). */
function resolves(at: string, name: string): boolean {
  let base = at;
  for (;;) {
    if (lock.packages[`${base ? `${base}/` : ""}node_modules/${name}`]) return true;
    if (!base) return false;
    const i = base.lastIndexOf("/node_modules/");
    base = i < 0 ? "" : base.slice(0, i);
  }
}

describe("package-lock.json", () => {
  it("is a version 3 lockfile", () => {
    expect(lock.lockfileVersion).toBe(3);
  });

  const missing: string[] = [];
  for (const [at, pkg] of Object.entries(lock.packages)) {
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
      if (!resolves(at, name)) missing.push(`${at || "(root)"} -> ${name}`);
    }
  }
  it("locks every platform's optional packages", () => {
    expect(missing).toEqual([]);
  });

  it("is installed with npm ci by npm start and npm test", () => {
    const script = fs.readFileSync("scripts/lib/ensure-deps.sh", "utf8");
    expect(script).toMatch(/npm ci\b/);
    expect(script).not.toMatch(/npm install\b/);
  });
});
