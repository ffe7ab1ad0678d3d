import { z } from "zod";
import { recordId } from "~/domain/record-id";

/** A new API token for the metrics API: which organisation, and a name saying what uses it. */
export const apiTokenSchema = z.object({
  organisation: recordId("validation.required"),
  name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(80, "metrics.validation.tooLong"),
});

export const revokeApiTokenSchema = z.object({ tokenId: recordId() });
