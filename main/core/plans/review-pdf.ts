/**
 * The after-action review (复盘) as a PDF (pdfkit, the CJK font the app ships): the centre, the
 * plan and how it was started, the figures (duration against plan, delays), every step with its
 * planned and actual times and minutes late, the delays with who held them, and the timeline. A run
 * ended early says so under its heading (提前结束, who, when, why) and lists the tasks never done and
 * those skipped; it never says "no delays" (the review's `noDelays`).
 */
import type { PlanLogEntry, PlanReview, ReviewEndedEarly, ReviewStep } from '../../../preload/contract/plan-schemas';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import { finishWithFooter, openPdf, pdfHeading, pdfSection } from '../pdf-document';

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
  /** Delays empty, but the run ended with tasks never done: not "no delays". */
  noDelaysDone: (n: number) => `已完成的步骤均未超时；但预案提前结束，${n} 项任务未完成，不能视为按时完成。`,
  stillOpen: '预案仍在执行，尚有步骤未完成。',
  endedEarly: (e: ReviewEndedEarly) => `提前结束：${e.total} 项任务中完成 ${e.done} 项，${e.skipped > 0 ? `跳过 ${e.skipped} 项，` : ''}未完成 ${e.notDone} 项`,
  endedBy: (e: ReviewEndedEarly) => `由 ${e.endedByName ?? '—'} 于 ${beijingText(e.endedAt)}（北京时间）结束；原因：${e.reason || '未填写'}`,
  unfinished: '未完成的任务',
  leftIn: { waiting: '未下达', dispatched: '待签收', acknowledged: '处置中' } as Record<string, string>,
  skipped: '已跳过的任务',
  skippedBy: (by: string | null, at: string | null) => `${by ?? '—'}${at ? ` 于 ${beijingText(at).slice(11)}` : ''} 跳过`,
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
  const section = (title: string) => pdfSection(pdf, title, { accent: ACCENT, ink: INK });

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

  // Ended early: the counts, who ended it and why, then every task never done and every one skipped.
  if (r.endedEarly) {
    doc.moveDown(0.5);
    doc.fillColor(LATE).fontSize(12).text(WORDS.endedEarly(r.endedEarly), left, doc.y, { width });
    doc.fillColor(INK).fontSize(10).text(WORDS.endedBy(r.endedEarly), { width });
    section(WORDS.unfinished);
    for (const u of r.unfinished) {
      ensure(18);
      doc
        .fillColor(INK)
        .fontSize(10)
        .text(`${u.title} — ${u.postName}（${WORDS.held} ${u.holderName ?? '—'}）：${WORDS.leftIn[u.leftIn] ?? u.leftIn}`, left, doc.y, { width });
    }
  }
  if (r.skipped.length > 0) {
    section(WORDS.skipped);
    for (const k of r.skipped) {
      ensure(18);
      doc
        .fillColor(GREY)
        .fontSize(10)
        .text(`${k.title} — ${k.postName}：${WORDS.skippedBy(k.skippedByName, k.skippedAt)}${k.reason ? `（${k.reason}）` : ''}`, left, doc.y, { width });
    }
  }

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
  if (r.noDelays) doc.fillColor(GREY).fontSize(10).text(WORDS.noDelays, left, doc.y, { width });
  else if (r.delays.length === 0)
    doc
      .fillColor(r.endedEarly ? LATE : GREY)
      .fontSize(10)
      .text(r.endedEarly ? WORDS.noDelaysDone(r.endedEarly.notDone) : WORDS.stillOpen, left, doc.y, { width });
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
