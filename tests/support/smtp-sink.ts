/**
 * An SMTP server in the test process (smtp-server) on a free loopback port:
 * no AUTH, no STARTTLS, every message accepted and kept, parsed (mailparser)
 * so a test reads the subject, addresses, Message-ID and both parts.
 * `smtpUrl` goes where SMTP_URL would; `transport()` is the portal's own
 * nodemailer transport pointed at it. No network beyond 127.0.0.1.
 */
import net from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { smtpTransport, type MailTransport } from "~/mail/smtp.server";

export type SunkMessage = {
  envelopeFrom: string | null;
  envelopeTo: string[];
  /** The From header's address and display name. */
  from: string;
  fromName: string;
  /** The To header's addresses, comma-separated. */
  to: string;
  subject: string;
  messageId: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  raw: string;
};

export type SmtpSink = {
  port: number;
  smtpUrl: string;
  messages: SunkMessage[];
  /** The portal's SMTP transport, pointed at this sink. */
  transport(): MailTransport;
  /** Stops listening (connections are refused from then on). */
  close(): Promise<void>;
};

/** Starts a sink on `port` (default: a free one). */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const pending: Array<Promise<void>> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    hideSTARTTLS: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsing = simpleParser(raw).then((mail) => {
          messages.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: mail.from?.value[0]?.address ?? "",
            fromName: mail.from?.value[0]?.name ?? "",
            to: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? "")).join(", "),
            subject: mail.subject ?? "",
            messageId: mail.messageId ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            headers: mail.headers,
            raw,
          });
        });
        pending.push(parsing);
        // Accepted once parsed, so a test that awaited the send finds the message here.
        parsing.then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = (server.server.address() as net.AddressInfo).port;
  const smtpUrl = `smtp://127.0.0.1:${address}`;
  const transports: MailTransport[] = [];
  return {
    port: address,
    smtpUrl,
    messages,
    transport() {
      const transport = smtpTransport(smtpUrl);
      transports.push(transport);
      return transport;
    },
    async close() {
      for (const t of transports) t.close();
      await Promise.all(pending);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on (taken, then freed): a connection to it is refused. */
export async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
