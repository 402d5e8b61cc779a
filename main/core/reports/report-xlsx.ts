/**
 * 值班日报 as an .xlsx (exceljs), from the report's stored content: one sheet per part of the report,
 * Chinese headers, Beijing times. Every text cell passes through safeCellValue (the product's escape
 * against formula injection, preload/contract/spreadsheet-cells.ts), as the 历史事件 export does.
 */
import ExcelJS from 'exceljs';
import type { DutyReportContent } from '../../../preload/contract/report-schemas';
import { safeCellValue } from '../../../preload/contract/spreadsheet-cells';
import { beijingMinute } from './report-content';
import { alarmSummary, alarmWord, figureLines, KIND_TITLES, levelWord, secondsText, stageName, stateWord } from './report-words';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const time = (iso: string | null): string => (iso ? beijingMinute(iso) : '');

function sheet(wb: ExcelJS.Workbook, name: string, columns: [string, number][], rows: unknown[][]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map(([header, width]) => ({ header, width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map(safeCellValue));
}

export async function renderReportXlsx(c: DutyReportContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const title = KIND_TITLES[c.kind];
  sheet(
    wb,
    '概况',
    [
      ['项目', 22],
      ['本期', 48],
      ['上期', 36],
    ],
    [
      ['指挥中心', c.centreName, ''],
      ['报告', `${title} ${c.label}`, ''],
      ['统计时段（北京时间）', `${beijingMinute(c.from)} 至 ${beijingMinute(c.to)}`, ''],
      ['生成时间', beijingMinute(c.generatedAt), ''],
      ['生成人', c.generatedByName ?? '交接班签署后自动生成', ''],
      ...figureLines(c),
      ['告警', alarmSummary(c), ''],
    ],
  );
  sheet(
    wb,
    '事件分类',
    [
      ['类别', 24],
      ['件数', 10],
    ],
    [...c.byCategory.map((x) => [x.name, x.count]), [], ['状态', '件数'], ...c.byState.map((x) => [stateWord(x.state), x.count])],
  );
  sheet(
    wb,
    '重大事件',
    [
      ['事件', 30],
      ['等级', 10],
      ['状态', 10],
      ['类别', 16],
      ['网格', 16],
      ['上报时间', 18],
      ['情况报告', 10],
      ['报告时间', 18],
      ['报告人', 12],
      ['内容', 60],
    ],
    c.serious.flatMap((e) => {
      const head = [e.title, levelWord(e.level), stateWord(e.state), e.categoryName, e.gridName ?? '', time(e.reportedAt)];
      if (e.situationReports.length === 0) return [[...head, '尚无', '', '', '']];
      return e.situationReports.map((r) => [...head, stageName(r, e.situationReports), time(r.at), r.byName ?? '', r.text]);
    }),
  );
  sheet(
    wb,
    '超期事件',
    [
      ['事件', 30],
      ['等级', 10],
      ['状态', 10],
      ['牵头岗位', 16],
      ['办结时限', 18],
      ['办结时间', 18],
      ['情形', 12],
    ],
    c.overdue.map((e) => [e.title, levelWord(e.level), stateWord(e.state), e.leadPostName ?? '', time(e.resolveDue), time(e.closedAt), e.closedLate ? '超期办结' : '超期未办结']),
  );
  sheet(
    wb,
    '挂账事件',
    [
      ['事件', 30],
      ['等级', 10],
      ['状态', 10],
      ['牵头岗位', 16],
      ['复核日期', 12],
      ['说明', 40],
    ],
    c.held.map((e) => [e.title, levelWord(e.level), stateWord(e.state), e.leadPostName ?? '', e.reviewBy ?? '', e.note ?? '']),
  );
  sheet(
    wb,
    '告警',
    [
      ['告警时间', 18],
      ['类型', 14],
      ['事件', 30],
      ['确认人', 12],
      ['确认时间', 18],
      ['用时', 14],
      ['用时（秒）', 10],
    ],
    c.alarms.rows.map((a) => [time(a.raisedAt), alarmWord(a.kind), a.eventTitle ?? '', a.ackedByName ?? '', time(a.ackedAt), secondsText(a.ackSeconds), a.ackSeconds ?? '']),
  );
  sheet(
    wb,
    '值班人员',
    [
      ['日期', 12],
      ['班次', 10],
      ['开始', 18],
      ['结束', 18],
      ['岗位', 16],
      ['人员', 30],
    ],
    c.duty.flatMap((s) => s.roles.map((r) => [s.date, s.name, time(s.startsAt), time(s.endsAt), r.label, r.names.join('、')])),
  );
  sheet(
    wb,
    '交接班',
    [
      ['班次', 24],
      ['交班人', 12],
      ['接班人', 12],
      ['签署时间', 18],
    ],
    c.handovers.map((h) => [h.shift, h.outgoingName ?? '', h.incomingName ?? '', time(h.signedAt)]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
