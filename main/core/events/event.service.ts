/**
 * The event lifecycle as commands. Each command: check the role, load the event, check the
 * lifecycle (PROTOCOL.md's table), then in ONE transaction write the change, its timeline entry and
 * its outbox row (and any alarm it raises). A refused command changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type {
  Approval,
  Assignment,
  ClockKind,
  DispatchProposal,
  EventDetail,
  Level,
  QueueResponse,
  SensorReading,
  Source,
  State,
  TimelineEntry,
} from '../../../preload/contract/schemas';
import type { AlarmService } from '../alarms/alarm.service';
import { allows, permit, type Permission } from '../kernel/permissions';
import { SYSTEM, type Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { Db, Sql } from '../db/db';
import { refuse } from '../errors';
import type { ChangeFeed } from '../feed';
import { fallbackHolder } from '../posts/acting-holder';
import { beijingDate } from '../beijing-time';
import { ROSTER_ALARM_LABEL, raiseRosterAlarm } from '../roster/roster-alarms';
import { currentClock, deadline } from '../sla/sla';
import type { HybridLogicalClock } from '../kernel/hlc';
import { appendOutbox } from '../kernel/outbox.repository';
import type { CalendarService } from '../calendar/calendar.service';
import type { CatalogueRecord, HolderAt, TownService } from '../town/town.service';
import {
  ACTION_RULES,
  canStart,
  checkAction,
  isEventAction as isEventActionName,
  missingCase,
  nextState,
  OPEN_STATES,
  type EventAction,
  type EventState,
} from './event-lifecycle';
import { EventRepository, type AssignmentRecord, type EventRecord } from './event.repository';


export const LEVEL_RANK: Readonly<Record<Level, number>> = { general: 0, major: 1, serious: 2, especially_serious: 3 };

/** How close in time a report of the same item in the same grid counts as a possible duplicate. */
export const DUPLICATE_WINDOW_MS = 2 * 3600_000;

/** Where an op applied from sync came from: its node and its HLC (kept, not re-stamped). */
export interface RemoteOrigin {
  readonly nodeId: string;
  readonly hlc: string;
}

/** An op pulled from the district (PROTOCOL.md "Operations"), already envelope-checked. */
export interface RemoteOp {
  readonly opId: string;
  readonly nodeId: string;
  readonly hlc: string;
  readonly entity: string;
  readonly entityId: string;
  readonly kind: 'action' | 'upsert';
  readonly action?: string;
  readonly payload: Record<string, unknown>;
  readonly at: string;
}

export interface ReportInput {
  title: string;
  categoryCode: string;
  level: Level;
  source: Source;
  reportedAt?: string;
  gridCode?: string;
  description?: string;
  location?: { lng: number; lat: number };
  callerName?: string;
  callerPhone?: string;
  /** A sensor alert's reading (kept beside the event; plans trigger on it). */
  sensor?: SensorReading;
}

/** A newly reported event as the hooks see it (plans match their triggers on it). */
export interface ReportedEvent {
  readonly id: string;
  readonly title: string;
  readonly categoryCode: string;
  readonly level: Level;
  readonly source: string;
  readonly sensor: SensorReading | null;
}

/**
 * Runs inside the transaction that records a new event (local report, or one from the district);
 * what it returns runs after the commit (e.g. to tell the UI).
 */
export type ReportHook = (sql: Sql, event: ReportedEvent, at: string) => Promise<(() => void) | void>;

export class EventService {
  private readonly repo = new EventRepository();

  constructor(
    private readonly db: Db,
    private readonly town: TownService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly hlc: HybridLogicalClock,
    private readonly feed: ChangeFeed,
    private readonly alarms: AlarmService,
  ) {}

  // ---- helpers -------------------------------------------------------------------------------

  private permit(actor: Actor, permission: Permission): void {
    permit(actor, permission);
  }

  /** Board staff act only for posts they hold; officers and leaders act for any (e.g. on the phone). */
  private permitPost(actor: Actor, postId: string): void {
    if (actor === SYSTEM || actor.roles.includes('officer') || actor.roles.includes('leader')) return;
    if (!this.town.holdsPost(actor.id, postId)) refuse('not_post_holder', `you do not hold post ${postId}`, { postId });
  }

  private item(code: string): CatalogueRecord {
    const item = this.town.catalogue.get(code);
    if (!item) refuse('unknown_category', `unknown catalogue item ${code}`, { code });
    return item;
  }

  private async load(sql: Sql, eventId: string): Promise<EventRecord> {
    const event = await this.repo.get(sql, eventId);
    if (!event) refuse('not_found', `no event ${eventId}`, { id: eventId });
    return event;
  }

  private changed(ids: string[]): void {
    this.feed.emit({ topic: 'events', ids });
    const after = this.afterCommit.splice(0);
    for (const run of after) run();
  }

  private readonly reportHooks: ReportHook[] = [];
  private readonly afterCommit: (() => void)[] = [];

  /** Another module learns of every new event in the transaction that records it. */
  onReported(hook: ReportHook): void {
    this.reportHooks.push(hook);
  }

  /** The sensor reading beside a new event, then the report hooks. */
  private async recorded(sql: Sql, e: ReportedEvent, at: string): Promise<void> {
    if (e.sensor) {
      await sql.run(`INSERT OR REPLACE INTO event_sensor (event_id, type, value, unit) VALUES (?,?,?,?)`, [e.id, e.sensor.type, e.sensor.value, e.sensor.unit ?? null]);
    }
    for (const hook of this.reportHooks) {
      const after = await hook(sql, e, at);
      if (after) this.afterCommit.push(after);
    }
  }

