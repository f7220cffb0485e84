// Search (decision 014) on a real SQLite file: German spellings, prefixes, hostile input, and
// the index kept in step with every change it holds, in the same transaction.
import { fc } from "@fast-check/vitest";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "~db/client";
import { agreementSections, questions, summaries, summaryItems, summaryRevisions } from "~db/schema";
import { seedDemoContent } from "~db/seed";
import { importAgreementVersion, takeOverDueAgreementVersions, updateAgreementSection } from "~/agreement/agreement-admin.server";
import { acceptQuestions, answerQuestion, assignSection, editWording, mergeQuestion, rejectQuestions } from "~/questions/review.server";
import { editQuestion, submitQuestion, withdrawQuestion } from "~/questions/submission.server";
import { markedParts } from "~/search/excerpt";
import { fillSearchIndexIfEmpty, rebuildSearchIndex, reindexSummary } from "~/search/index.server";
import { findSimilar, searchSite, type SearchResults } from "~/search/search.server";
import { saveDraft, startSummary, startUpdate } from "~/summaries/compose.server";
import { publishSummary, withdrawSummary } from "~/summaries/publish.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const KEY = "test-question-key-that-is-long-enough-0123456";
const NOW = new Date("2027-03-01T10:30:00Z");
const clock = { now: NOW, appUrl: "http://ki.test" };

const AGREEMENT = `# Test-Dienstvereinbarung

## § 6 Datenschutz

(1) Bürgerdaten gehören nicht in Werkzeuge, die nicht **freigegeben** sind.

(2) Die Straße und die Hausnummer sind personenbezogen.

## § 7 Urheberrecht

(1) Laden Sie nur Material hoch, das Sie nutzen dürfen.
`;

function setUp(db: Db, markdown = AGREEMENT) {
  const admin = createUser(db, { roles: ["participant", "admin", "facilitator"] });
  const actor = { id: admin.id, roles: ["participant", "admin", "facilitator"] };
  const imported = importAgreementVersion(db, actor, { markdown, title: "", inForceDate: new Date("2027-01-01T00:00:00Z") }, NOW);
  if (!imported.ok) throw new Error(`import refused: ${imported.reason}`);
  return { admin, actor, versionId: imported.versionId };
}

function sectionId(db: Db, versionId: number, anchor: string): number {
  return db
    .select({ id: agreementSections.id })
    .from(agreementSections)
    .where(and(eq(agreementSections.versionId, versionId), eq(agreementSections.anchor, anchor)))
    .get()!.id;
}

const hrefs = (results: SearchResults) => results.groups.flatMap((g) => g.hits.map((h) => h.href));
const find = (db: Db, query: string, signedIn = true) => hrefs(searchSite(db, { query, signedIn }));

function ask(db: Db, authorId: number, text: string): number {
  const result = submitQuestion(
    db,
    { id: authorId },
    { key: KEY, now: NOW },
    { target: { kind: "general" }, sectionId: null, text, anonymous: true },
  );
  if (!result.ok) throw new Error(result.reason);
  return result.questionId;
}

describe("German spellings", () => {
  const { db } = createTestDb();
  setUp(db);

  it("finds a text that spells only 'Bürgerdaten' by 'Buergerdaten', 'bürger', capitals, NFD and a US keyboard", () => {
    for (const query of ["Buergerdaten", "bürger", "BÜRGERDATEN", "Bu\u0308rgerdaten", "Burgerdaten", "buerg"]) {
      expect(find(db, query), query).toEqual(["/agreement#s6"]);
    }
    expect(find(db, "Strasse")).toEqual(["/agreement#s6"]);
    expect(find(db, "Straße")).toEqual(["/agreement#s6"]);
  });

  it("indexes the rendered text, not the Markdown source, and marks the original words", () => {
    expect(find(db, "**freigegeben")).toEqual(["/agreement#s6"]);
    const hit = searchSite(db, { query: "buergerdaten", signedIn: false }).groups[0]!.hits[0]!;
    expect(markedParts(hit.excerpt)).toEqual(["Bürgerdaten"]);
    expect(hit.excerpt.join("")).not.toContain("**");
    expect(hit.title.join("")).toBe("§ 6 Datenschutz");
  });

  it("needs every term, each as a prefix", () => {
    expect(find(db, "daten stra")).toEqual(["/agreement#s6"]);
    expect(find(db, "daten urheber")).toEqual([]);
  });
});

