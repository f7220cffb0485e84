import { createHash } from "node:crypto";
import { fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { encodeQr, formatBits, type QrMatrix } from "~/room/qr";
import {
  liveCodeFrom,
  livePhase,
  mayOpenLive,
  moveWithinSection,
  normaliseLiveCode,
  presenterIndex,
  sortRunningOrder,
  timeLeftLabel,
  visibleOnPhones,
} from "~/room/rules";

const NOW = new Date("2027-03-01T10:00:00Z");
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);
const session = (over: Partial<Parameters<typeof livePhase>[0]> = {}) => ({
  startsAt: min(-10),
  endsAt: min(80),
  status: "published",
  calledOffAt: null,
  liveOpenedAt: null,
  liveClosedAt: null,
  ...over,
});

describe("running order", () => {
  const item = (id: number, sectionId: number | null, votes: number, runningPosition: number | null = null) => ({
    id,
    sectionId,
    votes,
    runningPosition,
  });

  it("sorts by the agreement's section order, unknown sections after known ones, unfiled last; then positions, votes, age", () => {
    const items = [item(1, null, 9), item(2, 30, 0), item(3, 10, 1), item(4, 10, 5), item(5, 99, 0), item(6, 10, 1, 1), item(7, 10, 5)];
    expect(sortRunningOrder(items, [10, 20, 30]).map((i) => i.id)).toEqual([6, 4, 7, 3, 2, 5, 1]);
  });

  it("moving keeps every id once and stays put at the edges", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.boolean(),
        (ids, pick, up) => {
          const id = ids[pick % ids.length]!;
          const moved = moveWithinSection(ids, id, up ? "up" : "down");
          const at = ids.indexOf(id);
          if ((up && at === 0) || (!up && at === ids.length - 1)) return moved === null;
          return moved !== null && [...moved].sort().join() === [...ids].sort().join() && moved.indexOf(id) === at + (up ? -1 : 1);
        },
      ),
    );
  });

  it("the presenter's ?q= stays within the list", () => {
    expect(presenterIndex(null, 5)).toBe(1);
    expect(presenterIndex("3", 5)).toBe(3);
    expect(presenterIndex("99", 5)).toBe(5);
    expect(presenterIndex("0", 5)).toBe(1);
    expect(presenterIndex("-2", 5)).toBe(1);
    expect(presenterIndex("abc", 5)).toBe(1);
    expect(presenterIndex("2", 0)).toBe(1);
  });

  it("says the time left in minutes, hours and minutes, or that it is up", () => {
    expect(timeLeftLabel(min(23), NOW)).toBe("noch 23 Min.");
    expect(timeLeftLabel(min(80), NOW)).toBe("noch 1 Std. 20 Min.");
    expect(timeLeftLabel(min(0), NOW)).toBe("Zeit abgelaufen");
    // Before the start the clock counts down to the start, not to the end.
    expect(timeLeftLabel(min(100), NOW, min(10))).toBe("beginnt in 10 Min.");
    expect(timeLeftLabel(min(100), NOW, min(-5))).toBe("noch 1 Std. 40 Min.");
  });
});

