/**
 * The after-action review (复盘) as a PDF (pdfkit, the CJK font the app ships): the centre, the
 * plan and how it was started, the figures (duration against plan, delays), every step with its
 * planned and actual times and minutes late, the delays with who held them, and the timeline.
 */
import type { PlanLogEntry, PlanReview, ReviewStep } from '../../../preload/contract/plan-schemas';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import { finishWithFooter, openPdf, pdfHeading } from '../pdf-document';

/** "YYYY-MM-DD HH:mm" in Beijing time (as the handover's PDF prints it). */
function beijingText(iso: string): string {
  const t = new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

const WORDS = {
  title: '预案处置复盘报告',
  drill: '演练',
  real: '实战',
  status: { running: '进行中', finished: '已完成', ended: '已终止' } as Record<string, string>,
  taskStatus: { waiting: '未下达', dispatched: '已下达', acknowledged: '已签收', done: '已完成', skipped: '已跳过', cancelled: '已取消' } as Record<string, string>,
  rule: { A: 'A岗', B: 'B岗', on_call: '值守', none: '无人' } as Record<string, string>,
  started: (by: string, at: string) => `${by} 于 ${beijingText(at)} 启动`,
  trigger: '触发事件',
  scenario: '演练情景',
  endReason: '终止原因',
  figures: (r: PlanReview) => `实际用时 ${r.durationMinutes} 分钟 · 计划用时 ${r.plannedMinutes} 分钟 · 步骤 ${r.steps.length} 个 · 延误 ${r.delays.length} 处`,
  steps: '各步骤计划与实际',
  head: ['步骤', '岗位 / 责任人', '计划完成', '签收', '完成', '超时'],
  delays: '延误清单',
  noDelays: '无延误，各步骤均按时完成。',
  ackLate: (m: number) => `签收迟 ${m} 分钟`,
  doneLate: (m: number) => `完成迟 ${m} 分钟`,
  held: '责任人',
  notReleased: '未下达',
  timeline: '处置时间线',
  log: {
    started: '启动预案',
    released: '下达任务',
    acknowledged: '签收',
    completed: '完成',
    skipped: '跳过',
    ack_overdue: '签收超时',
    overdue: '完成超时',
    ended: '终止预案',
    finished: '全部任务完成',
    uncovered: 'A、B岗均不在岗',
    escalated: '升级提醒',
  } satisfies Record<PlanLogEntry['kind'], string>,
  printed: '打印于',
  page: (n: number, of: number) => `第 ${n} 页，共 ${of} 页`,
};

const INK = '#1f2329';
const GREY = '#646a73';
const LINE = '#d0d3d6';
const ACCENT = '#1456f0';
const LATE = '#c62828';

function time(iso: string | null): string {
  return iso ? beijingText(iso).slice(11) : '—';
}

function lateText(s: ReviewStep): string {
  const parts: string[] = [];
  if ((s.ackLateMinutes ?? 0) > 0) parts.push(WORDS.ackLate(s.ackLateMinutes!));
  if ((s.doneLateMinutes ?? 0) > 0) parts.push(WORDS.doneLate(s.doneLateMinutes!));
  return parts.join('\n');
}

export function renderReviewPdf(r: PlanReview, ctx: { fontFile: string; printedAt: string }): Promise<Buffer> {
  const pdf = openPdf({ fontFile: ctx.fontFile, title: `${r.centreName} ${WORDS.title}`, margins: { top: 48, bottom: 64, left: 40, right: 40 } });
  const { doc, left, width, ensure } = pdf;
  const section = (title: string) => {
    ensure(50);
    doc.moveDown(0.6);
    const y = doc.y;
    doc.rect(left, y + 2, 3, 13).fill(ACCENT);
    doc
      .fillColor(INK)
      .fontSize(13)
      .text(title, left + 10, y, { width: width - 10 });
    doc.moveDown(0.3);
  };

  const tag = r.run.drill ? WORDS.drill : WORDS.real;
  const tagColor = r.run.drill ? '#b26a00' : ACCENT;
  pdfHeading(pdf, { centre: r.centreName, title: WORDS.title, tag, tagColor, ink: INK, grey: GREY, line: LINE });
  doc
    .fillColor(INK)
    .fontSize(14)
    .text(`《${r.run.name}》 ${WORDS.status[r.run.status] ?? r.run.status}`, left, doc.y, { width });
  doc.fontSize(11).text(WORDS.started(r.run.startedByName, r.run.startedAt), { width });
  if (r.run.eventTitle) doc.text(`${WORDS.trigger}：${r.run.eventTitle}`, { width });
  if (r.run.scenario) doc.text(`${WORDS.scenario}：${r.run.scenario}`, { width });
  if (r.run.endReason) doc.text(`${WORDS.endReason}：${r.run.endReason}`, { width });
  doc.moveDown(0.3);
  doc.fillColor(GREY).fontSize(10).text(WORDS.figures(r), { width });

  // The steps as a table.
  section(WORDS.steps);
  const cols = [0.27, 0.25, 0.12, 0.12, 0.12, 0.12].map((f) => f * width);
  const xs = cols.map((_, i) => left + cols.slice(0, i).reduce((a, b) => a + b, 0));
  const row = (cells: string[], colors: string[], size: number) => {
    doc.fontSize(size);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i]! - 6 }))) + 8;
    ensure(h);
    const top = doc.y;
    cells.forEach((c, i) => doc.fillColor(colors[i] ?? INK).text(c, xs[i]! + 3, top + 4, { width: cols[i]! - 6 }));
    doc
      .moveTo(left, top + h)
      .lineTo(left + width, top + h)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
    doc.x = left;
    doc.y = top + h;
  };
  row(
    WORDS.head,
    WORDS.head.map(() => GREY),
    9,
  );
  for (const s of r.steps) {
    const late = lateText(s);
    row(
      [
        `${s.title}\n${WORDS.taskStatus[s.status] ?? s.status}`,
        s.releasedAt ? `${s.postName}\n${s.holderName ?? '—'}（${WORDS.rule[s.rule] ?? s.rule}）` : `${s.postName}\n${WORDS.notReleased}`,
        time(s.plannedDoneAt),
        time(s.ackedAt),
        time(s.doneAt),
        late || '—',
      ],
      [INK, INK, GREY, INK, INK, late ? LATE : GREY],
      10,
    );
  }

  // The delays.
  section(WORDS.delays);
  if (r.delays.length === 0) doc.fillColor(GREY).fontSize(10).text(WORDS.noDelays, left, doc.y, { width });
  for (const d of r.delays) {
    ensure(20);
    doc
      .fillColor(LATE)
      .fontSize(10)
      .text(`${d.title}：${d.kind === 'ack' ? WORDS.ackLate(d.minutes) : WORDS.doneLate(d.minutes)}（${d.postName}，${WORDS.held} ${d.holderName ?? '—'}）`, left, doc.y, {
        width,
      });
  }

  // The timeline.
  section(WORDS.timeline);
  for (const l of r.timeline) {
    const who = l.actorName ?? l.detail.holderName ?? '';
    const text = `${beijingText(l.at)}  ${WORDS.log[l.kind]}${l.stepTitle ? `：${l.stepTitle}` : ''}${l.kind === 'released' && l.detail.holderName ? ` → ${l.detail.holderName}` : who ? ` — ${who}` : ''}${l.detail.reason ? `（${l.detail.reason}）` : ''}`;
    doc.fontSize(9);
    ensure(doc.heightOfString(text, { width }) + 2);
    doc.fillColor(l.kind === 'overdue' || l.kind === 'ack_overdue' ? LATE : INK).text(text, left, doc.y, { width });
  }

  return finishWithFooter(pdf, GREY, (page, pages) => [`${r.centreName} · ${WORDS.title} · ${WORDS.printed} ${beijingText(ctx.printedAt)} · ${WORDS.page(page, pages)}`]);
}
