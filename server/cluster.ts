/**
 * The cluster primary (WEB_CONCURRENCY > 1): forks the workers that run the
 * HTTP server (server/http-server.ts) on one shared port, replaces a worker
 * that dies, and shuts them all down gracefully on SIGTERM/SIGINT.
 *
 * It stays lean: no Remix build, no database. Workers share nothing in
 * memory; SQLite (WAL) is the shared state (docs/decisions/0009).
 */
import cluster, { type Worker } from "node:cluster";
import { CLOSE_GRANTED_MESSAGE, CLOSE_REQUEST_MESSAGE, isClusterMessage, restartDelay, SHUTDOWN_MESSAGE } from "../app/http/web-concurrency";
import { logger as appLogger } from "../app/logger.server";
import { sessionSecrets } from "../app/secrets.server";

const logger = appLogger.child({ pid: process.pid, role: "primary" });

/** Workers get SHUTDOWN_DEADLINE_MS for their own graceful exit; the primary waits this much longer before SIGKILL. */
const PRIMARY_GRACE_MS = 5_000;

type Tracked = { worker: Worker; startedAt: number; listening: boolean; stoppedWhileStarting?: boolean };

export function runPrimary(workerCount: number): void {
  // Without SESSION_SECRET the secret file is made on first use; made here,
  // once, so workers cannot race to write different ones.
  sessionSecrets();

  const tracked = new Map<number, Tracked>();
  const restartTimers = new Set<NodeJS.Timeout>();
  let starting = true;
  let shuttingDown = false;
  let crashStreak = 0;
  let uncleanExits = 0;

  function fork(): void {
    const worker = cluster.fork();
    // An IPC error (a message to a worker that just died) is not the primary's end.
    worker.on("error", (error) => logger.warn({ err: error, workerPid: worker.process.pid }, "worker channel error"));
    tracked.set(worker.id, { worker, startedAt: Date.now(), listening: false });
  }

  function stopWorker(entry: Tracked): void {
    if (!entry.listening) {
      // Still loading (a replacement, say): it has served nothing and opened no database, so it need not finish loading to stop.
      entry.stoppedWhileStarting = true;
      entry.worker.process.kill("SIGTERM");
      return;
    }
    // A closed channel means it is on its way out already.
    entry.worker.send(SHUTDOWN_MESSAGE, undefined, () => {});
  }

  // Workers close their database connections one at a time, so that the last one sees
  // itself last and checkpoints and removes the WAL (app/http/web-concurrency.ts).
  const waitingToClose: Worker[] = [];
  let closingWorkerId: number | undefined;
  function grantNextClose(): void {
    while (closingWorkerId === undefined && waitingToClose.length > 0) {
      const next = waitingToClose.shift()!;
      if (!tracked.has(next.id)) continue;
      // If it is gone meanwhile, its exit passes the turn on.
      closingWorkerId = next.id;
      next.send(CLOSE_GRANTED_MESSAGE, undefined, () => {});
    }
  }
  cluster.on("message", (worker, message) => {
    if (!isClusterMessage(message, CLOSE_REQUEST_MESSAGE)) return;
    waitingToClose.push(worker);
    grantNextClose();
  });

  cluster.on("listening", (worker, address) => {
    const entry = tracked.get(worker.id);
    if (!entry) return;
    entry.listening = true;
    if (shuttingDown) return;
    if (starting && [...tracked.values()].every((t) => t.listening)) {
      starting = false;
      logger.info({ port: address.port, workers: workerCount }, `Service chain portal listening on http://localhost:${address.port}`);
    } else if (!starting) {
      logger.info({ workerPid: worker.process.pid }, "replacement worker listening");
    }
  });

  cluster.on("exit", (worker, code, signal) => {
    const entry = tracked.get(worker.id);
    tracked.delete(worker.id);
    if (closingWorkerId === worker.id) closingWorkerId = undefined;
    grantNextClose();
    if (shuttingDown) {
      if (code !== 0 && !entry?.stoppedWhileStarting) uncleanExits++;
      if (tracked.size === 0) {
        logger.info({ uncleanExits }, "all workers stopped; exiting");
        process.exit(uncleanExits === 0 ? 0 : 1);
      }
      return;
    }
    const exit = { workerPid: worker.process.pid, exitCode: code, signal };
    if (starting && !entry?.listening) {
      // As a single process would: a server that cannot start is not retried forever.
      logger.fatal(exit, "a worker failed to start; stopping");
      for (const t of tracked.values()) t.worker.process.kill("SIGKILL");
      process.exit(1);
    }
    const uptimeMs = entry ? Date.now() - entry.startedAt : 0;
    const next = restartDelay(crashStreak, uptimeMs);
    crashStreak = next.streak;
    const restartInMs = next.delayMs;
    logger.error({ ...exit, uptimeMs, restartInMs }, "worker exited unexpectedly; starting a replacement");
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (!shuttingDown) fork();
    }, restartInMs);
    restartTimers.add(timer);
  });

  function shutdown(signal: string): void {
    if (shuttingDown) return;
    shuttingDown = true;
    for (const timer of restartTimers) clearTimeout(timer);
    restartTimers.clear();
    logger.info({ signal, workers: tracked.size }, "shutting down: workers finish in-flight requests");
    const deadlineMs = Number(process.env.SHUTDOWN_DEADLINE_MS ?? 10_000) + PRIMARY_GRACE_MS;
    setTimeout(() => {
      logger.error(
        { deadlineMs, workerPids: [...tracked.values()].map((t) => t.worker.process.pid) },
        "shutdown deadline passed: killing the remaining workers",
      );
      for (const t of tracked.values()) t.worker.process.kill("SIGKILL");
      process.exit(1);
    }, deadlineMs).unref();
    if (tracked.size === 0) process.exit(uncleanExits === 0 ? 0 : 1);
    for (const entry of tracked.values()) stopWorker(entry);
  }
  // Ctrl-C reaches the workers too; they shut down on their own, and nothing is restarted.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => shutdown(signal));

  for (let i = 0; i < workerCount; i++) fork();
}
