import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { contentPageLoader, contentPageMeta, LegalPageArticle } from "~/components/ContentPage";
import { StoredDataSection } from "~/components/StoredDataSection";
import { storedDataFor } from "~/privacy/retention-settings.server";

const pageLoader = contentPageLoader("datenschutz");

export const loader = async (args: LoaderFunctionArgs) => ({
  ...(await pageLoader(args)),
  storedData: storedDataFor(args.context.db, args.context.env),
});
export const meta = contentPageMeta;

export default function Datenschutz() {
  const { storedData, ...page } = useLoaderData<typeof loader>();
  return (
    <LegalPageArticle page={page}>
      {/* Generated from the live retention settings (decision 020), below the organisers' Markdown. */}
      <StoredDataSection items={storedData} />
    </LegalPageArticle>
  );
}
