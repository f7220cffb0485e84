import Database from "better-sqlite3";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, launchBrowser, newContextWithoutJavaScript, watchPageProblems } from "../support/browser";
import { TEST_SECRET, createPublishedSession, createSignedInPeople, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

// The done-when of the questions issue, walked as a facilitator would: 50 submitted questions of
// one session, ten of them duplicates. By keyboard alone, the facilitator merges each duplicate
// into its original and answers every original, tying it to a section in the same step.

const TOPICS: { section: string; texts: string[] }[] = [
  {
    section: "§ 6",
    texts: [
      "Darf ich Bürgerdaten in einen Chatbot eingeben?",
      "Darf ich Namen aus Anträgen in ein KI-Werkzeug kopieren, um einen Bescheid zu formulieren?",
      "Was gilt für Gesundheitsdaten in Beihilfeanträgen, wenn ich sie zusammenfassen lassen will?",
      "Muss ich Daten vorher pseudonymisieren, bevor ich sie einem freigegebenen System gebe?",
      "Wer prüft, ob ein KI-System personenbezogene Daten außerhalb der EU verarbeitet?",
    ],
  },
  {
    section: "§ 7",
    texts: [
      "Wird meine Nutzung des KI-Assistenten protokolliert, und wer darf das Protokoll lesen?",
      "Darf meine Vorgesetzte auswerten, wie oft ich die KI benutze?",
      "Werden meine Eingaben zur Leistungskontrolle verwendet?",
      "Wie lange werden die Protokolle der KI-Nutzung aufbewahrt?",
      "Kann der Personalrat die Auswertung der Protokolle einsehen?",
    ],
  },
  {
    section: "§ 8",
    texts: [
      "Bekomme ich eine Schulung, bevor ich KI im Dienst nutzen muss?",
      "Zählt die Schulung zur KI als Arbeitszeit?",
      "Gibt es die Schulung auch in einfacher Sprache oder mit Gebärdensprachdolmetschung?",
      "Muss ich die Schulung wiederholen, wenn sich das System ändert?",
      "Wer bezahlt externe Fortbildungen zum Thema KI?",
    ],
  },
  {
    section: "§ 4",
    texts: [
      "Welche KI-Systeme sind in der Stadtverwaltung schon freigegeben?",
      "Darf ich ein KI-Werkzeug privat auf dem Diensthandy installieren?",
      "Wie beantrage ich die Freigabe eines neuen KI-Werkzeugs für mein Amt?",
      "Gilt die Vereinbarung auch für die Übersetzungsfunktion im Browser?",
      "Ist die Rechtschreibprüfung mit KI ein KI-System im Sinne der Vereinbarung?",
    ],
  },
  {
    section: "§ 9",
    texts: [
      "Wer haftet, wenn ich eine falsche KI-Auskunft an eine Bürgerin weitergebe?",
      "Muss ich kennzeichnen, dass ein Schreiben mit KI-Hilfe entstanden ist?",
      "Darf eine KI einen Bescheid allein entscheiden?",
      "Was mache ich, wenn die KI ein diskriminierendes Ergebnis liefert?",
      "Muss ich jede KI-Antwort selbst prüfen, auch bei Routinefragen?",
    ],
  },
  {
    section: "§ 10",
    texts: [
      "Fällt mein Arbeitsplatz weg, wenn die KI Aufgaben übernimmt?",
      "Werde ich umgesetzt, wenn meine Aufgaben automatisiert werden?",
      "Ändert sich meine Eingruppierung durch die Arbeit mit KI?",
      "Gibt es einen Kündigungsschutz im Zusammenhang mit KI-Einführung?",
      "Wer berät mich, wenn sich meine Tätigkeit durch KI stark verändert?",
    ],
  },
  {
    section: "§ 3",
    texts: [
      "Gilt die Vereinbarung auch für Auszubildende und Praktikantinnen und Praktikanten?",
      "Gilt die Vereinbarung für Beschäftigte der städtischen Eigenbetriebe?",
      "Gilt die Vereinbarung auch im Homeoffice?",
      "Gilt die Vereinbarung für Beamtinnen und Beamte genauso wie für Tarifbeschäftigte?",
      "Gilt die Vereinbarung auch für Honorarkräfte der Volkshochschule?",
    ],
  },
  {
    section: "§ 12",
    texts: [
      "An wen wende ich mich, wenn ich einen Verstoß gegen die Vereinbarung bemerke?",
      "Kann ich mich anonym beschweren, wenn KI falsch eingesetzt wird?",
      "Wie oft wird die Vereinbarung überprüft und angepasst?",
      "Wer entscheidet bei Streit über die Auslegung der Vereinbarung?",
      "Kann ich Vorschläge für die nächste Fassung der Vereinbarung machen?",
    ],
  },
];

/** Ten duplicates, each a rewording of one of the originals above (index into the flat list). */
const DUPLICATES: { of: number; text: string }[] = [
  { of: 0, text: "Dürfen personenbezogene Daten von Bürgerinnen und Bürgern in den Chatbot?" },
  { of: 5, text: "Wird gespeichert, was ich in die KI eingebe, und wer sieht das?" },
  { of: 10, text: "Gibt es eine Pflichtschulung für die KI-Nutzung?" },
  { of: 15, text: "Wo finde ich die Liste der erlaubten KI-Programme?" },
  { of: 20, text: "Wer ist verantwortlich, wenn die KI einen Fehler macht und ich ihn übernehme?" },
  { of: 25, text: "Kann mein Arbeitsplatz wegen KI abgebaut werden?" },
  { of: 30, text: "Betrifft die Vereinbarung auch Azubis?" },
  { of: 35, text: "Wo melde ich, wenn jemand die KI-Regeln nicht einhält?" },
  { of: 1, text: "Darf ich Antragsdaten mit Namen in die KI kopieren?" },
  { of: 11, text: "Ist die KI-Schulung Arbeitszeit oder Freizeit?" },
];

describeWithBrowser("a facilitator works through 50 submitted questions by keyboard", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, LOG_REQUESTS: "off" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  function withDb<T>(fn: (db: Database.Database) => T): T {
    const db = new Database(server.databasePath);
    db.pragma("busy_timeout = 5000");
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  async function setUp(prefix: string) {
    const people = await createSignedInPeople(server.databasePath, 6, prefix);
    const [facilitator, ...askers] = people as [SignedInPerson, ...SignedInPerson[]];
    withDb((db) => db.prepare("insert into user_roles (user_id, role) values (?, 'facilitator')").run(facilitator.userId));
    const sessionId = createPublishedSession(server.databasePath, {
      capacity: 60,
      title: `Fünfzig Fragen ${prefix}`,
      facilitatorEmail: facilitator.email,
    });
    const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
    const sectionIds = withDb((db) => {
      const rows = db
        .prepare(
          "select s.id, s.number from agreement_sections s join agreement_versions v on v.id = s.version_id where v.status = 'in_force'",
        )
        .all() as { id: number; number: string | null }[];
      return new Map(rows.map((r) => [r.number, r.id]));
    });
    let turn = 0;
    const ask = (text: string) => {
      // Every third question is anonymous, the others come from one of five named askers.
      const asker = turn % 3 === 2 ? null : askers[turn % askers.length]!;
      turn++;
      return withDb(
        (db) =>
          (
            db
              .prepare(
                "insert into questions (session_id, text, anonymous, author_id, author_key, author_salt, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'submitted', ?, ?) returning id",
              )
              .get(
                sessionId,
                text,
                asker ? 0 : 1,
                asker?.userId ?? null,
                asker ? null : `keyed-${prefix}-${turn}`,
                asker ? null : "salt",
                hour,
                hour,
              ) as { id: number }
          ).id,
      );
    };
    const originals = TOPICS.flatMap((topic) =>
      topic.texts.map((text) => ({ id: ask(text), section: topic.section, sectionId: sectionIds.get(topic.section)! })),
    );
    const duplicates = DUPLICATES.map((d) => ({ id: ask(d.text), target: originals[d.of]! }));
    // Colleagues' votes on the duplicates, which the merge carries over to the originals.
    withDb((db) => {
      const vote = db.prepare("insert into question_votes (question_id, user_id) values (?, ?)");
      for (const [i, d] of duplicates.entries()) vote.run(d.id, askers[i % askers.length]!.userId);
    });
    return { facilitator, askers, sessionId, originals, duplicates };
  }

  async function contextFor(person: SignedInPerson, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  /** Moves focus with Tab alone until it reaches the element; returns how many presses it took. */
  async function tabTo(page: Page, target: Locator, limit = 600): Promise<number> {
    await target.waitFor({ state: "attached" });
    for (let i = 0; i < limit; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return i;
      await page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${target.toString()}`);
  }

  async function expectFlash(page: Page, text: string) {
    await expect
      .poll(() => page.locator("main [role=status], main [role=alert]").first().textContent(), { timeout: 10_000 })
      .toContain(text);
  }

  /** Picks an option of a focused select with the arrow keys, as a keyboard user would. */
  async function chooseByArrows(page: Page, select: Locator, prefix: string) {
    const selected = () => select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? "");
    await page.keyboard.press("Home");
    for (let i = 0; i < 40 && !(await selected()).startsWith(`${prefix} `); i++) await page.keyboard.press("ArrowDown");
    expect(await selected()).toMatch(new RegExp(`^${prefix} `));
  }

  for (const javaScript of [true, false]) {
    it(`merges ten duplicates and answers forty questions, each tied to a section (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const world = await setUp(javaScript ? "walkjs" : "walknojs");
      const context = await contextFor(world.facilitator, javaScript);
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      let presses = 0;

      await page.goto(`${server.baseUrl}/facilitate?session=${world.sessionId}`);
      expect(await page.locator('[data-count="submitted"] [data-count-value]').textContent()).toBe("50");
      // 50 per page: every question is on this one page.
      expect(await page.locator("[data-question]").count()).toBe(50);

      // 1. Duplicates: open "Zusammenführen", type the original's number, Enter submits.
      for (const duplicate of world.duplicates) {
        presses += await tabTo(page, page.locator(`#q-${duplicate.id} summary`, { hasText: "Zusammenführen" }));
        await page.keyboard.press("Enter");
        presses += await tabTo(page, page.locator(`#merge-${duplicate.id}`));
        await page.keyboard.type(String(duplicate.target.id));
        await page.keyboard.press("Enter");
        await expectFlash(page, `Frage Nr. ${duplicate.id} mit Nr. ${duplicate.target.id} zusammengeführt.`);
        await expect.poll(() => page.locator(`#q-${duplicate.id}`).count()).toBe(0);
      }
      expect(await page.locator('[data-count="submitted"] [data-count-value]').textContent()).toBe("40");

      // 2. Every original from the top of the list down: "Beantworten", its section with the
      // arrow keys, the answer, save; focus then sits on the next question.
      // The facilitator starts this round at the top of the list (the count link, or a reload).
      await page.goto(`${server.baseUrl}/facilitate?session=${world.sessionId}`);
      const originalById = new Map(world.originals.map((q) => [q.id, q]));
      for (let left = world.originals.length; left > 0; left--) {
        const first = Number(await page.locator("[data-question]").first().getAttribute("data-question"));
        const question = originalById.get(first)!;
        presses += await tabTo(page, page.locator(`#q-${question.id} summary`, { hasText: "Beantworten" }));
        await page.keyboard.press("Enter");
        const select = page.locator(`#answer-section-${question.id}`);
        presses += await tabTo(page, select);
        await chooseByArrows(page, select, question.section);
        presses += await tabTo(page, page.locator(`#answer-${question.id}`));
        await page.keyboard.type(`Antwort zu Nr. ${question.id}: siehe ${question.section}.`);
        presses += await tabTo(page, page.getByRole("button", { name: `Antwort speichern (Nr. ${question.id})` }));
        await page.keyboard.press("Enter");
        await expectFlash(page, `Antwort zu Frage Nr. ${question.id} gespeichert.`);
        await expect.poll(() => page.locator(`#q-${question.id}`).count()).toBe(0);
      }

      // The queue is empty, its counts equal the database.
      const counts = withDb(
        (db) =>
          db.prepare("select status, count(*) as n from questions where session_id = ? group by status").all(world.sessionId) as {
            status: string;
            n: number;
          }[],
      );
      expect(Object.fromEntries(counts.map((c) => [c.status, c.n]))).toEqual({ answered: 40, merged: 10 });
      for (const status of ["submitted", "answered", "merged"]) {
        const shown = await page.locator(`[data-count="${status}"] [data-count-value]`).textContent();
        expect(Number(shown), status).toBe(counts.find((c) => c.status === status)?.n ?? 0);
      }

      // Each original answered under its own section, each duplicate pointing at its original.
      const rows = withDb(
        (db) =>
          db
            .prepare(
              "select id, status, section_id as sectionId, merged_into_id as mergedIntoId, answer from questions where session_id = ?",
            )
            .all(world.sessionId) as {
            id: number;
            status: string;
            sectionId: number | null;
            mergedIntoId: number | null;
            answer: string;
          }[],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const question of world.originals) {
        expect(byId.get(question.id)).toMatchObject({ status: "answered", sectionId: question.sectionId });
        expect(byId.get(question.id)?.answer).toBe(`Antwort zu Nr. ${question.id}: siehe ${question.section}.`);
      }
      for (const duplicate of world.duplicates) {
        expect(byId.get(duplicate.id)).toMatchObject({ status: "merged", mergedIntoId: duplicate.target.id });
      }
      // The votes went with the duplicates (each person once, never on their own question).
      const carried = withDb(
        (db) =>
          (
            db
              .prepare(
                `select count(*) as n from question_votes v join questions q on q.id = v.question_id
                 where q.session_id = ? and q.status = 'answered'`,
              )
              .get(world.sessionId) as { n: number }
          ).n,
      );
      expect(carried).toBeGreaterThan(0);

      // The answered list shows all forty, each with its section.
      await page.goto(`${server.baseUrl}/facilitate?session=${world.sessionId}&status=answered`);
      expect(await page.locator("[data-question]").count()).toBe(40);

      // How far a keyboard user travels: focus lands on the next question after each action.
      // Measured: about 85 presses for the ten merges and 7–8 per answer (2026-11-27).
      expect(presses / 50).toBeLessThan(10);
      expect(problems).toEqual([]);
      await context.close();
    }, 300_000);
  }
});
