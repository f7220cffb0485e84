// Pure rules of the session page (issue 15, item 3): who to contact and the organisers' note on
// working time. No I/O.

export type SessionContact = { kind: "named" | "mailbox"; name: string; email: string };

/**
 * The series' named contact when it has one (name and address are saved together or not at
 * all); otherwise the functional mailbox, the sender of every mail, whose name may be the
 * address itself when MAIL_FROM gives no name.
 */
export function sessionContact(
  series: { contactName: string | null; contactEmail: string | null },
  mailbox: { name: string; email: string },
): SessionContact {
  if (series.contactName && series.contactEmail) return { kind: "named", name: series.contactName, email: series.contactEmail };
  return { kind: "mailbox", name: mailbox.name, email: mailbox.email };
}

export const MAX_WORKING_TIME_NOTE = 300;

/** The note as saved: one paragraph (lines joined), trimmed; empty means "not shown". */
export function normaliseWorkingTimeNote(input: string): string {
  return input.replace(/\s+/g, " ").trim();
}

export function checkWorkingTimeNote(input: string): { ok: true; note: string } | { ok: false; message: string } {
  const note = normaliseWorkingTimeNote(input);
  if (note.length > MAX_WORKING_TIME_NOTE) {
    return { ok: false, message: `Höchstens ${MAX_WORKING_TIME_NOTE} Zeichen (derzeit ${note.length}).` };
  }
  return { ok: true, note };
}