  /**
   * Applies one lifecycle action to an event inside the open transaction: checks it, writes the
   * event's new columns, the timeline entry and the outbox op. Returns the event as written.
   */
  private async transition(
    sql: Sql,
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
    const next: EventRecord = { ...event, ...changes, state: to, is_open: OPEN_STATES.has(to) ? 1 : 0 };
    next.version = event.version + 1;
    if (origin) this.hlc.receive(origin.hlc);
    next.hlc = origin ? origin.hlc : this.hlc.now();
    next.updated_at = at;
    const clock = currentClock(to as State, {
      acceptDue: next.accept_due,
      ackDue: next.ack_due,
      onSceneDue: next.on_scene_due,
      resolveDue: next.resolve_due,
      arrivedAt: next.arrived_at,
    });
    next.due_at = clock?.dueAt ?? null;
    next.due_kind = clock?.kind ?? null;
    const diff: Partial<EventRecord> = {};
    for (const key of Object.keys(next) as (keyof EventRecord)[]) {
      if (next[key] !== event[key]) (diff as Record<string, unknown>)[key] = next[key];
    }
    await this.repo.update(sql, event.id, diff);
    this.remember(next);
    await this.appendTimeline(sql, {
      eventId: event.id,
      action,
      fromState: event.state,
      toState: to,
      actorId: actor.id,
      at,
      payload: { ...payload, ...timelineExtra },
    });
    if (!origin) {
      await appendOutbox(sql, {
        entity: 'event',
        entityId: event.id,
        kind: 'action',
        action,
        baseVersion: event.version,
        payload,
        hlc: next.hlc,
        at,
      });
    }
    return next;
  }

  private routeOf(event: EventRecord): { lead: string; cooperating: string[] } {
    const item = this.item(event.category_code);
    return { lead: item.leadPostId, cooperating: [...item.cooperatingPostIds] };
  }

  // ---- commands ------------------------------------------------------------------------------

  async report(actor: Actor, input: ReportInput): Promise<string> {
    this.permit(actor, 'report');
    const item = this.item(input.categoryCode);
    if (input.gridCode && !this.town.grids.has(input.gridCode)) refuse('unknown_grid', `unknown grid ${input.gridCode}`, { code: input.gridCode });
    const now = this.clock.now();
    const at = now.toISOString();
    const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
    if (reportedAt.getTime() > now.getTime() + 5 * 60_000) refuse('invalid', 'reportedAt is in the future', { field: 'reportedAt' });
    const id = randomUUID();
    const payload: Record<string, unknown> = {
      title: input.title,
      categoryCode: input.categoryCode,
      level: input.level,
      source: input.source,
      reportedAt: reportedAt.toISOString(),
    };
    if (input.gridCode) payload.gridCode = input.gridCode;
    if (input.description) payload.description = input.description;
    if (input.location) payload.location = input.location;
    if (input.sensor) payload.sensor = input.sensor;
    const refusal = checkAction('report', undefined, payload, 'console');
    if (refusal) refuse('invalid', refusal.message);
    const calendar = this.calendar.current();
    const acceptDue = deadline(calendar, reportedAt, 'accept', item.limits, input.level).toISOString();
    await this.db.write(async (sql) => {
      const duplicate = input.gridCode
        ? await this.repo.findPossibleDuplicate(
            sql,
            input.categoryCode,
            input.gridCode,
            new Date(reportedAt.getTime() - DUPLICATE_WINDOW_MS).toISOString(),
            new Date(reportedAt.getTime() + DUPLICATE_WINDOW_MS).toISOString(),
          )
        : undefined;
      const hlc = this.hlc.now();
      const event = this.newRecord(id, { ...input, reportedAt: reportedAt.toISOString() }, item, acceptDue, duplicate?.id ?? null, hlc, at);
      await this.repo.insert(sql, event);
      await this.repo.appendTimeline(sql, {
        eventId: id,
        action: 'report',
        fromState: null,
        toState: 'reported',
        actorId: actor.id,
        at,
        payload: { ...payload, callerName: input.callerName, callerPhone: input.callerPhone, possibleDuplicateOf: duplicate?.id },
      });
      await appendOutbox(sql, { entity: 'event', entityId: id, kind: 'action', action: 'report', payload, hlc, at });
      if (LEVEL_RANK[input.level] >= LEVEL_RANK.serious) {
        await this.alarms.raise(sql, { key: `new_serious:${id}`, kind: 'new_serious', eventId: id, detail: { level: input.level }, at });
      }
      await this.recorded(sql, { id, title: input.title, categoryCode: input.categoryCode, level: input.level, source: input.source, sensor: input.sensor ?? null }, at);
    });
    this.changed([id]);
    if (LEVEL_RANK[input.level] >= LEVEL_RANK.serious) this.feed.emit({ topic: 'alarms' });
    return id;
  }

  /** The row of a newly reported event (locally, or arriving from the district). */
  private newRecord(
    id: string,
    input: ReportInput & { reportedAt: string },
    item: CatalogueRecord,
    acceptDue: string,
    duplicateOf: string | null,
    hlc: string,
    at: string,
  ): EventRecord {
    return {
      id,
      town_code: this.town.town.townCode,
      title: input.title,
      description: input.description ?? null,
      category_code: input.categoryCode,
      board_code: item.boardCode,
      level: input.level,
      level_rank: LEVEL_RANK[input.level],
      source: input.source,
      grid_code: input.gridCode ?? null,
      lng: input.location?.lng ?? null,
      lat: input.location?.lat ?? null,
      caller_name: input.callerName ?? null,
      caller_phone: input.callerPhone ?? null,
      state: 'reported',
      is_open: 1,
      reported_at: input.reportedAt,
      accepted_at: null,
      dispatched_at: null,
      acknowledged_at: null,
      arrived_at: null,
      resolved_at: null,
      closed_at: null,
      accept_due: acceptDue,
      ack_due: null,
      on_scene_due: null,
      resolve_due: null,
      due_at: acceptDue,
      due_kind: 'accept',
      lead_post_id: null,
      coop_post_ids: '[]',
      handler_id: null,
      possible_duplicate_of: duplicateOf,
      merged_into: null,
      carried_over: 0,
      carry_over_note: null,
      version: 1,
      hlc,
      updated_at: at,
    };
  }

