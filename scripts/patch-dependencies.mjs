/**
 * Runs after `npm install` (package.json "postinstall"): small, idempotent
 * speed patches to pinned dependencies, each found by an exact anchor. A
 * missing anchor (the dependency changed) is reported, not fatal: the
 * portal still works, only slower, and tests/unit/dependency-patches.test.ts
 * fails so that somebody looks. Why each patch: docs/decisions/0016-server-cpu-per-request.md.
 */
import fs from "node:fs";
import path from "node:path";

export const PATCHES = [
  {
    // React Router compiles every route's path into a RegExp on every match, several
    // times per request (server runtime, static handler, render): about a tenth of a
    // small page's CPU. The result depends only on its arguments: keep it.
    file: "node_modules/@remix-run/router/dist/router.cjs.js",
    marker: "/* portal: compilePath cache */",
    anchor: "function compilePath(path, caseSensitive, end) {",
    replacement: `/* portal: compilePath cache */
const compiledPaths = new Map();
function compilePath(path, caseSensitive, end) {
  const key = (caseSensitive ? "1" : "0") + (end === false ? "0" : "1") + path;
  let compiled = compiledPaths.get(key);
  if (!compiled) compiledPaths.set(key, (compiled = compilePathUncached(path, caseSensitive, end)));
  return compiled;
}
function compilePathUncached(path, caseSensitive, end) {`,
  },
  {
    // Every match flattens and ranks the whole route tree again (about a tenth of a
    // small page's CPU, several times per request). The server's route arrays are
    // built once and never change: keep each one's ranked branches.
    file: "node_modules/@remix-run/router/dist/router.cjs.js",
    marker: "/* portal: ranked branches cache */",
    anchor: `  let branches = flattenRoutes(routes);
  rankRouteBranches(branches);
  let matches = null;`,
    replacement: `  /* portal: ranked branches cache */
  let branches = rankedBranches.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    rankedBranches.set(routes, branches);
  }
  let matches = null;`,
  },
  {
    file: "node_modules/@remix-run/router/dist/router.cjs.js",
    marker: "/* portal: ranked branches store */",
    anchor: "function matchRoutesImpl(routes, locationArg, basename, allowPartial) {",
    replacement: `/* portal: ranked branches store */
const rankedBranches = new WeakMap();
function matchRoutesImpl(routes, locationArg, basename, allowPartial) {`,
  },
];

/** Applies the patches under `root`; returns what happened to each. */
export function applyPatches(root = process.cwd()) {
  return PATCHES.map((patch) => {
    const file = path.join(root, patch.file);
    if (!fs.existsSync(file)) return { file: patch.file, state: "missing file" };
    const text = fs.readFileSync(file, "utf8");
    if (text.includes(patch.marker)) return { file: patch.file, state: "already applied" };
    if (text.split(patch.anchor).length !== 2) return { file: patch.file, state: "anchor not found" };
    // Write a new file rather than in place: node_modules may be hard-linked into other checkouts.
    const temporary = `${file}.portal-patch`;
    fs.writeFileSync(temporary, text.replace(patch.anchor, patch.replacement));
    fs.renameSync(temporary, file);
    return { file: patch.file, state: "applied" };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of applyPatches()) {
    const line = `patch-dependencies: ${result.file}: ${result.state}`;
    if (result.state === "anchor not found" || result.state === "missing file") console.warn(line);
    else console.log(line);
  }
}
