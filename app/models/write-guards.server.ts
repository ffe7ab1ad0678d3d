/**
 * Keeping a check true until the write it allows (docs/decisions/0019).
 *
 * Many writes check first ("is this email taken?", "is the link unused?") and
 * then insert or update. On SQLite that is safe: a write transaction excludes
 * every other writer. On PostgreSQL, at READ COMMITTED, another app server's
 * transaction can pass the same check at the same moment. Three remedies, the
 * simplest that fits each write:
 * - a UNIQUE constraint already refuses the second row: run the write in
 *   `writeTransactionRecheckingDuplicates`, which runs it again once when that
 *   happens, so its check sees the winner's row and refuses as it would have;
 * - no constraint can say it: `lockKey` (a transaction-scoped advisory lock)
 *   before the check, so such writes take turns;
 * - the check is about one relationship: `lockRelationships` locks its row.
 * On SQLite the locks do nothing, and the constraint never fires there.
 */
import { advisoryLockStatement, isUniqueViolation, relationshipLockStatement, tryAdvisoryLockStatement } from "../../db/dialect";
import { preparedStatement, writeTransaction, type PortalDatabase } from "../db.server";

/**
 * Inside writeTransaction only: waits until no other transaction holds the
 * key made of `parts`, and holds it until this one ends. Take it before the
 * check it protects.
 */
export async function lockKey(...parts: Array<string | number>): Promise<void> {
  const statement = advisoryLockStatement();
  if (statement) await preparedStatement(statement).get(parts.join(":"));
}

/**
 * Inside writeTransaction only: takes the key made of `parts` if no other
 * transaction holds it, until this one ends. False means another is doing
 * the same work right now (always true on SQLite, whose write transaction
 * already excludes every other).
 */
export async function tryLockKey(...parts: Array<string | number>): Promise<boolean> {
  const statement = tryAdvisoryLockStatement();
  if (!statement) return true;
  return ((await preparedStatement(statement).get(parts.join(":"))) as { taken: boolean }).taken;
}

/**
 * Inside writeTransaction only: locks these relationships' rows until the
 * transaction ends. `update` also waits for transactions that are adding
 * rows that refer to one of them (assessments, measurements, actions, …).
 */
export async function lockRelationships(ids: Iterable<number>, strength: "update" | "no key update" = "no key update"): Promise<void> {
  const statement = relationshipLockStatement(strength);
  if (!statement) return;
  const list = [...new Set(ids)].sort((a, b) => a - b);
  if (list.length > 0) await preparedStatement(statement).all(JSON.stringify(list));
}

/**
 * writeTransaction for a write whose check a UNIQUE constraint backs up. When
 * the constraint refuses a row (a concurrent transaction committed the same
 * key after this one's check read), the write is rolled back and run once
 * more: the check now sees that row and gives its refusal (or, when the
 * winner's row made no difference to it, the write succeeds). A second
 * refusal by a constraint is a real error and is thrown.
 */
export async function writeTransactionRecheckingDuplicates<T>(fn: (tx: PortalDatabase) => Promise<T>): Promise<T> {
  try {
    return await writeTransaction(fn);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return await writeTransaction(fn);
  }
}
