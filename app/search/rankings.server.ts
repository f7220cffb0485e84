// Recent rankings (decision 014). Ranking is the one part of a search that grows with the
// content: bm25 is computed for every match before the best 20 are known (1,000 matches cost
// about 0.6 ms at 10× the Q&A). A word people search for again and again — the topic of
// yesterday's session, a prefix typed letter by letter — is ranked once per index generation.
//
// Only the ranking is kept (rowids, scores, how many matched), never text: the rows shown are
// read from the index on every request, so an entry that has left the index is never shown,
// and the visibility of materials is checked again on the rows shown (search.server.ts).
//
// Fresh by construction: every write to the index raises the generation in its own
// transaction (index.server.ts), each search reads it first, and a cache whose generation
// differs is dropped whole. A ranking computed after that read is at least as new as the
// generation it is kept under, so a change committed by another process is never hidden.
// Only the database itself keeps a cache, outside any transaction: inside one, uncommitted
// entries could be kept under a generation that is then rolled back.
import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/lib/db.server";

/** How many rankings one process keeps: a few kB each. The least recently used goes first. */
export const RANKINGS_KEPT = 500;

type Cache = { generation: number; entries: Map<string, unknown> };
const caches = new WeakMap<object, Cache>();

/** The current generation's cache of this database, or null where nothing may be kept. */
export function rankingsOf(db: DbOrTx): Map<string, unknown> | null {
  // A transaction has no `$client`: it keeps nothing.
  const client = "$client" in db ? (db.$client as Database.Database) : undefined;
  if (!client || client.inTransaction) return null;
  const generation = db.get<{ generation: number }>(sql`select generation from search_index_state where id = 1`)?.generation;
  if (generation === undefined) return null;
  let cache = caches.get(client);
  if (cache?.generation !== generation) {
    cache = { generation, entries: new Map() };
    caches.set(client, cache);
  }
  return cache.entries;
}

/** The kept value for `key`, or `compute()` kept for the next time. */
export function remembered<T>(entries: Map<string, unknown> | null, key: string, compute: () => T): T {
  if (!entries) return compute();
  if (entries.has(key)) {
    const value = entries.get(key) as T;
    // A Map iterates in insertion order: moved to the end, the oldest is first.
    entries.delete(key);
    entries.set(key, value);
    return value;
  }
  const value = compute();
  if (entries.size >= RANKINGS_KEPT) entries.delete(entries.keys().next().value as string);
  entries.set(key, value);
  return value;
}
