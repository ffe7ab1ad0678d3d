/**
 * The classic compiler swaps a `.server` module for an empty one in the
 * browser, at run time and without a build error: a constant imported from
 * one and read while rendering is the number on the server and undefined in
 * the browser, so the page's text differs and hydration fails (React #418).
 * A route passes such values through its loader instead. This reads every
 * route and component file and refuses a value imported from a `.server`
 * module (not a type, not a function the loader or action calls) that the
 * rendering code below the server functions uses.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "../support/source-files";

const files = [...sourceFiles("app/routes"), ...sourceFiles("app/components")].filter((f) => f.endsWith(".tsx"));

/** The names a file imports as values (not `type`) from `.server` modules. */
function serverValueImports(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/import\s+(?!type\b)\{([^}]*)\}\s+from\s+"[^"]*\.server"/g)) {
    for (const part of m[1].split(",")) {
      const name = part.trim();
      if (!name || name.startsWith("type ")) continue;
      names.push(
        name
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
    }
  }
  return names;
}

/** The source of the rendering code: everything from the first exported component on. */
function renderingCode(source: string): string {
  const start = source.search(/export default function|export function [A-Z]/);
  return start < 0 ? "" : source.slice(start);
}

describe("values from .server modules are not read while rendering", () => {
  it("finds the routes to check", () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files)("%s", (file) => {
    const source = fs.readFileSync(file, "utf8");
    const rendering = renderingCode(source);
    const leaked = serverValueImports(source).filter((name) => /^[A-Z][A-Z0-9_]+$/.test(name) && new RegExp(`\\b${name}\\b`).test(rendering));
    expect(leaked, "pass it through the loader instead").toEqual([]);
  });
});
