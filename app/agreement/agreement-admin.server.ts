// Organisers' use cases for the agreement: import a version (with a preview), set its date
// in force, edit a section, and the takeover of a scheduled version on its date.
// Each checks the permission first and changes state in one BEGIN IMMEDIATE transaction
// with its audit entry (decision 010).
import { and, asc, eq, inArray, lte, ne } from "drizzle-orm";
import { changedFields, writeAudit } from "~/lib/audit.server";
import { formatDate } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { reindexAgreementVersion } from "~/search/index.server";
import type { Actor } from "~/sessions/planning.server";
import type { AgreementImportInput, AgreementSectionInput } from "./agreement.schema";
import { findVersionInForce } from "./agreement.server";
import { headingText, parseAgreementMarkdown, parseSectionText, sectionToMarkdown, type AgreementParseError } from "./markdown";
import { insertAgreementVersion, insertParagraphs } from "./store.server";

const { agreementVersions, agreementSections, agreementParagraphs } = schema;

type Refusal<R extends string> = { ok: false; reason: R };
const forbidden = { ok: false, reason: "forbidden" } as const;
const isAdmin = (actor: Actor) => actor.roles.includes("admin");

/** Why a date in force cannot be used; the message goes next to the date field. */
export type DateRefusal = { ok: false; reason: "date_refused"; message: string };

/**
 * A new date must lie after the date of the version in force (an older date would let a
 * newer text be replaced by an older one), and two versions cannot take over on one day.
 */
function checkInForceDate(tx: DbOrTx, inForceFrom: Date, now: Date, exceptId?: number): DateRefusal | null {
  const current = findVersionInForce(tx, now);
  if (current && current.id !== exceptId && current.inForceFrom && inForceFrom.getTime() <= current.inForceFrom.getTime()) {
    return {
      ok: false,
      reason: "date_refused",
      message: `Das Datum muss nach dem Inkrafttreten der geltenden Fassung „${current.title}“ (${formatDate(current.inForceFrom)}) liegen.`,
    };
  }
  const sameDay = tx
    .select({ id: agreementVersions.id, title: agreementVersions.title })
    .from(agreementVersions)
    .where(and(eq(agreementVersions.status, "scheduled"), eq(agreementVersions.inForceFrom, inForceFrom)))
    .all()
    .find((row) => row.id !== exceptId);
  if (sameDay) {
    return { ok: false, reason: "date_refused", message: `An diesem Tag tritt schon die Fassung „${sameDay.title}“ in Kraft.` };
  }
  return null;
}

/** What saving will do, in words for the preview. */
function describeEffect(tx: DbOrTx, inForceFrom: Date | null, now: Date): string {
  if (!inForceFrom) return "Die Fassung wird als Entwurf gespeichert. Das Datum des Inkrafttretens können Sie später festlegen.";
  const current = findVersionInForce(tx, now);
  if (inForceFrom.getTime() <= now.getTime()) {
    return current
      ? `Die Fassung tritt sofort in Kraft (gültig ab ${formatDate(inForceFrom)}) und löst „${current.title}“ ab.`
      : `Die Fassung tritt sofort in Kraft (gültig ab ${formatDate(inForceFrom)}).`;
  }
  return current
    ? `Die Fassung tritt am ${formatDate(inForceFrom)} in Kraft und löst dann „${current.title}“ ab. Bis dahin gilt die bisherige Fassung.`
    : `Die Fassung tritt am ${formatDate(inForceFrom)} in Kraft.`;
}

export type ImportPreview = {
  ok: true;
  title: string;
  effect: string;
  sections: { anchor: string; heading: string; paragraphAnchors: string[] }[];
};
type ImportRefusal =
  | { ok: false; reason: "invalid_markdown"; errors: AgreementParseError[] }
  | { ok: false; reason: "missing_title" }
  | DateRefusal;

function checkImport(tx: DbOrTx, input: AgreementImportInput, now: Date) {
  const parsed = parseAgreementMarkdown(input.markdown);
  if (!parsed.ok) return { ok: false, reason: "invalid_markdown", errors: parsed.errors } as const;
  const title = input.title || parsed.document.title || "";
  if (!title) return { ok: false, reason: "missing_title" } as const;
  const dateRefusal = input.inForceDate ? checkInForceDate(tx, input.inForceDate, now) : null;
  if (dateRefusal) return dateRefusal;
  return { ok: true, title, document: parsed.document } as const;
}

