import { z } from "zod";

/** A new API token for the metrics API: which organisation, and a name saying what uses it. */
export const apiTokenSchema = z.object({
  organisation: z.coerce.number({ required_error: "validation.required", invalid_type_error: "validation.required" }).int().positive(),
  name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(80, "metrics.validation.tooLong"),
});

export const revokeApiTokenSchema = z.object({ tokenId: z.coerce.number().int().positive() });
