CREATE TABLE `attachment_blobs` (
	`storage_key` text PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`parent_type` text NOT NULL,
	`assessment_id` integer,
	`factor` text,
	`action_id` integer,
	`decision_id` integer,
	`comment_id` integer,
	`relationship_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`uploaded_by_user_id` integer,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`storage_key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`action_id`) REFERENCES `development_actions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decision_id`) REFERENCES `relationship_decisions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "attachments_parent_type_check" CHECK(parent_type in ('assessment_evidence', 'development_action', 'decision', 'comment')),
	CONSTRAINT "attachments_size_check" CHECK("attachments"."size_bytes" > 0),
	CONSTRAINT "attachments_one_parent" CHECK(("attachments"."parent_type" = 'assessment_evidence' and "attachments"."assessment_id" is not null and "attachments"."factor" is not null)
        or ("attachments"."parent_type" = 'development_action' and "attachments"."action_id" is not null)
        or ("attachments"."parent_type" = 'decision' and "attachments"."decision_id" is not null)
        or ("attachments"."parent_type" = 'comment' and "attachments"."comment_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_storage_key_unique` ON `attachments` (`storage_key`);--> statement-breakpoint
CREATE INDEX `attachments_assessment_idx` ON `attachments` (`assessment_id`,`factor`);--> statement-breakpoint
CREATE INDEX `attachments_action_idx` ON `attachments` (`action_id`);--> statement-breakpoint
CREATE INDEX `attachments_decision_idx` ON `attachments` (`decision_id`);--> statement-breakpoint
CREATE INDEX `attachments_comment_idx` ON `attachments` (`comment_id`);--> statement-breakpoint
CREATE INDEX `attachments_relationship_idx` ON `attachments` (`relationship_id`);--> statement-breakpoint
CREATE INDEX `attachments_org_idx` ON `attachments` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `comment_mentions` (
	`comment_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`comment_id`, `user_id`),
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comment_mentions_user_idx` ON `comment_mentions` (`user_id`);--> statement-breakpoint
CREATE TABLE `comment_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`comment_id` integer NOT NULL,
	`body` text NOT NULL,
	`replaced_at` text NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comment_revisions_comment_idx` ON `comment_revisions` (`comment_id`,`replaced_at`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`relationship_id` integer NOT NULL,
	`period` text NOT NULL,
	`factor` text,
	`author_user_id` integer,
	`author_organisation_id` integer,
	`body` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`edited_at` text,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "comments_period_check" CHECK("comments"."period" glob '[0-9][0-9][0-9][0-9]-Q[1-4]'),
	CONSTRAINT "comments_factor_check" CHECK("comments"."factor" is null or factor in ('individuality', 'trust', 'compensation', 'new_business', 'knowledge', 'selling'))
);
--> statement-breakpoint
CREATE INDEX `comments_thread_idx` ON `comments` (`relationship_id`,`period`,`factor`,`created_at`);