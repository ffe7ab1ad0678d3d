/**
 * Rows for tests, written and read through the drizzle schema instead of
 * raw SQL strings, so the tests follow the schema and run on either engine:
 * through the app's own database (db(): the test file's SQLite file or
 * PostgreSQL database, set up by tests/support/test-db.ts). Each factory
 * takes the columns that matter to the test, fills the other required ones
 * with plain defaults, and returns the new row's id.
 */
import { and, eq } from "drizzle-orm";
import { db } from "~/db.server";
import { assessmentScores, assessments, chains, lifecycleEvents, measurements, memberships, organisations, relationships, users } from "../../db/tables";

function found<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`No ${what} in the test database`);
  return row;
}

// --- Lookups by the seed's natural keys -----------------------------------

/** The id of the person with this email. */
export async function userIdOf(email: string): Promise<number> {
  return found(await db().select({ id: users.id }).from(users).where(eq(users.email, email)).get(), `user ${email}`).id;
}

/** The organisation a person acts for (their first membership). */
export async function organisationIdOf(email: string): Promise<number> {
  const row = await db()
    .select({ id: memberships.organisationId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(users.email, email))
    .orderBy(memberships.id)
    .get();
  return found(row, `membership of ${email}`).id;
}

/** The organisation with this name. */
export async function organisationIdNamed(name: string): Promise<number> {
  return found(await db().select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name)).get(), `organisation ${name}`).id;
}

/** The relationship in which `providerId` delivers to `customerId`. */
export async function relationshipIdBetween(providerId: number, customerId: number): Promise<number> {
  const row = await db()
    .select({ id: relationships.id })
    .from(relationships)
    .where(and(eq(relationships.providerId, providerId), eq(relationships.customerId, customerId)))
    .get();
  return found(row, `relationship ${providerId} -> ${customerId}`).id;
}

// --- Factories --------------------------------------------------------------

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];

async function inserted(rows: Promise<Array<{ id: number }>>): Promise<number> {
  return found((await rows)[0], "inserted row").id;
}

export async function insertOrganisation(values: Insert<typeof organisations>): Promise<number> {
  return inserted(db().insert(organisations).values(values).returning({ id: organisations.id }).all());
}

export async function insertUser(values: Omit<Insert<typeof users>, "passwordHash"> & { passwordHash?: string }): Promise<number> {
  // "x" is no valid hash: the person cannot sign in unless the test sets one.
  return inserted(
    db()
      .insert(users)
      .values({ passwordHash: "x", ...values })
      .returning({ id: users.id })
      .all(),
  );
}

export async function insertMembership(values: Insert<typeof memberships>): Promise<number> {
  return inserted(db().insert(memberships).values(values).returning({ id: memberships.id }).all());
}

export async function insertChain(values: Insert<typeof chains>): Promise<number> {
  return inserted(db().insert(chains).values(values).returning({ id: chains.id }).all());
}

export async function insertRelationship(
  values: Omit<Insert<typeof relationships>, "serviceName" | "startDate" | "lifecycleStage" | "diversity" | "criticality"> &
    Partial<Pick<Insert<typeof relationships>, "serviceName" | "startDate" | "lifecycleStage" | "diversity" | "criticality">>,
): Promise<number> {
  return inserted(
    db()
      .insert(relationships)
      .values({ serviceName: "Testipalvelu", startDate: "2024-01-01", lifecycleStage: "active", diversity: "mixed", criticality: "medium", ...values })
      .returning({ id: relationships.id })
      .all(),
  );
}

export async function insertLifecycleEvent(values: Insert<typeof lifecycleEvents>): Promise<number> {
  return inserted(db().insert(lifecycleEvents).values(values).returning({ id: lifecycleEvents.id }).all());
}

export async function insertMeasurement(
  values: Omit<Insert<typeof measurements>, "source"> & Partial<Pick<Insert<typeof measurements>, "source">>,
): Promise<number> {
  return inserted(
    db()
      .insert(measurements)
      .values({ source: "seed", ...values })
      .returning({ id: measurements.id })
      .all(),
  );
}

export async function insertAssessment(values: Insert<typeof assessments>): Promise<number> {
  return inserted(db().insert(assessments).values(values).returning({ id: assessments.id }).all());
}

/** One factor's score in an assessment (the table is keyed by assessment and factor: no id). */
export async function insertAssessmentScore(values: Insert<typeof assessmentScores>): Promise<void> {
  await db().insert(assessmentScores).values(values).run();
}
