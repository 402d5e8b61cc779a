/**
 * Ops from the district (sync), applied through the same lifecycle as a local command, inside the
 * sync worker's own transaction (it passes its `sql`) and without an outbox row (they are already
 * on the server); and the reset of a diverged event to the district's record of it.
 */
import type { Level } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import type { ChangeFeed } from '../feed';
import type { Actor } from '../kernel';
import { raiseAlarm } from '../kernel/alarm.repository';
import { raiseDistrictDispatch, settleOnTransition } from './event-alarms';
import { deadline } from '../sla/sla';
import { watchedClock } from './event-clock';
import type { EventContext, EventWrite } from './event-context';
import { reopenChanges } from './event-follow-up';
import { possibleDuplicate } from './event-intake';
import { HOLD_SETTLES_ALARM, holdChanges, reclassifyChanges, releaseChanges } from './event-life';
import { checkAction, isEventAction, missingCase, OPEN_STATES, type EventState } from './event-lifecycle';
import { refuseInactive } from './event-reportable';
import { applyRemoteReport } from './event-situation-report';
import type { EventRecord } from './event.repository';
import { EventPage } from './event-page';
import { dispatchChanges, HANDLING_STATES, markAssignment, transition, writeAssignments } from './event-transition';
import { LEVEL_RANK, type RemoteOp, type RemoteOrigin, type ServerRecord } from './event-types';

type HolderPayload = { postId: string; personId: string | null; as: 'A' | 'B' | null };

export class EventRemote {
  /** What the report hooks asked to run once the sync page has committed (run by announce). */
  private after: (() => void)[] = [];

  constructor(
    private readonly ctx: EventContext,
    private readonly feed: ChangeFeed,
  ) {}

  /**
   * The stand-in for a command's transaction: alarms in the page's transaction (written with the
   * page's rows: whether one is new is not known yet, and nothing here asks), never an outbox op.
   */
  private write(sql: Sql): EventWrite {
    return {
      sql,
      outbox: () => Promise.reject(new Error('an op from the district is already on the server')),
      raiseAlarm: (alarm) => {
        if (!this.ctx.page) return raiseAlarm(sql, alarm);
        this.ctx.page.raiseAlarm(alarm);
        return Promise.resolve(true);
      },
      afterCommit: (fn) => void this.after.push(fn),
    };
  }

  /** Reads the page's events and their tasks once; what the ops write goes by flushPage / endPage. */
  async beginPage(sql: Sql, eventIds: readonly string[]): Promise<void> {
    this.ctx.page = await EventPage.read(sql, eventIds);
  }

  /** Writes what the page's ops changed so far (a page applied op by op, to find the one that fails). */
  async flushPage(sql: Sql): Promise<void> {
    const page = this.ctx.page;
    if (!page) return;
    await page.flush(sql, false);
    await this.ctx.runReportHooks(this.write(sql), page.reported.splice(0));
  }

  /** Writes what the page's ops changed; `commit` false drops it (the transaction is rolling back). */
  async endPage(sql: Sql, commit = true): Promise<void> {
    const page = this.ctx.page;
    if (!commit || !page) {
      this.ctx.page = null;
      this.after = [];
      return;
    }
    try {
      await page.flush(sql);
      // Outside the page: what the hooks write goes straight to SQLite.
      this.ctx.page = null;
      await this.ctx.runReportHooks(this.write(sql), page.reported.splice(0));
    } catch (error) {
      this.ctx.page = null;
      this.after = [];
      throw error;
    }
  }

