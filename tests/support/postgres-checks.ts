/**
 * PostgreSQL's stand-ins for SQLite's `integrity_check` and
 * `foreign_key_check`, for tests that crash or upgrade a database: every
 * foreign key is validated and holds (an anti-join per key), and the derived
 * tables (score totals, visible metric cells) equal a recomputation from
 * their source rows.
 */
import type pg from "pg";
import { refillPostgresDerivedTables } from "../../db/pg-triggers";

type ForeignKey = { name: string; child: string; parent: string; childColumns: string[]; parentColumns: string[]; validated: boolean };

/** The foreign keys of the public schema, with their columns in key order. */
export async function foreignKeys(client: pg.ClientBase): Promise<ForeignKey[]> {
  const { rows } = await client.query<{
    name: string;
    child: string;
    parent: string;
    child_columns: string[];
    parent_columns: string[];
    validated: boolean;
  }>(
    `select c.conname as name, ct.relname as child, pt.relname as parent, c.convalidated as validated,
       array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, i)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.i) as child_columns,
       array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, i)
             join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.i) as parent_columns
     from pg_constraint c
       join pg_class ct on ct.oid = c.conrelid join pg_namespace n on n.oid = ct.relnamespace
       join pg_class pt on pt.oid = c.confrelid
     where c.contype = 'f' and n.nspname = 'public'
     order by ct.relname, c.conname`,
  );
  return rows.map((r) => ({
    name: r.name,
    child: r.child,
    parent: r.parent,
    childColumns: r.child_columns,
    parentColumns: r.parent_columns,
    validated: r.validated,
  }));
}

/**
 * Every foreign key that does not hold, as "child(columns) -> parent: n rows"
 * (or "not validated"): empty when all hold. A key with a null column is not
 * checked (MATCH SIMPLE, as PostgreSQL and SQLite do).
 */
export async function danglingForeignKeys(client: pg.ClientBase): Promise<string[]> {
  const keys = await foreignKeys(client);
  if (keys.length === 0) throw new Error("No foreign keys found: is the database migrated?");
  const out: string[] = [];
  for (const key of keys) {
    const label = `${key.child}(${key.childColumns.join(", ")}) -> ${key.parent}`;
    if (!key.validated) out.push(`${label}: not validated`);
    const notNull = key.childColumns.map((c) => `c."${c}" is not null`).join(" and ");
    const match = key.childColumns.map((c, i) => `p."${key.parentColumns[i]}" = c."${c}"`).join(" and ");
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from "${key.child}" c where ${notNull} and not exists (select 1 from "${key.parent}" p where ${match})`,
    );
    if (rows[0].n > 0) out.push(`${label}: ${rows[0].n} rows`);
  }
  return out;
}

/**
 * The derived tables that differ from what a refill from their source rows
 * gives (computed in a transaction that is rolled back): empty when the
 * triggers kept them exactly.
 */
export async function derivedTablesDrift(client: pg.ClientBase): Promise<string[]> {
  const read = async () => ({
    submitted_score_totals: (await client.query("select * from submitted_score_totals order by relationship_id, period, side")).rows,
    visible_metric_cells: (await client.query("select * from visible_metric_cells order by 1, 2, 3, 4")).rows,
  });
  const stored = await read();
  await client.query("begin");
  let refilled: typeof stored;
  try {
    await refillPostgresDerivedTables(client);
    refilled = await read();
  } finally {
    await client.query("rollback");
  }
  return (Object.keys(stored) as Array<keyof typeof stored>).filter((t) => JSON.stringify(stored[t]) !== JSON.stringify(refilled[t]));
}
