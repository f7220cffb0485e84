CREATE TABLE `question_quota` (
	`keyed_value` text NOT NULL,
	`day` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`keyed_value`, `day`)
);
--> statement-breakpoint
CREATE TABLE `question_votes` (
	`question_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`question_id`, `user_id`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `question_votes_question_idx` ON `question_votes` (`question_id`);--> statement-breakpoint
CREATE TABLE `questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer,
	`series_id` integer,
	`section_id` integer,
	`text` text NOT NULL,
	`original_text` text,
	`anonymous` integer NOT NULL,
	`author_id` integer,
	`author_key` text,
	`author_salt` text,
	`status` text DEFAULT 'submitted' NOT NULL,
	`merged_into_id` integer,
	`reject_reason` text,
	`answer` text,
	`answered_how` text,
	`follow_up` integer DEFAULT false NOT NULL,
	`reviewed_by_id` integer,
	`reviewed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`section_id`) REFERENCES `agreement_sections`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reviewed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `questions_session_status_idx` ON `questions` (`session_id`,`status`);--> statement-breakpoint
CREATE INDEX `questions_series_status_idx` ON `questions` (`series_id`,`status`);--> statement-breakpoint
CREATE INDEX `questions_section_status_idx` ON `questions` (`section_id`,`status`);--> statement-breakpoint
CREATE INDEX `questions_status_idx` ON `questions` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `questions_author_idx` ON `questions` (`author_id`);--> statement-breakpoint
CREATE INDEX `questions_merged_into_idx` ON `questions` (`merged_into_id`);