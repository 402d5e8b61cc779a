/**
 * The after-action review (复盘) of a run: every step planned against actual, the delays with who
 * held them, the timeline; and the same as a PDF.
 *
 * A run ended before all its steps were done is reviewed as ended early (提前结束): who ended it, when
 * and why, and each task never done with its post, its holder and the state it was left in; a task
 * skipped on purpose is listed as skipped, not as never done. "No delays" (`noDelays`) is only ever
 * said of a run whose every step was done or skipped, none late: the screen and the PDF both read it
 * from here.
 */
import type {
  PlanReview,
  PlanRun,
  PlanRunSummary,
  PlanTask,
  ReviewDelay,
  ReviewEndedEarly,
  ReviewSkipped,
  ReviewStep,
  ReviewUnfinished,
} from '../../../preload/contract/plan-schemas';
import { beijingDate } from '../beijing-time';
import type { Actor } from '../kernel/actor';
import { MINUTE, type PlanContext } from './plan-context';
import type { PlanQueries } from './plan-queries';
import { OPEN, plannedSchedule } from './plan-rules';
import { renderReviewPdf } from './review-pdf';

export class PlanReviews {
  constructor(
    private readonly ctx: PlanContext,
    private readonly queries: PlanQueries,
  ) {}

  async review(actor: Actor, runId: string): Promise<PlanReview> {
    const run = await this.queries.run(actor, runId);
    const startMs = Date.parse(run.startedAt);
    const endMs = run.endedAt ? Date.parse(run.endedAt) : this.ctx.now().getTime();
    const planned = plannedSchedule(
      run.tasks.map((t) => ({ id: t.stepId, after: t.after, limitMinutes: t.limitMinutes })),
      startMs,
    );
    const minutesLate = (due: string | null, actual: string | null, open: boolean): number | null => {
      if (!due) return null;
      const at = actual ? Date.parse(actual) : open ? endMs : null;
      if (at === null) return null;
      return Math.max(0, Math.round((at - Date.parse(due)) / MINUTE));
    };
    const steps: ReviewStep[] = run.tasks.map((t) => {
      const p = planned.get(t.stepId)!;
      const open = OPEN.has(t.status) || t.status === 'cancelled';
      return {
        stepId: t.stepId,
        title: t.title,
        postName: t.postName,
        holderName: t.holderName,
        rule: t.rule,
        status: t.status,
        plannedStartAt: new Date(p.startMs).toISOString(),
        plannedDoneAt: new Date(p.doneMs).toISOString(),
        releasedAt: t.releasedAt,
        ackDueAt: t.ackDueAt,
        ackedAt: t.ackedAt,
        dueAt: t.dueAt,
        doneAt: t.status === 'done' ? t.doneAt : null,
        ackLateMinutes: t.status === 'skipped' ? null : minutesLate(t.ackDueAt, t.ackedAt, open),
        doneLateMinutes: t.status === 'skipped' ? null : minutesLate(t.dueAt, t.status === 'done' ? t.doneAt : null, open),
      };
    });
    const delays: ReviewDelay[] = [];
    for (const s of steps) {
      if ((s.ackLateMinutes ?? 0) > 0) delays.push({ stepId: s.stepId, title: s.title, kind: 'ack', minutes: s.ackLateMinutes!, holderName: s.holderName, postName: s.postName });
      if ((s.doneLateMinutes ?? 0) > 0)
        delays.push({ stepId: s.stepId, title: s.title, kind: 'done', minutes: s.doneLateMinutes!, holderName: s.holderName, postName: s.postName });
    }
    delays.sort((a, b) => b.minutes - a.minutes);
    const { endedEarly, unfinished, skipped } = unfinishedOf(run);
    const lastDone = run.tasks.reduce((m, t) => (t.doneAt ? Math.max(m, Date.parse(t.doneAt)) : m), startMs);
    const plannedEnd = [...planned.values()].reduce((m, p) => Math.max(m, p.doneMs), startMs);
    return {
      run: { ...plainSummary(run), scenario: run.scenario, startedByName: run.startedByName, endReason: run.endReason },
      centreName: this.ctx.town.town.centreName,
      durationMinutes: Math.round(((run.status === 'ended' ? endMs : Math.max(lastDone, run.endedAt ? endMs : lastDone)) - startMs) / MINUTE),
      plannedMinutes: Math.round((plannedEnd - startMs) / MINUTE),
      steps,
      delays,
      endedEarly,
      unfinished,
      skipped,
      noDelays: delays.length === 0 && run.tasks.every((t) => t.status === 'done' || t.status === 'skipped'),
      timeline: run.log,
    };
  }

  async reviewPdf(actor: Actor, runId: string): Promise<{ fileName: string; mimeType: string; dataBase64: string }> {
    const review = await this.review(actor, runId);
    const pdf = await renderReviewPdf(review, { fontFile: this.ctx.fontFile, printedAt: this.ctx.now().toISOString() });
    const day = beijingDate(new Date(review.run.startedAt));
    return { fileName: `复盘-${review.run.drill ? '演练-' : ''}${review.run.name}-${day}.pdf`, mimeType: 'application/pdf', dataBase64: pdf.toString('base64') };
  }
}

/** The state a task not done was left in: cancelled at the end keeps how far it had got in its times. */
function leftIn(t: PlanTask): ReviewUnfinished['leftIn'] {
  if (t.status === 'waiting' || t.status === 'dispatched' || t.status === 'acknowledged') return t.status;
  if (t.ackedAt) return 'acknowledged';
  return t.releasedAt ? 'dispatched' : 'waiting';
}

/**
 * The tasks a run that is over never did, the ones it skipped, and — when any was never done — the
 * ended-early summary. A running run has nothing "never done" yet.
 */
function unfinishedOf(run: PlanRun): { endedEarly: ReviewEndedEarly | null; unfinished: ReviewUnfinished[]; skipped: ReviewSkipped[] } {
  const skipped: ReviewSkipped[] = run.tasks
    .filter((t) => t.status === 'skipped')
    .map((t) => ({ stepId: t.stepId, title: t.title, postName: t.postName, holderName: t.holderName, skippedAt: t.doneAt, skippedByName: t.doneBy, reason: t.note }));
  if (run.status === 'running') return { endedEarly: null, unfinished: [], skipped };
  const unfinished: ReviewUnfinished[] = run.tasks
    .filter((t) => t.status !== 'done' && t.status !== 'skipped')
    .map((t) => ({ stepId: t.stepId, title: t.title, postName: t.postName, holderName: t.releasedAt ? t.holderName : null, rule: t.rule, leftIn: leftIn(t) }));
  if (unfinished.length === 0) return { endedEarly: null, unfinished, skipped };
  const done = run.tasks.filter((t) => t.status === 'done').length;
  return {
    endedEarly: {
      endedAt: run.endedAt ?? run.startedAt,
      endedByName: run.endedBy,
      reason: run.endReason,
      total: run.tasks.length,
      done,
      skipped: skipped.length,
      notDone: unfinished.length,
    },
    unfinished,
    skipped,
  };
}

function plainSummary(run: PlanRun): PlanRunSummary {
  const { id, templateId, name, kind, drill, status, startedAt, endedAt, eventId, eventTitle, done, total, overdue } = run;
  return { id, templateId, name, kind, drill, status, startedAt, endedAt, eventId, eventTitle, done, total, overdue };
}
