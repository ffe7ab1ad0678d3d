/**
 * Runs import parsing in a worker thread, off the thread that serves
 * requests: one thread per file, at most PARSE_CONCURRENCY at once per
 * process (others wait their turn), each with a memory ceiling and a time
 * limit. A file that breaks either is refused as too complex, never a 500.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ImportIssue } from "../domain/measurement-import";
import type { ParseJob, ParseOutcome } from "./import-parse";

const PARSE_CONCURRENCY = 2;
const PARSE_TIMEOUT_MS = 60_000;
const PARSE_MEMORY_MB = 512;

const BUILT_WORKER = "build/import-parse-worker.mjs";
let compiled: Promise<string> | null = null;

/**
 * The worker script: in production the one scripts/build-server.mjs made;
 * elsewhere (tests, remix dev) the source compiled the same way, once per
 * process, into node_modules/.cache (so its packages resolve as usual).
 */
function workerScript(): Promise<string> {
  const built = path.resolve(BUILT_WORKER);
  if (process.env.NODE_ENV === "production" && fs.existsSync(built)) return Promise.resolve(built);
  compiled ??= (async () => {
    const requireFromRemix = createRequire(createRequire(path.resolve("package.json")).resolve("@remix-run/dev/package.json"));
    const esbuild = requireFromRemix("esbuild") as typeof import("esbuild");
    const result = await esbuild.build({
      entryPoints: [path.resolve("app/workers/import-parse.worker.ts")],
      write: false,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      logLevel: "warning",
      banner: { js: 'import { createRequire as __portalCreateRequire } from "node:module"; const require = __portalCreateRequire(import.meta.url);' },
    });
    const code = result.outputFiles[0].contents;
    // Named by content: processes compiling the same source share one file, and a stale one is never used.
    const outfile = path.resolve("node_modules/.cache/portal", `import-parse-worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
    if (!fs.existsSync(outfile)) {
      fs.mkdirSync(path.dirname(outfile), { recursive: true });
      const temporary = `${outfile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, outfile);
    }
    return outfile;
  })();
  return compiled;
}

let running = 0;
const waiting: Array<() => void> = [];

async function turn(): Promise<() => void> {
  if (running >= PARSE_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

const failed = (code: ImportIssue["code"]): ParseOutcome => ({ rows: [], issues: [{ row: null, column: null, code }], rowCount: 0, skipped: 0 });

/** Parses the file in a worker thread; resolves with its rows and issues. */
export async function parseImportInWorker(job: ParseJob): Promise<ParseOutcome> {
  const done = await turn();
  try {
    const script = await workerScript();
    return await new Promise<ParseOutcome>((resolve) => {
      const worker = new Worker(script, {
        workerData: job,
        resourceLimits: { maxOldGenerationSizeMb: PARSE_MEMORY_MB },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (outcome: ParseOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        settle(failed("tooComplex"));
        void worker.terminate();
      }, PARSE_TIMEOUT_MS);
      worker.on("message", (message: { ok: true; outcome: ParseOutcome } | { ok: false; message: string }) => {
        settle(message.ok ? message.outcome : failed("unreadable"));
      });
      // Out of memory (ERR_WORKER_OUT_OF_MEMORY) or a crash: the file is refused, the server lives on.
      worker.on("error", () => settle(failed("tooComplex")));
      worker.on("exit", () => settle(failed("tooComplex")));
    });
  } finally {
    done();
  }
}
