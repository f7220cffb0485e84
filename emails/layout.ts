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

/** The signature under every mail; the city's name and address follow it (brandMail). */
const SIGNATURE = "KI-Infoveranstaltungen zur Dienstvereinbarung KI";
/** The link colour before branding: today's primary colour. */
const DEFAULT_LINK_COLOUR = "#0b4f8a";
const linkStyle = (colour: string) => `style="color:${colour};font-weight:bold"`;
// Places only this layout writes: user text is escaped, so it never contains `<!--`.
const LETTERHEAD_SLOT = "<!--letterhead-->";
const SIGNATURE_SLOT = "<!--signature-->";
/** The logo's Content-ID; the sender attaches the current logo when the HTML refers to it. */
export const LOGO_CID = "logo@ki-infoveranstaltungen";
const LOGO_IMAGE = `<img src="cid:${LOGO_CID}" alt="" height="48" style="display:block;height:48px;width:auto;margin:0 0 8px">`;

const escapeHtml = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function renderMail(content: MailContent): RenderedMail {
  const greeting = content.greeting ?? "Guten Tag,";
  const textParts = [greeting, ...content.paragraphs];
  if (content.action) textParts.push(`${content.action.label}:\n${content.action.url}`);
  textParts.push(...(content.afterAction ?? []));
  textParts.push(`-- \n${content.reason}\n${SIGNATURE}`);
  const text = `${textParts.join("\n\n")}\n`;

  const paragraph = (p: string) => `<p style="margin:0 0 16px">${escapeHtml(p).replace(/\n/g, "<br>")}</p>`;
  const html = [
    "<!doctype html>",
    `<html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;max-width:40em">',
    LETTERHEAD_SLOT,
    paragraph(greeting),
    ...content.paragraphs.map(paragraph),
    content.action
      ? `<p style="margin:0 0 16px"><a href="${escapeHtml(content.action.url)}" ${linkStyle(DEFAULT_LINK_COLOUR)}>${escapeHtml(content.action.label)}</a></p>`
      : "",
    ...(content.afterAction ?? []).map(paragraph),
    `<hr style="border:0;border-top:1px solid #c5ccd6"><p style="font-size:14px;color:#4a5360">${escapeHtml(content.reason)}<br>${SIGNATURE}${SIGNATURE_SLOT}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject: content.subject, text, html };
}

export type MailBrand = { organisationName: string; footerAddress: string; primaryColour: string; hasLogo: boolean };

/**
 * The city's identity in a mail of this layout (decision 017): name (and logo, as an inline
 * CID image the sender attaches) on top, link colour, name and address under the signature.
 * Applied when the mail is queued; a mail not made by renderMail passes unchanged.
 */
export function brandMail(mail: RenderedMail, brand: MailBrand): RenderedMail {
  const name = escapeHtml(brand.organisationName);
  const addressLines = brand.footerAddress.split("\n").filter((line) => line.trim() !== "");
  const letterhead = `<p style="margin:0 0 24px;font-size:18px;font-weight:bold">${brand.hasLogo ? LOGO_IMAGE : ""}${name}</p>`;
  const html = mail.html
    // Functions, not strings, as replacements: a name with "$&" must stay as typed.
    .replace(LETTERHEAD_SLOT, () => letterhead)
    .replace(linkStyle(DEFAULT_LINK_COLOUR), () => linkStyle(brand.primaryColour))
    .replace(SIGNATURE_SLOT, () => [name, ...addressLines.map(escapeHtml)].map((line) => `<br>${line}`).join(""));
  const ending = `\n${SIGNATURE}\n`;
  const text = mail.text.endsWith(ending) ? `${mail.text}${[brand.organisationName, ...addressLines].join("\n")}\n` : mail.text;
  return { ...mail, html, text };
}

/** Whether a mail's HTML shows the logo, so the sender must attach it. */
export const refersToLogo = (html: string) => html.includes(`cid:${LOGO_CID}`);

/** The HTML without the logo, for when the logo was removed after the mail was queued. */
export const withoutLogo = (html: string) => html.replace(LOGO_IMAGE, () => "");
