-- Full-text search (decision 014). A custom migration: drizzle-kit does not know FTS5 tables.
-- better-sqlite3 cannot register an FTS5 tokenizer, so the searched columns hold our own
-- normalised copy of the text (NFC, lower case, ä→ae, ö→oe, ü→ue, ß→ss; app/search/normalise.ts),
-- written and kept in sync by app/search/index.server.ts in the transaction of each change.
--   rowid       id * 4 + 1 (section), + 2 (Q&A item: summary_items.id), + 3 (question): a
--               change finds its row without scanning the table
--   kind        'section' | 'qa' | 'question'
--   ref         the section's, the question's (Q&A and question) id
--   parent      the version (section) or the summary (Q&A item); null for a question
--   section_id  the agreement section it belongs to (grouping), or null
--   title_text, body_text   the original text (rendered Markdown as plain text), for excerpts
--   title, body             the normalised copy of that text
--   title_folded, body_folded  the words that differ when only folded ("bürgerdaten", which
--               the tokenizer reads as "burgerdaten"), so a US keyboard finds them too
CREATE VIRTUAL TABLE `search_index` USING fts5(
	`kind` UNINDEXED,
	`ref` UNINDEXED,
	`parent` UNINDEXED,
	`section_id` UNINDEXED,
	`title_text` UNINDEXED,
	`body_text` UNINDEXED,
	`title`,
	`body`,
	`title_folded`,
	`body_folded`,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3 4'
);