describe("live phase", () => {
  it("opens from 30 minutes before the start until the end, only for a published session that was not called off", () => {
    expect(mayOpenLive(session({ startsAt: min(31), endsAt: min(120) }), NOW)).toBe(false);
    expect(mayOpenLive(session({ startsAt: min(30), endsAt: min(120) }), NOW)).toBe(true);
    expect(mayOpenLive(session(), NOW)).toBe(true);
    expect(mayOpenLive(session({ endsAt: NOW }), NOW)).toBe(false);
    expect(mayOpenLive(session({ status: "cancelled" }), NOW)).toBe(false);
    expect(mayOpenLive(session({ calledOffAt: min(-1) }), NOW)).toBe(false);
  });

  it("is open between opening and closing, and ends with the session", () => {
    expect(livePhase(session(), NOW)).toBe("not_opened");
    expect(livePhase(session({ liveOpenedAt: min(-5) }), NOW)).toBe("open");
    expect(livePhase(session({ liveOpenedAt: min(-5), liveClosedAt: min(-1) }), NOW)).toBe("closed");
    // Closed earlier, opened again since.
    expect(livePhase(session({ liveOpenedAt: min(-1), liveClosedAt: min(-5) }), NOW)).toBe("open");
    expect(livePhase(session({ liveOpenedAt: min(-5) }), min(80))).toBe("ended");
    expect(livePhase(session({ liveOpenedAt: min(-5), calledOffAt: min(-1) }), NOW)).toBe("ended");
  });

  it("phones show accepted and answered questions; new live ones only in open mode", () => {
    expect(visibleOnPhones({ status: "submitted", source: "live" }, "moderated")).toBe(false);
    expect(visibleOnPhones({ status: "submitted", source: "live" }, "open")).toBe(true);
    expect(visibleOnPhones({ status: "submitted", source: "before" }, "open")).toBe(false);
    expect(visibleOnPhones({ status: "accepted", source: "before" }, "moderated")).toBe(true);
    expect(visibleOnPhones({ status: "rejected", source: "live" }, "open")).toBe(false);
  });

  it("codes use letters that cannot be mistaken for each other; typing ignores case and spaces", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        const code = liveCodeFrom(bytes);
        return /^[A-HJKMNP-Z2-9]{6}$/.test(code) && normaliseLiveCode(` ${code.toLowerCase().slice(0, 3)} ${code.slice(3)} `) === code;
      }),
    );
    expect(normaliseLiveCode("ABC10O")).toBeNull();
    expect(normaliseLiveCode("ABCDEFG")).toBeNull();
  });
});

describe("QR encoder", () => {
  const finderAt = (m: QrMatrix, x: number, y: number) => {
    for (let dy = 0; dy < 7; dy++) {
      for (let dx = 0; dx < 7; dx++) {
        const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
        if (m[y + dy]![x + dx] !== (ring !== 2)) return false;
      }
    }
    return true;
  };
  const readFormat = (m: QrMatrix) => {
    let bits = 0;
    const first = [
      [8, 0],
      [8, 1],
      [8, 2],
      [8, 3],
      [8, 4],
      [8, 5],
      [8, 7],
      [8, 8],
      [7, 8],
      [5, 8],
      [4, 8],
      [3, 8],
      [2, 8],
      [1, 8],
      [0, 8],
    ];
    first.forEach(([x, y], i) => {
      if (m[y!]![x!]) bits |= 1 << i;
    });
    return bits;
  };

  it("draws finder, timing and format patterns of a valid level-M symbol in the smallest version", () => {
    for (const [text, version] of [
      ["x", 1],
      ["https://ki-info.stadt.example/s/K7QX2M", 3],
      ["a".repeat(100), 6],
      ["b".repeat(150), 8],
    ] as const) {
      const m = encodeQr(text);
      const size = 17 + 4 * version;
      expect(m).toHaveLength(size);
      expect(finderAt(m, 0, 0) && finderAt(m, size - 7, 0) && finderAt(m, 0, size - 7)).toBe(true);
      for (let i = 8; i < size - 8; i++) {
        expect(m[6]![i]).toBe(i % 2 === 0);
        expect(m[i]![6]).toBe(i % 2 === 0);
      }
      const format = readFormat(m);
      expect([0, 1, 2, 3, 4, 5, 6, 7].map(formatBits)).toContain(format);
      expect(m[size - 8]![8]).toBe(true);
    }
  });

  it("stays the symbol that a reader decoded (zbarimg 0.23 read it as the URL when this test was written)", () => {
    const m = encodeQr("https://ki-info.stadt.example/s/K7QX2M");
    const hash = createHash("sha256")
      .update(m.map((row) => row.map((d) => (d ? "1" : "0")).join("")).join("\n"))
      .digest("hex");
    expect(hash).toBe("19483f8f7696570fdabe4fc65d95176112b0e3195268150aafe5a4d7429e3914");
  });

  it("refuses text longer than version 10 holds", () => {
    expect(() => encodeQr("z".repeat(300))).toThrow(RangeError);
  });
});
