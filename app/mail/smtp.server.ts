/**
 * The SMTP connection (nodemailer), configured by SMTP_URL
 * (smtp://user:pass@host:587, STARTTLS when the server offers it; smtps://
 * for TLS from the start) and MAIL_FROM. The sender
 * (app/mail/sender.server.ts) takes a MailTransport, so tests can hand it
 * one of their own (tests/support/smtp-sink.ts) without touching the env.
 */
import nodemailer from "nodemailer";
// The full path: nodemailer has no "exports" map, and Node's ESM loader resolves no directory imports.
import SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { Locale } from "../i18n/locale";
import { env } from "../env.server";

export type MailMessage = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The outbox row's Message-ID, the same on every attempt. */
  messageId: string;
  locale: Locale;
};

export type MailTransport = {
  /** Resolves once the SMTP server has accepted the message; rejects otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
};

/** A transport to the SMTP server at `url`. */
export function smtpTransport(url: string): MailTransport {
  // Built from the URL plus options: createTransport({ url, … }) would read the URL alone and drop the timeouts.
  const transporter = nodemailer.createTransport(
    new SMTPTransport({
      url,
      // A server that hangs must not hold a claimed message (or the sender's lease) for long.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    }),
  );
  return {
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: {
          "Content-Language": message.locale,
          // RFC 3834: no auto-replies (out-of-office) to the portal's messages.
          "Auto-Submitted": "auto-generated",
        },
      });
    },
    close() {
      transporter.close();
    },
  };
}

let cached: { url: string; transport: MailTransport } | undefined;

/** The transport SMTP_URL configures, or null when it is unset (then messages wait in the outbox). */
export function configuredTransport(): MailTransport | null {
  const url = env().SMTP_URL;
  if (!url) return null;
  if (cached?.url !== url) {
    cached?.transport.close();
    cached = { url, transport: smtpTransport(url) };
  }
  return cached.transport;
}

/** The From address of every email. */
export function mailFrom(): string {
  return env().MAIL_FROM;
}

/**
 * An error of a delivery attempt as text for the outbox's last_error (shown
 * to administrators): no credentials of SMTP_URL, however the error came to
 * quote them, and short.
 */
export function describeMailError(error: unknown, smtpUrl: string | undefined = env().SMTP_URL): string {
  const e = error as { message?: unknown; code?: unknown; responseCode?: unknown; command?: unknown };
  const parts = [
    typeof e?.code === "string" ? e.code : null,
    typeof e?.responseCode === "number" ? String(e.responseCode) : null,
    typeof e?.command === "string" ? `(${e.command})` : null,
    typeof e?.message === "string" ? e.message : String(error),
  ].filter((p): p is string => Boolean(p));
  let text = parts.join(" ");
  for (const secret of smtpSecrets(smtpUrl)) text = text.split(secret).join("***");
  // Any other userinfo in a URL the message quotes.
  text = text.replace(/(smtps?:\/\/)[^@\s/]*@/gi, "$1***@");
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

/** The user name and password of SMTP_URL, as written and decoded. */
function smtpSecrets(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    const raw = [parsed.password, parsed.username].filter((s) => s.length >= 3);
    const decoded = raw.map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    return [...new Set([...raw, ...decoded])].sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}
