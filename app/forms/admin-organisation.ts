import { z } from "zod";
import { businessIdCheckDigit, normaliseBusinessId } from "../domain/business-id";
import { SIZE_CLASSES } from "../domain/factors";
import { checkbox, choiceErrors, optionalAmount, optionalInteger, optionalText, requiredText } from "./admin-fields";

/**
 * Why a business ID is not valid, as an i18n key, or null when it is.
 * Tells a wrong shape from a wrong check digit, so the person knows what to fix.
 */
export function businessIdProblem(raw: string): string | null {
  const m = /^(\d{6,7})-(\d)$/.exec(raw.trim());
  if (!m) return "admin.org.businessIdFormat";
  const digits = m[1].padStart(7, "0");
  const expected = businessIdCheckDigit(digits);
  if (expected === null) return "admin.org.businessIdNeverIssued";
  if (expected !== Number(m[2])) return "admin.org.businessIdCheckDigit";
  return null;
}

const MAX_EMAIL_DOMAINS = 20;

/** A domain as stored: lower case, ASCII (an internationalised name in its xn-- form), or null when it is not one. */
export function normaliseEmailDomain(raw: string): string | null {
  const text = raw.trim().replace(/^@/, "").toLowerCase();
  if (!text || /[\s/@:?#\\]/.test(text)) return null;
  let ascii: string;
  try {
    ascii = new URL(`http://${text}`).hostname;
  } catch {
    return null;
  }
  const label = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  return ascii.length <= 253 && new RegExp(`^(?:${label}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`).test(ascii) ? ascii : null;
}

/** Email domains, one a line (commas and spaces also separate), as a sorted list without repeats. */
const emailDomainsField = z
  .string()
  .max(5000, "admin.org.emailDomainsInvalid")
  .optional()
  .transform((v, ctx) => {
    const domains = new Set<string>();
    for (const part of (v ?? "").split(/[\s,;]+/).filter(Boolean)) {
      const domain = normaliseEmailDomain(part);
      if (!domain) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "admin.org.emailDomainsInvalid" });
        return z.NEVER;
      }
      domains.add(domain);
    }
    if (domains.size > MAX_EMAIL_DOMAINS) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "admin.org.emailDomainsTooMany" });
      return z.NEVER;
    }
    return [...domains].sort();
  });

/** The organisation form (create and edit). The business ID comes out in canonical form. */
export const organisationSchema = z
  .object({
    name: requiredText(200),
    businessId: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return null;
        const problem = businessIdProblem(v);
        const id = normaliseBusinessId(v);
        if (problem || !id) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem ?? "admin.org.businessIdFormat" });
          return z.NEVER;
        }
        return id;
      }),
    headcount: optionalInteger(0, 10_000_000),
    turnoverEur: optionalAmount(),
    balanceSheetEur: optionalAmount(),
    foundedYear: optionalInteger(1800, 2100),
    city: optionalText(100),
    description: optionalText(2000),
    emailDomains: emailDomainsField,
    sizeClassManual: checkbox,
    sizeClass: z.enum(SIZE_CLASSES, choiceErrors("admin.org.sizeClassInvalid")).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.sizeClassManual && !v.sizeClass) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "admin.org.sizeClassRequired", path: ["sizeClass"] });
    }
    if (v.foundedYear !== null && v.foundedYear > new Date().getUTCFullYear()) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "admin.org.foundedInFuture", path: ["foundedYear"] });
    }
  });

export type OrganisationInput = z.infer<typeof organisationSchema>;
