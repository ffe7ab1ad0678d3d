import { z } from "zod";
import { recordId } from "~/domain/record-id";

export const SHARING_AUDIENCES = ["counterpart", "organisation", "chain", "chain_upstream", "chain_downstream"] as const;
export type SharingAudience = (typeof SHARING_AUDIENCES)[number];

const optionalId = z.preprocess((v) => (v === "" || v === "all" || v === undefined ? undefined : v), recordId({ invalid: "validation.required" }).optional());

/**
 * A new sharing grant. `metric` and `relationship` are an id or `all`; the
 * audience decides which of grantee and chain is needed (checked here, so
 * the error lands on the field that is missing).
 */
export const sharingGrantSchema = z
  .object({
    grantor: recordId("validation.required"),
    metric: optionalId,
    relationship: optionalId,
    audience: z.enum(SHARING_AUDIENCES, { required_error: "validation.required", invalid_type_error: "validation.required" }),
    grantee: optionalId,
    chain: optionalId,
    note: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(500, "metrics.validation.tooLong").optional()),
  })
  .superRefine((v, ctx) => {
    if (v.audience === "counterpart" && v.relationship === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["relationship"], message: "sharing.validation.relationshipForCounterpart" });
    }
    if (v.audience === "organisation" && v.grantee === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["grantee"], message: "sharing.validation.grantee" });
    }
    if (v.audience.startsWith("chain") && v.chain === undefined && v.relationship === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["chain"], message: "sharing.validation.chain" });
    }
  });

export type SharingGrantInput = z.infer<typeof sharingGrantSchema>;

export const revokeGrantSchema = z.object({ grantId: recordId() });
