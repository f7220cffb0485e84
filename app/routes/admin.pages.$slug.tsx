import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { LegalPageEditorForm, RevisionTable, type EditorPreview } from "~/components/LegalPageEditor";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, notFound, readFormData } from "~/lib/http";
import { loadPageEditor, previewContentPage, saveContentPage } from "~/pages/content-pages.server";
import { formatCalendarDate, isLegalPageSlug, LEGAL_PAGE_LABELS, type LegalPageSlug, type PageField, type PageInput } from "~/pages/rules";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.label ?? "Seite"} bearbeiten – Verwaltung – KI-Infoveranstaltungen` },
];

function slugOf(value: string | undefined): LegalPageSlug {
  if (!isLegalPageSlug(value)) notFound();
  return value;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const editor = loadPageEditor(context.db, slugOf(params.slug));
  return {
    ...editor,
    revisions: editor.revisions.map((r, index) => ({
      id: r.id,
      number: editor.revisions.length - index,
      savedAt: formatDateTime(r.savedAt),
      savedBy: r.savedBy,
    })),
  };
}

type Answer = {
  values: PageInput;
  errors: Partial<Record<PageField, string>>;
  formError: string | null;
  preview: EditorPreview | null;
  /** The newest version the form was based on, kept across previews (a later save checks it). */
  basis?: number;
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const slug = slugOf(params.slug);
  const form = await readFormData(request);
  const values: PageInput = {
    title: String(form.get("title") ?? ""),
    body: String(form.get("body") ?? ""),
    reviewedOn: String(form.get("reviewedOn") ?? ""),
  };
  const basis = Number(form.get("basis") ?? 0);
  const safeBasis = Number.isSafeInteger(basis) && basis >= 0 ? basis : -1;
  const now = new Date();
  if (form.get("intent") === "preview") {
    const result = previewContentPage(slug, values, now);
    if (!result.ok)
      return data<Answer>({ values, errors: result.errors, formError: null, preview: null, basis: safeBasis }, { status: 400 });
    const { title, html, reviewedOn } = result.preview;
    return data<Answer>({
      values,
      errors: {},
      formError: null,
      preview: { title, html, reviewedOn: reviewedOn ? { iso: reviewedOn, text: formatCalendarDate(reviewedOn) } : null },
      basis: safeBasis,
    });
  }
  const result = saveContentPage(context.db, actor, slug, { ...values, basis: safeBasis }, now);
  if (result.ok) {
    return redirectWithFlash(context, `/admin/pages/${slug}`, {
      kind: "success",
      text: result.changed
        ? `${LEGAL_PAGE_LABELS[slug]}: Die neue Version ist gespeichert und öffentlich.`
        : "Keine Änderung – es wurde keine neue Version angelegt.",
    });
  }
  if (result.reason === "forbidden") forbidden();
  if (result.reason === "stale") {
    // No basis: the form takes the newest one, so a second "Speichern" saves this text deliberately.
    return data<Answer>(
      {
        values,
        errors: {},
        formError:
          "Inzwischen hat jemand eine neuere Version gespeichert (siehe „Versionen“). Ihr Text steht noch im Formular. Wenn er die neuere Version ersetzen soll, klicken Sie noch einmal auf „Speichern“.",
        preview: null,
      },
      { status: 409 },
    );
  }
  return data<Answer>({ values, errors: result.errors, formError: null, preview: null, basis: safeBasis }, { status: 400 });
}

export default function AdminPageEditor() {
  const editor = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  return (
    <div className="narrow">
      <p>
        <Link to="/admin/pages">← Rechtliche Seiten</Link>
      </p>
      <h1>{editor.label} bearbeiten</h1>
      <p>
        {editor.exists ? (
          <Link to={`/${editor.slug}`}>Öffentliche Seite ansehen</Link>
        ) : (
          "Diese Seite ist noch nicht angelegt; nach dem ersten Speichern ist sie öffentlich."
        )}
      </p>
      <LegalPageEditorForm
        // A refused save or a preview shows what was typed; after a save the form starts from the page.
        key={answer ? "answer" : `saved-${editor.basis}`}
        slug={editor.slug}
        values={answer?.values ?? editor.values}
        errors={answer?.errors ?? {}}
        formError={answer?.formError ?? null}
        basis={answer?.basis ?? editor.basis}
        withReviewDate={editor.hasReviewDate}
        preview={answer?.preview ?? null}
      />
      <h2>Versionen</h2>
      <p>Jedes Speichern legt eine Version an; die neueste ist die öffentliche Seite.</p>
      <RevisionTable slug={editor.slug} revisions={editor.revisions} />
    </div>
  );
}
