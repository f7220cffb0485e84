// The search index (FTS5, decision 014). Every change to something the index holds calls one
// of these inside the same transaction, so search never shows what is gone or misses what is new.
import type { DbOrTx } from "~/lib/db.server";

/** Re-index the sections of an agreement version (import, section edit, a version coming into force). */
export function reindexAgreementVersion(_tx: DbOrTx, _versionId: number): void {}

/** Re-index one question after accept, edit, merge, reject, withdraw, answer (only accepted/answered ones are held). */
export function reindexQuestion(_tx: DbOrTx, _questionId: number): void {}

/** Re-index the published items of a summary after publish, update or withdraw. */
export function reindexSummary(_tx: DbOrTx, _summaryId: number): void {}
