/**
 * The process tests/integration/outbox-crash.test.ts kills with SIGKILL. On
 * the test's database (DATABASE_PATH or DATABASE_URL, from the environment
 * it inherits), at the time given:
 *
 * - `commit <iso>`: writes an email in a transaction, commits, says
 *   "committed <id>", and waits to be killed before any sender runs;
 * - `claim <iso>`: writes and commits an email, then runs the real sender
 *   with a transport that says "sending <id>" and never answers: killed
 *   after the claim committed, before anything was sent.
 */
import { writeTransaction } from "~/db.server";
import { renderEmail } from "~/mail/render";
import { deliverOutbox } from "~/mail/sender.server";
import { enqueueEmail } from "~/models/outbox.server";

const [mode, iso] = process.argv.slice(2);
const now = new Date(iso);

const id = await writeTransaction(() =>
  enqueueEmail(
    {
      ...renderEmail({ subject: `Crash test (${mode})`, paragraphs: ["Sent once, whatever happens to the process that wrote it."] }),
      to: `crash-${mode}@example.com`,
      locale: "en",
      category: "notification",
    },
    now,
  ),
);
console.log(`committed ${id}`);

if (mode === "claim") {
  await deliverOutbox(now, {
    holder: "crashing-sender",
    transport: {
      send(message) {
        console.log(`sending ${message.messageId}`);
        return new Promise(() => {});
      },
      close() {},
    },
  });
}
// Waits for the SIGKILL.
setInterval(() => {}, 1000);
