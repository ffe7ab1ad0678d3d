/**
 * Discussion threads of a relationship: one per quarter (factor null) and
 * one per factor of that quarter. A thread is seen by whoever sees the
 * relationship (members of both parties, project leads of the chain's focal
 * company, an invited assessor scoped to it). Writers: org admins and staff
 * of either party, an invited assessor for their side and the focal
 * company's project leads; viewers and platform administrators only read.
 *
 * The author may edit (the earlier text kept in comment_revisions) or delete
 * a comment for COMMENT_EDIT_WINDOW_MS; after that it stays as it is. Every
 * write is audited; mentions notify the people mentioned in the same
 * transaction. Every function takes `now`, so tests move the clock.
 */
import { and, count, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { assessorScopes, chains, commentMentions, commentRevisions, comments, memberships, organisations, relationships, users } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import { COMMENT_EDIT_WINDOW_MS, mentionedUserIds, withinEditWindow } from "../domain/comments";
import type { FactorKey } from "../domain/factors";
import type { CommentEditInput, CommentPostInput } from "../forms/comments";
import { forbidden, notFound, requireRelationshipAccess, visibleRelationshipCondition, type RelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import { notify } from "./notifications.server";
import { relationshipHeader, type RelationshipHeader } from "./relationship-header.server";
import { refused, type Refused, type Result } from "./result";
import type { ActingUser } from "./user.server";
import { lockKey } from "./write-guards.server";

export type ThreadKey = { period: string; factor: FactorKey | null };

type ThreadAccess = RelationshipAccess & {
  focalOrganisationId: number;
  /** The organisation the user writes for, or null when they may only read. */
  authorOrganisationId: number | null;
};

/** The relationship (404 when not visible) and whether and for whom the user may write in its threads. */
async function threadAccess(user: ActingUser, relationshipId: number): Promise<ThreadAccess> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const chain = await db().select({ focal: chains.focalOrganisationId }).from(chains).where(eq(chains.id, access.chainId)).get();
  const focalOrganisationId = chain!.focal;
  const isFocalLead = user.memberships.some((m) => m.organisationId === focalOrganisationId && m.role === "project_lead");
  // A party's writer or an assessor writes for their side; a project lead of the focal company for it.
  const authorOrganisationId = access.side && access.canAssess ? access.organisationId : isFocalLead ? focalOrganisationId : null;
  return { ...access, focalOrganisationId, authorOrganisationId };
}

export type Participant = { userId: number; name: string; organisationName: string };

/**
 * The enabled people who can see the relationship's threads (and so may be
 * mentioned): every member of both parties, the focal company's project
 * leads and the assessors scoped to the relationship. Two queries.
 */
async function threadAudience(access: ThreadAccess): Promise<Participant[]> {
  const members = await db()
    .selectDistinct({ userId: users.id, name: users.name, organisationName: organisations.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        isNull(users.disabledAt),
        or(
          inArray(memberships.organisationId, [access.providerId, access.customerId]),
          and(eq(memberships.organisationId, access.focalOrganisationId), eq(memberships.role, "project_lead")),
        ),
      ),
    )
    .all();
  const assessors = await db()
    .select({ userId: users.id, name: users.name, organisationName: organisations.name })
    .from(assessorScopes)
    .innerJoin(users, eq(users.id, assessorScopes.userId))
    .innerJoin(organisations, eq(organisations.id, assessorScopes.organisationId))
    .where(and(eq(assessorScopes.relationshipId, access.id), isNull(users.disabledAt)))
    .all();
  const byId = new Map<number, Participant>();
  for (const p of [...members, ...assessors]) if (!byId.has(p.userId)) byId.set(p.userId, p);
  return [...byId.values()].sort((a, b) => a.organisationName.localeCompare(b.organisationName) || a.name.localeCompare(b.name));
}

export type ThreadComment = {
  id: number;
  authorName: string | null;
  organisationName: string | null;
  body: string;
  createdAt: string;
  editedAt: string | null;
  mine: boolean;
  /** The author may still edit or delete it (within the window). */
  canChange: boolean;
  /** Until when it can be changed (ISO), for the page to say. */
  changeableUntil: string;
  mentions: Participant[];
  /** Earlier texts, oldest first, each with when it was replaced. */
  revisions: Array<{ body: string; replacedAt: string }>;
};

export type Thread = {
  header: RelationshipHeader;
  thread: ThreadKey;
  canWrite: boolean;
  /** People who can be mentioned (everyone who sees the thread but the reader). */
  audience: Participant[];
  comments: ThreadComment[];
};

/** The comments of one thread with their history and mentions: four statements after the access check. */
export async function getThread(user: ActingUser, relationshipId: number, key: ThreadKey, now = new Date()): Promise<Thread> {
  const access = await threadAccess(user, relationshipId);
  const rows = await db()
    .select({
      id: comments.id,
      authorUserId: comments.authorUserId,
      authorName: users.name,
      organisationName: organisations.name,
      body: comments.body,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorUserId))
    .leftJoin(organisations, eq(organisations.id, comments.authorOrganisationId))
    .where(and(eq(comments.relationshipId, access.id), eq(comments.period, key.period), key.factor ? eq(comments.factor, key.factor) : isNull(comments.factor)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all();
  const ids = rows.map((r) => r.id);
  const revisions = ids.length
    ? await db()
        .select({ commentId: commentRevisions.commentId, body: commentRevisions.body, replacedAt: commentRevisions.replacedAt })
        .from(commentRevisions)
        .where(inArray(commentRevisions.commentId, ids))
        .orderBy(asc(commentRevisions.replacedAt), asc(commentRevisions.id))
        .all()
    : [];
  const mentionRows = ids.length
    ? await db()
        .select({ commentId: commentMentions.commentId, userId: users.id, name: users.name, organisationName: sql<string>`''` })
        .from(commentMentions)
        .innerJoin(users, eq(users.id, commentMentions.userId))
        .where(inArray(commentMentions.commentId, ids))
        .orderBy(asc(users.name))
        .all()
    : [];
  const audience = await threadAudience(access);
  return {
    header: await relationshipHeader(user, access),
    thread: key,
    canWrite: access.authorOrganisationId !== null,
    audience: audience.filter((p) => p.userId !== user.id),
    comments: rows.map((r) => {
      const mine = r.authorUserId === user.id;
      return {
        id: r.id,
        authorName: r.authorName,
        organisationName: r.organisationName,
        body: r.body,
        createdAt: r.createdAt,
        editedAt: r.editedAt,
        mine,
        canChange: mine && access.authorOrganisationId !== null && withinEditWindow(r.createdAt, now),
        changeableUntil: new Date(Date.parse(r.createdAt) + COMMENT_EDIT_WINDOW_MS).toISOString(),
        mentions: mentionRows.filter((m) => m.commentId === r.id).map(({ userId, name, organisationName }) => ({ userId, name, organisationName })),
        revisions: revisions.filter((v) => v.commentId === r.id).map(({ body, replacedAt }) => ({ body, replacedAt })),
      };
    }),
  };
}

/** The mentions of a text and the form's list, or a refusal when one of them cannot see the thread. */
async function checkedMentions(access: ThreadAccess, body: string, picked: readonly number[] = []): Promise<Result<{ userIds: number[] }>> {
  const wanted = [...new Set([...picked, ...mentionedUserIds(body)])];
  if (wanted.length === 0) return { ok: true, userIds: [] };
  const audience = new Set((await threadAudience(access)).map((p) => p.userId));
  if (wanted.some((id) => !audience.has(id))) return refused("mentions", "comments.error.mention");
  return { ok: true, userIds: wanted };
}

function requireWriter(access: ThreadAccess): number {
  if (access.authorOrganisationId === null) forbidden("Read-only access to this discussion");
  return access.authorOrganisationId;
}

export type CommentOutcome = Result<{ id: number; thread: ThreadKey }>;

function mentionNotice(commentId: number, relationshipId: number, thread: ThreadKey, recipients: number[], actorUserId: number) {
  return {
    kind: "comment_mention" as const,
    relationshipId,
    recipients,
    actorUserId,
    params: { period: thread.period, ...(thread.factor ? { factor: thread.factor } : {}), commentId },
    dedupeKey: `comment:${commentId}:mention`,
  };
}

/** Posts a comment to a thread on behalf of the user's side (or the focal company, for a project lead). */
export async function postComment(user: ActingUser, relationshipId: number, input: CommentPostInput, now = new Date()): Promise<CommentOutcome> {
  const access = await threadAccess(user, relationshipId);
  const organisationId = requireWriter(access);
  const mentions = await checkedMentions(access, input.body, input.mentions);
  if (!mentions.ok) return mentions;
  const thread: ThreadKey = { period: input.period, factor: input.factor ?? null };
  return await writeTransaction(async (tx) => {
    const values = {
      relationshipId: access.id,
      period: thread.period,
      factor: thread.factor,
      authorUserId: user.id,
      authorOrganisationId: organisationId,
      body: input.body,
      createdAt: now.toISOString(),
    };
    const id = (await tx.insert(comments).values(values).returning({ id: comments.id }).get()).id;
    if (mentions.userIds.length)
      await tx
        .insert(commentMentions)
        .values(mentions.userIds.map((userId) => ({ commentId: id, userId })))
        .run();
    await audit({
      action: "comment.create",
      actorUserId: user.id,
      actorOrganisationId: organisationId,
      entityType: "comment",
      entityId: id,
      after: { ...values, mentions: mentions.userIds },
    });
    await notify(mentionNotice(id, access.id, thread, mentions.userIds, user.id), now);
    return { ok: true as const, id, thread };
  });
}

/** The comment (of this relationship) the author may still change, or a refusal; 404 for another relationship's. */
type CommentRow = typeof comments.$inferSelect;

async function changeableComment(user: ActingUser, access: ThreadAccess, commentId: number, now: Date): Promise<{ refusal: Refused } | { row: CommentRow }> {
  const row = await db()
    .select()
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.relationshipId, access.id)))
    .get();
  if (!row) return notFound("Comment not found");
  if (row.authorUserId !== user.id) return { refusal: refused("", "comments.error.notAuthor", 403) };
  if (!withinEditWindow(row.createdAt, now)) return { refusal: refused("", "comments.error.windowClosed", 409) };
  return { row };
}

