import { z } from "zod";
import { MEMBERSHIP_ROLES } from "../domain/factors";
import { checkbox, choiceErrors, requiredText } from "./admin-fields";
import { isRecordId, recordId } from "../domain/record-id";

const role = z.enum(MEMBERSHIP_ROLES, choiceErrors("admin.people.roleInvalid"));

/** An organisation chosen from a select; empty means none. */
const optionalOrganisation = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return null;
    const n = Number(v);
    if (!isRecordId(n)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "admin.people.organisationInvalid" });
      return z.NEVER;
    }
    return n;
  });

/**
 * Creating a person. No password is set here: the person gets a one-time
 * link instead. An initial membership is needed unless the person is made
 * a platform administrator (which only a platform administrator may do).
 */
export const createPersonSchema = z
  .object({
    email: z.string({ required_error: "validation.required" }).trim().toLowerCase().max(254, "validation.email").email("validation.email"),
    name: requiredText(200),
    organisationId: optionalOrganisation,
    role: role.optional(),
    isPlatformAdmin: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.organisationId === null && !v.isPlatformAdmin) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "admin.people.organisationRequired", path: ["organisationId"] });
    }
    if (v.organisationId !== null && !v.role) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "validation.required", path: ["role"] });
    }
  });

export type CreatePersonInput = z.infer<typeof createPersonSchema>;

export const editPersonSchema = z.object({
  intent: z.literal("edit"),
  name: requiredText(200),
});

export const addMembershipSchema = z.object({
  intent: z.literal("addMembership"),
  organisationId: recordId({ required: "validation.required", invalid: "admin.people.organisationInvalid" }),
  role,
});

export const changeRoleSchema = z.object({
  intent: z.literal("changeRole"),
  organisationId: recordId(),
  role,
});

export const removeMembershipSchema = z.object({
  intent: z.literal("removeMembership"),
  organisationId: recordId(),
});

/** Intents without fields of their own. */
export const simplePersonIntentSchema = z.object({
  intent: z.enum(["disable", "enable", "resetLink", "grantPlatformAdmin", "revokePlatformAdmin"]),
});

export const PERSON_INTENTS = [
  "edit",
  "addMembership",
  "changeRole",
  "removeMembership",
  "disable",
  "enable",
  "resetLink",
  "grantPlatformAdmin",
  "revokePlatformAdmin",
] as const;
export type PersonIntent = (typeof PERSON_INTENTS)[number];

/** The people list's search box (GET). */
export const peopleFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(["all", "active", "disabled"]).optional().catch(undefined),
});
