import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { notFound } from "~/lib/http";
import { getContentPage, type ContentPageView } from "~/pages/content-pages.server";

export function contentPageLoader(slug: string) {
  return ({ context }: LoaderFunctionArgs) => getContentPage(context.db, slug) ?? notFound();
}

export const contentPageMeta: MetaFunction = ({ data }) => [
  { title: `${(data as ContentPageView | undefined)?.title ?? "Seite"} – KI-Infoveranstaltungen` },
];

/**
 * A legal page's title and Markdown, the one way it looks: on the public page (h1) and in the
 * editor's preview and version view (h2, below the editor's own h1).
 */
export function LegalPageArticle({
  page,
  heading = "h1",
  children,
}: {
  page: Pick<ContentPageView, "title" | "html">;
  heading?: "h1" | "h2";
  children?: ReactNode;
}) {
  const Heading = heading;
  return (
    <article className="prose legal-page">
      <Heading className="legal-page__title">{page.title}</Heading>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html */}
      <div dangerouslySetInnerHTML={{ __html: page.html }} />
      {children}
    </article>
  );
}

export function ContentPage() {
  const page = useLoaderData<ContentPageView>();
  return <LegalPageArticle page={page} />;
}