  async accept(actor: Actor, eventId: string): Promise<void> {
    this.permit(actor, 'accept');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      await this.transition(sql, actor, event, 'accept', {}, { accepted_at: at }, at);
    });
    this.changed([eventId]);
  }

  /** The one-key proposal: the catalogue's lead and cooperating posts with who acts for each now. */
  async proposeDispatch(actor: Actor, eventId: string): Promise<DispatchProposal> {
    this.permit(actor, 'dispatch');
    const event = await this.db.read((sql) => this.load(sql, eventId));
    const needsAccept = event.state === 'reported';
    if (!needsAccept && !canStart('dispatch', event.state as EventState)) {
      refuse('conflict', `dispatch cannot start from ${event.state}`, { action: 'dispatch', state: event.state });
    }
    const route = event.lead_post_id
      ? { lead: event.lead_post_id, cooperating: JSON.parse(event.coop_post_ids) as string[] }
      : this.routeOf(event);
    const post = (id: string) => {
      const p = this.town.posts.get(id);
      if (!p) refuse('unknown_post', `unknown post ${id}`, { id });
      return this.town.postInfo(p);
    };
    return { eventId, needsAccept, lead: post(route.lead), cooperating: route.cooperating.map(post) };
  }

  private async dispatchIn(
    sql: Sql,
    actor: Actor,
    event: EventRecord,
    leadPostId: string,
    cooperatingPostIds: readonly string[],
    overrideReason: string | undefined,
    at: string,
    holders?: Map<string, HolderAt>,
    reason?: string,
  ): Promise<EventRecord> {
    const all = [leadPostId, ...cooperatingPostIds];
    for (const id of all) if (!this.town.posts.has(id)) refuse('unknown_post', `unknown post ${id}`, { id });
    if (cooperatingPostIds.includes(leadPostId)) refuse('invalid', 'the lead post cannot also cooperate', { field: 'cooperatingPostIds' });
    if (new Set(cooperatingPostIds).size !== cooperatingPostIds.length) refuse('invalid', 'a cooperating post is listed twice');
    const route = this.routeOf(event);
    const overridden =
      route.lead !== leadPostId ||
      route.cooperating.length !== cooperatingPostIds.length ||
      route.cooperating.some((id) => !cooperatingPostIds.includes(id));
    if (overridden && actor !== SYSTEM && !overrideReason?.trim()) {
      refuse('override_reason_required', 'dispatching elsewhere than the catalogue says needs a reason');
    }
    const changes = this.dispatchChanges(event, leadPostId, cooperatingPostIds, at);
    const resolved = all.map((postId) => {
      const post = this.town.posts.get(postId)!;
      // The acting holder at the moment of the dispatch: the roster's rule table (acting-holder.ts).
      return { postId, holder: holders?.get(postId) ?? this.town.holderAt(post, new Date(at)) };
    });
    const payload: Record<string, unknown> = {
      leadPostId,
      cooperatingPostIds: [...cooperatingPostIds],
      holders: resolved.map((r) => ({ postId: r.postId, personId: r.holder.personId, as: r.holder.as, ...(r.holder.onCall ? { onCall: true } : {}) })),
    };
    if (overridden && overrideReason) payload.override = { reason: overrideReason, suggestedLeadPostId: route.lead, suggestedCooperatingPostIds: route.cooperating };
    if (reason) payload.reason = reason;
    const next = await this.transition(sql, actor, event, 'dispatch', payload, changes, at);
    await this.writeAssignments(sql, event.id, leadPostId, resolved, at, changes.ack_due!);
    return next;
  }

  /** The clocks a dispatch starts: acknowledge each time, on-scene and resolve on the first. */
  private dispatchChanges(event: EventRecord, leadPostId: string, cooperatingPostIds: readonly string[], at: string): Partial<EventRecord> {
    const item = this.item(event.category_code);
    const calendar = this.calendar.current();
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

  private async writeAssignments(
    sql: Sql,
    eventId: string,
    leadPostId: string,
    resolved: readonly { postId: string; holder: HolderAt }[],
    at: string,
    ackDue: string,
  ): Promise<void> {
    await this.repo.deactivateAssignments(sql, eventId);
    // Every post's assignment in one statement (the lead first).
    await this.repo.insertAssignments(
      sql,
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
      if (!r.holder.personId && this.town.posts.has(r.postId)) {
        await this.alarms.raise(sql, { key: `no_holder:${eventId}:${r.postId}:${at}`, kind: 'no_holder', eventId, detail: { postId: r.postId, postName: this.town.posts.get(r.postId)!.name }, at });
      }
      if (r.holder.rule === 'on_call_both_absent' && this.town.posts.has(r.postId)) {
        // A and B both absent: the on-call person has the task, and the duty leader hears of it (once a day per post).
        const post = this.town.posts.get(r.postId)!;
        await raiseRosterAlarm(this.alarms, sql, 'ab_uncovered', `${r.postId}:${beijingDate(new Date(at))}`, {
          postId: r.postId, onCallId: r.holder.personId ?? '', rule: r.holder.rule, postName: ROSTER_ALARM_LABEL.ab_uncovered(post.name),
        }, at, eventId);
      }
    }
  }

  async dispatch(actor: Actor, req: { eventId: string; leadPostId: string; cooperatingPostIds: string[]; overrideReason?: string }): Promise<void> {
    this.permit(actor, 'dispatch');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, req.eventId);
      await this.dispatchIn(sql, actor, event, req.leadPostId, req.cooperatingPostIds, req.overrideReason, at);
    });
    this.changed([req.eventId]);
    this.feed.emit({ topic: 'alarms' });
  }

  /** One-key dispatch: accept (when new) and dispatch in one transaction, two timeline entries. */
  async acceptAndDispatch(actor: Actor, req: { eventId: string; leadPostId: string; cooperatingPostIds: string[]; overrideReason?: string }): Promise<void> {
    this.permit(actor, 'accept');
    this.permit(actor, 'dispatch');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      let event = await this.load(sql, req.eventId);
      if (event.state === 'reported') event = await this.transition(sql, actor, event, 'accept', {}, { accepted_at: at }, at);
      await this.dispatchIn(sql, actor, event, req.leadPostId, req.cooperatingPostIds, req.overrideReason, at);
    });
    this.changed([req.eventId]);
    this.feed.emit({ topic: 'alarms' });
  }

  async acknowledge(actor: Actor, eventId: string, postId: string): Promise<void> {
    this.permit(actor, 'acknowledge');
    this.permitPost(actor, postId);
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      const assignments = await this.repo.assignments(sql, eventId);
      const mine = assignments.find((a) => a.active === 1 && a.post_id === postId);
      if (!mine) refuse('not_post_holder', `post ${postId} has no active task on this event`, { postId });
      if (mine.acknowledged_at) refuse('conflict', 'this post has already acknowledged', { action: 'acknowledge', state: event.state });
      if (mine.role === 'lead') {
        await this.transition(sql, actor, event, 'acknowledge', { postId }, { acknowledged_at: at }, at);
      } else {
        // A cooperating post's acknowledgement changes no state: it is its part, sent as a note.
        await this.transition(sql, actor, event, 'note', { text: '协办岗位已接单', postId }, {}, at, { acknowledge: true });
      }
      await this.repo.updateAssignment(sql, mine.id, { acknowledged_at: at });
    });
    this.changed([eventId]);
  }

  async arrive(actor: Actor, eventId: string, postId: string): Promise<void> {
    this.permit(actor, 'arrive');
    this.permitPost(actor, postId);
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      const mine = (await this.repo.assignments(sql, eventId)).find((a) => a.active === 1 && a.post_id === postId);
      if (!mine) refuse('not_post_holder', `post ${postId} has no active task on this event`, { postId });
      const changes: Partial<EventRecord> = mine.role === 'lead' && !event.arrived_at ? { arrived_at: at } : {};
      await this.transition(sql, actor, event, 'arrive', { postId }, changes, at);
      await this.repo.updateAssignment(sql, mine.id, { arrived_at: at });
    });
    this.changed([eventId]);
  }

  async reportBack(actor: Actor, eventId: string, result: string): Promise<void> {
    this.permit(actor, 'report_back');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      if (event.lead_post_id) this.permitPost(actor, event.lead_post_id);
      await this.transition(sql, actor, event, 'report_back', { result }, { resolved_at: at, handler_id: actor.id }, at);
    });
    this.changed([eventId]);
  }

  async verify(actor: Actor, eventId: string): Promise<void> {
    this.permit(actor, 'verify');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      if (event.state === 'resolved' && event.handler_id === actor.id) {
        refuse('same_handler', 'the person who reported back cannot verify their own work');
      }
      await this.transition(sql, actor, event, 'verify', {}, { closed_at: at }, at);
    });
    this.changed([eventId]);
  }

  async reject(actor: Actor, eventId: string, reason: string): Promise<void> {
    this.permit(actor, 'reject');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      if (event.state === 'resolved' && event.handler_id === actor.id) {
        refuse('same_handler', 'the person who reported back cannot judge their own work');
      }
      await this.transition(sql, actor, event, 'reject', { reason }, { resolved_at: null }, at);
    });
    this.changed([eventId]);
  }

  async close(actor: Actor, eventId: string, result: string): Promise<void> {
    this.permit(actor, 'close');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      await this.transition(sql, actor, event, 'close', { result }, { closed_at: at, handler_id: actor.id }, at);
    });
    this.changed([eventId]);
  }

  async escalate(actor: Actor, eventId: string, reason: string): Promise<void> {
    this.permit(actor, 'escalate');
    await this.simple(actor, eventId, 'escalate', { reason });
  }

  async markInvalid(actor: Actor, eventId: string, reason: string): Promise<void> {
    this.permit(actor, 'invalid');
    await this.simple(actor, eventId, 'invalid', { reason }, { closed_at: this.clock.now().toISOString() });
  }

  async note(actor: Actor, eventId: string, text: string, postId?: string): Promise<void> {
    this.permit(actor, 'note');
    if (postId) {
      if (!this.town.posts.has(postId)) refuse('unknown_post', `unknown post ${postId}`, { id: postId });
      this.permitPost(actor, postId);
    }
    await this.simple(actor, eventId, 'note', postId ? { text, postId } : { text });
  }

  private async simple(actor: Actor, eventId: string, action: EventAction, payload: Record<string, unknown>, changes: Partial<EventRecord> = {}): Promise<void> {
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      await this.transition(sql, actor, event, action, payload, changes, at);
    });
    this.changed([eventId]);
  }

  async merge(actor: Actor, eventId: string, intoEventId: string): Promise<void> {
    this.permit(actor, 'merge');
    if (eventId === intoEventId) refuse('invalid', 'an event cannot be merged into itself');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      const target = await this.load(sql, intoEventId);
      if (!target.is_open) refuse('conflict', 'the target event is no longer open', { action: 'merge', state: target.state });
      await this.transition(sql, actor, event, 'merge', { intoEventId }, { merged_into: intoEventId, closed_at: at }, at);
      // The target's timeline records the merge too (local only; the district folds merges itself).
      await this.repo.appendTimeline(sql, { eventId: intoEventId, action: 'merged_from', fromState: null, toState: null, actorId: actor.id, at, payload: { eventId, title: event.title } });
    });
    this.changed([eventId, intoEventId]);
  }

  async carryOver(actor: Actor, eventId: string, explanation: string): Promise<void> {
    this.permit(actor, 'carryOver');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      if (!event.due_at || event.due_at > at) refuse('not_overdue', 'only an overdue event can be carried over');
      await this.transition(sql, actor, event, 'note', { text: `挂账：${explanation}` }, { carried_over: 1, carry_over_note: explanation }, at, { carryOver: true });
    });
    this.changed([eventId]);
  }

  // ---- approvals: return to the district, extensions -----------------------------------------

  async requestReturn(actor: Actor, eventId: string, reason: string): Promise<{ approvalId: string | null }> {
    this.permit(actor, 'requestReturn');
    if (actor.roles.includes('leader')) {
      // The duty leader's own return is approved by themself.
      await this.simple(actor, eventId, 'return', { reason, approvedBy: actor.id });
      return { approvalId: null };
    }
    return { approvalId: await this.requestApproval(actor, eventId, 'return', { reason }, 'return') };
  }

  async requestExtension(actor: Actor, req: { eventId: string; postId?: string; until: string; reason: string }): Promise<{ approvalId: string }> {
    this.permit(actor, 'requestExtension');
    if (req.postId) this.permitPost(actor, req.postId);
    const until = new Date(req.until);
    const event = await this.db.read((sql) => this.load(sql, req.eventId));
    if (event.resolve_due && until.getTime() <= Date.parse(event.resolve_due)) {
      refuse('invalid', 'an extension must end after the current resolve deadline', { field: 'until' });
    }
    return { approvalId: await this.requestApproval(actor, req.eventId, 'extend', { until: until.toISOString(), reason: req.reason, postId: req.postId ?? null }, 'extend') };
  }

  private async requestApproval(actor: Actor, eventId: string, kind: 'return' | 'extend', payload: Record<string, unknown>, action: EventAction): Promise<string> {
    const at = this.clock.now().toISOString();
    const id = randomUUID();
    await this.db.write(async (sql) => {
      const event = await this.load(sql, eventId);
      if (!canStart(action, event.state as EventState)) refuse('conflict', `${action} cannot start from ${event.state}`, { action, state: event.state });
      const pending = await sql.get(`SELECT id FROM approval WHERE event_id = ? AND kind = ? AND status = 'pending'`, [eventId, kind]);
      if (pending) refuse('conflict', `a ${kind} request is already waiting for the leader`, { action, state: event.state });
      await sql.run(`INSERT INTO approval (id, kind, event_id, requested_by, requested_at, payload, status) VALUES (?,?,?,?,?,?, 'pending')`, [
        id, kind, eventId, actor.id, at, JSON.stringify(payload),
      ]);
      await this.repo.appendTimeline(sql, { eventId, action: `${kind}_requested`, fromState: null, toState: null, actorId: actor.id, at, payload });
    });
    this.changed([eventId]);
    this.feed.emit({ topic: 'approvals' });
    return id;
  }

  async decideApproval(actor: Actor, req: { approvalId: string; approve: boolean; note?: string }): Promise<void> {
    this.permit(actor, 'decideApproval');
    const at = this.clock.now().toISOString();
    let eventId = '';
    await this.db.write(async (sql) => {
      const row = await sql.get<{ id: string; kind: 'return' | 'extend'; event_id: string; status: string; payload: string; requested_by: string }>(
        `SELECT id, kind, event_id, status, payload, requested_by FROM approval WHERE id = ?`,
        [req.approvalId],
      );
      if (!row) refuse('not_found', `no approval ${req.approvalId}`, { id: req.approvalId });
      if (row.status !== 'pending') refuse('already_decided', 'this request has already been decided');
      eventId = row.event_id;
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      await sql.run(`UPDATE approval SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?`, [
        req.approve ? 'approved' : 'refused', actor.id, at, req.note ?? null, row.id,
      ]);
      const event = await this.load(sql, row.event_id);
      if (!req.approve) {
        await this.repo.appendTimeline(sql, { eventId: row.event_id, action: `${row.kind}_refused`, fromState: null, toState: null, actorId: actor.id, at, payload: { note: req.note ?? null } });
        return;
      }
      if (row.kind === 'return') {
        await this.transition(sql, actor, event, 'return', { reason: String(payload.reason), approvedBy: actor.id }, {}, at, { requestedBy: row.requested_by });
      } else {
        const until = String(payload.until);
        await this.transition(sql, actor, event, 'extend', { until, reason: String(payload.reason), approvedBy: actor.id }, { resolve_due: until }, at, { requestedBy: row.requested_by });
      }
    });
    this.changed([eventId]);
    this.feed.emit({ topic: 'approvals' });
  }

  async approvals(actor: Actor, onlyPending: boolean): Promise<Approval[]> {
    this.permit(actor, 'read');
    return this.db.read((sql) => this.loadApprovals(sql, onlyPending ? `a.status = 'pending'` : '1 = 1', []));
  }

  private async loadApprovals(sql: Sql, where: string, params: unknown[]): Promise<Approval[]> {
    const rows = await sql.all<{ id: string; kind: 'return' | 'extend'; event_id: string; title: string; requested_by: string; requested_at: string; payload: string; status: Approval['status']; decided_by: string | null; decided_at: string | null }>(
      `SELECT a.*, e.title FROM approval a JOIN event e ON e.id = a.event_id WHERE ${where} ORDER BY a.requested_at DESC LIMIT 200`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      eventId: r.event_id,
      eventTitle: r.title,
      requestedBy: r.requested_by,
      requestedByName: this.town.person(r.requested_by)?.name ?? r.requested_by,
      requestedAt: r.requested_at,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      status: r.status,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    }));
  }

  // ---- ops from the district (sync) ----------------------------------------------------------

  /**
   * While the sync worker applies a page of ops (one transaction): the page's events read once,
   * and kept as each op writes them; their timeline rows written in one multi-row INSERT at the
   * end. Each op would otherwise cost a SELECT and an INSERT of its own (a trip to SQLite's thread
   * each). Only the page's transaction runs meanwhile (writes are serialized), so nothing else can
   * change these rows under the cache.
   */
  private page: { events: Map<string, EventRecord | null>; timeline: Parameters<EventRepository['appendTimeline']>[1][] } | null = null;

  async beginPage(sql: Sql, eventIds: readonly string[]): Promise<void> {
    const events = new Map<string, EventRecord | null>();
    const unique = [...new Set(eventIds)];
    for (const id of unique) events.set(id, null);
    for (const row of await this.repo.getMany(sql, unique)) events.set(row.id, row);
    this.page = { events, timeline: [] };
  }

  /** Writes the page's timeline rows; `commit` false drops them (the transaction is rolling back). */
  async endPage(sql: Sql, commit = true): Promise<void> {
    const page = this.page;
    this.page = null;
    if (page && commit) await this.repo.appendTimelines(sql, page.timeline);
  }

  private async getEvent(sql: Sql, id: string): Promise<EventRecord | undefined> {
    if (this.page?.events.has(id)) return this.page.events.get(id) ?? undefined;
    return this.repo.get(sql, id);
  }

  private remember(e: EventRecord): void {
    this.page?.events.set(e.id, e);
  }

  private appendTimeline(sql: Sql, entry: Parameters<EventRepository['appendTimeline']>[1]): Promise<void> {
    if (this.page) {
      this.page.timeline.push(entry);
      return Promise.resolve();
    }
    return this.repo.appendTimeline(sql, entry);
  }

  /**
   * Applies one op from the district through the same lifecycle as a local command, inside the
   * caller's transaction and without an outbox row (it is already on the server). Returns
   * 'diverged' when the local state cannot take it (a local change the server has not seen yet);
   * the sync worker then resets that event to the server's record.
   */
  async applyRemoteIn(sql: Sql, op: RemoteOp): Promise<'applied' | 'diverged'> {
    if (op.entity !== 'event' || op.kind !== 'action' || !isEventActionName(op.action)) return 'diverged';
    const action = op.action;
    const origin: RemoteOrigin = { nodeId: op.nodeId, hlc: op.hlc };
    const actor: Actor = { id: `node:${op.nodeId}`, roles: [] };
    const at = op.at;
    const event = await this.getEvent(sql, op.entityId);
    const p = op.payload;
    if (!event && (action === 'report' || action === 'assign_to_town')) {
      if (checkAction(action, undefined, p, 'district')) return 'diverged';
      const item = this.town.catalogue.get(String(p.categoryCode));
      if (!item) return 'diverged';
      const input = this.reportInput(p);
      const acceptDue = deadline(this.calendar.current(), new Date(input.reportedAt), 'accept', item.limits, input.level).toISOString();
      this.hlc.receive(op.hlc);
      const record = this.newRecord(op.entityId, input, item, acceptDue, null, op.hlc, at);
      await this.repo.insert(sql, record);
      this.remember(record);
      await this.appendTimeline(sql, { eventId: op.entityId, action, fromState: null, toState: 'reported', actorId: actor.id, at, payload: p });
      if (LEVEL_RANK[input.level] >= LEVEL_RANK.serious) {
        await this.alarms.raise(sql, { key: `new_serious:${op.entityId}`, kind: 'new_serious', eventId: op.entityId, detail: { level: input.level }, at });
      }
      await this.recorded(sql, { id: op.entityId, title: input.title, categoryCode: input.categoryCode, level: input.level, source: input.source, sensor: input.sensor ?? null }, at);
      return 'applied';
    }
    if (!event || checkAction(action, event.state as EventState, p, 'district')) return 'diverged';
    let changes: Partial<EventRecord> = {};
    switch (action) {
      case 'report':
        return 'diverged';
      case 'assign_to_town': {
        const item = this.town.catalogue.get(String(p.categoryCode));
        if (!item) return 'diverged';
        const input = this.reportInput(p);
        const acceptDue = deadline(this.calendar.current(), new Date(input.reportedAt), 'accept', item.limits, input.level).toISOString();
        const fresh = this.newRecord(event.id, input, item, acceptDue, null, op.hlc, at);
        const { version: _v, hlc: _h, id: _i, ...rest } = fresh;
        changes = rest;
        break;
      }
      case 'accept':
        changes = { accepted_at: at };
        break;
      case 'dispatch': {
        const lead = String(p.leadPostId);
        const coop = (p.cooperatingPostIds as string[]).map(String);
        if (!this.town.catalogue.has(event.category_code)) return 'diverged';
        changes = this.dispatchChanges(event, lead, coop, at);
        const given = new Map(
          (Array.isArray(p.holders) ? (p.holders as { postId: string; personId: string | null; as: 'A' | 'B' | null }[]) : []).map((h) => [h.postId, h]),
        );
        const resolved = [lead, ...coop].map((postId) => {
          const post = this.town.posts.get(postId);
          const holder = given.get(postId) ?? (post ? this.town.holderAt(post, new Date(at)) : { personId: null, as: null });
          return { postId, holder: { personId: holder.personId ?? null, as: holder.as ?? null } };
        });
        await this.transition(sql, actor, event, action, p, changes, at, {}, origin);
        await this.writeAssignments(sql, event.id, lead, resolved, at, changes.ack_due!);
        return 'applied';
      }
      case 'acknowledge':
        changes = { acknowledged_at: at };
        await this.markAssignment(sql, event.id, String(p.postId), { acknowledged_at: at });
        break;
      case 'arrive':
        if (String(p.postId) === event.lead_post_id && !event.arrived_at) changes = { arrived_at: at };
        await this.markAssignment(sql, event.id, String(p.postId), { arrived_at: at });
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
        break;
      case 'extend':
        changes = { resolve_due: new Date(String(p.until)).toISOString() };
        break;
      case 'return':
      case 'escalate':
      case 'note':
      case 'district_update':
        break;
      default:
        return missingCase(action);
    }
    await this.transition(sql, actor, event, action, p, changes, at, {}, origin);
    return 'applied';
  }

  private reportInput(p: Record<string, unknown>): ReportInput & { reportedAt: string } {
    const location = p.location as { lng: number; lat: number } | undefined;
    return {
      title: String(p.title),
      categoryCode: String(p.categoryCode),
      level: p.level as Level,
      source: p.source as Source,
      reportedAt: new Date(String(p.reportedAt)).toISOString(),
      gridCode: typeof p.gridCode === 'string' && this.town.grids.has(p.gridCode) ? p.gridCode : undefined,
      description: typeof p.description === 'string' ? p.description : undefined,
      location,
      sensor: sensorOf(p.sensor),
    };
  }

  private async markAssignment(sql: Sql, eventId: string, postId: string, changes: Partial<AssignmentRecord>): Promise<void> {
    const mine = (await this.repo.assignments(sql, eventId)).find((a) => a.active === 1 && a.post_id === postId);
    if (mine) await this.repo.updateAssignment(sql, mine.id, changes);
  }

  /**
   * Replaces an event with the district's record of it (after a rejection or a divergence): its
   * state, version and reported fields; the timeline keeps what happened and says so.
   */
  async resetFromServerIn(sql: Sql, record: { entityId: string; version: number; hlc: string; state?: string; payload: Record<string, unknown> }, at: string): Promise<void> {
    const event = await this.repo.get(sql, record.entityId);
    const state = (record.state ?? 'reported') as EventState;
    const p = record.payload;
    const item = this.town.catalogue.get(String(p.categoryCode ?? event?.category_code));
    if (!item) return;
    const base = event ?? this.newRecord(record.entityId, this.reportInput(p), item, at, null, record.hlc, at);
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
    const clock = currentClock(state as State, { acceptDue: next.accept_due, ackDue: next.ack_due, onSceneDue: next.on_scene_due, resolveDue: next.resolve_due, arrivedAt: next.arrived_at });
    next.due_at = clock?.dueAt ?? null;
    next.due_kind = clock?.kind ?? null;
    if (event) {
      await this.repo.update(sql, event.id, next);
    } else {
      await this.repo.insert(sql, next);
    }
    if (event && (event.lead_post_id !== next.lead_post_id || event.coop_post_ids !== next.coop_post_ids)) {
      // The posts' tasks follow the server's route: the refused dispatch's tasks end, the server's start.
      await this.repo.deactivateAssignments(sql, event.id);
      if (next.lead_post_id) {
        const given = new Map((Array.isArray(p.holders) ? (p.holders as { postId: string; personId: string | null; as: 'A' | 'B' | null }[]) : []).map((h) => [h.postId, h]));
        const resolved = [next.lead_post_id, ...(JSON.parse(next.coop_post_ids) as string[])].map((postId) => {
          const post = this.town.posts.get(postId);
          const holder = given.get(postId) ?? (post ? this.town.holderAt(post, new Date(at)) : { personId: null, as: null });
          return { postId, holder: { personId: holder.personId ?? null, as: holder.as ?? null } };
        });
        await this.writeAssignments(sql, event.id, next.lead_post_id, resolved, at, next.ack_due ?? at);
      }
    }
    await this.repo.appendTimeline(sql, { eventId: record.entityId, action: 'sync_reset', fromState: event?.state ?? null, toState: state, actorId: 'system', at, payload: { version: record.version } });
  }

  /** Tells the UI that events changed after a sync step. */
  announce(ids: string[]): void {
    if (ids.length > 0) this.changed(ids);
  }

  // ---- the SLA sweep -------------------------------------------------------------------------

  /**
   * Raises an alarm for every clock that ran out, once per breach; on an acknowledge timeout
   * re-dispatches to the B holder where A held the task. Returns the number of events touched.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const at = now.toISOString();
    const due = await this.db.read((sql) => this.repo.overdue(sql, at, 500));
    let touched = 0;
    for (const row of due) {
      const changed = await this.db.write(async (sql) => {
        const key = `overdue:${row.id}:${row.due_kind}:${row.due_at}`;
        if (row.due_kind !== 'acknowledge') {
          return this.alarms.raise(sql, { key, kind: 'overdue', eventId: row.id, detail: { dueKind: row.due_kind, dueAt: row.due_at }, at });
        }
        const event = await this.load(sql, row.id);
        if (event.state !== 'dispatched' || event.due_at !== row.due_at) return false;
        const raised = await this.alarms.raise(sql, { key, kind: 'ack_timeout', eventId: row.id, detail: { dueKind: 'acknowledge', dueAt: row.due_at }, at });
        const assignments = (await this.repo.assignments(sql, row.id)).filter((a) => a.active === 1);
        const holders = new Map<string, HolderAt>();
        let fallback = false;
        for (const a of assignments) {
          const post = this.town.posts.get(a.post_id);
          const b = post && !a.acknowledged_at ? fallbackHolder(post, a.holder_as, (id) => this.town.canActAt(id, post, now)) : null;
          if (b) fallback = true;
          holders.set(a.post_id, b ?? { personId: a.person_id, as: a.holder_as });
        }
        if (fallback && event.lead_post_id) {
          await this.dispatchIn(sql, SYSTEM, event, event.lead_post_id, JSON.parse(event.coop_post_ids) as string[], undefined, at, holders, 'ack_timeout');
          return true;
        }
        return raised;
      });
      if (changed) {
        touched += 1;
        this.changed([row.id]);
      }
    }
    if (touched > 0) this.feed.emit({ topic: 'alarms' });
    return touched;
  }

  // ---- reads ---------------------------------------------------------------------------------

  async queue(actor: Actor, filter: { levels?: Level[]; states?: State[]; sources?: Source[]; boardCode?: string; search?: string; overdueOnly?: boolean; limit: number }): Promise<QueueResponse> {
    this.permit(actor, 'read');
    const now = this.clock.now().toISOString();
    const query = {
      townCode: this.town.town.townCode,
      limit: filter.limit,
      levels: filter.levels,
      states: filter.states,
      sources: filter.sources,
      boardCode: filter.boardCode,
      search: filter.search?.trim() || undefined,
      overdueBefore: filter.overdueOnly ? now : undefined,
    };
    const { rows, total } = await this.db.read(async (sql) => ({ rows: await this.repo.queue(sql, query), total: await this.repo.queueCount(sql, query) }));
    return {
      now,
      total,
      rows: rows.map((r) => {
        const item = this.town.catalogue.get(r.category_code);
        return {
          id: r.id,
          title: r.title,
          level: r.level as Level,
          state: r.state as State,
          source: r.source as Source,
          categoryCode: r.category_code,
          categoryName: item?.name ?? r.category_code,
          boardCode: r.board_code,
          gridCode: r.grid_code,
          gridName: r.grid_code ? (this.town.grids.get(r.grid_code)?.name ?? r.grid_code) : null,
          reportedAt: r.reported_at,
          dueAt: r.due_at,
          dueKind: r.due_kind as ClockKind | null,
          possibleDuplicateOf: r.possible_duplicate_of,
          carriedOver: r.carried_over === 1,
          leadPostName: r.lead_post_id ? (this.town.posts.get(r.lead_post_id)?.name ?? null) : null,
        };
      }),
    };
  }

  async detail(actor: Actor, eventId: string): Promise<EventDetail> {
    this.permit(actor, 'read');
    return this.db.read(async (sql) => {
      const e = await this.load(sql, eventId);
      const merged = await this.repo.mergedInto(sql, eventId);
      const timeline = await this.repo.timeline(sql, [eventId, ...merged.map((m) => m.id)]);
      const assignments = await this.repo.assignments(sql, eventId);
      const approvals = await this.loadApprovals(sql, 'a.event_id = ?', [eventId]);
      const sensor = await sql.get<{ type: string; value: number; unit: string | null }>(`SELECT type, value, unit FROM event_sensor WHERE event_id = ?`, [eventId]);
      const item = this.town.catalogue.get(e.category_code);
      return {
        id: e.id,
        title: e.title,
        description: e.description,
        level: e.level as Level,
        state: e.state as State,
        source: e.source as Source,
        categoryCode: e.category_code,
        categoryName: item?.name ?? e.category_code,
        boardCode: e.board_code,
        gridCode: e.grid_code,
        gridName: e.grid_code ? (this.town.grids.get(e.grid_code)?.name ?? null) : null,
        location: e.lng !== null && e.lat !== null ? { lng: e.lng, lat: e.lat } : null,
        reportedAt: e.reported_at,
        callerName: e.caller_name,
        callerPhone: e.caller_phone,
        sensor: sensor ? { type: sensor.type, value: sensor.value, ...(sensor.unit ? { unit: sensor.unit } : {}) } : null,
        dueAt: e.due_at,
        dueKind: e.due_kind as ClockKind | null,
        clocks: [
          { kind: 'accept', startedAt: e.reported_at, dueAt: e.accept_due, stoppedAt: e.dispatched_at ?? e.closed_at },
          { kind: 'acknowledge', startedAt: e.dispatched_at, dueAt: e.ack_due, stoppedAt: e.acknowledged_at },
          { kind: 'on_scene', startedAt: e.dispatched_at, dueAt: e.on_scene_due, stoppedAt: e.arrived_at },
          { kind: 'resolve', startedAt: e.dispatched_at, dueAt: e.resolve_due, stoppedAt: e.resolved_at },
        ],
        version: e.version,
        possibleDuplicateOf: e.possible_duplicate_of,
        mergedInto: e.merged_into,
        carriedOver: e.carried_over === 1,
        carryOverNote: e.carry_over_note,
        handlerId: e.handler_id,
        timeline: timeline.map((t): TimelineEntry => ({
          id: t.id,
          eventId: t.event_id,
          action: t.action,
          fromState: t.from_state as State | null,
          toState: t.to_state as State | null,
          actorId: t.actor_id,
          actorName: t.actor_id === 'system' ? null : (this.town.person(t.actor_id)?.name ?? null),
          at: t.at,
          payload: JSON.parse(t.payload) as Record<string, unknown>,
        })),
        assignments: assignments.map((a): Assignment => this.assignmentView(a)),
        approvals,
        allowedActions: this.allowedActions(actor, e),
      };
    });
  }

  private assignmentView(a: AssignmentRecord): Assignment {
    const person = this.town.person(a.person_id);
    return {
      postId: a.post_id,
      postName: this.town.posts.get(a.post_id)?.name ?? a.post_id,
      role: a.role,
      personId: a.person_id,
      personName: person?.name ?? null,
      personPhone: person?.phone ?? null,
      as: a.holder_as,
      dispatchedAt: a.dispatched_at,
      acknowledgedAt: a.acknowledged_at,
      arrivedAt: a.arrived_at,
      active: a.active === 1,
    };
  }

  /** What this person may do to this event now: the lifecycle table crossed with the role table. */
  allowedActions(actor: Actor, e: EventRecord): string[] {
    const state = e.state as EventState;
    const out: string[] = [];
    const byAction: [EventAction, Permission][] = [
      ['accept', 'accept'], ['dispatch', 'dispatch'], ['acknowledge', 'acknowledge'], ['arrive', 'arrive'],
      ['report_back', 'report_back'], ['verify', 'verify'], ['reject', 'reject'], ['close', 'close'],
      ['return', 'requestReturn'], ['escalate', 'escalate'], ['invalid', 'invalid'], ['merge', 'merge'],
      ['extend', 'requestExtension'], ['note', 'note'],
    ];
    for (const [action, permission] of byAction) {
      if (!allows(actor.roles, permission)) continue;
      if (canStart(action, state)) out.push(action);
    }
    if (state === 'reported' && allows(actor.roles, 'dispatch')) out.push('dispatch');
    if (e.is_open && e.due_at && e.due_at <= this.clock.now().toISOString() && allows(actor.roles, 'carryOver') && !e.carried_over) out.push('carry_over');
    return [...new Set(out)].filter((a) => a in ACTION_RULES || a === 'carry_over');
  }
}

/** A sensor reading from a district payload, when it has the right shape (anything else is ignored). */
function sensorOf(v: unknown): SensorReading | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.type !== 'string' || r.type.length === 0 || r.type.length > 40 || typeof r.value !== 'number' || !Number.isFinite(r.value)) return undefined;
  return { type: r.type, value: r.value, ...(typeof r.unit === 'string' && r.unit.length <= 16 ? { unit: r.unit } : {}) };
}
