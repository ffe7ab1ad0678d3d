import type Database from "better-sqlite3";
import { FACTORS } from "../app/domain/factors";

/**
 * Rebuilds submitted_score_totals from the source rows: the same fill as
 * migration 0001, for bulk loaders that switch the triggers off (a trigger
 * per row costs more than one grouped insert at the end) and for repairs.
 */
export function refillScoreTotals(sqlite: Database.Database): void {
  const columns = FACTORS.map((f) => `${f}_total, ${f}_n`).join(", ");
  const sums = FACTORS.map(
    (f) => `coalesce(sum(case when s.factor = '${f}' then s.score end), 0), count(case when s.factor = '${f}' then s.score end)`,
  ).join(", ");
  sqlite.exec(`delete from submitted_score_totals;
    insert into submitted_score_totals (relationship_id, period, side, ${columns})
    select a.relationship_id, a.period, a.side, ${sums}
      from assessments a join assessment_scores s on s.assessment_id = a.id
     where a.status = 'submitted'
     group by a.relationship_id, a.period, a.side;`);
}

/** Drops the totals triggers and returns a function that puts them back and refills the table. */
export function suspendScoreTotals(sqlite: Database.Database): () => void {
  const triggers = sqlite
    .prepare("select name, sql from sqlite_master where type = 'trigger' and name like 'score_totals_%'")
    .all() as { name: string; sql: string }[];
  for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`);
  return () => {
    refillScoreTotals(sqlite);
    for (const { sql } of triggers) sqlite.exec(sql);
  };
}
