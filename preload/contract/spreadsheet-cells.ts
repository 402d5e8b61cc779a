/**
 * Formula injection (OWASP "CSV injection"): a text cell that begins with = + - @ (or a tab or a
 * carriage return, which spreadsheet programs skip before looking for one) is run as a formula once
 * somebody edits the cell, saves the sheet as CSV or pastes it elsewhere — `=HYPERLINK(…)` or
 * `=cmd|…` written by whoever typed an event title or a name. Every .xlsx the product writes passes
 * its text through `escapeCellText`: such a text gets a leading apostrophe and stays text. Reading a
 * sheet back, `unescapeCellText` takes that apostrophe off again, so an export imports unchanged.
 * Numbers, dates and booleans are values, never formulas, and are written as they are.
 */

/** = + - @ tab CR at the start, after any apostrophes (a text that already looks escaped is escaped once more, so it reads back as it was). */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The text as a spreadsheet cell may hold it safely: a leading apostrophe before = + - @ tab CR. */
export function escapeCellText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text as it was before escapeCellText (one leading apostrophe before = + - @ tab CR is taken off). */
export function unescapeCellText(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text) ? text.slice(1) : text;
}

/** A cell's value for an export: text escaped, any other value as it is. */
export function safeCellValue<T>(value: T): T | string {
  return typeof value === 'string' ? escapeCellText(value) : value;
}
