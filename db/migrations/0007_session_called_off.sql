ALTER TABLE `sessions` ADD `called_off_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `called_off_reason` text;