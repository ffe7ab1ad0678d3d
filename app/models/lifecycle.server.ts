/**
 * Lifecycle stage changes (source 003): each change is dated and carries a
 * "listening" note and its question (why it started, why the customer
 * commits, why it is drifting, why it ended). Reactivation is a move from
 * passivating, passive or ended back to active.
 */
import { eq } from "drizzle-orm";
import { desc } from "../../db/dialect";
import { lifecycleEvents, relationships } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import type { LifecycleStage } from "../domain/factors";
import { allowedNextStages, type LifecycleInput } from "../forms/lifecycle";
import { forbidden, requireRelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import { relationshipHeader, type RelationshipHeader } from "./relationship-header.server";
import type { ActingUser } from "./user.server";
import { refused, type Result } from "./result";
import { lockRelationships } from "./write-guards.server";

export type LifecycleForm = {
  header: RelationshipHeader;
  allowed: LifecycleStage[];
  /** The date of the latest change: a new one cannot be dated before it. */
  lastChangedOn: string | null;
};

export async function getLifecycleForm(user: ActingUser, relationshipId: number): Promise<LifecycleForm> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const header = await relationshipHeader(user, access);
  return { header, allowed: allowedNextStages(header.stage), lastChangedOn: await lastChange(access.id) };
}

async function lastChange(relationshipId: number): Promise<string | null> {
  return (
    (
      await db()
        .select({ changedOn: lifecycleEvents.changedOn })
        .from(lifecycleEvents)
        .where(eq(lifecycleEvents.relationshipId, relationshipId))
        .orderBy(desc(lifecycleEvents.changedOn))
        .get()
    )?.changedOn ?? null
  );
}

export type LifecycleOutcome = Result;

/** Moves the relationship to a new stage and records the listening note; all or nothing, audited. */
export async function changeLifecycleStage(user: ActingUser, relationshipId: number, input: LifecycleInput): Promise<LifecycleOutcome> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite) forbidden();
  return await writeTransaction(async (tx): Promise<LifecycleOutcome> => {
    // Stage changes of one relationship take turns: each checks the transition from the stage the last one left.
    await lockRelationships([access.id]);
    const current = (await tx.select({ stage: relationships.lifecycleStage }).from(relationships).where(eq(relationships.id, access.id)).get())!.stage;
    if (!allowedNextStages(current).includes(input.toStage)) return refused("toStage" satisfies keyof LifecycleInput, "lifecycle.error.transition");
    const last = await lastChange(access.id);
    if (last && input.changedOn < last) return refused("changedOn" satisfies keyof LifecycleInput, "lifecycle.error.beforeLast");
    const event = await tx
      .insert(lifecycleEvents)
      .values({
        relationshipId: access.id,
        fromStage: current,
        toStage: input.toStage,
        changedOn: input.changedOn,
        reasonCategory: input.reasonCategory,
        note: input.note,
        recordedByUserId: user.id,
      })
      .returning({ id: lifecycleEvents.id })
      .get();
    await tx.update(relationships).set({ lifecycleStage: input.toStage, updatedAt: new Date().toISOString() }).where(eq(relationships.id, access.id)).run();
    await audit({
      action: "relationship.stage_change",
      actorUserId: user.id,
      actorOrganisationId: access.organisationId,
      entityType: "relationship",
      entityId: access.id,
      before: { stage: current },
      after: { stage: input.toStage, eventId: event.id, changedOn: input.changedOn, reasonCategory: input.reasonCategory },
    });
    return { ok: true };
  });
}