/** Edits a comment within the window: the text it replaces is kept as a revision. */
export async function editComment(user: ActingUser, relationshipId: number, input: CommentEditInput, now = new Date()): Promise<CommentOutcome> {
  const access = await threadAccess(user, relationshipId);
  const organisationId = requireWriter(access);
  const mentions = await checkedMentions(access, input.body, input.mentions);
  if (!mentions.ok) return mentions;
  return await writeTransaction(async (tx) => {
    // Edits of one comment take turns, so the revision kept is the text this edit replaces.
    await lockKey("comment", input.commentId);
    const found = await changeableComment(user, access, input.commentId, now);
    if ("refusal" in found) return found.refusal;
    const before = found.row;
    const thread: ThreadKey = { period: before.period, factor: before.factor };
    const beforeMentions = (
      await tx.select({ userId: commentMentions.userId }).from(commentMentions).where(eq(commentMentions.commentId, before.id)).all()
    ).map((m) => m.userId);
    if (before.body !== input.body) {
      await tx.insert(commentRevisions).values({ commentId: before.id, body: before.body, replacedAt: now.toISOString() }).run();
      await tx.update(comments).set({ body: input.body, editedAt: now.toISOString() }).where(eq(comments.id, before.id)).run();
    }
    await tx.delete(commentMentions).where(eq(commentMentions.commentId, before.id)).run();
    if (mentions.userIds.length)
      await tx
        .insert(commentMentions)
        .values(mentions.userIds.map((userId) => ({ commentId: before.id, userId })))
        .run();
    await audit({
      action: "comment.edit",
      actorUserId: user.id,
      actorOrganisationId: organisationId,
      entityType: "comment",
      entityId: before.id,
      before: { body: before.body, editedAt: before.editedAt, mentions: beforeMentions },
      after: { body: input.body, editedAt: now.toISOString(), mentions: mentions.userIds },
    });
    // Someone mentioned only now is told; the dedupe key tells nobody twice about one comment.
    const added = mentions.userIds.filter((id) => !beforeMentions.includes(id));
    await notify(mentionNotice(before.id, access.id, thread, added, user.id), now);
    return { ok: true as const, id: before.id, thread };
  });
}

