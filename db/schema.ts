/**
 * The whole data model of the portal (SQLite, via drizzle-orm).
 *
 * Conventions:
 * - ids are integer primary keys; timestamps are ISO-8601 UTC strings
 *   (`2026-11-22T19:12:48.000Z`), calendar dates are `YYYY-MM-DD`, months
 *   `YYYY-MM`, quarters `YYYY-Qn`. Text keeps them sortable and portable to
 *   PostgreSQL.
 * - enums are text columns with CHECK constraints, so the database itself
 *   refuses a value the domain does not know.
 * - only model modules (`app/models/*.server.ts`) import this file.
 */
import { sql } from "drizzle-orm";
import { blob, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  ACTION_PHASES,
  ACTION_STATUSES,
  ASSESSMENT_SIDES,
  CRITICALITIES,
  DIVERSITIES,
  FACTORS,
  LIFECYCLE_REASON_CATEGORIES,
  LIFECYCLE_STAGES,
  MATURITIES,
  MEMBERSHIP_ROLES,
  SIZE_CLASSES,
} from "../app/domain/factors";
import {
  ATTACHMENT_PARENTS,
  DELIVERY_MODES,
  EMAIL_CATEGORIES,
  INVITATION_STATUSES,
  NOTIFICATION_KINDS,
  OUTBOX_STATUSES,
  ROUND_STATUSES,
} from "../app/domain/notification-kinds";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

const SIZE_CLASS_VALUES = SIZE_CLASSES;
const MATURITY_VALUES = MATURITIES;
const DIVERSITY_VALUES = DIVERSITIES;
const CRITICALITY_VALUES = CRITICALITIES;
const LIFECYCLE_VALUES = LIFECYCLE_STAGES;
const FACTOR_VALUES = FACTORS;
const ROLE_VALUES = MEMBERSHIP_ROLES;
const SIDE_VALUES = ASSESSMENT_SIDES;

// ---------------------------------------------------------------- organisations

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** Finnish business ID (Y-tunnus) such as `1234567-1`, validated with its check digit. */
    businessId: text("business_id"),
    headcount: integer("headcount"),
    turnoverEur: real("turnover_eur"),
    balanceSheetEur: real("balance_sheet_eur"),
    /** The effective size class: computed from the figures, or set by hand. */
    sizeClass: text("size_class", { enum: SIZE_CLASS_VALUES }),
    sizeClassManual: integer("size_class_manual", { mode: "boolean" }).notNull().default(false),
    foundedYear: integer("founded_year"),
    city: text("city"),
    description: text("description"),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("organisations_business_id_unique").on(t.businessId),
    check("organisations_size_class_check", sql`${t.sizeClass} is null or ${inList("size_class", SIZE_CLASS_VALUES)}`),
    check("organisations_headcount_check", sql`${t.headcount} is null or ${t.headcount} >= 0`),
  ],
);

/**
 * Email domains an organisation owns, entered by a platform administrator.
 * An organisation admin may create accounts only for addresses in their
 * organisation's domains, so they cannot claim another company's address
 * nor probe which addresses exist elsewhere (docs/decisions/0013-people-email-domains.md).
 * A domain belongs to one organisation at most.
 */
export const organisationEmailDomains = sqliteTable(
  "organisation_email_domains",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** Lower case, ASCII (an internationalised domain in its xn-- form). */
    domain: text("domain").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("organisation_email_domains_domain_unique").on(t.domain), index("organisation_email_domains_org_idx").on(t.organisationId)],
);

// ------------------------------------------------------------ people & access

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored lower-cased; login compares lower-cased input. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    isPlatformAdmin: integer("is_platform_admin", { mode: "boolean" }).notNull().default(false),
    locale: text("locale", { enum: ["fi", "en"] }),
    /** IANA time zone the person reads times in; null: the default, Europe/Helsinki. */
    timeZone: text("time_zone"),
    disabledAt: text("disabled_at"),
    passwordChangedAt: text("password_changed_at"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLE_VALUES }).notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("memberships_user_org_unique").on(t.userId, t.organisationId),
    index("memberships_org_idx").on(t.organisationId),
    check("memberships_role_check", inList("role", ROLE_VALUES)),
  ],
);

/**
 * Database-backed sessions. The cookie carries a random token; only its
 * SHA-256 is stored here, so a copy of the database cannot be replayed as a login.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * One-time password reset links, made by an administrator and shown to them
 * once. Only the SHA-256 of the token is kept.
 */
export const passwordResetTokens = sqliteTable(
  "password_reset_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [uniqueIndex("password_reset_tokens_hash_unique").on(t.tokenHash), index("password_reset_tokens_user_idx").on(t.userId)],
);

