/**
 * Reads an uploaded workbook (bytes, never a path) into the rows of the sheets it recognises, and
 * every fault on the way at its sheet, row and column: the zip checked before anything inflates it
 * (zip-guard.ts), merged cells, formulas (refused, never evaluated), error values, text that cannot
 * be trusted, missing headings, and each cell against its column's zod schema (sheet-specs.ts).
 */
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { ImportFault, ImportKind } from '../../../../preload/contract/town-import-schemas';
import { unescapeCellText } from '../../../../preload/contract/spreadsheet-cells';
import { SHEETS, type SheetSpec } from './sheet-specs';
import { zipRefusal } from './zip-guard';

/** Rows one sheet may hold (a town has hundreds, not tens of thousands). */
export const MAX_SHEET_ROWS = 20_000;
/** Sheets that are read past without a word (a template's notes). */
const NOTE_SHEETS = new Set(['填写说明', '说明']);

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export const cut = (v: string, n = 80): string => (v.length > n ? `${v.slice(0, n)}…` : v);

/** Collects the faults of one upload, every one of them (the list shown is cut later, the count never). */
export class Faults {
  readonly list: ImportFault[] = [];

  add(file: string, sheet: string | null, row: number | null, column: string | null, reason: string, value: string | null = null): void {
    this.list.push({ file, sheet, row, column, reason, value: value === null ? null : cut(value) });
  }

  get count(): number {
    return this.list.length;
  }
}

export interface SheetRow {
  /** The row number as Excel shows it. */
  readonly row: number;
  /** The values of the cells that passed their schema (a key is absent when its cell did not). */
  readonly values: Record<string, unknown>;
  /** Every cell of the row passed. */
  readonly ok: boolean;
}

export interface ReadSheet {
  readonly spec: SheetSpec;
  readonly file: string;
  readonly rows: SheetRow[];
  /** column key → its letter in this sheet. */
  readonly letters: Readonly<Record<string, string>>;
}

/**
 * OOXML writes a character XML cannot hold (a control character) as `_xHHHH_` (and `_x005F_` for
 * the underscore of such a text): read back as the character it stands for, so that it is refused.
 */
const decodeEscapes = (text: string): string => (text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text);

/** A cell's text, or why it has none: a formula, an error value, something that is not a value. */
function cellText(cell: ExcelJS.Cell): { text: string } | { reason: string; value: string } {
  const read = rawCellText(cell);
  return 'text' in read ? { text: decodeEscapes(read.text) } : read;
}

function rawCellText(cell: ExcelJS.Cell): { text: string } | { reason: string; value: string } {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'number') return Number.isFinite(v) ? { text: String(v) } : { reason: '单元格不是有效的数字。', value: String(v) };
  if (typeof v === 'boolean') return { text: v ? '是' : '否' };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { reason: '单元格不是有效的日期。', value: '' } : { text: v.toISOString().slice(0, 10) };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      const formula = String(o.formula ?? o.sharedFormula ?? '');
      return { reason: `单元格是公式（=${cut(formula, 40)}），公式不予计算：请复制后“粘贴为数值”。`, value: `=${formula}` };
    }
    if ('error' in o) return { reason: `单元格是错误值 ${String(o.error)}：请改成正确的内容。`, value: String(o.error) };
    if ('richText' in o && Array.isArray(o.richText)) return { text: (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('') };
    if ('text' in o) {
      const t = o.text;
      if (typeof t === 'string') return { text: t };
      if (t && typeof t === 'object' && 'richText' in t && Array.isArray((t as { richText: unknown[] }).richText))
        return { text: (t as { richText: { text?: unknown }[] }).richText.map((r) => String(r.text ?? '')).join('') };
    }
  }
  return { reason: '单元格的内容无法读取（不是文字或数字）。', value: '' };
}

/** The heading as written, without a required mark (`人员编号*`, `人员编号（必填）`). */
function heading(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[*＊]$/, '')
    .replace(/[（(]必填[)）]$/, '');
}

