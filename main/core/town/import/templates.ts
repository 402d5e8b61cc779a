/**
 * The templates a town fills in: per part, a workbook with its sheets (Chinese headings in row 1,
 * an example row in row 2 whose codes begin with 示例 — refused until replaced — and a 填写说明
 * sheet), and for the shapes a GeoJSON file with one example feature. Written from the same table the
 * import reads (sheet-specs.ts), so an edited template imports.
 */
import ExcelJS from 'exceljs';
import { escapeCellText } from '../../../../preload/contract/spreadsheet-cells';
import { IMPORT_TEMPLATE_FILES, type ImportKind } from '../../../../preload/contract/town-import-schemas';
import { KIND_NAMES, SHEETS, type SheetSpec } from './sheet-specs';

export interface TemplateFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const thin = { style: 'thin' as const, color: { argb: 'FFBFC4CA' } };

/** A sheet of the town's data: headings, then the rows (strings, formula characters escaped). */
export function addDataSheet(wb: ExcelJS.Workbook, spec: SheetSpec, rows: readonly (readonly string[])[], example = false): void {
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.getRow(1);
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = escapeCellText(c.header);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC41D1D' : 'FF1F2329' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EAED' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { top: thin, left: thin, bottom: thin, right: thin };
    if (c.note) cell.note = `${c.required ? '必填。' : '选填。'}${c.note}`;
    ws.getColumn(i + 1).width = c.width;
  });
  header.height = 22;
  rows.forEach((values, r) => {
    const row = ws.getRow(r + 2);
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      // Every value as text (a phone or a code stays as written: 0571…, 001).
      cell.value = escapeCellText(v);
      cell.numFmt = '@';
      if (example) cell.font = { italic: true, color: { argb: 'FF8A9099' } };
    });
  });
}

function notesSheet(wb: ExcelJS.Workbook, specs: readonly SheetSpec[]): void {
  const ws = wb.addWorksheet('填写说明');
  ws.columns = [
    { header: '工作表', width: 10 },
    { header: '列（第 1 行标题）', width: 18 },
    { header: '必填', width: 6 },
    { header: '说明', width: 80 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const s of specs) for (const c of s.columns) ws.addRow([s.name, c.header, c.required ? '是' : '', escapeCellText(c.note)]);
  ws.addRow([]);
  for (const line of [
    '第 1 行是标题，不要改动；第 2 行是示例（编号以“示例”开头），请删除或改成本镇的数据。',
    '再次导入时按编号更新，不会重复添加；表中没有的记录会被停用（保留历史），不会删除。',
    '不要合并单元格，不要使用公式（公式不会被计算，整份文件会被拒绝）；文件不超过 20 MB。',
    '导入前会先预览：列出将新增、修改、停用的内容和每一处错误（工作表、行、列、原因）；有错误时什么也不会保存。',
  ])
    ws.addRow(['', '', '', line]);
}

const EXAMPLE_SHAPES = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: '示例-G01', name: '白鹭社区第一网格' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [120.18, 29.93],
            [120.19, 29.93],
            [120.19, 29.94],
            [120.18, 29.94],
            [120.18, 29.93],
          ],
        ],
      },
    },
  ],
};

export async function templateFile(kind: ImportKind): Promise<TemplateFile> {
  const fileName = IMPORT_TEMPLATE_FILES[kind];
  if (kind === 'shapes') {
    return { fileName, mimeType: 'application/geo+json', bytes: Buffer.from(`${JSON.stringify(EXAMPLE_SHAPES, null, 2)}\n`, 'utf8') };
  }
  const specs = SHEETS.filter((s) => s.kind === kind) as readonly SheetSpec[];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duty Desk';
  wb.title = `${KIND_NAMES[kind]}模板`;
  for (const spec of specs) addDataSheet(wb, spec, [spec.columns.map((c) => c.example)], true);
  notesSheet(wb, specs);
  return { fileName, mimeType: XLSX, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
