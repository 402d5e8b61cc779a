/**
 * The roster as the spreadsheet a town publishes (.xlsx through exceljs): a title row with the
 * centre's name and the month, a heading row, then one row per day — date, weekday, one column per
 * shift role (names joined by 、), a remark (the holiday). Reading it back checks everything before
 * anything is imported and reports each problem at its cell: the size before parsing (and the zip's
 * unpacked size, so a small file cannot unpack into gigabytes), the title, the headings, merged
 * cells, formulas, dates (in the month, once each, none missing), and every name.
 */
import ExcelJS from 'exceljs';
import type { ShiftTemplate, SheetProblem, SheetProblemCode } from '../../../preload/contract/roster-schemas';
import { ROSTER_XLSX_MAX_BYTES } from '../../../preload/contract/roster-schemas';
import { escapeCellText, unescapeCellText } from '../../../preload/contract/spreadsheet-cells';
import { parseHm } from '../beijing-time';
import { daysOfMonth, roleKey } from './shift-templates';

/** The words of the sheet (the town's language). */
const WORDS = {
  date: '日期',
  weekday: '星期',
  remark: '备注',
  weekdays: ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  title: (centre: string, month: string) => `${centre}${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月值班表`,
  monthWords: (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`,
  joiner: '、',
};

/** Unpacked size past which a spreadsheet is refused (a month's roster unpacks to well under 1 MB). */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 2000;
/** At most this many problems are reported (the first ones, in sheet order). */
const MAX_PROBLEMS = 50;

export interface RoleColumn {
  readonly header: string;
  readonly templateCode: string;
  readonly roleKey: string;
  readonly count: number;
  /** 1-based column number. */
  readonly column: number;
}

export interface SheetLayout {
  readonly month: string;
  readonly centreName: string;
  readonly title: string;
  readonly headers: readonly string[];
  readonly roles: readonly RoleColumn[];
}

export function sheetLayout(month: string, centreName: string, templates: readonly ShiftTemplate[]): SheetLayout {
  const sorted = [...templates].sort((a, b) => parseHm(a.start) - parseHm(b.start));
  const roles: RoleColumn[] = [];
  let column = 3;
  for (const t of sorted) {
    for (const r of t.roles) {
      roles.push({ header: sorted.length > 1 ? `${t.name}·${r.label}` : r.label, templateCode: t.code, roleKey: roleKey(r), count: r.count, column: column++ });
    }
  }
  return { month, centreName, title: WORDS.title(centreName, month), headers: [WORDS.date, WORDS.weekday, ...roles.map((r) => r.header), WORDS.remark], roles };
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export interface SheetDay {
  readonly date: string;
  readonly weekday: number;
  readonly remark: string | null;
  /** `${templateCode}|${roleKey}` → the names in its slots, in order. */
  readonly names: ReadonlyMap<string, readonly string[]>;
}

export async function writeRosterXlsx(layout: SheetLayout, days: readonly SheetDay[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duty Desk';
  const ws = wb.addWorksheet(WORDS.monthWords(layout.month), { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
  const last = layout.headers.length;
  ws.getCell(1, 1).value = escapeCellText(layout.title);
  ws.mergeCells(1, 1, 1, last);
  ws.getRow(1).height = 28;
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  const header = ws.getRow(2);
  layout.headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = escapeCellText(h);
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EAED' } };
  });
  header.height = 32;
  days.forEach((d, i) => {
    const row = ws.getRow(3 + i);
    row.getCell(1).value = d.date;
    row.getCell(2).value = WORDS.weekdays[d.weekday] ?? '';
    for (const r of layout.roles) row.getCell(r.column).value = escapeCellText((d.names.get(`${r.templateCode}|${r.roleKey}`) ?? []).join(WORDS.joiner));
    row.getCell(last).value = escapeCellText(d.remark ?? '');
    if (d.weekday >= 6 || d.remark) {
      for (let c = 1; c <= last; c++) row.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF4E5' } };
    }
  });
  const thin = { style: 'thin' as const, color: { argb: 'FFBFC4CA' } };
  for (let r = 2; r <= 2 + days.length; r++) {
    for (let c = 1; c <= last; c++) ws.getCell(r, c).border = { top: thin, left: thin, bottom: thin, right: thin };
  }
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 6;
  for (const r of layout.roles) ws.getColumn(r.column).width = Math.max(10, 7 * r.count);
  ws.getColumn(last).width = 12;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ReadCell {
  readonly cell: string;
  readonly role: RoleColumn;
  /** Person ids, in slot order. */
  readonly people: readonly string[];
}

export interface ReadResult {
  readonly problems: SheetProblem[];
  /** date → its row number and role cells. */
  readonly days: Map<string, { row: number; cells: ReadCell[] }>;
}

function problem(code: SheetProblemCode, cell: string | null, value: string | null, message: string, expected: string | null = null): SheetProblem {
  return { cell, code, value, expected, message: cell ? `${cell}: ${message}` : message };
}

/**
 * Checks the zip's central directory before any parser sees the file: unpacked size and number of
 * entries. Returns a problem, or null when the file may be opened.
 */
export function zipProblem(bytes: Buffer): SheetProblem | null {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) return problem('not_xlsx', null, null, 'this is not an .xlsx file');
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return problem('not_xlsx', null, null, 'this is not an .xlsx file (no zip directory)');
  const entries = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (entries > MAX_ZIP_ENTRIES || entries === 0xffff || offset === 0xffffffff)
    return problem('file_too_large', null, String(MAX_UNPACKED_BYTES), 'the spreadsheet unpacks to too many parts');
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return problem('not_xlsx', null, null, 'this .xlsx file is damaged (zip directory)');
    const size = bytes.readUInt32LE(offset + 24);
    if (size === 0xffffffff) return problem('file_too_large', null, String(MAX_UNPACKED_BYTES), 'the spreadsheet unpacks to more than 64 MB');
    unpacked += size;
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  if (unpacked > MAX_UNPACKED_BYTES) return problem('file_too_large', null, String(MAX_UNPACKED_BYTES), 'the spreadsheet unpacks to more than 64 MB');
  return null;
}

/** The text of a cell, or null when it holds something that is not text (a number, a formula…). */
function cellText(cell: ExcelJS.Cell): string | null {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  // An exported text that began with = + - @ carries an apostrophe (spreadsheet-cells.ts): read back without it.
  if (typeof v === 'string') return unescapeCellText(v);
  if (typeof v === 'object' && 'richText' in v && Array.isArray(v.richText)) return unescapeCellText(v.richText.map((r) => r.text).join(''));
  return null;
}

/** A date cell: a date value, `2026-01-05`, `2026/1/5`, or `1月5日` (in the sheet's month). */
function cellDate(cell: ExcelJS.Cell, month: string): string | null {
  const v = cell.value;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  const text = cellText(cell)?.trim();
  if (!text) return null;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  m = /^(\d{1,2})月(\d{1,2})日$/.exec(text);
  if (m) return `${month.slice(0, 4)}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return null;
}

function validDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/**
 * Reads a roster spreadsheet against the expected layout. `lookup` maps a name to the people of
 * that name. Every problem found is listed (up to 50); the caller imports only when there is none.
 */
export async function readRosterXlsx(bytes: Buffer, layout: SheetLayout, lookup: (name: string) => readonly string[]): Promise<ReadResult> {
  const days = new Map<string, { row: number; cells: ReadCell[] }>();
  if (bytes.length > ROSTER_XLSX_MAX_BYTES) {
    return {
      problems: [
        problem('file_too_large', null, String(ROSTER_XLSX_MAX_BYTES), `the file is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is ${ROSTER_XLSX_MAX_BYTES / 1048576} MB`),
      ],
      days,
    };
  }
  const zip = zipProblem(bytes);
  if (zip) return { problems: [zip], days };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return { problems: [problem('not_xlsx', null, null, `this .xlsx file cannot be read (${error instanceof Error ? error.message : String(error)})`)], days };
  }
  const ws = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  if (!ws) return { problems: [problem('no_sheet', null, null, 'the file has no worksheet')], days };
  const problems: SheetProblem[] = [];
  const add = (p: SheetProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };

  // Formulas anywhere, merged cells outside the title row.
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) add(problem('formula', cell.address, cell.formula ?? null, `a formula (=${cell.formula ?? ''}); paste the values instead`));
    });
  });
  for (const range of ws.model.merges ?? []) {
    const rows = range
      .replace(/[A-Z$]/g, '')
      .split(':')
      .map(Number);
    if (rows.some((r) => r !== 1)) add(problem('merged_cells', range, range, `merged cells ${range}; one name per cell, no merging`));
  }

  const title = cellText(ws.getCell(1, 1))?.trim() ?? '';
  if (!title.includes(layout.centreName) || !title.includes(WORDS.monthWords(layout.month))) {
    add(problem('wrong_title', 'A1', title || null, `the title should name ${layout.centreName} and ${WORDS.monthWords(layout.month)}`, layout.title));
  }
  const headerRow = ws.getRow(2);
  const width = Math.max(headerRow.cellCount, layout.headers.length);
  let headersOk = true;
  for (let c = 1; c <= width; c++) {
    const cell = headerRow.getCell(c);
    const text = cellText(cell)?.trim() ?? null;
    const expected = layout.headers[c - 1] ?? null;
    if (expected === null) {
      if (text) {
        headersOk = false;
        add(problem('wrong_header', cell.address, text, `unexpected column "${text}"`, null));
      }
    } else if (text !== expected) {
      headersOk = false;
      add(problem('wrong_header', cell.address, text, `the heading should be "${expected}"`, expected));
    }
  }
  if (!headersOk) return { problems, days };

  const monthDays = new Set(daysOfMonth(layout.month));
  for (let r = 3; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values = layout.headers.map((_, i) => cellText(row.getCell(i + 1)));
    if (values.every((v) => v === '') && !(row.getCell(1).value instanceof Date)) continue; // an empty row
    const dateCell = row.getCell(1);
    const date = cellDate(dateCell, layout.month);
    if (!date || !validDate(date)) {
      add(problem('bad_date', dateCell.address, String(cellText(dateCell) ?? dateCell.value), 'not a date (use 2026-01-05)'));
      continue;
    }
    if (!monthDays.has(date)) {
      add(problem('date_out_of_period', dateCell.address, date, `${date} is not in ${layout.month}`));
      continue;
    }
    if (days.has(date)) {
      add(problem('duplicate_date', dateCell.address, date, `${date} is listed twice (also row ${days.get(date)!.row})`));
      continue;
    }
    const cells: ReadCell[] = [];
    for (const role of layout.roles) {
      const cell = row.getCell(role.column);
      const text = cellText(cell);
      if (text === null) {
        add(problem('not_text', cell.address, String(cell.value), 'not a name'));
        continue;
      }
      const names = text
        .split(/[、，,;；/\s]+/)
        .map((n) => n.trim())
        .filter(Boolean);
      if (names.length > role.count) {
        add(problem('too_many_people', cell.address, text, `${names.length} names for ${role.count} place(s)`, String(role.count)));
        continue;
      }
      const people: string[] = [];
      for (const name of names) {
        const found = lookup(name);
        if (found.length === 0) add(problem('unknown_person', cell.address, name, `unknown person "${name}"`));
        else if (found.length > 1) add(problem('ambiguous_person', cell.address, name, `"${name}" is the name of ${found.length} people`));
        else people.push(found[0]!);
      }
      cells.push({ cell: cell.address, role, people });
    }
    days.set(date, { row: r, cells });
  }
  // A missing day is worth saying only when the dates read cleanly (a mistyped date is reported as that).
  if (!problems.some((p) => p.code === 'bad_date' || p.code === 'date_out_of_period' || p.code === 'duplicate_date')) {
    for (const date of monthDays) if (!days.has(date)) add(problem('missing_date', 'A', date, `${date} has no row`));
  }
  return { problems, days };
}
