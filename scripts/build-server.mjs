/**
 * Compiles the production server (server/serve.ts and what it imports) to
 * one plain-JavaScript file, build/server.mjs, next to the Remix build, and
 * the import-parsing worker thread to build/import-parse-worker.mjs.
 * Running it with plain node instead of through tsx halves each process's
 * memory (tsx's loader alone was ~150 MB per cluster worker) and starts
 * faster. Packages stay external: node_modules is loaded as usual.
 */
import { createRequire } from "node:module";

// esbuild comes with the Remix compiler; resolve it the way the compiler does.
const requireFromRemix = createRequire(createRequire(import.meta.url).resolve("@remix-run/dev/package.json"));
const { build } = requireFromRemix("esbuild");

await build({
  // The server, and the worker thread that parses measurement imports (app/workers/import-parse.server.ts starts it).
  entryPoints: { server: "server/serve.ts", "import-parse-worker": "app/workers/import-parse.worker.ts" },
  outdir: "build",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  // Bundled ESM has no require(); some dependencies' CommonJS interop needs one.
  banner: { js: 'import { createRequire as __portalCreateRequire } from "node:module"; const require = __portalCreateRequire(import.meta.url);' },
});