/** Checks a file and says what saving it would do; changes nothing. */
export function previewAgreementImport(
  db: Db,
  actor: Actor,
  input: AgreementImportInput,
  now: Date,
): ImportPreview | ImportRefusal | Refusal<"forbidden"> {
  if (!isAdmin(actor)) return forbidden;
  const check = checkImport(db, input, now);
  if (!check.ok) return check;
  return {
    ok: true,
    title: check.title,
    effect: describeEffect(db, input.inForceDate, now),
    sections: check.document.sections.map((section) => ({
      anchor: section.anchor,
      heading: headingText(section),
      paragraphAnchors: section.paragraphs.map((p) => p.anchor),
    })),
  };
}

/** Saves a whole version: a draft, or scheduled for its date (in force at once if that has come). */
export function importAgreementVersion(
  db: Db,
  actor: Actor,
  input: AgreementImportInput,
  now: Date,
): { ok: true; versionId: number } | ImportRefusal | Refusal<"forbidden"> {
  if (!isAdmin(actor)) return forbidden;
  return db.transaction(
    (tx) => {
      const check = checkImport(tx, input, now);
      if (!check.ok) return check;
      const versionId = insertAgreementVersion(tx, check.document, {
        title: check.title,
        status: input.inForceDate ? "scheduled" : "draft",
        inForceFrom: input.inForceDate,
        now,
      });
      writeAudit(tx, {
        actorId: actor.id,
        action: "agreement_version_imported",
        subjectType: "agreement_version",
        subjectId: versionId,
        details: { title: check.title, sections: check.document.sections.length, inForceFrom: input.inForceDate?.toISOString() ?? null },
        at: now,
      });
      // A version that takes over at once enters the search index there, in this transaction.
      takeOverDue(tx, now, actor.id);
      return { ok: true, versionId } as const;
    },
    { behavior: "immediate" },
  );
}

/** Sets (or moves) the date a draft or scheduled version takes over. */
export function scheduleAgreementVersion(
  db: Db,
  actor: Actor,
  versionId: number,
  inForceFrom: Date,
  now: Date,
): { ok: true } | DateRefusal | Refusal<"forbidden" | "not_found" | "not_schedulable"> {
  if (!isAdmin(actor)) return forbidden;
  return db.transaction(
    (tx) => {
      const version = tx.select().from(agreementVersions).where(eq(agreementVersions.id, versionId)).get();
      if (!version) return { ok: false, reason: "not_found" } as const;
      // A due scheduled version is in force already (read time), even if not yet recorded.
      const due = version.inForceFrom !== null && version.inForceFrom.getTime() <= now.getTime();
      if (version.status === "in_force" || version.status === "superseded" || (version.status === "scheduled" && due)) {
        return { ok: false, reason: "not_schedulable" } as const;
      }
      const refusal = checkInForceDate(tx, inForceFrom, now, versionId);
      if (refusal) return refusal;
      tx.update(agreementVersions)
        .set({ status: "scheduled", inForceFrom, updatedAt: now })
        .where(eq(agreementVersions.id, versionId))
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "agreement_version_scheduled",
        subjectType: "agreement_version",
        subjectId: versionId,
        details: { inForceFrom: { old: version.inForceFrom?.toISOString() ?? null, new: inForceFrom.toISOString() } },
        at: now,
      });
      takeOverDue(tx, now, actor.id);
      return { ok: true } as const;
    },
    { behavior: "immediate" },
  );
}

/**
 * Records that scheduled versions whose date has come are in force: the latest of them
 * takes over, the version in force before it (and any due one it overtook) is superseded,
 * all in the caller's transaction.
 */
function takeOverDue(tx: DbOrTx, now: Date, actorId: number | null): number {
  const due = tx
    .select()
    .from(agreementVersions)
    .where(and(eq(agreementVersions.status, "scheduled"), lte(agreementVersions.inForceFrom, now)))
    .orderBy(asc(agreementVersions.inForceFrom), asc(agreementVersions.id))
    .all();
  const winner = due.at(-1);
  if (!winner) return 0;
  const current = tx.select().from(agreementVersions).where(eq(agreementVersions.status, "in_force")).get();
  const chain = [...(current ? [current] : []), ...due];
  // Superseded first: the unique index admits one version in force at any moment.
  for (let i = 0; i < chain.length - 1; i++) {
    tx.update(agreementVersions)
      .set({ status: "superseded", supersededAt: chain[i + 1]!.inForceFrom, updatedAt: now })
      .where(eq(agreementVersions.id, chain[i]!.id))
      .run();
  }
  tx.update(agreementVersions).set({ status: "in_force", updatedAt: now }).where(eq(agreementVersions.id, winner.id)).run();
  // The search index now holds the new version's sections, and no longer the old ones.
  reindexAgreementVersion(tx, winner.id);
  writeAudit(tx, {
    actorId,
    action: "agreement_version_in_force",
    subjectType: "agreement_version",
    subjectId: winner.id,
    details: { inForceFrom: winner.inForceFrom?.toISOString(), superseded: chain.slice(0, -1).map((v) => v.id) },
    at: now,
  });
  return 1;
}

