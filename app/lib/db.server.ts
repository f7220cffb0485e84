// The only door from app/ to the database package: routes get `context.db` from the
// server, use cases take `db` as their first argument.
export type { Db, DbOrTx } from "~db/client";
export * as schema from "~db/schema";
export { openDatabase, closeDatabase, migrateDatabase } from "~db/client";
import { fromProjectRoot } from "./project-root.server";

export const migrationsFolder = fromProjectRoot("db/migrations");
