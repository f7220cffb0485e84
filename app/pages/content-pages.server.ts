// The legal pages (decision 024): Impressum, Datenschutzerklärung and Erklärung zur
// Barrierefreiheit, written by organisers in Markdown. Every save writes a revision and the
// page in one transaction; the newest revision is the page. A preview renders without writing.
import { and, asc, count, desc, eq } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";
import {
  checkPageInput,
  hasReviewDate,
  LEGAL_PAGE_LABELS,
  LEGAL_PAGE_SLUGS,
  type LegalPageSlug,
  type PageField,
  type PageInput,
} from "./rules";

const { contentPages, contentPageRevisions, users } = schema;

export type ContentPageView = { slug: string; title: string; html: string; reviewedOn: string | null };

/** What the public page shows; null while nobody has written it (a 404 there). */
export function getContentPage(db: DbOrTx, slug: string): ContentPageView | null {
  const page = db.select().from(contentPages).where(eq(contentPages.slug, slug)).get();
  return page ? { slug: page.slug, title: page.title, html: renderMarkdown(page.body), reviewedOn: page.reviewedOn } : null;
}

export type Actor = { id: number; roles: readonly string[] };
const isAdmin = (actor: Actor) => actor.roles.includes("admin");

export type LegalPageListItem = {
  slug: LegalPageSlug;
  label: string;
  title: string | null;
  updatedAt: Date | null;
  reviewedOn: string | null;
  revisions: number;
};

/** The three pages for the admin list, also those nobody has written yet. */
export function listLegalPages(db: Db): LegalPageListItem[] {
  const pages = db.select().from(contentPages).all();
  const counts = db
    .select({ slug: contentPageRevisions.slug, n: count() })
    .from(contentPageRevisions)
    .groupBy(contentPageRevisions.slug)
    .all();
  return LEGAL_PAGE_SLUGS.map((slug) => {
    const page = pages.find((p) => p.slug === slug);
    return {
      slug,
      label: LEGAL_PAGE_LABELS[slug],
      title: page?.title ?? null,
      updatedAt: page?.updatedAt ?? null,
      reviewedOn: page?.reviewedOn ?? null,
      revisions: counts.find((c) => c.slug === slug)?.n ?? 0,
    };
  });
}

export type RevisionListItem = { id: number; savedAt: Date; savedBy: string | null };

export type PageEditor = {
  slug: LegalPageSlug;
  label: string;
  exists: boolean;
  values: PageInput;
  hasReviewDate: boolean;
  /** The newest revision's id (0: none yet); a save based on an older one is refused. */
  basis: number;
  revisions: RevisionListItem[];
};

function latestRevisionId(tx: DbOrTx, slug: string): number {
  return (
    tx
      .select({ id: contentPageRevisions.id })
      .from(contentPageRevisions)
      .where(eq(contentPageRevisions.slug, slug))
      .orderBy(desc(contentPageRevisions.id))
      .limit(1)
      .get()?.id ?? 0
  );
}

/** The edit form's values and the version list, newest first. */
export function loadPageEditor(db: Db, slug: LegalPageSlug): PageEditor {
  const page = db.select().from(contentPages).where(eq(contentPages.slug, slug)).get();
  const revisions = db
    .select({ id: contentPageRevisions.id, savedAt: contentPageRevisions.savedAt, savedBy: users.displayName })
    .from(contentPageRevisions)
    .leftJoin(users, eq(users.id, contentPageRevisions.savedById))
    .where(eq(contentPageRevisions.slug, slug))
    .orderBy(desc(contentPageRevisions.id))
    .all();
  return {
    slug,
    label: LEGAL_PAGE_LABELS[slug],
    exists: !!page,
    values: { title: page?.title ?? LEGAL_PAGE_LABELS[slug], body: page?.body ?? "", reviewedOn: page?.reviewedOn ?? "" },
    hasReviewDate: hasReviewDate(slug),
    basis: revisions[0]?.id ?? 0,
    revisions: revisions.map((r) => ({ id: r.id, savedAt: r.savedAt, savedBy: r.savedBy || null })),
  };
}

export type PreviewResult = { ok: true; preview: ContentPageView } | { ok: false; errors: Partial<Record<PageField, string>> };

/** The page as it would look when saved, through the same checks and renderer; writes nothing. */
export function previewContentPage(slug: LegalPageSlug, input: PageInput, now: Date): PreviewResult {
  const checked = checkPageInput(slug, input, now);
  if (!checked.ok) return checked;
  const { title, body, reviewedOn } = checked.values;
  return { ok: true, preview: { slug, title, html: renderMarkdown(body), reviewedOn } };
}

export type SaveResult =
  | { ok: true; changed: boolean; revisionId: number }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "stale" }
  | { ok: false; reason: "invalid"; errors: Partial<Record<PageField, string>> };

/**
 * Saves title, Markdown and review date as a new revision and as the page, audited. `basis` is
 * the newest revision the form showed: when someone saved in between, the save is refused
 * rather than silently overwriting their text. An unchanged text writes nothing.
 */
