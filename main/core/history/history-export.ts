/**
 * 历史事件's export: what a search finds (newest first, at most HISTORY_EXPORT_MAX_ROWS) as an .xlsx
 * with Chinese headers and names and Beijing times, and a second sheet saying what was asked. Every
 * text cell is escaped against formula injection (preload/contract/spreadsheet-cells.ts): a title or
 * description that begins with = + - @ is written as text.
 */
import ExcelJS from 'exceljs';
import type { HistoryFilter, HistoryRow } from '../../../preload/contract/history-schemas';
import type { FileResponse } from '../../../preload/contract/roster-schemas';
import { safeCellValue } from '../../../preload/contract/spreadsheet-cells';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import { LEVEL_WORDS, SOURCE_WORDS, STATE_WORDS } from '../../../preload/contract/domain-words';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const LEVELS: Readonly<Record<string, string>> = LEVEL_WORDS;
const STATES: Readonly<Record<string, string>> = STATE_WORDS;
const SOURCES: Readonly<Record<string, string>> = SOURCE_WORDS;

const names = (table: Record<string, string>, codes: readonly string[] | undefined): string => (codes && codes.length > 0 ? codes.map((c) => table[c] ?? c).join('、') : '全部');

function beijing(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export interface HistoryExportAbout {
  centreName: string;
  filter: HistoryFilter;
  total: number;
  exportedAt: Date;
  filterText: { category: string | null; grid: string | null; post: string | null };
}

export async function historyWorkbook(rows: readonly HistoryRow[], about: HistoryExportAbout): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('历史事件', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '上报时间（北京时间）', width: 20 },
    { header: '标题', width: 30 },
    { header: '描述', width: 50 },
    { header: '事项', width: 18 },
    { header: '等级', width: 8 },
    { header: '状态', width: 10 },
    { header: '来源', width: 10 },
    { header: '村（社区）', width: 14 },
    { header: '网格', width: 16 },
    { header: '牵头岗位', width: 16 },
    { header: '办结时间（北京时间）', width: 20 },
    { header: '超期', width: 6 },
    { header: '挂账复核日期', width: 14 },
    { header: '事件编号', width: 38 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow(
      [
        beijing(r.reportedAt),
        r.title,
        r.description ?? '',
        r.categoryName,
        LEVELS[r.level] ?? r.level,
        STATES[r.state] ?? r.state,
        SOURCES[r.source] ?? r.source,
        r.village ?? '',
        r.gridName ?? '',
        r.leadPostName ?? '',
        beijing(r.closedAt),
        r.overdue ? '是' : '否',
        r.holdReviewBy ?? '',
        r.id,
      ].map(safeCellValue),
    );
  }
  const f = about.filter;
  const info = wb.addWorksheet('导出说明');
  info.columns = [{ width: 16 }, { width: 60 }];
  const lines: [string, string][] = [
    ['指挥中心', about.centreName],
    ['导出时间', beijing(about.exportedAt.toISOString())],
    ['搜索词', f.text?.trim() || '（无）'],
    ['起始时间', f.from ? beijing(f.from) : '不限'],
    ['截止时间', f.to ? beijing(f.to) : '不限'],
    ['事项大类', about.filterText.category ?? '全部'],
    ['等级', names(LEVELS, f.levels)],
    ['状态', names(STATES, f.states)],
    ['来源', names(SOURCES, f.sources)],
    ['村（社区）', f.village ?? '全部'],
    ['网格', about.filterText.grid ?? '全部'],
    ['岗位', about.filterText.post ?? '全部'],
    ['超期', f.overdue === undefined ? '全部' : f.overdue ? '仅超期' : '仅未超期'],
    ['挂账', f.held === undefined ? '全部' : f.held ? '仅挂账' : '仅未挂账'],
    ['符合条件', `${about.total} 条`],
    ['本文件', rows.length < about.total ? `最新的 ${rows.length} 条（请缩小条件分批导出其余事件）` : `${rows.length} 条`],
  ];
  for (const line of lines) info.addRow(line.map(safeCellValue));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function historyExportFile(rows: readonly HistoryRow[], about: HistoryExportAbout): Promise<FileResponse> {
  const stamp = beijing(about.exportedAt.toISOString()).replace(/[- :]/g, '').slice(0, 12);
  return { fileName: `历史事件-${stamp}.xlsx`, mimeType: XLSX, dataBase64: (await historyWorkbook(rows, about)).toString('base64') };
}
