/**
 * The events' read model: the queue, one event's detail, the one-key dispatch proposal, and what
 * each person may do with each event (`allowedActions`, the same function for the queue's rows and
 * the detail, so the renderer never keeps a copy of the lifecycle or the role table).
 */
import type { Assignment, ClockKind, DispatchProposal, EventDetail, Level, QueueResponse, Source, State, TimelineEntry } from '../../../preload/contract/schemas';
import { refuse } from '../errors';
import type { Actor } from '../kernel';
import { allows, permit, type Permission } from '../kernel/permissions';
import type { EventApprovals } from './event-approvals';
import type { EventContext } from './event-context';
import { canStart, EVENT_ACTIONS, nextState, type EventAction, type EventState } from './event-lifecycle';
import type { AssignmentRecord, EventRecord } from './event.repository';
import type { QueueFilter } from './event-types';

/**
 * Which permission of the role table lets a person start each lifecycle action here. Actions not
 * listed are the district's (report arrives through intake, assign_to_town, district_*).
 */
const ACTION_PERMISSION: Readonly<Partial<Record<EventAction, Permission>>> = {
  accept: 'accept',
  dispatch: 'dispatch',
  acknowledge: 'acknowledge',
  arrive: 'arrive',
  report_back: 'report_back',
  verify: 'verify',
  reject: 'reject',
  close: 'close',
  return: 'requestReturn',
  escalate: 'escalate',
  invalid: 'invalid',
  merge: 'merge',
  extend: 'requestExtension',
  note: 'note',
  reclassify: 'reclassify',
  hold: 'requestHold',
  release: 'release',
  follow_up: 'followUp',
  reopen: 'reopen',
  situation_report: 'situationReport',
  // issue #15: a photo or file, by whoever may write a note
  attach: 'note',
};

/** What allowedActions reads of an event (a queue row or the whole record). */
export type ActionFacts = Pick<EventRecord, 'state' | 'is_open' | 'carried_over'>;

/**
 * What this person may do to this event now: the lifecycle table (canStart) crossed with the role
 * table (allows). Dispatch from `reported` is the one-key dispatch (accept, then dispatch: both
 * allowed, both in the lifecycle); `hold` (asking for 挂账) while the event is not held, `release`
 * while it is.
 */
export function allowedActions(roles: Actor['roles'], e: ActionFacts): string[] {
  const state = e.state as EventState;
  const may = (action: EventAction): boolean => {
    const permission = ACTION_PERMISSION[action];
    return permission !== undefined && allows(roles, permission);
  };
  const out: string[] = [];
  for (const action of EVENT_ACTIONS) {
    if (!may(action)) continue;
    if ((action === 'hold' && e.carried_over) || (action === 'release' && !e.carried_over)) continue;
    if (canStart(action, state)) out.push(action);
    else if (action === 'dispatch' && may('accept') && canStart('accept', state) && canStart('dispatch', nextState('accept', state))) out.push(action);
  }
  return out;
}

export class EventQueries {
  constructor(
    private readonly ctx: EventContext,
    private readonly approvals: EventApprovals,
  ) {}

  async queue(actor: Actor, filter: QueueFilter): Promise<QueueResponse> {
    permit(actor, 'read');
    const { ctx } = this;
    const { town } = ctx;
    const now = ctx.clock.now().toISOString();
    const query = {
      townCode: town.town.townCode,
      limit: filter.limit,
      levels: filter.levels,
      states: filter.states,
      sources: filter.sources,
      boardCode: filter.boardCode,
      search: filter.search?.trim() || undefined,
      overdueBefore: filter.overdueOnly ? now : undefined,
    };
    const { rows, total } = await ctx.kernel.read(async (sql) => ({ rows: await ctx.repo.queue(sql, query), total: await ctx.repo.queueCount(sql, query) }));
    return {
      now,
      total,
      rows: rows.map((r) => ({
        id: r.id,
        title: r.title,
        level: r.level as Level,
        state: r.state as State,
        source: r.source as Source,
        categoryCode: r.category_code,
        categoryName: town.catalogue.get(r.category_code)?.name ?? r.category_code,
        boardCode: r.board_code,
        gridCode: r.grid_code,
        gridName: r.grid_code ? (town.grids.get(r.grid_code)?.name ?? r.grid_code) : null,
        reportedAt: r.reported_at,
        dueAt: r.due_at,
        dueKind: r.due_kind as ClockKind | null,
        possibleDuplicateOf: r.possible_duplicate_of,
        carriedOver: r.carried_over === 1,
        leadPostName: r.lead_post_id ? (town.posts.get(r.lead_post_id)?.name ?? null) : null,
        version: r.version,
        // The queue shows open events only.
        allowedActions: allowedActions(actor.roles, { state: r.state, is_open: 1, carried_over: r.carried_over }),
      })),
    };
  }

