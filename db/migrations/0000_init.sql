CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_org_idx` ON `api_tokens` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `assessment_scores` (
	`assessment_id` integer NOT NULL,
	`factor` text NOT NULL,
	`score` integer,
	`not_applicable` integer DEFAULT false NOT NULL,
	`evidence` text,
	PRIMARY KEY(`assessment_id`, `factor`),
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "assessment_scores_range" CHECK("assessment_scores"."score" is null or "assessment_scores"."score" between 1 and 5),
	CONSTRAINT "assessment_scores_na" CHECK(not ("assessment_scores"."not_applicable" = 1 and "assessment_scores"."score" is not null))
);
--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`relationship_id` integer NOT NULL,
	`side` text NOT NULL,
	`period` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`assessor_user_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`submitted_at` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`assessor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "assessments_side_check" CHECK(side in ('provider', 'customer')),
	CONSTRAINT "assessments_status_check" CHECK("assessments"."status" in ('draft', 'submitted')),
	CONSTRAINT "assessments_submitted_at_check" CHECK(("assessments"."status" = 'submitted') = ("assessments"."submitted_at" is not null)),
	CONSTRAINT "assessments_period_check" CHECK("assessments"."period" glob '[0-9][0-9][0-9][0-9]-Q[1-4]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessments_assessor_unique` ON `assessments` (`relationship_id`,`side`,`period`,`assessor_user_id`);--> statement-breakpoint
