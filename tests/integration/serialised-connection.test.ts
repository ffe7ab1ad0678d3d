/**
 * The one SQLite connection under an awaited model layer. A transaction's
 * callback now awaits, so other requests run while it is open; on a single
 * connection their statements would join that transaction. A naive async
 * BEGIN/COMMIT lost another request's write that way: it was rolled back
 * with a transaction it had nothing to do with. These cases interleave a
 * transaction with other requests' reads and writes through real awaits.
 */
import { TEST_DATABASE_PATH, prepareEmptyDatabase } from "../support/test-db";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { closeDatabase, db, writeTransaction } from "../../app/db.server";
import { audit } from "../../app/models/audit.server";

/** A real wait: other requests' callbacks run meanwhile, as they would during I/O. */
const elsewhere = () => new Promise((resolve) => setTimeout(resolve, 20));

async function actionsNamed(prefix: string): Promise<string[]> {
  const rows = await db().select({ action: auditLog.action }).from(auditLog).orderBy(auditLog.id).all();
  return rows.map((r) => r.action).filter((a) => a.startsWith(prefix));
}

/** Committed rows as another process sees them: the file, not this connection. */
function committedActions(prefix: string): string[] {
  const reader = new Database(TEST_DATABASE_PATH, { readonly: true });
  try {
    const rows = reader.prepare("select action from audit_log where action like ? order by id").all(`${prefix}%`) as Array<{ action: string }>;
    return rows.map((r) => r.action);
  } finally {
    reader.close();
  }
}

class Refused extends Error {}

beforeAll(() => prepareEmptyDatabase());
afterAll(() => closeDatabase());

describe("the serialised SQLite connection", () => {
  it("keeps another request's write when an open transaction rolls back", async () => {
    let insideOpen!: () => void;
    const opened = new Promise<void>((resolve) => (insideOpen = resolve));
    const failing = writeTransaction(async () => {
      await audit({ action: "t1.rolled-back", entityType: "test" });
      insideOpen();
      await elsewhere();
      throw new Refused();
    });
    await opened;
    // Another request writes while that transaction is open and waiting.
    const other = audit({ action: "t1.other-request", entityType: "test" });
    await expect(failing).rejects.toBeInstanceOf(Refused);
    await other;
    expect(committedActions("t1.")).toEqual(["t1.other-request"]);
  });

  it("does not let another request read a transaction's uncommitted rows", async () => {
    let insideOpen!: () => void;
    const opened = new Promise<void>((resolve) => (insideOpen = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const open = writeTransaction(async () => {
      await audit({ action: "t2.uncommitted", entityType: "test" });
      insideOpen();
      await held;
      throw new Refused();
    });
    await opened;
    const read = actionsNamed("t2.");
    let readFinished = false;
    void read.then(() => (readFinished = true));
    await elsewhere();
    // The read waits for the transaction rather than seeing its row.
    expect(readFinished).toBe(false);
    release();
    await expect(open).rejects.toBeInstanceOf(Refused);
    expect(await read).toEqual([]);
  });

  it("runs two interleaving transactions one after the other, each committing only its own rows", async () => {
    const order: string[] = [];
    const first = writeTransaction(async () => {
      order.push("first begins");
      await audit({ action: "t3.first", entityType: "test" });
      await elsewhere();
      order.push("first ends");
    });
    const second = writeTransaction(async () => {
      order.push("second begins");
      await audit({ action: "t3.second", entityType: "test" });
      await elsewhere();
      throw new Refused();
    });
    await first;
    await expect(second).rejects.toBeInstanceOf(Refused);
    expect(order).toEqual(["first begins", "first ends", "second begins"]);
    expect(committedActions("t3.")).toEqual(["t3.first"]);
  });

  it("rolls a helper's write back with the transaction that called it", async () => {
    await expect(
      writeTransaction(async (tx) => {
        await tx.insert(auditLog).values({ action: "t4.direct", entityType: "test" }).run();
        await audit({ action: "t4.through-helper", entityType: "test" });
        throw new Refused();
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(committedActions("t4.")).toEqual([]);
  });

  it("makes a nested transaction a savepoint: its failure undoes only its own writes", async () => {
    await writeTransaction(async () => {
      await audit({ action: "t5.outer", entityType: "test" });
      await expect(
        writeTransaction(async () => {
          await audit({ action: "t5.inner", entityType: "test" });
          throw new Refused();
        }),
      ).rejects.toBeInstanceOf(Refused);
      await audit({ action: "t5.after", entityType: "test" });
    });
    expect(committedActions("t5.")).toEqual(["t5.outer", "t5.after"]);
  });

  it("serves many concurrent requests' writes and reads while transactions come and go", async () => {
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 20; i++) {
      work.push(audit({ action: `t6.plain-${i}`, entityType: "test" }));
      work.push(
        writeTransaction(async () => {
          await audit({ action: `t6.tx-${i}`, entityType: "test" });
          await elsewhere();
          if (i % 2 === 1) throw new Refused();
        }).catch((error: unknown) => {
          if (!(error instanceof Refused)) throw error;
        }),
      );
      work.push(
        db()
          .select({ id: auditLog.id })
          .from(auditLog)
          .where(eq(auditLog.action, `t6.tx-${i}`))
          .all(),
      );
    }
    await Promise.all(work);
    const committed = committedActions("t6.");
    const expected = [...Array.from({ length: 20 }, (_, i) => `t6.plain-${i}`), ...Array.from({ length: 10 }, (_, i) => `t6.tx-${i * 2}`)];
    expect([...committed].sort()).toEqual(expected.sort());
  });
});
