import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/lib/markdown.server";

describe("organiser Markdown", () => {
  it("renders emphasis, lists and safe links", () => {
    const html = renderMarkdown("**Wichtig**\n\n- eins\n- [zwei](https://stadt.example/a)");
    expect(html).toContain("<strong>Wichtig</strong>");
    expect(html).toContain('<a href="https://stadt.example/a">zwei</a>');
  });

  it("drops scripts, event handlers and javascript: links", () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)> <b style="color:red">b</b>');
    expect(html).not.toMatch(/script|onerror|style=|<img/i);
    const link = renderMarkdown("Siehe [hier](javascript:alert(1)) und [dort](https://stadt.example).");
    expect(link).not.toMatch(/href="javascript/i);
    expect(link).toContain('href="https://stadt.example"');
  });

  it("turns a top-level heading into h2, below the page's own h1", () => {
    expect(renderMarkdown("# Titel").trim()).toBe("<h2>Titel</h2>");
  });
});
