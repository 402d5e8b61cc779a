/**
 * The writes every event change is made of, shared by the local commands, the SLA sweep and the ops
 * from the district: one lifecycle transition (the event's columns, its timeline entry, its outbox
 * op), and a dispatch (its clocks, its posts' assignments and the alarms of posts nobody holds).
 */
import type { Level } from '../../../preload/contract/schemas';
import { beijingDate } from '../beijing-time';
import { refuse } from '../errors';
import { SYSTEM, type Actor } from '../kernel';
import { ROSTER_ALARM_LABEL } from '../roster/roster-alarms';
import { deadline } from '../sla/sla';
import type { HolderAt } from '../town/town.service';
import { settleOnTransition } from './event-alarms';
import { releaseChanges, resumeClock, watchedClock } from './event-clock';
import { reportClocks } from './event-situation-report';
import type { EventContext, EventWrite } from './event-context';
import { ACTION_RULES, checkAction, nextState, OPEN_STATES, type EventAction, type EventState } from './event-lifecycle';
import type { AssignmentRecord, EventRecord } from './event.repository';
import type { RemoteOrigin } from './event-types';

/** The states in which an event is handled and may be held (挂账): PROTOCOL.md v1.1's `hold` row. */
export const HANDLING_STATES: ReadonlySet<EventState> = new Set(ACTION_RULES.hold.from as readonly EventState[]);

/** Why a held event was released on the way out of the handling states (its timeline and its `release` op). */
const RELEASE_REASON: Partial<Record<EventAction, string>> = {
  report_back: '随办结反馈解除挂账',
  escalate: '随上报区级解除挂账',
  verify: '随核查办结解除挂账',
  close: '随办结解除挂账',
  district_close: '随区级办结解除挂账',
};
const RELEASE_REASON_OTHER = '事件离开办理环节，随之解除挂账';

/**
 * Whether `action` ends the event's hold: a held event that leaves the handling states (report back,
 * escalate, or any other way out) is released on the way, as a `release` would release it — its
 * clocks moved on by the time held, off the 挂账 list, its review reminder settled. A held event found
 * outside them (held before this rule) is released by its next change of state.
 */
export function endsHold(event: Pick<EventRecord, 'carried_over' | 'state'>, action: EventAction, to: EventState): boolean {
  if (!event.carried_over || action === 'release' || HANDLING_STATES.has(to)) return false;
  return HANDLING_STATES.has(event.state as EventState) || to !== event.state;
}

/**
 * Applies one lifecycle action to an event inside the open transaction: checks it, writes the
 * event's new columns, the timeline entry and (for a local change) the outbox op. Returns the
 * event as written.
 */
