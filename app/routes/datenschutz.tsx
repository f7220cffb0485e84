import { useLoaderData } from "@remix-run/react";
import { contentPageLoader, contentPageMeta, LegalPageArticle } from "~/components/ContentPage";
import type { ContentPageView } from "~/pages/content-pages.server";

export const loader = contentPageLoader("datenschutz");
export const meta = contentPageMeta;

export default function Datenschutz() {
  const page = useLoaderData<ContentPageView>();
  return (
    <LegalPageArticle page={page}>
      {/* ── Generated section (retention helper, issue #16): <StoredDataSection /> goes here, below the
          organisers' Markdown – what the app actually stores and for how long. ── */}
    </LegalPageArticle>
  );
}
