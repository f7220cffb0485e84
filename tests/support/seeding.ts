// Direct writes into a running server's database file, for tests that need volume (hundreds
// of signed-in people) faster than signing each one in through the browser.
import { createCookie } from "@remix-run/node";
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";

export const TEST_SECRET = "e2e-session-secret-that-is-long-enough-123";

export type SignedInPerson = { userId: number; email: string; cookie: string };

export async function createSignedInPeople(databasePath: string, count: number, prefix: string): Promise<SignedInPerson[]> {
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const cookie = createCookie("ki_login", { secrets: [TEST_SECRET], path: "/", httpOnly: true, sameSite: "lax" });
  const people: SignedInPerson[] = [];
  const insertUser = db.prepare("insert into users (email, display_name, profile_completed_at) values (?, ?, ?) returning id");
  const insertRole = db.prepare("insert into user_roles (user_id, role) values (?, 'participant')");
  const insertLogin = db.prepare("insert into login_sessions (id, user_id, data, expires_at) values (?, ?, ?, ?)");
  const rows: { userId: number; email: string; loginId: string }[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const email = `${prefix}${i}@stadt.example`;
      const { id } = insertUser.get(email, `Person ${prefix}${i}`, Date.now()) as { id: number };
      insertRole.run(id);
      const loginId = randomBytes(24).toString("base64url");
      insertLogin.run(loginId, id, JSON.stringify({ userId: id, renewedAt: Date.now() }), Date.now() + 24 * 3600_000);
      rows.push({ userId: id, email, loginId });
    }
  })();
  db.close();
  for (const row of rows) {
    const setCookie = await cookie.serialize(row.loginId);
    people.push({ userId: row.userId, email: row.email, cookie: setCookie.split(";")[0]! });
  }
  return people;
}

/** A published session starting in a week, in a new series, with `capacity` seats. */
export function createPublishedSession(
  databasePath: string,
  input: { capacity: number; title: string; waitlistMode?: "auto" | "offer"; startsAt?: number; facilitatorEmail?: string },
): number {
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const { id: seriesId } = db
    .prepare("insert into series (title, waitlist_mode) values (?, ?) returning id")
    .get(input.title, input.waitlistMode ?? "auto") as { id: number };
  const start = input.startsAt ?? Date.now() + 7 * 24 * 3600_000;
  const { id } = db
    .prepare(
      "insert into sessions (series_id, starts_at, ends_at, format, place, room, capacity, status, published_at) values (?, ?, ?, 'in_person', 'Rathaus', 'Ratssaal', ?, 'published', ?) returning id",
    )
    .get(seriesId, start, start + 90 * 60_000, input.capacity, Date.now() - 60_000) as { id: number };
  if (input.facilitatorEmail) {
    db.prepare("insert into session_facilitators (session_id, user_id) select ?, id from users where email = ?").run(
      id,
      input.facilitatorEmail,
    );
  }
  db.close();
  return id;
}

/** Registers existing people directly (for tests that start after registration closed). */
export function registerDirectly(databasePath: string, sessionId: number, userIds: number[], supportNeeds: string | null = null): void {
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const insert = db.prepare(
    "insert into registrations (session_id, user_id, status, queued_at, updated_at, support_needs) values (?, ?, 'confirmed', ?, ?, ?)",
  );
  for (const userId of userIds) insert.run(sessionId, userId, Date.now(), Date.now(), supportNeeds);
  db.close();
}

export function registrationCounts(databasePath: string, sessionId: number) {
  const db = new Database(databasePath, { readonly: true });
  const rows = db.prepare("select id, status from registrations where session_id = ? order by id").all(sessionId) as {
    id: number;
    status: string;
  }[];
  const perUser = db
    .prepare("select user_id, count(*) n from registrations where session_id = ? group by user_id having n > 1")
    .all(sessionId);
  db.close();
  return {
    confirmed: rows.filter((r) => r.status === "confirmed").length,
    waitlisted: rows.filter((r) => r.status === "waitlisted").length,
    total: rows.length,
    duplicates: perUser.length,
    /** Statuses in the order the registrations were committed. */
    inOrder: rows.map((r) => r.status),
  };
}

/** A one-place series with sessions at the given instants (ms), published, each with its capacity. */
export function createSeriesWithSessions(
  databasePath: string,
  input: { title: string; sessions: { startsAt: number; capacity: number }[]; waitlistMode?: "auto" | "offer" },
): { seriesId: number; sessionIds: number[] } {
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const { id: seriesId } = db
    .prepare("insert into series (title, waitlist_mode, one_place_per_person) values (?, ?, 1) returning id")
    .get(input.title, input.waitlistMode ?? "auto") as { id: number };
  const insert = db.prepare(
    "insert into sessions (series_id, starts_at, ends_at, format, place, room, capacity, status, published_at) values (?, ?, ?, 'in_person', 'Rathaus', 'Ratssaal', ?, 'published', ?) returning id",
  );
  const sessionIds = input.sessions.map(
    (s) =>
      (insert.get(seriesId, s.startsAt, s.startsAt + 90 * 60_000, s.capacity, Math.min(Date.now(), s.startsAt) - 60_000) as { id: number })
        .id,
  );
  db.close();
  return { seriesId, sessionIds };
}

/** A registration in any state, written directly (history, or a queue to start from). */
export function insertRegistration(databasePath: string, sessionId: number, userId: number, status: string): number {
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const { id } = db
    .prepare("insert into registrations (session_id, user_id, status, queued_at, updated_at) values (?, ?, ?, ?, ?) returning id")
    .get(sessionId, userId, status, Date.now(), Date.now()) as { id: number };
  db.close();
  return id;
}

export function registrationsOf(databasePath: string, userId: number): { sessionId: number; status: string; endReason: string | null }[] {
  const db = new Database(databasePath, { readonly: true });
  const rows = db
    .prepare("select session_id as sessionId, status, end_reason as endReason from registrations where user_id = ? order by id")
    .all(userId) as { sessionId: number; status: string; endReason: string | null }[];
  db.close();
  return rows;
}