  /**
   * 联动 on the wall (issue #18): the open events with a place reported at or after `since`, as the
   * camera linkage reads them (it decides which are in linkage). The core's own read: the wall
   * service has checked its reader; only a title, level, grid and place leave through it.
   */
  async linkageCandidates(
    since: string,
  ): Promise<
    Array<{ id: string; title: string; level: string; source: string; state: string; gridCode: string | null; reportedAt: string; location: { lng: number; lat: number } | null }>
  > {
    const { ctx } = this;
    const rows = await ctx.kernel.read((sql) => ctx.repo.recentLocated(sql, ctx.town.town.townCode, since));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      level: r.level,
      source: r.source,
      state: r.state,
      gridCode: r.grid_code,
      reportedAt: r.reported_at,
      location: r.lng !== null && r.lat !== null ? { lng: r.lng, lat: r.lat } : null,
    }));
  }

  async detail(actor: Actor, eventId: string): Promise<EventDetail> {
    permit(actor, 'read');
    const { ctx } = this;
    const { town } = ctx;
    return ctx.kernel.read(async (sql) => {
      const e = await ctx.load(sql, eventId);
      const merged = await ctx.repo.mergedInto(sql, eventId);
      const timeline = await ctx.repo.timeline(sql, [eventId, ...merged.map((m) => m.id)]);
      const assignments = await ctx.repo.assignments(sql, eventId);
      const approvals = await this.approvals.list(sql, { eventId });
      const sensor = await ctx.repo.sensor(sql, eventId);
      // 升级提醒's automatic steps on this event's alarms (main/core/alarms/escalation.service.ts; a step by hand is a note already).
      const steps = await sql.all<{ step: number; target: string; person_id: string | null; at: string; kind: string }>(
        `SELECT s.step, s.target, s.person_id, s.at, a.kind FROM alarm_step s JOIN alarm a ON a.id = s.alarm_id WHERE s.event_id = ? AND s.by_id IS NULL ORDER BY s.at`,
        [eventId],
      );
      return {
        id: e.id,
        title: e.title,
        description: e.description,
        level: e.level as Level,
        state: e.state as State,
        source: e.source as Source,
        categoryCode: e.category_code,
        categoryName: town.catalogue.get(e.category_code)?.name ?? e.category_code,
        boardCode: e.board_code,
        gridCode: e.grid_code,
        gridName: e.grid_code ? (town.grids.get(e.grid_code)?.name ?? null) : null,
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
        holdReviewBy: e.hold_review_by,
        clockPausedAt: e.clock_paused_at,
        handlerId: e.handler_id,
        firstReportDue: e.first_report_due ?? null,
        firstReportAt: e.first_report_at ?? null,
        finalReportAt: e.final_report_at ?? null,
        updateReportDue: e.update_report_due ?? null,
        timeline: withSteps(
          timeline.map((t): TimelineEntry => ({
            id: t.id,
            eventId: t.event_id,
            action: t.action,
            fromState: t.from_state as State | null,
            toState: t.to_state as State | null,
            actorId: t.actor_id,
            actorName: t.actor_id === 'system' ? null : (town.person(t.actor_id)?.name ?? null),
            at: t.at,
            payload: JSON.parse(t.payload) as Record<string, unknown>,
          })),
          steps.map((st, i): TimelineEntry => ({
            id: -(i + 1),
            eventId,
            action: 'escalation_step',
            fromState: null,
            toState: null,
            actorId: null,
            actorName: null,
            at: st.at,
            payload: { alarmKind: st.kind, step: st.step, to: st.target, personId: st.person_id, personName: st.person_id ? (town.person(st.person_id)?.name ?? null) : null },
          })),
        ),
        assignments: assignments.map((a) => this.assignmentView(a)),
        approvals,
        allowedActions: allowedActions(actor.roles, e),
      };
    });
  }

  private assignmentView(a: AssignmentRecord): Assignment {
    const { town } = this.ctx;
    const person = town.person(a.person_id);
    return {
      postId: a.post_id,
      postName: town.posts.get(a.post_id)?.name ?? a.post_id,
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

  /** The one-key proposal: the catalogue's lead and cooperating posts with who acts for each now. */
  async proposeDispatch(actor: Actor, eventId: string): Promise<DispatchProposal> {
    permit(actor, 'dispatch');
    const { ctx } = this;
    const event = await ctx.kernel.read((sql) => ctx.load(sql, eventId));
    const needsAccept = event.state === 'reported';
    if (!needsAccept && !canStart('dispatch', event.state as EventState)) {
      refuse('conflict', `dispatch cannot start from ${event.state}`, { action: 'dispatch', state: event.state });
    }
    const route = event.lead_post_id ? { lead: event.lead_post_id, cooperating: JSON.parse(event.coop_post_ids) as string[] } : ctx.routeOf(event);
    const post = (id: string) => {
      const p = ctx.town.posts.get(id);
      if (!p) refuse('unknown_post', `unknown post ${id}`, { id });
      return ctx.town.postInfo(p);
    };
    return { eventId, needsAccept, lead: post(route.lead), cooperating: route.cooperating.map(post) };
  }
}

/** The timeline with 升级提醒's steps among its entries, by time (a step after the entry of the same instant). */
function withSteps(entries: TimelineEntry[], steps: TimelineEntry[]): TimelineEntry[] {
  if (steps.length === 0) return entries;
  return [...entries, ...steps].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
