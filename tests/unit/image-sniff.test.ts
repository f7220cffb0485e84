import { describe, expect, it } from "vitest";
import { sniffImage } from "~/uploads/sniff";
import { HTML_PAGE, SVG_WITH_SCRIPT, TINY_GIF, TINY_JPEG, TINY_PNG, solidPng } from "../support/images";

describe("uploaded images are known by their bytes, not their name", () => {
  it("accepts real PNG and JPEG bytes", () => {
    expect(sniffImage(TINY_PNG)).toEqual({ contentType: "image/png", extension: "png" });
    expect(sniffImage(solidPng(120, 40, [200, 30, 30]))).toEqual({ contentType: "image/png", extension: "png" });
    expect(sniffImage(TINY_JPEG)).toEqual({ contentType: "image/jpeg", extension: "jpg" });
  });

  it("refuses an SVG (it can carry script), an HTML page, a GIF and empty files", () => {
    expect(sniffImage(SVG_WITH_SCRIPT)).toBeNull();
    expect(sniffImage(HTML_PAGE)).toBeNull();
    expect(sniffImage(TINY_GIF)).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });

  it("refuses a file that only starts like an image", () => {
    // An HTML page behind the PNG signature or the JPEG start marker.
    expect(sniffImage(Buffer.concat([TINY_PNG.subarray(0, 8), HTML_PAGE]))).toBeNull();
    expect(sniffImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), HTML_PAGE]))).toBeNull();
  });

  it("refuses truncated images", () => {
    expect(sniffImage(TINY_PNG.subarray(0, TINY_PNG.length - 1))).toBeNull();
    expect(sniffImage(TINY_PNG.subarray(0, 40))).toBeNull();
    expect(sniffImage(TINY_PNG.subarray(0, 8))).toBeNull();
    expect(sniffImage(TINY_JPEG.subarray(0, TINY_JPEG.length - 2))).toBeNull();
    expect(sniffImage(TINY_JPEG.subarray(0, 3))).toBeNull();
  });
});