/**
 * Per-organisation API tokens for `/api/v1/`. Shown once at creation; only
 * the SHA-256 is stored, with a short prefix so people can tell tokens apart.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_org_idx").on(t.organisationId)],
);

/**
 * Failed logins, kept in the database so a restart does not reset the
 * throttle. Rows older than the longest window are purged as new ones arrive.
 */
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ip: text("ip").notNull(),
    /** The normalised email tried (existing or not), so an account is throttled either way. */
    email: text("email").notNull(),
    at: text("at").notNull(),
    /**
     * The device id of a browser that has signed in to this account before
     * (app/security/device-cookie.server.ts), or null for any other client.
     * Such a browser's failures count against that browser only.
     */
    device: text("device"),
  },
  (t) => [
    index("login_failures_ip_idx").on(t.ip, t.at),
    index("login_failures_email_idx").on(t.email, t.at),
    index("login_failures_device_idx").on(t.device, t.at),
  ],
);

// ---------------------------------------------------------------------- chains

export const chains = sqliteTable(
  "chains",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    description: text("description"),
    /** The focal company the chain is built around. */
    focalOrganisationId: integer("focal_organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("chains_focal_idx").on(t.focalOrganisationId)],
);

/** A directed link provider -> customer in a chain. */
export const relationships = sqliteTable(
  "relationships",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chainId: integer("chain_id")
      .notNull()
      .references(() => chains.id, { onDelete: "restrict" }),
    providerId: integer("provider_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    customerId: integer("customer_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    /** What is delivered, e.g. "Hosting and operations". */
    serviceName: text("service_name").notNull(),
    startDate: text("start_date").notNull(),
    lifecycleStage: text("lifecycle_stage", { enum: LIFECYCLE_VALUES }).notNull(),
    /** Null: maturity is derived from the start date. */
    maturityOverride: text("maturity_override", { enum: MATURITY_VALUES }),
    maturityOverrideNote: text("maturity_override_note"),
    diversity: text("diversity", { enum: DIVERSITY_VALUES }).notNull(),
    criticality: text("criticality", { enum: CRITICALITY_VALUES }).notNull(),
    referenceCustomer: integer("reference_customer", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("relationships_chain_parties_unique").on(t.chainId, t.providerId, t.customerId),
    index("relationships_provider_idx").on(t.providerId),
    index("relationships_customer_idx").on(t.customerId),
    check("relationships_distinct_parties", sql`${t.providerId} <> ${t.customerId}`),
    check("relationships_stage_check", inList("lifecycle_stage", LIFECYCLE_VALUES)),
    check("relationships_maturity_check", sql`${t.maturityOverride} is null or ${inList("maturity_override", MATURITY_VALUES)}`),
    check("relationships_diversity_check", inList("diversity", DIVERSITY_VALUES)),
    check("relationships_criticality_check", inList("criticality", CRITICALITY_VALUES)),
  ],
);

/** The dated lifecycle history with the "listening" note of each change. */
export const lifecycleEvents = sqliteTable(
  "lifecycle_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
    fromStage: text("from_stage", { enum: LIFECYCLE_VALUES }),
    toStage: text("to_stage", { enum: LIFECYCLE_VALUES }).notNull(),
    changedOn: text("changed_on").notNull(),
    reasonCategory: text("reason_category", {
      enum: LIFECYCLE_REASON_CATEGORIES,
    }).notNull(),
    note: text("note").notNull(),
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [
    index("lifecycle_events_relationship_idx").on(t.relationshipId, t.changedOn),
    check("lifecycle_events_stage_check", inList("to_stage", LIFECYCLE_VALUES)),
    check("lifecycle_events_from_stage_check", sql`${t.fromStage} is null or ${inList("from_stage", LIFECYCLE_VALUES)}`),
    check("lifecycle_events_reason_check", inList("reason_category", LIFECYCLE_REASON_CATEGORIES)),
  ],
);

// ------------------------------------------------------------ scoring model

/**
 * A version of the scoring model: the importance levels (importance_levels),
 * the start-up age, the criticality multipliers and the score bands. Scores
 * name the version that produced them. A draft is edited freely; a published
 * version never changes (triggers of migration 0002 refuse it), only its
 * `is_active` flag moves. A draft's `version` is a placeholder (minus its id):
 * the number is given on publishing, so published versions count up in the
 * order they were published.
 */
export const importanceModels = sqliteTable(
  "importance_models",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    /** The publishing note (why this version); for a draft, a working note. */
    note: text("note"),
    /** Exactly one published version is active, platform-wide (docs/decisions/0014). */
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(false),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
    status: text("status", { enum: ["draft", "published"] })
      .notNull()
      .default("published"),
    /** A provider founded within this many calendar years is a start-up. */
    startupYears: integer("startup_years").notNull().default(5),
    multiplierLow: real("multiplier_low").notNull().default(1),
    multiplierMedium: real("multiplier_medium").notNull().default(1.5),
    multiplierHigh: real("multiplier_high").notNull().default(2),
    multiplierCritical: real("multiplier_critical").notNull().default(3),
    bandPoorMin: real("band_poor_min").notNull().default(0),
    bandPoorMax: real("band_poor_max").notNull().default(49.9),
    bandFairMin: real("band_fair_min").notNull().default(50),
    bandFairMax: real("band_fair_max").notNull().default(74.9),
    bandGoodMin: real("band_good_min").notNull().default(75),
    bandGoodMax: real("band_good_max").notNull().default(100),
    /** The version a draft was copied from (no foreign key: drafts can be deleted, published rows never change). */
    basedOnModelId: integer("based_on_model_id"),
    /** How the draft began: a copy of a version, or an imported file. */
    origin: text("origin", { enum: ["seed", "copy", "import"] })
      .notNull()
      .default("seed"),
    updatedAt: text("updated_at"),
    updatedByUserId: integer("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
    publishedAt: text("published_at"),
    publishedByUserId: integer("published_by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("importance_models_version_unique").on(t.version),
    uniqueIndex("importance_models_one_active")
      .on(t.isActive)
      .where(sql`${t.isActive} = 1`),
  ],
);

/**
 * One cell of the digiMensa matrix: the importance (1..3) of a factor for one
 * value of one context dimension, optionally under a condition (a reference
 * customer or a start-up provider), with the slide statement behind it.
 */
export const importanceLevels = sqliteTable(
  "importance_levels",
  {
    modelId: integer("model_id")
      .notNull()
      .references(() => importanceModels.id, { onDelete: "cascade" }),
    factor: text("factor", { enum: FACTOR_VALUES }).notNull(),
    dimension: text("dimension", { enum: ["size", "maturity", "diversity"] }).notNull(),
    value: text("value").notNull(),
    condition: text("condition", { enum: ["base", "reference_customer", "startup"] }).notNull(),
    level: integer("level").notNull(),
    sourceFi: text("source_fi").notNull(),
    sourceEn: text("source_en").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.factor, t.dimension, t.value, t.condition] }),
    check("importance_levels_level_check", sql`${t.level} between 1 and 3`),
  ],
);

