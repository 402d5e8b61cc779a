/**
 * The SLA sweep: the system's housekeeping over the events' clocks. Every clock that ran out raises
 * one alarm per breach; an acknowledge timeout re-dispatches to the B holder where A held the task.
 * A clock nearing its limit raises 即将到期 first (event-alarms.ts). A held event (挂账) has no
 * running clock, so no breach and no 即将到期: its review date raises a reminder instead.
 */
import { beijingDate } from '../beijing-time';
import { SYSTEM, withCommandScope } from '../kernel';
import { fallbackHolder } from '../posts/acting-holder';
import type { HolderAt } from '../town/town.service';
import { dueSoonEvents, dueSoonKey, SETTLED_CLOCK_STOPPED, SETTLED_GONE, SETTLED_OVERDUE, staleEventAlarms } from './event-alarms';
import type { EventContext } from './event-context';
import { EventSituationReport } from './event-situation-report';
import { dispatchIn } from './event-transition';

/** Events looked at per sweep (the next sweep takes the rest). */
const SWEEP_BATCH = 500;

export class EventSweep {
  constructor(private readonly ctx: EventContext) {}

  /** Returns the number of events touched. */
  sweep(): Promise<number> {
    // Housekeeping, not a person's request: it never takes over the command id or the version of
    // whatever request happened to wake it (a clock jump), or its commands would replay each other.
    return withCommandScope({}, () => this.run());
  }

  private async run(): Promise<number> {
    const { ctx } = this;
    const now = ctx.clock.now();
    const at = now.toISOString();
    const due = await ctx.kernel.read((sql) => ctx.repo.overdue(sql, at, SWEEP_BATCH));
    let touched = 0;
    for (const row of due) {
      const changed = await ctx.kernel.run({ name: 'events.sweep', actor: SYSTEM, audit: false }, async (tx) => {
        const key = `overdue:${row.id}:${row.due_kind}:${row.due_at}`;
        // The overdue alarm replaces the clock's 即将到期.
        await tx.settleAlarm(dueSoonKey(row.id, row.due_kind), SETTLED_OVERDUE);
        let result: boolean;
        if (row.due_kind !== 'acknowledge') {
          result = await tx.raiseAlarm({ key, kind: 'overdue', eventId: row.id, detail: { dueKind: row.due_kind, dueAt: row.due_at }, at });
        } else {
          const event = await ctx.load(tx.sql, row.id);
          if (event.state !== 'dispatched' || event.due_at !== row.due_at) return false;
          const raised = await tx.raiseAlarm({ key, kind: 'ack_timeout', eventId: row.id, detail: { dueKind: 'acknowledge', dueAt: row.due_at }, at });
          const assignments = (await ctx.repo.assignments(tx.sql, row.id)).filter((a) => a.active === 1);
          const holders = new Map<string, HolderAt>();
          let fallback = false;
          for (const a of assignments) {
            const post = ctx.town.posts.get(a.post_id);
            const b = post && !a.acknowledged_at ? fallbackHolder(post, a.holder_as, (id) => ctx.town.canActAt(id, post, now)) : null;
            if (b) fallback = true;
            holders.set(a.post_id, b ?? { personId: a.person_id, as: a.holder_as });
          }
          if (fallback && event.lead_post_id) {
            await dispatchIn(ctx, tx, SYSTEM, event, event.lead_post_id, JSON.parse(event.coop_post_ids) as string[], undefined, at, holders, 'ack_timeout');
            result = true;
          } else {
            result = raised;
          }
        }
        if (result) {
          tx.emit({ topic: 'events', ids: [row.id] });
          tx.emit({ topic: 'alarms' });
        }
        return result;
      });
      if (changed) touched += 1;
    }
    return touched + (await this.dueSoon(at)) + (await this.reviews(now)) + (await new EventSituationReport(ctx).sweep(at));
  }

  /**
   * 即将到期: one alarm per event and clock once a running clock has less than SLA_WARN_LEFT of its
   * limit left; and the settling of the event alarms whose reason went some other way than a
   * transition here (a sync reset, a return's pause, a sync page).
   */
  private async dueSoon(at: string): Promise<number> {
    const { ctx } = this;
    const [soon, stale] = await ctx.kernel.read(async (sql) => [await dueSoonEvents(sql, at, SWEEP_BATCH), await staleEventAlarms(sql, SWEEP_BATCH)] as const);
    if (soon.length === 0 && stale.length === 0) return 0;
    return ctx.kernel.run({ name: 'events.sweep', actor: SYSTEM, audit: false }, async (tx) => {
      let raised = 0;
      for (const row of soon) {
        const detail = { dueKind: row.due_kind, dueAt: row.due_at };
        if (await tx.raiseAlarm({ key: dueSoonKey(row.id, row.due_kind), kind: 'due_soon', eventId: row.id, detail, at })) raised += 1;
      }
      for (const a of stale) await tx.settleAlarm(a.key, a.kind === 'due_soon' ? SETTLED_CLOCK_STOPPED : SETTLED_GONE);
      tx.emit({ topic: 'alarms' });
      return raised + stale.length;
    });
  }

  /** A held event (挂账) whose review date has come: one reminder per review date. */
  private async reviews(now: Date): Promise<number> {
    const { ctx } = this;
    const at = now.toISOString();
    const due = await ctx.kernel.read((sql) => ctx.repo.holdsToReview(sql, beijingDate(now), SWEEP_BATCH));
    if (due.length === 0) return 0;
    return ctx.kernel.run({ name: 'events.sweep', actor: SYSTEM, audit: false }, async (tx) => {
      let raised = 0;
      for (const row of due) {
        const key = `hold_review:${row.id}:${row.hold_review_by}`;
        if (await tx.raiseAlarm({ key, kind: 'hold_review', eventId: row.id, detail: { reviewBy: row.hold_review_by }, at })) raised += 1;
      }
      if (raised > 0) tx.emit({ topic: 'alarms' });
      return raised;
    });
  }
}
