import pino from "pino";
import pretty from "pino-pretty";

/**
 * Structured JSON logs (one object per line) for the server and the app.
 * Credentials never reach them: auth headers, cookies and any field named
 * like a secret are redacted (URLs are redacted where they are logged, see
 * app/http/log-redaction.ts).
 *
 * On an interactive terminal (npm start by hand) the same records are
 * printed as readable one-line text instead; anything else (a file, a pipe,
 * a log collector, the tests) gets JSON. LOG_FORMAT=json or =pretty overrides.
 */
const options: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "service-chain-portal" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]', "*.password", "*.token", "*.secret"],
    censor: "[redacted]",
  },
};

export function wantsPrettyLogs(env: { LOG_FORMAT?: string } = { LOG_FORMAT: process.env.LOG_FORMAT }, stdoutIsTty = Boolean(process.stdout.isTTY)): boolean {
  if (env.LOG_FORMAT === "json") return false;
  if (env.LOG_FORMAT === "pretty") return true;
  return stdoutIsTty;
}

type LogRecord = Record<string, unknown> & { req?: { method?: string; url?: string }; res?: { statusCode?: number }; responseTime?: number };

/** A request line reads "GET /metrics 200 12 ms"; anything else, its message. */
export function prettyMessage(log: LogRecord, messageKey: string): string {
  if (log.req && log.res) return `${log.req.method} ${log.req.url} ${log.res.statusCode} ${Math.round(log.responseTime ?? 0)} ms`;
  return String(log[messageKey] ?? "");
}

/**
 * pino-pretty as an in-process stream rather than a worker-thread transport:
 * no extra thread per cluster worker, and the message format can be a function.
 */
function prettyStream() {
  return pretty({
    colorize: true,
    singleLine: true,
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname,service,req,res,responseTime,reqId,role",
    messageFormat: (log, messageKey) => prettyMessage(log as LogRecord, messageKey),
    sync: true,
  });
}

export const logger = wantsPrettyLogs() ? pino(options, prettyStream()) : pino(options);
