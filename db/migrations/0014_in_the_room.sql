CREATE TABLE `live_question_rate` (
	`keyed_value` text NOT NULL,
	`minute` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`keyed_value`, `minute`)
);
--> statement-breakpoint
ALTER TABLE `questions` ADD `source` text DEFAULT 'before' NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `running_position` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `live_code` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `live_mode` text DEFAULT 'moderated' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `live_opened_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `live_closed_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `live_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_live_code_unique` ON `sessions` (`live_code`);--> statement-breakpoint
-- Hand-written (decision 016): every change to a session's questions (the vote-count triggers
-- of 0011 update the question, so votes count too) raises the session's live_version, which
-- the live pages poll.
CREATE TRIGGER `questions_live_version_insert` AFTER INSERT ON `questions` WHEN NEW.`session_id` IS NOT NULL BEGIN
  UPDATE `sessions` SET `live_version` = `live_version` + 1 WHERE `id` = NEW.`session_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `questions_live_version_update` AFTER UPDATE ON `questions` BEGIN
  UPDATE `sessions` SET `live_version` = `live_version` + 1 WHERE `id` IN (OLD.`session_id`, NEW.`session_id`);
END;
