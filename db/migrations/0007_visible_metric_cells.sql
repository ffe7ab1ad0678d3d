-- visible_metric_cells (docs/decisions/0015-visible-metric-cells.md). Its triggers and first fill
-- are not written here: migrateDatabase (db/connection.ts) installs the ones db/visible-metric-cells.ts
-- generates after every migration and refills the table whenever they were missing, as after this one.
CREATE TABLE `visible_metric_cells` (
	`viewer_organisation_id` integer NOT NULL,
	`recorded_by_organisation_id` integer NOT NULL,
	`relationship_id` integer,
	`metric_id` integer
);
--> statement-breakpoint
CREATE INDEX `visible_metric_cells_viewer_idx` ON `visible_metric_cells` (`viewer_organisation_id`,`recorded_by_organisation_id`,`relationship_id`,`metric_id`);--> statement-breakpoint
CREATE INDEX `visible_metric_cells_recorder_idx` ON `visible_metric_cells` (`recorded_by_organisation_id`);--> statement-breakpoint
CREATE INDEX `measurements_organisation_recorder_idx` ON `measurements` (`recorded_by_organisation_id`,`metric_id`,`month`) WHERE "measurements"."relationship_id" is null;
