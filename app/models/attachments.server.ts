/**
 * Files attached as evidence: to a factor of an assessment, a development
 * action, a decision or a comment. A file is scoped exactly like its parent
 * record (every read starts from the parent's visibility rule), its type is
 * judged by its content (app/domain/file-types.ts), and its bytes live in
 * the configured storage (app/storage). docs/decisions/0023-attachments.md.
 *
 * Who may do what:
 * - see and download: whoever sees the parent (a draft assessment's files
 *   only its assessor, as the draft itself; a submitted one's whoever sees
 *   the relationship's submitted assessments; an action's, decision's and
 *   comment's whoever sees the relationship);
 * - upload: the assessor to their own draft; a writer of either party to an
 *   action or a decision (as those pages require); a comment's author while
 *   the comment may still be edited (15 minutes);
 * - delete: the uploader while the parent is a draft: the assessment is a
 *   draft, the action is open (planned or in progress), within 15 minutes of
 *   the upload for a decision, and while the comment may be edited. Files go
 *   with their parent (foreign keys cascade; purgeOrphanAttachments removes
 *   the bytes left behind).
 */
import { createHash, randomUUID } from "node:crypto";
import { and, eq, inArray, notExists, sql } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { assessments, attachmentBlobs, attachments, comments, developmentActions, relationshipDecisions, users } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import { isOpenAction } from "../domain/development-actions";
import { detectFileType, MAX_ATTACHMENT_BYTES, safeFileName } from "../domain/file-types";
import type { AttachmentParent } from "../domain/notification-kinds";
import type { FactorKey } from "../domain/factors";
import { env } from "../env.server";
import { logger } from "../logger.server";
import { attachmentStorage } from "../storage/storage.server";
import { denyAccess, requireRelationshipAccess, type RelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import type { ActingUser } from "./user.server";
import { lockKey } from "./write-guards.server";

/** How long a decision's file may be deleted by its uploader, and a comment edited (and its files added or removed). */
export const ATTACHMENT_EDIT_WINDOW_MS = 15 * 60_000;

/** Stored objects younger than this are never purged as orphans: their row may still be on its way (an upload in flight). */
export const ORPHAN_GRACE_MS = 60 * 60_000;

export type ParentRef = { type: AttachmentParent; id: number; factor?: FactorKey | null };

export type AttachmentItem = {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
  uploadedBy: string | null;
  canDelete: boolean;
};

export type AttachmentRefusalStatus = 400 | 403 | 404 | 409 | 413 | 415;

/** A refused upload or delete: the field it concerns (`file` for the file), a message key and its values. */
export type AttachmentRefusal = {
  ok: false;
  status: AttachmentRefusalStatus;
  field: string;
  messageKey: string;
  params?: Record<string, string | number>;
};

export type AttachmentOutcome<T extends object = object> = ({ ok: true } & T) | AttachmentRefusal;

const refuse = (status: AttachmentRefusalStatus, field: string, messageKey: string, params?: AttachmentRefusal["params"]): AttachmentRefusal => ({
  ok: false,
  status,
  field,
  messageKey,
  ...(params ? { params } : {}),
});

// ------------------------------------------------------------------ the parent

type ParentContext = {
  ref: ParentRef;
  access: RelationshipAccess;
  /** Why the user may not add files here (a message key), or null when they may. */
  uploadBlocked: string | null;
  /** The organisation whose quota an upload by this user counts against. */
  quotaOrganisationId: number | null;
  /** May the uploader still remove a file they added at `uploadedAt`? */
  ownFileRemovable: (uploadedAt: string, now: Date) => boolean;
};

const withinWindow = (since: string, now: Date) => now.getTime() - Date.parse(since) < ATTACHMENT_EDIT_WINDOW_MS;

/**
 * The parent record as the user may see it, or a 404 (also for a parent
 * outside the user's scope, so its existence is not revealed).
 */
async function resolveParent(user: ActingUser, ref: ParentRef): Promise<ParentContext> {
  const deny = () => denyAccess(user, "attachment_parent", `${ref.type}:${ref.id}`);
  if (!Number.isSafeInteger(ref.id) || ref.id <= 0) return deny();
  switch (ref.type) {
    case "assessment_evidence": {
      if (!ref.factor) return deny();
      const row = await db()
        .select({
          relationshipId: assessments.relationshipId,
          side: assessments.side,
          status: assessments.status,
          assessorUserId: assessments.assessorUserId,
          organisationId: assessments.organisationId,
        })
        .from(assessments)
        .where(eq(assessments.id, ref.id))
        .get();
      if (!row) return deny();
      const access = await requireRelationshipAccess(user, row.relationshipId);
      // Someone else's draft is as good as absent (as in assessmentsWithAssessor).
      if (row.status !== "submitted" && row.assessorUserId !== user.id) return deny();
      const own = row.assessorUserId === user.id && access.side === row.side && access.canAssess;
      return {
        ref,
        access,
        uploadBlocked: !own ? "attachments.error.cannotUpload" : row.status !== "draft" ? "attachments.error.parentLocked" : null,
        quotaOrganisationId: row.organisationId,
        ownFileRemovable: () => row.status === "draft",
      };
    }
    case "development_action": {
      const row = await db()
        .select({ relationshipId: developmentActions.relationshipId, status: developmentActions.status })
        .from(developmentActions)
        .where(eq(developmentActions.id, ref.id))
        .get();
      if (!row) return deny();
      const access = await requireRelationshipAccess(user, row.relationshipId);
      return {
        ref,
        access,
        uploadBlocked: access.canWrite ? null : "attachments.error.cannotUpload",
        quotaOrganisationId: access.organisationId,
        ownFileRemovable: () => isOpenAction(row.status),
      };
    }
    case "decision": {
      const row = await db()
        .select({ relationshipId: relationshipDecisions.relationshipId })
        .from(relationshipDecisions)
        .where(eq(relationshipDecisions.id, ref.id))
        .get();
      if (!row) return deny();
      const access = await requireRelationshipAccess(user, row.relationshipId);
      return {
        ref,
        access,
        uploadBlocked: access.canWrite ? null : "attachments.error.cannotUpload",
        quotaOrganisationId: access.organisationId,
        ownFileRemovable: (uploadedAt, now) => withinWindow(uploadedAt, now),
      };
    }
    case "comment": {
      const row = await db()
        .select({
          relationshipId: comments.relationshipId,
          authorUserId: comments.authorUserId,
          authorOrganisationId: comments.authorOrganisationId,
          createdAt: comments.createdAt,
        })
        .from(comments)
        .where(eq(comments.id, ref.id))
        .get();
      if (!row) return deny();
      // The comment's thread: both parties and the focal company's project leads, as the relationship.
      const access = await requireRelationshipAccess(user, row.relationshipId);
      const author = row.authorUserId === user.id && row.authorOrganisationId !== null;
      return {
        ref,
        access,
        uploadBlocked: !author ? "attachments.error.cannotUpload" : null,
        quotaOrganisationId: row.authorOrganisationId,
        ownFileRemovable: (_uploadedAt, now) => withinWindow(row.createdAt, now),
      };
    }
  }
}

/** The comment's edit window decides uploads too; checked against `now` (resolveParent has no clock). */
async function commentWindowOpen(commentId: number, now: Date): Promise<boolean> {
  const row = await db().select({ createdAt: comments.createdAt }).from(comments).where(eq(comments.id, commentId)).get();
  return row !== undefined && withinWindow(row.createdAt, now);
}

function parentColumns(ref: ParentRef) {
  switch (ref.type) {
    case "assessment_evidence":
      return { assessmentId: ref.id, factor: ref.factor! };
    case "development_action":
      return { actionId: ref.id };
    case "decision":
      return { decisionId: ref.id };
    case "comment":
      return { commentId: ref.id };
  }
}

function parentCondition(ref: ParentRef) {
  switch (ref.type) {
    case "assessment_evidence":
      return and(eq(attachments.parentType, ref.type), eq(attachments.assessmentId, ref.id), eq(attachments.factor, ref.factor!))!;
    case "development_action":
      return and(eq(attachments.parentType, ref.type), eq(attachments.actionId, ref.id))!;
    case "decision":
      return and(eq(attachments.parentType, ref.type), eq(attachments.decisionId, ref.id))!;
    case "comment":
      return and(eq(attachments.parentType, ref.type), eq(attachments.commentId, ref.id))!;
  }
}

// ------------------------------------------------------------------ reading

const itemColumns = {
  id: attachments.id,
  fileName: attachments.fileName,
  contentType: attachments.contentType,
  sizeBytes: attachments.sizeBytes,
  createdAt: attachments.createdAt,
  uploadedByUserId: attachments.uploadedByUserId,
  uploadedBy: users.name,
};

type ItemRow = {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
  uploadedByUserId: number | null;
  uploadedBy: string | null;
};

function toItem(user: ActingUser, parent: ParentContext, row: ItemRow, now: Date): AttachmentItem {
  const { uploadedByUserId, ...item } = row;
  return { ...item, sizeBytes: Number(item.sizeBytes), canDelete: uploadedByUserId === user.id && parent.ownFileRemovable(row.createdAt, now) };
}

export type AttachmentListing = { items: AttachmentItem[]; canUpload: boolean };

/** The files of one parent the user may see (404 for a parent they may not). */
export async function listAttachments(user: ActingUser, ref: ParentRef, now = new Date()): Promise<AttachmentListing> {
  const parent = await resolveParent(user, ref);
  const rows = await db()
    .select(itemColumns)
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedByUserId))
    .where(and(parentCondition(ref), eq(attachments.relationshipId, parent.access.id)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id))
    .all();
  const canUpload = parent.uploadBlocked === null && (ref.type !== "comment" || (await commentWindowOpen(ref.id, now)));
  return { items: rows.map((r) => toItem(user, parent, r, now)), canUpload };
}

