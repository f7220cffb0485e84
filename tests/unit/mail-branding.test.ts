import { describe, expect, it } from "vitest";
import { brandMail, refersToLogo, renderMail, withoutLogo } from "~emails/layout";

const brand = {
  organisationName: "Stadt <Beispiel> & $& Co",
  footerAddress: "Rathaus\n\nMarkt 1",
  primaryColour: "#14532d",
  hasLogo: true,
};

describe("the city's identity in the mail layout", () => {
  const mail = renderMail({
    subject: "Betreff",
    // Text that looks like the layout's slots stays text.
    paragraphs: ["<!--letterhead--> und <!--signature-->", "KI-Infoveranstaltungen zur Dienstvereinbarung KI"],
    action: { label: "Öffnen", url: "https://app.example/x" },
    reason: "Grund.",
  });

  it("puts name and logo on top, the colour on the link, name and address under the signature", () => {
    const branded = brandMail(mail, brand);
    expect(branded.html).toContain('<img src="cid:logo@ki-infoveranstaltungen" alt=""');
    expect(branded.html).toContain("Stadt &lt;Beispiel&gt; &amp; $&amp; Co</p>");
    expect(branded.html).toContain('style="color:#14532d;font-weight:bold">Öffnen</a>');
    expect(branded.html).toContain("&lt;!--letterhead--&gt; und &lt;!--signature--&gt;");
    expect(branded.html).toMatch(
      /KI-Infoveranstaltungen zur Dienstvereinbarung KI<br>Stadt &lt;Beispiel&gt; &amp; \$&amp; Co<br>Rathaus<br>Markt 1<\/p>/,
    );
    expect(branded.text.endsWith("KI-Infoveranstaltungen zur Dienstvereinbarung KI\nStadt <Beispiel> & $& Co\nRathaus\nMarkt 1\n")).toBe(
      true,
    );
    expect(branded.text).not.toContain("cid:");
    expect(refersToLogo(branded.html)).toBe(true);
    expect(refersToLogo(withoutLogo(branded.html))).toBe(false);
  });

  it("leaves out the image without a logo and leaves a mail of another layout alone", () => {
    expect(refersToLogo(brandMail(mail, { ...brand, hasLogo: false }).html)).toBe(false);
    const foreign = { subject: "x", text: "nur Text\n", html: "<p>nur HTML</p>" };
    expect(brandMail(foreign, brand)).toEqual(foreign);
  });
});
