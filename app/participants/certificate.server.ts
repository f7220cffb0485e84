import { and, eq } from "drizzle-orm";
import { readIdentity } from "~/identity/identity.server";
import { schema, type Db } from "~/lib/db.server";
import { certificateNumber, parseCertificateNumber } from "./certificate-number";

/** A Teilnahmebestätigung: only for the person's own registration, only once attendance is marked. */
export function certificateFor(db: Db, userId: number, registrationId: number) {
  const row = db
    .select({
      name: schema.users.displayName,
      department: schema.users.department,
      seriesTitle: schema.series.title,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      registrationId: schema.registrations.id,
    })
    .from(schema.registrations)
    .innerJoin(schema.users, eq(schema.users.id, schema.registrations.userId))
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.registrations.sessionId))
    .innerJoin(schema.series, eq(schema.series.id, schema.sessions.seriesId))
    .where(
      and(
        eq(schema.registrations.id, registrationId),
        eq(schema.registrations.userId, userId),
        eq(schema.registrations.status, "attended"),
      ),
    )
    .get();
  return row
    ? {
        ...row,
        organisation: readIdentity(db).organisationName,
        minutes: Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000),
        number: certificateNumber(row.registrationId, row.startsAt),
      }
    : null;
}

export type CertificateLookup =
  | { ok: true; number: string; name: string; email: string | null; seriesTitle: string; startsAt: Date; endsAt: Date; attended: boolean }
  | { ok: false; reason: "invalid" | "not_found" };

/** For organisers: who a certificate number belongs to, and whether attendance is on record. */
export function lookUpCertificate(db: Db, input: string): CertificateLookup {
  const parsed = parseCertificateNumber(input);
  if (!parsed) return { ok: false, reason: "invalid" };
  const row = db
    .select({
      name: schema.users.displayName,
      email: schema.users.email,
      seriesTitle: schema.series.title,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      status: schema.registrations.status,
    })
    .from(schema.registrations)
    .innerJoin(schema.users, eq(schema.users.id, schema.registrations.userId))
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.registrations.sessionId))
    .innerJoin(schema.series, eq(schema.series.id, schema.sessions.seriesId))
    .where(eq(schema.registrations.id, parsed.registrationId))
    .get();
  // The year is part of the number: a number with the wrong year names no certificate.
  if (!row || row.startsAt.getUTCFullYear() !== parsed.year) return { ok: false, reason: "not_found" };
  return {
    ok: true,
    number: certificateNumber(parsed.registrationId, row.startsAt),
    name: row.name || row.email || "ohne Namen",
    email: row.email,
    seriesTitle: row.seriesTitle,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    attended: row.status === "attended",
  };
}
