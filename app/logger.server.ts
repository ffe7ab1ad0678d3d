import pino from "pino";

/**
 * Structured JSON logs (one object per line) for the server and the app.
 * Credentials never reach them: auth headers, cookies and any field named
 * like a secret are redacted.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "service-chain-portal" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: [
      "req.headers.authorization",
      "req.headers.cookie",
      'res.headers["set-cookie"]',
      "*.password",
      "*.token",
      "*.secret",
    ],
    censor: "[redacted]",
  },
});
