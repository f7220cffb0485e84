// The agreement as one Markdown file, and back. Pure: no I/O, used by the import, the
// section editor, the export and the seed.
//
//   # Title of the version            (optional; the first line)
//   Text before the first section      (the version's intro)
//   ## § 6 Datenschutz                 a numbered section
//   ## Präambel / ## Anlage 1 …        unnumbered sections
//   (1) … / 1. …                       paragraphs (Absätze) of a section
import { paragraphAnchor, sectionAnchor } from "./anchors";

export type AgreementParagraph = { number: number; anchor: string; body: string };
export type AgreementSectionText = {
  number: string | null;
  title: string;
  anchor: string;
  body: string;
  paragraphs: AgreementParagraph[];
};
export type AgreementDocument = { title: string | null; intro: string; sections: AgreementSectionText[] };
export type AgreementParseError = { line: number | null; message: string };
export type AgreementParseResult = { ok: true; document: AgreementDocument } | { ok: false; errors: AgreementParseError[] };

export const NO_SECTIONS_MESSAGE =
  "Die Datei enthält keine Abschnitte. Jeder Abschnitt beginnt mit einer Überschrift der zweiten Ebene, zum Beispiel „## § 6 Datenschutz“ oder „## Präambel“.";

const SECTION_HEADING = /^##(?:[ \t]+(.*))?$/;
const TITLE_HEADING = /^#[ \t]+(.+)$/;
const FENCE = /^(```|~~~)/;
const PAREN_MARKER = /^\((\d{1,3})\)(?:[ \t]+(.*))?$/;
const ITEM_MARKER = /^(\d{1,3})\.(?:[ \t]+(.*))?$/;
const NUMBERED = /^§\s*(\d+[a-z]?)(?:\s*[–—:.-]\s*|\s+|$)(.*)$/i;
const ANNEX = /^(Anlage|Anhang)\s+(\d+[a-z]?|[IVXLC]+)(?:\s*[–—:.-]\s*|\s+|$)(.*)$/i;

type Line = { text: string; line: number };

/** "§ 6 Datenschutz" → number "§ 6", title "Datenschutz"; "Präambel" → no number. */
export function parseHeading(text: string): { number: string | null; title: string; anchor: string } {
  const heading = text.replace(/\s+#+\s*$/, "").trim();
  const numbered = NUMBERED.exec(heading);
  if (numbered) {
    const number = `§ ${numbered[1]}`;
    return { number, title: numbered[2]!.trim(), anchor: sectionAnchor(number, "") };
  }
  const annex = ANNEX.exec(heading);
  if (annex) {
    const number = `${annex[1]} ${annex[2]}`;
    return { number, title: annex[3]!.trim(), anchor: sectionAnchor(number, "") };
  }
  return { number: null, title: heading, anchor: sectionAnchor(null, heading) };
}

/** "§ 6 Datenschutz", "Präambel", "Anlage 1" */
export function headingText(section: { number: string | null; title: string }): string {
  return [section.number, section.title].filter(Boolean).join(" ");
}

/** Lines outside fenced code blocks, where headings and paragraph markers count. */
function markFences(lines: Line[]): boolean[] {
  let inFence = false;
  return lines.map(({ text }) => {
    if (FENCE.test(text)) {
      inFence = !inFence;
      return false;
    }
    return !inFence;
  });
}

const joinLines = (lines: string[]) => lines.join("\n").trim();

/**
 * A section's text split into the text before the first paragraph and its paragraphs.
 * If any line starts with "(1)", only such lines start paragraphs (a numbered list inside
 * a paragraph stays a list); otherwise numbered items ("1. …") do.
 */
function splitSection(
  lines: Line[],
  anchor: string,
  label: string,
): { body: string; paragraphs: AgreementParagraph[]; errors: AgreementParseError[] } {
  const live = markFences(lines);
  const style = lines.some((l, i) => live[i] && PAREN_MARKER.test(l.text))
    ? PAREN_MARKER
    : lines.some((l, i) => live[i] && ITEM_MARKER.test(l.text))
      ? ITEM_MARKER
      : null;
  const body: string[] = [];
  const paragraphs: { number: number; line: number; indent: number; lines: string[] }[] = [];
  const errors: AgreementParseError[] = [];
  lines.forEach((l, i) => {
    const marker = style && live[i] ? style.exec(l.text) : null;
    if (marker) {
      const number = Number(marker[1]);
      if (paragraphs.some((p) => p.number === number)) {
        errors.push({ line: l.line, message: `Zeile ${l.line}: Absatz (${number}) kommt in „${label}“ doppelt vor.` });
      }
      // A numbered item's continuation lines are indented by the marker's width.
      const indent = style === ITEM_MARKER ? marker[1]!.length + 2 : 0;
      paragraphs.push({ number, line: l.line, indent, lines: [marker[2] ?? ""] });
      return;
    }
    const current = paragraphs.at(-1);
    if (!current) body.push(l.text);
    else current.lines.push(current.indent > 0 ? l.text.replace(new RegExp(`^ {0,${current.indent}}`), "") : l.text);
  });
  return {
    body: joinLines(body),
    paragraphs: paragraphs.map((p) => ({ number: p.number, anchor: paragraphAnchor(anchor, p.number), body: joinLines(p.lines) })),
    errors,
  };
}

function toLines(source: string): Line[] {
  return source
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((text, index) => ({ text, line: index + 1 }));
}

/** A whole version from one Markdown file; every problem is reported with its line. */
export function parseAgreementMarkdown(source: string): AgreementParseResult {
  const lines = toLines(source);
  const live = markFences(lines);
  const errors: AgreementParseError[] = [];
  let title: string | null = null;
  const intro: string[] = [];
  const sections: { heading: ReturnType<typeof parseHeading>; line: number; lines: Line[] }[] = [];
  let sawContent = false;
  lines.forEach((l, i) => {
    const heading = live[i] ? SECTION_HEADING.exec(l.text) : null;
    if (heading) {
      const text = (heading[1] ?? "").trim();
      if (!text) errors.push({ line: l.line, message: `Zeile ${l.line}: Die Überschrift ist leer.` });
      sections.push({ heading: parseHeading(text), line: l.line, lines: [] });
      return;
    }
    const current = sections.at(-1);
    if (current) {
      current.lines.push(l);
      return;
    }
    const titleMatch = !sawContent && live[i] ? TITLE_HEADING.exec(l.text) : null;
    if (titleMatch) title = titleMatch[1]!.trim();
    else intro.push(l.text);
    if (l.text.trim()) sawContent = true;
  });
  if (sections.length === 0) return { ok: false, errors: [{ line: null, message: NO_SECTIONS_MESSAGE }] };

  const seen = new Map<string, { line: number; label: string }>();
  const claim = (anchor: string, line: number, label: string) => {
    const first = seen.get(anchor);
    if (first) {
      errors.push({
        line,
        message: `Zeile ${line}: „${label}“ ergibt dieselbe Sprungmarke „${anchor}“ wie „${first.label}“ in Zeile ${first.line}. Jeder Abschnitt braucht eine eigene Nummer oder Überschrift.`,
      });
    } else seen.set(anchor, { line, label });
  };
  const parsed: AgreementSectionText[] = [];
  for (const section of sections) {
    const label = headingText(section.heading);
    if (label && !section.heading.anchor) {
      errors.push({
        line: section.line,
        message: `Zeile ${section.line}: Aus der Überschrift „${label}“ lässt sich keine Sprungmarke bilden. Bitte verwenden Sie Buchstaben oder Ziffern.`,
      });
      continue;
    }
    if (!label) continue;
    claim(section.heading.anchor, section.line, label);
    const split = splitSection(section.lines, section.heading.anchor, label);
    errors.push(...split.errors);
    // A paragraph number twice in one section is reported above; here only clashes with other sections.
    const ownAnchors = new Set(split.paragraphs.map((p) => p.anchor));
    for (const anchor of ownAnchors) claim(anchor, section.line, label);
    parsed.push({ ...section.heading, body: split.body, paragraphs: split.paragraphs });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, document: { title, intro: joinLines(intro), sections: parsed } };
}

/** The text of one section as the editor shows it: the text before the paragraphs, then "(1) …". */
export function sectionToMarkdown(section: { body: string; paragraphs: readonly { number: number; body: string }[] }): string {
  return [section.body, ...section.paragraphs.map((p) => `(${p.number}) ${p.body}`)].filter(Boolean).join("\n\n");
}

/** The edited text of one section, split into its text and paragraphs like the import does. */
export function parseSectionText(
  text: string,
  anchor: string,
  label: string,
): { ok: true; body: string; paragraphs: AgreementParagraph[] } | { ok: false; errors: AgreementParseError[] } {
  const lines = toLines(text);
  const live = markFences(lines);
  const errors: AgreementParseError[] = lines
    .filter((l, i) => live[i] && SECTION_HEADING.test(l.text))
    .map((l) => ({
      line: l.line,
      message: `Zeile ${l.line}: Eine Überschrift „## …“ beginnt einen neuen Abschnitt. Für Zwischenüberschriften verwenden Sie bitte „### …“.`,
    }));
  const split = splitSection(lines, anchor, label);
  errors.push(...split.errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, body: split.body, paragraphs: split.paragraphs };
}

/** One Markdown file that parseAgreementMarkdown reads back into the same version. */
export function agreementToMarkdown(document: AgreementDocument): string {
  const parts: string[] = [];
  if (document.title) parts.push(`# ${document.title}`);
  if (document.intro) parts.push(document.intro);
  for (const section of document.sections) {
    parts.push(`## ${headingText(section)}`);
    const text = sectionToMarkdown(section);
    if (text) parts.push(text);
  }
  return `${parts.join("\n\n")}\n`;
}
