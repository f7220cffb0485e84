import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Markdown from organisers becomes HTML on the server, then goes through an allowlist:
// no raw HTML, scripts, styles or event handlers survive, and links only use safe schemes.
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: { a: ["href", "title"] },
  allowedSchemes: ["https", "http", "mailto"],
  // Headings in user text start below the page's own h1.
  transformTags: { h1: "h2" },
};

export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: true });
  return sanitizeHtml(html, ALLOWED);
}
