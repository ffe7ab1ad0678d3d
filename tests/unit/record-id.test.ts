/**
 * Record ids from outside are bounded where they are parsed: a whole number
 * beyond PostgreSQL's integer (MAX_RECORD_ID) names no row, and would fail
 * in SQL there (22003) instead of matching nothing as on SQLite. Every form
 * schema that reads an id gives such a value its own field error.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { measurementQuerySchema, pushItemSchema } from "~/api/schemas";
import { MAX_RECORD_ID, isIdBeyondRange, isRecordId, recordId } from "~/domain/record-id";
import { chainSchema, relationshipSchema } from "~/forms/admin-chains";
import { addMembershipSchema, changeRoleSchema, createPersonSchema, removeMembershipSchema } from "~/forms/admin-people";
import { assessmentSchema } from "~/forms/assessment";
import { kpiViewSchema } from "~/forms/customer-kpi";
import { developmentActionSchema } from "~/forms/development-action";
import { copyModelSchema } from "~/forms/importance-model";
import { kpiSchema } from "~/forms/kpi";
import { apiTokenSchema, revokeApiTokenSchema } from "~/forms/metric-api-token";
import { metricDashboardSchema } from "~/forms/metric-dashboard";
import { metricDeletionSchema } from "~/forms/metric-deletion";
import { metricEntrySchema } from "~/forms/metric-entry";
import { metricGridCellSchema } from "~/forms/metric-grid";
import { revokeGrantSchema, sharingGrantSchema } from "~/forms/sharing-grant";

const BEYOND = ["2147483648", "3000000000", "9007199254740993", "99999999999999999999", "1e20"];

describe("MAX_RECORD_ID and its checks", () => {
  it("is PostgreSQL's integer maximum", () => {
    expect(MAX_RECORD_ID).toBe(2 ** 31 - 1);
  });

  it.each([
    [1, true],
    [MAX_RECORD_ID, true],
    [MAX_RECORD_ID + 1, false],
    [0, false],
    [-1, false],
    [1.5, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    ["1", false],
  ])("isRecordId(%j) is %s", (value, expected) => {
    expect(isRecordId(value)).toBe(expected);
  });

  it.each([
    ["2147483648", true],
    ["99999999999999999999", true],
    [" 3000000000 ", true],
    ["2147483647", false],
    ["1", false],
    ["", false],
    [null, false],
    ["1e20", false],
    ["-3000000000", false],
  ])("isIdBeyondRange(%j) is %s", (text, expected) => {
    expect(isIdBeyondRange(text)).toBe(expected);
  });
});

describe("recordId()", () => {
  const field = recordId("field.bad");
  it.each([
    ["1", 1],
    ["2147483647", MAX_RECORD_ID],
    [42, 42],
  ])("reads %j", (value, id) => {
    expect(field.parse(value)).toBe(id);
  });

  it.each([...BEYOND, "0", "-1", "1.5", "abc"])("refuses %j with the field's message", (value) => {
    const result = field.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual(["field.bad"]);
  });

  it("takes a message of its own for a missing value", () => {
    const schema = recordId({ required: "field.required", invalid: "field.bad" });
    expect(schema.safeParse("3000000000").error!.issues[0].message).toBe("field.bad");
  });
});

/** A schema, a valid input, and the id fields to set to a big value one at a time (with the message expected, if the field has its own). */
const FORMS: Array<[string, z.ZodTypeAny, Record<string, unknown>, Array<[string, string | null]>]> = [
  ["chain", chainSchema, { name: "C", focalOrganisationId: "1" }, [["focalOrganisationId", "validation.required"]]],
  [
    "relationship",
    relationshipSchema,
    { providerId: "1", customerId: "2", serviceName: "S", startDate: "2024-01-01", lifecycleStage: "active", diversity: "mixed", criticality: "high" },
    [
      ["providerId", "validation.required"],
      ["customerId", "validation.required"],
    ],
  ],
  [
    "new person",
    createPersonSchema,
    { email: "a@b.example", name: "A", organisationId: "1", role: "staff" },
    [["organisationId", "admin.people.organisationInvalid"]],
  ],
  [
    "add membership",
    addMembershipSchema,
    { intent: "addMembership", organisationId: "1", role: "staff" },
    [["organisationId", "admin.people.organisationInvalid"]],
  ],
  ["change role", changeRoleSchema, { intent: "changeRole", organisationId: "1", role: "staff" }, [["organisationId", null]]],
  ["remove membership", removeMembershipSchema, { intent: "removeMembership", organisationId: "1" }, [["organisationId", null]]],
  ["assessment", assessmentSchema, { period: "2026-Q1", revision: "2", intent: "save" }, [["revision", "assessment.error.stale"]]],
  ["KPI view", kpiViewSchema("2026-Q3"), { chain: "1" }, [["chain", "kpiData.error.chain"]]],
  [
    "development action",
    developmentActionSchema,
    { title: "T", phase: "measurement", ownerUserId: "1", status: "planned" },
    [["ownerUserId", "rel.form.invalidChoice"]],
  ],
  ["model copy", copyModelSchema, { intent: "copy", from: "1" }, [["from", "validation.required"]]],
  [
    "KPI calculator",
    kpiSchema,
    { calculator: "nps", promoters: "1", passives: "1", detractors: "1", intent: "store", relationship: "1", month: "2026-01" },
    [["relationship", "validation.required"]],
  ],
  ["API token", apiTokenSchema, { organisation: "1", name: "N" }, [["organisation", "validation.required"]]],
  ["API token revoke", revokeApiTokenSchema, { tokenId: "1" }, [["tokenId", null]]],
  ["metric deletion", metricDeletionSchema, { intent: "deleteReview", metric: "1", month: "2026-01" }, [["metric", "validation.required"]]],
  [
    "metric entry",
    metricEntrySchema,
    { relationship: "1", metric: "1", month: "2026-01", value: "5" },
    [
      ["relationship", "validation.required"],
      ["metric", "validation.required"],
    ],
  ],
  ["grid cell", metricGridCellSchema, { metricId: 1, month: "2026-01", value: 1, field: "cell:1:2026-01" }, [["metricId", null]]],
  [
    "sharing grant",
    sharingGrantSchema,
    { grantor: "1", metric: "1", relationship: "1", audience: "organisation", grantee: "2", chain: "3" },
    [
      ["grantor", "validation.required"],
      ["metric", "validation.required"],
      ["relationship", "validation.required"],
      ["grantee", "validation.required"],
      ["chain", "validation.required"],
    ],
  ],
  ["grant revoke", revokeGrantSchema, { grantId: "1" }, [["grantId", null]]],
  [
    "API query",
    measurementQuerySchema,
    { relationshipId: "1", after: "1" },
    [
      ["relationshipId", `At most ${MAX_RECORD_ID}`],
      ["after", `At most ${MAX_RECORD_ID}`],
    ],
  ],
  [
    "API push item",
    pushItemSchema,
    { metric: "m", relationshipId: 1, month: "2026-01", value: 1 },
    [["relationshipId", `Expected an id of at most ${MAX_RECORD_ID}`]],
  ],
];

describe.each(FORMS)("the %s form", (_name, schema, valid, fields) => {
  it("accepts the largest id", () => {
    for (const [field] of fields) {
      const largest = typeof valid[field] === "number" ? MAX_RECORD_ID : String(MAX_RECORD_ID);
      expect(schema.safeParse({ ...valid, [field]: largest }).success, field).toBe(true);
    }
  });

  it.each(BEYOND)("refuses %s in each id field, naming the field", (big) => {
    for (const [field, message] of fields) {
      const value = typeof valid[field] === "number" ? Number(big) : big;
      const result = schema.safeParse({ ...valid, [field]: value });
      expect(result.success, field).toBe(false);
      const issues = result.error!.issues.filter((i) => i.path[0] === field);
      expect(issues.length, field).toBeGreaterThan(0);
      if (message)
        expect(
          issues.map((i) => i.message),
          field,
        ).toEqual([message]);
    }
  });
});

describe("the metric dashboard filter", () => {
  it.each(BEYOND)("falls back to no relationship for %s, as for any bad value", (big) => {
    expect(metricDashboardSchema.parse({ relationship: big }).relationship).toBeUndefined();
  });
});