// ---------------------------------------------------------------- assessments

/** One assessor's scores of the six factors for one relationship, side and quarter. */
export const assessments = sqliteTable(
  "assessments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
    side: text("side", { enum: SIDE_VALUES }).notNull(),
    period: text("period").notNull(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    assessorUserId: integer("assessor_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    status: text("status", { enum: ["draft", "submitted"] })
      .notNull()
      .default("draft"),
    submittedAt: text("submitted_at"),
    /** Optimistic concurrency: bumped on each write; a stale form is refused. */
    revision: integer("revision").notNull().default(1),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("assessments_assessor_unique").on(t.relationshipId, t.side, t.period, t.assessorUserId),
    index("assessments_period_idx").on(t.relationshipId, t.period, t.status),
    check("assessments_side_check", inList("side", SIDE_VALUES)),
    check("assessments_status_check", sql`${t.status} in ('draft', 'submitted')`),
    check("assessments_submitted_at_check", sql`(${t.status} = 'submitted') = (${t.submittedAt} is not null)`),
    check("assessments_period_check", sql`${t.period} glob '[0-9][0-9][0-9][0-9]-Q[1-4]'`),
  ],
);

/** A factor score: 1..5, or not applicable (score null, notApplicable true). */
export const assessmentScores = sqliteTable(
  "assessment_scores",
  {
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    factor: text("factor", { enum: FACTOR_VALUES }).notNull(),
    score: integer("score"),
    notApplicable: integer("not_applicable", { mode: "boolean" }).notNull().default(false),
    evidence: text("evidence"),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.factor] }),
    check("assessment_scores_range", sql`${t.score} is null or ${t.score} between 1 and 5`),
    check("assessment_scores_na", sql`not (${t.notApplicable} = 1 and ${t.score} is not null)`),
  ],
);

/**
 * Totals of the submitted factor scores per relationship, quarter and side:
 * what every score, trend and attention rule reads. Kept by triggers on
 * assessments and assessment_scores (migration 0001), in the same
 * transaction as the write, whichever code path writes. A factor's mean is
 * total / n; both sides together are (total_p + total_c) / (n_p + n_c),
 * the same as the mean of all submitted scores. N/A scores are not counted.
 * See docs/decisions/0010-score-totals.md.
 */
