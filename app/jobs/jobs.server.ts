import type { Db } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import type { Job } from "./runner.server";

// The app's background jobs. Later features register theirs here (outbox sender,
// offer deadlines, reminders, retention).
export function appJobs(_deps: { db: Db; env: Env }): Job[] {
  return [];
}
