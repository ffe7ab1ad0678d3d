import type Database from "better-sqlite3";
import { installGeneratedTriggers, suspendGeneratedTriggers } from "./generated-triggers";

/**
 * visible_metric_cells (docs/decisions/0015-visible-metric-cells.md): for
 * each organisation, the cells of other organisations' measurements that
 * the sharing rule (app/models/metric-access.server.ts) shows it, as
 * (viewer, recorder, relationship or null for organisation-level values,
 * metric or null for every metric). A cell does not depend on measurements,
 * only on grants, relationships and chains, so recording never touches it.
 *
 * The cells of one grantor are a function of its active grants and of the
 * chains it (or a chain its grants name) takes part in. Triggers recompute
 * whole grantors (delete + insert from the source rows, no increments), in
 * the same transaction as the write. Everything here is generated in one
 * place: the cell query, the triggers, the fill and their installation.
 */

/**
 * INSERT of the cells of every grantor in `grantorSet` (an SQL expression
 * yielding organisation ids; NEW/OLD may be used in a trigger).
 *
 * Metric null dominates: when a grant covers every metric of a cell, the
 * metric-specific cells of the same (viewer, recorder, relationship) are
 * left out, so a join with measurements meets each measurement at most once.
 */
export function insertCellsSql(grantorSet: string): string {
  return `INSERT INTO visible_metric_cells (viewer_organisation_id, recorded_by_organisation_id, relationship_id, metric_id)
WITH RECURSIVE
  active AS (
    SELECT id, grantor_organisation_id AS grantor_id, metric_id, relationship_id, audience, grantee_organisation_id, chain_id
    FROM sharing_grants WHERE revoked_at IS NULL AND grantor_organisation_id IN (${grantorSet})),
  grantors(id) AS (SELECT DISTINCT grantor_id FROM active),
  -- (chain, organisation) pairs whose upstream and downstream we need: every chain a grantor is a party of, and every chain a grant names
  seeds(chain_id, origin) AS (
    SELECT r.chain_id, r.provider_id FROM relationships r WHERE r.provider_id IN (SELECT id FROM grantors)
    UNION SELECT r.chain_id, r.customer_id FROM relationships r WHERE r.customer_id IN (SELECT id FROM grantors)
    UNION SELECT chain_id, grantor_id FROM active WHERE chain_id IS NOT NULL),
  -- org_id is upstream of origin in the chain (a provider to it, recursively)
  up(chain_id, origin, org_id) AS (
    SELECT r.chain_id, s.origin, r.provider_id FROM seeds s JOIN relationships r ON r.customer_id = s.origin AND r.chain_id = s.chain_id
    UNION SELECT r.chain_id, up.origin, r.provider_id FROM up JOIN relationships r ON r.customer_id = up.org_id AND r.chain_id = up.chain_id),
  -- org_id is downstream of origin in the chain (its customer, recursively)
  down(chain_id, origin, org_id) AS (
    SELECT r.chain_id, s.origin, r.customer_id FROM seeds s JOIN relationships r ON r.provider_id = s.origin AND r.chain_id = s.chain_id
    UNION SELECT r.chain_id, down.origin, r.customer_id FROM down JOIN relationships r ON r.provider_id = down.org_id AND r.chain_id = down.chain_id),
  -- whom a grant reaches, but for its counterparts (they depend on the relationship)
  audience(grant_id, viewer_id) AS (
    SELECT id, grantee_organisation_id FROM active WHERE audience = 'organisation'
    UNION SELECT a.id, r.provider_id FROM active a JOIN relationships r ON r.chain_id = a.chain_id WHERE a.audience = 'chain'
    UNION SELECT a.id, r.customer_id FROM active a JOIN relationships r ON r.chain_id = a.chain_id WHERE a.audience = 'chain'
    UNION SELECT a.id, up.org_id FROM active a JOIN up ON up.chain_id = a.chain_id AND up.origin = a.grantor_id WHERE a.audience = 'chain_upstream'
    UNION SELECT a.id, down.org_id FROM active a JOIN down ON down.chain_id = a.chain_id AND down.origin = a.grantor_id WHERE a.audience = 'chain_downstream'),
  -- the relationships a grant covers: the one it names, or (for all relationships) the grantor's own, in its chain when it names one
  covered(grant_id, grantor_id, metric_id, audience, named, relationship_id, chain_id, provider_id, customer_id) AS (
    SELECT a.id, a.grantor_id, a.metric_id, a.audience, 1, r.id, r.chain_id, r.provider_id, r.customer_id
    FROM active a JOIN relationships r ON r.id = a.relationship_id
    WHERE a.chain_id IS NULL OR a.chain_id = r.chain_id
    UNION ALL
    SELECT a.id, a.grantor_id, a.metric_id, a.audience, 0, r.id, r.chain_id, r.provider_id, r.customer_id
    FROM active a JOIN relationships r ON r.provider_id = a.grantor_id
    WHERE a.relationship_id IS NULL AND (a.chain_id IS NULL OR a.chain_id = r.chain_id)
    UNION ALL
    SELECT a.id, a.grantor_id, a.metric_id, a.audience, 0, r.id, r.chain_id, r.provider_id, r.customer_id
    FROM active a JOIN relationships r ON r.customer_id = a.grantor_id
    WHERE a.relationship_id IS NULL AND (a.chain_id IS NULL OR a.chain_id = r.chain_id)),
  reached(viewer_id, grantor_id, metric_id, named, relationship_id, chain_id, provider_id, customer_id) AS (
    SELECT au.viewer_id, c.grantor_id, c.metric_id, c.named, c.relationship_id, c.chain_id, c.provider_id, c.customer_id
    FROM covered c JOIN audience au ON au.grant_id = c.grant_id
    UNION ALL
    SELECT c.provider_id, c.grantor_id, c.metric_id, c.named, c.relationship_id, c.chain_id, c.provider_id, c.customer_id
    FROM covered c WHERE c.audience = 'counterpart'
    UNION ALL
    SELECT c.customer_id, c.grantor_id, c.metric_id, c.named, c.relationship_id, c.chain_id, c.provider_id, c.customer_id
    FROM covered c WHERE c.audience = 'counterpart'),
  raw(viewer_id, grantor_id, relationship_id, metric_id) AS (
    -- relationship cells, with the peer rule for grants over all relationships
    SELECT viewer_id, grantor_id, relationship_id, metric_id FROM reached x
    WHERE x.viewer_id <> x.grantor_id
      AND (x.named = 1
        OR x.viewer_id IN (x.provider_id, x.customer_id)
        OR (x.customer_id = x.grantor_id
          AND NOT EXISTS (SELECT 1 FROM up WHERE up.chain_id = x.chain_id AND up.origin = x.grantor_id AND up.org_id = x.viewer_id))
        OR (x.provider_id = x.grantor_id
          AND NOT EXISTS (SELECT 1 FROM down WHERE down.chain_id = x.chain_id AND down.origin = x.grantor_id AND down.org_id = x.viewer_id)))
    UNION
    -- organisation-level cells (no relationship): grants over all relationships reach them through their audience
    SELECT au.viewer_id, a.grantor_id, NULL, a.metric_id FROM active a JOIN audience au ON au.grant_id = a.id
    WHERE a.relationship_id IS NULL AND au.viewer_id <> a.grantor_id)
SELECT viewer_id, grantor_id, relationship_id, metric_id FROM raw r1
WHERE r1.metric_id IS NULL
  OR NOT EXISTS (SELECT 1 FROM raw r2 WHERE r2.viewer_id = r1.viewer_id AND r2.grantor_id = r1.grantor_id
    AND r2.relationship_id IS r1.relationship_id AND r2.metric_id IS NULL)`;
}

