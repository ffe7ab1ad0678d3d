/**
 * One relationship's row and the header every relationship sub-page shows
 * (service, chain, parties, stage, the user's side). Read through
 * visibleRelationships, so the row is scoped even though callers have
 * already checked access.
 */
import { eq } from "drizzle-orm";
import { relationships } from "../../db/tables";
import type { AssessmentSide, LifecycleStage } from "../domain/factors";
import type { RelationshipAccess } from "./access.server";
import type { ActingUser } from "./user.server";
import { visibleRelationships } from "./visible-relationships.server";

/** The relationship row with its chain and both parties, for a relationship the caller has already access-checked. */
export async function relationshipRow(user: ActingUser, id: number) {
  return (await visibleRelationships(user).rows(eq(relationships.id, id)).get())!;
}

/** The header facts every relationship sub-page shows. */
export type RelationshipHeader = {
  id: number;
  serviceName: string;
  chain: { id: number; name: string };
  provider: { id: number; name: string };
  customer: { id: number; name: string };
  stage: LifecycleStage;
  startDate: string;
  side: AssessmentSide | null;
  canWrite: boolean;
  /** May assess for that side: a writer member, or an invited assessor scoped to it (who cannot write anything else). */
  canAssess: boolean;
};

export async function relationshipHeader(user: ActingUser, access: RelationshipAccess): Promise<RelationshipHeader> {
  return headerOf(await relationshipRow(user, access.id), access);
}

/** The header from a row the caller has already read (relationshipRow), saving a second read of it. */
export function headerOf(r: Awaited<ReturnType<typeof relationshipRow>>, access: RelationshipAccess): RelationshipHeader {
  return {
    id: r.id,
    serviceName: r.serviceName,
    chain: { id: r.chainId, name: r.chainName },
    provider: { id: r.providerId, name: r.providerName },
    customer: { id: r.customerId, name: r.customerName },
    stage: r.stage,
    startDate: r.startDate,
    side: access.side,
    canWrite: access.canWrite,
    canAssess: access.canAssess,
  };
}