/** The files of each factor of an assessment (the same 404 as the assessment for one the user may not see). */
export async function listAssessmentEvidence(user: ActingUser, assessmentId: number, factors: readonly FactorKey[], now = new Date()) {
  const out: Partial<Record<FactorKey, AttachmentListing>> = {};
  for (const factor of factors) out[factor] = await listAttachments(user, { type: "assessment_evidence", id: assessmentId, factor }, now);
  return out;
}

/**
 * The files of a relationship's actions or decisions (e.g. all those on its
 * page), keyed by parent id, in one query: their scope is the relationship's,
 * so one access check covers them all. Ids of other relationships find nothing.
 */
export async function listAttachmentsOf(
  user: ActingUser,
  relationshipId: number,
  type: Exclude<AttachmentParent, "assessment_evidence">,
  ids: readonly number[],
  now = new Date(),
): Promise<Record<number, AttachmentListing>> {
  const access = await requireRelationshipAccess(user, relationshipId);
  const out: Record<number, AttachmentListing> = {};
  if (ids.length === 0) return out;
  const parentId = type === "development_action" ? attachments.actionId : type === "decision" ? attachments.decisionId : attachments.commentId;
  const rows = await db()
    .select({ ...itemColumns, parentId })
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedByUserId))
    .where(and(eq(attachments.relationshipId, access.id), eq(attachments.parentType, type), inArray(parentId, [...ids])))
    .orderBy(asc(attachments.createdAt), asc(attachments.id))
    .all();
  const open =
    type === "development_action"
      ? new Map(
          (
            await db()
              .select({ id: developmentActions.id, status: developmentActions.status })
              .from(developmentActions)
              .where(and(eq(developmentActions.relationshipId, access.id), inArray(developmentActions.id, [...ids])))
              .all()
          ).map((a) => [a.id, isOpenAction(a.status)]),
        )
      : null;
  // A comment's files follow its edit window: its author adds and removes them while it may be edited.
  const commentRows =
    type === "comment"
      ? new Map(
          (
            await db()
              .select({
                id: comments.id,
                authorUserId: comments.authorUserId,
                authorOrganisationId: comments.authorOrganisationId,
                createdAt: comments.createdAt,
              })
              .from(comments)
              .where(and(eq(comments.relationshipId, access.id), inArray(comments.id, [...ids])))
              .all()
          ).map((c) => [c.id, c]),
        )
      : null;
  for (const id of ids) {
    const comment = commentRows?.get(id);
    const canUpload = commentRows
      ? comment !== undefined && comment.authorUserId === user.id && comment.authorOrganisationId !== null && withinWindow(comment.createdAt, now)
      : access.canWrite;
    const parent: ParentContext = {
      ref: { type, id },
      access,
      uploadBlocked: canUpload ? null : "attachments.error.cannotUpload",
      quotaOrganisationId: access.organisationId,
      ownFileRemovable: (uploadedAt, at) =>
        open ? open.get(id) === true : commentRows ? comment !== undefined && withinWindow(comment.createdAt, at) : withinWindow(uploadedAt, at),
    };
    out[id] = {
      items: rows.filter((r) => r.parentId === id).map(({ parentId: _parentId, ...r }) => toItem(user, parent, r, now)),
      canUpload,
    };
  }
  return out;
}