/** Recomputes the cells of every grantor in `grantorSet`. */
function recompute(grantorSet: string): string {
  return `  DELETE FROM visible_metric_cells WHERE recorded_by_organisation_id IN (${grantorSet});
  ${insertCellsSql(grantorSet)};`;
}

/**
 * The grantors whose cells a change of a relationship in chain `chain` can
 * change: its parties (the relationships a grant over all relationships
 * covers, and the reach the peer rule reads), grantors of grants naming the
 * chain (its audience), and grantors of grants naming the relationship.
 */
function grantorsOfChain(ref: "NEW" | "OLD"): string {
  return `SELECT provider_id FROM relationships WHERE chain_id = ${ref}.chain_id
    UNION SELECT customer_id FROM relationships WHERE chain_id = ${ref}.chain_id
    UNION SELECT grantor_organisation_id FROM sharing_grants WHERE chain_id = ${ref}.chain_id
    UNION SELECT grantor_organisation_id FROM sharing_grants WHERE relationship_id = ${ref}.id
    UNION SELECT ${ref}.provider_id UNION SELECT ${ref}.customer_id`;
}

const TRIGGERS: ReadonlyArray<{ name: string; event: string; when?: string; body: string }> = [
  { name: "visible_cells_grant_insert", event: "AFTER INSERT ON sharing_grants", body: recompute("NEW.grantor_organisation_id") },
  {
    // Revoking, undoing a revocation, or any other change of a grant.
    name: "visible_cells_grant_update",
    event: "AFTER UPDATE ON sharing_grants",
    body: recompute("OLD.grantor_organisation_id, NEW.grantor_organisation_id"),
  },
  { name: "visible_cells_grant_delete", event: "AFTER DELETE ON sharing_grants", body: recompute("OLD.grantor_organisation_id") },
  { name: "visible_cells_relationship_insert", event: "AFTER INSERT ON relationships", body: recompute(grantorsOfChain("NEW")) },
  {
    // Only the parties and the chain matter; stage, dates and names do not.
    name: "visible_cells_relationship_update",
    event: "AFTER UPDATE OF chain_id, provider_id, customer_id ON relationships",
    body: recompute(`${grantorsOfChain("OLD")} UNION ${grantorsOfChain("NEW")}`),
  },
  { name: "visible_cells_relationship_delete", event: "AFTER DELETE ON relationships", body: recompute(grantorsOfChain("OLD")) },
  {
    // Its grants went with it (cascade, their own triggers); what it was shown goes too.
    name: "visible_cells_organisation_delete",
    event: "AFTER DELETE ON organisations",
    body: "  DELETE FROM visible_metric_cells WHERE viewer_organisation_id = OLD.id OR recorded_by_organisation_id = OLD.id;",
  },
];

