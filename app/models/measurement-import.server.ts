/**
 * Measurement imports from CSV and Excel: read the file, validate every row
 * (app/domain/measurement-import.ts), show a preview, then commit it
 * all-or-nothing. Between preview and commit the file waits in the database
 * (staged_imports), so the commit needs no second upload, works without
 * JavaScript, and may reach another app server than the preview did.
 */
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { and, eq, gt, inArray, lte, or } from "drizzle-orm";
import { asc, desc } from "../../db/dialect";
import { metricImports, relationships, stagedImports } from "../../db/tables";
import { changedRows, db, writeTransaction } from "../db.server";
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  resolveRows,
  sortIssues,
  type ImportContext,
  type ImportIssue,
  type ResolvedRow,
} from "../domain/measurement-import";
import { effectiveBounds } from "../domain/measurement-rules";
import type { Grid, GridCell } from "../http/export.server";
import { canWriteFor, forbidden } from "./access.server";
import { parseImportInWorker } from "../workers/import-parse.server";
import { measurementProblems } from "./measurement-checks.server";
import { addMonths, commitMeasurements, latestRecordableMonth, monthOf, planMeasurementWrites } from "./measurement.server";
import { metricIdsByKey, recordableMetrics } from "./metric.server";
import { calendarNow, type ActingUser } from "./user.server";
import { customer, provider, visibleRelationships } from "./visible-relationships.server";
import { FORM, refused, refusedWith, type Result } from "./result";

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS };

/** Issues shown on the preview; the count says how many there were in all. */
const MAX_ISSUES_SHOWN = 200;
const PREVIEW_ROWS = 20;
const STAGING_TTL_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------- context

/** The importing organisation: one the user writes for. */
export function requireImportingOrganisation(user: ActingUser, organisationId: number): void {
  if (!canWriteFor(user, organisationId)) forbidden("You cannot import for this organisation");
}

/** What rows may refer to: the organisation's metric keys and the relationships it is a party to. */
export async function importContext(organisationId: number): Promise<ImportContext> {
  const rels = await db()
    .select({ id: relationships.id, providerBusinessId: provider.businessId, customerBusinessId: customer.businessId })
    .from(relationships)
    .innerJoin(provider, eq(provider.id, relationships.providerId))
    .innerJoin(customer, eq(customer.id, relationships.customerId))
    .where(or(eq(relationships.providerId, organisationId), eq(relationships.customerId, organisationId)))
    .all();
  return {
    metricIdByKey: await metricIdsByKey(organisationId),
    relationships: new Map(rels.map((r) => [r.id, { providerBusinessId: r.providerBusinessId, customerBusinessId: r.customerBusinessId }])),
  };
}

type Validation = { rows: ResolvedRow[]; issues: ImportIssue[]; rowCount: number; skipped: number };

/** Values outside their metric's bounds, one issue per row, naming the bound. */
async function boundsIssues(rows: readonly ResolvedRow[], latestMonth: string): Promise<ImportIssue[]> {
  const issues: ImportIssue[] = [];
  for (const [i, problem] of await measurementProblems(rows, latestMonth)) {
    if (problem.code !== "belowMin" && problem.code !== "aboveMax") continue;
    const params: Record<string, number> = { value: rows[i].value };
    if (problem.code === "belowMin") params.min = problem.min;
    else params.max = problem.max;
    issues.push({ row: rows[i].row, column: "value", code: problem.code, params });
  }
  return issues;
}

async function validateFile(organisationId: number, fileName: string, bytes: Uint8Array, asOf: Date): Promise<Validation> {
  const latestMonth = latestRecordableMonth(asOf);
  // Reading and checking the rows is the heavy part: a worker thread does it, off the request thread.
  const parsed = await parseImportInWorker({ fileName, bytes, latestMonth });
  const resolved = resolveRows(parsed.rows, await importContext(organisationId));
  const rowCount = parsed.rowCount;
  const issues = [...parsed.issues, ...resolved.issues, ...(await boundsIssues(resolved.rows, latestMonth))];
  // Values the other party recorded are theirs: a file cannot overwrite them.
  if (issues.length === 0) {
    const plan = await planMeasurementWrites(organisationId, resolved.rows);
    for (const c of plan.conflicts) issues.push({ row: c.row ?? null, column: "value", code: "otherParty" });
  }
  return { rows: resolved.rows, issues: sortIssues(issues), rowCount, skipped: parsed.skipped };
}