describe("hostile input", () => {
  const { db } = createTestDb();
  setUp(db);

  it("takes FTS syntax as plain text and never throws", () => {
    for (const query of [
      '"',
      '""',
      "*",
      "NEAR",
      "NEAR(a b)",
      "-",
      "a OR",
      "OR",
      "AND NOT",
      "(",
      ")",
      "\u0000",
      "^",
      ":",
      "{title}: x",
      "\u0308",
      "x".repeat(100_000),
    ]) {
      expect(() => searchSite(db, { query, signedIn: true }), JSON.stringify(query.slice(0, 20))).not.toThrow();
      expect(() => findSimilar(db, { text: query, signedIn: true })).not.toThrow();
    }
    expect(find(db, '"Bürgerdaten" OR Urheberrecht')).toEqual([]);
    expect(find(db, "Bürgerdaten)")).toEqual(["/agreement#s6"]);
  });

  it("any string as a query never throws (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string({ unit: "grapheme" }),
          fc
            .array(fc.constantFrom('"', "*", "NEAR", "-", "OR", "AND", "NOT", "(", ")", "\u0000", ":", "^", "{", "}", "bürger", " "), {
              maxLength: 12,
            })
            .map((parts) => parts.join("")),
        ),
        (query) => {
          searchSite(db, { query, signedIn: true });
          findSimilar(db, { text: query, signedIn: false });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the agreement in the index", () => {
  const { db } = createTestDb();

  it("follows a section edit and a new version in force, not a draft or a version still to come", () => {
    const { actor, versionId } = setUp(db);
    const s7 = sectionId(db, versionId, "s7");
    const edited = updateAgreementSection(
      db,
      actor,
      versionId,
      s7,
      { number: "§ 7", title: "Urheberrecht", anchor: "s7", text: "(1) Lizenzbedingungen der Verlage gelten weiter." },
      NOW,
    );
    expect(edited.ok).toBe(true);
    expect(find(db, "Lizenzbedingungen")).toEqual(["/agreement#s7"]);
    expect(find(db, "Material")).toEqual([]);

    const draft = importAgreementVersion(
      db,
      actor,
      { markdown: "## § 1 Geltung\n\nZukunftsmusik im Entwurf.", title: "Entwurf", inForceDate: null },
      NOW,
    );
    expect(draft.ok).toBe(true);
    const later = importAgreementVersion(
      db,
      actor,
      {
        markdown: "## § 1 Geltung\n\nDie neue Fassung gilt für Auszubildende.",
        title: "Neu",
        inForceDate: new Date("2027-04-01T00:00:00Z"),
      },
      NOW,
    );
    expect(later.ok).toBe(true);
    expect(find(db, "Zukunftsmusik")).toEqual([]);
    expect(find(db, "Auszubildende")).toEqual([]);

    takeOverDueAgreementVersions(db, new Date("2027-04-01T00:01:00Z"));
    expect(find(db, "Auszubildende")).toEqual(["/agreement#s1"]);
    expect(find(db, "Lizenzbedingungen")).toEqual([]);
    expect(find(db, "Bürgerdaten")).toEqual([]);
  });
});

describe("questions in the index", () => {
  it("holds a question from accept to reject, with each wording, answer and section, for signed-in people only", () => {
    const { db } = createTestDb();
    const { actor, versionId } = setUp(db);
    const author = createUser(db);
    const id = ask(db, author.id, "Darf ich Sitzungsprotokolle per Spracherkennung erstellen?");
    expect(find(db, "Sitzungsprotokolle")).toEqual([]);
    expect(
      editQuestion(
        db,
        author,
        { key: KEY, now: NOW },
        { questionId: id, text: "Darf ich Sitzungsprotokolle per Diktiersoftware erstellen?", sectionId: null },
      ).ok,
    ).toBe(true);
    expect(find(db, "Diktiersoftware")).toEqual([]);

    expect(acceptQuestions(db, actor, [id], clock).ok).toBe(true);
    expect(find(db, "Diktiersoftware")).toEqual([`/questions?frage=${id}#frage-${id}`]);
    expect(find(db, "Diktiersoftware", false)).toEqual([]);

    expect(editWording(db, actor, id, "Darf ich Ratsprotokolle per Diktiersoftware erstellen?", clock).ok).toBe(true);
    expect(find(db, "Ratsprotokolle")).toEqual([`/questions?frage=${id}#frage-${id}`]);
    expect(find(db, "Sitzungsprotokolle")).toEqual([]);

    expect(
      answerQuestion(db, actor, id, { how: "written", answer: "Ja, mit einem **freigegebenen** Transkriptionsdienst." }, clock).ok,
    ).toBe(true);
    expect(find(db, "Transkriptionsdienst")).toEqual([`/questions?frage=${id}#frage-${id}`]);

    expect(assignSection(db, actor, [id], sectionId(db, versionId, "s6"), clock).ok).toBe(true);
    const grouped = searchSite(db, { query: "Ratsprotokolle", signedIn: true });
    expect(grouped.groups.map((g) => [g.heading, g.href])).toEqual([["§ 6 Datenschutz", "/agreement#s6"]]);
    expect(hrefs(grouped)).toEqual([`/questions?section=s6&frage=${id}#frage-${id}`]);

    const other = ask(db, author.id, "Gilt die Vereinbarung für Ehrenamtliche im Stadtarchiv?");
    acceptQuestions(db, actor, [other], clock);
    expect(find(db, "Ehrenamtliche")).toEqual([`/questions?frage=${other}#frage-${other}`]);
    expect(rejectQuestions(db, actor, [other], "Betrifft nicht die Dienstvereinbarung.", clock).ok).toBe(true);
    expect(find(db, "Ehrenamtliche")).toEqual([]);
  });

  it("groups a question filed under an earlier version by the heading now in force under its anchor", () => {
    const { db } = createTestDb();
    const { actor, versionId } = setUp(db);
    const author = createUser(db);
    const filedUnderS6 = ask(db, author.id, "Darf ich Meldedaten mit Sprachmodellen abgleichen?");
    const filedUnderS7 = ask(db, author.id, "Darf ich Meldedaten als Bild hochladen?");
    acceptQuestions(db, actor, [filedUnderS6, filedUnderS7], clock);
    assignSection(db, actor, [filedUnderS6], sectionId(db, versionId, "s6"), clock);
    assignSection(db, actor, [filedUnderS7], sectionId(db, versionId, "s7"), clock);
    // The new version keeps § 6 under another title and has no § 7 any more.
    const next = importAgreementVersion(
      db,
      actor,
      {
        markdown: "## § 6 Schutz personenbezogener Daten\n\n(1) Neu gefasst.",
        title: "Neu",
        inForceDate: new Date("2027-04-01T00:00:00Z"),
      },
      NOW,
    );
    expect(next.ok).toBe(true);
    takeOverDueAgreementVersions(db, new Date("2027-04-01T00:01:00Z"));
    const grouped = searchSite(db, { query: "Meldedaten", signedIn: true });
    expect(grouped.groups.map((g) => [g.heading, g.href]).sort()).toEqual([
      ["§ 6 Schutz personenbezogener Daten", "/agreement#s6"],
      ["§ 7 Urheberrecht", null],
    ]);
  });

  it("drops a merged question and never holds a withdrawn one", () => {
    const { db } = createTestDb();
    const facilitator = createUser(db, { roles: ["participant", "admin"] });
    const actor = { id: facilitator.id, roles: ["participant", "admin"] };
    const author = createUser(db);
    const source = ask(db, author.id, "Wer sieht meine Chatverläufe im Werkzeug?");
    const target = ask(db, author.id, "Wie lange werden Chatverläufe gespeichert?");
    acceptQuestions(db, actor, [source, target], clock);
    expect(find(db, "Chatverläufe").sort()).toEqual(
      [`/questions?frage=${source}#frage-${source}`, `/questions?frage=${target}#frage-${target}`].sort(),
    );
    expect(mergeQuestion(db, actor, { sourceId: source, targetId: target }, KEY, clock).ok).toBe(true);
    expect(find(db, "Chatverläufe")).toEqual([`/questions?frage=${target}#frage-${target}`]);

    const withdrawn = ask(db, author.id, "Gilt das für Praktikumsstellen?");
    expect(withdrawQuestion(db, author, { key: KEY, now: NOW }, { questionId: withdrawn }).ok).toBe(true);
    expect(find(db, "Praktikumsstellen")).toEqual([]);
  });
});

describe("published summaries in the index", () => {
  const { db } = createTestDb();

  function publish(
    summaryId: number,
    number: number,
    items: { questionId: number; questionText: string; answer: string; sectionId?: number }[],
  ) {
    return db.transaction((tx) => {
      const revision = tx
        .insert(summaryRevisions)
        .values({ summaryId, number, status: "published", publishedAt: NOW, updatedAt: NOW })
        .returning()
        .get();
      for (const [position, item] of items.entries()) {
        tx.insert(summaryItems)
          .values({ revisionId: revision.id, position, sectionId: item.sectionId ?? null, ...item })
          .run();
      }
      tx.update(summaries).set({ publishedRevisionId: revision.id, firstPublishedAt: NOW }).where(eq(summaries.id, summaryId)).run();
      reindexSummary(tx, summaryId);
    });
  }

  it("holds the published revision's items (public), replaces them on an update and drops them on withdrawal", () => {
    const { versionId } = setUp(db);
    const author = createUser(db);
    const questionId = ask(db, author.id, "Darf ich Bürgerdaten in einen Chatbot eingeben?");
    const summary = db
      .insert(summaries)
      .values({ seriesId: createSeries(db).id })
      .returning()
      .get();
    publish(summary.id, 1, [
      {
        questionId,
        questionText: "Darf ich Bürgerdaten in einen Chatbot eingeben?",
        answer: "Nur in **freigegebene** Anwendungen (Pseudonymisierung zuerst).",
        sectionId: sectionId(db, versionId, "s6"),
      },
    ]);
    const link = `/qa/summaries/${summary.id}#frage-${questionId}`;
    expect(find(db, "Pseudonymisierung", false)).toEqual([link]);
    expect(find(db, "Chatbot", false)).toEqual([link]);

    publish(summary.id, 2, [{ questionId, questionText: "Darf ich Bürgerdaten in einen Chatbot eingeben?", answer: "Nur anonymisiert." }]);
    expect(find(db, "Pseudonymisierung")).toEqual([]);
    expect(find(db, "anonymisiert")).toEqual([link]);

    db.transaction((tx) => {
      tx.update(summaries).set({ withdrawnAt: NOW }).where(eq(summaries.id, summary.id)).run();
      reindexSummary(tx, summary.id);
    });
    expect(find(db, "anonymisiert")).toEqual([]);
  });
});

describe("summaries published through their use cases", () => {
  const { db } = createTestDb();

  it("publish, update and withdraw keep the index in step", () => {
    const facilitator = createUser(db, { roles: ["participant", "facilitator"] });
    const actor = { id: facilitator.id, roles: ["participant", "facilitator"] };
    const session = createSession(db, { startsAt: new Date(NOW.getTime() - 7 * 24 * 3600_000), facilitatorIds: [facilitator.id] });
    const author = createUser(db);
    const question = db
      .insert(questions)
      .values({
        sessionId: session.id,
        text: "Darf ich Ratsvorlagen zusammenfassen lassen?",
        anonymous: false,
        authorId: author.id,
        status: "answered",
        answer: "Ja.",
        answeredHow: "written",
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning()
      .get();
    const started = startSummary(db, actor, { sessionId: session.id }, NOW);
    if (!started.ok) throw new Error(started.reason);
    const save = (answer: string) => {
      const revisionId = db
        .select()
        .from(summaryRevisions)
        .where(eq(summaryRevisions.summaryId, started.id))
        .all()
        .find((r) => ["draft", "in_review", "approved"].includes(r.status))!.id;
      const item = {
        questionId: question.id,
        sectionId: null,
        position: 1,
        questionText: "Darf ich Ratsvorlagen zusammenfassen lassen?",
        answer,
      };
      expect(saveDraft(db, actor, started.id, { revisionId, intro: "", notifyParticipants: false, items: [item] }, NOW)).toMatchObject({
        ok: true,
      });
    };
    save("Nur nichtöffentliche Vorlagen bleiben draußen.");
    expect(find(db, "Ratsvorlagen", false)).toEqual([]);
    expect(publishSummary(db, actor, started.id, clock)).toMatchObject({ ok: true });
    const link = `/qa/summaries/${started.id}#frage-${question.id}`;
    expect(find(db, "nichtoeffentliche", false)).toEqual([link]);

    expect(startUpdate(db, actor, started.id, NOW)).toMatchObject({ ok: true });
    save("Öffentliche Vorlagen ja, nichts Vertrauliches.");
    expect(find(db, "nichtöffentliche", false)).toEqual([link]);
    expect(publishSummary(db, actor, started.id, clock)).toMatchObject({ ok: true });
    expect(find(db, "nichtöffentliche", false)).toEqual([]);
    expect(find(db, "Vertrauliches", false)).toEqual([link]);

    expect(withdrawSummary(db, actor, started.id, NOW)).toEqual({ ok: true });
    expect(find(db, "Vertrauliches", false)).toEqual([]);
  });
});

describe("rebuild, seed and ranking", () => {
  it("a fresh seeded database ends with a filled index, and a rebuild gives the same results", () => {
    const { db } = createTestDb();
    seedDemoContent(db, { now: NOW });
    const before = searchSite(db, { query: "versehentlich eingegeben", signedIn: true });
    expect(hrefs(before)).toContain("/agreement#s6");
    expect(before.groups.some((g) => g.hits.some((h) => h.kind === "question"))).toBe(true);

    db.run(sql`delete from search_index`);
    expect(searchSite(db, { query: "versehentlich eingegeben", signedIn: true }).total).toBe(0);
    const counts = rebuildSearchIndex(db);
    expect(counts.sections).toBeGreaterThan(10);
    expect(counts.questions).toBeGreaterThan(5);
    expect(searchSite(db, { query: "versehentlich eingegeben", signedIn: true })).toEqual(before);

    // An installation that had its content before the index existed gets it filled at start, once.
    db.run(sql`delete from search_index`);
    expect(fillSearchIndexIfEmpty(db)).toBe(true);
    expect(searchSite(db, { query: "versehentlich eingegeben", signedIn: true })).toEqual(before);
    expect(fillSearchIndexIfEmpty(db)).toBe(false);
  });

  it("ranks a title match before a body-only match, and groups in the order of the best result", () => {
    const { db } = createTestDb();
    seedDemoContent(db, { now: NOW });
    const results = searchSite(db, { query: "Datenschutz", signedIn: false });
    expect(results.groups[0]!.hits[0]!.href).toBe("/agreement#s6");
  });

  it("suggests up to five similar answered or accepted questions, not on one common word", () => {
    const { db } = createTestDb();
    seedDemoContent(db, { now: NOW });
    const similar = findSimilar(db, { text: "Darf ich meinen privaten Chatbot-Zugang dienstlich nutzen?", signedIn: true });
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.length).toBeLessThanOrEqual(5);
    expect(similar.every((s) => s.kind !== "section")).toBe(true);
    expect(similar[0]!.title.join("")).toBe("Darf ich einen Chatbot mit meinem privaten Konto dienstlich nutzen?");
    expect(markedParts(similar[0]!.title)).toEqual(["Chatbot", "privaten", "dienstlich", "nutzen"]);
    expect(findSimilar(db, { text: "Darf ich das?", signedIn: true })).toEqual([]);
    expect(findSimilar(db, { text: "Bürgerdaten", signedIn: false }).every((s) => s.kind === "qa")).toBe(true);
  });
});
