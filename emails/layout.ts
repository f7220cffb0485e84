// The one layout every mail shares: readable plain text first, simple HTML with no remote
// images, and a closing line that says why the person gets the mail.
export type RenderedMail = {
  subject: string;
  text: string;
  html: string;
};

export type MailContent = {
  subject: string;
  greeting?: string;
  /** Paragraphs of plain text; blank lines are kept out of them. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Shown after the action, e.g. the sign-in code. */
  afterAction?: string[];
  /** "Sie erhalten diese E-Mail, weil …" */
  reason: string;
};

const escapeHtml = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function renderMail(content: MailContent): RenderedMail {
  const greeting = content.greeting ?? "Guten Tag,";
  const textParts = [greeting, ...content.paragraphs];
  if (content.action) textParts.push(`${content.action.label}:\n${content.action.url}`);
  textParts.push(...(content.afterAction ?? []));
  textParts.push(`-- \n${content.reason}\nKI-Infoveranstaltungen zur Dienstvereinbarung KI`);
  const text = `${textParts.join("\n\n")}\n`;

  const paragraph = (p: string) => `<p style="margin:0 0 16px">${escapeHtml(p).replace(/\n/g, "<br>")}</p>`;
  const html = [
    "<!doctype html>",
    `<html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;max-width:40em">',
    paragraph(greeting),
    ...content.paragraphs.map(paragraph),
    content.action
      ? `<p style="margin:0 0 16px"><a href="${escapeHtml(content.action.url)}" style="color:#0b4f8a;font-weight:bold">${escapeHtml(content.action.label)}</a></p>`
      : "",
    ...(content.afterAction ?? []).map(paragraph),
    `<hr style="border:0;border-top:1px solid #c5ccd6"><p style="font-size:14px;color:#4a5360">${escapeHtml(content.reason)}<br>KI-Infoveranstaltungen zur Dienstvereinbarung KI</p>`,
    "</body></html>",
  ].join("\n");
  return { subject: content.subject, text, html };
}
