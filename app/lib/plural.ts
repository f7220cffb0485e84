// German counts with the right noun form ("1 gültige Zeile", "2 gültige Zeilen"), chosen by
// Intl.PluralRules rather than by hand, and the number written the German way (10.000).
const rules = new Intl.PluralRules("de-DE");
const numbers = new Intl.NumberFormat("de-DE");

/** "1 Termin", "0 Termine", "10.000 Termine". */
export function plural(count: number, one: string, other: string): string {
  return `${numbers.format(count)} ${rules.select(count) === "one" ? one : other}`;
}