export function saveContentPage(
  db: Db,
  actor: Actor,
  slug: LegalPageSlug,
  input: PageInput & { basis: number },
  now: Date,
  action = "content_page_saved",
): SaveResult {
  if (!isAdmin(actor)) return { ok: false, reason: "forbidden" };
  const checked = checkPageInput(slug, input, now);
  if (!checked.ok) return { ok: false, reason: "invalid", errors: checked.errors };
  const { title, body, reviewedOn } = checked.values;
  return db.transaction(
    (tx) => {
      const latest = latestRevisionId(tx, slug);
      if (latest !== input.basis) return { ok: false, reason: "stale" } as const;
      const before = tx.select().from(contentPages).where(eq(contentPages.slug, slug)).get();
      if (before && latest > 0 && before.title === title && before.body === body && before.reviewedOn === reviewedOn) {
        return { ok: true, changed: false, revisionId: latest } as const;
      }
      const revision = tx
        .insert(contentPageRevisions)
        .values({ slug, title, body, reviewedOn, savedById: actor.id, savedAt: now })
        .returning({ id: contentPageRevisions.id })
        .get();
      tx.insert(contentPages)
        .values({ slug, title, body, reviewedOn, updatedAt: now })
        .onConflictDoUpdate({ target: contentPages.slug, set: { title, body, reviewedOn, updatedAt: now } })
        .run();
      // Which parts changed, not the texts themselves: the revisions keep those.
      writeAudit(tx, {
        actorId: actor.id,
        action,
        subjectType: "content_page",
        subjectId: slug,
        details: {
          revisionId: revision.id,
          title: before?.title === title ? undefined : { old: before?.title ?? null, new: title },
          bodyChanged: before?.body !== body,
          reviewedOn: before?.reviewedOn === reviewedOn ? undefined : { old: before?.reviewedOn ?? null, new: reviewedOn },
        },
        at: now,
      });
      return { ok: true, changed: true, revisionId: revision.id } as const;
    },
    { behavior: "immediate" },
  );
}

export type RevisionView = {
  id: number;
  slug: LegalPageSlug;
  label: string;
  /** 1 for the first saved text of the page. */
  number: number;
  isCurrent: boolean;
  savedAt: Date;
  savedBy: string | null;
  title: string;
  body: string;
  html: string;
  reviewedOn: string | null;
};

/** One old (or the current) text of a page; null when the id is not a revision of this page. */
export function getRevision(db: Db, slug: LegalPageSlug, id: number): RevisionView | null {
  const row = db
    .select({ revision: contentPageRevisions, savedBy: users.displayName })
    .from(contentPageRevisions)
    .leftJoin(users, eq(users.id, contentPageRevisions.savedById))
    .where(and(eq(contentPageRevisions.slug, slug), eq(contentPageRevisions.id, id)))
    .get();
  if (!row) return null;
  const ids = db
    .select({ id: contentPageRevisions.id })
    .from(contentPageRevisions)
    .where(eq(contentPageRevisions.slug, slug))
    .orderBy(asc(contentPageRevisions.id))
    .all()
    .map((r) => r.id);
  const r = row.revision;
  return {
    id: r.id,
    slug,
    label: LEGAL_PAGE_LABELS[slug],
    number: ids.indexOf(r.id) + 1,
    isCurrent: ids.at(-1) === r.id,
    savedAt: r.savedAt,
    savedBy: row.savedBy || null,
    title: r.title,
    body: r.body,
    html: renderMarkdown(r.body),
    reviewedOn: r.reviewedOn,
  };
}

export type RestoreResult = SaveResult | { ok: false; reason: "not_found" };

/**
 * "Diese Version wiederherstellen": saves the old text as a new revision, so the history only
 * grows. The review date is the later of the old text's and the page's: restoring a text is
 * no review, and the page has been reviewed at least as recently as it says now.
 */
export function restoreRevision(db: Db, actor: Actor, slug: LegalPageSlug, id: number, now: Date): RestoreResult {
  if (!isAdmin(actor)) return { ok: false, reason: "forbidden" };
  const revision = getRevision(db, slug, id);
  if (!revision) return { ok: false, reason: "not_found" };
  const current = db.select().from(contentPages).where(eq(contentPages.slug, slug)).get();
  const reviewedOn =
    [revision.reviewedOn, current?.reviewedOn]
      .filter((d): d is string => !!d)
      .sort()
      .at(-1) ?? "";
  return saveContentPage(
    db,
    actor,
    slug,
    { title: revision.title, body: revision.body, reviewedOn, basis: latestRevisionId(db, slug) },
    now,
    "content_page_restored",
  );
}

/** Demo seed: the first revision of a seeded page, so its history starts with the example text. */
export function recordInitialRevision(tx: DbOrTx, slug: string, now: Date): void {
  if (latestRevisionId(tx, slug) > 0) return;
  const page = tx.select().from(contentPages).where(eq(contentPages.slug, slug)).get();
  if (!page) return;
  tx.insert(contentPageRevisions)
    .values({ slug, title: page.title, body: page.body, reviewedOn: page.reviewedOn, savedById: null, savedAt: now })
    .run();
}