export const submittedScoreTotals = sqliteTable(
  "submitted_score_totals",
  {
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    side: text("side", { enum: SIDE_VALUES }).notNull(),
    individualityTotal: integer("individuality_total").notNull(),
    individualityN: integer("individuality_n").notNull(),
    trustTotal: integer("trust_total").notNull(),
    trustN: integer("trust_n").notNull(),
    compensationTotal: integer("compensation_total").notNull(),
    compensationN: integer("compensation_n").notNull(),
    newBusinessTotal: integer("new_business_total").notNull(),
    newBusinessN: integer("new_business_n").notNull(),
    knowledgeTotal: integer("knowledge_total").notNull(),
    knowledgeN: integer("knowledge_n").notNull(),
    sellingTotal: integer("selling_total").notNull(),
    sellingN: integer("selling_n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.relationshipId, t.period, t.side] })],
);

// -------------------------------------------------------------------- metrics

export const metricDefinitions = sqliteTable(
  "metric_definitions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    /** Null: the shared catalogue managed by administrators; else an organisation's own metric. */
    ownerOrganisationId: integer("owner_organisation_id").references(() => organisations.id, {
      onDelete: "cascade",
    }),
    nameFi: text("name_fi").notNull(),
    nameEn: text("name_en").notNull(),
    unit: text("unit").notNull(),
    direction: text("direction", { enum: ["higher_better", "lower_better"] }).notNull(),
    aggregation: text("aggregation", { enum: ["mean", "sum", "last"] }).notNull(),
    target: real("target"),
    /**
     * The lowest and highest value a measurement may have; null: no bound,
     * except that a percentage is 0–100 when its bound is not given
     * (app/domain/measurement-rules.ts).
     */
    minValue: real("min_value"),
    maxValue: real("max_value"),
    category: text("category").notNull(),
    factor: text("factor", { enum: FACTOR_VALUES }),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [
    // Two unique indexes because SQLite treats NULL owners as distinct.
    uniqueIndex("metric_definitions_org_key_unique")
      .on(t.ownerOrganisationId, t.key)
      .where(sql`${t.ownerOrganisationId} is not null`),
    uniqueIndex("metric_definitions_catalogue_key_unique")
      .on(t.key)
      .where(sql`${t.ownerOrganisationId} is null`),
    check("metric_definitions_direction_check", sql`${t.direction} in ('higher_better', 'lower_better')`),
    check("metric_definitions_aggregation_check", sql`${t.aggregation} in ('mean', 'sum', 'last')`),
  ],
);

/**
 * A monthly value of a metric about a relationship (or an organisation),
 * recorded by one organisation. One value per metric × subject × month.
 */
export const measurements = sqliteTable(
  "measurements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    metricId: integer("metric_id")
      .notNull()
      .references(() => metricDefinitions.id, { onDelete: "restrict" }),
    relationshipId: integer("relationship_id").references(() => relationships.id, { onDelete: "cascade" }),
    subjectOrganisationId: integer("subject_organisation_id").references(() => organisations.id, {
      onDelete: "cascade",
    }),
    month: text("month").notNull(),
    value: real("value").notNull(),
    recordedByOrganisationId: integer("recorded_by_organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    recordedByUserId: integer("recorded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    source: text("source", { enum: ["form", "import", "api", "seed"] }).notNull(),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
    /**
     * Set when the recorder deleted the value: the row stays (with its
     * history) but no one sees it any more, and a new value for the same
     * cell reuses it. Readers filter through visibleMeasurementCondition.
     */
    deletedAt: text("deleted_at"),
    deletedByUserId: integer("deleted_by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("measurements_relationship_unique")
      .on(t.metricId, t.relationshipId, t.month)
      .where(sql`${t.relationshipId} is not null`),
    uniqueIndex("measurements_organisation_unique")
      .on(t.metricId, t.subjectOrganisationId, t.month)
      .where(sql`${t.subjectOrganisationId} is not null`),
    index("measurements_relationship_month_idx").on(t.relationshipId, t.month),
    index("measurements_recorder_idx").on(t.recordedByOrganisationId),
    // Organisation-level values by recorder: the shared dashboard's join with visible_metric_cells.
    index("measurements_organisation_recorder_idx")
      .on(t.recordedByOrganisationId, t.metricId, t.month)
      .where(sql`${t.relationshipId} is null`),
    check("measurements_one_subject", sql`(${t.relationshipId} is null) <> (${t.subjectOrganisationId} is null)`),
    check("measurements_month_check", sql`${t.month} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]'`),
  ],
);

/**
 * Earlier values of a measurement: a re-entry updates the row and keeps the
 * old value here; a deletion is a row of kind `delete` (previous and new
 * value both the deleted value). `recordedByOrganisationId` says whose value
 * it was, since a deleted cell may later be recorded by the other party.
 */
export const measurementHistory = sqliteTable(
  "measurement_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    measurementId: integer("measurement_id")
      .notNull()
      .references(() => measurements.id, { onDelete: "cascade" }),
    previousValue: real("previous_value").notNull(),
    newValue: real("new_value").notNull(),
    changedByUserId: integer("changed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    source: text("source", { enum: ["form", "import", "api", "seed"] }).notNull(),
    changedAt: text("changed_at").notNull().default(now),
    kind: text("kind", { enum: ["update", "delete"] })
      .notNull()
      .default("update"),
    recordedByOrganisationId: integer("recorded_by_organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [index("measurement_history_measurement_idx").on(t.measurementId)],
);

/**
 * The recording organisation shares one metric (or all of them) of one
 * relationship (or all of its relationships) with an audience. Nothing is
 * shared by default; revoking sets revokedAt and hides the data at once.
 */
export const sharingGrants = sqliteTable(
  "sharing_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantorOrganisationId: integer("grantor_organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** Null: every metric the grantor records. */
    metricId: integer("metric_id").references(() => metricDefinitions.id, { onDelete: "cascade" }),
    /** Null: the grantor's measurements of every relationship (in the chain, when chainId is set). */
    relationshipId: integer("relationship_id").references(() => relationships.id, { onDelete: "cascade" }),
    audience: text("audience", {
      enum: ["counterpart", "organisation", "chain", "chain_upstream", "chain_downstream"],
    }).notNull(),
    granteeOrganisationId: integer("grantee_organisation_id").references(() => organisations.id, {
      onDelete: "cascade",
    }),
    chainId: integer("chain_id").references(() => chains.id, { onDelete: "cascade" }),
    note: text("note"),
    grantedByUserId: integer("granted_by_user_id").references(() => users.id, { onDelete: "set null" }),
    grantedAt: text("granted_at").notNull().default(now),
    revokedAt: text("revoked_at"),
    revokedByUserId: integer("revoked_by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("sharing_grants_grantee_idx").on(t.granteeOrganisationId),
    index("sharing_grants_grantor_idx").on(t.grantorOrganisationId),
    index("sharing_grants_relationship_idx").on(t.relationshipId),
    check(
      "sharing_grants_audience_check",
      sql`(${t.audience} = 'organisation' and ${t.granteeOrganisationId} is not null)
        or (${t.audience} = 'counterpart' and ${t.relationshipId} is not null)
        or (${t.audience} in ('chain', 'chain_upstream', 'chain_downstream') and ${t.chainId} is not null)`,
    ),
  ],
);

/**
 * What the sharing rule shows each organisation of other organisations'
 * measurements (docs/decisions/0015-visible-metric-cells.md): one row per
 * (viewer, recorder, relationship, metric) cell; relationship null for
 * organisation-level values, metric null for every metric. Kept by triggers
 * on sharing_grants, relationships and organisations (db/visible-metric-cells.ts),
 * never written by the app. No foreign keys: the triggers remove a cell when
 * what it points at goes.
 */
export const visibleMetricCells = sqliteTable(
  "visible_metric_cells",
  {
    viewerOrganisationId: integer("viewer_organisation_id").notNull(),
    recordedByOrganisationId: integer("recorded_by_organisation_id").notNull(),
    relationshipId: integer("relationship_id"),
    metricId: integer("metric_id"),
  },
  (t) => [
    index("visible_metric_cells_viewer_idx").on(t.viewerOrganisationId, t.recordedByOrganisationId, t.relationshipId, t.metricId),
    index("visible_metric_cells_recorder_idx").on(t.recordedByOrganisationId),
  ],
);

/**
 * A committed measurement import (CSV or Excel). The file's SHA-256 lets a
 * repeated import of the same file be recognised; counts say what it did.
 */
export const metricImports = sqliteTable(
  "metric_imports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    rowCount: integer("row_count").notNull(),
    insertedCount: integer("inserted_count").notNull(),
    updatedCount: integer("updated_count").notNull(),
    unchangedCount: integer("unchanged_count").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("metric_imports_org_idx").on(t.organisationId, t.createdAt)],
);

/**
 * An import file between its preview and its commit. Kept in the database,
 * not on one server's disk, so a preview shown by one app server can be
 * committed through another. Only its uploader, for the same organisation,
 * can commit it; it expires after an hour and is purged.
 */
export const stagedImports = sqliteTable(
  "staged_imports",
  {
    /** 128 random bits, hex: the form carries it from the preview to the commit. */
    id: text("id").primaryKey(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    bytes: blob("bytes", { mode: "buffer" }).notNull(),
    createdAt: text("created_at").notNull().default(now),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("staged_imports_expires_idx").on(t.expiresAt)],
);

// --------------------------------------------------------- development actions

export const developmentActions = sqliteTable(
  "development_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description"),
    factor: text("factor", { enum: FACTOR_VALUES }),
    phase: text("phase", {
      enum: ACTION_PHASES,
    }).notNull(),
    ownerUserId: integer("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    ownerOrganisationId: integer("owner_organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    dueDate: text("due_date"),
    status: text("status", { enum: ACTION_STATUSES }).notNull(),
    outcomeNote: text("outcome_note"),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
    completedAt: text("completed_at"),
  },
  (t) => [
    index("development_actions_relationship_idx").on(t.relationshipId, t.status),
    check("development_actions_phase_check", inList("phase", ACTION_PHASES)),
    check("development_actions_status_check", inList("status", ACTION_STATUSES)),
  ],
);

/**
 * The decision log: the many small weekly decisions (52 a year) that add up
 * in a relationship (source 004).
 */
export const relationshipDecisions = sqliteTable(
  "relationship_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
    decidedOn: text("decided_on").notNull(),
    title: text("title").notNull(),
    note: text("note"),
    factor: text("factor", { enum: FACTOR_VALUES }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("relationship_decisions_relationship_idx").on(t.relationshipId, t.decidedOn)],
);

// ------------------------------------------------------------------- audit log

/** Who did what to which record, when (UTC), with before/after JSON for edits. Never secrets. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull().default(now),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorOrganisationId: integer("actor_organisation_id").references(() => organisations.id, {
      onDelete: "set null",
    }),
    action: text("action").notNull(),
    entityType: text("entity_type"),
    entityId: text("entity_id"),
    before: text("before"),
    after: text("after"),
    ip: text("ip"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_entity_idx").on(t.entityType, t.entityId)],
);

// ------------------------------------------------- notifications and email

/**
 * One thing a person should know about. Only ids and plain parameters are
 * kept (never a metric's value or a relationship's name): the list joins the
 * records when it is shown and drops what the reader may no longer see.
 * `dedupe_key` stamps scheduled ones (a reminder, an overdue action) so a
 * restart or a second server never makes one twice.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    relationshipId: integer("relationship_id").references(() => relationships.id, { onDelete: "cascade" }),
    roundId: integer("round_id").references(() => assessmentRounds.id, { onDelete: "cascade" }),
    assessmentId: integer("assessment_id").references(() => assessments.id, { onDelete: "cascade" }),
    actionId: integer("action_id").references(() => developmentActions.id, { onDelete: "cascade" }),
    sharingGrantId: integer("sharing_grant_id").references(() => sharingGrants.id, { onDelete: "cascade" }),
    invitationId: integer("invitation_id").references(() => invitations.id, { onDelete: "cascade" }),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** JSON of plain parameters (a quarter, days left); nothing the reader might later lose the right to see. */
    params: text("params"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: text("created_at").notNull().default(now),
    readAt: text("read_at"),
    /** When its email (at once) was written to the outbox; null when the person wants none. */
    emailedAt: text("emailed_at"),
    /** When a daily digest listed it. */
    digestedAt: text("digested_at"),
  },
  (t) => [
    uniqueIndex("notifications_user_dedupe_unique").on(t.userId, t.dedupeKey),
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_digest_idx").on(t.digestedAt, t.userId),
    check("notifications_kind_check", inList("kind", NOTIFICATION_KINDS)),
  ],
);

/** A person's choice per kind; no row: DEFAULT_DELIVERY. */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    delivery: text("delivery", { enum: DELIVERY_MODES }).notNull(),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind] }),
    check("notification_preferences_kind_check", inList("kind", NOTIFICATION_KINDS)),
    check("notification_preferences_delivery_check", inList("delivery", DELIVERY_MODES)),
  ],
);