// ---------------------------------------------------------------- staging

type StagedMeta = { organisationId: number; userId: number; fileName: string; sha256: string };

/** Keeps the file for its commit, in the database so any app server can commit it; expired files go first. */
async function stage(meta: StagedMeta, bytes: Uint8Array, now = new Date()): Promise<string> {
  await purgeExpiredStagedImports(now);
  const id = randomBytes(16).toString("hex");
  await db()
    .insert(stagedImports)
    .values({
      id,
      organisationId: meta.organisationId,
      userId: meta.userId,
      fileName: meta.fileName,
      fileSha256: meta.sha256,
      bytes: Buffer.from(bytes),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + STAGING_TTL_MS).toISOString(),
    })
    .run();
  return id;
}

/**
 * Inside the commit's transaction: takes the staged file out, so that of two
 * commits of one file (a double click, two servers) only the first writes;
 * the other finds nothing to take, as if it came after.
 */
async function claimStaged(id: string, userId: number, organisationId: number): Promise<boolean> {
  const where = and(eq(stagedImports.id, id), eq(stagedImports.userId, userId), eq(stagedImports.organisationId, organisationId));
  return changedRows(await db().delete(stagedImports).where(where).run()) === 1;
}

/** The staged file, if it exists, has not expired, and was staged by this user for this organisation. */
async function readStaged(id: string, userId: number, organisationId: number, now = new Date()): Promise<{ meta: StagedMeta; bytes: Uint8Array } | null> {
  if (!/^[0-9a-f]{32}$/.test(id)) return null;
  const row = await db()
    .select({ fileName: stagedImports.fileName, sha256: stagedImports.fileSha256, bytes: stagedImports.bytes })
    .from(stagedImports)
    .where(
      and(
        eq(stagedImports.id, id),
        eq(stagedImports.userId, userId),
        eq(stagedImports.organisationId, organisationId),
        gt(stagedImports.expiresAt, now.toISOString()),
      ),
    )
    .get();
  if (!row) return null;
  return { meta: { organisationId, userId, fileName: row.fileName, sha256: row.sha256 }, bytes: new Uint8Array(row.bytes) };
}

/** Deletes staged files past their expiry (on every staging, and by the periodic purge). Returns how many. */
export async function purgeExpiredStagedImports(now = new Date()): Promise<number> {
  return changedRows(await db().delete(stagedImports).where(lte(stagedImports.expiresAt, now.toISOString())).run());
}

// ---------------------------------------------------------------- preview & commit

export type ImportPreview = {
  fileName: string;
  rowCount: number;
  /** Rows without a value, skipped. */
  skipped: number;
  issues: ImportIssue[];
  issueCount: number;
  /** Set when the file is valid: pass it back to commit. */
  stagedId: string | null;
  counts: { insert: number; update: number; unchanged: number };
  sample: Array<{
    row: number;
    metricId: number;
    relationshipId: number;
    month: string;
    value: number;
    status: "new" | "update" | "unchanged";
    previous: number | null;
  }>;
  alreadyImportedAt: string | null;
};

export async function previewImport(
  user: ActingUser,
  organisationId: number,
  file: { name: string; bytes: Uint8Array },
  asOf = calendarNow(user),
): Promise<ImportPreview> {
  requireImportingOrganisation(user, organisationId);
  const fileName = path.basename(file.name || "import").slice(0, 200);
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const { rows, issues, rowCount, skipped } = await validateFile(organisationId, fileName, file.bytes, asOf);
  const plan = await planMeasurementWrites(organisationId, issues.length ? [] : rows);
  const status = new Map<number, { status: "new" | "update" | "unchanged"; previous: number | null }>();
  for (const r of plan.inserts) status.set(r.row!, { status: "new", previous: null });
  for (const r of plan.updates) status.set(r.row!, { status: "update", previous: r.previous });
  for (const r of plan.unchanged) status.set(r.row!, { status: "unchanged", previous: null });
  const earlier = await db()
    .select({ createdAt: metricImports.createdAt })
    .from(metricImports)
    .where(and(eq(metricImports.organisationId, organisationId), eq(metricImports.fileSha256, sha256)))
    .orderBy(desc(metricImports.createdAt))
    .get();
  const valid = issues.length === 0 && rows.length > 0;
  return {
    fileName,
    rowCount,
    skipped,
    issues: issues.slice(0, MAX_ISSUES_SHOWN),
    issueCount: issues.length,
    stagedId: valid ? await stage({ organisationId, userId: user.id, fileName, sha256 }, file.bytes) : null,
    counts: { insert: plan.inserts.length, update: plan.updates.length, unchanged: plan.unchanged.length },
    sample: rows.slice(0, PREVIEW_ROWS).map((r) => ({ ...r, ...(status.get(r.row) ?? { status: "new" as const, previous: null }) })),
    alreadyImportedAt: earlier?.createdAt ?? null,
  };
}

