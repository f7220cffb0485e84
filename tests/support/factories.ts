// Test data with sensible defaults; each call makes a new, distinct row.
import type { Db } from "../../db/client";
import { series, sessionFacilitators, sessions, userRoles, users, type Role } from "../../db/schema";

let counter = 0;
const next = () => ++counter;

export function createUser(db: Db, overrides: Partial<typeof users.$inferInsert> & { roles?: Role[] } = {}) {
  const n = next();
  const { roles = ["participant"], ...values } = overrides;
  const user = db
    .insert(users)
    .values({ email: `person${n}@stadt.example`, displayName: `Person ${n}`, ...values })
    .returning()
    .get();
  for (const role of roles) db.insert(userRoles).values({ userId: user.id, role }).run();
  return user;
}

export function createSeries(db: Db, overrides: Partial<typeof series.$inferInsert> = {}) {
  const n = next();
  return db
    .insert(series)
    .values({ title: `Reihe ${n}`, description: "Beschreibung", ...overrides })
    .returning()
    .get();
}

const HOUR = 3600_000;

export function createSession(db: Db, overrides: Partial<typeof sessions.$inferInsert> & { facilitatorIds?: number[] } = {}) {
  const { facilitatorIds = [], ...values } = overrides;
  const seriesId = values.seriesId ?? createSeries(db).id;
  const startsAt = values.startsAt ?? new Date(Date.now() + 7 * 24 * HOUR);
  const session = db
    .insert(sessions)
    .values({
      seriesId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      format: "in_person",
      place: "Rathaus",
      room: "Ratssaal",
      capacity: 10,
      status: "published",
      publishedAt: new Date(Date.now() - HOUR),
      ...values,
    })
    .returning()
    .get();
  for (const userId of facilitatorIds) db.insert(sessionFacilitators).values({ sessionId: session.id, userId }).run();
  return session;
}
