/**
 * A second focal company for the compare and portfolio scope tests: its own
 * chain, a supplier, a project lead and one relationship with submitted
 * assessments of both sides in 2026-Q3 (every factor scored 1).
 */
import { writeTransaction } from "~/db.server";
import { assessmentScores, assessments, chains, memberships, organisations, relationships, users } from "../../db/tables";
import { FACTORS } from "~/domain/factors";
import { hashPassword } from "~/models/password.server";

export const OTHER_LEAD = { email: "lead@toinenyritys.example", password: "other-company-2026" };
export const OTHER_NAMES = ["Toinen Yritys Oy", "Vieras Toimittaja Oy", "Salainen palvelu", "Toisen yrityksen ketju"];

export async function addOtherCompany(): Promise<{ relationshipId: number; chainId: number }> {
  const passwordHash = await hashPassword(OTHER_LEAD.password);
  return writeTransaction(async (database) => {
    const company = await database.insert(organisations).values({ name: OTHER_NAMES[0], sizeClass: "small", foundedYear: 2001 }).returning().get();
    const supplier = await database.insert(organisations).values({ name: OTHER_NAMES[1], sizeClass: "large", foundedYear: 1990 }).returning().get();
    const user = await database.insert(users).values({ email: OTHER_LEAD.email, name: "Olga Muu", passwordHash }).returning().get();
    await database.insert(memberships).values({ userId: user.id, organisationId: company.id, role: "project_lead" }).run();
    const chain = await database.insert(chains).values({ name: OTHER_NAMES[3], focalOrganisationId: company.id }).returning().get();
    const rel = await database
      .insert(relationships)
      .values({
        chainId: chain.id,
        providerId: supplier.id,
        customerId: company.id,
        serviceName: OTHER_NAMES[2],
        startDate: "2020-01-01",
        lifecycleStage: "active",
        diversity: "mixed",
        criticality: "high",
      })
      .returning()
      .get();
    for (const side of ["customer", "provider"] as const) {
      const a = await database
        .insert(assessments)
        .values({
          relationshipId: rel.id,
          side,
          period: "2026-Q3",
          organisationId: side === "customer" ? company.id : supplier.id,
          assessorUserId: user.id,
          status: "submitted",
          submittedAt: "2026-10-01T00:00:00.000Z",
        })
        .returning()
        .get();
      await database
        .insert(assessmentScores)
        .values(FACTORS.map((factor) => ({ assessmentId: a.id, factor, score: 1 })))
        .run();
    }
    return { relationshipId: rel.id, chainId: chain.id };
  });
}
