import { eq } from "drizzle-orm";
import { schema, type Db } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";

export type ContentPageView = { title: string; html: string };

export function getContentPage(db: Db, slug: string): ContentPageView | null {
  const page = db.select().from(schema.contentPages).where(eq(schema.contentPages.slug, slug)).get();
  return page ? { title: page.title, html: renderMarkdown(page.body) } : null;
}
