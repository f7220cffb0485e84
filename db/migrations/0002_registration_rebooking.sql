ALTER TABLE `registrations` ADD `replaces_registration_id` integer;--> statement-breakpoint
ALTER TABLE `registrations` ADD `end_reason` text;