import { z } from "zod";

/** Process configuration, validated once at start so a typo fails loudly instead of silently. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default("./data/portal.db"),
  /** Set: PostgreSQL (postgres://user:password@host:port/db) instead of SQLite at DATABASE_PATH. */
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// URL")
    .optional(),
  /** Connections each server keeps to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().max(200).default(10),
  /** Comma-separated; the first signs new cookies, the rest still verify (rotation). */
  SESSION_SECRET: z.string().min(16).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().max(720).default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().max(12).default(12),
  /** How often each server purges expired sessions and staged imports (app/models/maintenance.server.ts). */
  PURGE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(15 * 60_000),
  /** "auto" sets Secure + __Host- when the request arrived over HTTPS (X-Forwarded-Proto honoured). */
  COOKIE_SECURE: z.enum(["auto", "always", "never"]).default("auto"),
  /**
   * The portal's public address (https://portal.example), for links that must
   * name it in full; unset, such links are relative. Never taken from the Host header.
   */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), "must be an http(s) URL")
    .transform((v) => v.replace(/\/+$/, ""))
    .optional(),
  /**
   * Where email goes: smtp://user:pass@host:587 (smtps:// for TLS from the start). Unset: messages wait in
   * the outbox (/admin/outbox) until it is set; nothing is dropped.
   */
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), "must be an smtp:// or smtps:// URL")
    .optional(),
  /** The From address of every email. */
  MAIL_FROM: z.string().min(3).default("Service chain portal <portal@localhost>"),
  /**
   * How often each server runs the scheduled work (reminders, digests, the outbox sender). 0: never on its
   * own; then something else must run `npm run jobs` (cron, or the tests, which move the clock themselves).
   */
  JOBS_INTERVAL_MS: z.coerce
    .number()
    .int()
    .refine((v) => v === 0 || v >= 100, "must be 0 (off) or at least 100")
    .default(60_000),
  /**
   * Where attachments' bytes live: "database" (attachment_blobs, the default), "directory" (ATTACHMENT_DIR,
   * e.g. a shared mount) or "s3" (an S3-compatible bucket: ATTACHMENT_S3_*). See docs/decisions/0023-attachments.md.
   */
  ATTACHMENT_STORAGE: z.enum(["database", "directory", "s3"]).default("database"),
  ATTACHMENT_DIR: z.string().min(1).optional(),
  /** e.g. https://s3.eu-north-1.amazonaws.com or http://minio:9000 (path-style addressing). */
  ATTACHMENT_S3_ENDPOINT: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), "must be an http(s) URL")
    .optional(),
  ATTACHMENT_S3_BUCKET: z.string().min(1).optional(),
  ATTACHMENT_S3_REGION: z.string().min(1).default("us-east-1"),
  ATTACHMENT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  ATTACHMENT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** What each organisation's attachments may take in all, in bytes (default 500 MB). */
  ATTACHMENT_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(500 * 1024 * 1024),
});

/** The storage a configuration names must be fully configured: a typo fails at start, not at the first upload. */
const attachmentSettings = envSchema.superRefine((e, ctx) => {
  if (e.ATTACHMENT_STORAGE === "directory" && !e.ATTACHMENT_DIR) {
    ctx.addIssue({ code: "custom", path: ["ATTACHMENT_DIR"], message: "is required when ATTACHMENT_STORAGE=directory" });
  }
  if (e.ATTACHMENT_STORAGE === "s3") {
    for (const name of ["ATTACHMENT_S3_ENDPOINT", "ATTACHMENT_S3_BUCKET", "ATTACHMENT_S3_ACCESS_KEY_ID", "ATTACHMENT_S3_SECRET_ACCESS_KEY"] as const) {
      if (!e[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when ATTACHMENT_STORAGE=s3" });
    }
  }
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = attachmentSettings.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}
