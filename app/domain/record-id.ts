/**
 * Record ids as the app accepts them from outside (a route parameter, a
 * query string, a form field, an API request): positive whole numbers no
 * larger than the id columns hold. On PostgreSQL those are `integer`
 * (int4), so a larger number would fail in SQL (22003, "out of range for
 * type integer") instead of matching no row as it does on SQLite; bounding
 * it where it is parsed makes it a 4xx on both engines. Pure: no I/O.
 */
import { z } from "zod";

/** The largest id (and any other integer a column holds): PostgreSQL's `integer`, 2^31 - 1. */
export const MAX_RECORD_ID = 2_147_483_647;

/** A number that can be a record id: a whole number from 1 to MAX_RECORD_ID. */
export function isRecordId(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n > 0 && n <= MAX_RECORD_ID;
}

/**
 * Digits that name a whole number too large to be any record's id: an id
 * of no row rather than malformed input (a route or a filter answers it
 * like an unknown id).
 */
export function isIdBeyondRange(text: string | null | undefined): boolean {
  const t = text?.trim();
  return t !== undefined && /^\d+$/.test(t) && Number(t) > MAX_RECORD_ID;
}

/**
 * A record id read from a form field or query parameter (text is coerced,
 * as `z.coerce.number()` does). `message` is the field's error for a value
 * that is missing, not a number, not whole, not positive or beyond
 * MAX_RECORD_ID; give `{ required, invalid }` when a missing value has an
 * error of its own. Without a message zod's defaults are used.
 */
export function recordId(message?: string | { required?: string; invalid?: string }) {
  const { required, invalid } = typeof message === "string" ? { required: message, invalid: message } : (message ?? {});
  return z.coerce.number({ required_error: required, invalid_type_error: invalid }).int(invalid).positive(invalid).max(MAX_RECORD_ID, invalid);
}
