ALTER TABLE `questions` ADD `vote_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `questions_status_votes_idx` ON `questions` (`status`,`vote_count`,`id`);--> statement-breakpoint
UPDATE `questions` SET `vote_count` = (SELECT count(*) FROM `question_votes` v WHERE v.`question_id` = `questions`.`id`);
--> statement-breakpoint
CREATE TRIGGER `question_votes_count_insert` AFTER INSERT ON `question_votes` BEGIN
  UPDATE `questions` SET `vote_count` = `vote_count` + 1 WHERE `id` = NEW.`question_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `question_votes_count_delete` AFTER DELETE ON `question_votes` BEGIN
  UPDATE `questions` SET `vote_count` = `vote_count` - 1 WHERE `id` = OLD.`question_id`;
END;