/** Refused with "import.expired" (the staged file is gone), or "import.invalidTitle" and the file's issues. */
export type ImportCommit = Result<
  { importId: number | null; fileName: string; inserted: number; updated: number; unchanged: number },
  { issues?: ImportIssue[]; issueCount?: number }
>;

const invalidFile = (issues: ImportIssue[]) =>
  refusedWith({ [FORM]: ["import.invalidTitle"] }, 400, { issues: issues.slice(0, MAX_ISSUES_SHOWN), issueCount: issues.length });

/**
 * Commits a staged file: validated again (the data may have changed since
 * the preview), then written in one transaction or not at all. When nothing
 * would change (the same file again), nothing is written, not even a log row.
 */
export async function commitImport(
  user: ActingUser,
  organisationId: number,
  stagedId: string,
  options: { ip?: string | null; asOf?: Date } = {},
): Promise<ImportCommit> {
  requireImportingOrganisation(user, organisationId);
  const staged = await readStaged(stagedId, user.id, organisationId);
  if (!staged) return refused(FORM, "import.expired");
  const { rows, issues, rowCount } = await validateFile(organisationId, staged.meta.fileName, staged.bytes, options.asOf ?? calendarNow(user));
  if (issues.length > 0) return invalidFile(issues);
  let importId: number | null = null;
  const result = await writeTransaction(async () => {
    if (!(await claimStaged(stagedId, user.id, organisationId))) return null;
    return await commitMeasurements(
      { organisationId, userId: user.id, source: "import", asOf: options.asOf },
      rows,
      {
        action: "measurements.import",
        actorUserId: user.id,
        entityType: "metric_import",
        ip: options.ip,
        extra: { fileName: staged.meta.fileName, sha256: staged.meta.sha256 },
      },
      async (counts) => {
        importId = (
          await db()
            .insert(metricImports)
            .values({
              organisationId,
              userId: user.id,
              fileName: staged.meta.fileName,
              fileSha256: staged.meta.sha256,
              rowCount,
              insertedCount: counts.inserted,
              updatedCount: counts.updated,
              unchangedCount: counts.unchanged,
            })
            .returning({ id: metricImports.id })
            .get()
        ).id;
        return { entityId: importId };
      },
    );
  });
  if (result === null) return refused(FORM, "import.expired");
  if (!result.ok) {
    const conflictIssues = [
      ...result.conflicts.map((c): ImportIssue => ({ row: c.row ?? null, column: "value", code: "otherParty" })),
      ...(await boundsIssues(
        result.invalid.map(({ row }) => ({
          row: row.row ?? 0,
          metricId: row.metricId,
          relationshipId: row.relationshipId,
          month: row.month,
          value: row.value,
        })),
        latestRecordableMonth(options.asOf),
      )),
    ];
    return invalidFile(conflictIssues);
  }
  return { ok: true, importId, fileName: staged.meta.fileName, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged };
}

/** Labels for the preview table: metric keys and relationship names of the ids in it. */
export async function previewLabels(organisationId: number, metricIds: number[], relationshipIds: number[]) {
  const rels = relationshipIds.length
    ? await db()
        .select({ id: relationships.id, providerName: provider.name, customerName: customer.name })
        .from(relationships)
        .innerJoin(provider, eq(provider.id, relationships.providerId))
        .innerJoin(customer, eq(customer.id, relationships.customerId))
        .where(and(inArray(relationships.id, relationshipIds), or(eq(relationships.providerId, organisationId), eq(relationships.customerId, organisationId))))
        .all()
    : [];
  const keys = new Map([...(await metricIdsByKey(organisationId))].map(([key, id]) => [id, key]));
  return {
    metrics: Object.fromEntries(metricIds.map((id) => [id, keys.get(id) ?? String(id)])),
    relationships: Object.fromEntries(rels.map((r) => [r.id, `${r.providerName} → ${r.customerName}`])),
  };
}