  /**
   * Applies one op from the district. Returns 'diverged' when the local state cannot take it (a
   * local change the server has not seen yet); the sync worker then resets that event to the
   * server's record.
   */
  async applyRemoteIn(sql: Sql, op: RemoteOp): Promise<'applied' | 'diverged'> {
    const { ctx } = this;
    if (op.entity !== 'event' || op.kind !== 'action' || !isEventAction(op.action)) return 'diverged';
    const w = this.write(sql);
    const action = op.action;
    const origin: RemoteOrigin = { nodeId: op.nodeId, hlc: op.hlc };
    const actor: Actor = { id: `node:${op.nodeId}`, roles: [] };
    const at = op.at;
    const event = await ctx.getEvent(sql, op.entityId);
    const p = op.payload;
    if (!event && (action === 'report' || action === 'assign_to_town')) {
      if (checkAction(action, undefined, p, 'district')) return 'diverged';
      const item = ctx.town.catalogue.get(String(p.categoryCode));
      if (!item) return 'diverged';
      refuseInactive(ctx.town, item, p.gridCode, 'district');
      const input = ctx.reportInput(p);
      const acceptDue = deadline(ctx.calendar.current(), new Date(input.reportedAt), 'accept', item.limits, input.level).toISOString();
      ctx.hlc.receive(op.hlc);
      // Checked for a duplicate as a report made here is (the same item, grid and window).
      const duplicate = await possibleDuplicate(ctx, sql, op.entityId, input.categoryCode, input.gridCode, input.reportedAt);
      const record = ctx.newRecord(op.entityId, input, item, acceptDue, duplicate?.id ?? null, op.hlc, at);
      await ctx.insertEvent(sql, record);
      await ctx.appendTimeline(sql, { eventId: op.entityId, action, fromState: null, toState: 'reported', actorId: actor.id, at, payload: p });
      if (LEVEL_RANK[input.level] >= LEVEL_RANK.serious) {
        await w.raiseAlarm({ key: `new_serious:${op.entityId}`, kind: 'new_serious', eventId: op.entityId, detail: { level: input.level }, at });
      }
      if (action === 'assign_to_town') await raiseDistrictDispatch(w, op.entityId, input.title, input.level, at);
      await ctx.recorded(w, { id: op.entityId, title: input.title, categoryCode: input.categoryCode, level: input.level, source: input.source, sensor: input.sensor ?? null }, at);
      return 'applied';
    }
    if (!event || checkAction(action, event.state as EventState, p, 'district')) return 'diverged';
    let changes: Partial<EventRecord> = {};
    switch (action) {
      case 'report':
        return 'diverged';
      case 'assign_to_town': {
        const item = ctx.town.catalogue.get(String(p.categoryCode));
        if (!item) return 'diverged';
        refuseInactive(ctx.town, item, p.gridCode, 'district');
        const input = ctx.reportInput(p);
        const acceptDue = deadline(ctx.calendar.current(), new Date(input.reportedAt), 'accept', item.limits, input.level).toISOString();
        const duplicate = await possibleDuplicate(ctx, sql, event.id, input.categoryCode, input.gridCode, input.reportedAt);
        const fresh = ctx.newRecord(event.id, input, item, acceptDue, duplicate?.id ?? null, op.hlc, at);
        const { version: _v, hlc: _h, id: _i, ...rest } = fresh;
        changes = rest;
        await raiseDistrictDispatch(w, event.id, input.title, input.level, at);
        break;
      }
      case 'accept':
        changes = { accepted_at: at };
        break;
      case 'dispatch': {
        const lead = String(p.leadPostId);
        const coop = (p.cooperatingPostIds as string[]).map(String);
        if (!ctx.town.catalogue.has(event.category_code)) return 'diverged';
        changes = dispatchChanges(ctx, event, lead, coop, at);
        const given = new Map((Array.isArray(p.holders) ? (p.holders as HolderPayload[]) : []).map((h) => [h.postId, h]));
        const resolved = this.holders([lead, ...coop], given, at);
        // The other console's system re-dispatch at an acknowledgement limit (A → B): the same 接单超时
        // alarm its sweep raised, under the same key, so both desks see it and follow one 升级提醒 chain.
        if (p.reason === 'ack_timeout' && event.state === 'dispatched' && event.due_kind === 'acknowledge' && event.due_at) {
          const dueAt = event.due_at;
          await w.raiseAlarm({ key: `overdue:${event.id}:acknowledge:${dueAt}`, kind: 'ack_timeout', eventId: event.id, detail: { dueKind: 'acknowledge', dueAt }, at });
        }
        await transition(ctx, w, actor, event, action, p, changes, at, {}, origin);
        await writeAssignments(ctx, w, event.id, lead, resolved, at, changes.ack_due!);
        return 'applied';
      }
      case 'acknowledge':
        changes = { acknowledged_at: at };
        await markAssignment(ctx, w, event.id, String(p.postId), { acknowledged_at: at });
        break;
      case 'arrive':
        if (String(p.postId) === event.lead_post_id && !event.arrived_at) changes = { arrived_at: at };
        await markAssignment(ctx, w, event.id, String(p.postId), { arrived_at: at });
        break;
      case 'report_back':
        changes = { resolved_at: at, handler_id: actor.id };
        break;
      case 'reject':
        changes = { resolved_at: null };
        break;
      case 'verify':
      case 'close':
      case 'district_close':
      case 'invalid':
        changes = { closed_at: at };
        break;
      case 'merge':
        changes = { closed_at: at, merged_into: String(p.intoEventId) };
        // The target's timeline hears of it here too, with the merge's reason (event-merge.ts).
        if (await ctx.getEvent(sql, String(p.intoEventId))) {
          const payload: Record<string, unknown> = { eventId: event.id, title: event.title };
          if (typeof p.reason === 'string') payload.reason = p.reason;
          await ctx.appendTimeline(sql, { eventId: String(p.intoEventId), action: 'merged_from', fromState: null, toState: null, actorId: actor.id, at, payload });
        }
        break;
      case 'extend':
        changes = { resolve_due: new Date(String(p.until)).toISOString() };
        break;
      case 'reclassify': {
        const next = reclassifyChanges(ctx, event, String(p.categoryCode), p.level as Level);
        if (!next) return 'diverged';
        changes = next;
        break;
      }
      case 'hold':
        changes = holdChanges(event, String(p.reason), String(p.reviewBy), at);
        await ctx.repo.settleOverdueAlarms(sql, event.id, HOLD_SETTLES_ALARM, at);
        break;
      case 'release':
        changes = releaseChanges(event, at);
        break;
      case 'reopen':
        changes = reopenChanges(ctx, event, at);
        await ctx.deactivateAssignments(sql, event.id);
        break;
      case 'situation_report':
        changes = await applyRemoteReport(ctx, w, actor, event, p, at);
        break;
      // A photo or file: the timeline row only; its blob is fetched when someone opens it.
      case 'attach':
      case 'follow_up':
      case 'return':
      case 'escalate':
      case 'note':
      case 'district_update':
        break;
      default:
        return missingCase(action);
    }
    await transition(ctx, w, actor, event, action, p, changes, at, {}, origin);
    return 'applied';
  }

