CREATE TABLE `agreement_paragraphs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`section_id` integer NOT NULL,
	`position` integer NOT NULL,
	`number` integer NOT NULL,
	`anchor` text NOT NULL,
	`body` text NOT NULL,
	FOREIGN KEY (`section_id`) REFERENCES `agreement_sections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_paragraphs_number_unique` ON `agreement_paragraphs` (`section_id`,`number`);--> statement-breakpoint
CREATE TABLE `agreement_sections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version_id` integer NOT NULL,
	`position` integer NOT NULL,
	`number` text,
	`title` text DEFAULT '' NOT NULL,
	`anchor` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `agreement_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_sections_anchor_unique` ON `agreement_sections` (`version_id`,`anchor`);--> statement-breakpoint
CREATE INDEX `agreement_sections_position_idx` ON `agreement_sections` (`version_id`,`position`);--> statement-breakpoint
CREATE TABLE `agreement_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`intro` text DEFAULT '' NOT NULL,
	`in_force_from` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`superseded_at` integer,
	`updated_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agreement_versions_status_idx` ON `agreement_versions` (`status`,`in_force_from`);--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_versions_one_in_force` ON `agreement_versions` (`status`) WHERE status = 'in_force';