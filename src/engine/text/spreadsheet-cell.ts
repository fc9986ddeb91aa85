// One cell of a CSV or TSV export, safe to open in a spreadsheet: text that would start a formula (CSV/formula
// injection) gets a leading ' as OWASP advises, and CSV cells are quoted where the format needs it.
//
// Numbers are the program's own values and are written as they are, so a numeric column (-0.5, 1e-7) stays
// numeric. Strings are names and messages that came from files, models or devices: every string that could start
// a formula is neutralised, even one that happens to look like a number ("-1.jpg" shows as '-1.jpg).

export type Cell = string | number | null | undefined;

/**
 * OWASP's formula starters (= + - @, tab, CR) plus LF, and the same signs behind leading whitespace, which some
 * importers trim before they look.
 */
const FORMULA_START = /^(?:[\t\r\n]|\s*[=+\-@])/;

/** The cell's text with a would-be formula turned into text; null and undefined are empty. */
export function neutralizeCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or line break. */
export function csvCell(v: Cell): string {
  const s = neutralizeCell(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A TSV field: TSV has no quoting its readers agree on, so tabs and line breaks become one space. */
export function tsvCell(v: Cell): string {
  return neutralizeCell(typeof v === 'string' ? v.replace(/[\t\r\n]+/g, ' ') : v);
}