/** The organisation's recent imports, newest first. */
export function recentImports(user: ActingUser, organisationId: number) {
  requireImportingOrganisation(user, organisationId);
  return db()
    .select({
      id: metricImports.id,
      fileName: metricImports.fileName,
      rowCount: metricImports.rowCount,
      insertedCount: metricImports.insertedCount,
      updatedCount: metricImports.updatedCount,
      unchangedCount: metricImports.unchangedCount,
      createdAt: metricImports.createdAt,
    })
    .from(metricImports)
    .where(eq(metricImports.organisationId, organisationId))
    .orderBy(desc(metricImports.id))
    .limit(10)
    .all();
}

/** Organisations the user may import for (writes for), by name. */
export function importingOrganisations(user: ActingUser): Array<{ id: number; name: string }> {
  return user.memberships.filter((m) => canWriteFor(user, m.organisationId)).map((m) => ({ id: m.organisationId, name: m.organisationName }));
}

// ---------------------------------------------------------------- template

/** Column names of the template, in the user's language; each is one the import reads (or ignores, for the names). */
const TEMPLATE_HEADERS = {
  en: [
    "metric",
    "metric_name",
    "unit",
    "allowed_values",
    "relationship",
    "provider_name",
    "provider_business_id",
    "customer_name",
    "customer_business_id",
    "service",
    "month",
    "value",
  ],
  fi: [
    "mittari",
    "mittarin_nimi",
    "yksikkö",
    "sallitut_arvot",
    "suhde",
    "toimittajan_nimi",
    "toimittajan_y_tunnus",
    "asiakkaan_nimi",
    "asiakkaan_y_tunnus",
    "palvelu",
    "kuukausi",
    "arvo",
  ],
} as const;

/**
 * A file to fill in: one line per relationship the organisation records for
 * and per metric it records, for last month, with both parties' business
 * IDs, the relationship's number, and the value left blank (a blank value is
 * skipped on import). Names and units are there to read; the import ignores them.
 */
export async function importTemplateGrid(
  user: ActingUser,
  organisationId: number,
  i18n: { locale: "fi" | "en"; unitLabel: (unit: string) => string; boundsLabel: (bounds: { min: number | null; max: number | null }) => string },
  asOf = new Date(),
): Promise<Grid> {
  requireImportingOrganisation(user, organisationId);
  const rels = await visibleRelationships(user)
    .select(
      {
        id: relationships.id,
        serviceName: relationships.serviceName,
        providerName: provider.name,
        providerBusinessId: provider.businessId,
        customerName: customer.name,
        customerBusinessId: customer.businessId,
      },
      or(eq(relationships.providerId, organisationId), eq(relationships.customerId, organisationId)),
    )
    .orderBy(asc(provider.name), asc(customer.name), asc(relationships.id))
    .all();
  const metrics = await recordableMetrics(organisationId);
  const month = addMonths(monthOf(asOf), -1);
  const rows: GridCell[][] = [];
  for (const r of rels) {
    for (const m of metrics) {
      rows.push([
        m.key,
        i18n.locale === "fi" ? m.nameFi : m.nameEn,
        i18n.unitLabel(m.unit),
        i18n.boundsLabel(effectiveBounds(m)),
        r.id,
        r.providerName,
        r.providerBusinessId,
        r.customerName,
        r.customerBusinessId,
        r.serviceName,
        month,
        null,
      ]);
    }
  }
  return { title: i18n.locale === "fi" ? "Mittaukset" : "Measurements", header: [...TEMPLATE_HEADERS[i18n.locale]], rows };
}

/** One line of the format's example, from the organisation's own first relationship and metric (the page shows no ids). */
export async function importExample(user: ActingUser, organisationId: number, asOf = new Date()) {
  const grid = await importTemplateGrid(user, organisationId, { locale: "en", unitLabel: (u) => u, boundsLabel: () => "" }, asOf);
  // A percentage, so the example's value (96,5) reads right.
  const usable = grid.rows.filter((r) => r[6] && r[8]);
  const first = usable.find((r) => r[2] === "%") ?? usable[0];
  if (!first) return null;
  const [year, month] = String(first[10]).split("-");
  return { metric: String(first[0]), providerBusinessId: String(first[6]), customerBusinessId: String(first[8]), month: `${Number(month)}/${year}` };
}
