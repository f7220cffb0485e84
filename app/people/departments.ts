// The list of departments (Fachbereiche/Ämter) people choose from in their profile, kept by
// organisers on /admin/settings (decision 023). Pure: the settings form and the profile form
// import it. A department not on the list counts as "Sonstige"; none at all as "ohne Angabe".
import { NO_CONTROL_CHARACTERS } from "~/auth/sign-in.schema";

export const OTHER_DEPARTMENT = "Sonstige";
export const NO_DEPARTMENT = "ohne Angabe";
export const MAX_DEPARTMENTS = 200;
const MAX_LENGTH = 120;

export type DepartmentListResult = { ok: true; departments: string[] } | { ok: false; message: string };

/** One department a line, as typed in the settings textarea. */
export function parseDepartmentList(text: string): DepartmentListResult {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const seen = new Set<string>();
  for (const [index, line] of lines.entries()) {
    const where = `Zeile ${index + 1} („${line.length > 40 ? `${line.slice(0, 40)} …` : line}“)`;
    if (!NO_CONTROL_CHARACTERS.test(line)) return { ok: false, message: `${where} enthält Steuerzeichen wie Tabulatoren.` };
    if (line.length > MAX_LENGTH) return { ok: false, message: `${where} ist länger als ${MAX_LENGTH} Zeichen.` };
    const key = line.toLocaleLowerCase("de-DE");
    if (key === OTHER_DEPARTMENT.toLocaleLowerCase("de-DE") || key === NO_DEPARTMENT.toLocaleLowerCase("de-DE")) {
      return { ok: false, message: `${where}: „${OTHER_DEPARTMENT}“ und „${NO_DEPARTMENT}“ bietet die Anwendung von selbst an.` };
    }
    if (seen.has(key)) return { ok: false, message: `${where} steht zweimal in der Liste.` };
    seen.add(key);
  }
  if (lines.length > MAX_DEPARTMENTS) return { ok: false, message: `Die Liste darf höchstens ${MAX_DEPARTMENTS} Einträge haben.` };
  return { ok: true, departments: lines };
}

/** The report column of a stored department: a listed one, "Sonstige" or "ohne Angabe". */
export function departmentGroup(list: readonly string[], stored: string | null | undefined): string {
  const value = stored?.trim() ?? "";
  if (value === "") return NO_DEPARTMENT;
  const key = value.toLocaleLowerCase("de-DE");
  return list.find((d) => d.toLocaleLowerCase("de-DE") === key) ?? OTHER_DEPARTMENT;
}

/** The profile's choice: a listed department or "Sonstige"; anything else is refused. */
export function isDepartmentChoice(list: readonly string[], value: string): boolean {
  return value === OTHER_DEPARTMENT || list.includes(value);
}
