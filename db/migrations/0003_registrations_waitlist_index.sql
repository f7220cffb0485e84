DROP INDEX `registrations_session_idx`;--> statement-breakpoint
CREATE INDEX `registrations_session_status_idx` ON `registrations` (`session_id`,`status`);