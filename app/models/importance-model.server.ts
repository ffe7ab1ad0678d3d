/**
 * The scoring model editor: versions of the model (docs/decisions/0014).
 * Platform administrators only; every function checks it again. A draft is
 * edited freely; publishing numbers it, makes it the one active version and
 * freezes it (the database refuses any later change, see migration 0002).
 * Every change is audited.
 */
import { and, eq, max, min, sql } from "drizzle-orm";
import { asc, desc } from "../../db/dialect";
import { alias } from "drizzle-orm/sqlite-core";
import { modelColumnsOf, modelPartsOf } from "../../db/model-columns";
import { chains, importanceLevels, importanceModels, relationships, users } from "../../db/tables";
import { db, writeTransaction, type PortalDatabase } from "../db.server";
import type { ImportanceModel } from "../domain/importance-model";
import {
  contentChanges,
  previewModelChange,
  sortedLevels,
  validateModelContent,
  type ModelContent,
  type ModelProblem,
  type PreviewInput,
  type PreviewRow,
} from "../domain/model-version";
import { modelFileOf, parseModelFile, type ModelFile, type ModelFileProblem } from "../forms/importance-model";
import { notFound } from "./access.server";
import { denyAdmin } from "./admin-access.server";
import { audit } from "./audit.server";
import { activeImportanceModel, importanceModelById, levelsOf, relationshipContext, submittedPerformanceBySide } from "./scoring.server";
import type { ActingUser } from "./user.server";
import { customer, provider } from "./visible-relationships.server";
import { FORM, refused, refusedWith, type Ok, type Refused } from "./result";
import { lockKey } from "./write-guards.server";

/**
 * Every write of the model versions first takes this lock: each checks a version's
 * status or numbers a version from the others (the lowest placeholder, the next
 * published number), which a concurrent write could change under it.
 */
const lockModelVersions = () => lockKey("importance-models");

async function assertPlatformAdmin(user: ActingUser, entityId: unknown): Promise<void> {
  if (!user.isPlatformAdmin) await denyAdmin(user, "importance_model", entityId);
}

export type ModelStatus = "draft" | "published" | "active";

const creator = alias(users, "creator");
const publisher = alias(users, "publisher");
const editor = alias(users, "editor");
const base = alias(importanceModels, "base");

export type ModelVersionSummary = {
  id: number;
  /** Null for a draft: it is numbered when published. */
  version: number | null;
  status: ModelStatus;
  name: string;
  note: string | null;
  origin: "seed" | "copy" | "import";
  basedOn: { id: number; version: number | null } | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
};

const summaryColumns = {
  id: importanceModels.id,
  version: importanceModels.version,
  status: importanceModels.status,
  isActive: importanceModels.isActive,
  name: importanceModels.name,
  note: importanceModels.note,
  origin: importanceModels.origin,
  basedOnId: importanceModels.basedOnModelId,
  basedOnVersion: base.version,
  basedOnStatus: base.status,
  createdAt: importanceModels.createdAt,
  createdBy: creator.name,
  updatedAt: importanceModels.updatedAt,
  updatedBy: editor.name,
  publishedAt: importanceModels.publishedAt,
  publishedBy: publisher.name,
};

type SummaryRow = Omit<ModelVersionSummary, "version" | "status" | "basedOn"> & {
  version: number;
  status: "draft" | "published";
  isActive: boolean;
  basedOnId: number | null;
  basedOnVersion: number | null;
  basedOnStatus: "draft" | "published" | null;
};

function summaryQuery(tx: PortalDatabase = db()) {
  return tx
    .select(summaryColumns)
    .from(importanceModels)
    .leftJoin(creator, eq(creator.id, importanceModels.createdByUserId))
    .leftJoin(editor, eq(editor.id, importanceModels.updatedByUserId))
    .leftJoin(publisher, eq(publisher.id, importanceModels.publishedByUserId))
    .leftJoin(base, eq(base.id, importanceModels.basedOnModelId));
}

function toSummary(r: SummaryRow): ModelVersionSummary {
  const published = r.status === "published";
  return {
    id: r.id,
    version: published ? r.version : null,
    status: r.isActive ? "active" : published ? "published" : "draft",
    name: r.name,
    note: r.note,
    origin: r.origin,
    basedOn: r.basedOnId === null ? null : { id: r.basedOnId, version: r.basedOnStatus === "published" ? r.basedOnVersion : null },
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
    publishedAt: r.publishedAt,
    publishedBy: r.publishedBy,
  };
}

