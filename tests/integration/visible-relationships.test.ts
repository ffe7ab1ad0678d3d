/**
 * The raw reads of visible-relationships.server.ts (rowsAll, raw) return
 * exactly what the ORM's rows() returns, for every demo person: the same
 * scope, the same values, booleans and nulls decoded alike.
 */
import { prepareDemoDatabase } from "../support/test-db";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "~/db.server";
import { getActingUser } from "~/models/user.server";
import { visibleRelationships } from "~/models/visible-relationships.server";
import { relationships, users } from "../../db/tables";
import { demoEmails } from "../support/sign-in";
import { addOtherCompany, OTHER_LEAD } from "./compare-fixtures";

beforeAll(async () => {
  await prepareDemoDatabase();
  await addOtherCompany();
});

const actingUser = async (email: string) => (await getActingUser((await db().select({ id: users.id }).from(users).where(eq(users.email, email)).get())!.id))!;

describe("visibleRelationships: raw reads", () => {
  it.each([...Object.values(demoEmails), OTHER_LEAD.email])("rowsAll() equals rows().all() for %s, whole scope and narrowed", async (email) => {
    const visible = visibleRelationships(await actingUser(email));
    const all = await visible.rows().all();
    expect(all.length).toBeGreaterThan(0);
    expect(await visible.rowsAll()).toEqual(all);
    // Booleans stay booleans (reference customer), as the ORM maps them.
    expect((await visible.rowsAll()).every((r) => typeof r.referenceCustomer === "boolean")).toBe(true);
    const chainId = all[0].chainId;
    expect(await visible.rowsAll(eq(relationships.chainId, chainId))).toEqual(await visible.rows(eq(relationships.chainId, chainId)).all());
  });
});
