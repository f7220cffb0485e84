import { describe, expect, it } from "vitest";
import { profileSchema } from "~/auth/sign-in.schema";

describe("display names", () => {
  it.each([
    ["line feed", "Kalle\nMüller"],
    ["carriage return", "Kalle\rMüller"],
    ["CR LF at the end", "Kalle Müller\r\n"],
    ["NUL", "Kalle\u0000Müller"],
    ["tab", "Kalle\tMüller"],
    ["escape", "Kalle\u001b[31mMüller"],
    ["DEL", "Kalle\u007fMüller"],
    ["C1 next line", "Kalle\u0085Müller"],
    ["C1 CSI", "Kalle\u009bMüller"],
  ])("refuses a name with a %s, with a German message for the field", (_label, displayName) => {
    const parsed = profileSchema.safeParse({ displayName, department: "" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toContainEqual([
      "displayName",
      "Der Name darf keine Steuerzeichen wie Zeilenumbrüche oder Tabulatoren enthalten.",
    ]);
  });

  it("accepts names with quotes, commas, semicolons, umlauts and emoji", () => {
    for (const displayName of ['Müller, "Kalle"; Jr.', "Jürgen Groß-Öztürk", "Ana 🌻 Li", "  Anna  "]) {
      expect(profileSchema.safeParse({ displayName }).success, displayName).toBe(true);
    }
  });
});