/**
 * The transactional outbox: an email is written in the same transaction as
 * the event that causes it, and a sender delivers it later with retries
 * (app/mail/sender.server.ts). A sender claims a row for a while
 * (`claimed_until`) before it sends, so two senders never send one row.
 * Bodies that carry a one-time link are emptied once sent.
 */
export const outboxEmails = sqliteTable(
  "outbox_emails",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    recipientUserId: integer("recipient_user_id").references(() => users.id, { onDelete: "set null" }),
    toAddress: text("to_address").notNull(),
    locale: text("locale", { enum: ["fi", "en"] }).notNull(),
    category: text("category", { enum: EMAIL_CATEGORIES }).notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** Carries a secret link (a password reset, an invitation): never shown, emptied once sent. */
    sensitive: integer("sensitive", { mode: "boolean" }).notNull().default(false),
    /** The Message-ID header, the same on every attempt, so a receiver can drop a repeat. */
    messageId: text("message_id").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    claimedBy: text("claimed_by"),
    claimedUntil: text("claimed_until"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull().default(now),
    sentAt: text("sent_at"),
  },
  (t) => [
    uniqueIndex("outbox_emails_message_id_unique").on(t.messageId),
    index("outbox_emails_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_emails_created_idx").on(t.createdAt),
    check("outbox_emails_status_check", inList("status", OUTBOX_STATUSES)),
    check("outbox_emails_category_check", inList("category", EMAIL_CATEGORIES)),
  ],
);

