/**
 * Rows for tests, written and read through the drizzle schema instead of
 * raw SQL strings, so the tests follow the schema (and a change of database).
 * Each factory takes the columns that matter to the test, fills the other
 * required ones with plain defaults, and returns the new row's id.
 * Pass either a raw better-sqlite3 connection or the app's drizzle database.
 */
import type Database from "better-sqlite3";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { SqliteDatabase } from "../../db/connection";
import * as schema from "../../db/schema";
import { assessmentScores, assessments, chains, lifecycleEvents, measurements, memberships, organisations, relationships, users } from "../../db/schema";

/** A raw connection, or either drizzle database over one (the app's async one included). */
export type TestDatabase = Database.Database | { $client: Database.Database };

const wrapped = new WeakMap<Database.Database, SqliteDatabase>();

// Factories write synchronously through their own drizzle over the same connection.
function orm(db: TestDatabase): SqliteDatabase {
  const client = "$client" in db ? db.$client : db;
  let portal = wrapped.get(client);
  if (!portal) {
    portal = drizzle(client, { schema }) as SqliteDatabase;
    wrapped.set(client, portal);
  }
  return portal;
}

function found<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`No ${what} in the test database`);
  return row;
}

// --- Lookups by the seed's natural keys -----------------------------------

/** The id of the person with this email. */
export function userIdOf(db: TestDatabase, email: string): number {
  return found(orm(db).select({ id: users.id }).from(users).where(eq(users.email, email)).get(), `user ${email}`).id;
}

/** The organisation a person acts for (their first membership). */
export function organisationIdOf(db: TestDatabase, email: string): number {
  const row = orm(db)
    .select({ id: memberships.organisationId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(users.email, email))
    .orderBy(memberships.id)
    .get();
  return found(row, `membership of ${email}`).id;
}

/** The organisation with this name. */
export function organisationIdNamed(db: TestDatabase, name: string): number {
  return found(orm(db).select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name)).get(), `organisation ${name}`).id;
}

/** The relationship in which `providerId` delivers to `customerId`. */
export function relationshipIdBetween(db: TestDatabase, providerId: number, customerId: number): number {
  const row = orm(db)
    .select({ id: relationships.id })
    .from(relationships)
    .where(and(eq(relationships.providerId, providerId), eq(relationships.customerId, customerId)))
    .get();
  return found(row, `relationship ${providerId} -> ${customerId}`).id;
}

// --- Factories --------------------------------------------------------------

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];

export function insertOrganisation(db: TestDatabase, values: Insert<typeof organisations>): number {
  return orm(db).insert(organisations).values(values).returning({ id: organisations.id }).get().id;
}

export function insertUser(db: TestDatabase, values: Omit<Insert<typeof users>, "passwordHash"> & { passwordHash?: string }): number {
  // "x" is no valid hash: the person cannot sign in unless the test sets one.
  return orm(db)
    .insert(users)
    .values({ passwordHash: "x", ...values })
    .returning({ id: users.id })
    .get().id;
}

export function insertMembership(db: TestDatabase, values: Insert<typeof memberships>): number {
  return orm(db).insert(memberships).values(values).returning({ id: memberships.id }).get().id;
}

export function insertChain(db: TestDatabase, values: Insert<typeof chains>): number {
  return orm(db).insert(chains).values(values).returning({ id: chains.id }).get().id;
}

export function insertRelationship(
  db: TestDatabase,
  values: Omit<Insert<typeof relationships>, "serviceName" | "startDate" | "lifecycleStage" | "diversity" | "criticality"> &
    Partial<Pick<Insert<typeof relationships>, "serviceName" | "startDate" | "lifecycleStage" | "diversity" | "criticality">>,
): number {
  return orm(db)
    .insert(relationships)
    .values({ serviceName: "Testipalvelu", startDate: "2024-01-01", lifecycleStage: "active", diversity: "mixed", criticality: "medium", ...values })
    .returning({ id: relationships.id })
    .get().id;
}

export function insertLifecycleEvent(db: TestDatabase, values: Insert<typeof lifecycleEvents>): number {
  return orm(db).insert(lifecycleEvents).values(values).returning({ id: lifecycleEvents.id }).get().id;
}

export function insertMeasurement(
  db: TestDatabase,
  values: Omit<Insert<typeof measurements>, "source"> & Partial<Pick<Insert<typeof measurements>, "source">>,
): number {
  return orm(db)
    .insert(measurements)
    .values({ source: "seed", ...values })
    .returning({ id: measurements.id })
    .get().id;
}

export function insertAssessment(db: TestDatabase, values: Insert<typeof assessments>): number {
  return orm(db).insert(assessments).values(values).returning({ id: assessments.id }).get().id;
}

/** One factor's score in an assessment (the table is keyed by assessment and factor: no id). */
export function insertAssessmentScore(db: TestDatabase, values: Insert<typeof assessmentScores>): void {
  orm(db).insert(assessmentScores).values(values).run();
}
