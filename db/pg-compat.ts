/**
 * The model code is written once against drizzle's sqlite-core builders in
 * async mode: it ends a query with `.all()`, `.get()`, `.run()` or
 * `.values()`, and prepares with `.prepare()`. drizzle's pg-core builders
 * build the same queries but end them with `await` or `.execute()`. This
 * gives the pg-core builders the sqlite-core endings, so the same model
 * call runs on PostgreSQL (docs/decisions/0019-postgresql-runtime.md).
 */
import { PgDeleteBase, PgInsertBase, PgSelectBase, PgUpdateBase } from "drizzle-orm/pg-core";

type Executable = { execute(placeholders?: Record<string, unknown>): Promise<unknown> };
type Preparable = { _prepare(name?: string): Executable };

const rowsOf = (result: unknown): unknown[] => (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []));

/** The sqlite-core endings over an executable query (a builder or a prepared query). */
function endings(run: (placeholders?: Record<string, unknown>) => Promise<unknown>) {
  return {
    all: (placeholders?: Record<string, unknown>) => run(placeholders).then(rowsOf),
    get: (placeholders?: Record<string, unknown>) => run(placeholders).then((result) => rowsOf(result)[0]),
    run: (placeholders?: Record<string, unknown>) => run(placeholders),
    // Rows as arrays in the selection's order, as SQLite's raw mode gives them.
    values: (placeholders?: Record<string, unknown>) => run(placeholders).then((result) => rowsOf(result).map((row) => Object.values(row as object))),
    execute: run,
  };
}

let installed = false;

export function installPgCompat(): void {
  if (installed) return;
  installed = true;
  for (const builder of [PgSelectBase, PgInsertBase, PgUpdateBase, PgDeleteBase] as unknown as Array<{ prototype: Preparable & Executable }>) {
    const proto = builder.prototype as unknown as Record<string, unknown>;
    for (const method of ["all", "get", "run", "values"] as const) {
      proto[method] = function (this: Executable, placeholders?: Record<string, unknown>) {
        return endings((p) => this.execute(p))[method](placeholders);
      };
    }
    // sqlite-core's prepare() takes no name; an unnamed PostgreSQL statement is planned per run, as SQLite's cached one is not.
    proto.prepare = function (this: Preparable) {
      const prepared = this._prepare();
      return endings((p) => prepared.execute(p));
    };
  }
}
