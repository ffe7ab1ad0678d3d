import { z } from "zod";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

/** Empty query fields mean "no filter". */
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);

const optionalDate = z.preprocess(blank, z.string().regex(DATE, "admin.audit.dateInvalid").refine(isRealDate, "admin.audit.dateInvalid").optional());

/** The audit log filter, read from the URL query (a GET form). */
export const auditFilterSchema = z
  .object({
    action: z.preprocess(
      blank,
      z
        .string()
        .max(100, "admin.field.tooLong")
        .regex(/^[a-z0-9_.]+$/, "admin.audit.actionInvalid")
        .optional(),
    ),
    actor: z.preprocess(blank, z.string().max(254, "admin.field.tooLong").optional()),
    entityType: z.preprocess(
      blank,
      z
        .string()
        .max(100, "admin.field.tooLong")
        .regex(/^[a-z0-9_]+$/, "admin.audit.entityTypeInvalid")
        .optional(),
    ),
    entityId: z.preprocess(blank, z.string().max(100, "admin.field.tooLong").optional()),
    from: optionalDate,
    to: optionalDate,
    page: z.preprocess(
      blank,
      z.coerce
        .number({ invalid_type_error: "admin.audit.pageInvalid" })
        .int("admin.audit.pageInvalid")
        .min(1, "admin.audit.pageInvalid")
        .max(1_000_000, "admin.audit.pageInvalid")
        .default(1),
    ),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: "admin.audit.rangeInvalid", path: ["to"] });

export type AuditFilter = z.infer<typeof auditFilterSchema>;
