import { z } from "zod";
import { recordId } from "../domain/record-id";

/**
 * Field helpers shared by the administration forms. Numbers are read from
 * text so Finnish input works too: spaces as thousands separators and a
 * decimal comma ("1 200 000", "2,5").
 */

function parseLooseNumber(raw: string): number | null {
  const cleaned = raw.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** Optional free text: trimmed, empty becomes null. */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, "admin.field.tooLong")
    .optional()
    .transform((v) => (v ? v : null));
}

export function requiredText(max: number) {
  return z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(max, "admin.field.tooLong");
}

/** An optional number checked by `problem` (a message key, or null when fine); text that is no number is `notNumber`; empty becomes null. */
function optionalNumber(notNumber: string, problem: (n: number) => string | null) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return null;
      const n = parseLooseNumber(v);
      const message = n === null ? notNumber : problem(n);
      if (message) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message });
        return z.NEVER;
      }
      return n;
    });
}

/** An optional non-negative number (e.g. euros); empty becomes null. */
export function optionalAmount(max = 1e15) {
  return optionalNumber("admin.field.number", (n) => (n < 0 || n > max ? "admin.field.range" : null));
}

/** An optional whole number within [min, max]; empty becomes null. */
export function optionalInteger(min: number, max: number) {
  return optionalNumber("admin.field.integer", (n) => (!Number.isInteger(n) ? "admin.field.integer" : n < min || n > max ? "admin.field.range" : null));
}

/** A required database id chosen from a select (an id beyond any row is "validation.required" too). */
export const idField = recordId("validation.required");

/** A checkbox: "on" when checked, absent when not. */
export const checkbox = z
  .union([z.boolean(), z.literal("on"), z.literal("true")])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDateField = z
  .string({ required_error: "validation.required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "admin.field.date")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, "admin.field.date");

/** For z.enum: "required" when nothing was chosen, `invalid` for a value not on the list. */
export function choiceErrors(invalid: string): { errorMap: z.ZodErrorMap } {
  return {
    errorMap: (issue, ctx) => ({
      message: issue.code === z.ZodIssueCode.invalid_type && ctx.data === undefined ? "validation.required" : invalid,
    }),
  };
}