type AttachmentRow = typeof attachments.$inferSelect;

function refOf(row: AttachmentRow): ParentRef {
  switch (row.parentType) {
    case "assessment_evidence":
      return { type: row.parentType, id: row.assessmentId!, factor: row.factor };
    case "development_action":
      return { type: row.parentType, id: row.actionId! };
    case "decision":
      return { type: row.parentType, id: row.decisionId! };
    case "comment":
      return { type: row.parentType, id: row.commentId! };
  }
}

/** An attachment the user may see, with its parent, or a 404 (unknown and foreign ids alike). */
async function visibleAttachment(user: ActingUser, attachmentId: number): Promise<{ row: AttachmentRow; parent: ParentContext }> {
  if (!Number.isSafeInteger(attachmentId) || attachmentId <= 0) return denyAccess(user, "attachment", attachmentId);
  const row = await db().select().from(attachments).where(eq(attachments.id, attachmentId)).get();
  if (!row) return denyAccess(user, "attachment", attachmentId);
  let parent: ParentContext;
  try {
    parent = await resolveParent(user, refOf(row));
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 404) return denyAccess(user, "attachment", attachmentId);
    throw thrown;
  }
  return { row, parent };
}

export type AttachmentMetadata = AttachmentItem & {
  sha256: string;
  parent: { type: AttachmentParent; id: number; factor: FactorKey | null; relationshipId: number };
};

