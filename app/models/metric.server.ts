/**
 * The metric catalogue: shared definitions (no owner), managed by platform
 * administrators, and organisations' own metrics, managed by their staff.
 */
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { metricDefinitions, organisations } from "../../db/tables";
import { db, writeTransaction } from "../db.server";
import type { FactorKey } from "../domain/factors";
import type { MetricDefinitionInput } from "../forms/metric-definition";
import { canWriteFor, forbidden, memberOrganisationIds, notFound } from "./access.server";
import { audit } from "./audit.server";
import type { ActingUser } from "./user.server";
import { refused, type Result } from "./result";
import { lockKey } from "./write-guards.server";

export type MetricDefinition = {
  id: number;
  key: string;
  ownerOrganisationId: number | null;
  nameFi: string;
  nameEn: string;
  unit: string;
  direction: "higher_better" | "lower_better";
  aggregation: "mean" | "sum" | "last";
  target: number | null;
  minValue: number | null;
  maxValue: number | null;
  category: string;
  factor: FactorKey | null;
};

/** The columns of a MetricDefinition, for selects. */
export const definitionColumns = {
  id: metricDefinitions.id,
  key: metricDefinitions.key,
  ownerOrganisationId: metricDefinitions.ownerOrganisationId,
  nameFi: metricDefinitions.nameFi,
  nameEn: metricDefinitions.nameEn,
  unit: metricDefinitions.unit,
  direction: metricDefinitions.direction,
  aggregation: metricDefinitions.aggregation,
  target: metricDefinitions.target,
  minValue: metricDefinitions.minValue,
  maxValue: metricDefinitions.maxValue,
  category: metricDefinitions.category,
  factor: metricDefinitions.factor,
};

/** The fields of a definition that the catalogue page and the API show alike. */
export function metricDescription({ key, nameFi, nameEn, unit, direction, aggregation, target }: MetricDefinition) {
  return { key, nameFi, nameEn, unit, direction, aggregation, target };
}

/** The metrics an organisation records with: the catalogue and its own, ordered by category and key. */
export async function recordableMetrics(organisationId: number | null): Promise<MetricDefinition[]> {
  return await db()
    .select(definitionColumns)
    .from(metricDefinitions)
    .where(
      organisationId === null
        ? isNull(metricDefinitions.ownerOrganisationId)
        : or(isNull(metricDefinitions.ownerOrganisationId), eq(metricDefinitions.ownerOrganisationId, organisationId)),
    )
    .orderBy(asc(metricDefinitions.category), asc(metricDefinitions.key))
    .all();
}

/** Key to id for an organisation; its own metric wins over a catalogue metric of the same key. */
export async function metricIdsByKey(organisationId: number): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  const rows = (await recordableMetrics(organisationId)).sort((a, b) => Number(a.ownerOrganisationId !== null) - Number(b.ownerOrganisationId !== null));
  for (const m of rows) map.set(m.key, m.id);
  return map;
}

export type CatalogueEntry = MetricDefinition & { ownerName: string | null; canEdit: boolean };

/**
 * The catalogue page: the shared catalogue and the user's organisations'
 * own metrics (administrators see every organisation's).
 */
export async function listCatalogue(user: ActingUser): Promise<CatalogueEntry[]> {
  const orgIds = memberOrganisationIds(user);
  const scope = user.isPlatformAdmin
    ? sql`1 = 1`
    : orgIds.length
      ? or(isNull(metricDefinitions.ownerOrganisationId), inArray(metricDefinitions.ownerOrganisationId, orgIds))!
      : isNull(metricDefinitions.ownerOrganisationId);
  const rows = await db()
    .select({ ...definitionColumns, ownerName: organisations.name })
    .from(metricDefinitions)
    .leftJoin(organisations, eq(organisations.id, metricDefinitions.ownerOrganisationId))
    .where(scope)
    .orderBy(sql`${metricDefinitions.ownerOrganisationId} is not null`, asc(organisations.name), asc(metricDefinitions.category), asc(metricDefinitions.key))
    .all();
  return rows.map((r) => ({ ...r, canEdit: canEditMetric(user, r.ownerOrganisationId) }));
}

