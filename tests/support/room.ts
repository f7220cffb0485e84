// Test data for issue 14 (in the room): a running session with a facilitator, people with a
// seat and accepted questions, written directly into a running server's database.
import Database from "better-sqlite3";
import { createPublishedSession, createSignedInPeople, insertRegistration, type SignedInPerson } from "./seeding";

export type RunningSession = { sessionId: number; facilitator: SignedInPerson; participants: SignedInPerson[] };

export async function createRunningSession(
  databasePath: string,
  input: { title: string; participants: number; prefix: string; startedMinutesAgo?: number },
): Promise<RunningSession> {
  const [facilitator] = await createSignedInPeople(databasePath, 1, `${input.prefix}-mod-`);
  const participants = await createSignedInPeople(databasePath, input.participants, `${input.prefix}-p-`);
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  db.prepare("insert into user_roles (user_id, role) values (?, 'facilitator')").run(facilitator!.userId);
  db.close();
  const sessionId = createPublishedSession(databasePath, {
    capacity: Math.max(10, input.participants),
    title: input.title,
    startsAt: Date.now() - (input.startedMinutesAgo ?? 10) * 60_000,
    facilitatorEmail: facilitator!.email,
  });
  for (const person of participants) insertRegistration(databasePath, sessionId, person.userId, "confirmed");
  return { sessionId, facilitator: facilitator!, participants };
}

/** Section ids of the agreement in force by anchor (s1 … s14). */
export function sectionIdByAnchor(databasePath: string, anchor: string): number {
  const db = new Database(databasePath, { readonly: true });
  const row = db
    .prepare(
      "select s.id from agreement_sections s join agreement_versions v on v.id = s.version_id where v.status = 'in_force' and s.anchor = ?",
    )
    .get(anchor) as { id: number };
  db.close();
  return row.id;
}

/** An accepted question of the session, named, with a section and votes. */
export function insertAcceptedQuestion(
  databasePath: string,
  input: { sessionId: number; text: string; sectionId: number | null; authorId: number; voterIds?: number[]; status?: string },
): number {
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
  const { id } = db
    .prepare(
      "insert into questions (session_id, section_id, text, anonymous, author_id, status, created_at, updated_at) values (?, ?, ?, 0, ?, ?, ?, ?) returning id",
    )
    .get(input.sessionId, input.sectionId, input.text, input.authorId, input.status ?? "accepted", hour, hour) as { id: number };
  const vote = db.prepare("insert into question_votes (question_id, user_id) values (?, ?)");
  for (const voter of input.voterIds ?? []) vote.run(id, voter);
  db.close();
  return id;
}

export function questionRows(databasePath: string, sessionId: number) {
  const db = new Database(databasePath, { readonly: true });
  const rows = db.prepare("select * from questions where session_id = ? order by id").all(sessionId) as {
    id: number;
    text: string;
    status: string;
    source: string;
    anonymous: number;
    author_id: number | null;
    vote_count: number;
    answer: string | null;
    answered_how: string | null;
    follow_up: number;
  }[];
  db.close();
  return rows;
}
