/**
 * The relationship's context edits: the maturity override (a writer of
 * either party may set or clear it; audited with before and after).
 */
import { eq } from "drizzle-orm";
import { relationships } from "../../db/schema";
import { writeTransaction } from "../db.server";
import { maturityFromStartDate } from "../domain/maturity";
import type { MaturityOverrideInput } from "../forms/relationship-context";
import { forbidden, requireRelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import { relationshipHeader, relationshipRow } from "./relationship-header.server";
import { calendarNow, type ActingUser } from "./user.server";

export function getContextForm(user: ActingUser, relationshipId: number, asOf = calendarNow(user)) {
  const access = requireRelationshipAccess(user, relationshipId);
  const r = relationshipRow(user, access.id);
  return {
    header: relationshipHeader(user, access),
    derivedMaturity: maturityFromStartDate(r.startDate, asOf),
    maturityOverride: r.maturityOverride,
    maturityOverrideNote: r.maturityOverrideNote,
  };
}

/** Sets or clears the maturity override (writers of either party); audited with before/after. */
export function setMaturityOverride(user: ActingUser, relationshipId: number, input: MaturityOverrideInput): void {
  const access = requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite) forbidden();
  writeTransaction((tx) => {
    const before = tx
      .select({ maturityOverride: relationships.maturityOverride, maturityOverrideNote: relationships.maturityOverrideNote })
      .from(relationships)
      .where(eq(relationships.id, access.id))
      .get()!;
    const after =
      input.maturity === "derived"
        ? { maturityOverride: null, maturityOverrideNote: null }
        : { maturityOverride: input.maturity, maturityOverrideNote: input.note ?? null };
    tx.update(relationships)
      .set({ ...after, updatedAt: new Date().toISOString() })
      .where(eq(relationships.id, access.id))
      .run();
    audit({
      action: "relationship.maturity_override",
      actorUserId: user.id,
      actorOrganisationId: access.organisationId,
      entityType: "relationship",
      entityId: access.id,
      before,
      after,
    });
  });
}
