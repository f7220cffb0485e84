CREATE TABLE `series_sections` (
	`series_id` integer NOT NULL,
	`anchor` text NOT NULL,
	PRIMARY KEY(`series_id`, `anchor`),
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade
);
