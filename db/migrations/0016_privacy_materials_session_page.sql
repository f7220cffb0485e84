CREATE TABLE `content_page_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`reviewed_on` text,
	`saved_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`saved_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `content_page_revisions_slug_idx` ON `content_page_revisions` (`slug`,`id`);--> statement-breakpoint
CREATE TABLE `material_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`material_id` integer NOT NULL,
	`stored_name` text NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`uploaded_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`material_id`) REFERENCES `materials`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `material_files_material_idx` ON `material_files` (`material_id`,`id`);--> statement-breakpoint
CREATE TABLE `material_sections` (
	`material_id` integer NOT NULL,
	`anchor` text NOT NULL,
	PRIMARY KEY(`material_id`, `anchor`),
	FOREIGN KEY (`material_id`) REFERENCES `materials`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `material_sections_anchor_idx` ON `material_sections` (`anchor`);--> statement-breakpoint
CREATE TABLE `materials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`url` text,
	`body` text,
	`series_id` integer,
	`session_id` integer,
	`visibility` text DEFAULT 'staff' NOT NULL,
	`after_retention` text DEFAULT 'open_to_staff' NOT NULL,
	`notify_participants` integer DEFAULT false NOT NULL,
	`notified_at` integer,
	`deleted_at` integer,
	`created_by_id` integer,
	`updated_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `materials_session_idx` ON `materials` (`session_id`);--> statement-breakpoint
CREATE INDEX `materials_series_idx` ON `materials` (`series_id`);--> statement-breakpoint
-- drizzle-kit's rebuild of registrations (user_id nullable, ON DELETE SET NULL). Its generated
-- INSERT listed the new column anonymised_at as if it existed already; removed by hand.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`user_id` integer,
	`status` text NOT NULL,
	`queued_at` integer NOT NULL,
	`offer_expires_at` integer,
	`replaces_registration_id` integer,
	`end_reason` text,
	`support_needs` text,
	`overbooked` integer DEFAULT false NOT NULL,
	`last_sequence_sent` integer,
	`anonymised_at` integer,
	`updated_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_registrations`("id", "session_id", "user_id", "status", "queued_at", "offer_expires_at", "replaces_registration_id", "end_reason", "support_needs", "overbooked", "last_sequence_sent", "updated_at", "created_at") SELECT "id", "session_id", "user_id", "status", "queued_at", "offer_expires_at", "replaces_registration_id", "end_reason", "support_needs", "overbooked", "last_sequence_sent", "updated_at", "created_at" FROM `registrations`;--> statement-breakpoint
DROP TABLE `registrations`;--> statement-breakpoint
ALTER TABLE `__new_registrations` RENAME TO `registrations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `registrations_session_status_idx` ON `registrations` (`session_id`,`status`);--> statement-breakpoint
CREATE INDEX `registrations_user_idx` ON `registrations` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_active_unique` ON `registrations` (`session_id`,`user_id`) WHERE status in ('confirmed', 'waitlisted', 'offered', 'attended');--> statement-breakpoint
ALTER TABLE `content_pages` ADD `reviewed_on` text;--> statement-breakpoint
ALTER TABLE `series` ADD `contact_name` text;--> statement-breakpoint
ALTER TABLE `series` ADD `contact_email` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `directions_url` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `online_tool` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `test_room_url` text;