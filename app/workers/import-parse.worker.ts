/**
 * Worker-thread entry: parses one import file (app/workers/import-parse.ts)
 * and posts the outcome back, then ends, so the memory a big file took is
 * returned at once. Started by import-parse.server.ts; compiled for
 * production to build/import-parse-worker.mjs (scripts/build-server.mjs).
 */
import { parentPort, workerData } from "node:worker_threads";
import { parseImportFile, type ParseJob } from "./import-parse";

const job = workerData as ParseJob;
parseImportFile(job).then(
  (outcome) => {
    parentPort!.postMessage({ ok: true, outcome });
    // Ends the thread now, not when exceljs's leftover streams settle (and lets `tmp` remove its files).
    process.exit(0);
  },
  (error: unknown) => {
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
