/**
 * The generated triggers (score totals, visible metric cells) in
 * PostgreSQL's form: each SQLite trigger becomes a plpgsql function and a
 * row trigger that runs it. Their bodies are the same statements; the WHEN
 * clause moves into the function (PostgreSQL refuses subqueries in a
 * trigger's WHEN), and SQLite's `a IS b` becomes `a IS NOT DISTINCT FROM b`.
 */
import type pg from "pg";
import { REFILL_SCORE_TOTALS, scoreTotalsTriggerParts } from "./score-totals";
import { ALL_GRANTORS_SQL, insertCellsSql, visibleCellsTriggerParts } from "./visible-metric-cells";

type TriggerParts = { name: string; event: string; when?: string; body: string };

/** SQLite-only syntax in the shared SQL, rewritten for PostgreSQL. */
export function portTriggerSql(text: string): string {
  return text.replace(/(\w+\.\w+) IS (\w+\.\w+)/g, "$1 IS NOT DISTINCT FROM $2");
}

function functionBody({ when, body }: TriggerParts): string {
  return `
BEGIN
  IF ${when ? portTriggerSql(when) : "true"} THEN
${portTriggerSql(body)}
  END IF;
  RETURN NULL;
END
`;
}

function postgresTrigger(trigger: TriggerParts): string {
  const { name, event } = trigger;
  const table = /\bON (\w+)$/.exec(event)?.[1];
  if (!table) throw new Error(`No table in the trigger event "${event}"`);
  return `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$${functionBody(trigger)}$fn$;
DROP TRIGGER IF EXISTS ${name} ON ${table};
CREATE TRIGGER ${name} ${event} FOR EACH ROW EXECUTE FUNCTION ${name}();`;
}

const ALL_TRIGGERS = (): TriggerParts[] => [...scoreTotalsTriggerParts(), ...visibleCellsTriggerParts()];

/**
 * Makes the database's generated triggers exactly the current ones, in the
 * caller's transaction. When any was missing or different, the tables they
 * keep are refilled, since writes may have gone uncounted. Returns whether it
 * changed anything.
 */
export async function installPostgresTriggers(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ name: string; source: string }>(
    `select t.tgname as name, p.prosrc as source from pg_trigger t join pg_proc p on p.oid = t.tgfoid where not t.tgisinternal`,
  );
  const installed = new Map(rows.map((r) => [r.name, r.source]));
  const wanted = ALL_TRIGGERS();
  if (wanted.every((t) => installed.get(t.name) === functionBody(t))) return false;
  for (const trigger of wanted) await client.query(postgresTrigger(trigger));
  await refillPostgresDerivedTables(client);
  return true;
}

/** Drops the generated triggers (a bulk copy fills their tables itself); installPostgresTriggers puts them back. */
export async function dropPostgresTriggers(client: pg.ClientBase): Promise<void> {
  for (const { name, event } of ALL_TRIGGERS()) {
    const table = /\bON (\w+)$/.exec(event)![1];
    await client.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
  }
}

/** Recomputes submitted_score_totals and visible_metric_cells from their source rows. */
export async function refillPostgresDerivedTables(client: pg.ClientBase): Promise<void> {
  await client.query(REFILL_SCORE_TOTALS);
  await client.query(`DELETE FROM visible_metric_cells; ${portTriggerSql(insertCellsSql(ALL_GRANTORS_SQL))}`);
}
