/**
 * The HTTP server: Express around the Remix build that `npm run build`
 * makes. It adds what remix-serve cannot: the cross-site write guard, a
 * per-request CSP nonce and request id, and security headers on every response.
 * server/serve.ts runs it in this process, or in each cluster worker.
 */
import cluster from "node:cluster";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { pinoHttp } from "pino-http";
import { closeDatabase } from "../app/db.server";
import { logger as appLogger } from "../app/logger.server";
import { bodyKind, bodyLimit, checkBody, checkMultipart, checkPageRequest, isApiPath } from "../app/http/body-policy";
import { CLOSE_GRANTED_MESSAGE, CLOSE_REQUEST_MESSAGE, isClusterMessage, SHUTDOWN_MESSAGE } from "../app/http/web-concurrency";
import { isCrossSiteWrite } from "../app/security/cross-site";
import { PERMISSIONS_POLICY, STRICT_TRANSPORT_SECURITY } from "../app/security/headers";
import { redactUrl } from "../app/http/log-redaction";
import { requestScope } from "../app/http/request-scope.server";
import { healthAnswer } from "../app/models/health.server";
import { purgeExpired } from "../app/models/maintenance.server";
import { runScheduledWork } from "../app/jobs/scheduled-work.server";
import { env } from "../app/env.server";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const buildPath = path.resolve("build/index.js");
const build = (await import(url.pathToFileURL(buildPath).href)) as ServerBuild;
// With several workers, the pid tells whose line it is.
const logger = appLogger.child({ pid: process.pid });

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, set TRUST_PROXY=1 so req.ip and the protocol come from X-Forwarded-*.
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : process.env.TRUST_PROXY);
app.use(compression());

app.use((req, res, next) => {
  // A caller's id is kept only when it looks like one, so logs cannot be forged through it.
  const given = req.get("x-request-id");
  res.locals.requestId = given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
  res.locals.cspNonce = randomBytes(16).toString("base64");
  res.setHeader("X-Request-Id", res.locals.requestId);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
  // Another site's window.opener cannot reach our pages, nor they theirs.
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  // Only over HTTPS (a browser ignores it over HTTP anyway). req.secure honours
  // X-Forwarded-Proto only behind a trusted proxy (TRUST_PROXY), so nobody can
  // pin a plain-HTTP deployment to HTTPS by sending that header.
  if (req.secure) res.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  next();
});

