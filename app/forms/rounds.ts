import { z } from "zod";
import { DIVERSITIES, LIFECYCLE_STAGES, MATURITIES, SIZE_CLASSES } from "~/domain/factors";
import { isValidQuarter } from "~/domain/period";
import { recordId } from "~/domain/record-id";
import { ROUND_MESSAGE_MAX, ROUND_NAME_MAX } from "~/domain/rounds";
import { isCalendarDate } from "./lifecycle";
import { newPasswordField } from "./password";

const choice = (message: string) => ({ errorMap: () => ({ message }) });

/** The GET filters of /rounds/new: which organisation opens it, over which chain, narrowed by context or stage. */
export const roundFilterSchema = z.object({
  organisationId: recordId().optional(),
  chainId: recordId().optional(),
  sizeClass: z.enum(SIZE_CLASSES).optional(),
  maturity: z.enum(MATURITIES).optional(),
  diversity: z.enum(DIVERSITIES).optional(),
  stage: z.enum(LIFECYCLE_STAGES).optional(),
});
export type RoundFilter = z.infer<typeof roundFilterSchema>;

/** One relationship and side, as `12:provider`. */
const TARGET = /^\d{1,10}:(provider|customer)$/;
/** An existing user asked to assess one relationship and side, as `12:provider:34`. */
const ASSESSOR = /^\d{1,10}:(provider|customer):\d{1,10}$/;

/** A new contact invited by email for one relationship's side; a row left empty invites nobody. */
const invite = z
  .object({
    target: z.string({ required_error: "rounds.error.invalidChoice" }).regex(TARGET, "rounds.error.invalidChoice"),
    email: z.string().trim().toLowerCase().max(254, "validation.email").email("validation.email").optional(),
    name: z.string().trim().max(200, "rounds.error.tooLong").optional(),
    locale: z.enum(["fi", "en"], choice("rounds.error.invalidChoice")).default("fi"),
  })
  .superRefine((v, ctx) => {
    if (v.email && !v.name) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["name"], message: "rounds.error.inviteNameRequired" });
    if (v.name && !v.email) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email"], message: "validation.required" });
  });

/**
 * Opening a round. The quarter may not be in the future and the deadline
 * must be after today: the model checks both against its clock, as it
 * checks that every id is the opener's to use.
 */
export const openRoundSchema = z.object({
  organisationId: recordId({ required: "validation.required", invalid: "rounds.error.invalidChoice" }),
  chainId: recordId({ required: "validation.required", invalid: "rounds.error.invalidChoice" }),
  name: z.string().trim().max(ROUND_NAME_MAX, "rounds.error.tooLong").optional(),
  period: z.string({ required_error: "validation.required" }).trim().refine(isValidQuarter, "rounds.error.periodFormat"),
  deadline: z.string({ required_error: "validation.required" }).trim().refine(isCalendarDate, "rounds.error.deadlineFormat"),
  message: z.string().trim().max(ROUND_MESSAGE_MAX, "rounds.error.tooLong").optional(),
  relationships: z
    .array(recordId("rounds.error.invalidChoice"), { required_error: "rounds.error.noRelationships" })
    .min(1, "rounds.error.noRelationships")
    .max(500, "rounds.error.invalidChoice"),
  assessors: z.array(z.string().regex(ASSESSOR, "rounds.error.invalidChoice")).max(5000, "rounds.error.invalidChoice").default([]),
  invites: z.array(invite).max(1000, "rounds.error.invalidChoice").default([]),
});
export type OpenRoundInput = z.infer<typeof openRoundSchema>;

/** Approving or declining an invitation on /rounds/invitations. */
export const invitationDecisionSchema = z.object({
  intent: z.enum(["approve", "decline"]),
  invitationId: recordId(),
});

/** Accepting an invitation: the person's name and a password, typed twice. */
export const acceptInvitationSchema = z
  .object({
    name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "rounds.error.tooLong"),
    newPassword: newPasswordField,
    confirmPassword: z.string({ required_error: "validation.required" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "password.mismatch", path: ["confirmPassword"] });