/**
 * A named lease on work only one server may do at a time (the outbox sender,
 * the scheduled reminders): taken by a conditional update, held until
 * `lease_until`, so a crashed holder's lease runs out by itself.
 */
export const jobLeases = sqliteTable("job_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  leaseUntil: text("lease_until").notNull(),
});

// -------------------------------------------------------- assessment rounds

/**
 * A quarter's assessment campaign an organisation runs over a set of its
 * relationships, with a deadline. Closing freezes its figures in
 * `frozen_summary` (JSON), so later answers do not move them.
 */
export const assessmentRounds = sqliteTable(
  "assessment_rounds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    period: text("period").notNull(),
    /** The last day to answer, YYYY-MM-DD, in Europe/Helsinki. */
    deadline: text("deadline").notNull(),
    message: text("message"),
    status: text("status", { enum: ROUND_STATUSES }).notNull().default("open"),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
    closedAt: text("closed_at"),
    closedByUserId: integer("closed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    frozenSummary: text("frozen_summary"),
  },
  (t) => [
    index("assessment_rounds_org_idx").on(t.organisationId, t.status),
    check("assessment_rounds_status_check", inList("status", ROUND_STATUSES)),
    check("assessment_rounds_period_check", sql`${t.period} glob '[0-9][0-9][0-9][0-9]-Q[1-4]'`),
    check("assessment_rounds_closed_check", sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
  ],
);

/** The relationships a round covers. */
export const roundRelationships = sqliteTable(
  "round_relationships",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => assessmentRounds.id, { onDelete: "cascade" }),
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.relationshipId] }), index("round_relationships_relationship_idx").on(t.relationshipId)],
);