/** What the metadata page shows: the file's facts and its parent (never the bytes). */
export async function getAttachmentMetadata(user: ActingUser, attachmentId: number, now = new Date()): Promise<AttachmentMetadata> {
  const { row, parent } = await visibleAttachment(user, attachmentId);
  const uploader = row.uploadedByUserId ? await db().select({ name: users.name }).from(users).where(eq(users.id, row.uploadedByUserId)).get() : undefined;
  const item = toItem(user, parent, { ...row, uploadedBy: uploader?.name ?? null }, now);
  return {
    ...item,
    sha256: row.sha256,
    parent: { type: row.parentType, id: parent.ref.id, factor: row.factor, relationshipId: row.relationshipId },
  };
}

export type AttachmentFile = { fileName: string; contentType: string; bytes: Uint8Array };

/** The bytes of a file the user may see (404 otherwise, and when the storage has lost them). */
export async function readAttachment(user: ActingUser, attachmentId: number): Promise<AttachmentFile> {
  const { row } = await visibleAttachment(user, attachmentId);
  const bytes = await attachmentStorage().get(row.storageKey);
  if (!bytes) {
    logger.error({ attachmentId: row.id }, "attachment bytes missing from storage");
    throw new Response("File not found", { status: 404 });
  }
  return { fileName: row.fileName, contentType: row.contentType, bytes };
}

