/**
 * The handover as a PDF (pdfkit): the centre's name, both shifts, the figures of the shift, every
 * item with its confirmation or note, both signatures with their times, and the SHA-256 of the
 * signed content on every page. Printed in the centre's language (zh-CN) with the CJK font the app
 * ships in resources/fonts — nothing is loaded from the system.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Handover, HandoverItem, HandoverItemKind, ShiftRef } from '../../../preload/contract/roster-schemas';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import { finishWithFooter, openPdf, pdfHeading } from '../pdf-document';
import { CLOCK_WORDS, LEVEL_WORDS, STATE_WORDS } from '../../../preload/contract/domain-words';

/** The words printed on the document. */
const WORDS = {
  title: '交接班记录',
  signed: '已签署',
  draft: '未签署（草稿）',
  signing: '签署中',
  outgoingShift: '交班班次',
  incomingShift: '接班班次',
  none: '（无）',
  figures: (s: Handover['stats']) =>
    `本班受理 ${s.reported} 件 · 办结 ${s.closed} 件 · 在办 ${s.open} 件 · 超时 ${s.overdue} 件 · 挂账 ${s.held ?? 0} 件 · 待区级 ${s.waitingDistrict} 件 · 值班日志 ${s.dutyLog} 条`,
  sections: {
    overdue_event: '超时事件',
    waiting_district: '待区级处理（退回、上报）',
    open_event: '在办事件',
    plan: '运行中的预案',
    alarm: '未确认的告警',
    duty_log: '本班值班日志',
    check: '固定检查项目',
    note: '交代事项',
  } satisfies Record<HandoverItemKind, string>,
  confirmed: '已确认',
  note: '批注',
  outgoing: '交班人',
  incoming: '接班人',
  signedAt: '签署时间',
  unsigned: '（未签署）',
  fingerprint: '内容指纹 SHA-256',
  printed: '打印时间',
  page: (i: number, n: number) => `第 ${i} / ${n} 页`,
  nextDay: '次日',
  // A return here is to the district (the words the console shows say it shorter).
  states: { ...STATE_WORDS, returned: '已退回区级' } as Record<string, string>,
  levels: LEVEL_WORDS as Record<string, string>,
  clocks: CLOCK_WORDS as Record<string, string>,
  logKinds: { call: '来电', instruction: '上级指示', action: '处置', other: '其他' } as Record<string, string>,
  due: '时限',
  lead: '牵头',
  carriedOver: '已挂账',
  pendingReturn: '退回待审批',
  raised: '告警时间',
};

/** The CJK font the app ships (resources/fonts/README.md: what it is, its licence). */
export const HANDOVER_FONT = 'NotoSansCJKsc-Regular-subset.otf';

/** The shipped font in the first of the resource folders that has it (a packaged app keeps it inside app.asar). */
export function handoverFontFile(resourceDirs: readonly string[]): string {
  for (const dir of resourceDirs) {
    const file = path.join(dir, 'fonts', HANDOVER_FONT);
    if (existsSync(file)) return file;
  }
  return path.join(resourceDirs[0] ?? '.', 'fonts', HANDOVER_FONT);
}

export interface PdfContext {
  readonly centreName: string;
  readonly fontFile: string;
  readonly printedAt: string;
  readonly postName: (id: string) => string | null;
}