/** Drafts first (newest first), then published versions, newest first. */
export async function listModelVersions(user: ActingUser): Promise<ModelVersionSummary[]> {
  await assertPlatformAdmin(user, "list");
  return (
    (await summaryQuery()
      .orderBy(sql`${importanceModels.status} = 'published'`, desc(importanceModels.createdAt), desc(importanceModels.version))
      .all()) as SummaryRow[]
  ).map(toSummary);
}

async function summaryOf(id: number, tx: PortalDatabase = db()): Promise<ModelVersionSummary | null> {
  const row = (await summaryQuery(tx).where(eq(importanceModels.id, id)).get()) as SummaryRow | undefined;
  return row ? toSummary(row) : null;
}

/** The number the next published version gets. */
async function nextVersionNumber(tx: PortalDatabase = db()): Promise<number> {
  const row = await tx
    .select({ top: max(importanceModels.version) })
    .from(importanceModels)
    .where(eq(importanceModels.status, "published"))
    .get();
  return (row?.top ?? 0) + 1;
}

async function contentOf(id: number, tx: PortalDatabase = db()): Promise<ModelContent | null> {
  const row = await tx.select().from(importanceModels).where(eq(importanceModels.id, id)).get();
  if (!row) return null;
  const levels = (await levelsOf(id, tx)) as unknown as ModelContent["levels"];
  return { ...modelPartsOf(row), levels: sortedLevels(levels) };
}

export type ModelVersionDetail = ModelVersionSummary & {
  content: ModelContent;
  /** The number it would be published as (drafts only). */
  nextVersion: number | null;
  active: { id: number; version: number };
};

export async function getModelVersion(user: ActingUser, id: number): Promise<ModelVersionDetail> {
  await assertPlatformAdmin(user, id);
  const summary = await summaryOf(id);
  const content = summary && (await contentOf(id));
  if (!summary || !content) notFound("Model version not found");
  const active = await activeRow();
  return { ...summary, content, nextVersion: summary.status === "draft" ? await nextVersionNumber() : null, active };
}

async function activeRow(tx: PortalDatabase = db()): Promise<{ id: number; version: number }> {
  const row = await tx
    .select({ id: importanceModels.id, version: importanceModels.version })
    .from(importanceModels)
    .where(eq(importanceModels.isActive, true))
    .get();
  if (!row) throw new Error("No active importance model");
  return row;
}

/** Any version's id and label, for the "copy from" choice. */
export async function modelVersionOptions(user: ActingUser): Promise<Array<{ id: number; version: number | null; status: ModelStatus; name: string }>> {
  return (await listModelVersions(user)).map(({ id, version, status, name }) => ({ id, version, status, name }));
}

// ------------------------------------------------------------------ writes

async function insertDraft(
  tx: PortalDatabase,
  user: ActingUser,
  content: ModelContent,
  origin: { kind: "copy"; basedOnModelId: number } | { kind: "import" },
): Promise<number> {
  // A draft's number is a placeholder below every other one; it is numbered on publishing.
  const lowest =
    (
      await tx
        .select({ low: min(importanceModels.version) })
        .from(importanceModels)
        .get()
    )?.low ?? 0;
  const { id } = await tx
    .insert(importanceModels)
    .values({
      ...modelColumnsOf(content),
      version: Math.min(lowest, 0) - 1,
      status: "draft",
      isActive: false,
      origin: origin.kind,
      basedOnModelId: origin.kind === "copy" ? origin.basedOnModelId : null,
      createdByUserId: user.id,
    })
    .returning({ id: importanceModels.id })
    .get();
  await writeLevels(tx, id, content);
  return id;
}

async function writeLevels(tx: PortalDatabase, modelId: number, content: ModelContent): Promise<void> {
  await tx.delete(importanceLevels).where(eq(importanceLevels.modelId, modelId)).run();
  if (content.levels.length === 0) return;
  await tx
    .insert(importanceLevels)
    .values(
      content.levels.map((r) => ({
        modelId,
        factor: r.factor,
        dimension: r.dimension,
        value: r.value,
        condition: r.condition,
        level: r.level,
        sourceFi: r.sourceFi.trim(),
        sourceEn: r.sourceEn.trim(),
      })),
    )
    .run();
}

/** Starts a draft copied from any version (published, active or another draft). */
export async function createDraftFrom(user: ActingUser, sourceId: number, ip?: string | null): Promise<{ id: number }> {
  await assertPlatformAdmin(user, sourceId);
  return await writeTransaction(async (tx) => {
    await lockModelVersions();
    const source = await summaryOf(sourceId, tx);
    const content = source && (await contentOf(sourceId, tx));
    if (!source || !content) notFound("Model version not found");
    const id = await insertDraft(tx, user, content, { kind: "copy", basedOnModelId: sourceId });
    await audit({
      action: "model.draft.create",
      actorUserId: user.id,
      entityType: "importance_model",
      entityId: id,
      after: { copiedFrom: { id: sourceId, version: source.version, status: source.status }, name: content.name },
      ip,
    });
    return { id };
  });
}