export function readSheet(ws: ExcelJS.Worksheet, spec: SheetSpec, file: string, faults: Faults): ReadSheet | null {
  const sheet = spec.name;
  for (const range of ws.model.merges ?? []) {
    const first = /^\$?([A-Z]+)\$?(\d+)/.exec(range);
    faults.add(file, sheet, first ? Number(first[2]) : null, first ? first[1] : null, `合并单元格 ${range}：每个单元格只填一项，请取消合并后再导入。`, range);
  }
  if (ws.rowCount > MAX_SHEET_ROWS + 1) {
    faults.add(file, sheet, null, null, `工作表有 ${ws.rowCount} 行，超过上限 ${MAX_SHEET_ROWS} 行：请检查是否有大量空行或无关数据。`);
    return null;
  }
  // Row 1: the headings, in any order; unknown ones are ignored.
  const letters: Record<string, string> = {};
  const columnOf = new Map<string, number>();
  const headerRow = ws.getRow(1);
  for (let c = 1; c <= Math.max(headerRow.cellCount, spec.columns.length); c++) {
    const cell = headerRow.getCell(c);
    const read = cellText(cell);
    if ('reason' in read) {
      faults.add(file, sheet, 1, columnLetter(c), read.reason, read.value);
      continue;
    }
    const h = heading(read.text);
    const column = spec.columns.find((x) => x.header === h);
    if (!column) continue;
    if (columnOf.has(column.key)) {
      faults.add(file, sheet, 1, columnLetter(c), `标题“${column.header}”出现了两次（另一列在 ${letters[column.key]} 列）：请删掉一列。`, read.text);
      continue;
    }
    columnOf.set(column.key, c);
    letters[column.key] = columnLetter(c);
  }
  const missing = spec.columns.filter((c) => c.required && !columnOf.has(c.key));
  for (const c of missing) faults.add(file, sheet, 1, null, `缺少“${c.header}”列：第 1 行应是标题行，请对照模板补上这一列。`, null);
  if (missing.length > 0) return { spec, file, rows: [], letters };

  const rows: SheetRow[] = [];
  const shape = spec.row.shape as Readonly<Record<string, z.ZodType>>;
  // Formulas anywhere in the sheet (also outside the columns read) are refused: nothing is evaluated.
  const read = new Set<number>(columnOf.values());
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (read.has(c)) return;
      const t = cellText(cell);
      if ('reason' in t && t.value.startsWith('=')) faults.add(file, sheet, r, columnLetter(c), t.reason, t.value);
    });
    const texts = new Map<string, string>();
    let ok = true;
    for (const [key, c] of columnOf) {
      const cell = row.getCell(c);
      const t = cellText(cell);
      if ('reason' in t) {
        faults.add(file, sheet, r, columnLetter(c), t.reason, t.value);
        ok = false;
        texts.set(key, '\u0000');
        continue;
      }
      texts.set(key, unescapeCellText(t.text.trim()));
    }
    if ([...texts.values()].every((t) => t === '')) continue; // an empty row
    const values: Record<string, unknown> = {};
    for (const [key, text] of texts) {
      if (text === '\u0000') continue;
      const letter = letters[key];
      if (LONE_SURROGATE.test(text) || CONTROL.test(text)) {
        faults.add(file, sheet, r, letter, '单元格含有控制字符或残缺字符（可能是从别处粘贴带来的）：请删掉后重新输入这一格。', text.replace(CONTROL, '�'));
        ok = false;
        continue;
      }
      const parsed = shape[key].safeParse(text);
      if (parsed.success) values[key] = parsed.data;
      else {
        faults.add(file, sheet, r, letter, parsed.error.issues[0]?.message ?? '格式不对。', text);
        ok = false;
      }
    }
    rows.push({ row: r, values, ok });
  }
  return { spec, file, rows, letters };
}

export interface ReadWorkbook {
  readonly kinds: ImportKind[];
  readonly sheets: ReadSheet[];
}

/** Reads the workbook's known sheets; a fault for whatever cannot be read. Never throws on bad bytes. */
export async function readWorkbook(bytes: Buffer, file: string, faults: Faults): Promise<ReadWorkbook> {
  const empty: ReadWorkbook = { kinds: [], sheets: [] };
  const refusal = await zipRefusal(bytes);
  if (refusal) {
    faults.add(file, null, null, null, refusal);
    return empty;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    faults.add(file, null, null, null, `无法读取这个 .xlsx 文件（${cut(error instanceof Error ? error.message : String(error), 60)}）：请用 Excel 或 WPS 重新另存为 .xlsx。`);
    return empty;
  }
  const sheets: ReadSheet[] = [];
  const names = wb.worksheets.map((w) => w.name.trim());
  for (const ws of wb.worksheets) {
    const name = ws.name.trim();
    const spec = SHEETS.find((s) => s.name === name) as SheetSpec | undefined;
    if (!spec) continue;
    const sheet = readSheet(ws, spec, file, faults);
    if (sheet) sheets.push(sheet);
  }
  if (sheets.length === 0) {
    const others = names.filter((n) => !NOTE_SHEETS.has(n));
    faults.add(
      file,
      others[0] ?? null,
      null,
      null,
      `认不出这是哪张表：工作表应名为“人员”“账号”“岗位”“村社区”和“网格”“分类”和“事项”（现在是：${cut(others.join('、') || '无', 60)}）。请下载模板对照。`,
    );
  }
  const kinds = [...new Set(sheets.map((s) => s.spec.kind))];
  return { kinds, sheets };
}
