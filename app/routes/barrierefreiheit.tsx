import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessibilityStatementFacts, type FeedbackValues } from "~/components/AccessibilityFeedback";
import { LegalPageArticle } from "~/components/ContentPage";
import { randomToken } from "~/auth/secrets.server";
import { formatTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { formValues, type FieldErrors } from "~/lib/forms";
import { readFormData } from "~/lib/http";
import { functionalMailbox, readFeedbackBrowser, sendAccessibilityFeedback } from "~/pages/accessibility-feedback.server";
import { getContentPage } from "~/pages/content-pages.server";
import { FEEDBACK_FIELDS, pageToPrefill } from "~/pages/feedback.schema";
import { formatCalendarDate, LEGAL_PAGE_LABELS, OMBUDSSTELLE } from "~/pages/rules";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.page.title ?? "Erklärung zur Barrierefreiheit"} – KI-Infoveranstaltungen` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Without a text yet the feedback channel is still there: it must never be missing.
  const page = getContentPage(context.db, "barrierefreiheit") ?? { title: LEGAL_PAGE_LABELS.barrierefreiheit, html: "", reviewedOn: null };
  return {
    page: { title: page.title, html: page.html },
    reviewedOn: page.reviewedOn ? { iso: page.reviewedOn, text: formatCalendarDate(page.reviewedOn) } : null,
    mailbox: functionalMailbox(context.env),
    ombudsstelle: OMBUDSSTELLE,
    prefill: pageToPrefill(url.searchParams.get("seite"), request.headers.get("Referer"), context.env.appOrigin),
    formToken: randomToken(),
  };
}

type Refused = { values: FeedbackValues; errors: FieldErrors; formError: string | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const values = formValues(form, [...FEEDBACK_FIELDS]) as FeedbackValues;
  const browser = await readFeedbackBrowser(context, request);
  const headers = new Headers();
  if (browser.setCookie) headers.append("Set-Cookie", browser.setCookie);
  const result = sendAccessibilityFeedback(context.db, context.env, {
    values,
    formToken: String(form.get("formToken") ?? ""),
    browserSecret: browser.secret,
    now: new Date(),
  });
  if (result.ok) {
    context.sendMailSoon();
    const extra = browser.setCookie ? [browser.setCookie] : [];
    return redirectWithFlash(
      context,
      "/barrierefreiheit",
      { kind: "success", text: "Vielen Dank für Ihre Rückmeldung. Sie ist an das Funktionspostfach unterwegs." },
      ...extra,
    );
  }
  if (result.reason === "invalid") return data<Refused>({ values, errors: result.errors, formError: null }, { status: 400, headers });
  const mailbox = functionalMailbox(context.env);
  const when = `${formatTime(result.retryAt)}\u00a0Uhr`;
  const formError =
    result.reason === "limit_browser"
      ? `Aus diesem Browser kamen in der letzten Stunde schon mehrere Rückmeldungen. Bitte senden Sie Ihre Nachricht ab ${when} noch einmal oder schreiben Sie eine E-Mail an ${mailbox}. Ihr Text steht noch im Formular.`
      : `In der letzten Stunde sind sehr viele Rückmeldungen eingegangen. Bitte senden Sie Ihre Nachricht ab ${when} noch einmal oder schreiben Sie eine E-Mail an ${mailbox}. Ihr Text steht noch im Formular.`;
  return data<Refused>({ values, errors: {}, formError }, { status: 429, headers });
}

export default function Barrierefreiheit() {
  const { page, reviewedOn, mailbox, ombudsstelle, prefill, formToken } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() as Refused | undefined;
  return (
    <LegalPageArticle page={page}>
      <AccessibilityStatementFacts
        reviewedOn={reviewedOn}
        mailbox={mailbox}
        ombudsstelle={ombudsstelle}
        values={refused?.values ?? { message: "", name: "", replyTo: "", page: prefill }}
        errors={refused?.errors ?? {}}
        formError={refused?.formError ?? null}
        formToken={formToken}
        // A refused send shows what was typed; after a send the form starts empty.
        key={refused ? "refused" : formToken}
      />
    </LegalPageArticle>
  );
}