/** The SQLite triggers that keep the table, as CREATE TRIGGER statements. */
/** The triggers' parts, for either engine's form (db/pg-triggers.ts makes PostgreSQL's). */
export function visibleCellsTriggerParts(): ReadonlyArray<{ name: string; event: string; when?: string; body: string }> {
  return TRIGGERS;
}

export function visibleCellsTriggers(): Array<{ name: string; sql: string }> {
  return TRIGGERS.map(({ name, event, when, body }) => ({
    name,
    sql: `CREATE TRIGGER ${name} ${event}\n${when ? `WHEN ${when}\n` : ""}BEGIN\n${body}\nEND`,
  }));
}

/** Every grantor with an active grant. */
const ALL_GRANTORS = "SELECT grantor_organisation_id FROM sharing_grants WHERE revoked_at IS NULL";

/**
 * Rebuilds visible_metric_cells from the source rows: after the triggers were
 * (re)installed, for bulk loaders that switch them off, and for repairs.
 */
/** Every cell, from the active grants (the refill's SELECT, either engine). */
export const ALL_GRANTORS_SQL = ALL_GRANTORS;

export function refillVisibleCells(sqlite: Database.Database): void {
  sqlite.exec(`DELETE FROM visible_metric_cells;\n${insertCellsSql(ALL_GRANTORS)};`);
}

/**
 * Makes the database's triggers exactly the generated ones, idempotently: run
 * after every migration (a drizzle-kit rebuild of sharing_grants,
 * relationships or organisations drops their triggers). When any was missing
 * or different, the table is refilled, since changes may have gone unseen.
 * Returns whether it changed anything.
 */
export function installVisibleCellsTriggers(sqlite: Database.Database): boolean {
  const hasTable = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'visible_metric_cells'").get();
  if (!hasTable) return false;
  return installGeneratedTriggers(sqlite, "visible_cells_", visibleCellsTriggers(), () => refillVisibleCells(sqlite));
}

/** Drops the triggers and returns a function that puts them back and refills the table (bulk loaders). */
export function suspendVisibleCells(sqlite: Database.Database): () => void {
  return suspendGeneratedTriggers(sqlite, visibleCellsTriggers(), () => void installVisibleCellsTriggers(sqlite));
}