/** A refused draft write: 409 for a published version or version 1; 400 with the content's problems for an invalid draft. */
export type WriteRefusal = Refused<{ problems?: ModelProblem[] }>;

const publishedRefusal = () => refused(FORM, "model.error.published", 409);
const invalidRefusal = (problems: ModelProblem[]): WriteRefusal => refusedWith({ [FORM]: ["model.error.invalidDraft"] }, 400, { problems });

/** Saves a draft's whole content. A published version is refused here, and by the database. */
export async function saveDraft(user: ActingUser, id: number, content: ModelContent, ip?: string | null): Promise<Ok | WriteRefusal> {
  await assertPlatformAdmin(user, id);
  return await writeTransaction(async (tx): Promise<Ok | WriteRefusal> => {
    await lockModelVersions();
    const summary = await summaryOf(id, tx);
    const before = summary && (await contentOf(id, tx));
    if (!summary || !before) notFound("Model version not found");
    if (summary.status !== "draft") return publishedRefusal();
    const problems = validateModelContent(content);
    if (problems.length) return invalidRefusal(problems);
    const trimmed: ModelContent = { ...content, name: content.name.trim() };
    await tx
      .update(importanceModels)
      .set({ ...modelColumnsOf(trimmed), updatedAt: new Date().toISOString(), updatedByUserId: user.id })
      .where(and(eq(importanceModels.id, id), eq(importanceModels.status, "draft")))
      .run();
    await writeLevels(tx, id, trimmed);
    const change = contentChanges(before, {
      ...trimmed,
      levels: sortedLevels(trimmed.levels.map((r) => ({ ...r, sourceFi: r.sourceFi.trim(), sourceEn: r.sourceEn.trim() }))),
    });
    if (change) await audit({ action: "model.draft.update", actorUserId: user.id, entityType: "importance_model", entityId: id, ...change, ip });
    return { ok: true } as const;
  });
}

/** Deletes a draft. Published versions (version 1 above all) are never deleted; the database refuses it too. */
export async function deleteDraft(user: ActingUser, id: number, ip?: string | null): Promise<Ok | WriteRefusal> {
  await assertPlatformAdmin(user, id);
  return await writeTransaction(async (tx): Promise<Ok | WriteRefusal> => {
    await lockModelVersions();
    const summary = await summaryOf(id, tx);
    if (!summary) notFound("Model version not found");
    if (summary.version === 1) return refused(FORM, "model.error.versionOne", 409);
    if (summary.status !== "draft") return publishedRefusal();
    await tx
      .delete(importanceModels)
      .where(and(eq(importanceModels.id, id), eq(importanceModels.status, "draft")))
      .run();
    await audit({
      action: "model.draft.delete",
      actorUserId: user.id,
      entityType: "importance_model",
      entityId: id,
      before: { name: summary.name, basedOn: summary.basedOn },
      ip,
    });
    return { ok: true } as const;
  });
}

/**
 * Publishes a draft: it gets the next version number, the note, and becomes
 * the one active version; the previous active version stays published.
 */
export async function publishDraft(user: ActingUser, id: number, note: string, ip?: string | null): Promise<Ok<{ version: number }> | WriteRefusal> {
  await assertPlatformAdmin(user, id);
  return await writeTransaction(async (tx): Promise<Ok<{ version: number }> | WriteRefusal> => {
    await lockModelVersions();
    const summary = await summaryOf(id, tx);
    const content = summary && (await contentOf(id, tx));
    if (!summary || !content) notFound("Model version not found");
    if (summary.status !== "draft") return publishedRefusal();
    const problems = validateModelContent(content);
    if (problems.length) return invalidRefusal(problems);
    const previous = await activeRow(tx);
    const version = await nextVersionNumber(tx);
    await tx.update(importanceModels).set({ isActive: false }).where(eq(importanceModels.isActive, true)).run();
    await tx
      .update(importanceModels)
      .set({ status: "published", version, isActive: true, note: note.trim(), publishedAt: new Date().toISOString(), publishedByUserId: user.id })
      .where(and(eq(importanceModels.id, id), eq(importanceModels.status, "draft")))
      .run();
    await audit({
      action: "model.publish",
      actorUserId: user.id,
      entityType: "importance_model",
      entityId: id,
      before: { activeVersion: previous.version },
      after: { version, note: note.trim(), activeVersion: version },
      ip,
    });
    return { ok: true, version } as const;
  });
}

