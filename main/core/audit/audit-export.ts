/**
 * The audit log viewer's export: what the filter finds (newest first, at most AUDIT_EXPORT_MAX_ROWS)
 * as an .xlsx with Chinese headers, Beijing times and the kinds' Chinese names. Every text cell is
 * escaped against formula injection (preload/contract/spreadsheet-cells.ts): a name or detail that begins with
 * = + - @ is written as text.
 */
import ExcelJS from 'exceljs';
import { auditEntityName, auditKindName } from '../../../preload/contract/audit-kinds';
import type { AuditFilter, AuditRow } from '../../../preload/contract/audit-schemas';
import type { FileResponse } from '../../../preload/contract/roster-schemas';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import { safeCellValue } from '../../../preload/contract/spreadsheet-cells';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Longest detail text kept in a cell (Excel's own limit is 32,767 characters). */
const DETAIL_MAX = 2000;

function beijing(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
  if (text === '{}') return '';
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX)}…` : text;
}

/** The rows as a workbook: one sheet of rows, a second one saying what was asked. */
export async function auditWorkbook(
  rows: readonly AuditRow[],
  about: { centreName: string; filter: AuditFilter; total: number; exportedAt: Date; actorName: (id: string) => string | null },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '时间（北京时间）', width: 20 },
    { header: '操作人', width: 12 },
    { header: '操作', width: 22 },
    { header: '对象类型', width: 10 },
    { header: '对象', width: 28 },
    { header: '对象编号', width: 38 },
    { header: '详情', width: 80 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow(
      [
        beijing(r.at),
        r.actorName ?? (r.actorId === null || r.actorId === 'system' ? '系统' : '其他值班台人员'),
        auditKindName(r.kind, 'zh-CN'),
        auditEntityName(r.entity, 'zh-CN'),
        r.subject ?? '',
        r.entityId ?? '',
        detailText(r.detail),
      ].map(safeCellValue),
    );
  }
  const info = wb.addWorksheet('导出说明');
  info.columns = [{ width: 16 }, { width: 60 }];
  const f = about.filter;
  const lines: [string, string][] = [
    ['指挥中心', about.centreName],
    ['导出时间', beijing(about.exportedAt.toISOString())],
    ['操作人', f.actorId ? (about.actorName(f.actorId) ?? '（未知人员）') : '全部'],
    ['操作类型', f.kinds && f.kinds.length > 0 ? f.kinds.map((k) => auditKindName(k, 'zh-CN')).join('、') : '全部'],
    ['起始时间', f.from ? beijing(f.from) : '不限'],
    ['截止时间', f.to ? beijing(f.to) : '不限'],
    ['符合条件', `${about.total} 条`],
    ['本文件', rows.length < about.total ? `最新的 ${rows.length} 条（请缩小条件分批导出其余记录）` : `${rows.length} 条`],
  ];
  for (const line of lines) info.addRow(line.map(safeCellValue));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function auditExportFile(
  rows: readonly AuditRow[],
  about: { centreName: string; filter: AuditFilter; total: number; exportedAt: Date; actorName: (id: string) => string | null },
): Promise<FileResponse> {
  const day = beijing(about.exportedAt.toISOString()).slice(0, 10);
  return { fileName: `${about.centreName}审计日志-${day}.xlsx`, mimeType: XLSX, dataBase64: (await auditWorkbook(rows, about)).toString('base64') };
}
