CREATE TABLE `published_answers` (
	`question_id` integer PRIMARY KEY NOT NULL,
	`item_id` integer NOT NULL,
	`summary_id` integer NOT NULL,
	`section_id` integer,
	`published_at` integer,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `published_answers_section_idx` ON `published_answers` (`section_id`);--> statement-breakpoint
CREATE INDEX `published_answers_item_idx` ON `published_answers` (`item_id`);--> statement-breakpoint
CREATE INDEX `published_answers_summary_idx` ON `published_answers` (`summary_id`);--> statement-breakpoint
-- Hand-written (decision 015): every visible item — the items of a summary's published revision
-- while the summary is not withdrawn — and, kept by the triggers below, the newest one per
-- question in published_answers. Each trigger recomputes the questions it may have changed from
-- the current state, so the order in which one transaction changes the three tables does not
-- matter.
CREATE VIEW `visible_summary_items` AS
  SELECT i.`id` AS item_id, i.`question_id`, s.`id` AS summary_id, i.`section_id`, r.`published_at`, i.`position`
  FROM `summaries` s
  JOIN `summary_revisions` r ON r.`id` = s.`published_revision_id`
  JOIN `summary_items` i ON i.`revision_id` = r.`id`
  WHERE s.`withdrawn_at` IS NULL;
--> statement-breakpoint
INSERT INTO `published_answers` (`question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position`)
  SELECT `question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position` FROM (
    SELECT v.*, row_number() OVER (PARTITION BY v.`question_id` ORDER BY v.`published_at` DESC, v.`summary_id` DESC) AS rn
    FROM `visible_summary_items` v
  ) WHERE rn = 1;
--> statement-breakpoint
CREATE TRIGGER `published_answers_summary_update` AFTER UPDATE OF `published_revision_id`, `withdrawn_at` ON `summaries` BEGIN
  DELETE FROM `published_answers` WHERE `question_id` IN (
    SELECT `question_id` FROM `summary_items` WHERE `revision_id` IN (OLD.`published_revision_id`, NEW.`published_revision_id`)
  );
  INSERT INTO `published_answers` (`question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position`)
    SELECT `question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position` FROM (
      SELECT v.*, row_number() OVER (PARTITION BY v.`question_id` ORDER BY v.`published_at` DESC, v.`summary_id` DESC) AS rn
      FROM `visible_summary_items` v
      WHERE v.`question_id` IN (
        SELECT `question_id` FROM `summary_items` WHERE `revision_id` IN (OLD.`published_revision_id`, NEW.`published_revision_id`)
      )
    ) WHERE rn = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `published_answers_revision_update` AFTER UPDATE OF `published_at` ON `summary_revisions` BEGIN
  DELETE FROM `published_answers` WHERE `question_id` IN (SELECT `question_id` FROM `summary_items` WHERE `revision_id` = NEW.`id`);
  INSERT INTO `published_answers` (`question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position`)
    SELECT `question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position` FROM (
      SELECT v.*, row_number() OVER (PARTITION BY v.`question_id` ORDER BY v.`published_at` DESC, v.`summary_id` DESC) AS rn
      FROM `visible_summary_items` v
      WHERE v.`question_id` IN (SELECT `question_id` FROM `summary_items` WHERE `revision_id` = NEW.`id`)
    ) WHERE rn = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `published_answers_item_insert` AFTER INSERT ON `summary_items`
WHEN EXISTS (SELECT 1 FROM `summaries` WHERE `published_revision_id` = NEW.`revision_id`) BEGIN
  DELETE FROM `published_answers` WHERE `question_id` = NEW.`question_id`;
  INSERT INTO `published_answers` (`question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position`)
    SELECT `question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position` FROM `visible_summary_items`
    WHERE `question_id` = NEW.`question_id` ORDER BY `published_at` DESC, `summary_id` DESC LIMIT 1;
END;
--> statement-breakpoint
-- Items of a published revision change in place only when a facilitator re-links them to a
-- section of a new version (relink.server.ts); the deletes come with drafts and deleted summaries.
CREATE TRIGGER `published_answers_item_update` AFTER UPDATE OF `section_id`, `position`, `question_id`, `revision_id` ON `summary_items`
WHEN EXISTS (SELECT 1 FROM `summaries` WHERE `published_revision_id` IN (OLD.`revision_id`, NEW.`revision_id`))
  OR EXISTS (SELECT 1 FROM `published_answers` WHERE `item_id` = OLD.`id`) BEGIN
  DELETE FROM `published_answers` WHERE `question_id` IN (OLD.`question_id`, NEW.`question_id`);
  INSERT INTO `published_answers` (`question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position`)
    SELECT `question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position` FROM (
      SELECT v.*, row_number() OVER (PARTITION BY v.`question_id` ORDER BY v.`published_at` DESC, v.`summary_id` DESC) AS rn
      FROM `visible_summary_items` v WHERE v.`question_id` IN (OLD.`question_id`, NEW.`question_id`)
    ) WHERE rn = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `published_answers_item_delete` AFTER DELETE ON `summary_items`
WHEN EXISTS (SELECT 1 FROM `published_answers` WHERE `item_id` = OLD.`id`) BEGIN
  DELETE FROM `published_answers` WHERE `question_id` = OLD.`question_id`;
  INSERT INTO `published_answers` (`question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position`)
    SELECT `question_id`, `item_id`, `summary_id`, `section_id`, `published_at`, `position` FROM `visible_summary_items`
    WHERE `question_id` = OLD.`question_id` ORDER BY `published_at` DESC, `summary_id` DESC LIMIT 1;
END;
