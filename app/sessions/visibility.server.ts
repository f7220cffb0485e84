// What staff may see of a session: published ones, and cancellations of sessions that were
// published. A draft never shows up in a public list, page or feed — not even when an old
// version of the app cancelled it (decision 005).
import { and, eq, isNotNull, or, type SQL } from "drizzle-orm";
import { schema } from "~/lib/db.server";

const { sessions } = schema;

export function publiclyVisible(): SQL {
  return or(eq(sessions.status, "published"), and(eq(sessions.status, "cancelled"), isNotNull(sessions.publishedAt)))!;
}
