CREATE TABLE `submitted_score_totals` (
	`relationship_id` integer NOT NULL,
	`period` text NOT NULL,
	`side` text NOT NULL,
	`individuality_total` integer NOT NULL,
	`individuality_n` integer NOT NULL,
	`trust_total` integer NOT NULL,
	`trust_n` integer NOT NULL,
	`compensation_total` integer NOT NULL,
	`compensation_n` integer NOT NULL,
	`new_business_total` integer NOT NULL,
	`new_business_n` integer NOT NULL,
	`knowledge_total` integer NOT NULL,
	`knowledge_n` integer NOT NULL,
	`selling_total` integer NOT NULL,
	`selling_n` integer NOT NULL,
	PRIMARY KEY(`relationship_id`, `period`, `side`),
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- The totals are kept by triggers, so every code path that writes assessments
-- (the app, imports, seeds, generators, a hand-run SQL fix) keeps them right,
-- in the same transaction. Each trigger recomputes the one (relationship,
-- quarter, side) it touched from the source rows: no drift by increments.
CREATE TRIGGER `score_totals_assessment_insert` AFTER INSERT ON `assessments`
WHEN NEW.status = 'submitted'
BEGIN
  DELETE FROM submitted_score_totals WHERE relationship_id = NEW.relationship_id AND period = NEW.period AND side = NEW.side;
  INSERT INTO submitted_score_totals (relationship_id, period, side, individuality_total, individuality_n, trust_total, trust_n, compensation_total, compensation_n, new_business_total, new_business_n, knowledge_total, knowledge_n, selling_total, selling_n)
  SELECT a.relationship_id, a.period, a.side,
    coalesce(sum(CASE WHEN s.factor = 'individuality' THEN s.score END), 0), count(CASE WHEN s.factor = 'individuality' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'trust' THEN s.score END), 0), count(CASE WHEN s.factor = 'trust' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'compensation' THEN s.score END), 0), count(CASE WHEN s.factor = 'compensation' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'new_business' THEN s.score END), 0), count(CASE WHEN s.factor = 'new_business' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'knowledge' THEN s.score END), 0), count(CASE WHEN s.factor = 'knowledge' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'selling' THEN s.score END), 0), count(CASE WHEN s.factor = 'selling' THEN s.score END)
  FROM assessments a JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE a.relationship_id = NEW.relationship_id AND a.period = NEW.period AND a.side = NEW.side AND a.status = 'submitted'
    AND EXISTS (SELECT 1 FROM relationships WHERE id = NEW.relationship_id)
  GROUP BY a.relationship_id, a.period, a.side;
END;
--> statement-breakpoint
CREATE TRIGGER `score_totals_assessment_update` AFTER UPDATE OF status, relationship_id, period, side ON `assessments`
WHEN OLD.status = 'submitted' OR NEW.status = 'submitted'
BEGIN
  DELETE FROM submitted_score_totals WHERE relationship_id = OLD.relationship_id AND period = OLD.period AND side = OLD.side;
  INSERT INTO submitted_score_totals (relationship_id, period, side, individuality_total, individuality_n, trust_total, trust_n, compensation_total, compensation_n, new_business_total, new_business_n, knowledge_total, knowledge_n, selling_total, selling_n)
  SELECT a.relationship_id, a.period, a.side,
    coalesce(sum(CASE WHEN s.factor = 'individuality' THEN s.score END), 0), count(CASE WHEN s.factor = 'individuality' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'trust' THEN s.score END), 0), count(CASE WHEN s.factor = 'trust' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'compensation' THEN s.score END), 0), count(CASE WHEN s.factor = 'compensation' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'new_business' THEN s.score END), 0), count(CASE WHEN s.factor = 'new_business' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'knowledge' THEN s.score END), 0), count(CASE WHEN s.factor = 'knowledge' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'selling' THEN s.score END), 0), count(CASE WHEN s.factor = 'selling' THEN s.score END)
  FROM assessments a JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE a.relationship_id = OLD.relationship_id AND a.period = OLD.period AND a.side = OLD.side AND a.status = 'submitted'
    AND EXISTS (SELECT 1 FROM relationships WHERE id = OLD.relationship_id)
  GROUP BY a.relationship_id, a.period, a.side;
  DELETE FROM submitted_score_totals WHERE relationship_id = NEW.relationship_id AND period = NEW.period AND side = NEW.side;
  INSERT INTO submitted_score_totals (relationship_id, period, side, individuality_total, individuality_n, trust_total, trust_n, compensation_total, compensation_n, new_business_total, new_business_n, knowledge_total, knowledge_n, selling_total, selling_n)
  SELECT a.relationship_id, a.period, a.side,
    coalesce(sum(CASE WHEN s.factor = 'individuality' THEN s.score END), 0), count(CASE WHEN s.factor = 'individuality' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'trust' THEN s.score END), 0), count(CASE WHEN s.factor = 'trust' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'compensation' THEN s.score END), 0), count(CASE WHEN s.factor = 'compensation' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'new_business' THEN s.score END), 0), count(CASE WHEN s.factor = 'new_business' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'knowledge' THEN s.score END), 0), count(CASE WHEN s.factor = 'knowledge' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'selling' THEN s.score END), 0), count(CASE WHEN s.factor = 'selling' THEN s.score END)
  FROM assessments a JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE a.relationship_id = NEW.relationship_id AND a.period = NEW.period AND a.side = NEW.side AND a.status = 'submitted'
    AND EXISTS (SELECT 1 FROM relationships WHERE id = NEW.relationship_id)
  GROUP BY a.relationship_id, a.period, a.side;
