import { z } from "zod";
import { CRITICALITIES, DIVERSITIES, LIFECYCLE_STAGES, MATURITIES } from "../domain/factors";
import { checkbox, choiceErrors, idField, isoDateField, optionalText, requiredText } from "./admin-fields";

export const chainSchema = z.object({
  name: requiredText(200),
  description: optionalText(2000),
  focalOrganisationId: idField,
});
export type ChainInput = z.infer<typeof chainSchema>;

const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, choiceErrors("admin.field.choice"));

/**
 * A relationship provider -> customer. The parties must differ; a maturity
 * override needs a note saying why the age-based default is wrong.
 */
export const relationshipSchema = z
  .object({
    providerId: idField,
    customerId: idField,
    serviceName: requiredText(200),
    startDate: isoDateField,
    lifecycleStage: choice(LIFECYCLE_STAGES),
    diversity: choice(DIVERSITIES),
    criticality: choice(CRITICALITIES),
    referenceCustomer: checkbox,
    maturityOverride: z
      .union([choice(MATURITIES), z.literal("")])
      .optional()
      .transform((v) => (v ? v : null)),
    maturityOverrideNote: optionalText(1000),
    /** The "listening" note stored with the lifecycle event (creation, or a stage change). */
    stageNote: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.providerId === v.customerId) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "admin.rel.sameParty", path: ["customerId"] });
    }
    if (v.maturityOverride && !v.maturityOverrideNote) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "admin.rel.overrideNoteRequired", path: ["maturityOverrideNote"] });
    }
  });
export type RelationshipInput = z.infer<typeof relationshipSchema>;
