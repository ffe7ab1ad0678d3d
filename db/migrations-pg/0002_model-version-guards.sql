-- The guards of SQLite's migration 0005 (db/migrations/0005_model_versions.sql), in plpgsql.
-- A published version never changes, whatever path writes (the app, a script, a hand-run fix):
-- only `is_active` may move, and the user columns may be cleared by ON DELETE SET NULL. The
-- row is compared whole (as JSON, those columns left out), so a new column is guarded too.
CREATE FUNCTION importance_models_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD.status = 'published' AND (
    (to_jsonb(NEW) - 'is_active' - 'created_by_user_id' - 'updated_by_user_id' - 'published_by_user_id')
      IS DISTINCT FROM (to_jsonb(OLD) - 'is_active' - 'created_by_user_id' - 'updated_by_user_id' - 'published_by_user_id')
    OR (NEW.created_by_user_id IS DISTINCT FROM OLD.created_by_user_id AND NEW.created_by_user_id IS NOT NULL)
    OR (NEW.updated_by_user_id IS DISTINCT FROM OLD.updated_by_user_id AND NEW.updated_by_user_id IS NOT NULL)
    OR (NEW.published_by_user_id IS DISTINCT FROM OLD.published_by_user_id AND NEW.published_by_user_id IS NOT NULL)
  ) THEN
    RAISE EXCEPTION 'importance model version is published and cannot change';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER importance_models_published_immutable BEFORE UPDATE ON importance_models
  FOR EACH ROW EXECUTE FUNCTION importance_models_published_immutable();
--> statement-breakpoint
-- Published versions explain past scores and version 1 is the digiMensa default: neither is ever deleted (drafts can be).
CREATE FUNCTION importance_models_no_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD.status = 'published' OR OLD.version = 1 THEN
    RAISE EXCEPTION 'a published importance model version cannot be deleted';
  END IF;
  RETURN OLD;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER importance_models_no_delete BEFORE DELETE ON importance_models
  FOR EACH ROW EXECUTE FUNCTION importance_models_no_delete();
--> statement-breakpoint
CREATE FUNCTION importance_models_valid() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.status NOT IN ('draft', 'published')
    OR NEW.origin NOT IN ('seed', 'copy', 'import')
    OR (NEW.is_active = 1 AND NEW.status <> 'published')
    OR (NEW.status = 'published' AND NEW.version < 1)
    OR NEW.startup_years NOT BETWEEN 1 AND 50
    OR NOT (NEW.multiplier_low > 0 AND NEW.multiplier_medium > 0 AND NEW.multiplier_high > 0 AND NEW.multiplier_critical > 0)
    OR NOT (NEW.band_poor_min = 0 AND NEW.band_poor_min <= NEW.band_poor_max AND NEW.band_poor_max < NEW.band_fair_min
            AND NEW.band_fair_min <= NEW.band_fair_max AND NEW.band_fair_max < NEW.band_good_min
            AND NEW.band_good_min <= NEW.band_good_max AND NEW.band_good_max = 100)
  THEN
    RAISE EXCEPTION 'importance model version: invalid status, start-up age, multiplier or bands';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER importance_models_valid BEFORE INSERT OR UPDATE ON importance_models
  FOR EACH ROW EXECUTE FUNCTION importance_models_valid();
--> statement-breakpoint
-- The levels of a published version are as immutable as its row. (Deleting a draft cascades
-- to its levels; the draft row is gone by then, so the lookup is null.)
CREATE FUNCTION importance_levels_published() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF (TG_OP <> 'INSERT' AND (SELECT status FROM importance_models WHERE id = OLD.model_id) = 'published')
    OR (TG_OP <> 'DELETE' AND (SELECT status FROM importance_models WHERE id = NEW.model_id) = 'published')
  THEN
    RAISE EXCEPTION 'importance model version is published and cannot change';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER importance_levels_published BEFORE INSERT OR UPDATE OR DELETE ON importance_levels
  FOR EACH ROW EXECUTE FUNCTION importance_levels_published();
