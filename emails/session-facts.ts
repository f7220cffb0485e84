// What every registration mail says about the session: title, date, place, link.
export type SessionFacts = {
  seriesTitle: string;
  /** "Di., 3. März 2026, 10:00–11:30 Uhr" */
  when: string;
  /** "Präsenz: Rathaus, Ratssaal" or "Online" */
  where: string;
  /** The session page, where every action is a button (never a GET that changes state). */
  url: string;
  /** The meeting link of an online or hybrid session: only in mails to people who hold a place. */
  onlineUrl?: string | null;
};

export function factsParagraph(facts: SessionFacts): string {
  const online = facts.onlineUrl ? `\nLink zur Videokonferenz: ${facts.onlineUrl}` : "";
  return `${facts.seriesTitle}\n${facts.when}\n${facts.where}${online}`;
}

export const CANCEL_HINT =
  "Wenn Sie nicht teilnehmen können, melden Sie sich bitte auf der Seite des Termins ab, damit jemand von der Warteliste nachrücken kann.";
