import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "~/lib/http";
import { getContentPage, type ContentPageView } from "~/pages/content-pages.server";

export function contentPageLoader(slug: string) {
  return ({ context }: LoaderFunctionArgs) => getContentPage(context.db, slug) ?? notFound();
}

export const contentPageMeta: MetaFunction = ({ data }) => [
  { title: `${(data as ContentPageView | undefined)?.title ?? "Seite"} – KI-Infoveranstaltungen` },
];

export function ContentPage() {
  const page = useLoaderData<ContentPageView>();
  return (
    <article className="prose">
      <h1>{page.title}</h1>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html */}
      <div dangerouslySetInnerHTML={{ __html: page.html }} />
    </article>
  );
}