// ------------------------------------------------------------------ writing

/** What the organisation's attachments take now, in bytes. */
async function usedBytes(organisationId: number): Promise<number> {
  const row = await db()
    .select({ used: sql<number | string | null>`coalesce(sum(${attachments.sizeBytes}), 0)` })
    .from(attachments)
    .where(eq(attachments.organisationId, organisationId))
    .get();
  return Number(row?.used ?? 0);
}

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * Adds a file to a parent. Everything is checked before anything is
 * written, and a refusal writes nothing: no row, no blob, no file.
 */
export async function uploadAttachment(
  user: ActingUser,
  ref: ParentRef,
  file: { name: string; bytes: Uint8Array },
  now = new Date(),
): Promise<AttachmentOutcome<{ id: number; fileName: string }>> {
  const parent = await resolveParent(user, ref);
  if (parent.uploadBlocked) return refuse(parent.uploadBlocked === "attachments.error.parentLocked" ? 409 : 403, "file", parent.uploadBlocked);
  if (ref.type === "comment" && !(await commentWindowOpen(ref.id, now))) return refuse(409, "file", "attachments.error.parentLocked");
  const organisationId = parent.quotaOrganisationId;
  if (organisationId === null) return refuse(403, "file", "attachments.error.cannotUpload");
  if (file.bytes.length === 0) return refuse(400, "file", "attachments.error.empty");
  if (file.bytes.length > MAX_ATTACHMENT_BYTES) return refuse(413, "file", "attachments.error.tooLarge", { limitMb: mb(MAX_ATTACHMENT_BYTES) });
  const type = detectFileType(file.bytes, file.name);
  if (!type) return refuse(415, "file", "attachments.error.type");
  const fileName = safeFileName(file.name, type);
  if (!fileName) return refuse(400, "file", "attachments.error.unsafeName");
  const quota = env().ATTACHMENT_QUOTA_BYTES;
  const quotaRefusal = (used: number) =>
    used + file.bytes.length > quota ? refuse(413, "file", "attachments.error.quota", { quotaMb: mb(quota), usedMb: mb(used) }) : null;
  const early = quotaRefusal(await usedBytes(organisationId));
  if (early) return early;

  const storage = attachmentStorage();
  const storageKey = randomUUID();
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  // A storage outside the database gets the bytes first; if the row is then refused or fails, they are removed again.
  if (!storage.transactional) await storage.put(storageKey, file.bytes);
  let outcome: AttachmentOutcome<{ id: number; fileName: string }>;
  try {
    outcome = await writeTransaction(async (tx) => {
      // Uploads of one organisation take turns, so two cannot both fit under the quota's last megabytes.
      await lockKey("attachment-quota", organisationId);
      const late = quotaRefusal(await usedBytes(organisationId));
      if (late) return late;
      if (ref.type === "assessment_evidence") {
        const still = await tx.select({ status: assessments.status }).from(assessments).where(eq(assessments.id, ref.id)).get();
        if (still?.status !== "draft") return refuse(409, "file", "attachments.error.parentLocked");
      }
      if (storage.transactional) await storage.put(storageKey, file.bytes);
      const values = {
        parentType: ref.type,
        ...parentColumns(ref),
        relationshipId: parent.access.id,
        organisationId,
        uploadedByUserId: user.id,
        fileName,
        contentType: type.contentType,
        sizeBytes: file.bytes.length,
        sha256,
        storageKey,
        createdAt: now.toISOString(),
      };
      const id = (await tx.insert(attachments).values(values).returning({ id: attachments.id }).get()).id;
      await audit({
        action: "attachment.upload",
        actorUserId: user.id,
        actorOrganisationId: organisationId,
        entityType: "attachment",
        entityId: id,
        after: {
          fileName,
          sizeBytes: values.sizeBytes,
          contentType: type.contentType,
          sha256,
          parentType: ref.type,
          parentId: ref.id,
          factor: ref.factor ?? null,
          relationshipId: parent.access.id,
          storage: storage.kind,
        },
      });
      return { ok: true as const, id, fileName };
    });
  } catch (error) {
    if (!storage.transactional) await storage.delete(storageKey).catch((e) => logger.error({ err: e }, "could not remove an unsaved attachment"));
    throw error;
  }
  if (!outcome.ok && !storage.transactional) await storage.delete(storageKey);
  return outcome;
}

