// The participant export: UTF-8 with BOM and ";" so that a German Excel opens it with
// umlauts intact, and every cell that a spreadsheet would read as a formula is defused.
export type ExportRow = {
  name: string;
  department: string;
  email: string;
  status: string;
  registeredAt: string;
  attended: string;
};

const HEADER = ["Name", "Fachbereich/Amt", "E-Mail", "Status", "Angemeldet am", "Anwesend"];

/** OWASP CSV injection: a leading = + - @ (or tab/CR) makes a cell a formula; a quote defuses it. */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: string): string {
  const safe = defuseFormula(value);
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Any table as the German CSV: BOM, ";", CRLF, formulas defused. */
export function germanCsv(lines: readonly (readonly string[])[]): string {
  return `\uFEFF${lines.map((line) => line.map(cell).join(";")).join("\r\n")}\r\n`;
}

export function participantsCsv(rows: ExportRow[]): string {
  return germanCsv([HEADER, ...rows.map((r) => [r.name, r.department, r.email, r.status, r.registeredAt, r.attended])]);
}