/** Deletes a comment within the window (its revisions and mentions go with it); the audit keeps the text. */
export async function deleteComment(user: ActingUser, relationshipId: number, commentId: number, now = new Date()): Promise<CommentOutcome> {
  const access = await threadAccess(user, relationshipId);
  const organisationId = requireWriter(access);
  return await writeTransaction(async (tx) => {
    await lockKey("comment", commentId);
    const found = await changeableComment(user, access, commentId, now);
    if ("refusal" in found) return found.refusal;
    const before = found.row;
    await tx.delete(comments).where(eq(comments.id, before.id)).run();
    await audit({
      action: "comment.delete",
      actorUserId: user.id,
      actorOrganisationId: organisationId,
      entityType: "comment",
      entityId: before.id,
      before,
    });
    return { ok: true as const, id: before.id, thread: { period: before.period, factor: before.factor } };
  });
}

// ------------------------------------------------------------------ counts for the pages that link to threads

export type ThreadCounts = { quarter: number; byFactor: Partial<Record<FactorKey, number>> };

/** Comments per thread of one relationship's quarter, in one grouped statement scoped to what the user sees. */
export async function threadCounts(user: ActingUser, relationshipId: number, period: string): Promise<ThreadCounts> {
  const rows = await db()
    .select({ factor: comments.factor, n: count() })
    .from(comments)
    .innerJoin(relationships, eq(relationships.id, comments.relationshipId))
    .where(and(eq(comments.relationshipId, relationshipId), eq(comments.period, period), visibleRelationshipCondition(user)))
    .groupBy(comments.factor)
    .all();
  const counts: ThreadCounts = { quarter: 0, byFactor: {} };
  for (const r of rows) {
    if (r.factor === null) counts.quarter = Number(r.n);
    else counts.byFactor[r.factor] = Number(r.n);
  }
  return counts;
}

/** Comments per (relationship, factor) of a quarter for the compare view: `"relationshipId:factor"` → count; one grouped statement. */
export async function factorThreadCounts(user: ActingUser, relationshipIds: readonly number[], period: string | null): Promise<Record<string, number>> {
  if (relationshipIds.length === 0 || period === null) return {};
  const rows = await db()
    .select({ relationshipId: comments.relationshipId, factor: comments.factor, n: count() })
    .from(comments)
    .innerJoin(relationships, eq(relationships.id, comments.relationshipId))
    .where(and(inArray(comments.relationshipId, [...relationshipIds]), eq(comments.period, period), visibleRelationshipCondition(user)))
    .groupBy(comments.relationshipId, comments.factor)
    .all();
  return Object.fromEntries(rows.filter((r) => r.factor !== null).map((r) => [`${r.relationshipId}:${r.factor}`, Number(r.n)]));
}