/**
 * Who is asked to assess a relationship of a round, for one side: an existing
 * user, or (until they accept) an invitation of a new contact.
 */
export const roundAssessors = sqliteTable(
  "round_assessors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => assessmentRounds.id, { onDelete: "cascade" }),
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
    side: text("side", { enum: SIDE_VALUES }).notNull(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    invitationId: integer("invitation_id").references(() => invitations.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("round_assessors_user_unique").on(t.roundId, t.relationshipId, t.side, t.userId),
    index("round_assessors_user_idx").on(t.userId),
    index("round_assessors_invitation_idx").on(t.invitationId),
    check("round_assessors_side_check", inList("side", SIDE_VALUES)),
    check("round_assessors_who_check", sql`${t.userId} is not null or ${t.invitationId} is not null`),
  ],
);

/**
 * An invitation of a new contact into their own organisation
 * (docs/decisions/0020-round-invitations.md). Only the SHA-256 of the link's
 * token is kept, and only once approved.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The invitee's own organisation: the only one the account can ever belong to. */
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    locale: text("locale", { enum: ["fi", "en"] }).notNull(),
    roundId: integer("round_id").references(() => assessmentRounds.id, { onDelete: "cascade" }),
    status: text("status", { enum: INVITATION_STATUSES }).notNull(),
    invitedByUserId: integer("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    invitedByOrganisationId: integer("invited_by_organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    approvedByUserId: integer("approved_by_user_id").references(() => users.id, { onDelete: "set null" }),
    approvedAt: text("approved_at"),
    tokenHash: text("token_hash"),
    expiresAt: text("expires_at"),
    acceptedAt: text("accepted_at"),
    acceptedUserId: integer("accepted_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("invitations_token_unique").on(t.tokenHash),
    index("invitations_org_idx").on(t.organisationId, t.status),
    index("invitations_email_idx").on(t.email),
    check("invitations_status_check", inList("status", INVITATION_STATUSES)),
  ],
);

/**
 * What an accepted invitation lets its account do: see and assess one side
 * of one relationship, nothing more (no membership, so no other record of
 * the organisation). A member of the organisation needs no such row.
 */
export const assessorScopes = sqliteTable(
  "assessor_scopes",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    side: text("side", { enum: SIDE_VALUES }).notNull(),
    invitationId: integer("invitation_id").references(() => invitations.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.relationshipId] }), check("assessor_scopes_side_check", inList("side", SIDE_VALUES))],
);

