import { fc } from "@fast-check/vitest";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, contentPageRevisions, contentPages, outbox, rateLimitHits, users } from "~db/schema";
import type { Db } from "~db/client";
import { feedbackBuckets, functionalMailbox, sendAccessibilityFeedback } from "~/pages/accessibility-feedback.server";
import {
  getContentPage,
  getRevision,
  listLegalPages,
  loadPageEditor,
  previewContentPage,
  recordInitialRevision,
  restoreRevision,
  saveContentPage,
} from "~/pages/content-pages.server";
import { FEEDBACK_PER_BROWSER_PER_HOUR, FEEDBACK_TOTAL_PER_HOUR, MAX_FEEDBACK_MESSAGE, pageToPrefill } from "~/pages/feedback.schema";
import { berlinToday, checkPageInput, formatCalendarDate, isCalendarDate } from "~/pages/rules";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { createUser } from "../support/factories";

const now = new Date("2026-11-27T10:00:00Z");
const env = testEnv({ MAIL_FROM: "KI-Infoveranstaltungen <ki-info@stadt.example>" });

function actor(db: Db, roles: ("participant" | "facilitator" | "admin")[] = ["participant", "admin"]) {
  return { id: createUser(db, { roles }).id, roles };
}

/** Every row the legal pages and the feedback form could write, to show that nothing changed. */
function snapshot(db: Db) {
  return {
    pages: db.select().from(contentPages).orderBy(contentPages.slug).all(),
    revisions: db.select().from(contentPageRevisions).orderBy(contentPageRevisions.id).all(),
    audit: db.select({ n: count() }).from(auditLog).get()?.n,
    outbox: db.select({ n: count() }).from(outbox).get()?.n,
    hits: db.select({ n: count() }).from(rateLimitHits).get()?.n,
  };
}

const impressum = { title: "Impressum", body: "**Stadt Beispielhausen**\r\nRathausplatz 1\r\n", reviewedOn: "" };

