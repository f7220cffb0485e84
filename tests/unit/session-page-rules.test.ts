// The links an organiser types become an href on a page everyone reads: only http(s) ever
// passes (app/sessions/links.ts), whatever the spelling. And who the session page names as
// contact, and how the working-time note is kept.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWebLink, webLinkOrNull } from "~/sessions/links";
import { checkWorkingTimeNote, MAX_WORKING_TIME_NOTE, sessionContact } from "~/sessions/session-page";

describe("web links", () => {
  it("accepts complete http and https addresses", () => {
    expect(isWebLink("https://stadtplan.stadt.example/?suche=Rathausplatz%201")).toBe(true);
    expect(isWebLink("http://intranet.stadt.example/weg")).toBe(true);
  });

  it("refuses script, data and other schemes, however they are spelt, and anything incomplete", () => {
    for (const value of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "ftp://ftp.stadt.example/",
      "mailto:ki-info@stadt.example",
      "//stadtplan.stadt.example",
      "/sessions/1",
      "stadtplan.stadt.example",
      "https://",
      "",
    ]) {
      expect(isWebLink(value), JSON.stringify(value)).toBe(false);
      expect(webLinkOrNull(value)).toBeNull();
    }
  });

  it("property: whatever is accepted is, as the browser reads it, an http(s) address with a host", () => {
    const schemes = fc.constantFrom("javascript:", "data:", "vbscript:", "file:", "blob:", "about:", "JAVASCRIPT:", "jav\tascript:");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.tuple(schemes, fc.string()).map(([scheme, rest]) => scheme + rest),
        ),
        (value) => {
          if (!isWebLink(value)) return true;
          const url = new URL(value);
          return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.tuple(schemes, fc.string()), ([scheme, rest]) => !isWebLink(scheme + rest)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ["https", "http"] }), (value) => value.length > 500 || isWebLink(value)),
      { numRuns: 500 },
    );
  });
});

describe("the session page's contact", () => {
  const mailbox = { name: "KI-Infoveranstaltungen", email: "ki-info@stadt.example" };

  it("names the series' contact when it has one, otherwise the functional mailbox", () => {
    expect(sessionContact({ contactName: "Kim Muster", contactEmail: "kim@stadt.example" }, mailbox)).toEqual({
      kind: "named",
      name: "Kim Muster",
      email: "kim@stadt.example",
    });
    expect(sessionContact({ contactName: null, contactEmail: null }, mailbox)).toEqual({ kind: "mailbox", ...mailbox });
    // Half a contact (never saved by the form, but possible in old data) is no contact.
    expect(sessionContact({ contactName: "Kim Muster", contactEmail: null }, mailbox).kind).toBe("mailbox");
  });
});

describe("the working-time note", () => {
  it("is kept as one trimmed paragraph; empty means not shown; too long is refused with the count", () => {
    expect(checkWorkingTimeNote("  Die Teilnahme\n ist  Arbeitszeit.  ")).toEqual({ ok: true, note: "Die Teilnahme ist Arbeitszeit." });
    expect(checkWorkingTimeNote(" \n ")).toEqual({ ok: true, note: "" });
    const long = "x".repeat(MAX_WORKING_TIME_NOTE + 1);
    expect(checkWorkingTimeNote(long)).toEqual({ ok: false, message: `Höchstens 300 Zeichen (derzeit 301).` });
  });
});