CREATE INDEX `assessments_period_idx` ON `assessments` (`relationship_id`,`period`,`status`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`actor_user_id` integer,
	`actor_organisation_id` integer,
	`action` text NOT NULL,
	`entity_type` text,
	`entity_id` text,
	`before` text,
	`after` text,
	`ip` text,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`actor_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `chains` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`focal_organisation_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`focal_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `chains_focal_idx` ON `chains` (`focal_organisation_id`);--> statement-breakpoint
CREATE TABLE `development_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`relationship_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`factor` text,
	`phase` text NOT NULL,
	`owner_user_id` integer,
	`owner_organisation_id` integer NOT NULL,
	`due_date` text,
	`status` text NOT NULL,
	`outcome_note` text,
	`created_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`completed_at` text,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "development_actions_phase_check" CHECK(phase in ('service_path_research', 'touchpoint_design', 'customer_programme', 'measurement', 'continuous_learning')),
	CONSTRAINT "development_actions_status_check" CHECK(status in ('planned', 'in_progress', 'done', 'cancelled'))
);
--> statement-breakpoint
CREATE INDEX `development_actions_relationship_idx` ON `development_actions` (`relationship_id`,`status`);--> statement-breakpoint
CREATE TABLE `importance_levels` (
	`model_id` integer NOT NULL,
	`factor` text NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`condition` text NOT NULL,
	`level` integer NOT NULL,
	`source_fi` text NOT NULL,
	`source_en` text NOT NULL,
	PRIMARY KEY(`model_id`, `factor`, `dimension`, `value`, `condition`),
	FOREIGN KEY (`model_id`) REFERENCES `importance_models`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "importance_levels_level_check" CHECK("importance_levels"."level" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE `importance_models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`note` text,
	`is_active` integer DEFAULT false NOT NULL,
	`created_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `importance_models_version_unique` ON `importance_models` (`version`);--> statement-breakpoint
CREATE TABLE `lifecycle_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`relationship_id` integer NOT NULL,
	`from_stage` text,
	`to_stage` text NOT NULL,
	`changed_on` text NOT NULL,
	`reason_category` text NOT NULL,
	`note` text NOT NULL,
	`recorded_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "lifecycle_events_stage_check" CHECK(to_stage in ('suspect', 'prospect', 'new', 'active', 'passivating', 'passive', 'ended')),
	CONSTRAINT "lifecycle_events_from_stage_check" CHECK("lifecycle_events"."from_stage" is null or from_stage in ('suspect', 'prospect', 'new', 'active', 'passivating', 'passive', 'ended')),
	CONSTRAINT "lifecycle_events_reason_check" CHECK(reason_category in ('why_started', 'why_commits', 'why_drifting', 'why_ended', 'other'))
);
--> statement-breakpoint
CREATE INDEX `lifecycle_events_relationship_idx` ON `lifecycle_events` (`relationship_id`,`changed_on`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ip` text NOT NULL,
	`email` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_ip_idx` ON `login_failures` (`ip`,`at`);--> statement-breakpoint
CREATE INDEX `login_failures_email_idx` ON `login_failures` (`email`,`at`);--> statement-breakpoint
CREATE TABLE `measurement_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`measurement_id` integer NOT NULL,
	`previous_value` real NOT NULL,
	`new_value` real NOT NULL,
	`changed_by_user_id` integer,
	`source` text NOT NULL,
	`changed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`measurement_id`) REFERENCES `measurements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `measurement_history_measurement_idx` ON `measurement_history` (`measurement_id`);--> statement-breakpoint
CREATE TABLE `measurements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`metric_id` integer NOT NULL,
	`relationship_id` integer,
	`subject_organisation_id` integer,
	`month` text NOT NULL,
	`value` real NOT NULL,
	`recorded_by_organisation_id` integer NOT NULL,
	`recorded_by_user_id` integer,
	`source` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`metric_id`) REFERENCES `metric_definitions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`subject_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "measurements_one_subject" CHECK(("measurements"."relationship_id" is null) <> ("measurements"."subject_organisation_id" is null)),
	CONSTRAINT "measurements_month_check" CHECK("measurements"."month" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `measurements_relationship_unique` ON `measurements` (`metric_id`,`relationship_id`,`month`) WHERE "measurements"."relationship_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `measurements_organisation_unique` ON `measurements` (`metric_id`,`subject_organisation_id`,`month`) WHERE "measurements"."subject_organisation_id" is not null;--> statement-breakpoint
CREATE INDEX `measurements_relationship_month_idx` ON `measurements` (`relationship_id`,`month`);--> statement-breakpoint
CREATE INDEX `measurements_recorder_idx` ON `measurements` (`recorded_by_organisation_id`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "memberships_role_check" CHECK(role in ('org_admin', 'staff', 'project_lead', 'viewer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_user_org_unique` ON `memberships` (`user_id`,`organisation_id`);--> statement-breakpoint
CREATE INDEX `memberships_org_idx` ON `memberships` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `metric_definitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`owner_organisation_id` integer,
	`name_fi` text NOT NULL,
	`name_en` text NOT NULL,
	`unit` text NOT NULL,
	`direction` text NOT NULL,
	`aggregation` text NOT NULL,
	`target` real,
	`category` text NOT NULL,
	`factor` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`owner_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "metric_definitions_direction_check" CHECK("metric_definitions"."direction" in ('higher_better', 'lower_better')),
	CONSTRAINT "metric_definitions_aggregation_check" CHECK("metric_definitions"."aggregation" in ('mean', 'sum', 'last'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `metric_definitions_org_key_unique` ON `metric_definitions` (`owner_organisation_id`,`key`) WHERE "metric_definitions"."owner_organisation_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `metric_definitions_catalogue_key_unique` ON `metric_definitions` (`key`) WHERE "metric_definitions"."owner_organisation_id" is null;--> statement-breakpoint
CREATE TABLE `metric_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`user_id` integer,
	`file_name` text NOT NULL,
	`file_sha256` text NOT NULL,
	`row_count` integer NOT NULL,
	`inserted_count` integer NOT NULL,
	`updated_count` integer NOT NULL,
	`unchanged_count` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `metric_imports_org_idx` ON `metric_imports` (`organisation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`business_id` text,
	`headcount` integer,
	`turnover_eur` real,
	`balance_sheet_eur` real,
	`size_class` text,
	`size_class_manual` integer DEFAULT false NOT NULL,
	`founded_year` integer,
	`city` text,
	`description` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "organisations_size_class_check" CHECK("organisations"."size_class" is null or size_class in ('micro', 'small', 'medium', 'large')),
	CONSTRAINT "organisations_headcount_check" CHECK("organisations"."headcount" is null or "organisations"."headcount" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_business_id_unique` ON `organisations` (`business_id`);--> statement-breakpoint
CREATE TABLE `password_reset_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_reset_tokens_hash_unique` ON `password_reset_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `password_reset_tokens_user_idx` ON `password_reset_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `relationship_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`relationship_id` integer NOT NULL,
	`decided_on` text NOT NULL,
	`title` text NOT NULL,
	`note` text,
	`factor` text,
	`organisation_id` integer NOT NULL,
	`created_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `relationship_decisions_relationship_idx` ON `relationship_decisions` (`relationship_id`,`decided_on`);--> statement-breakpoint
CREATE TABLE `relationships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chain_id` integer NOT NULL,
	`provider_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`service_name` text NOT NULL,
	`start_date` text NOT NULL,
	`lifecycle_stage` text NOT NULL,
	`maturity_override` text,
	`maturity_override_note` text,
	`diversity` text NOT NULL,
	`criticality` text NOT NULL,
	`reference_customer` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`provider_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`customer_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "relationships_distinct_parties" CHECK("relationships"."provider_id" <> "relationships"."customer_id"),
	CONSTRAINT "relationships_stage_check" CHECK(lifecycle_stage in ('suspect', 'prospect', 'new', 'active', 'passivating', 'passive', 'ended')),
	CONSTRAINT "relationships_maturity_check" CHECK("relationships"."maturity_override" is null or maturity_override in ('early', 'developing', 'mature')),
	CONSTRAINT "relationships_diversity_check" CHECK(diversity in ('uniform', 'mixed', 'diverse')),
	CONSTRAINT "relationships_criticality_check" CHECK(criticality in ('low', 'medium', 'high', 'critical'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `relationships_chain_parties_unique` ON `relationships` (`chain_id`,`provider_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `relationships_provider_idx` ON `relationships` (`provider_id`);--> statement-breakpoint
CREATE INDEX `relationships_customer_idx` ON `relationships` (`customer_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sharing_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grantor_organisation_id` integer NOT NULL,
	`metric_id` integer,
	`relationship_id` integer,
	`audience` text NOT NULL,
	`grantee_organisation_id` integer,
	`chain_id` integer,
	`note` text,
	`granted_by_user_id` integer,
	`granted_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text,
	`revoked_by_user_id` integer,
	FOREIGN KEY (`grantor_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`metric_id`) REFERENCES `metric_definitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`grantee_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`granted_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`revoked_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "sharing_grants_audience_check" CHECK(("sharing_grants"."audience" = 'organisation' and "sharing_grants"."grantee_organisation_id" is not null)
        or ("sharing_grants"."audience" = 'counterpart' and "sharing_grants"."relationship_id" is not null)
        or ("sharing_grants"."audience" in ('chain', 'chain_upstream', 'chain_downstream') and "sharing_grants"."chain_id" is not null))
);
--> statement-breakpoint
CREATE INDEX `sharing_grants_grantee_idx` ON `sharing_grants` (`grantee_organisation_id`);--> statement-breakpoint
CREATE INDEX `sharing_grants_grantor_idx` ON `sharing_grants` (`grantor_organisation_id`);--> statement-breakpoint
CREATE INDEX `sharing_grants_relationship_idx` ON `sharing_grants` (`relationship_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`is_platform_admin` integer DEFAULT false NOT NULL,
	`locale` text,
	`disabled_at` text,
	`password_changed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);