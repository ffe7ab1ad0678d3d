import { z } from "zod";

/** ASVS 2.1: the limits a new password must meet. Nothing else: no composition rules. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/**
 * A new password: 8 to 128 characters, counted as Unicode code points, never
 * trimmed or truncated (the exact string typed is hashed).
 */
export const newPasswordField = z
  .string({ required_error: "validation.required" })
  .refine((v) => [...v].length >= PASSWORD_MIN, "password.tooShort")
  .refine((v) => [...v].length <= PASSWORD_MAX, "password.tooLong");

/** The reset-password form: the new password typed twice. */
export const resetPasswordSchema = z
  .object({
    newPassword: newPasswordField,
    confirmPassword: z.string({ required_error: "validation.required" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "password.mismatch", path: ["confirmPassword"] });
