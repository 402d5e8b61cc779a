/**
 * 回访 (follow-up, issue #16, PROTOCOL.md v1.1): the call back to the reporter after an event is
 * closed, the result recorded (follow_up: satisfied, basically satisfied, unsatisfied, with a text),
 * and the reopen an unsatisfied call may lead to.
 *
 * The reopen's clock rule: a reopened event goes back to `reported` and is open again, as a fresh
 * piece of work. Its clocks count from the reopen, never from the first report: the accept clock
 * starts at the reopen (the item's and level's accept limit), and the acknowledge, on-scene and
 * resolve clocks start at its next dispatch. What the first round did (accepted, dispatched, posts'
 * tasks, resolved, closed) is cleared from the row and stays in the timeline. The same function
 * computes the row for a local reopen and for one from the other console (event-remote.ts).
 *
 * 未接通 (the reporter could not be reached) is not a value of PROTOCOL's follow_up: it is kept on
 * this console only (a timeline row `follow_up_unreachable`, no op), and the event stays on the list
 * to call again (docs/protocol-decisions.md).
 *
 * The list to call back (followUps): every closed event of level serious and above, plus a share of
 * the rest chosen by a hash of the event id (the same on every console), closed in the range asked,
 * not yet followed up since its last close.
 */
import type { FollowUpCandidate, FollowUpListRequest, Level } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel';
import { getMeta, setMeta } from '../kernel/meta.repository';
import { permit } from '../kernel/permissions';
import { deadline } from '../sla/sla';
import { freshRound, type EventContext } from './event-context';
import type { Satisfaction } from './event-lifecycle';
import type { EventRecord } from './event.repository';
import { transition } from './event-transition';
import { LEVEL_RANK } from './event-types';

/** The share of events below serious called back when none is asked for (percent). */
export const DEFAULT_FOLLOW_UP_SHARE = 20;

/** Where the town's share is kept (the `meta` table): the 回访 list's default and 回访率's rule. */
const SHARE_KEY = 'follow_up.share_percent';

/** The town's share of events below serious to call back (percent): set by a leader, else the default. */
export async function followUpShare(sql: Sql): Promise<number> {
  const stored = await getMeta(sql, SHARE_KEY);
  const v = Number(stored);
  return stored !== null && Number.isInteger(v) && v >= 0 && v <= 100 ? v : DEFAULT_FOLLOW_UP_SHARE;
}

/** 回访's rule as the assessment figures take it (main/core/metrics/figures.ts, through app-core.ts). */
export const FOLLOW_UP_RULE = {
  share: followUpShare,
  due: (eventId: string, level: string, sharePercent: number): boolean => isSampled(eventId, level as Level, sharePercent) !== null,
};

/** The console-only timeline action of a call nobody answered (未接通). */
export const FOLLOW_UP_UNREACHABLE = 'follow_up_unreachable';

/** A number in [0, 1) from the event id (FNV-1a, 32 bits): the same on every console. */
export function samplePoint(eventId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i++) {
    h ^= eventId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
}

/** Whether a closed event is to be called back: serious and above always, the rest by its sample point. */
export function isSampled(eventId: string, level: Level, sharePercent: number): 'serious' | 'sampled' | null {
  if (LEVEL_RANK[level] >= LEVEL_RANK.serious) return 'serious';
  return samplePoint(eventId) < sharePercent / 100 ? 'sampled' : null;
}

/** The row of a reopened event: back to reported, open, its clocks counted from `at` (see the rule above). */
export function reopenChanges(ctx: EventContext, e: EventRecord, at: string): Partial<EventRecord> {
  const item = ctx.town.catalogue.get(e.category_code);
  const acceptDue = item ? deadline(ctx.calendar.current(), new Date(at), 'accept', item.limits, e.level as Level).toISOString() : null;
  // The transition sets the state and whether it is open, and which clock is watched (event-transition.ts).
  return freshRound(acceptDue);
}

export class EventFollowUp {
  constructor(private readonly ctx: EventContext) {}

