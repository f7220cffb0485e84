// What facilitators and council members send about a Zusammenfassung: the target of a new
// one, the editor's form (one field set per offered question) and the ids in actions.
import { z } from "zod";
import type { DraftInput, DraftItemInput } from "./compose.server";
import type { Target } from "./access.server";

const id = z
  .string()
  .regex(/^[1-9]\d{0,15}$/)
  .transform(Number);

/** `?session=12`, `?series=3`, or the list's picker `?target=session-12`. */
export function parseTarget(params: URLSearchParams): Target | null {
  const picked = /^(session|series)-([1-9]\d{0,15})$/.exec(params.get("target") ?? "");
  const session = id.safeParse(params.get("session") ?? (picked?.[1] === "session" ? picked[2] : ""));
  if (session.success) return { sessionId: session.data };
  const series = id.safeParse(params.get("series") ?? (picked?.[1] === "series" ? picked[2] : ""));
  if (series.success) return { seriesId: series.data };
  return null;
}

export const idSchema = id;

/** The typed values of the editor, to show again after a refusal. */
export type DraftFormValues = {
  intro: string;
  notifyParticipants: boolean;
  rows: Record<string, { included: boolean; sectionId: string; position: string; questionText: string; answer: string }>;
};

/**
 * The editor's form: `offered` lists every question shown, `include` the ticked ones; each
 * has `q<id>-section`, `q<id>-position`, `q<id>-question`, `q<id>-answer`. Returns null for a
 * form that cannot come from the page (no revision id).
 */
export function parseDraftForm(form: FormData): { input: DraftInput; values: DraftFormValues } | null {
  const revision = id.safeParse(String(form.get("revisionId") ?? ""));
  if (!revision.success) return null;
  const loaded = /^\d{1,16}$/.test(String(form.get("loadedVersion") ?? "")) ? Number(form.get("loadedVersion")) : undefined;
  const text = (name: string) => String(form.get(name) ?? "");
  const offered = form
    .getAll("offered")
    .map(String)
    .filter((v) => /^[1-9]\d{0,15}$/.test(v))
    .slice(0, 500);
  const included = new Set(form.getAll("include").map(String));
  // A ticked id the page never offered (a crafted form) is still checked by the use case.
  for (const value of included) if (/^[1-9]\d{0,15}$/.test(value) && !offered.includes(value)) offered.push(value);
  const values: DraftFormValues = { intro: text("intro"), notifyParticipants: form.get("notifyParticipants") === "1", rows: {} };
  const items: DraftItemInput[] = [];
  offered.forEach((qid, index) => {
    const row = {
      included: included.has(qid),
      sectionId: text(`q${qid}-section`),
      position: text(`q${qid}-position`),
      questionText: text(`q${qid}-question`),
      answer: text(`q${qid}-answer`),
    };
    values.rows[qid] = row;
    if (!row.included) return;
    const position = Number.parseInt(row.position, 10);
    const section = id.safeParse(row.sectionId);
    items.push({
      questionId: Number(qid),
      sectionId: row.sectionId === "" ? null : section.success ? section.data : -1,
      position: Number.isFinite(position) ? position : index + 1,
      questionText: row.questionText,
      answer: row.answer,
    });
  });
  return {
    input: { revisionId: revision.data, loadedVersion: loaded, intro: values.intro, notifyParticipants: values.notifyParticipants, items },
    values,
  };
}