export async function transition(
  ctx: EventContext,
  w: EventWrite,
  actor: Actor,
  event: EventRecord,
  action: EventAction,
  payload: Record<string, unknown>,
  changes: Partial<EventRecord>,
  at: string,
  timelineExtra: Record<string, unknown> = {},
  origin?: RemoteOrigin,
): Promise<EventRecord> {
  const refusal = checkAction(action, event.state as EventState, payload, origin ? 'district' : 'console');
  if (refusal) {
    refuse(refusal.reason === 'conflict' ? 'conflict' : 'invalid', refusal.message, { action, state: event.state });
  }
  const to = nextState(action, event.state as EventState);
  if (endsHold(event, action, to)) {
    const release = { reason: RELEASE_REASON[action] ?? RELEASE_REASON_OTHER };
    const extra = { heldSince: event.clock_paused_at, implicit: action };
    if (!origin && HANDLING_STATES.has(event.state as EventState)) {
      // Made here: a `release` op of its own goes first, so the district and the other consoles see
      // the hold end as they would see the leader's release (docs/protocol-decisions.md).
      event = await transition(ctx, w, actor, event, 'release', release, releaseChanges(event, at), at, extra);
    } else {
      // An op from elsewhere that did not release first (the district, an older console), or an event
      // held outside the handling states before this rule: released on the way, no op, no version.
      changes = { ...releaseChanges(event, at), ...changes };
      await ctx.appendTimeline(w.sql, {
        eventId: event.id,
        action: 'release',
        fromState: event.state,
        toState: event.state,
        actorId: actor.id,
        at,
        payload: { ...release, ...extra },
      });
    }
  }
  const next: EventRecord = { ...event, ...changes, state: to, is_open: OPEN_STATES.has(to) ? 1 : 0 };
  next.version = event.version + 1;
  if (origin) ctx.hlc.receive(origin.hlc);
  next.hlc = origin ? origin.hlc : ctx.hlc.now();
  next.updated_at = at;
  // A clock stopped for a return's consent runs again once the event has moved on (event-clock.ts).
  if (next.clock_paused_at && !next.hold_review_by && to !== 'reported' && to !== 'accepted') Object.assign(next, resumeClock(next, at));
  Object.assign(next, watchedClock(next));
  // 首报's and 续报's clocks: due once a serious event is accepted, and after each report (event-situation-report.ts).
  Object.assign(next, await reportClocks(ctx, w.sql, event, next, action, payload, at));
  const diff: Partial<EventRecord> = {};
  for (const key of Object.keys(next) as (keyof EventRecord)[]) {
    if (next[key] !== event[key]) (diff as Record<string, unknown>)[key] = next[key];
  }
  await ctx.updateEvent(w.sql, next, diff);
  if ((await settleOnTransition(ctx, w.sql, actor.id, event, next, action, at)) && w.emit) w.emit({ topic: 'alarms' });
  await ctx.appendTimeline(w.sql, {
    eventId: event.id,
    action,
    fromState: event.state,
    toState: to,
    actorId: actor.id,
    at,
    payload: { ...payload, ...timelineExtra },
  });
  if (!origin) {
    await w.outbox({ entity: 'event', entityId: event.id, kind: 'action', action, baseVersion: event.version, payload, hlc: next.hlc, at });
  }
  return next;
}

/** The clocks a dispatch starts: acknowledge each time, on-scene and resolve on the first. */
export function dispatchChanges(ctx: EventContext, event: EventRecord, leadPostId: string, cooperatingPostIds: readonly string[], at: string): Partial<EventRecord> {
  const item = ctx.item(event.category_code);
  const calendar = ctx.calendar.current();
  const now = new Date(at);
  const level = event.level as Level;
  const changes: Partial<EventRecord> = {
    lead_post_id: leadPostId,
    coop_post_ids: JSON.stringify(cooperatingPostIds),
    ack_due: deadline(calendar, now, 'acknowledge', item.limits, level).toISOString(),
    acknowledged_at: null,
  };
  if (!event.dispatched_at) {
    changes.dispatched_at = at;
    changes.on_scene_due = deadline(calendar, now, 'onScene', item.limits, level).toISOString();
    changes.resolve_due = deadline(calendar, now, 'resolve', item.limits, level).toISOString();
  }
  return changes;
}

