import { z } from "zod";

/**
 * The login form, shared by the browser (Conform validation) and the action.
 * Messages are i18n keys, translated where they are shown. The password is
 * never trimmed or truncated (ASVS 2.1); only an upper bound stops abuse.
 */
export const loginSchema = z.object({
  email: z.string({ required_error: "validation.required" }).trim().max(254, "validation.email").email("validation.email"),
  password: z.string({ required_error: "validation.required" }).min(1, "validation.required").max(128, "validation.passwordLength"),
  redirectTo: z.string().optional(),
});
