ALTER TABLE `registrations` ADD `overbooked` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Overbookings made before this column existed are known from the audit log.
UPDATE `registrations` SET `overbooked` = 1 WHERE CAST(`id` AS TEXT) IN (SELECT `subject_id` FROM `audit_log` WHERE `action` = 'registration_overbooked');
