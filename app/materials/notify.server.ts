// "Teilnehmende informieren" (issue 17, item 4): a job collects the materials ticked for it and
// mails everyone who held a seat (confirmed or attended) in their session one mail per session
// and day, listing every material added that day. A day is collected once it is over (Berlin
// time), from 7 o'clock the next morning like the facilitators' digest, so all of a day's
// uploads land in one mail; the dedupe key (session, day, person) keeps it to one, also when
// two runners race.
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { formatDateTime, toBerlinInputValue } from "~/lib/dates";
import { schema, type Db } from "~/lib/db.server";
import { mailPerson } from "~/registrations/mail-facts.server";
import type { Clock } from "~/registrations/clock";
import { renderMaterialsAddedMail } from "~emails/materials-added";
import { SEAT_STATUSES } from "./access.server";

const { materials, registrations, series, sessions } = schema;

export const NOTIFY_FROM_HOUR = 7;

const berlinDay = (instant: Date) => toBerlinInputValue(instant).slice(0, 10);

/** Queues the mails of every finished day; returns how many mails were queued. */
export function queueMaterialNotifications(db: Db, clock: Pick<Clock, "now" | "appUrl">): number {
  const wall = toBerlinInputValue(clock.now);
  if (Number(wall.slice(11, 13)) < NOTIFY_FROM_HOUR) return 0;
  const today = wall.slice(0, 10);
  const pending = db
    .select({ id: materials.id, sessionId: materials.sessionId, updatedAt: materials.updatedAt })
    .from(materials)
    .where(
      and(
        eq(materials.notifyParticipants, true),
        isNull(materials.notifiedAt),
        isNull(materials.deletedAt),
        isNotNull(materials.sessionId),
      ),
    )
    .all();
  const batches = new Map<string, { sessionId: number; day: string }>();
  for (const material of pending) {
    const day = berlinDay(material.updatedAt);
    if (day >= today) continue;
    batches.set(`${material.sessionId}|${day}`, { sessionId: material.sessionId!, day });
  }
  let queued = 0;
  for (const batch of batches.values()) queued += notifyBatch(db, batch.sessionId, batch.day, clock);
  return queued;
}

function notifyBatch(db: Db, sessionId: number, day: string, clock: Pick<Clock, "now" | "appUrl">): number {
  return db.transaction(
    (tx) => {
      const items = tx
        .select({ id: materials.id, title: materials.title, updatedAt: materials.updatedAt })
        .from(materials)
        .where(
          and(
            eq(materials.sessionId, sessionId),
            eq(materials.notifyParticipants, true),
            isNull(materials.notifiedAt),
            isNull(materials.deletedAt),
          ),
        )
        .all()
        .filter((m) => berlinDay(m.updatedAt) === day)
        .sort((a, b) => a.id - b.id);
      if (items.length === 0) return 0;
      const session = tx
        .select({ startsAt: sessions.startsAt, title: series.title })
        .from(sessions)
        .innerJoin(series, eq(series.id, sessions.seriesId))
        .where(eq(sessions.id, sessionId))
        .get();
      let queued = 0;
      if (session) {
        // Anonymised registrations (user_id null) have nobody left to tell.
        const people = tx
          .selectDistinct({ userId: registrations.userId })
          .from(registrations)
          .where(
            and(eq(registrations.sessionId, sessionId), inArray(registrations.status, [...SEAT_STATUSES]), isNotNull(registrations.userId)),
          )
          .all();
        const mail = renderMaterialsAddedMail({
          sessionLabel: `${session.title}, ${formatDateTime(session.startsAt)}`,
          titles: items.map((m) => m.title),
          url: `${clock.appUrl}/sessions/${sessionId}#materialien`,
        });
        for (const person of people) {
          mailPerson(
            tx,
            person.userId,
            { dedupeKey: `materials:s${sessionId}:${day}:u${person.userId}`, kind: "materials_added", mail },
            clock.now,
          );
          queued++;
        }
      }
      tx.update(materials)
        .set({ notifiedAt: clock.now })
        .where(
          inArray(
            materials.id,
            items.map((m) => m.id),
          ),
        )
        .run();
      return queued;
    },
    { behavior: "immediate" },
  );
}
