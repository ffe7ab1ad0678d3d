/**
 * The relationship's context edits: the maturity override (a writer of
 * either party may set or clear it; audited with before and after).
 */
import { eq } from "drizzle-orm";
import { relationships } from "../../db/tables";
import { writeTransaction } from "../db.server";
import { maturityFromStartDate } from "../domain/maturity";
import type { MaturityOverrideInput } from "../forms/relationship-context";
import { forbidden, requireRelationshipAccess } from "./access.server";
import { audit } from "./audit.server";
import { headerOf, relationshipRow } from "./relationship-header.server";
import { calendarNow, type ActingUser } from "./user.server";
import { lockRelationships } from "./write-guards.server";

export async function getContextForm(user: ActingUser, relationshipId: number, asOf = calendarNow(user)) {
  const access = await requireRelationshipAccess(user, relationshipId);
  const r = await relationshipRow(user, access.id);
  return {
    header: headerOf(r, access),
    derivedMaturity: maturityFromStartDate(r.startDate, asOf),
    maturityOverride: r.maturityOverride,
    maturityOverrideNote: r.maturityOverrideNote,
  };
}

/** Sets or clears the maturity override (writers of either party); audited with before/after. */
export async function setMaturityOverride(user: ActingUser, relationshipId: number, input: MaturityOverrideInput): Promise<void> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite) forbidden();
  await writeTransaction(async (tx) => {
    // So `before` (for the audit) is the value this edit replaces.
    await lockRelationships([access.id]);
    const before = (await tx
      .select({ maturityOverride: relationships.maturityOverride, maturityOverrideNote: relationships.maturityOverrideNote })
      .from(relationships)
      .where(eq(relationships.id, access.id))
      .get())!;
    const after =
      input.maturity === "derived"
        ? { maturityOverride: null, maturityOverrideNote: null }
        : { maturityOverride: input.maturity, maturityOverrideNote: input.note ?? null };
    await tx
      .update(relationships)
      .set({ ...after, updatedAt: new Date().toISOString() })
      .where(eq(relationships.id, access.id))
      .run();
    await audit({
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
