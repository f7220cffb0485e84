// WCAG 1.4.10 Reflow: no page scrolls sideways at 320 px, and the facilitator's main task at
// the door (attendance) is reachable with one thumb on a phone. Every page of every role at
// 320, 390 and 1280 px, with JavaScript on and off, with data made to be awkward: long German
// compounds without a break opportunity, long names, a long address in a table cell.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createSignedInPeople, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WIDTHS = [320, 390, 1280];
/** One word, no hyphen, no space: it can only fit a phone if the browser may break it anywhere. */
const COMPOUND = "Beschäftigtendatenschutzfolgenabschätzungsverfahrensbeschreibung";
const FACILITATOR_COMPOUND = "Dienstvereinbarungsumsetzungsbegleitungsarbeitsgruppe";
/** Set REFLOW_SCREENSHOTS=/tmp to keep pictures of the key pages at 320, 390 and 1280 px. */
const SCREENSHOTS = process.env.REFLOW_SCREENSHOTS;

type Seeded = {
  staff: SignedInPerson;
  facilitator: SignedInPerson;
  admin: SignedInPerson;
  seriesId: number;
  startedId: number;
  upcomingId: number;
  pastId: number;
  summaryId: number;
};

/** A series with a started, an upcoming and a past date, people on them and an undelivered mail. */
async function seed(databasePath: string): Promise<Seeded> {
  const [staff, facilitator, admin] = await createSignedInPeople(databasePath, 3, "reflow");
  const participants = await createSignedInPeople(databasePath, 5, "tuer");
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const now = Date.now();
  const ids = db.transaction(() => {
    db.prepare("insert into user_roles (user_id, role) values (?, 'facilitator')").run(facilitator!.userId);
    db.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(admin!.userId);
    const rename = db.prepare("update users set display_name = ?, department = ? where id = ?");
    rename.run("Maximiliane Oberbürgermeisterbüroleitung", "Stadtentwässerungsbetriebsverwaltung", staff!.userId);
    rename.run("Kim Moderationsteamkoordination", FACILITATOR_COMPOUND, facilitator!.userId);
    rename.run("Alexandra Schmidt-Leutheusser-Oberndorfer", "Büro der CDO", admin!.userId);
    const names = [
      "Friederike Müller-Lüdenscheidt",
      "Hans-Joachim Zwanzigmarkschein",
      "Gülşen Yılmaz-Oberhausen",
      "Jo Li",
      "Konstantin Donaudampfschifffahrt",
    ];
    for (const [i, p] of participants.entries()) rename.run(names[i], "Straßenverkehrsbehördenaufsichtsstelle", p.userId);

    const { id: seriesId } = db
      .prepare("insert into series (title, description, audience) values (?, ?, ?) returning id")
      .get(
        `${COMPOUND} – Grundlagen`,
        `Worum es geht: die ${COMPOUND} und die Kommunalverwaltungsdigitalisierungsstrategie.`,
        "Alle Beschäftigten der Personalverwaltungsabteilung",
      ) as { id: number };
    const insertSession = db.prepare(
      `insert into sessions (series_id, starts_at, ends_at, format, place, room, accessibility_notes, capacity, status, published_at)
       values (?, ?, ?, 'in_person', 'Verwaltungsgebäudeerweiterungsbau, Rathausplatz 1', 'Sitzungssaalvorraum', ?, 10, 'published', ?) returning id`,
    );
    const session = (start: number) =>
      (
        insertSession.get(seriesId, start, start + 90 * MINUTE, "Rollstuhlgerechter Zugang über den Hintereingang", now - 30 * DAY) as {
          id: number;
        }
      ).id;
    const startedId = session(now - 10 * MINUTE);
    const upcomingId = session(now + 7 * DAY);
    const pastId = session(now - 7 * DAY);
    const facilitate = db.prepare("insert into session_facilitators (session_id, user_id) values (?, ?)");
    for (const id of [startedId, upcomingId, pastId]) facilitate.run(id, facilitator!.userId);
    const register = db.prepare(
      "insert into registrations (session_id, user_id, status, queued_at, updated_at, support_needs) values (?, ?, ?, ?, ?, ?)",
    );
    for (const [i, p] of participants.entries()) {
      const supportNeeds = i === 0 ? "Gebärdensprachdolmetschung und Induktionsschleifenanlage" : null;
      register.run(startedId, p.userId, i === 4 ? "waitlisted" : "confirmed", now - (10 - i) * DAY, now, supportNeeds);
    }
    register.run(upcomingId, staff!.userId, "confirmed", now - DAY, now, null);
    register.run(upcomingId, participants[0]!.userId, "confirmed", now - DAY, now, null);
    register.run(pastId, staff!.userId, "attended", now - 9 * DAY, now, null);
    // A mail that could not be delivered: a long address and error in a plain table.
    db.prepare(
      `insert into outbox (dedupe_key, kind, recipient, subject, text, html, status, attempts, next_attempt_at, last_error)
       values ('reflow:1', 'message', ?, ?, 'Text', '<p>Text</p>', 'failed', 10, ?, ?)`,
    ).run(
      "beschaeftigtendatenschutzbeauftragte@stadtverwaltung-musterstadt.example",
      `Änderung: ${COMPOUND}`,
      now,
      "Recipient refused: 550 5.1.1 <beschaeftigtendatenschutzbeauftragte@stadtverwaltung-musterstadt.example>: Mailbox unavailable",
    );
    // A published summary of the past date whose question and answer hold the compound.
    const { id: questionId } = db
      .prepare(
        `insert into questions (session_id, section_id, text, anonymous, status, answer, answered_how, created_at, updated_at)
         values (?, (select s.id from agreement_sections s join agreement_versions v on v.id = s.version_id
                     where v.status = 'in_force' and s.anchor = 's6'), ?, 0, 'answered', ?, 'written', ?, ?) returning id`,
      )
      .get(pastId, `Brauchen wir eine ${COMPOUND}?`, `Ja, eine **${COMPOUND}** gehört zu jeder Freigabe (§ 6).`, now, now) as {
      id: number;
    };
    const { id: summaryId } = db
      .prepare("insert into summaries (session_id, first_published_at) values (?, ?) returning id")
      .get(pastId, now - DAY) as { id: number };
    const { id: revisionId } = db
      .prepare(
        "insert into summary_revisions (summary_id, number, status, intro, published_at, updated_at) values (?, 1, 'published', ?, ?, ?) returning id",
      )
      .get(summaryId, `Zur ${COMPOUND}.`, now - DAY, now - DAY) as { id: number };
    db.prepare(
      "insert into summary_items (revision_id, question_id, section_id, position, question_text, answer) select ?, id, section_id, 0, text, answer from questions where id = ?",
    ).run(revisionId, questionId);
    db.prepare("update summaries set published_revision_id = ? where id = ?").run(revisionId, summaryId);
    return { seriesId, startedId, upcomingId, pastId, summaryId };
  })();
  db.close();
  return { staff: staff!, facilitator: facilitator!, admin: admin!, ...ids };
}