  /** Records the call's result (回访); unsatisfied does not reopen by itself (reopen is its own command). */
  followUp(actor: Actor, eventId: string, req: { satisfaction: Satisfaction; text: string }): Promise<void> {
    const { ctx } = this;
    return ctx.run('followUp', actor, 'followUp', async (tx) => {
      const e = await ctx.loadTarget(tx.sql, eventId);
      await transition(ctx, tx, actor, e, 'follow_up', { satisfaction: req.satisfaction, text: req.text }, {}, tx.at);
      tx.emit({ topic: 'events', ids: [e.id] });
    });
  }

  /** 未接通: kept on this console only (no op: PROTOCOL's follow_up has no such value); the event stays on the list. */
  unreachable(actor: Actor, eventId: string, text: string): Promise<void> {
    const { ctx } = this;
    return ctx.run('followUpUnreachable', actor, 'followUp', async (tx) => {
      const e = await ctx.loadTarget(tx.sql, eventId);
      if (e.state !== 'closed') refuse('conflict', `follow_up cannot start from ${e.state}`, { action: 'follow_up', state: e.state });
      await ctx.repo.appendTimeline(tx.sql, {
        eventId,
        action: FOLLOW_UP_UNREACHABLE,
        fromState: null,
        toState: null,
        actorId: actor.id,
        at: tx.at,
        payload: { followUp: 'unreachable', text },
      });
      tx.emit({ topic: 'events', ids: [e.id] });
    });
  }

  /** Reopens a closed event: back to reported, open, its own clocks from now (the posts' old tasks end). */
  reopen(actor: Actor, eventId: string, reason: string): Promise<void> {
    const { ctx } = this;
    return ctx.run('reopen', actor, 'reopen', async (tx) => {
      const e = await ctx.loadTarget(tx.sql, eventId);
      await transition(ctx, tx, actor, e, 'reopen', { reason }, reopenChanges(ctx, e, tx.at), tx.at, { closedAt: e.closed_at });
      await ctx.deactivateAssignments(tx.sql, e.id);
      tx.emit({ topic: 'events', ids: [e.id] });
    });
  }

  /** The town's share of events below serious to call back (percent). */
  share(actor: Actor): Promise<number> {
    permit(actor, 'read');
    return this.ctx.kernel.read((sql) => followUpShare(sql));
  }

  /** Sets the town's share (a leader's or an administrator's): the list's default and 回访率's rule from now on. */
  async setShare(actor: Actor, sharePercent: number): Promise<void> {
    if (!Number.isInteger(sharePercent) || sharePercent < 0 || sharePercent > 100) refuse('invalid', 'the share is a whole percent from 0 to 100', { field: 'sharePercent' });
    const audit = { entity: 'setting', entityId: SHARE_KEY, detail: { sharePercent } };
    return this.ctx.kernel.run({ name: 'events.setFollowUpShare', actor, permission: 'setFollowUpShare', audit }, (tx) => setMeta(tx.sql, SHARE_KEY, String(sharePercent)));
  }

  /** The closed events to call back (回访), the most recently closed first. */
  async list(actor: Actor, req: FollowUpListRequest): Promise<FollowUpCandidate[]> {
    permit(actor, 'read');
    const { ctx } = this;
    const share = req.sharePercent ?? (await ctx.kernel.read((sql) => followUpShare(sql)));
    if (req.closedTo < req.closedFrom) refuse('invalid', 'the range ends before it starts', { field: 'closedTo' });
    // Beijing days, both included, as instants: [closedFrom 00:00, the day after closedTo 00:00).
    const from = new Date(`${req.closedFrom}T00:00:00+08:00`).toISOString();
    const to = new Date(Date.parse(`${req.closedTo}T00:00:00+08:00`) + 86_400_000).toISOString();
    const rows = await ctx.kernel.read((sql) => ctx.repo.closedToFollowUp(sql, ctx.town.town.townCode, from, to, FOLLOW_UP_UNREACHABLE));
    const out: FollowUpCandidate[] = [];
    for (const r of rows) {
      const why = isSampled(r.id, r.level as Level, share);
      if (!why) continue;
      out.push({
        id: r.id,
        title: r.title,
        level: r.level as Level,
        categoryName: ctx.town.catalogue.get(r.category_code)?.name ?? r.category_code,
        closedAt: r.closed_at,
        callerName: r.caller_name,
        callerPhone: r.caller_phone,
        why,
        unreachableCalls: r.unreachable_calls,
        version: r.version,
      });
    }
    return out;
  }
}
