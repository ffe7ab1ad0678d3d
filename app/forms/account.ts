import { z } from "zod";
import { isSupportedTimeZone } from "../domain/time-zone";
import { LOCALES } from "../i18n/locale";
import { newPasswordField } from "./password";

/** Changing one's own password: the current one is required (ASVS 2.1.5). */
export const changePasswordSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string({ required_error: "validation.required" }).max(1024, "password.tooLong"),
    newPassword: newPasswordField,
    confirmPassword: z.string({ required_error: "validation.required" }),
    /** Checked by default in the form; an unchecked box sends nothing. */
    logoutOtherSessions: z.boolean().optional(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "password.mismatch", path: ["confirmPassword"] });

export const preferredLanguageSchema = z.object({
  intent: z.literal("language"),
  locale: z.enum(LOCALES, { errorMap: () => ({ message: "account.localeInvalid" }) }),
});

/** The time zone the person reads times in: one of Intl's supported zones, spelled as Intl spells it. */
export const timeZoneSchema = z.object({
  intent: z.literal("timeZone"),
  timeZone: z.string({ required_error: "account.timeZoneInvalid" }).trim().refine(isSupportedTimeZone, "account.timeZoneInvalid"),
});