// ------------------------------------------------- discussion and evidence

/**
 * A comment in a relationship's discussion of one quarter: the quarter's
 * thread (factor null) or one factor's, e.g. beside a perception gap. Seen by
 * both parties and the project leads of the chain's focal company. The author
 * may edit or delete it for 15 minutes; after that it stays, and every edit
 * keeps the text before it in comment_revisions.
 */
export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    factor: text("factor", { enum: FACTOR_VALUES }),
    authorUserId: integer("author_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The organisation the author wrote for (a party, or the focal company for a project lead). */
    authorOrganisationId: integer("author_organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull().default(now),
    editedAt: text("edited_at"),
  },
  (t) => [
    index("comments_thread_idx").on(t.relationshipId, t.period, t.factor, t.createdAt),
    check("comments_period_check", sql`${t.period} glob '[0-9][0-9][0-9][0-9]-Q[1-4]'`),
    check("comments_factor_check", sql`${t.factor} is null or ${inList("factor", FACTOR_VALUES)}`),
  ],
);

/** The text a comment had before each edit, so the parties can read its history. */
export const commentRevisions = sqliteTable(
  "comment_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    /** When this text was replaced. */
    replacedAt: text("replaced_at").notNull(),
  },
  (t) => [index("comment_revisions_comment_idx").on(t.commentId, t.replacedAt)],
);

/** People a comment mentions (only people who can see its thread). */
export const commentMentions = sqliteTable(
  "comment_mentions",
  {
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] }), index("comment_mentions_user_idx").on(t.userId)],
);

/**
 * A file attached as evidence to exactly one parent record, scoped like it:
 * a factor's evidence in an assessment (assessment_id + factor), a development
 * action, a decision or a comment. Deleted with its parent. The bytes live in
 * the configured storage (app/storage): in attachment_blobs by default.
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    parentType: text("parent_type", { enum: ATTACHMENT_PARENTS }).notNull(),
    assessmentId: integer("assessment_id").references(() => assessments.id, { onDelete: "cascade" }),
    factor: text("factor", { enum: FACTOR_VALUES }),
    actionId: integer("action_id").references(() => developmentActions.id, { onDelete: "cascade" }),
    decisionId: integer("decision_id").references(() => relationshipDecisions.id, { onDelete: "cascade" }),
    commentId: integer("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    /** The relationship the parent belongs to: every access check starts here. */
    relationshipId: integer("relationship_id")
      .notNull()
      .references(() => relationships.id, { onDelete: "cascade" }),
    /** The uploader's organisation, whose quota the file counts against. */
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    uploadedByUserId: integer("uploaded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The name shown and offered on download, already made safe (no paths, quotes or control characters). */
    fileName: text("file_name").notNull(),
    /** The type found in the content (not the name's). */
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    /** Where the storage keeps the bytes (opaque to everything but app/storage). */
    storageKey: text("storage_key").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("attachments_storage_key_unique").on(t.storageKey),
    index("attachments_assessment_idx").on(t.assessmentId, t.factor),
    index("attachments_action_idx").on(t.actionId),
    index("attachments_decision_idx").on(t.decisionId),
    index("attachments_comment_idx").on(t.commentId),
    index("attachments_relationship_idx").on(t.relationshipId),
    index("attachments_org_idx").on(t.organisationId),
    check("attachments_parent_type_check", inList("parent_type", ATTACHMENT_PARENTS)),
    check("attachments_size_check", sql`${t.sizeBytes} > 0`),
    check(
      "attachments_one_parent",
      sql`(${t.parentType} = 'assessment_evidence' and ${t.assessmentId} is not null and ${t.factor} is not null)
        or (${t.parentType} = 'development_action' and ${t.actionId} is not null)
        or (${t.parentType} = 'decision' and ${t.decisionId} is not null)
        or (${t.parentType} = 'comment' and ${t.commentId} is not null)`,
    ),
  ],
);

/** The bytes of attachments when they are stored in the database (the default storage). */
export const attachmentBlobs = sqliteTable("attachment_blobs", {
  storageKey: text("storage_key").primaryKey(),
  bytes: blob("bytes", { mode: "buffer" }).notNull(),
  createdAt: text("created_at").notNull().default(now),
});
