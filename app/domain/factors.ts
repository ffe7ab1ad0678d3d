/**
 * Vocabulary of the domain: the fixed value sets that the database, forms
 * and scoring share. Kept as `as const` arrays so one list drives both the
 * TypeScript union types and runtime validation (e.g. zod enums, selects).
 */

/** The six interaction factors of the digiMensa matrix, in display order. */
export const FACTORS = ["individuality", "trust", "compensation", "new_business", "knowledge", "selling"] as const;
export type FactorKey = (typeof FACTORS)[number];

/** EU SME size classes (Recommendation 2003/361/EC), smallest first. */
export const SIZE_CLASSES = ["micro", "small", "medium", "large"] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** Relationship maturity, youngest first. */
export const MATURITIES = ["early", "developing", "mature"] as const;
export type Maturity = (typeof MATURITIES)[number];

/** Portfolio diversity: uniform = standard/untailored, diverse = tailored. */
export const DIVERSITIES = ["uniform", "mixed", "diverse"] as const;
export type Diversity = (typeof DIVERSITIES)[number];

/** Service criticality; it does not change weights, only attention priority. */
export const CRITICALITIES = ["low", "medium", "high", "critical"] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** Multiplier applied to (100 - score) to rank relationships needing attention. */
export const CRITICALITY_MULTIPLIER: Readonly<Record<Criticality, number>> = {
  low: 1,
  medium: 1.5,
  high: 2,
  critical: 3,
};

/** Customer lifecycle stages (source 003), in lifecycle order. */
export const LIFECYCLE_STAGES = ["suspect", "prospect", "new", "active", "passivating", "passive", "ended"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Which side of a relationship gave an assessment. */
export const ASSESSMENT_SIDES = ["provider", "customer"] as const;
export type AssessmentSide = (typeof ASSESSMENT_SIDES)[number];

/** Importance-performance analysis quadrants (Martilla & James 1977). */
export const QUADRANTS = ["concentrate", "keep_up", "low_priority", "overkill"] as const;
export type Quadrant = (typeof QUADRANTS)[number];

/** Programme phases a development action belongs to (source 002). */
export const ACTION_PHASES = ["service_path_research", "touchpoint_design", "customer_programme", "measurement", "continuous_learning"] as const;
export type ActionPhase = (typeof ACTION_PHASES)[number];

export const ACTION_STATUSES = ["planned", "in_progress", "done", "cancelled"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const MEMBERSHIP_ROLES = ["org_admin", "staff", "project_lead", "viewer"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** The "listening" questions asked at a lifecycle change (source 003). */
export const LIFECYCLE_REASON_CATEGORIES = ["why_started", "why_commits", "why_drifting", "why_ended", "other"] as const;
export type LifecycleReasonCategory = (typeof LIFECYCLE_REASON_CATEGORIES)[number];

/** Narrowing guard: `includes` on a readonly tuple does not accept plain strings. */
export function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === "string" && (values as readonly string[]).includes(v);
}
