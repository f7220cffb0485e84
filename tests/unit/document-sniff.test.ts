import { describe, expect, it } from "vitest";
import { contentDisposition, sanitiseFileName } from "~/uploads/names";
import { sniffDocument, zipEntryNames } from "~/uploads/sniff";
import { HTML_AS_PDF, tinyDocx, tinyPdf, tinyPptx, tinyXlsx, zipOf } from "../support/documents";
import { SVG_WITH_SCRIPT, TINY_GIF, TINY_JPEG, TINY_PNG } from "../support/images";

describe("documents known by their bytes (materials)", () => {
  it("knows PDF, PPTX, DOCX, XLSX, PNG and JPEG", () => {
    expect(sniffDocument(tinyPdf())).toEqual({ contentType: "application/pdf", extension: "pdf" });
    expect(sniffDocument(tinyPptx())?.extension).toBe("pptx");
    expect(sniffDocument(tinyDocx())).toEqual({
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      extension: "docx",
    });
    expect(sniffDocument(tinyXlsx())?.extension).toBe("xlsx");
    expect(sniffDocument(TINY_PNG)?.extension).toBe("png");
    expect(sniffDocument(TINY_JPEG)?.extension).toBe("jpg");
  });

  it("refuses an HTML page named .pdf, an SVG, a GIF, a cut-off PDF and text that merely starts like one", () => {
    expect(sniffDocument(HTML_AS_PDF)).toBeNull();
    expect(sniffDocument(SVG_WITH_SCRIPT)).toBeNull();
    expect(sniffDocument(TINY_GIF)).toBeNull();
    const pdf = tinyPdf();
    expect(sniffDocument(pdf.subarray(0, pdf.length - 20))).toBeNull();
    expect(sniffDocument(Buffer.from("%PDF-1.4\n<html><script>alert(1)</script></html>"))).toBeNull();
    expect(sniffDocument(Buffer.alloc(0))).toBeNull();
  });

  it("refuses any ZIP that is not one OOXML document: no content types, a macro part, two main parts, HTML inside", () => {
    expect(sniffDocument(zipOf({ "index.html": "<script>alert(1)</script>" }))).toBeNull();
    expect(sniffDocument(zipOf({ "word/document.xml": "<w:document/>" }))).toBeNull();
    expect(
      sniffDocument(zipOf({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "word/vbaProject.bin": "x" })),
    ).toBeNull();
    expect(
      sniffDocument(zipOf({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "xl/workbook.xml": "<workbook/>" })),
    ).toBeNull();
    // Cut off: the central directory is gone.
    const docx = tinyDocx();
    expect(sniffDocument(docx.subarray(0, docx.length - 30))).toBeNull();
  });

  it("reads the names from the central directory", () => {
    expect(zipEntryNames(zipOf({ "a.txt": "a", "ordner/b.xml": "<b/>" }))).toEqual(["a.txt", "ordner/b.xml"]);
    expect(zipEntryNames(Buffer.from("PK\u0003\u0004 not really"))).toBeNull();
  });
});

describe("uploaded file names", () => {
  it("keeps only the last path part, drops control characters and forbidden signs, and takes the checked extension", () => {
    expect(sanitiseFileName("C:\\Users\\kim\\Folien März.pdf", "pdf")).toBe("Folien März.pdf");
    expect(sanitiseFileName("../../etc/passwd", "pdf")).toBe("passwd.pdf");
    expect(sanitiseFileName("Folien\r\nSet-Cookie: x=1.pdf", "pdf")).toBe("FolienSet-Cookie x=1.pdf");
    expect(sanitiseFileName("bericht\u202Efdp.exe", "pdf")).toBe("berichtfdp.pdf");
    expect(sanitiseFileName("...", "docx")).toBe("Datei.docx");
    expect(sanitiseFileName("seite.html", "pdf")).toBe("seite.pdf");
    expect(sanitiseFileName(`${"a".repeat(500)}.pdf`, "pdf")).toHaveLength(124);
  });

  it("writes Content-Disposition with an ASCII fallback and the UTF-8 name", () => {
    expect(contentDisposition("attachment", 'Übersicht "neu".docx')).toBe(
      `attachment; filename="Ubersicht _neu_.docx"; filename*=UTF-8''%C3%9Cbersicht%20%22neu%22.docx`,
    );
  });
});