/** Dispatches (or re-dispatches) an event to its posts, with the acting holder of each at `at`. */
export async function dispatchIn(
  ctx: EventContext,
  w: EventWrite,
  actor: Actor,
  event: EventRecord,
  leadPostId: string,
  cooperatingPostIds: readonly string[],
  overrideReason: string | undefined,
  at: string,
  holders?: Map<string, HolderAt>,
  reason?: string,
): Promise<EventRecord> {
  const { town } = ctx;
  const all = [leadPostId, ...cooperatingPostIds];
  for (const id of all) if (!town.posts.has(id)) refuse('unknown_post', `unknown post ${id}`, { id });
  // A post the administrator deactivated takes nothing new (the system's own re-dispatches follow what was decided).
  for (const id of all) if (actor !== SYSTEM && town.posts.get(id)?.active === false) refuse('post_inactive', `post ${id} is deactivated`, { id, name: town.posts.get(id)!.name });
  if (cooperatingPostIds.includes(leadPostId)) refuse('invalid', 'the lead post cannot also cooperate', { field: 'cooperatingPostIds' });
  if (new Set(cooperatingPostIds).size !== cooperatingPostIds.length) refuse('invalid', 'a cooperating post is listed twice');
  const route = ctx.routeOf(event);
  const overridden = route.lead !== leadPostId || route.cooperating.length !== cooperatingPostIds.length || route.cooperating.some((id) => !cooperatingPostIds.includes(id));
  if (overridden && actor !== SYSTEM && !overrideReason?.trim()) {
    refuse('override_reason_required', 'dispatching elsewhere than the catalogue says needs a reason');
  }
  const changes = dispatchChanges(ctx, event, leadPostId, cooperatingPostIds, at);
  const resolved = all.map((postId) => {
    const post = town.posts.get(postId)!;
    // The acting holder at the moment of the dispatch: the roster's rule table (acting-holder.ts).
    return { postId, holder: holders?.get(postId) ?? town.holderAt(post, new Date(at)) };
  });
  const payload: Record<string, unknown> = {
    leadPostId,
    cooperatingPostIds: [...cooperatingPostIds],
    holders: resolved.map((r) => ({ postId: r.postId, personId: r.holder.personId, as: r.holder.as, ...(r.holder.onCall ? { onCall: true } : {}) })),
  };
  if (overridden && overrideReason) payload.override = { reason: overrideReason, suggestedLeadPostId: route.lead, suggestedCooperatingPostIds: route.cooperating };
  if (reason) payload.reason = reason;
  const next = await transition(ctx, w, actor, event, 'dispatch', payload, changes, at);
  await writeAssignments(ctx, w, event.id, leadPostId, resolved, at, changes.ack_due!);
  return next;
}

/** The posts' tasks of a dispatch (the previous ones end), and the alarms of posts nobody can take. */
export async function writeAssignments(
  ctx: EventContext,
  w: EventWrite,
  eventId: string,
  leadPostId: string,
  resolved: readonly { postId: string; holder: HolderAt }[],
  at: string,
  ackDue: string,
): Promise<void> {
  const { town } = ctx;
  await ctx.deactivateAssignments(w.sql, eventId);
  // Every post's assignment in one statement (the lead first).
  await ctx.insertAssignments(
    w.sql,
    resolved.map((r) => ({
      event_id: eventId,
      post_id: r.postId,
      role: r.postId === leadPostId ? 'lead' : 'cooperating',
      person_id: r.holder.personId,
      holder_as: r.holder.as,
      dispatched_at: at,
      ack_due: ackDue,
      acknowledged_at: null,
      arrived_at: null,
      active: 1,
    })),
  );
  for (const r of resolved) {
    const post = town.posts.get(r.postId);
    if (!post) continue;
    if (!r.holder.personId) {
      await w.raiseAlarm({ key: `no_holder:${eventId}:${r.postId}:${at}`, kind: 'no_holder', eventId, detail: { postId: r.postId, postName: post.name }, at });
    }
    if (r.holder.rule === 'on_call_both_absent') {
      // A and B both absent: the on-call person has the task, and the duty leader hears of it (once a
      // day per post). The same alarm, key and detail as the roster's own (roster-alarms.ts).
      await w.raiseAlarm({
        key: `ab_uncovered:${r.postId}:${beijingDate(new Date(at))}`,
        kind: 'ab_uncovered',
        eventId,
        detail: { postId: r.postId, onCallId: r.holder.personId ?? '', rule: r.holder.rule, postName: ROSTER_ALARM_LABEL.ab_uncovered(post.name), rosterAlarm: 'ab_uncovered' },
        at,
      });
    }
  }
}

/** Marks the active task of a post on an event (acknowledged, arrived). */
export async function markAssignment(ctx: EventContext, w: EventWrite, eventId: string, postId: string, changes: Partial<AssignmentRecord>): Promise<void> {
  await ctx.markAssignment(w.sql, eventId, postId, changes);
}
