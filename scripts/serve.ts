/**
 * The production server: Express around the Remix build that `npm run build`
 * makes. It adds what remix-serve cannot: the cross-site write guard, a
 * per-request CSP nonce and request id, and security headers on every response.
 */
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { pinoHttp } from "pino-http";
import { logger } from "../app/logger.server";
import { isCrossSiteWrite } from "../app/security/cross-site";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const buildPath = path.resolve("build/index.js");
const build = (await import(url.pathToFileURL(buildPath).href)) as ServerBuild;

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
  next();
});

app.use(
  pinoHttp({
    logger,
    genReqId: (_req, res) => (res as express.Response).locals.requestId,
    // Static assets would drown the log.
    autoLogging: { ignore: (req) => req.url?.startsWith("/build/") ?? false },
    serializers: {
      req: (req) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
  }),
);

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

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      requestId: res.locals.requestId,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    }),
  }),
);

const server = app.listen(port, host, () => {
  logger.info({ port }, `Service chain portal listening on http://localhost:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
