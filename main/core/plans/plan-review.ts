/**
 * The after-action review (复盘) of a run: every step planned against actual, the delays with who
 * held them, the timeline; and the same as a PDF.
 */
import type { PlanReview, PlanRun, PlanRunSummary, ReviewDelay, ReviewStep } from '../../../preload/contract/plan-schemas';
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
    const lastDone = run.tasks.reduce((m, t) => (t.doneAt ? Math.max(m, Date.parse(t.doneAt)) : m), startMs);
    const plannedEnd = [...planned.values()].reduce((m, p) => Math.max(m, p.doneMs), startMs);
    return {
      run: { ...plainSummary(run), scenario: run.scenario, startedByName: run.startedByName, endReason: run.endReason },
      centreName: this.ctx.town.town.centreName,
      durationMinutes: Math.round(((run.status === 'ended' ? endMs : Math.max(lastDone, run.endedAt ? endMs : lastDone)) - startMs) / MINUTE),
      plannedMinutes: Math.round((plannedEnd - startMs) / MINUTE),
      steps,
      delays,
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

function plainSummary(run: PlanRun): PlanRunSummary {
  const { id, templateId, name, kind, drill, status, startedAt, endedAt, eventId, eventTitle, done, total, overdue } = run;
  return { id, templateId, name, kind, drill, status, startedAt, endedAt, eventId, eventTitle, done, total, overdue };
}
