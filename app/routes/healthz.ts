import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";

// For load balancers and the CI start check: "ok" only when the database answers.
export function loader({ context }: LoaderFunctionArgs) {
  try {
    context.db.get(sql`select 1`);
    return new Response("ok\n", { headers: { "Content-Type": "text/plain; charset=utf-8" } });
  } catch {
    return new Response("database unavailable\n", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
