/**
 * 考核评价's export: the figures the page shows (figures.ts, the same numbers) as an .xlsx — one row per
 * group, each figure with the previous period beside it, rates as percentages, averages in minutes —
 * and a second sheet saying what was asked. Text cells are escaped against formula injection
 * (preload/contract/spreadsheet-cells.ts): a group named =1+1 is written as text.
 */
import ExcelJS from 'exceljs';
import type { FigureColumn, MetricsFigures } from '../../../preload/contract/metrics-schemas';
import { FIGURE_COLUMNS, FIGURE_KIND, figureBasis, figureValue } from '../../../preload/contract/metrics-schemas';
import { safeCellValue } from '../../../preload/contract/spreadsheet-cells';
import { beijingDate, BEIJING_OFFSET_MS } from '../beijing-time';

/** The figures' names in the workbook (docs/metrics.md). */
export const FIGURE_NAMES: Readonly<Record<FigureColumn, string>> = {
  acceptOnTime: '按时受理率',
  dispatchOnTime: '按时派单率',
  onSceneOnTime: '按时到场率',
  closeOnTime: '按期办结率',
  overdue: '超期件数',
  avgAccept: '平均受理时长（分钟）',
  avgHandle: '平均处置时长（分钟）',
  returnRate: '退回率',
  reworkRate: '返工率',
  followUpRate: '回访率',
  satisfaction: '满意率',
  firstReportOnTime: '首报及时率',
  received: '受理件数',
  newlyHeld: '新增挂账',
  heldNow: '挂账数（当前）',
};

const GROUP_WORDS: Readonly<Record<MetricsFigures['groupBy'], string>> = {
  town: '全镇',
  board: '板块',
  post: '岗位',
  village: '村（社区）',
  grid: '网格',
  person: '人员',
};

const beijingTime = (iso: string): string => new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** A cell's value: a rate as a fraction (shown as a percentage), minutes to one decimal, a count; empty for nothing counted. */
function cell(value: number | null, column: FigureColumn): number | null {
  if (value === null) return null;
  return FIGURE_KIND[column] === 'minutes' ? Math.round(value * 10) / 10 : value;
}

export async function figuresWorkbook(f: MetricsFigures, about: { centreName: string; exportedAt: Date }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('考核评价', { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
  const header1: string[] = [GROUP_WORDS[f.groupBy]];
  const header2: string[] = [''];
  for (const c of FIGURE_COLUMNS) {
    header1.push(FIGURE_NAMES[c], '', '');
    header2.push('本期', '上期', '本期计数');
  }
  ws.addRow(header1);
  ws.addRow(header2);
  FIGURE_COLUMNS.forEach((_c, i) => ws.mergeCells(1, 2 + i * 3, 1, 4 + i * 3));
  ws.getRow(1).font = { bold: true };
  ws.getRow(2).font = { bold: true };
  ws.getColumn(1).width = 20;
  for (const g of f.groups) {
    const values: (string | number | null)[] = [g.key === '' ? (f.groupBy === 'town' ? '全镇' : '未指定') : g.name];
    for (const c of FIGURE_COLUMNS) {
      const basis = figureBasis(g.current, c);
      values.push(cell(figureValue(g, c), c), cell(figureValue(g, c, 'previous'), c), basis ? `${basis.count}/${basis.of}` : '');
    }
    const row = ws.addRow(values.map(safeCellValue));
    FIGURE_COLUMNS.forEach((c, i) => {
      if (FIGURE_KIND[c] !== 'rate') return;
      row.getCell(2 + i * 3).numFmt = '0.0%';
      row.getCell(3 + i * 3).numFmt = '0.0%';
    });
  }
  const info = wb.addWorksheet('导出说明');
  info.columns = [{ width: 16 }, { width: 70 }];
  const last = beijingDate(new Date(Date.parse(f.to) - 1));
  const lines: [string, string][] = [
    ['指挥中心', about.centreName],
    ['统计期间', `${beijingDate(new Date(f.from))} 至 ${last}（北京时间，含首尾两日）`],
    ['上期', `${beijingDate(new Date(f.previousFrom))} 至 ${beijingDate(new Date(Date.parse(f.from) - 1))}`],
    ['分组', GROUP_WORDS[f.groupBy]],
    ['计算时刻', `${beijingTime(f.now)}（未办结事件按此时刻判断是否超时）`],
    ['导出时间', beijingTime(about.exportedAt.toISOString())],
    ['口径', '各指标定义见 docs/metrics.md；比率在分母为 0 时留空，不记为 100%。挂账事件单独计数，不计入按期办结率。'],
  ];
  for (const l of lines) info.addRow(l.map(safeCellValue));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