/** For the job: a scheduled version whose date has come takes over (one transaction). */
export function takeOverDueAgreementVersions(db: Db, now: Date): number {
  return db.transaction((tx) => takeOverDue(tx, now, null), { behavior: "immediate" });
}

/** Edits one section: number, title, anchor and text (its paragraphs are re-read from the text). */
export function updateAgreementSection(
  db: Db,
  actor: Actor,
  versionId: number,
  sectionId: number,
  input: AgreementSectionInput,
  now: Date,
):
  | { ok: true }
  | Refusal<"forbidden" | "not_found" | "superseded">
  | { ok: false; reason: "invalid_text"; errors: AgreementParseError[] }
  | { ok: false; reason: "duplicate_anchor"; anchor: string; heading: string } {
  if (!isAdmin(actor)) return forbidden;
  const number = input.number || null;
  const label = headingText({ number, title: input.title });
  const parsed = parseSectionText(input.text, input.anchor, label);
  return db.transaction(
    (tx) => {
      const row = tx
        .select({ section: agreementSections, versionStatus: agreementVersions.status })
        .from(agreementSections)
        .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSections.versionId))
        .where(and(eq(agreementSections.id, sectionId), eq(agreementSections.versionId, versionId)))
        .get();
      if (!row) return { ok: false, reason: "not_found" } as const;
      if (row.versionStatus === "superseded") return { ok: false, reason: "superseded" } as const;
      if (!parsed.ok) return { ok: false, reason: "invalid_text", errors: parsed.errors } as const;

      const clash = findAnchorClash(tx, versionId, sectionId, [input.anchor, ...parsed.paragraphs.map((p) => p.anchor)]);
      if (clash) return { ok: false, reason: "duplicate_anchor", ...clash } as const;

      const before = row.section;
      const oldParagraphs = tx
        .select({ number: agreementParagraphs.number, body: agreementParagraphs.body })
        .from(agreementParagraphs)
        .where(eq(agreementParagraphs.sectionId, sectionId))
        .orderBy(asc(agreementParagraphs.position))
        .all();
      tx.update(agreementSections)
        .set({ number, title: input.title, anchor: input.anchor, body: parsed.body, updatedAt: now })
        .where(eq(agreementSections.id, sectionId))
        .run();
      tx.delete(agreementParagraphs).where(eq(agreementParagraphs.sectionId, sectionId)).run();
      insertParagraphs(tx, sectionId, parsed.paragraphs);
      reindexAgreementVersion(tx, versionId);
      writeAudit(tx, {
        actorId: actor.id,
        action: "agreement_section_updated",
        subjectType: "agreement_section",
        subjectId: sectionId,
        details: changedFields(
          {
            number: before.number,
            title: before.title,
            anchor: before.anchor,
            text: sectionToMarkdown({ body: before.body, paragraphs: oldParagraphs }),
          },
          { number, title: input.title, anchor: input.anchor, text: sectionToMarkdown(parsed) },
        ),
        at: now,
      });
      return { ok: true } as const;
    },
    { behavior: "immediate" },
  );
}

/** Another section of the version (or one of its paragraphs) that already has one of these anchors. */
function findAnchorClash(tx: DbOrTx, versionId: number, sectionId: number, anchors: string[]) {
  const others = tx
    .select({
      id: agreementSections.id,
      number: agreementSections.number,
      title: agreementSections.title,
      anchor: agreementSections.anchor,
    })
    .from(agreementSections)
    .where(and(eq(agreementSections.versionId, versionId), ne(agreementSections.id, sectionId)))
    .all();
  const otherIds = others.map((s) => s.id);
  const paragraphAnchors =
    otherIds.length === 0
      ? []
      : tx
          .select({ sectionId: agreementParagraphs.sectionId, anchor: agreementParagraphs.anchor })
          .from(agreementParagraphs)
          .where(inArray(agreementParagraphs.sectionId, otherIds))
          .all();
  const taken = new Map<string, string>();
  for (const s of others) taken.set(s.anchor, headingText(s));
  for (const p of paragraphAnchors) {
    const owner = others.find((s) => s.id === p.sectionId);
    if (owner) taken.set(p.anchor, headingText(owner));
  }
  const anchor = anchors.find((a) => taken.has(a));
  return anchor ? { anchor, heading: taken.get(anchor)! } : null;
}
