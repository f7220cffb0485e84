CREATE TABLE `search_index_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`generation` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Added by hand: the one row the index writers raise (decision 014).
INSERT INTO `search_index_state` (`id`, `generation`) VALUES (1, 0);
