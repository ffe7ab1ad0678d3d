/**
 * Runs import parsing in a worker thread, off the thread that serves
 * requests: one thread per file, at most PARSE_CONCURRENCY at once per
 * process (others wait their turn), each with a memory ceiling and a time
 * limit. A file that breaks either is refused as too complex, never a 500.
 */
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ImportIssue } from "../domain/measurement-import";
import type { ParseJob, ParseOutcome } from "./import-parse";

const PARSE_CONCURRENCY = 2;
const PARSE_TIMEOUT_MS = 60_000;
const PARSE_MEMORY_MB = 512;

/** The compiled worker in production; the TypeScript source (through tsx) in development and tests. */
function workerSource(): { file: string; eval: boolean } {
  const built = path.resolve("build/import-parse-worker.mjs");
  if (process.env.NODE_ENV === "production" && fs.existsSync(built)) return { file: built, eval: false };
  const source = path.resolve("app/workers/import-parse.worker.ts");
  const code = `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(`file://${source}`)}))`;
  return { file: code, eval: true };
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

const failed = (code: ImportIssue["code"]): ParseOutcome => ({ rows: [], issues: [{ row: null, column: null, code }], rowCount: 0 });

/** Parses the file in a worker thread; resolves with its rows and issues. */
export async function parseImportInWorker(job: ParseJob): Promise<ParseOutcome> {
  const done = await turn();
  try {
    return await new Promise<ParseOutcome>((resolve) => {
      const source = workerSource();
      const worker = new Worker(source.file, {
        eval: source.eval,
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
