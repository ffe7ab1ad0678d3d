ALTER TABLE `importance_models` ADD `status` text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `startup_years` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `multiplier_low` real DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `multiplier_medium` real DEFAULT 1.5 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `multiplier_high` real DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `multiplier_critical` real DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `band_poor_min` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `band_poor_max` real DEFAULT 49.9 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `band_fair_min` real DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `band_fair_max` real DEFAULT 74.9 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `band_good_min` real DEFAULT 75 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `band_good_max` real DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `based_on_model_id` integer;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `origin` text DEFAULT 'seed' NOT NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `updated_at` text;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `updated_by_user_id` integer REFERENCES users(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `published_at` text;--> statement-breakpoint
ALTER TABLE `importance_models` ADD `published_by_user_id` integer REFERENCES users(id) ON DELETE SET NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `importance_models_one_active` ON `importance_models` (`is_active`) WHERE "importance_models"."is_active" = 1;--> statement-breakpoint
-- ---------------------------------------------------------------------------
-- Hand-written (versions of the scoring model; docs/decisions/0014).
-- drizzle-kit does not know about triggers: keep this block when renumbering.
--
-- Versions that exist already were all published: published when created.
UPDATE `importance_models` SET `published_at` = `created_at` WHERE `status` = 'published' AND `published_at` IS NULL;
--> statement-breakpoint
-- A published version never changes, whatever path writes (the app, a script,
-- a hand-run fix): only `is_active` may move, and the user columns may be
-- cleared by ON DELETE SET NULL. A NEW COLUMN of importance_models must be
-- added to this list (tests/integration/model-versions.test.ts tries every column).
CREATE TRIGGER `importance_models_published_immutable` BEFORE UPDATE ON `importance_models`
WHEN OLD.status = 'published' AND (
  NEW.id IS NOT OLD.id OR NEW.version IS NOT OLD.version OR NEW.name IS NOT OLD.name OR NEW.note IS NOT OLD.note OR NEW.created_at IS NOT OLD.created_at OR NEW.status IS NOT OLD.status OR NEW.startup_years IS NOT OLD.startup_years OR NEW.multiplier_low IS NOT OLD.multiplier_low OR NEW.multiplier_medium IS NOT OLD.multiplier_medium OR NEW.multiplier_high IS NOT OLD.multiplier_high OR NEW.multiplier_critical IS NOT OLD.multiplier_critical OR NEW.band_poor_min IS NOT OLD.band_poor_min OR NEW.band_poor_max IS NOT OLD.band_poor_max OR NEW.band_fair_min IS NOT OLD.band_fair_min OR NEW.band_fair_max IS NOT OLD.band_fair_max OR NEW.band_good_min IS NOT OLD.band_good_min OR NEW.band_good_max IS NOT OLD.band_good_max OR NEW.based_on_model_id IS NOT OLD.based_on_model_id OR NEW.origin IS NOT OLD.origin OR NEW.updated_at IS NOT OLD.updated_at OR NEW.published_at IS NOT OLD.published_at
  OR (NEW.created_by_user_id IS NOT OLD.created_by_user_id AND NEW.created_by_user_id IS NOT NULL) OR (NEW.updated_by_user_id IS NOT OLD.updated_by_user_id AND NEW.updated_by_user_id IS NOT NULL) OR (NEW.published_by_user_id IS NOT OLD.published_by_user_id AND NEW.published_by_user_id IS NOT NULL)
)
BEGIN
  SELECT RAISE(ABORT, 'importance model version is published and cannot change');
END;
--> statement-breakpoint
-- Published versions explain past scores and version 1 is the digiMensa default: neither is ever deleted (drafts can be).
CREATE TRIGGER `importance_models_no_delete` BEFORE DELETE ON `importance_models`
WHEN OLD.status = 'published' OR OLD.version = 1
BEGIN
  SELECT RAISE(ABORT, 'a published importance model version cannot be deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `importance_models_valid_insert` BEFORE INSERT ON `importance_models`
WHEN NEW.status NOT IN ('draft', 'published')
  OR NEW.origin NOT IN ('seed', 'copy', 'import')
  OR (NEW.is_active = 1 AND NEW.status <> 'published')
  OR (NEW.status = 'published' AND NEW.version < 1)
  OR NEW.startup_years NOT BETWEEN 1 AND 50
  OR NOT (NEW.multiplier_low > 0 AND NEW.multiplier_medium > 0 AND NEW.multiplier_high > 0 AND NEW.multiplier_critical > 0)
  OR NOT (NEW.band_poor_min = 0 AND NEW.band_poor_min <= NEW.band_poor_max AND NEW.band_poor_max < NEW.band_fair_min
          AND NEW.band_fair_min <= NEW.band_fair_max AND NEW.band_fair_max < NEW.band_good_min
          AND NEW.band_good_min <= NEW.band_good_max AND NEW.band_good_max = 100)
BEGIN
  SELECT RAISE(ABORT, 'importance model version: invalid status, start-up age, multiplier or bands');
END;
--> statement-breakpoint
CREATE TRIGGER `importance_models_valid_update` BEFORE UPDATE ON `importance_models`
WHEN NEW.status NOT IN ('draft', 'published')
  OR NEW.origin NOT IN ('seed', 'copy', 'import')
  OR (NEW.is_active = 1 AND NEW.status <> 'published')
  OR (NEW.status = 'published' AND NEW.version < 1)
  OR NEW.startup_years NOT BETWEEN 1 AND 50
  OR NOT (NEW.multiplier_low > 0 AND NEW.multiplier_medium > 0 AND NEW.multiplier_high > 0 AND NEW.multiplier_critical > 0)
  OR NOT (NEW.band_poor_min = 0 AND NEW.band_poor_min <= NEW.band_poor_max AND NEW.band_poor_max < NEW.band_fair_min
          AND NEW.band_fair_min <= NEW.band_fair_max AND NEW.band_fair_max < NEW.band_good_min
          AND NEW.band_good_min <= NEW.band_good_max AND NEW.band_good_max = 100)
BEGIN
  SELECT RAISE(ABORT, 'importance model version: invalid status, start-up age, multiplier or bands');
END;
--> statement-breakpoint
-- The levels of a published version are as immutable as its row. (Deleting a
-- draft cascades to its levels; the draft row is gone by then, so the lookup is null.)
CREATE TRIGGER `importance_levels_published_insert` BEFORE INSERT ON `importance_levels`
WHEN (SELECT status FROM importance_models WHERE id = NEW.model_id) = 'published'
BEGIN
  SELECT RAISE(ABORT, 'importance model version is published and cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER `importance_levels_published_update` BEFORE UPDATE ON `importance_levels`
WHEN (SELECT status FROM importance_models WHERE id = OLD.model_id) = 'published'
  OR (SELECT status FROM importance_models WHERE id = NEW.model_id) = 'published'
BEGIN
  SELECT RAISE(ABORT, 'importance model version is published and cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER `importance_levels_published_delete` BEFORE DELETE ON `importance_levels`
WHEN (SELECT status FROM importance_models WHERE id = OLD.model_id) = 'published'
BEGIN
  SELECT RAISE(ABORT, 'importance model version is published and cannot change');
END;
