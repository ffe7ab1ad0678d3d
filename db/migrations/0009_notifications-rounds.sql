CREATE TABLE `assessment_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`name` text NOT NULL,
	`period` text NOT NULL,
	`deadline` text NOT NULL,
	`message` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`closed_at` text,
	`closed_by_user_id` integer,
	`frozen_summary` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`closed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "assessment_rounds_status_check" CHECK(status in ('open', 'closed')),
	CONSTRAINT "assessment_rounds_period_check" CHECK("assessment_rounds"."period" glob '[0-9][0-9][0-9][0-9]-Q[1-4]'),
	CONSTRAINT "assessment_rounds_closed_check" CHECK(("assessment_rounds"."status" = 'closed') = ("assessment_rounds"."closed_at" is not null))
);
--> statement-breakpoint
CREATE INDEX `assessment_rounds_org_idx` ON `assessment_rounds` (`organisation_id`,`status`);--> statement-breakpoint
CREATE TABLE `assessor_scopes` (
	`user_id` integer NOT NULL,
	`relationship_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`side` text NOT NULL,
	`invitation_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`user_id`, `relationship_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "assessor_scopes_side_check" CHECK(side in ('provider', 'customer'))
);
--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`locale` text NOT NULL,
	`round_id` integer,
	`status` text NOT NULL,
	`invited_by_user_id` integer,
	`invited_by_organisation_id` integer,
	`approved_by_user_id` integer,
	`approved_at` text,
	`token_hash` text,
	`expires_at` text,
	`accepted_at` text,
	`accepted_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`round_id`) REFERENCES `assessment_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`invited_by_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`approved_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`accepted_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "invitations_status_check" CHECK(status in ('awaiting_approval', 'sent', 'accepted', 'declined', 'revoked'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_org_idx` ON `invitations` (`organisation_id`,`status`);--> statement-breakpoint
CREATE INDEX `invitations_email_idx` ON `invitations` (`email`);--> statement-breakpoint
CREATE TABLE `job_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`lease_until` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notification_preferences` (
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`delivery` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "notification_preferences_kind_check" CHECK(kind in ('assessment_submitted', 'assessment_due', 'metric_shared', 'share_revoked', 'action_assigned', 'action_overdue', 'relationship_attention', 'invitation_waiting', 'comment_mention')),
	CONSTRAINT "notification_preferences_delivery_check" CHECK(delivery in ('portal', 'email', 'digest'))
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`relationship_id` integer,
	`round_id` integer,
	`assessment_id` integer,
	`action_id` integer,
	`sharing_grant_id` integer,
	`invitation_id` integer,
	`actor_user_id` integer,
	`params` text,
	`dedupe_key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`read_at` text,
	`emailed_at` text,
	`digested_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`round_id`) REFERENCES `assessment_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`action_id`) REFERENCES `development_actions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sharing_grant_id`) REFERENCES `sharing_grants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "notifications_kind_check" CHECK(kind in ('assessment_submitted', 'assessment_due', 'metric_shared', 'share_revoked', 'action_assigned', 'action_overdue', 'relationship_attention', 'invitation_waiting', 'comment_mention'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_user_dedupe_unique` ON `notifications` (`user_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_digest_idx` ON `notifications` (`digested_at`,`user_id`);--> statement-breakpoint
CREATE TABLE `outbox_emails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recipient_user_id` integer,
	`to_address` text NOT NULL,
	`locale` text NOT NULL,
	`category` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`sensitive` integer DEFAULT false NOT NULL,
	`message_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`claimed_by` text,
	`claimed_until` text,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`recipient_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "outbox_emails_status_check" CHECK(status in ('pending', 'sent', 'failed')),
	CONSTRAINT "outbox_emails_category_check" CHECK(category in ('notification', 'digest', 'password_reset', 'invitation'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_emails_message_id_unique` ON `outbox_emails` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbox_emails_due_idx` ON `outbox_emails` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_emails_created_idx` ON `outbox_emails` (`created_at`);--> statement-breakpoint
CREATE TABLE `round_assessors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`relationship_id` integer NOT NULL,
	`side` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`user_id` integer,
	`invitation_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `assessment_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "round_assessors_side_check" CHECK(side in ('provider', 'customer')),
	CONSTRAINT "round_assessors_who_check" CHECK("round_assessors"."user_id" is not null or "round_assessors"."invitation_id" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `round_assessors_user_unique` ON `round_assessors` (`round_id`,`relationship_id`,`side`,`user_id`);--> statement-breakpoint
CREATE INDEX `round_assessors_user_idx` ON `round_assessors` (`user_id`);--> statement-breakpoint
CREATE INDEX `round_assessors_invitation_idx` ON `round_assessors` (`invitation_id`);--> statement-breakpoint
CREATE TABLE `round_relationships` (
	`round_id` integer NOT NULL,
	`relationship_id` integer NOT NULL,
	PRIMARY KEY(`round_id`, `relationship_id`),
	FOREIGN KEY (`round_id`) REFERENCES `assessment_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_relationships_relationship_idx` ON `round_relationships` (`relationship_id`);