/** What makes the page wider than the window: the outermost and the widest such element. */
async function offenders(page: Page): Promise<string> {
  return page.evaluate(() => {
    const describe = (el: Element) => {
      const r = el.getBoundingClientRect();
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 60);
      const tag = `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls}>`;
      return `${tag} right=${Math.round(r.right)} width=${Math.round(r.width)} scrollWidth=${el.scrollWidth} "${text}"`;
    };
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") return true;
      }
      return false;
    };
    // An element's right edge, or that of its text when the text overflows the element.
    const rightOf = (el: Element) => {
      const r = el.getBoundingClientRect();
      return Math.max(r.right, r.left + el.scrollWidth);
    };
    let widest: Element | null = null;
    let outermost: Element | null = null;
    for (const el of document.querySelectorAll("body *")) {
      if (clipped(el)) continue;
      const right = rightOf(el);
      if (!widest || right > rightOf(widest)) widest = el;
      if (!outermost && right > window.innerWidth + 0.5) outermost = el;
    }
    return `widest ${widest ? describe(widest) : "none"}; first too wide ${outermost ? describe(outermost) : "none"}`;
  });
}

/** Page-level checks: no sideways scrolling, no heading wider than its box or the window. */
async function reflowProblems(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  if (widths.scroll > widths.inner) {
    problems.push(`${label}: page is ${widths.scroll} px wide in a ${widths.inner} px window; ${await offenders(page)}`);
  }
  const headings = await page.evaluate(() =>
    [...document.querySelectorAll("h1, h2, h3")]
      .filter((h) => h.scrollWidth > h.clientWidth + 1 || h.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map(
        (h) =>
          `<${h.tagName.toLowerCase()}> "${(h.textContent ?? "").slice(0, 60)}" scrollWidth=${h.scrollWidth} clientWidth=${h.clientWidth}`,
      ),
  );
  for (const heading of headings) problems.push(`${label}: heading overflows: ${heading}`);
  return problems;
}

describeWithBrowser("reflow: no page scrolls sideways at 320, 390 and 1280 px", () => {
  let server: AppServer;
  let browser: Browser;
  let seeded: Seeded;

  beforeAll(async () => {
    // No jobs: the undelivered mail must stay as it is while the pages are read.
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    seeded = await seed(server.databasePath);
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  async function contextAs(person: SignedInPerson | null, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    if (person) {
      await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    }
    return context;
  }

  async function open(page: Page, path: string, javaScript: boolean) {
    const response = await page.goto(`${server.baseUrl}${path}`, { waitUntil: javaScript ? "networkidle" : "load" });
    expect(response?.status(), path).toBe(200);
    // Without the stylesheet every check here is meaningless (another build on the same
    // machine can replace the hashed CSS file under a running server).
    const styled = await page.evaluate(() => getComputedStyle(document.body).display === "flex");
    expect(styled, `${path}: app.css did not load`).toBe(true);
  }

  function pagesByRole(): { role: string; person: SignedInPerson | null; paths: string[] }[] {
    const { startedId, upcomingId, seriesId, summaryId } = seeded;
    return [
      {
        role: "anonymous",
        person: null,
        paths: [
          "/sessions",
          "/sessions/past",
          `/sessions/${upcomingId}`,
          "/login",
          "/impressum",
          "/datenschutz",
          "/barrierefreiheit",
          "/qa",
          // The published Q&A, with the compound in a question, an answer and the intro.
          "/qa/sections/s6",
          `/qa/summaries/${summaryId}`,
          "/qa/print",
          "/qa/print?section=s6",
        ],
      },
      // Signed in, the header carries more links and the person's name.
      { role: "staff", person: seeded.staff, paths: ["/sessions", "/me", "/me/profile", "/me/calendar-feed", `/sessions/${upcomingId}`] },
      {
        role: "facilitator",
        person: seeded.facilitator,
        paths: ["/moderation", `/sessions/${startedId}`, `/sessions/${startedId}/participants`, `/sessions/${startedId}/sign-in-sheet`],
      },
      {
        role: "admin",
        person: seeded.admin,
        paths: [
          "/sessions",
          "/admin",
          `/admin/series/${seriesId}`,
          `/admin/sessions/${startedId}`,
          "/admin/series/new",
          "/admin/import",
          "/admin/mail",
          "/admin/reports",
          "/admin/audit",
          // Before the start an admin also gets the move form; after it, attendance.
          `/sessions/${upcomingId}/participants`,
          `/sessions/${startedId}/participants`,
        ],
      },
    ];
  }

  for (const javaScript of [true, false]) {
    const way = `JavaScript ${javaScript ? "on" : "off"}`;

    it(`every page of every role fits 320, 390 and 1280 px (${way})`, { timeout: 240_000 }, async () => {
      const problems: string[] = [];
      let checked = 0;
      for (const { role, person, paths } of pagesByRole()) {
        for (const width of WIDTHS) {
          const context = await contextAs(person, javaScript);
          const page = await context.newPage();
          await page.setViewportSize({ width, height: 800 });
          for (const path of paths) {
            await open(page, path, javaScript);
            problems.push(...(await reflowProblems(page, `${role} ${path} at ${width} px (${way})`)));
            checked++;
          }
          await context.close();
        }
      }
      // The long compound is on the pages, so "it fits" means it was broken, not absent.
      expect(checked).toBe(pagesByRole().reduce((n, r) => n + r.paths.length, 0) * WIDTHS.length);
      expect(problems).toEqual([]);
    });

    it(`the series title's long compound breaks in headings at 320 px (${way})`, async () => {
      const context = await contextAs(seeded.admin, javaScript);
      const page = await context.newPage();
      await page.setViewportSize({ width: 320, height: 800 });
      for (const path of [`/sessions/${seeded.upcomingId}`, `/admin/series/${seeded.seriesId}`]) {
        await open(page, path, javaScript);
        const h1 = page.locator("h1");
        expect(await h1.textContent(), path).toContain(COMPOUND);
        const box = (await h1.boundingBox())!;
        expect(box.x + box.width, path).toBeLessThanOrEqual(320);
        const fit = await h1.evaluate((el) => ({
          scroll: el.scrollWidth,
          client: el.clientWidth,
          lines: el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight),
        }));
        // The text stays inside the heading's box ...
        expect(fit.scroll, path).toBeLessThanOrEqual(fit.client);
        // ... because the word was broken over several lines (" – Grundlagen" alone makes two).
        expect(fit.lines, path).toBeGreaterThan(2.5);
      }
      await context.close();
    });

    it(`the attendance button is reachable with one thumb at 390 px and visible at 768 px (${way})`, async () => {
      for (const width of [320, 390, 768]) {
        const context = await contextAs(seeded.facilitator, javaScript);
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 800 });
        await open(page, `/sessions/${seeded.startedId}/participants`, javaScript);
        const button = page.getByRole("button", { name: /^Als anwesend erfassen \(/ }).first();
        expect(await button.textContent()).toBe("Als anwesend erfassen (Friederike Müller-Lüdenscheidt)");
        // Scroll the page down to it, never sideways: a button that is only reachable by
        // scrolling a table region to the right is the defect this test is about.
        await button.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 100));
        const box = (await button.boundingBox())!;
        const where = `${width} px: ${JSON.stringify(box)}`;
        expect(box.x, where).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, where).toBeLessThanOrEqual(width);
        expect(box.height, where).toBeGreaterThanOrEqual(44);
        expect(box.width, where).toBeGreaterThanOrEqual(44);
        // Not hidden under or clipped by anything: the middle of the button is the button.
        const hit = await button.evaluate((el) => {
          const r = el.getBoundingClientRect();
          const there = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return there === el || el.contains(there);
        });
        expect(hit, where).toBe(true);
        if (width === 390) await expectNoAxeViolations(page);
        if (SCREENSHOTS && width !== 768) {
          await page.screenshot({
            path: `${SCREENSHOTS}/reflow-participants-${width}-js-${javaScript ? "on" : "off"}.png`,
            fullPage: true,
          });
        }
        await context.close();
      }
    });
  }

  // Only declared when asked for: a picture-taking helper, not a check, so it never counts as a skipped test.
  if (SCREENSHOTS)
    it("keeps screenshots of the key pages at 320, 390 and 1280 px", async () => {
      const shots = [
        { person: seeded.staff, name: "sessions", path: "/sessions" },
        { person: seeded.staff, name: "session", path: `/sessions/${seeded.upcomingId}` },
        { person: seeded.staff, name: "me", path: "/me" },
        { person: seeded.admin, name: "admin", path: "/admin" },
        { person: seeded.admin, name: "admin-series", path: `/admin/series/${seeded.seriesId}` },
        { person: seeded.admin, name: "admin-mail", path: "/admin/mail" },
      ];
      for (const width of [320, 390, 1280]) {
        for (const { person, name, path } of shots) {
          const context = await contextAs(person, true);
          const page = await context.newPage();
          await page.setViewportSize({ width, height: 800 });
          await open(page, path, true);
          await page.screenshot({ path: `${SCREENSHOTS}/reflow-${name}-${width}.png`, fullPage: true });
          const region = page.locator(".table-scroll").first();
          if (await region.count()) {
            // The part of a table that scrolls inside its region.
            await region.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
            await region.screenshot({ path: `${SCREENSHOTS}/reflow-${name}-${width}-table-scrolled.png` });
          }
          await context.close();
        }
      }
    });
});