  /** Who holds each post: as the district's payload says, else the acting holder here at `at`. */
  private holders(postIds: readonly string[], given: Map<string, HolderPayload>, at: string): { postId: string; holder: { personId: string | null; as: 'A' | 'B' | null } }[] {
    return postIds.map((postId) => {
      const post = this.ctx.town.posts.get(postId);
      const holder = given.get(postId) ?? (post ? this.ctx.town.holderAt(post, new Date(at)) : { personId: null, as: null });
      return { postId, holder: { personId: holder.personId ?? null, as: holder.as ?? null } };
    });
  }

  /**
   * Replaces an event with the district's record of it (after a rejection or a divergence): its
   * state, version and reported fields; the timeline keeps what happened and says so.
   */
  async resetFromServerIn(sql: Sql, record: ServerRecord, at: string): Promise<void> {
    const { ctx } = this;
    const w = this.write(sql);
    const event = await ctx.repo.get(sql, record.entityId);
    const state = (record.state ?? 'reported') as EventState;
    const p = record.payload;
    const item = ctx.town.catalogue.get(String(p.categoryCode ?? event?.category_code));
    if (!item) return;
    const base = event ?? ctx.newRecord(record.entityId, ctx.reportInput(p), item, at, null, record.hlc, at);
    const next: EventRecord = {
      ...base,
      title: typeof p.title === 'string' ? p.title : base.title,
      level: typeof p.level === 'string' ? p.level : base.level,
      level_rank: LEVEL_RANK[(typeof p.level === 'string' ? p.level : base.level) as Level] ?? base.level_rank,
      state,
      is_open: OPEN_STATES.has(state) ? 1 : 0,
      // The server's merged payload is the whole truth: no dispatch there means no lead here either
      // (a local dispatch the server refused must not survive the reset).
      lead_post_id: typeof p.leadPostId === 'string' ? p.leadPostId : null,
      coop_post_ids: JSON.stringify(Array.isArray(p.cooperatingPostIds) ? p.cooperatingPostIds : []),
      merged_into: typeof p.intoEventId === 'string' ? p.intoEventId : null,
      version: record.version,
      hlc: record.hlc,
      updated_at: at,
    };
    // A hold the district never took, or one the district's record has left behind (the event is no
    // longer handled there): not held here either — the clocks as the district's order of ops has them.
    if (next.carried_over && !HANDLING_STATES.has(state)) {
      Object.assign(next, { carried_over: 0, carry_over_note: null, hold_review_by: null, clock_paused_at: null });
    }
    Object.assign(next, watchedClock(next));
    if (event) {
      if (event.hold_review_by && !next.hold_review_by) await settleOnTransition(ctx, sql, 'system', event, next, 'sync_reset', at);
      await ctx.repo.update(sql, event.id, next);
    } else {
      await ctx.repo.insert(sql, next);
    }
    if (event && (event.lead_post_id !== next.lead_post_id || event.coop_post_ids !== next.coop_post_ids)) {
      // The posts' tasks follow the server's route: the refused dispatch's tasks end, the server's start.
      await ctx.repo.deactivateAssignments(sql, event.id);
      if (next.lead_post_id) {
        const given = new Map((Array.isArray(p.holders) ? (p.holders as HolderPayload[]) : []).map((h) => [h.postId, h]));
        const resolved = this.holders([next.lead_post_id, ...(JSON.parse(next.coop_post_ids) as string[])], given, at);
        await writeAssignments(ctx, w, event.id, next.lead_post_id, resolved, at, next.ack_due ?? at);
      }
    }
    await ctx.repo.appendTimeline(sql, {
      eventId: record.entityId,
      action: 'sync_reset',
      fromState: event?.state ?? null,
      toState: state,
      actorId: 'system',
      at,
      payload: { version: record.version },
    });
  }

  /** Tells the UI that events changed after a sync step (and runs what the report hooks left for then). */
  announce(ids: string[]): void {
    if (ids.length > 0) {
      this.feed.emit({ topic: 'events', ids });
      // An op may have raised an alarm (a serious report, a district dispatch) or settled one (an accept).
      this.feed.emit({ topic: 'alarms' });
    }
    const after = this.after.splice(0);
    for (const run of after) run();
  }
}
