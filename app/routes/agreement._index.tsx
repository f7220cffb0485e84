import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { loadPublicAgreement } from "~/agreement/agreement.server";
import { getCurrentUser } from "~/auth/current-user.server";
import { MaterialList } from "~/components/MaterialView";
import { materialViewerFor } from "~/materials/access.server";
import { materialsBySection } from "~/materials/materials.server";
import { publishedQuestionsBySection } from "~/summaries/published.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.agreement?.title ?? "Dienstvereinbarung KI"} – KI-Infoveranstaltungen` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(context, request);
  const now = new Date();
  return {
    agreement: loadPublicAgreement(context.db, now),
    // The published answers per section (decision 015), linked to their place on /qa.
    answers: publishedQuestionsBySection(context.db, now),
    canEdit: !!user?.roles.includes("admin"),
    // Examples and guides next to the rule they explain (decision 022); signed-in people only.
    materials: materialsBySection(context.db, materialViewerFor(context.db, user)),
  };
}

// The table of contents' id has a capital letter: section anchors are lower case, so no
// section can take it.
const TOC_ID = "Inhalt";

export default function AgreementPage() {
  const { agreement, answers, canEdit, materials } = useLoaderData<typeof loader>();
  const manage = canEdit ? (
    <p>
      <Link to="/admin/agreement">Dienstvereinbarung verwalten</Link>
    </p>
  ) : null;
  if (!agreement) {
    return (
      <div className="narrow">
        <h1>Dienstvereinbarung KI</h1>
        <p>Zurzeit ist keine Fassung der Dienstvereinbarung veröffentlicht.</p>
        {manage}
      </div>
    );
  }
  return (
    <article className="agreement">
      <h1>{agreement.title}</h1>
      <p className="lead">In Kraft seit {agreement.inForceSince}</p>
      {agreement.nextVersion ? (
        <p className="notice">
          Ab {agreement.nextVersion.inForceFrom} gilt die neue Fassung „{agreement.nextVersion.title}“.
        </p>
      ) : null}
      {manage}
      <Form method="get" action="/search" role="search" className="filters">
        <div className="field">
          <label htmlFor="agreement-search">Dienstvereinbarung und Antworten durchsuchen</label>
          <input id="agreement-search" type="search" name="q" maxLength={200} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          Suchen
        </button>
      </Form>
      {agreement.introHtml ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html
        <div className="prose agreement__intro" dangerouslySetInnerHTML={{ __html: agreement.introHtml }} />
      ) : null}
      <nav className="agreement-toc" aria-labelledby={TOC_ID}>
        <h2 id={TOC_ID}>Inhalt</h2>
        <ol>
          {agreement.sections.map((section) => (
            <li key={section.anchor}>
              <a href={`#${section.anchor}`}>{section.heading}</a>
            </li>
          ))}
        </ol>
      </nav>
      {agreement.sections.map((section) => {
        // Accepted and answered questions of colleagues; the list needs a sign-in.
        const questions = agreement.questionCounts[section.anchor] ?? 0;
        const published = answers[section.anchor] ?? [];
        const sectionMaterials = materials[section.anchor] ?? [];
        return (
          <section key={section.anchor} className="agreement-section" aria-labelledby={section.anchor}>
            <h2 id={section.anchor}>{section.heading}</h2>
            {section.bodyHtml ? (
              // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html
              <div className="prose" dangerouslySetInnerHTML={{ __html: section.bodyHtml }} />
            ) : null}
            {section.paragraphs.map((paragraph) => (
              <div key={paragraph.anchor} id={paragraph.anchor} className="agreement-paragraph">
                <span className="agreement-paragraph__number">({paragraph.number})</span>
                {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html */}
                <div className="prose" dangerouslySetInnerHTML={{ __html: paragraph.html }} />
              </div>
            ))}
            {published.length > 0 ? (
              <div className="agreement-qa">
                <h3 id={`${section.anchor}-antworten`}>Fragen & Antworten zu diesem Abschnitt</h3>
                <ul>
                  {published.map((item) => (
                    <li key={item.questionId}>
                      <Link to={item.href}>{item.questionText}</Link>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {sectionMaterials.length > 0 ? (
              <div className="agreement-materials" data-section-materials={section.anchor}>
                <h3 id={`${section.anchor}-materialien`}>Materialien zu diesem Abschnitt</h3>
                <MaterialList items={sectionMaterials} labelledBy={`${section.anchor}-materialien`} headingLevel={4} />
              </div>
            ) : null}
            {questions > 0 ? (
              <p>
                <Link to={`/questions?section=${encodeURIComponent(section.anchor)}`}>
                  {questions === 1
                    ? "1 Frage aus der Praxis zu diesem Abschnitt"
                    : `${questions} Fragen aus der Praxis zu diesem Abschnitt`}
                </Link>
              </p>
            ) : null}
            <p className="agreement-section__top">
              <a href={`#${TOC_ID}`}>Zum Inhaltsverzeichnis</a>
            </p>
          </section>
        );
      })}
    </article>
  );
}
