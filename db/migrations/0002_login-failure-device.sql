ALTER TABLE `login_failures` ADD `device` text;--> statement-breakpoint
CREATE INDEX `login_failures_device_idx` ON `login_failures` (`device`,`at`);