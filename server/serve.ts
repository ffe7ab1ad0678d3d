/**
 * The production server (`npm start`). With WEB_CONCURRENCY > 1 (unset: one
 * per CPU, at most 4) this process is a lean cluster primary (server/cluster.ts)
 * and each forked worker runs the HTTP server (server/http-server.ts) on the
 * same port; with 1 it is the HTTP server itself.
 */
import cluster from "node:cluster";
import os from "node:os";
import { webConcurrency } from "../app/http/web-concurrency";
import { logger } from "../app/logger.server";

if (cluster.isWorker) {
  const { startHttpServer } = await import("./http-server");
  startHttpServer({ clustered: true });
} else {
  let workers: number;
  try {
    workers = webConcurrency(process.env.WEB_CONCURRENCY, os.availableParallelism());
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exit(1);
  }
  if (workers > 1) {
    const { runPrimary } = await import("./cluster");
    runPrimary(workers);
  } else {
    const { startHttpServer } = await import("./http-server");
    startHttpServer({ clustered: false });
  }
}
