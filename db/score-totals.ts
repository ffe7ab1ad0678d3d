import type Database from "better-sqlite3";
import { FACTORS } from "../app/domain/factors";
import { installGeneratedTriggers, suspendGeneratedTriggers } from "./generated-triggers";

/**
 * submitted_score_totals (docs/decisions/0010-score-totals.md): per
 * relationship × quarter × side, the total and count of the submitted,
 * applicable scores of each factor, kept by triggers in the same transaction
 * as every write. Everything here is generated from the factor list, in one
 * place: the triggers, the fill, and their installation.
 */

const TOTAL_COLUMNS = FACTORS.map((f) => `${f}_total, ${f}_n`).join(", ");
const SUMS = FACTORS.map(
  (f) => `coalesce(sum(CASE WHEN s.factor = '${f}' THEN s.score END), 0) AS ${f}_total, count(CASE WHEN s.factor = '${f}' THEN s.score END) AS ${f}_n`,
).join(",\n    ");
const INSERT_HEAD = `INSERT INTO submitted_score_totals (relationship_id, period, side, ${TOTAL_COLUMNS})
  SELECT a.relationship_id, a.period, a.side,
    ${SUMS}`;

/** The key a trigger recomputes: an assessment row's own (NEW/OLD), or that of the assessment a score row belongs to. */
type Key = { of: "assessment row" | "score row"; ref: "NEW" | "OLD" };

/** Recomputes one (relationship, quarter, side) from the source rows: no increments, so nothing drifts. */
function recompute({ of, ref }: Key): string {
  if (of === "assessment row") {
    return `  DELETE FROM submitted_score_totals WHERE relationship_id = ${ref}.relationship_id AND period = ${ref}.period AND side = ${ref}.side;
  ${INSERT_HEAD}
  FROM assessments a JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE a.relationship_id = ${ref}.relationship_id AND a.period = ${ref}.period AND a.side = ${ref}.side AND a.status = 'submitted'
    AND EXISTS (SELECT 1 FROM relationships WHERE id = ${ref}.relationship_id)
  GROUP BY a.relationship_id, a.period, a.side;`;
  }
  return `  DELETE FROM submitted_score_totals WHERE (relationship_id, period, side) IN (SELECT relationship_id, period, side FROM assessments WHERE id = ${ref}.assessment_id);
  ${INSERT_HEAD}
  FROM assessments k
    JOIN assessments a ON a.relationship_id = k.relationship_id AND a.side = k.side AND a.period = k.period
    JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE k.id = ${ref}.assessment_id AND a.status = 'submitted'
  GROUP BY a.relationship_id, a.period, a.side;`;
}

const SUBMITTED_SCORE = (ref: "NEW" | "OLD") => `(SELECT status FROM assessments WHERE id = ${ref}.assessment_id) = 'submitted'`;

/** Which writes recompute which keys. */
const TRIGGERS: ReadonlyArray<{ name: string; event: string; when: string; keys: Key[] }> = [
  {
    name: "score_totals_assessment_insert",
    event: "AFTER INSERT ON assessments",
    when: "NEW.status = 'submitted'",
    keys: [{ of: "assessment row", ref: "NEW" }],
  },
  {
    name: "score_totals_assessment_update",
    event: "AFTER UPDATE OF status, relationship_id, period, side ON assessments",
    when: "OLD.status = 'submitted' OR NEW.status = 'submitted'",
    keys: [
      { of: "assessment row", ref: "OLD" },
      { of: "assessment row", ref: "NEW" },
    ],
  },
  {
    name: "score_totals_assessment_delete",
    event: "AFTER DELETE ON assessments",
    when: "OLD.status = 'submitted'",
    keys: [{ of: "assessment row", ref: "OLD" }],
  },
  { name: "score_totals_score_insert", event: "AFTER INSERT ON assessment_scores", when: SUBMITTED_SCORE("NEW"), keys: [{ of: "score row", ref: "NEW" }] },
  {
    name: "score_totals_score_update",
    event: "AFTER UPDATE ON assessment_scores",
    when: `${SUBMITTED_SCORE("OLD")} OR ${SUBMITTED_SCORE("NEW")}`,
    keys: [
      { of: "score row", ref: "OLD" },
      { of: "score row", ref: "NEW" },
    ],
  },
  { name: "score_totals_score_delete", event: "AFTER DELETE ON assessment_scores", when: SUBMITTED_SCORE("OLD"), keys: [{ of: "score row", ref: "OLD" }] },
];

/** The triggers' parts, for either engine's form (db/pg-triggers.ts makes PostgreSQL's). */
export function scoreTotalsTriggerParts(): Array<{ name: string; event: string; when?: string; body: string }> {
  return TRIGGERS.map(({ name, event, when, keys }) => ({ name, event, when, body: keys.map(recompute).join("\n") }));
}

/** The SQLite triggers that keep the table, as CREATE TRIGGER statements. */
export function scoreTotalsTriggers(): Array<{ name: string; sql: string }> {
  return scoreTotalsTriggerParts().map(({ name, event, when, body }) => ({
    name,
    sql: `CREATE TRIGGER ${name} ${event}\nWHEN ${when}\nBEGIN\n${body}\nEND`,
  }));
}

/**
 * Rebuilds submitted_score_totals from the source rows: for bulk loaders that
 * switch the triggers off (a trigger per row costs more than one grouped
 * insert at the end), for repairs, and after the triggers were (re)installed.
 */
export function refillScoreTotals(sqlite: Database.Database): void {
  sqlite.exec(REFILL_SCORE_TOTALS);
}

const TOTALS_FROM_SOURCE = `FROM assessments a JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE a.status = 'submitted'
  GROUP BY a.relationship_id, a.period, a.side`;

/** Empties the table and fills it from the source rows (standard SQL: both engines). */
export const REFILL_SCORE_TOTALS = `DELETE FROM submitted_score_totals;
  ${INSERT_HEAD}
  ${TOTALS_FROM_SOURCE};`;

/** Every row submitted_score_totals should hold, computed from the source rows (standard SQL: both engines). */
export const SCORE_TOTALS_FROM_SOURCE = `${INSERT_HEAD.replace(/^INSERT INTO submitted_score_totals \([^)]*\)\s*/, "")}
  ${TOTALS_FROM_SOURCE}`;

/**
 * Makes the database's triggers exactly the generated ones, idempotently: run
 * after every migration (a drizzle-kit table rebuild drops a table's
 * triggers with it). When any trigger was missing or different, the totals
 * are refilled, since writes may have gone uncounted. Returns whether it
 * changed anything.
 */
export function installScoreTotalsTriggers(sqlite: Database.Database): boolean {
  return installGeneratedTriggers(sqlite, "score_totals_", scoreTotalsTriggers(), () => refillScoreTotals(sqlite));
}

/** Drops the totals triggers and returns a function that puts them back and refills the table. */
export function suspendScoreTotals(sqlite: Database.Database): () => void {
  return suspendGeneratedTriggers(sqlite, scoreTotalsTriggers(), () => void installScoreTotalsTriggers(sqlite));
}
