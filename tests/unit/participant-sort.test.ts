import { describe, expect, it } from "vitest";
import { parseParticipantSort, sortParticipants } from "~/participants/sort";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 9, minute));
const rows = [
  { name: "Zora", status: "attended" as const, registeredAt: at(1), position: null },
  { name: "Anna", status: "confirmed" as const, registeredAt: at(5), position: null },
  { name: "Wim", status: "waitlisted" as const, registeredAt: at(2), position: 2 },
  { name: "Ben", status: "waitlisted" as const, registeredAt: at(3), position: 1 },
  { name: "Ölaf", status: "confirmed" as const, registeredAt: at(4), position: null },
  { name: "Carl", status: "offered" as const, registeredAt: at(0), position: null },
  { name: "Aaron", status: "attended" as const, registeredAt: at(6), position: null },
];
const names = (list: typeof rows) => list.map((r) => r.name);

describe("participants list order", () => {
  it("by name: places by German name order, then offers, then the waitlist in its order", () => {
    expect(names(sortParticipants(rows, "name"))).toEqual(["Aaron", "Anna", "Ölaf", "Zora", "Carl", "Ben", "Wim"]);
  });

  it("not yet present first, for the door", () => {
    expect(names(sortParticipants(rows, "offen"))).toEqual(["Anna", "Ölaf", "Aaron", "Zora", "Carl", "Ben", "Wim"]);
  });

  it("by registration time, and an unknown parameter falls back to name", () => {
    expect(names(sortParticipants(rows, "angemeldet"))).toEqual(["Carl", "Zora", "Wim", "Ben", "Ölaf", "Anna", "Aaron"]);
    expect(parseParticipantSort("x; drop table")).toBe("name");
    expect(parseParticipantSort("offen")).toBe("offen");
  });
});
