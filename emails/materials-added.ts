import { plural } from "~/lib/plural";
import { renderMail, type RenderedMail } from "./layout";

// "Teilnehmende informieren" (issue 17): one mail per session, day and person with every
// material added that day. Titles only (they are written for staff); the link leads to the
// session's page, where each material sits behind the visibility check.
export function renderMaterialsAddedMail(input: { sessionLabel: string; titles: string[]; url: string }): RenderedMail {
  const count = plural(input.titles.length, "neues Material", "neue Materialien");
  return renderMail({
    subject: `${input.titles.length === 1 ? "Neues Material" : "Neue Materialien"}: ${input.sessionLabel}`,
    paragraphs: [`zur Infoveranstaltung „${input.sessionLabel}“ gibt es ${count}:`, ...input.titles.map((title) => `– ${title}`)],
    action: { label: "Zum Termin und seinen Materialien", url: input.url },
    reason: "Sie erhalten diese E-Mail, weil Sie für diese Infoveranstaltung angemeldet waren.",
  });
}
