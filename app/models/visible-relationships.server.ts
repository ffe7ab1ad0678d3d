/**
 * Relationship rows as the acting user may see them: the relationship with
 * its chain and both parties, with the visibility condition of
 * access.server.ts (docs/decisions/0006) bound once per user. Every query
 * built here carries that condition in its WHERE clause, so a caller can
 * narrow the rows but never widen them. A platform administrator sees all
 * rows through the same condition.
 *
 * The `provider` and `customer` aliases of `organisations` are defined here
 * once; other models that join the parties of a relationship import them.
 */
import { and, eq, type SQL, type SQLWrapper } from "drizzle-orm";
import type { SqliteRemoteResult } from "drizzle-orm/sqlite-proxy";
import { alias, type SelectedFields, type SQLiteSelectBase } from "drizzle-orm/sqlite-core";
import { chains, organisations, relationships } from "../../db/tables";
import { db, preparedStatement } from "../db.server";
import { visibleRelationshipCondition } from "./access.server";
import type { ActingUser } from "./user.server";

/** The providing party of a relationship (join on relationships.providerId). */
export const provider = alias(organisations, "provider");
/** The customer party of a relationship (join on relationships.customerId). */
export const customer = alias(organisations, "customer");

/** The columns of a relationship row: parties, chain, stage and the scoring context. */
export const RELATIONSHIP_ROW = {
  id: relationships.id,
  serviceName: relationships.serviceName,
  chainId: chains.id,
  chainName: chains.name,
  focalId: chains.focalOrganisationId,
  stage: relationships.lifecycleStage,
  startDate: relationships.startDate,
  maturityOverride: relationships.maturityOverride,
  maturityOverrideNote: relationships.maturityOverrideNote,
  diversity: relationships.diversity,
  criticality: relationships.criticality,
  referenceCustomer: relationships.referenceCustomer,
  providerId: provider.id,
  providerName: provider.name,
  providerSizeClass: provider.sizeClass,
  providerFoundedYear: provider.foundedYear,
  customerId: customer.id,
  customerName: customer.name,
  customerSizeClass: customer.sizeClass,
  customerFoundedYear: customer.foundedYear,
};

/** The tables every scoped select joins, none of them nullable. */
type Joined = { relationships: "not-null"; chains: "not-null"; provider: "not-null"; customer: "not-null" };

/**
 * A select over the joined tables with its WHERE clause already set: it can
 * be joined further, ordered, limited and run, but not given another WHERE.
 * (Spelled out because drizzle cannot infer a join over generic fields.)
 */
export type ScopedSelect<T extends SelectedFields> = Omit<
  SQLiteSelectBase<"relationships", "async", SqliteRemoteResult, T, "partial", Joined, false, "where">,
  "where"
>;

/**
 * The relationships `user` may see. `select(fields, ...where)` reads any
 * columns of the relationship, its chain and its parties (further tables
 * may be joined onto the result); `rows(...where)` reads RELATIONSHIP_ROW.
 * The `where` conditions only narrow: the visibility condition is always
 * part of the WHERE clause.
 */
export function visibleRelationships(user: ActingUser) {
  const visible = visibleRelationshipCondition(user);
  const select = <T extends SelectedFields>(fields: T, ...where: Array<SQL | undefined>): ScopedSelect<T> =>
    db()
      .select(fields as SelectedFields)
      .from(relationships)
      .innerJoin(chains, eq(chains.id, relationships.chainId))
      .innerJoin(provider, eq(provider.id, relationships.providerId))
      .innerJoin(customer, eq(customer.id, relationships.customerId))
      .where(and(visible, ...where)) as unknown as ScopedSelect<T>;
  /**
   * select() run as a prepared statement without the ORM's row mapping: each
   * row is an array of raw SQLite values in the order of `fields` (for long
   * lists read on every request). Same WHERE clause, so the same scope.
   */
  const raw = async <T extends SelectedFields>(
    fields: T,
    options: { where?: Array<SQL | undefined>; orderBy?: Array<SQLWrapper>; limit?: number } = {},
  ): Promise<unknown[][]> => {
    let query = select(fields, ...(options.where ?? [])) as unknown as { orderBy(...o: SQLWrapper[]): unknown; limit(n: number): unknown };
    if (options.orderBy?.length) query = query.orderBy(...options.orderBy) as typeof query;
    if (options.limit !== undefined) query = query.limit(options.limit) as typeof query;
    const built = (query as unknown as { toSQL(): { sql: string; params: unknown[] } }).toSQL();
    return (await preparedStatement(built.sql)
      .raw()
      .all(...built.params)) as unknown[][];
  };
  return {
    select,
    raw,
    rows: (...where: Array<SQL | undefined>) => select(RELATIONSHIP_ROW, ...where),
    /** rows(...where).all(), read raw and decoded column by column: the same objects, without the ORM's per-row machinery (a chain's hundreds of rows). */
    rowsAll: async (...where: Array<SQL | undefined>): Promise<RelationshipRow[]> =>
      (await raw(RELATIONSHIP_ROW, { where })).map((values) => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < ROW_KEYS.length; i++) row[ROW_KEYS[i]] = values[i] === null ? null : ROW_COLUMNS[i].mapFromDriverValue(values[i]);
        return row as RelationshipRow;
      }),
  };
}

const ROW_KEYS = Object.keys(RELATIONSHIP_ROW) as Array<keyof typeof RELATIONSHIP_ROW>;
/** Each column's own decoding of its stored value (booleans from 0/1, as drizzle maps them). */
const ROW_COLUMNS = ROW_KEYS.map((key) => RELATIONSHIP_ROW[key]);

export type VisibleRelationships = Awaited<ReturnType<typeof visibleRelationships>>;

/** One row of `visibleRelationships(user).rows()`. */
export type RelationshipRow = Awaited<ReturnType<ScopedSelect<typeof RELATIONSHIP_ROW>["all"]>>[number];