app.use(
  pinoHttp({
    logger,
    genReqId: (_req, res) => (res as express.Response).locals.requestId,
    // Static assets would drown the log.
    autoLogging: { ignore: (req) => req.url?.startsWith("/build/") ?? false },
    serializers: {
      // One-time reset tokens travel in the path, and some clients put API tokens in the query: never log them.
      req: (req) => ({ id: req.id, method: req.method, url: redactUrl(String(req.url)) }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
  }),
);

// A malformed percent-escape in the path would make the static files and the router throw (a 500).
app.use((req, res, next) => {
  try {
    decodeURIComponent(req.path);
  } catch {
    res.status(400).type("text/plain").send("Malformed URL.");
    return;
  }
  next();
});

app.use((req, res, next) => {
  const crossSite = isCrossSiteWrite(req.method, {
    origin: req.get("origin"),
    secFetchSite: req.get("sec-fetch-site"),
    host: req.get("x-forwarded-host") && app.get("trust proxy") ? req.get("x-forwarded-host") : req.get("host"),
  });
  if (crossSite) {
    req.log.warn({ origin: req.get("origin"), secFetchSite: req.get("sec-fetch-site") }, "cross-site write refused");
    res.status(403).type("text/plain").send("Cross-site request refused");
    return;
  }
  next();
});

// Liveness and database check for load balancers and the start script: answered here, without the page router.
app.get("/healthz", async (_req, res) => {
  const answer = await healthAnswer();
  res.status(answer.status).set("Cache-Control", "no-store").json(answer.body);
});
app.all("/healthz", (_req, res) => {
  res.status(405).set("Allow", "GET, HEAD").type("text/plain").send("Method Not Allowed");
});

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// The other public files are few and top-level: serve those paths only, so a page
// request does not cost a failed stat of public/ first.
const servePublic = express.static("public", { maxAge: "1h" });
const publicFiles = new Set(
  fs
    .readdirSync("public", { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${entry.name}`),
);
app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));

const handleRemix = createRequestHandler(build, process.env.NODE_ENV);

class BodyTooLarge extends Error {}

function requestHeaders(req: express.Request): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

async function sendResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
  for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
  // Pages and their data are made for one person: unless a route says it may be
  // cached (the dictionaries, the OpenAPI document), no cache keeps them.
  if (!response.headers.has("cache-control")) res.setHeader("Cache-Control", "no-store");
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** How much of a refused body is read and dropped, so the client gets its 413 instead of a broken pipe. */
const DISCARD_LIMIT = 32 * 1024 * 1024;
const DISCARD_MS = 5_000;

/**
 * Answers 413 after draining what is left of the body (without keeping it),
 * up to DISCARD_LIMIT bytes or DISCARD_MS: a client that is still writing
 * when the connection closes sees EPIPE, not the answer. Then the connection closes.
 */
async function refuseTooLarge(req: express.Request, res: express.Response, limit: number): Promise<void> {
  if (!req.complete) {
    await new Promise<void>((resolve) => {
      let drained = 0;
      const done = () => {
        clearTimeout(timer);
        req.off("data", onData);
        resolve();
      };
      const onData = (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > DISCARD_LIMIT) done();
      };
      const timer = setTimeout(done, DISCARD_MS);
      req.on("data", onData);
      req.once("end", done);
      req.once("error", done);
      req.once("close", done);
      req.resume();
    });
  }
  res
    .status(413)
    .set("Connection", "close")
    .type("text/plain")
    .send(`Request body too large: the limit is ${Math.round(limit / (1024 * 1024))} MB.`);
}

/** Reads the whole body, stopping as soon as it passes `limit` bytes (chunked bodies included). */
function readBody(req: express.Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // The rest is drained by refuseTooLarge, not kept.
        req.off("data", onData);
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Express -> Remix, with the body read up front so that its size, content
 * type and encoding are checked in one place for every action and API route.
 */
app.all("*", async (req, res, next) => {
  try {
    let body: Buffer | undefined;
    // The path as Remix will route it (dot segments resolved), not as sent.
    const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
    const kind = bodyKind(req.get("content-type"));
    // Pages' actions read forms: request.formData() throws on anything else (a 500). Only the API takes JSON and other methods.
    const page = isApiPath(url.pathname) ? ({ ok: true } as const) : checkPageRequest(req.method, kind);
    if (!page.ok) {
      if (page.allow) res.set("Allow", page.allow);
      res.status(page.status).type("text/plain").send(page.message);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      const declared = Number(req.get("content-length") ?? 0);
      // Attachment uploads take a 10 MB file plus the form around it, on their one route only.
      const limit = bodyLimit(kind, url.pathname);
      if (declared > limit) {
        await refuseTooLarge(req, res, limit);
        return;
      }
      try {
        body = await readBody(req, limit);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        await refuseTooLarge(req, res, limit);
        return;
      }
      const verdict =
        kind === "multipart" && !isApiPath(url.pathname) && body.length > 0
          ? await checkMultipart(req.get("content-type")!, body)
          : checkBody(kind, body, url.pathname);
      if (!verdict.ok) {
        res.status(verdict.status).type("text/plain").send(verdict.message);
        return;
      }
    }
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const request = new Request(url.href, {
      method: req.method,
      headers: requestHeaders(req),
      body: body && body.length > 0 ? new Uint8Array(body) : undefined,
      signal: controller.signal,
    });
    const context: AppLoadContext = {
      cspNonce: res.locals.cspNonce,
      requestId: res.locals.requestId,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    };
    // One scope per request: its loaders share values such as the signed-in user (app/http/request-scope.server.ts).
    await sendResponse(res, await requestScope.run(new Map(), () => handleRemix(request, context)));
  } catch (error) {
    next(error);
  }
});

// Last resort: a plain 500 with the request id, never a stack trace.
app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
  req.log?.error({ err: error }, "request failed");
  if (!res.headersSent) res.status(500).type("text/plain").send(`Internal error (request ${res.locals.requestId}).`);
});

/** Waits until the primary lets this worker close its database (at once when there is no primary any more). */
function turnToCloseDatabase(): Promise<void> {
  return new Promise((resolve) => {
    const worker = cluster.worker!;
    const granted = () => {
      process.off("message", onMessage);
      worker.off("disconnect", granted);
      resolve();
    };
    const onMessage = (message: unknown) => {
      if (isClusterMessage(message, CLOSE_GRANTED_MESSAGE)) granted();
    };
    if (!process.connected) return granted();
    process.on("message", onMessage);
    worker.on("disconnect", granted);
    process.send!(CLOSE_REQUEST_MESSAGE, undefined, {}, (error) => {
      if (error) granted();
    });
  });
}

/** Purges expired sessions and staged imports every PURGE_INTERVAL_MS, starting at a random point of the first interval. */
function schedulePurge(): () => void {
  const every = env().PURGE_INTERVAL_MS;
  let stopped = false;
  const run = () => {
    // After shutdown began, a late timer must not reopen the database.
    if (stopped) return;
    void purgeExpired().then(
      (counts) => logger.debug(counts, "purged expired rows"),
      (error: unknown) => logger.error({ err: error }, "purging expired rows failed"),
    );
  };
  // Servers started together spread their runs over the interval.
  const first = setTimeout(run, Math.random() * every).unref();
  const repeat = setInterval(run, every).unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(repeat);
  };
}

/**
 * Runs the scheduled work (reminders, digests, the outbox sender) every
 * JOBS_INTERVAL_MS, as schedulePurge does: a random first delay, one run at a
 * time in this process, none after shutdown began. Servers take turns through
 * the work's lease (app/jobs/scheduled-work.server.ts).
 */
function scheduleJobs(): () => Promise<void> {
  const every = env().JOBS_INTERVAL_MS;
  // Off: the work is run from outside (`npm run jobs`).
  if (every === 0) return () => Promise.resolve();
  let stopped = false;
  let running: Promise<void> | null = null;
  const run = () => {
    if (stopped || running) return;
    running = runScheduledWork()
      .then(
        (report) => logger.debug({ report }, "scheduled work done"),
        (error: unknown) => logger.error({ err: error }, "scheduled work failed"),
      )
      .finally(() => (running = null));
  };
  const first = setTimeout(run, Math.random() * every).unref();
  const repeat = setInterval(run, every).unref();
  // Stops the timers; resolves when a run in progress has ended, so the database is closed after it, not under it.
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(repeat);
    return running ?? Promise.resolve();
  };
}

/**
 * Listens on PORT and shuts down gracefully: on SIGTERM/SIGINT and, as a
 * cluster worker, when the primary asks or when it is gone (the IPC channel
 * closes, e.g. the primary was SIGKILLed), so no worker outlives it.
 */
export function startHttpServer(options: { clustered: boolean }): void {
  if (env().DATABASE_URL && !env().SESSION_SECRET) {
    // A secret made per server would make every other server's cookies invalid: users logged out at random.
    logger.fatal("SESSION_SECRET is not set. On PostgreSQL every app server must sign cookies with the same secret: set SESSION_SECRET.");
    process.exit(1);
  }
  const server = app.listen(port, host, () => {
    // A cluster's primary prints the URL once, for all workers.
    if (options.clustered) logger.debug({ port }, "worker listening");
    else logger.info({ port }, `Service chain portal listening on http://localhost:${port}`);
  });

  /**
   * Stop accepting, let in-flight requests finish (idle keep-alive sockets
   * are closed so they do not hold the server open), then close the database
   * cleanly. A hard deadline ends the process regardless.
   */
  const SHUTDOWN_DEADLINE_MS = Number(process.env.SHUTDOWN_DEADLINE_MS ?? 10_000);
  let shuttingDown = false;
  const stopPurging = schedulePurge();
  const stopJobs = scheduleJobs();
  function shutdown(reason: string): void {
    if (shuttingDown) return;
    shuttingDown = true;
    stopPurging();
    const jobsStopped = stopJobs();
    logger.info({ reason }, "shutting down: finishing in-flight requests");
    setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, "shutdown deadline passed: exiting with requests still open");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    server.close(async () => {
      await jobsStopped;
      if (options.clustered) await turnToCloseDatabase();
      try {
        closeDatabase();
        logger.info("database closed; exiting");
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, "closing the database failed");
        process.exit(1);
      }
    });
    server.closeIdleConnections();
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => shutdown(signal));
  if (options.clustered) {
    process.on("message", (message) => {
      if (isClusterMessage(message, SHUTDOWN_MESSAGE)) shutdown("primary");
    });
    // The IPC channel closes when the primary is gone (even SIGKILLed). Node's
    // cluster would then exit the worker at once, cutting in-flight requests
    // and leaving the database to crash recovery; marking the disconnect as
    // expected makes it skip that, and the worker shuts down gracefully instead.
    const worker = cluster.worker!;
    worker.on("disconnect", () => {
      worker.exitedAfterDisconnect = true;
      if (!shuttingDown) logger.warn("the cluster primary is gone: shutting down");
      shutdown("primary gone");
    });
  }
}