/** Removes a file: its uploader only, and only while its parent is a draft (see the rules at the top). */
export async function deleteAttachment(
  user: ActingUser,
  attachmentId: number,
  now = new Date(),
): Promise<AttachmentOutcome<{ parent: ParentRef; relationshipId: number }>> {
  const { row, parent } = await visibleAttachment(user, attachmentId);
  if (row.uploadedByUserId !== user.id) return refuse(403, "intent", "attachments.error.notUploader");
  if (!parent.ownFileRemovable(row.createdAt, now)) return refuse(409, "intent", "attachments.error.deleteLocked");
  const storage = attachmentStorage();
  const outcome = await writeTransaction(async (tx) => {
    const removed = await tx.delete(attachments).where(eq(attachments.id, row.id)).returning({ id: attachments.id }).all();
    if (removed.length !== 1) return refuse(404, "intent", "attachments.error.gone");
    if (storage.transactional) await storage.delete(row.storageKey);
    await audit({
      action: "attachment.delete",
      actorUserId: user.id,
      actorOrganisationId: row.organisationId,
      entityType: "attachment",
      entityId: row.id,
      before: {
        fileName: row.fileName,
        sizeBytes: row.sizeBytes,
        contentType: row.contentType,
        sha256: row.sha256,
        parentType: row.parentType,
        parentId: parent.ref.id,
        factor: row.factor,
        relationshipId: row.relationshipId,
      },
    });
    return { ok: true as const, parent: parent.ref, relationshipId: row.relationshipId };
  });
  // Outside the database the bytes go after the commit; if that fails, the purge removes them later.
  if (outcome.ok && !storage.transactional) {
    await storage.delete(row.storageKey).catch((e) => logger.warn({ err: e, attachmentId: row.id }, "attachment bytes left for the purge"));
  }
  return outcome;
}

/**
 * Removes stored bytes that no attachment row names any more: left by a
 * parent deleted with its files (the foreign keys cascade to the rows, not
 * to the storage), or by a crash between a file's bytes and its row. Objects
 * younger than ORPHAN_GRACE_MS are left alone (an upload may be in flight).
 */
export async function purgeOrphanAttachments(now = new Date()): Promise<{ removed: number }> {
  const storage = attachmentStorage();
  if (storage.kind === "database") {
    // A blob and its row commit together, so any blob no row names is an orphan: one statement removes them all.
    const removed = await writeTransaction(async (tx) =>
      tx
        .delete(attachmentBlobs)
        .where(
          notExists(
            tx
              .select({ one: sql`1` })
              .from(attachments)
              .where(eq(attachments.storageKey, attachmentBlobs.storageKey)),
          ),
        )
        .returning({ key: attachmentBlobs.storageKey })
        .all(),
    );
    return { removed: removed.length };
  }
  const cutoff = now.getTime() - ORPHAN_GRACE_MS;
  const candidates = (await storage.list()).filter((o) => o.modifiedAt.getTime() < cutoff).map((o) => o.key);
  let removed = 0;
  for (let i = 0; i < candidates.length; i += 500) {
    const chunk = candidates.slice(i, i + 500);
    const referenced = new Set(
      (await db().select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.storageKey, chunk)).all()).map((r) => r.key),
    );
    for (const key of chunk) {
      if (referenced.has(key)) continue;
      await storage.delete(key);
      removed++;
    }
  }
  return { removed };
}
