/**
 * Request schemas of /api/v1/. Messages are English: API clients are
 * programs and their developers, not portal users.
 */
import { z } from "zod";
import { MAX_RECORD_ID } from "../domain/record-id";

export const MAX_PUSH_ITEMS = 5000;
export const MAX_PAGE_SIZE = 5000;

const month = z
  .string({ required_error: "Required", invalid_type_error: "Expected a month string YYYY-MM" })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Expected a month as YYYY-MM");

export const pushItemSchema = z
  .object({
    metric: z
      .string({ required_error: "Required", invalid_type_error: "Expected a metric key string" })
      .trim()
      .min(1, "Required")
      .max(50, "At most 50 characters"),
    relationshipId: z
      .number({ required_error: "Required", invalid_type_error: "Expected an integer relationship id" })
      .int("Expected an integer")
      .positive("Expected a positive id")
      .max(MAX_RECORD_ID, `Expected an id of at most ${MAX_RECORD_ID}`),
    month,
    value: z.number({ required_error: "Required", invalid_type_error: "Expected a number" }).finite("Expected a finite number"),
  })
  .strict();

export const pushBodySchema = z
  .object({
    measurements: z
      .array(pushItemSchema, { required_error: "Required", invalid_type_error: "Expected an array" })
      .min(1, "Send at least one measurement")
      .max(MAX_PUSH_ITEMS, `At most ${MAX_PUSH_ITEMS} measurements per request`),
  })
  .strict();

export type PushBody = z.infer<typeof pushBodySchema>;

/** A positive integer query parameter, at most `max` (ids and cursors: what an id column holds). */
const optionalInt = (max = MAX_RECORD_ID) =>
  z.preprocess(
    (v) => (v === null || v === "" ? undefined : v),
    z.coerce.number().int("Expected an integer").positive("Expected a positive integer").max(max, `At most ${max}`).optional(),
  );

export const measurementQuerySchema = z
  .object({
    relationshipId: optionalInt(),
    metric: z.string().trim().min(1).max(50).optional(),
    from: month.optional(),
    to: month.optional(),
    limit: optionalInt(MAX_PAGE_SIZE),
    after: optionalInt(),
  })
  .strict();

export type MeasurementQuery = z.infer<typeof measurementQuerySchema>;

/** Zod issues as `{ "measurements.0.month": ["Expected a month as YYYY-MM"] }`. */
export function fieldErrors(error: z.ZodError, root = "(body)"): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : root;
    const message = issue.code === "unrecognized_keys" ? `Unknown field(s): ${issue.keys.join(", ")}` : issue.message;
    (out[key] ??= []).push(message);
  }
  return out;
}
