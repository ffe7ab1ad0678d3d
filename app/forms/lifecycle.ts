import { z } from "zod";
import { LIFECYCLE_REASON_CATEGORIES, LIFECYCLE_STAGES, type LifecycleStage } from "~/domain/factors";
import { DEFAULT_TIME_ZONE, localDateIso } from "~/domain/time-zone";

/** A strict calendar date 'YYYY-MM-DD' (rejects 2026-02-30), shared by the relationship forms. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() + 1 === Number(m[2]) && d.getUTCDate() === Number(m[3]);
}

/** Today as 'YYYY-MM-DD' in a time zone: the user's (the pages pass it), Europe/Helsinki by default. */
export function todayIso(now = new Date(), timeZone = DEFAULT_TIME_ZONE): string {
  return localDateIso(now, timeZone);
}

/**
 * The zone whose calendar is furthest ahead (UTC+14). The shared schema
 * cannot know the user's zone, so it refuses only a date that is in the
 * future everywhere; the field's `max` is the user's own today.
 */
const EARLIEST_NEW_DAY = "Pacific/Kiritimati";

/** A required past-or-today date field. */
export const pastDate = z
  .string({ required_error: "validation.required" })
  .trim()
  .refine(isCalendarDate, "rel.form.dateFormat")
  .refine((s) => !isCalendarDate(s) || s <= todayIso(new Date(), EARLIEST_NEW_DAY), "rel.form.dateFuture");

/**
 * Lifecycle order allows moving forward to any later stage (a lost prospect
 * may end straight away). Going back is allowed only as reactivation: from
 * passivating, passive or ended back to active.
 */
export function allowedNextStages(current: LifecycleStage): LifecycleStage[] {
  const i = LIFECYCLE_STAGES.indexOf(current);
  const forward = LIFECYCLE_STAGES.slice(i + 1);
  return isReactivatable(current) ? ["active", ...forward] : [...forward];
}

export function isReactivatable(stage: LifecycleStage): boolean {
  return stage === "passivating" || stage === "passive" || stage === "ended";
}

/** The listening question that usually goes with a move to `to` (pre-selected in the form). */
export function defaultReasonFor(to: LifecycleStage): (typeof LIFECYCLE_REASON_CATEGORIES)[number] {
  if (to === "ended") return "why_ended";
  if (to === "passivating" || to === "passive") return "why_drifting";
  if (to === "active") return "why_commits";
  if (to === "new" || to === "prospect") return "why_started";
  return "other";
}

export const NOTE_MAX_LENGTH = 2000;

export const lifecycleSchema = z.object({
  toStage: z.enum(LIFECYCLE_STAGES, { errorMap: () => ({ message: "lifecycle.error.stage" }) }),
  reasonCategory: z.enum(LIFECYCLE_REASON_CATEGORIES, { errorMap: () => ({ message: "lifecycle.error.reason" }) }),
  changedOn: pastDate,
  note: z.string({ required_error: "lifecycle.error.noteRequired" }).trim().min(3, "lifecycle.error.noteRequired").max(NOTE_MAX_LENGTH, "rel.form.tooLong"),
});

export type LifecycleInput = z.infer<typeof lifecycleSchema>;
