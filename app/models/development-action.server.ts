/**
 * Development actions (the action plan of a relationship, by programme
 * phase) and the decision log. Both parties see and maintain them; writers
 * of either party may add and update, and every change is audited.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { developmentActions, memberships, organisations, relationshipDecisions, users } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import type { DecisionInput } from "../forms/decision";
import type { DevelopmentActionInput } from "../forms/development-action";
import { assignmentToNotify } from "../domain/notifications";
import { forbidden, notFound, requireRelationshipAccess, type RelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import { notifyActionAssigned } from "./notifications.server";
import { relationshipHeader, type RelationshipHeader } from "./relationship-header.server";
import type { ActingUser } from "./user.server";
import { refused, type Result } from "./result";
import { lockKey } from "./write-guards.server";

export type OwnerOption = { userId: number; name: string; organisationName: string };

/** People of the two parties who can own an action (viewers only read, so they are left out). */
async function ownerOptions(access: RelationshipAccess): Promise<Array<OwnerOption & { organisationId: number }>> {
  return await db()
    .select({ userId: users.id, name: users.name, organisationId: organisations.id, organisationName: organisations.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(inArray(memberships.organisationId, [access.providerId, access.customerId]), ne(memberships.role, "viewer")))
    .orderBy(asc(organisations.name), asc(users.name))
    .all();
}

export type ActionForm = {
  header: RelationshipHeader;
  owners: OwnerOption[];
  action: (DevelopmentActionInput & { id: number }) | null;
  /** Values a new action starts with (e.g. the factor from an improvement priority). */
  prefill?: Partial<Pick<DevelopmentActionInput, "factor">>;
};

export async function getActionForm(user: ActingUser, relationshipId: number, actionId: number | null): Promise<ActionForm> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite) forbidden();
  let action: ActionForm["action"] = null;
  if (actionId !== null) {
    const row = await actionRow(access.id, actionId);
    action = {
      id: row.id,
      title: row.title,
      description: row.description ?? undefined,
      factor: row.factor ?? undefined,
      phase: row.phase,
      ownerUserId: row.ownerUserId ?? 0,
      dueDate: row.dueDate ?? undefined,
      status: row.status,
      outcomeNote: row.outcomeNote ?? undefined,
    };
  }
  return {
    header: await relationshipHeader(user, access),
    owners: (await ownerOptions(access)).map(({ userId, name, organisationName }) => ({ userId, name, organisationName })),
    action,
  };
}

async function actionRow(relationshipId: number, actionId: number) {
  if (!Number.isSafeInteger(actionId) || actionId <= 0) notFound("Action not found");
  const row = await db()
    .select()
    .from(developmentActions)
    .where(and(eq(developmentActions.id, actionId), eq(developmentActions.relationshipId, relationshipId)))
    .get();
  if (!row) notFound("Action not found");
  return row;
}

export type WriteOutcome = Result<{ id: number }>;

/** Creates (actionId null) or updates an action; the owner must belong to one of the two parties. */
export async function saveDevelopmentAction(
  user: ActingUser,
  relationshipId: number,
  actionId: number | null,
  input: DevelopmentActionInput,
): Promise<WriteOutcome> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite) forbidden();
  const owner = (await ownerOptions(access)).find((o) => o.userId === input.ownerUserId);
  if (!owner) return refused("ownerUserId" satisfies keyof DevelopmentActionInput, "rel.form.invalidChoice");
  const values = {
    title: input.title,
    description: input.description ?? null,
    factor: input.factor ?? null,
    phase: input.phase,
    ownerUserId: owner.userId,
    ownerOrganisationId: owner.organisationId,
    dueDate: input.dueDate ?? null,
    status: input.status,
    outcomeNote: input.outcomeNote ?? null,
  };
  return await writeTransaction(async (tx) => {
    const now = new Date().toISOString();
    if (actionId === null) {
      const id = (
        await tx
          .insert(developmentActions)
          .values({ ...values, relationshipId: access.id, createdByUserId: user.id, completedAt: input.status === "done" ? now : null })
          .returning({ id: developmentActions.id })
          .get()
      ).id;
      await audit({
        action: "development_action.create",
        actorUserId: user.id,
        actorOrganisationId: access.organisationId,
        entityType: "development_action",
        entityId: id,
        after: values,
      });
      if (assignmentToNotify(null, owner.userId, user.id))
        await notifyActionAssigned({ actionId: id, relationshipId: access.id, ownerUserId: owner.userId, actorUserId: user.id }, new Date(now));
      return { ok: true as const, id };
    }
    // Edits of one action take turns, so `before` (the audit's, and when it became done) is the row this edit replaces.
    await lockKey("development-action", actionId);
    const before = await actionRow(access.id, actionId);
    // completedAt records when it became done; it is cleared if the action is reopened.
    const completedAt = input.status === "done" ? (before.status === "done" ? before.completedAt : now) : null;
    await tx
      .update(developmentActions)
      .set({ ...values, completedAt })
      .where(eq(developmentActions.id, before.id))
      .run();
    await audit({
      action: "development_action.update",
      actorUserId: user.id,
      actorOrganisationId: access.organisationId,
      entityType: "development_action",
      entityId: before.id,
      before,
      after: { ...values, completedAt },
    });
    if (assignmentToNotify(before.ownerUserId, owner.userId, user.id))
      await notifyActionAssigned({ actionId: before.id, relationshipId: access.id, ownerUserId: owner.userId, actorUserId: user.id }, new Date(now));
    return { ok: true as const, id: before.id };
  });
}

export async function getDecisionForm(user: ActingUser, relationshipId: number): Promise<{ header: RelationshipHeader }> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite) forbidden();
  return { header: await relationshipHeader(user, access) };
}

/** Adds a decision to the log on behalf of the user's side. */
export async function addDecision(user: ActingUser, relationshipId: number, input: DecisionInput): Promise<{ id: number }> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite) forbidden();
  return await writeTransaction(async (tx) => {
    const values = {
      relationshipId: access.id,
      decidedOn: input.decidedOn,
      title: input.title,
      note: input.note ?? null,
      factor: input.factor ?? null,
      organisationId: access.organisationId!,
      createdByUserId: user.id,
    };
    const id = (await tx.insert(relationshipDecisions).values(values).returning({ id: relationshipDecisions.id }).get()).id;
    await audit({
      action: "decision.create",
      actorUserId: user.id,
      actorOrganisationId: access.organisationId,
      entityType: "relationship_decision",
      entityId: id,
      after: values,
    });
    return { id };
  });
}
