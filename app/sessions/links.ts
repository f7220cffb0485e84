// Links organisers type into a session (directions, test room, meeting) end up as `href` on a
// page everyone reads. Only web addresses may go there: a `javascript:` or `data:` link would
// run or show whatever its author wrote, in our origin, for the person who clicks it. Pure: the
// same check when a form is saved and again when a stored value is shown.

export const MAX_LINK_LENGTH = 500;

/** A complete http(s) address with a host, as the browser itself would read it. */
export function isWebLink(value: string): boolean {
  if (value.length === 0 || value.length > MAX_LINK_LENGTH) return false;
  let url: URL;
  try {
    // The URL parser drops tabs, line breaks and leading spaces exactly as the browser does
    // when it follows the link ("java\tscript:" is "javascript:"), so judging its result
    // judges what a click would do.
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
}

/** A stored link made safe to render: itself if it is a web address, otherwise nothing. */
export function webLinkOrNull(value: string | null | undefined): string | null {
  return value && isWebLink(value) ? value : null;
}