// ------------------------------------------------------------------ file

/** A version as a JSON file (drafts too). */
export async function exportModelVersion(user: ActingUser, id: number, ip?: string | null): Promise<{ file: ModelFile; filename: string }> {
  await assertPlatformAdmin(user, id);
  const summary = await summaryOf(id);
  const content = summary && (await contentOf(id));
  if (!summary || !content) notFound("Model version not found");
  await audit({ action: "model.export", actorUserId: user.id, entityType: "importance_model", entityId: id, after: { version: summary.version }, ip });
  const label = summary.version === null ? `draft-${id}` : `v${summary.version}`;
  return { file: modelFileOf(content, { version: summary.version, note: summary.note }), filename: `scoring-model-${label}.json` };
}

/** Reads an uploaded file; a valid one becomes a new draft. */
export async function importModelFile(
  user: ActingUser,
  text: string,
  filename: string,
  ip?: string | null,
): Promise<Ok<{ id: number }> | Refused<{ problems: ModelFileProblem[] }>> {
  await assertPlatformAdmin(user, "import");
  const parsed = parseModelFile(text);
  if (!parsed.ok) return refusedWith({ [FORM]: ["model.file.invalid"] }, 400, { problems: parsed.problems });
  return await writeTransaction(async (tx) => {
    await lockModelVersions();
    const id = await insertDraft(tx, user, parsed.content, { kind: "import" });
    if (parsed.note) await tx.update(importanceModels).set({ note: parsed.note }).where(eq(importanceModels.id, id)).run();
    await audit({
      action: "model.import",
      actorUserId: user.id,
      entityType: "importance_model",
      entityId: id,
      after: { file: filename.slice(0, 200), name: parsed.content.name, exportedVersion: parsed.version, levels: parsed.content.levels.length },
      ip,
    });
    return { ok: true, id } as const;
  });
}

// ------------------------------------------------------------------ preview

export const PREVIEW_ROW_LIMIT = 200;

export type PreviewPageRow = PreviewRow & { providerName: string; customerName: string; serviceName: string; chainName: string };

/**
 * Every relationship's latest scored quarter under the active version and
 * under this one, largest change first; the counts cover all of them, the
 * rows the first PREVIEW_ROW_LIMIT.
 */
export async function previewModelVersion(user: ActingUser, id: number, asOf = new Date()) {
  await assertPlatformAdmin(user, id);
  const summary = await summaryOf(id);
  if (!summary) notFound("Model version not found");
  const current: ImportanceModel = await activeImportanceModel();
  const candidate = await importanceModelById(id, summary.status === "draft" ? await nextVersionNumber() : undefined);
  if (!candidate) notFound("Model version not found");

  const rows = await db()
    .select({
      id: relationships.id,
      serviceName: relationships.serviceName,
      chainName: chains.name,
      startDate: relationships.startDate,
      maturityOverride: relationships.maturityOverride,
      diversity: relationships.diversity,
      criticality: relationships.criticality,
      referenceCustomer: relationships.referenceCustomer,
      providerName: provider.name,
      providerSizeClass: provider.sizeClass,
      providerFoundedYear: provider.foundedYear,
      customerName: customer.name,
    })
    .from(relationships)
    .innerJoin(chains, eq(chains.id, relationships.chainId))
    .innerJoin(provider, eq(provider.id, relationships.providerId))
    .innerJoin(customer, eq(customer.id, relationships.customerId))
    .orderBy(asc(relationships.id))
    .all();
  const performance = (await submittedPerformanceBySide(rows.map((r) => r.id))).both;
  const inputs: PreviewInput[] = [];
  for (const r of rows) {
    const byPeriod = performance.get(r.id);
    if (!byPeriod) continue;
    // The latest scored quarter, as home and the chain pages show it (latestScore).
    const period = [...byPeriod.keys()].sort().at(-1);
    if (!period) continue;
    const { sizeClassAssumed: _assumed, startup: _startup, ...context } = relationshipContext(r, asOf);
    inputs.push({ relationshipId: r.id, period, performance: byPeriod.get(period)!, context, providerFoundedYear: r.providerFoundedYear });
  }
  const preview = previewModelChange(inputs, current, candidate, asOf);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    version: summary,
    currentVersion: current.version,
    candidateVersion: candidate.version,
    relationshipCount: rows.length,
    counts: preview.counts,
    rows: preview.rows.slice(0, PREVIEW_ROW_LIMIT).map((row): PreviewPageRow => {
      const r = byId.get(row.relationshipId)!;
      return { ...row, providerName: r.providerName, customerName: r.customerName, serviceName: r.serviceName, chainName: r.chainName };
    }),
  };
}
