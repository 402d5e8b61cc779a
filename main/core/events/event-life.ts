/**
 * The event's later life (issue #15, PROTOCOL.md v1.1): reclassify (重新定性: category and level,
 * with a reason) and 挂账 (hold: asked by the handler with a reason and a review date, approved by
 * the duty leader; release: back to the ordinary clocks). The changes an action makes are functions
 * here, shared by the local commands, the leader's decision (event-approvals.ts) and an op from the
 * district (event-remote.ts), so every console computes the same row.
 */
import type { HeldEvent, Level } from '../../../preload/contract/schemas';
import { beijingDate } from '../beijing-time';
import { refuse } from '../errors';
import type { Actor } from '../kernel';
import { permit } from '../kernel/permissions';
import { holdChanges, reclassifiedDues, releaseChanges } from './event-clock';
import type { EventContext, EventWrite } from './event-context';
import type { EventRecord } from './event.repository';
import { transition } from './event-transition';
import { LEVEL_RANK } from './event-types';

/** The row after a reclassification; null when this town's catalogue does not know the item. */
export function reclassifyChanges(ctx: EventContext, e: EventRecord, categoryCode: string, level: Level): Partial<EventRecord> | null {
  const before = ctx.town.catalogue.get(e.category_code);
  const after = ctx.town.catalogue.get(categoryCode);
  if (!after) return null;
  const dues = reclassifiedDues(ctx.calendar.current(), e, { limits: (before ?? after).limits, level: e.level as Level }, { limits: after.limits, level });
  return { category_code: categoryCode, board_code: after.boardCode, level, level_rank: LEVEL_RANK[level], ...dues };
}

// The rows of a held and a released event are the clock's (event-clock.ts): the transition releases
// a held event that leaves the handling states with the same function.
export { holdChanges, releaseChanges };

/** What a held event's overdue alarms are settled with (the alarm list shows it). */
export const HOLD_SETTLES_ALARM = '已挂账，不再计入超时';

/** Refuses a review date that is not a real date from today (Beijing) on. */
export function checkReviewBy(reviewBy: string, now: Date): void {
  const t = Date.parse(`${reviewBy}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(reviewBy) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== reviewBy) {
    refuse('review_date_invalid', `not a date: ${reviewBy}`, { reviewBy });
  }
  if (reviewBy < beijingDate(now)) refuse('review_date_invalid', 'the review date is in the past', { reviewBy });
}

/** Applies an approved hold (the leader's own, or a request the leader approved). */
export async function applyHold(
  ctx: EventContext,
  w: EventWrite,
  actor: Actor,
  e: EventRecord,
  req: { reason: string; reviewBy: string },
  at: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  if (e.carried_over) refuse('already_held', 'the event is already held', { id: e.id });
  const payload = { reason: req.reason, reviewBy: req.reviewBy, approvedBy: actor.id };
  await transition(ctx, w, actor, e, 'hold', payload, holdChanges(e, req.reason, req.reviewBy, at), at, extra);
  await ctx.repo.settleOverdueAlarms(w.sql, e.id, HOLD_SETTLES_ALARM, at);
}

export class EventLife {
  constructor(private readonly ctx: EventContext) {}

  reclassify(actor: Actor, req: { eventId: string; categoryCode: string; level: Level; reason: string }): Promise<void> {
    const { ctx } = this;
    return ctx.run('reclassify', actor, 'reclassify', async (tx) => {
      const item = ctx.item(req.categoryCode);
      if (item.active === false) refuse('item_inactive', `catalogue item ${req.categoryCode} is deactivated`, { code: req.categoryCode, name: item.name });
      const e = await ctx.loadTarget(tx.sql, req.eventId);
      if (e.category_code === req.categoryCode && e.level === req.level) refuse('reclassify_unchanged', 'the category and level are the ones the event has');
      const changes = reclassifyChanges(ctx, e, req.categoryCode, req.level)!;
      const previous = { categoryCode: e.category_code, categoryName: ctx.town.catalogue.get(e.category_code)?.name ?? e.category_code, level: e.level };
      // The catalogue's route for the new item, shown again beside the timeline entry.
      const suggested = { suggestedLeadPostId: item.leadPostId, suggestedCooperatingPostIds: [...item.cooperatingPostIds] };
      await transition(ctx, tx, actor, e, 'reclassify', { categoryCode: req.categoryCode, level: req.level, reason: req.reason }, changes, tx.at, {
        previous,
        categoryName: item.name,
        ...suggested,
      });
      tx.emit({ topic: 'events', ids: [e.id] });
    });
  }

  release(actor: Actor, eventId: string, reason: string): Promise<void> {
    const { ctx } = this;
    return ctx.run('release', actor, 'release', async (tx) => {
      const e = await ctx.loadTarget(tx.sql, eventId);
      if (!e.carried_over) refuse('not_held', 'the event is not held', { id: e.id });
      await transition(ctx, tx, actor, e, 'release', { reason }, releaseChanges(e, tx.at), tx.at, { heldSince: e.clock_paused_at });
      tx.emit({ topic: 'events', ids: [e.id] });
      tx.emit({ topic: 'alarms' });
    });
  }

  /** The 挂账 list: held open events, the nearest review first. */
  async holds(actor: Actor): Promise<HeldEvent[]> {
    permit(actor, 'read');
    const { ctx } = this;
    const today = beijingDate(ctx.clock.now());
    const rows = await ctx.kernel.read((sql) => ctx.repo.held(sql, ctx.town.town.townCode));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      level: r.level as Level,
      state: r.state as HeldEvent['state'],
      categoryName: ctx.town.catalogue.get(r.category_code)?.name ?? r.category_code,
      leadPostName: r.lead_post_id ? (ctx.town.posts.get(r.lead_post_id)?.name ?? null) : null,
      reason: r.carry_over_note ?? '',
      reviewBy: r.hold_review_by,
      heldAt: r.clock_paused_at,
      reviewDue: r.hold_review_by <= today,
      version: r.version,
    }));
  }
}