/** `2026-01-05 08:30` in Beijing time. */
export function beijingText(iso: string): string {
  const t = new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

function shiftText(s: ShiftRef | null): string {
  if (!s || !s.startsAt) return WORDS.none;
  const start = beijingText(s.startsAt);
  const end = beijingText(s.endsAt);
  const endText = end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : `${WORDS.nextDay}${end.slice(11)}`;
  return `${s.date} ${s.name}（${start.slice(11)}–${endText}）`;
}

function itemMeta(item: HandoverItem): string {
  const d = item.detail;
  const parts: string[] = [];
  switch (item.kind) {
    case 'overdue_event':
    case 'open_event':
    case 'waiting_district':
      if (d.level) parts.push(WORDS.levels[d.level] ?? d.level);
      if (d.state) parts.push(WORDS.states[d.state] ?? d.state);
      if (d.leadPostName) parts.push(`${WORDS.lead}：${d.leadPostName}`);
      if (d.dueAt) parts.push(`${WORDS.clocks[d.dueKind ?? ''] ?? ''}${WORDS.due} ${beijingText(d.dueAt)}`);
      if (d.carriedOver) parts.push(WORDS.carriedOver);
      if (d.pendingReturn) parts.push(WORDS.pendingReturn);
      break;
    case 'duty_log':
      if (d.at) parts.push(beijingText(d.at));
      if (d.logKind) parts.push(WORDS.logKinds[d.logKind] ?? d.logKind);
      if (d.author) parts.push(d.author);
      break;
    case 'alarm':
      if (d.raisedAt) parts.push(`${WORDS.raised} ${beijingText(d.raisedAt)}`);
      break;
    default:
      break;
  }
  return parts.join(' · ');
}

const INK = '#1f2329';
const GREY = '#646a73';
const LINE = '#d0d3d6';
const ACCENT = '#1456f0';
const NOTE = '#b26a00';

export function renderHandoverPdf(h: Handover, ctx: PdfContext): Promise<Buffer> {
  const pdf = openPdf({ fontFile: ctx.fontFile, title: `${ctx.centreName} ${WORDS.title}`, margins: { top: 48, bottom: 64, left: 48, right: 48 } });
  const { doc, left, width, ensure } = pdf;

  const status = h.status === 'signed' ? WORDS.signed : h.status === 'signing' ? WORDS.signing : WORDS.draft;
  const statusColor = h.status === 'signed' ? '#2e7d32' : '#c62828';
  pdfHeading(pdf, { centre: ctx.centreName, title: WORDS.title, tag: status, tagColor: statusColor, ink: INK, grey: GREY, line: LINE });

  doc.fillColor(INK).fontSize(11);
  doc.text(`${WORDS.outgoingShift}：${shiftText(h.shift)}`, left, doc.y, { width });
  doc.text(`${WORDS.incomingShift}：${shiftText(h.nextShift)}`, { width });
  doc.moveDown(0.4);
  doc.fillColor(GREY).fontSize(10).text(WORDS.figures(h.stats), { width });
  doc.moveDown(0.8);

  // The items, section by section.
  const kinds = Object.keys(WORDS.sections) as HandoverItemKind[];
  for (const kind of kinds) {
    const items = h.items.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    ensure(60);
    const y = doc.y;
    doc.rect(left, y + 2, 3, 13).fill(ACCENT);
    doc
      .fillColor(INK)
      .fontSize(13)
      .text(`${WORDS.sections[kind]}（${items.length}）`, left + 10, y, { width: width - 10 });
    doc.moveDown(0.3);
    for (const item of items) {
      const meta = itemMeta(item);
      const noteText = item.note ? `${WORDS.note}：${item.note}${item.notedByName ? ` — ${item.notedByName}` : ''}${item.notedAt ? ` ${beijingText(item.notedAt)}` : ''}` : '';
      const confirmText = item.confirmed
        ? `${WORDS.confirmed}${item.confirmedByName ? ` — ${item.confirmedByName}` : ''}${item.confirmedAt ? ` ${beijingText(item.confirmedAt)}` : ''}`
        : '';
      doc.fontSize(11);
      const textWidth = width - 26;
      const height =
        doc.heightOfString(item.title, { width: textWidth }) +
        (meta ? doc.fontSize(9).heightOfString(meta, { width: textWidth }) : 0) +
        (confirmText ? doc.fontSize(9).heightOfString(confirmText, { width: textWidth }) : 0) +
        (noteText ? doc.fontSize(9).heightOfString(noteText, { width: textWidth }) : 0) +
        10;
      ensure(height);
      const top = doc.y;
      // The box: ticked when confirmed; a dash when annotated instead (handed over with a note).
      const annotatedOnly = !item.confirmed && !!item.note;
      doc
        .lineWidth(1)
        .strokeColor(item.confirmed ? ACCENT : annotatedOnly ? NOTE : GREY)
        .rect(left + 2, top + 2, 11, 11)
        .stroke();
      if (item.confirmed) {
        doc
          .lineWidth(1.6)
          .strokeColor(ACCENT)
          .moveTo(left + 4, top + 7.5)
          .lineTo(left + 7, top + 10.5)
          .lineTo(left + 11.5, top + 4)
          .stroke();
      } else if (annotatedOnly) {
        doc
          .lineWidth(1.6)
          .strokeColor(NOTE)
          .moveTo(left + 4.5, top + 7.5)
          .lineTo(left + 10.5, top + 7.5)
          .stroke();
      }
      doc
        .fillColor(INK)
        .fontSize(11)
        .text(item.title, left + 20, top, { width: textWidth });
      if (meta)
        doc
          .fillColor(GREY)
          .fontSize(9)
          .text(meta, left + 20, doc.y, { width: textWidth });
      if (confirmText)
        doc
          .fillColor(GREY)
          .fontSize(9)
          .text(confirmText, left + 20, doc.y, { width: textWidth });
      if (noteText)
        doc
          .fillColor(NOTE)
          .fontSize(9)
          .text(noteText, left + 20, doc.y, { width: textWidth });
      doc.y += 6;
    }
    doc.moveDown(0.5);
  }

  // The signatures, kept together.
  ensure(110);
  doc.moveDown(0.5);
  const boxTop = doc.y;
  const boxWidth = (width - 16) / 2;
  const signature = (x: number, label: string, s: Handover['outgoing']) => {
    doc.lineWidth(1).strokeColor(LINE).rect(x, boxTop, boxWidth, 84).stroke();
    doc
      .fillColor(GREY)
      .fontSize(10)
      .text(label, x + 12, boxTop + 10, { width: boxWidth - 24 });
    doc
      .fillColor(INK)
      .fontSize(16)
      .text(s ? s.name : WORDS.unsigned, x + 12, boxTop + 28, { width: boxWidth - 24 });
    doc
      .fillColor(GREY)
      .fontSize(10)
      .text(`${WORDS.signedAt}：${s ? beijingText(s.signedAt) : '—'}`, x + 12, boxTop + 58, { width: boxWidth - 24 });
  };
  signature(left, WORDS.outgoing, h.outgoing);
  signature(left + boxWidth + 16, WORDS.incoming, h.incoming);

  // Every page: the fingerprint of the signed content, when it was printed, the page number.
  const fingerprint = h.contentHash ? `${WORDS.fingerprint}：${h.contentHash}` : `${WORDS.fingerprint}：${WORDS.unsigned}`;
  return finishWithFooter(pdf, GREY, (page, pages) => [fingerprint, `${WORDS.printed} ${beijingText(ctx.printedAt)} · ${WORDS.page(page, pages)}`]);
}