function canEditMetric(user: ActingUser, ownerOrganisationId: number | null): boolean {
  return ownerOrganisationId === null ? user.isPlatformAdmin : canWriteFor(user, ownerOrganisationId);
}

/** Organisations the user may add metrics for; `null` stands for the shared catalogue. */
export function metricOwnerChoices(user: ActingUser): Array<{ id: number | null; name: string | null }> {
  const own = user.memberships.filter((m) => canWriteFor(user, m.organisationId)).map((m) => ({ id: m.organisationId, name: m.organisationName }));
  return user.isPlatformAdmin ? [{ id: null, name: null }, ...own] : own;
}

/** One metric for its edit form: 404 unless the user may see it, 403 unless they may edit it. */
export async function getMetricForEdit(user: ActingUser, metricId: number): Promise<CatalogueEntry> {
  const entry = (await listCatalogue(user)).find((m) => m.id === metricId);
  if (!entry) notFound("Metric not found");
  if (!entry.canEdit) forbidden();
  return entry;
}

export type MetricSaveResult = Result<{ id: number }>;

async function keyTaken(key: string, ownerOrganisationId: number | null): Promise<boolean> {
  // A catalogue key may not repeat any organisation's key, nor the other way round: files name metrics by key.
  const clash = await db()
    .select({ id: metricDefinitions.id })
    .from(metricDefinitions)
    .where(
      and(
        eq(metricDefinitions.key, key),
        ownerOrganisationId === null
          ? sql`1 = 1`
          : or(isNull(metricDefinitions.ownerOrganisationId), eq(metricDefinitions.ownerOrganisationId, ownerOrganisationId)),
      ),
    )
    .get();
  return clash !== undefined;
}

function valuesOf(input: MetricDefinitionInput) {
  return {
    nameFi: input.nameFi,
    nameEn: input.nameEn,
    unit: input.unit,
    direction: input.direction,
    aggregation: input.aggregation,
    target: input.target ?? null,
    minValue: input.minValue ?? null,
    maxValue: input.maxValue ?? null,
    category: input.category,
    factor: input.factor ?? null,
  };
}

export async function createMetric(user: ActingUser, input: MetricDefinitionInput): Promise<MetricSaveResult> {
  const owner = input.owner === "catalogue" ? null : Number(input.owner);
  if (!metricOwnerChoices(user).some((c) => c.id === owner)) return refused("owner", "metrics.validation.owner");
  return await writeTransaction(async (): Promise<MetricSaveResult> => {
    // No constraint spans the catalogue and every organisation's keys: creations of one key take turns.
    await lockKey("metric-key", input.key);
    if (await keyTaken(input.key, owner)) return refused("key", "metrics.validation.keyTaken");
    const values = { key: input.key, ownerOrganisationId: owner, ...valuesOf(input) };
    const { id } = await db().insert(metricDefinitions).values(values).returning({ id: metricDefinitions.id }).get();
    await audit({
      action: "metric.create",
      actorUserId: user.id,
      actorOrganisationId: owner,
      entityType: "metric_definition",
      entityId: id,
      after: values,
    });
    return { ok: true as const, id };
  });
}

/** Edits everything but the key and the owner. */
export async function updateMetric(user: ActingUser, metricId: number, input: MetricDefinitionInput): Promise<MetricSaveResult> {
  const before = await getMetricForEdit(user, metricId);
  const values = valuesOf(input);
  await writeTransaction(async () => {
    await db().update(metricDefinitions).set(values).where(eq(metricDefinitions.id, metricId)).run();
    await audit({
      action: "metric.update",
      actorUserId: user.id,
      actorOrganisationId: before.ownerOrganisationId,
      entityType: "metric_definition",
      entityId: metricId,
      before: valuesOf({
        ...before,
        owner: "",
        target: before.target ?? undefined,
        minValue: before.minValue ?? undefined,
        maxValue: before.maxValue ?? undefined,
        factor: before.factor ?? undefined,
      }),
      after: values,
    });
  });
  return { ok: true, id: metricId };
}
