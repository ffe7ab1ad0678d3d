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
import { and, eq, type SQL } from "drizzle-orm";
import type { RunResult } from "better-sqlite3";
import { alias, type SelectedFields, type SQLiteSelectBase } from "drizzle-orm/sqlite-core";
import { chains, organisations, relationships } from "../../db/schema";
import { db } from "../db.server";
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
export type ScopedSelect<T extends SelectedFields> = Omit<SQLiteSelectBase<"relationships", "sync", RunResult, T, "partial", Joined, false, "where">, "where">;

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
  return {
    select,
    rows: (...where: Array<SQL | undefined>) => select(RELATIONSHIP_ROW, ...where),
  };
}

export type VisibleRelationships = ReturnType<typeof visibleRelationships>;

/** One row of `visibleRelationships(user).rows()`. */
export type RelationshipRow = ReturnType<ReturnType<VisibleRelationships["rows"]>["all"]>[number];
