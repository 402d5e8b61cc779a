/**
 * 值班日报 as a PDF: the app's printed-document frame (main/core/pdf-document.ts: A4, the shipped CJK
 * font, the heading and the page footer), printed from the report's stored content.
 */
import type { DutyReportContent } from '../../../preload/contract/report-schemas';
import { finishWithFooter, openPdf, pdfHeading, pdfSection, type PdfPage } from '../pdf-document';
import { beijingMinute } from './report-content';
import { alarmSummary, alarmWord, figureLines, KIND_TITLES, levelWord, secondsText, stageName, stateWord } from './report-words';

const INK = '#1f2329';
const GREY = '#646a73';
const LINE = '#d0d3d6';
const ACCENT = '#1456f0';
const RED = '#c62828';

const section = (p: PdfPage, title: string): void => pdfSection(p, title, { accent: ACCENT, ink: INK }, 60);

function line(p: PdfPage, text: string, options: { color?: string; size?: number; indent?: number } = {}): void {
  const { doc, left, width } = p;
  p.ensure(18);
  const indent = options.indent ?? 0;
  doc
    .fillColor(options.color ?? INK)
    .fontSize(options.size ?? 10)
    .text(text, left + indent, doc.y, { width: width - indent });
  doc.x = left;
}

const none = (p: PdfPage): void => line(p, '（无）', { color: GREY });

export function renderReportPdf(c: DutyReportContent, printedAt: string, fontFile: string): Promise<Buffer> {
  const title = KIND_TITLES[c.kind];
  const pdf = openPdf({ fontFile, title: `${c.centreName} ${title}`, margins: { top: 48, bottom: 64, left: 48, right: 48 } });
  return finish(pdf, c, printedAt, title);
}

function finish(pdf: PdfPage, c: DutyReportContent, printedAt: string, title: string): Promise<Buffer> {
  const { doc, left, width } = pdf;
  pdfHeading(pdf, { centre: c.centreName, title, tag: c.label, tagColor: ACCENT, ink: INK, grey: GREY, line: LINE });
  line(pdf, `统计时段：${beijingMinute(c.from)} 至 ${beijingMinute(c.to)}（北京时间）${c.shiftName ? `，${c.shiftName}` : ''}`);
  line(pdf, `生成时间：${beijingMinute(c.generatedAt)}　生成人：${c.generatedByName ?? '交接班签署后自动生成'}`, { color: GREY });

  section(pdf, '一、主要指标');
  const col = [width * 0.22, width * 0.43, width * 0.35];
  const row = (cells: [string, string, string], color = INK): void => {
    pdf.ensure(18);
    const y = doc.y;
    doc.fillColor(color).fontSize(10);
    doc.text(cells[0], left, y, { width: col[0] - 6 });
    const h0 = doc.y;
    doc.text(cells[1], left + col[0], y, { width: col[1] - 6 });
    const h1 = doc.y;
    doc.text(cells[2], left + col[0] + col[1], y, { width: col[2] });
    doc.x = left;
    doc.y = Math.max(h0, h1, doc.y) + 2;
  };
  row(['指标', '本期', '上期'], GREY);
  for (const l of figureLines(c)) row(l);
  line(pdf, '指标口径与考核评价、大屏一致：按期办结率含超期未办结的事件，挂账事件另计。', { color: GREY, size: 8 });

  section(pdf, '二、事件分类统计');
  if (c.byCategory.length === 0) none(pdf);
  else line(pdf, `按类别：${c.byCategory.map((x) => `${x.name} ${x.count} 件`).join('；')}`);
  if (c.byState.length > 0) line(pdf, `按状态：${c.byState.map((x) => `${stateWord(x.state)} ${x.count} 件`).join('；')}`);

  section(pdf, `三、重大事件及情况报告（${c.serious.length}）`);
  if (c.serious.length === 0) none(pdf);
  for (const e of c.serious) {
    line(pdf, `${e.title}`, { color: RED, size: 11 });
    line(pdf, `${levelWord(e.level)} · ${stateWord(e.state)} · ${e.categoryName}${e.gridName ? ` · ${e.gridName}` : ''} · 上报 ${beijingMinute(e.reportedAt)}`, {
      color: GREY,
      indent: 12,
    });
    if (e.situationReports.length === 0) line(pdf, '尚无首报/续报/终报', { color: GREY, indent: 12 });
    e.situationReports.forEach((r) => {
      const stage = stageName(r, e.situationReports);
      line(pdf, `${stage} ${beijingMinute(r.at)}${r.byName ? ` ${r.byName}` : ''}：${r.text}`, { indent: 12 });
    });
  }

  section(pdf, `四、超期事件（${c.overdue.length}）`);
  if (c.overdue.length === 0) none(pdf);
  for (const e of c.overdue) {
    const due = e.resolveDue ? `办结时限 ${beijingMinute(e.resolveDue)}` : '';
    const what = e.closedLate ? `超期办结 ${e.closedAt ? beijingMinute(e.closedAt) : ''}` : `超期未办结（${stateWord(e.state)}）`;
    line(pdf, `${e.title} · ${levelWord(e.level)} · ${e.leadPostName ?? '—'} · ${due} · ${what}`);
  }

  section(pdf, `五、挂账事件（${c.held.length}）`);
  if (c.held.length === 0) none(pdf);
  for (const e of c.held) line(pdf, `${e.title} · ${levelWord(e.level)} · ${e.leadPostName ?? '—'} · 复核日期 ${e.reviewBy ?? '—'}${e.note ? ` · ${e.note}` : ''}`);

  section(pdf, `六、告警及确认（${c.alarms.total}）`);
  line(pdf, alarmSummary(c));
  for (const a of c.alarms.rows) {
    const ack = a.ackedAt ? `${a.ackedByName ?? '系统'} 于 ${beijingMinute(a.ackedAt)} 确认，用时 ${secondsText(a.ackSeconds)}` : '未确认';
    line(pdf, `${beijingMinute(a.raisedAt)} ${alarmWord(a.kind)}${a.eventTitle ? `：${a.eventTitle}` : ''} · ${ack}`, { color: a.ackedAt ? INK : RED });
  }

  section(pdf, '七、值班人员');
  if (c.duty.length === 0) line(pdf, '本时段没有排班', { color: GREY });
  for (const s of c.duty) {
    const roles = s.roles.map((r) => `${r.label}：${r.names.length > 0 ? r.names.join('、') : '（空缺）'}`).join('；');
    line(pdf, `${s.date} ${s.name}（${beijingMinute(s.startsAt).slice(11)}–${beijingMinute(s.endsAt).slice(11)}）　${roles}`);
  }

  section(pdf, `八、交接班（${c.handovers.length}）`);
  if (c.handovers.length === 0) line(pdf, '本时段没有签署的交接班', { color: GREY });
  for (const h of c.handovers) {
    line(pdf, `${h.shift}　交班人 ${h.outgoingName ?? '—'}　接班人 ${h.incomingName ?? '—'}　签署时间 ${h.signedAt ? beijingMinute(h.signedAt) : '—'}`);
  }

  return finishWithFooter(pdf, GREY, (page, pages) => [`${c.centreName} ${c.label} ${KIND_TITLES[c.kind]}　打印时间 ${beijingMinute(printedAt)}`, `第 ${page} / ${pages} 页`]);
}
