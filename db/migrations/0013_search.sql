-- Full-text search (decision 014). better-sqlite3 cannot register an FTS5 tokenizer, so the
-- columns hold our own normalised copy of the text (NFC, ä→ae, ö→oe, ü→ue, ß→ss, lower case;
-- app/search/normalise.ts); the original text is read from the source rows for excerpts.
-- kind: 'section' | 'qa' | 'question'; ref: the id of the section, summary item or question.
CREATE VIRTUAL TABLE `search_index` USING fts5(
	`kind` UNINDEXED,
	`ref` UNINDEXED,
	`title`,
	`body`,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3 4'
);