END;
--> statement-breakpoint
CREATE TRIGGER `score_totals_assessment_delete` AFTER DELETE ON `assessments`
WHEN OLD.status = 'submitted'
BEGIN
  DELETE FROM submitted_score_totals WHERE relationship_id = OLD.relationship_id AND period = OLD.period AND side = OLD.side;
  INSERT INTO submitted_score_totals (relationship_id, period, side, individuality_total, individuality_n, trust_total, trust_n, compensation_total, compensation_n, new_business_total, new_business_n, knowledge_total, knowledge_n, selling_total, selling_n)
  SELECT a.relationship_id, a.period, a.side,
    coalesce(sum(CASE WHEN s.factor = 'individuality' THEN s.score END), 0), count(CASE WHEN s.factor = 'individuality' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'trust' THEN s.score END), 0), count(CASE WHEN s.factor = 'trust' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'compensation' THEN s.score END), 0), count(CASE WHEN s.factor = 'compensation' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'new_business' THEN s.score END), 0), count(CASE WHEN s.factor = 'new_business' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'knowledge' THEN s.score END), 0), count(CASE WHEN s.factor = 'knowledge' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'selling' THEN s.score END), 0), count(CASE WHEN s.factor = 'selling' THEN s.score END)
  FROM assessments a JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE a.relationship_id = OLD.relationship_id AND a.period = OLD.period AND a.side = OLD.side AND a.status = 'submitted'
    AND EXISTS (SELECT 1 FROM relationships WHERE id = OLD.relationship_id)
  GROUP BY a.relationship_id, a.period, a.side;
END;
--> statement-breakpoint
CREATE TRIGGER `score_totals_score_insert` AFTER INSERT ON `assessment_scores`
WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) = 'submitted'
BEGIN
  DELETE FROM submitted_score_totals WHERE (relationship_id, period, side) IN (SELECT relationship_id, period, side FROM assessments WHERE id = NEW.assessment_id);
  INSERT INTO submitted_score_totals (relationship_id, period, side, individuality_total, individuality_n, trust_total, trust_n, compensation_total, compensation_n, new_business_total, new_business_n, knowledge_total, knowledge_n, selling_total, selling_n)
  SELECT a.relationship_id, a.period, a.side,
    coalesce(sum(CASE WHEN s.factor = 'individuality' THEN s.score END), 0), count(CASE WHEN s.factor = 'individuality' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'trust' THEN s.score END), 0), count(CASE WHEN s.factor = 'trust' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'compensation' THEN s.score END), 0), count(CASE WHEN s.factor = 'compensation' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'new_business' THEN s.score END), 0), count(CASE WHEN s.factor = 'new_business' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'knowledge' THEN s.score END), 0), count(CASE WHEN s.factor = 'knowledge' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'selling' THEN s.score END), 0), count(CASE WHEN s.factor = 'selling' THEN s.score END)
  FROM assessments k
    JOIN assessments a ON a.relationship_id = k.relationship_id AND a.side = k.side AND a.period = k.period
    JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE k.id = NEW.assessment_id AND a.status = 'submitted'
  GROUP BY a.relationship_id, a.period, a.side;
