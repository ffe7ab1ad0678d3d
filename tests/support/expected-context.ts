/**
 * A relationship's scoring context read straight from the tables, computed
 * here independently of the app's models: tests compare the app's scores
 * with scores computed from these inputs.
 */
import type { RelationshipContext } from "~/domain/scoring";
import { effectiveMaturity } from "~/domain/maturity";
import { isStartup } from "~/domain/size-class";
import type { TestSql } from "./test-sql";

type ContextRow = {
  start_date: string;
  maturity_override: null | "early" | "developing" | "mature";
  diversity: RelationshipContext["diversity"];
  criticality: RelationshipContext["criticality"];
  reference_customer: number;
  size_class: RelationshipContext["sizeClass"] | null;
  founded_year: number;
};

/** The context of `relationshipId` on `now`; a provider without a size class counts as medium, as in the app. */
export async function contextFromDatabase(sqlite: TestSql, relationshipId: number, now: Date): Promise<RelationshipContext> {
  const r = (await sqlite
    .prepare(
      `select r.start_date, r.maturity_override, r.diversity, r.criticality, r.reference_customer, o.size_class, o.founded_year
         from relationships r join organisations o on o.id = r.provider_id where r.id = ?`,
    )
    .get(relationshipId)) as ContextRow;
  return {
    sizeClass: r.size_class ?? "medium",
    startup: isStartup(r.founded_year, now),
    referenceCustomer: r.reference_customer === 1,
    maturity: effectiveMaturity(r.start_date, r.maturity_override, now)!,
    diversity: r.diversity,
    criticality: r.criticality,
  };
}