describe("saving a legal page", () => {
  it("writes a revision and the page in one go, audited; the newest revision is the page", () => {
    const { db } = createTestDb();
    const admin = actor(db);
    const first = saveContentPage(db, admin, "impressum", { ...impressum, basis: 0 }, now);
    expect(first).toMatchObject({ ok: true, changed: true });
    const page = db.select().from(contentPages).where(eq(contentPages.slug, "impressum")).get();
    expect(page).toMatchObject({ title: "Impressum", body: "**Stadt Beispielhausen**\nRathausplatz 1", reviewedOn: null });
    expect(page?.updatedAt.getTime()).toBe(now.getTime());
    const revisions = db.select().from(contentPageRevisions).all();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ slug: "impressum", title: page?.title, body: page?.body, savedById: admin.id });
    const audit = db.select().from(auditLog).where(eq(auditLog.subjectType, "content_page")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, action: "content_page_saved", subjectId: "impressum" });
    expect(getContentPage(db, "impressum")?.html).toBe("<p><strong>Stadt Beispielhausen</strong><br />Rathausplatz 1</p>\n");

    const later = new Date(now.getTime() + 60_000);
    const second = saveContentPage(
      db,
      admin,
      "impressum",
      { ...impressum, title: "Impressum der Stadt", basis: first.ok ? first.revisionId : -1 },
      later,
    );
    expect(second).toMatchObject({ ok: true, changed: true });
    const editor = loadPageEditor(db, "impressum");
    expect(editor.revisions.map((r) => r.id)).toEqual([second.ok ? second.revisionId : 0, first.ok ? first.revisionId : 0]);
    expect(editor.basis).toBe(second.ok ? second.revisionId : 0);
    expect(editor.values.title).toBe("Impressum der Stadt");
    expect(getContentPage(db, "impressum")?.title).toBe("Impressum der Stadt");
    const old = getRevision(db, "impressum", first.ok ? first.revisionId : 0);
    expect(old).toMatchObject({ number: 1, isCurrent: false, title: "Impressum" });
    expect(getRevision(db, "datenschutz", first.ok ? first.revisionId : 0)).toBeNull();
  });

  it("an unchanged text (line ends as the browser sends them) writes no new revision", () => {
    const { db } = createTestDb();
    const admin = actor(db);
    const first = saveContentPage(db, admin, "impressum", { ...impressum, basis: 0 }, now);
    const again = saveContentPage(db, admin, "impressum", { ...impressum, basis: first.ok ? first.revisionId : -1 }, now);
    expect(again).toEqual({ ok: true, changed: false, revisionId: first.ok ? first.revisionId : -1 });
    expect(db.select({ n: count() }).from(contentPageRevisions).get()?.n).toBe(1);
  });

  it("refuses bad input, a stale form and non-organisers, and changes nothing", () => {
    const { db } = createTestDb();
    const admin = actor(db);
    saveContentPage(db, admin, "barrierefreiheit", { title: "Erklärung", body: "Text", reviewedOn: "2026-11-25", basis: 0 }, now);
    const before = snapshot(db);
    const basis = loadPageEditor(db, "barrierefreiheit").basis;
    const cases: [Parameters<typeof saveContentPage>[3], Record<string, string>][] = [
      [{ title: " ", body: "Text", reviewedOn: "2026-11-25", basis }, { title: "Bitte geben Sie eine Überschrift ein." }],
      [
        { title: "x".repeat(201), body: "Text", reviewedOn: "2026-11-25", basis },
        { title: "Die Überschrift darf höchstens 200 Zeichen haben." },
      ],
      [{ title: "Erklärung", body: " \n ", reviewedOn: "2026-11-25", basis }, { body: "Bitte geben Sie den Text der Seite ein." }],
      [
        { title: "Erklärung", body: "Text", reviewedOn: "", basis },
        { reviewedOn: "Bitte geben Sie das Datum der letzten Überprüfung an." },
      ],
      [{ title: "Erklärung", body: "Text", reviewedOn: "2026-02-30", basis }, { reviewedOn: "Bitte geben Sie ein gültiges Datum an." }],
      [
        { title: "Erklärung", body: "Text", reviewedOn: "2026-11-28", basis },
        { reviewedOn: "Das Datum der letzten Überprüfung darf nicht in der Zukunft liegen." },
      ],
    ];
    for (const [input, errors] of cases) {
      expect(saveContentPage(db, admin, "barrierefreiheit", input, now)).toEqual({ ok: false, reason: "invalid", errors });
    }
    expect(saveContentPage(db, admin, "barrierefreiheit", { title: "Neu", body: "Neu", reviewedOn: "2026-11-26", basis: 0 }, now)).toEqual({
      ok: false,
      reason: "stale",
    });
    const facilitator = actor(db, ["participant", "facilitator"]);
    expect(
      saveContentPage(db, facilitator, "barrierefreiheit", { title: "Neu", body: "Neu", reviewedOn: "2026-11-26", basis }, now),
    ).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(snapshot(db)).toEqual(before);
  });

  it("the review date is Berlin's day: just after midnight in Berlin, 'today' is already the next day", () => {
    const lateUtc = new Date("2026-11-27T23:30:00Z"); // 00:30 on 28 November in Berlin
    expect(berlinToday(lateUtc)).toBe("2026-11-28");
    expect(checkPageInput("barrierefreiheit", { title: "E", body: "T", reviewedOn: "2026-11-28" }, lateUtc).ok).toBe(true);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2027-02-29")).toBe(false);
    expect(formatCalendarDate("2026-11-05")).toBe("5. November 2026");
  });

  it("a preview renders through the same renderer and writes nothing", () => {
    const { db } = createTestDb();
    const admin = actor(db);
    saveContentPage(db, admin, "datenschutz", { title: "Datenschutz", body: "Alt", reviewedOn: "", basis: 0 }, now);
    const before = snapshot(db);
    const preview = previewContentPage(
      "datenschutz",
      { title: "Datenschutz", body: "## Neu\n<script>alert(1)</script>", reviewedOn: "" },
      now,
    );
    expect(preview).toEqual({
      ok: true,
      preview: { slug: "datenschutz", title: "Datenschutz", html: "<h2>Neu</h2>\n", reviewedOn: null },
    });
    expect(previewContentPage("datenschutz", { title: "", body: "x", reviewedOn: "" }, now)).toEqual({
      ok: false,
      errors: { title: "Bitte geben Sie eine Überschrift ein." },
    });
    expect(snapshot(db)).toEqual(before);
    expect(getContentPage(db, "datenschutz")?.html).toBe("<p>Alt</p>\n");
  });

  it("restoring a version saves it as a new one; the later review date stays", () => {
    const { db } = createTestDb();
    const admin = actor(db);
    const a = saveContentPage(db, admin, "barrierefreiheit", { title: "A", body: "Erste", reviewedOn: "2026-01-10", basis: 0 }, now);
    const b = saveContentPage(
      db,
      admin,
      "barrierefreiheit",
      { title: "B", body: "Zweite", reviewedOn: "2026-11-20", basis: a.ok ? a.revisionId : -1 },
      now,
    );
    const restored = restoreRevision(db, admin, "barrierefreiheit", a.ok ? a.revisionId : -1, now);
    expect(restored).toMatchObject({ ok: true, changed: true });
    expect(db.select().from(contentPages).where(eq(contentPages.slug, "barrierefreiheit")).get()).toMatchObject({
      title: "A",
      body: "Erste",
      reviewedOn: "2026-11-20",
    });
    expect(loadPageEditor(db, "barrierefreiheit").revisions).toHaveLength(3);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "content_page_restored")).all()).toHaveLength(1);
    expect(restoreRevision(db, admin, "barrierefreiheit", 999, now)).toEqual({ ok: false, reason: "not_found" });
    expect(restoreRevision(db, admin, "impressum", b.ok ? b.revisionId : -1, now)).toEqual({ ok: false, reason: "not_found" });
  });

  it("lists all three pages, also unwritten ones; a seeded page's text becomes its first version once", () => {
    const { db } = createTestDb();
    db.insert(contentPages).values({ slug: "impressum", title: "Impressum", body: "Beispiel" }).run();
    recordInitialRevision(db, "impressum", now);
    recordInitialRevision(db, "impressum", now);
    recordInitialRevision(db, "datenschutz", now);
    expect(listLegalPages(db).map((p) => [p.slug, p.title, p.revisions])).toEqual([
      ["impressum", "Impressum", 1],
      ["datenschutz", null, 0],
      ["barrierefreiheit", null, 0],
    ]);
    expect(loadPageEditor(db, "impressum").revisions[0]).toMatchObject({ savedBy: null });
  });

  it("the version list names who saved", () => {
    const { db } = createTestDb();
    const admin = actor(db);
    db.update(users).set({ displayName: "Alex Organisation" }).where(eq(users.id, admin.id)).run();
    saveContentPage(db, admin, "impressum", { ...impressum, basis: 0 }, now);
    expect(loadPageEditor(db, "impressum").revisions[0]?.savedBy).toBe("Alex Organisation");
  });
});

