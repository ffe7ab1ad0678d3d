import { z } from "zod";

/** The /forgot-password form: one email address, checked as the login form checks it. */
export const forgotPasswordSchema = z.object({
  email: z.string({ required_error: "validation.required" }).trim().max(254, "validation.email").email("validation.email"),
});
