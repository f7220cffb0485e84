CREATE TABLE `summaries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer,
	`series_id` integer,
	`published_revision_id` integer,
	`first_published_at` integer,
	`withdrawn_at` integer,
	`withdrawn_by_id` integer,
	`created_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`withdrawn_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `summaries_session_idx` ON `summaries` (`session_id`);--> statement-breakpoint
CREATE INDEX `summaries_series_idx` ON `summaries` (`series_id`);--> statement-breakpoint
CREATE TABLE `summary_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`revision_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`section_id` integer,
	`position` integer NOT NULL,
	`question_text` text NOT NULL,
	`answer` text NOT NULL,
	FOREIGN KEY (`revision_id`) REFERENCES `summary_revisions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`section_id`) REFERENCES `agreement_sections`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summary_items_question_unique` ON `summary_items` (`revision_id`,`question_id`);--> statement-breakpoint
CREATE INDEX `summary_items_revision_idx` ON `summary_items` (`revision_id`,`position`);--> statement-breakpoint
CREATE INDEX `summary_items_section_idx` ON `summary_items` (`section_id`);--> statement-breakpoint
CREATE INDEX `summary_items_question_idx` ON `summary_items` (`question_id`);--> statement-breakpoint
CREATE TABLE `summary_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`summary_id` integer NOT NULL,
	`number` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`intro` text DEFAULT '' NOT NULL,
	`notify_participants` integer DEFAULT false NOT NULL,
	`submitted_for_review_at` integer,
	`council_comment` text,
	`approved_by_id` integer,
	`approved_at` integer,
	`published_by_id` integer,
	`published_at` integer,
	`updated_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`summary_id`) REFERENCES `summaries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`approved_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`published_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summary_revisions_number_unique` ON `summary_revisions` (`summary_id`,`number`);--> statement-breakpoint
CREATE INDEX `summary_revisions_status_idx` ON `summary_revisions` (`status`);