describe("feedback on the accessibility statement", () => {
  const values = {
    message: "Der Kalender-Knopf ist mit der Tastatur nicht erreichbar.",
    name: "Eva Beispiel",
    replyTo: "eva@stadt.example",
    page: "/sessions/3",
  };
  let tokens = 0;
  const token = () => `form-token-${String(++tokens).padStart(16, "0")}`;
  const send = (db: Db, browser: string, at: Date, overrides: Partial<typeof values> = {}, formToken = token()) =>
    sendAccessibilityFeedback(db, env, { values: { ...values, ...overrides }, formToken, browserSecret: browser, now: at });

  it("goes to the functional mailbox through the outbox, with the reply address in the text", () => {
    const { db } = createTestDb();
    expect(functionalMailbox(env)).toBe("ki-info@stadt.example");
    expect(send(db, "browser-one-0123456789abc", now)).toEqual({ ok: true, queued: true });
    const mails = db.select().from(outbox).all();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      kind: "accessibility_feedback",
      recipient: "ki-info@stadt.example",
      subject: "Rückmeldung zur Barrierefreiheit",
    });
    expect(mails[0]?.text).toContain(values.message);
    expect(mails[0]?.text).toContain("Seite: /sessions/3");
    expect(mails[0]?.text).toContain("Von: Eva Beispiel <eva@stadt.example>");
    expect(mails[0]?.text).toContain("Bitte antworten Sie an eva@stadt.example");
    // The browser's bucket holds a hash, not the cookie's value.
    const buckets = db
      .select({ bucket: rateLimitHits.bucket })
      .from(rateLimitHits)
      .all()
      .map((h) => h.bucket);
    expect(buckets.sort()).toEqual([feedbackBuckets("browser-one-0123456789abc").browser, "a11y-feedback:all"].sort());
    expect(buckets.join()).not.toContain("browser-one");
  });

  it("without name and address it says so; HTML typed in is text", () => {
    const { db } = createTestDb();
    send(db, "browser-two-0123456789abc", now, { name: "", replyTo: "", page: "", message: "<b>fett</b> & Co." });
    const mail = db.select().from(outbox).get();
    expect(mail?.text).toContain("Von: ohne Namen und ohne E-Mail-Adresse");
    expect(mail?.text).toContain("Seite: nicht angegeben");
    expect(mail?.html).toContain("&lt;b&gt;fett&lt;/b&gt; &amp; Co.");
  });

  it("the same form sent twice is one mail and counts once", () => {
    const { db } = createTestDb();
    const formToken = token();
    expect(send(db, "browser-three-0123456789a", now, {}, formToken)).toEqual({ ok: true, queued: true });
    expect(send(db, "browser-three-0123456789a", now, {}, formToken)).toEqual({ ok: true, queued: false });
    expect(snapshot(db)).toMatchObject({ outbox: 1, hits: 2 });
  });

  it("refuses bad input and writes nothing", () => {
    const { db } = createTestDb();
    const before = snapshot(db);
    const cases: [Partial<typeof values>, Record<string, string>][] = [
      [{ message: "   " }, { message: "Bitte beschreiben Sie, was Ihnen aufgefallen ist." }],
      [{ message: "x".repeat(MAX_FEEDBACK_MESSAGE + 1) }, { message: "Die Nachricht darf höchstens 5.000 Zeichen haben." }],
      [{ replyTo: "eva at stadt" }, { replyTo: "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. vorname.nachname@stadt.example." }],
      [{ name: "Eva\r\nBcc: x@y.example" }, { name: "Der Name darf keine Zeilenumbrüche oder Tabulatoren enthalten." }],
      [{ page: "x".repeat(501) }, { page: "Die Angabe darf höchstens 500 Zeichen haben." }],
    ];
    for (const [overrides, errors] of cases) {
      expect(send(db, "browser-four-0123456789ab", now, overrides)).toEqual({ ok: false, reason: "invalid", errors });
    }
    expect(snapshot(db)).toEqual(before);
  });

  it("limits one browser per hour, not other browsers behind the same address", () => {
    const { db } = createTestDb();
    for (let i = 0; i < FEEDBACK_PER_BROWSER_PER_HOUR; i++) {
      expect(send(db, "browser-five-0123456789ab", new Date(now.getTime() + i * 60_000)).ok).toBe(true);
    }
    const refused = send(db, "browser-five-0123456789ab", new Date(now.getTime() + 30 * 60_000));
    expect(refused).toEqual({ ok: false, reason: "limit_browser", retryAt: new Date(now.getTime() + 3600_000) });
    expect(send(db, "browser-six-0123456789abc", new Date(now.getTime() + 30 * 60_000)).ok).toBe(true);
    // An hour after the first, one more is allowed again.
    expect(send(db, "browser-five-0123456789ab", new Date(now.getTime() + 3600_000 + 1)).ok).toBe(true);
    expect(db.select({ n: count() }).from(outbox).get()?.n).toBe(FEEDBACK_PER_BROWSER_PER_HOUR + 2);
  });

  it("limits everyone together per hour, so fresh cookies don't help", () => {
    const { db } = createTestDb();
    for (let i = 0; i < FEEDBACK_TOTAL_PER_HOUR; i++) {
      expect(send(db, `fresh-browser-${String(i).padStart(12, "0")}`, new Date(now.getTime() + i * 1000)).ok).toBe(true);
    }
    const before = snapshot(db);
    expect(send(db, "yet-another-browser-0123456", new Date(now.getTime() + 120_000))).toEqual({
      ok: false,
      reason: "limit_total",
      retryAt: new Date(now.getTime() + 3600_000),
    });
    expect(snapshot(db)).toEqual(before);
  });

  it("property: in no hour does one browser get more than its limit through, nor all together more than theirs", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ browser: fc.integer({ min: 0, max: 14 }), gapSeconds: fc.integer({ min: 0, max: 60 }) }), {
          // Up to 15 browsers × 5 within an hour: both limits are reached in most runs.
          // (fast-check's default size would keep arrays at about 10 elements.)
          minLength: 1,
          maxLength: 150,
          size: "max",
        }),
        (steps) => {
          const { db } = createTestDb();
          let at = now.getTime();
          const sent: { browser: number; at: number }[] = [];
          for (const step of steps) {
            at += step.gapSeconds * 1000;
            const result = send(db, `property-browser-${String(step.browser).padStart(10, "0")}`, new Date(at));
            if (result.ok) sent.push({ browser: step.browser, at });
            else expect(result.reason === "limit_browser" || result.reason === "limit_total").toBe(true);
          }
          for (const first of sent) {
            const window = sent.filter((s) => s.at >= first.at && s.at < first.at + 3600_000);
            expect(window.length).toBeLessThanOrEqual(FEEDBACK_TOTAL_PER_HOUR);
            expect(window.filter((s) => s.browser === first.browser).length).toBeLessThanOrEqual(FEEDBACK_PER_BROWSER_PER_HOUR);
          }
          expect(db.select({ n: count() }).from(outbox).get()?.n).toBe(sent.length);
          expect(db.select({ n: sql<number>`count(distinct dedupe_key)` }).from(outbox).get()?.n).toBe(sent.length);
        },
      ),
      { seed: 20261127, numRuns: 25 },
    );
  });
});

describe("the page a barrier was on", () => {
  const origin = "http://localhost:3000";
  it("comes from ?seite= or a same-site Referer, never from elsewhere or with a token", () => {
    expect(pageToPrefill("/sessions/4", null, origin)).toBe("/sessions/4");
    expect(pageToPrefill(null, "http://localhost:3000/qa?abschnitt=s6", origin)).toBe("/qa?abschnitt=s6");
    expect(pageToPrefill(null, "https://evil.example/x", origin)).toBe("");
    expect(pageToPrefill("https://evil.example/x", null, origin)).toBe("");
    expect(pageToPrefill(null, "http://localhost:3000/barrierefreiheit", origin)).toBe("");
    expect(pageToPrefill(null, "http://localhost:3000/login/verify?token=abc", origin)).toBe("/login/verify");
    expect(pageToPrefill(null, null, origin)).toBe("");
  });
});
