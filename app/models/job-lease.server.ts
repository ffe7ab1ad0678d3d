/**
 * Named leases (db/schema.ts jobLeases) for work one server at a time may do,
 * on either engine and across any number of servers: a lease is taken by one
 * conditional write, so of two servers asking at once one gets it. A holder
 * that dies keeps it only until `leaseUntil`; then anyone may take it.
 */
import { and, eq, lt, or } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { jobLeases } from "../../db/tables";
import { changedRows, db, writeTransaction } from "../db.server";

/** This process's name as a holder: unique per process, so a restarted server is a new holder. */
export const PROCESS_HOLDER = `${process.pid}-${randomUUID().slice(0, 8)}`;

/** Takes (or renews, for its own holder) the lease for `ms`; false when another holder has it. */
export async function takeLease(name: string, ms: number, now = new Date(), holder = PROCESS_HOLDER): Promise<boolean> {
  const until = new Date(now.getTime() + ms).toISOString();
  return writeTransaction(async (tx) => {
    await tx.insert(jobLeases).values({ name, holder, leaseUntil: now.toISOString() }).onConflictDoNothing().run();
    const taken = changedRows(
      await tx
        .update(jobLeases)
        .set({ holder, leaseUntil: until })
        .where(and(eq(jobLeases.name, name), or(eq(jobLeases.holder, holder), lt(jobLeases.leaseUntil, now.toISOString()))))
        .run(),
    );
    return taken === 1;
  });
}

/** Gives the lease back early (only its own). */
export async function releaseLease(name: string, holder = PROCESS_HOLDER): Promise<void> {
  await db()
    .update(jobLeases)
    .set({ leaseUntil: new Date(0).toISOString() })
    .where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder)))
    .run();
}