END;
--> statement-breakpoint
CREATE TRIGGER `score_totals_score_update` AFTER UPDATE ON `assessment_scores`
WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'submitted' OR (SELECT status FROM assessments WHERE id = NEW.assessment_id) = 'submitted'
BEGIN
  DELETE FROM submitted_score_totals WHERE (relationship_id, period, side) IN (SELECT relationship_id, period, side FROM assessments WHERE id = OLD.assessment_id);
  INSERT INTO submitted_score_totals (relationship_id, period, side, individuality_total, individuality_n, trust_total, trust_n, compensation_total, compensation_n, new_business_total, new_business_n, knowledge_total, knowledge_n, selling_total, selling_n)
  SELECT a.relationship_id, a.period, a.side,
    coalesce(sum(CASE WHEN s.factor = 'individuality' THEN s.score END), 0), count(CASE WHEN s.factor = 'individuality' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'trust' THEN s.score END), 0), count(CASE WHEN s.factor = 'trust' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'compensation' THEN s.score END), 0), count(CASE WHEN s.factor = 'compensation' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'new_business' THEN s.score END), 0), count(CASE WHEN s.factor = 'new_business' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'knowledge' THEN s.score END), 0), count(CASE WHEN s.factor = 'knowledge' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'selling' THEN s.score END), 0), count(CASE WHEN s.factor = 'selling' THEN s.score END)
  FROM assessments k
    JOIN assessments a ON a.relationship_id = k.relationship_id AND a.side = k.side AND a.period = k.period
    JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE k.id = OLD.assessment_id AND a.status = 'submitted'
  GROUP BY a.relationship_id, a.period, a.side;
  DELETE FROM submitted_score_totals WHERE (relationship_id, period, side) IN (SELECT relationship_id, period, side FROM assessments WHERE id = NEW.assessment_id);
  INSERT INTO submitted_score_totals (relationship_id, period, side, individuality_total, individuality_n, trust_total, trust_n, compensation_total, compensation_n, new_business_total, new_business_n, knowledge_total, knowledge_n, selling_total, selling_n)
  SELECT a.relationship_id, a.period, a.side,
    coalesce(sum(CASE WHEN s.factor = 'individuality' THEN s.score END), 0), count(CASE WHEN s.factor = 'individuality' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'trust' THEN s.score END), 0), count(CASE WHEN s.factor = 'trust' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'compensation' THEN s.score END), 0), count(CASE WHEN s.factor = 'compensation' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'new_business' THEN s.score END), 0), count(CASE WHEN s.factor = 'new_business' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'knowledge' THEN s.score END), 0), count(CASE WHEN s.factor = 'knowledge' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'selling' THEN s.score END), 0), count(CASE WHEN s.factor = 'selling' THEN s.score END)
  FROM assessments k
    JOIN assessments a ON a.relationship_id = k.relationship_id AND a.side = k.side AND a.period = k.period
    JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE k.id = NEW.assessment_id AND a.status = 'submitted'
  GROUP BY a.relationship_id, a.period, a.side;
END;
--> statement-breakpoint
CREATE TRIGGER `score_totals_score_delete` AFTER DELETE ON `assessment_scores`
WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'submitted'
BEGIN
  DELETE FROM submitted_score_totals WHERE (relationship_id, period, side) IN (SELECT relationship_id, period, side FROM assessments WHERE id = OLD.assessment_id);
  INSERT INTO submitted_score_totals (relationship_id, period, side, individuality_total, individuality_n, trust_total, trust_n, compensation_total, compensation_n, new_business_total, new_business_n, knowledge_total, knowledge_n, selling_total, selling_n)
  SELECT a.relationship_id, a.period, a.side,
    coalesce(sum(CASE WHEN s.factor = 'individuality' THEN s.score END), 0), count(CASE WHEN s.factor = 'individuality' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'trust' THEN s.score END), 0), count(CASE WHEN s.factor = 'trust' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'compensation' THEN s.score END), 0), count(CASE WHEN s.factor = 'compensation' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'new_business' THEN s.score END), 0), count(CASE WHEN s.factor = 'new_business' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'knowledge' THEN s.score END), 0), count(CASE WHEN s.factor = 'knowledge' THEN s.score END),
    coalesce(sum(CASE WHEN s.factor = 'selling' THEN s.score END), 0), count(CASE WHEN s.factor = 'selling' THEN s.score END)
  FROM assessments k
    JOIN assessments a ON a.relationship_id = k.relationship_id AND a.side = k.side AND a.period = k.period
    JOIN assessment_scores s ON s.assessment_id = a.id
  WHERE k.id = OLD.assessment_id AND a.status = 'submitted'
  GROUP BY a.relationship_id, a.period, a.side;
END;
--> statement-breakpoint
-- Existing databases: the totals of every submitted assessment so far.
INSERT INTO submitted_score_totals (relationship_id, period, side, individuality_total, individuality_n, trust_total, trust_n, compensation_total, compensation_n, new_business_total, new_business_n, knowledge_total, knowledge_n, selling_total, selling_n)
SELECT a.relationship_id, a.period, a.side,
  coalesce(sum(CASE WHEN s.factor = 'individuality' THEN s.score END), 0), count(CASE WHEN s.factor = 'individuality' THEN s.score END),
  coalesce(sum(CASE WHEN s.factor = 'trust' THEN s.score END), 0), count(CASE WHEN s.factor = 'trust' THEN s.score END),
  coalesce(sum(CASE WHEN s.factor = 'compensation' THEN s.score END), 0), count(CASE WHEN s.factor = 'compensation' THEN s.score END),
  coalesce(sum(CASE WHEN s.factor = 'new_business' THEN s.score END), 0), count(CASE WHEN s.factor = 'new_business' THEN s.score END),
  coalesce(sum(CASE WHEN s.factor = 'knowledge' THEN s.score END), 0), count(CASE WHEN s.factor = 'knowledge' THEN s.score END),
  coalesce(sum(CASE WHEN s.factor = 'selling' THEN s.score END), 0), count(CASE WHEN s.factor = 'selling' THEN s.score END)
FROM assessments a JOIN assessment_scores s ON s.assessment_id = a.id
WHERE a.status = 'submitted'
GROUP BY a.relationship_id, a.period, a.side;
