/**
 * 我的任务 (issue #17, reaching people): a person's own open tasks, read in one snapshot (kernel.read):
 * - events whose ACTIVE assignment names the person (lead or cooperating post), the event dispatched
 *   or in progress — `assignment.person_id` is who the dispatch (or a later re-dispatch) reached;
 * - the plan tasks the person holds in running plans, still to acknowledge or to complete;
 * - open alarms an escalation step told the person of (升级提醒: `alarm_step.person_id`, the alarm's
 *   `acked_at` still NULL), folded into the line of the same event or plan task when the person has
 *   one, else a line of its own (still open events and tasks only).
 * A read model across features: it reads their tables and writes nothing. Whether the person may 签收
 * follows the same rules as the commands (the event's acknowledge, the plan's ack).
 */
import type { MyTaskEscalation, MyTaskItem, MyTaskList } from '../../../preload/contract/task-schemas';
import type { Alarm, Level, State } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { allows, permit } from '../kernel/permissions';

/** What this read model needs of the town: post names and who holds a post (A or B). */
export interface TaskTown {
  readonly posts: ReadonlyMap<string, { readonly name: string }>;
  holdsPost(personId: string, postId: string): boolean;
}

interface AssignedRow {
  event_id: string;
  post_id: string;
  role: string;
  holder_as: string | null;
  dispatched_at: string;
  ack_due: string | null;
  acknowledged_at: string | null;
  title: string;
  level: Level;
  state: State;
  due_at: string | null;
  due_kind: string | null;
  resolve_due: string | null;
}

interface StepRow {
  alarm_id: string;
  step: number;
  target: MyTaskEscalation['to'];
  at: string;
  event_id: string | null;
  task_id: string | null;
  kind: Alarm['kind'];
}

interface EventRow {
  id: string;
  title: string;
  level: Level;
  state: State;
  due_at: string | null;
  due_kind: string | null;
  lead_post_id: string | null;
}

interface OpenAssignmentRow {
  event_id: string;
  post_id: string;
  holder_as: string | null;
  ack_due: string | null;
}

interface PlanTaskRow {
  id: string;
  run_id: string;
  title: string;
  post_id: string;
  status: string;
  holder_rule: string;
  released_at: string | null;
  ack_due: string | null;
  due_at: string | null;
  run_name: string;
  drill: number;
}

const EVENT_CLOCKS: ReadonlySet<string> = new Set(['acknowledge', 'on_scene', 'resolve']);

/** The events a person is on now: their post's active assignment, the event dispatched or in progress (open events first, then their assignments). */
const ASSIGNED_SQL = `SELECT a.event_id, a.post_id, a.role, a.holder_as, a.dispatched_at, a.ack_due, a.acknowledged_at,
  e.title, e.level, e.state, e.due_at, e.due_kind, e.resolve_due
  FROM event e JOIN assignment a ON a.event_id = e.id
  WHERE e.is_open = 1 AND e.state IN ('dispatched', 'in_progress') AND a.active = 1 AND a.person_id = ?`;

/** Plan tasks with their run's name (the WHERE is the caller's: a holder's open tasks, or tasks by id). */
const PLAN_TASKS_SQL = `SELECT t.id, t.run_id, t.title, t.post_id, t.status, t.holder_rule, t.released_at, t.ack_due, t.due_at, r.name AS run_name, r.drill
  FROM plan_task t JOIN plan_run r ON r.id = t.run_id`;

/** The open alarms escalation steps told the person of, newest step first (idx_alarm_step_person). */
const STEPS_SQL = `SELECT s.alarm_id, s.step, s.target, s.at, s.event_id, s.task_id, a.kind
  FROM alarm_step s JOIN alarm a ON a.id = s.alarm_id
  WHERE s.person_id = ? AND a.acked_at IS NULL ORDER BY s.at DESC, s.step DESC`;

const asOf = (holderAs: string | null): 'A' | 'B' | null => (holderAs === 'A' || holderAs === 'B' ? holderAs : null);
const inList = (n: number): string => new Array<string>(n).fill('?').join(',');

export class MyTasks {
  private steps = false;

  constructor(
    private readonly kernel: Kernel,
    private readonly town: TaskTown,
  ) {}

  /** The signed-in person's own open tasks (any reader: their own only). */
  async mine(actor: Actor): Promise<MyTaskList> {
    permit(actor, 'read');
    const items = await this.kernel.read(async (sql) => {
      const assigned = await sql.all<AssignedRow>(ASSIGNED_SQL, [actor.id]);
      const planTasks = await sql.all<PlanTaskRow>(`${PLAN_TASKS_SQL} WHERE t.holder_id = ? AND t.status IN ('dispatched', 'acknowledged') AND r.status = 'running'`, [actor.id]);
      const list = [...assigned.map((r) => this.eventItem(actor, r)), ...planTasks.map((t) => this.planItem(actor, t))];
      await this.foldEscalations(sql, actor, list);
      return list;
    });
    return { items: items.sort(byUrgency) };
  }

  private postName(postId: string | null): string | null {
    return postId ? (this.town.posts.get(postId)?.name ?? null) : null;
  }

  /** Whether the person may acknowledge their post's task on an event (events' acknowledge: the role, and the post's holder unless at the desk). */
  private mayAckEvent(actor: Actor, postId: string): boolean {
    if (!allows(actor.roles, 'acknowledge')) return false;
    return actor.roles.includes('officer') || actor.roles.includes('leader') || this.town.holdsPost(actor.id, postId);
  }

  private eventItem(actor: Actor, r: AssignedRow): MyTaskItem {
    const acked = r.acknowledged_at !== null;
    const lead = r.role === 'lead';
    // The lead's clock is the event's own (on scene, then resolve); a cooperating post works to the resolve limit.
    const due = !acked
      ? { at: r.ack_due, kind: 'acknowledge' as const }
      : lead
        ? { at: r.due_at, kind: r.due_kind && EVENT_CLOCKS.has(r.due_kind) ? (r.due_kind as 'on_scene' | 'resolve') : null }
        : { at: r.resolve_due, kind: 'resolve' as const };
    return {
      key: `event:${r.event_id}:${r.post_id}`,
      source: 'event',
      eventId: r.event_id,
      runId: null,
      taskId: null,
      postId: r.post_id,
      postName: this.postName(r.post_id),
      title: r.title,
      runName: null,
      drill: false,
      level: r.level,
      as: asOf(r.holder_as),
      role: lead ? 'lead' : 'cooperating',
      state: acked ? 'in_progress' : 'awaiting_ack',
      eventState: r.state,
      dueAt: due.at,
      dueKind: due.at ? due.kind : null,
      since: r.dispatched_at,
      escalation: null,
      canAck: !acked && (lead ? r.state === 'dispatched' : true) && this.mayAckEvent(actor, r.post_id),
    };
  }

  private planItem(actor: Actor, t: PlanTaskRow, escalatedOnly = false): MyTaskItem {
    const waiting = t.status === 'dispatched';
    const due = waiting ? t.ack_due : t.due_at;
    return {
      key: `plan:${t.id}`,
      source: 'plan',
      eventId: null,
      runId: t.run_id,
      taskId: t.id,
      postId: t.post_id,
      postName: this.postName(t.post_id),
      title: t.title,
      runName: t.run_name,
      drill: t.drill === 1,
      level: null,
      as: escalatedOnly ? null : asOf(t.holder_rule),
      role: null,
      state: waiting ? 'awaiting_ack' : 'in_progress',
      eventState: null,
      dueAt: due,
      dueKind: due ? (waiting ? 'acknowledge' : 'complete') : null,
      since: t.released_at ?? '',
      escalation: null,
      // Plans' ack: the task's holder (or the desk) with the planTask permission; an escalation alone is not the person's task to take.
      canAck: !escalatedOnly && waiting && allows(actor.roles, 'planTask'),
    };
  }

  /** Whether the database keeps escalation steps (migration 0015, 升级提醒); asked until it does. */
  private async stepsKept(sql: Sql): Promise<boolean> {
    this.steps ||= !!(await sql.get(`SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'alarm_step'`));
    return this.steps;
  }

  /** Marks the lines an escalation step told the person of; an escalation with no line of theirs becomes one (its event or task still open). */
  private async foldEscalations(sql: Sql, actor: Actor, list: MyTaskItem[]): Promise<void> {
    if (!(await this.stepsKept(sql))) return;
    const steps = await sql.all<StepRow>(STEPS_SQL, [actor.id]);
    if (steps.length === 0) return;
    // The newest step per event / task (the rows come newest first).
    const byEvent = new Map<string, StepRow>();
    const byTask = new Map<string, StepRow>();
    for (const s of steps) {
      if (s.task_id) {
        if (!byTask.has(s.task_id)) byTask.set(s.task_id, s);
      } else if (s.event_id && !byEvent.has(s.event_id)) byEvent.set(s.event_id, s);
    }
    const escalationOf = (s: StepRow): MyTaskEscalation => ({ alarmId: s.alarm_id, kind: s.kind, step: s.step, to: s.target, at: s.at });
    const missingEvents: string[] = [];
    for (const [eventId, s] of byEvent) {
      const lines = list.filter((x) => x.eventId === eventId);
      for (const line of lines) line.escalation = escalationOf(s);
      if (lines.length === 0) missingEvents.push(eventId);
    }
    const missingTasks: string[] = [];
    for (const [taskId, s] of byTask) {
      const line = list.find((x) => x.taskId === taskId);
      if (line) line.escalation = escalationOf(s);
      else missingTasks.push(taskId);
    }
    if (missingEvents.length > 0) {
      const events = await sql.all<EventRow>(
        `SELECT id, title, level, state, due_at, due_kind, lead_post_id FROM event WHERE is_open = 1 AND id IN (${inList(missingEvents.length)})`,
        missingEvents,
      );
      const open = await sql.all<OpenAssignmentRow>(
        `SELECT event_id, post_id, holder_as, ack_due FROM assignment WHERE active = 1 AND acknowledged_at IS NULL AND event_id IN (${inList(missingEvents.length)}) ORDER BY id`,
        missingEvents,
      );
      for (const e of events) list.push(this.escalatedEventItem(actor, e, open, escalationOf(byEvent.get(e.id)!)));
    }
    if (missingTasks.length > 0) {
      const tasks = await sql.all<PlanTaskRow>(
        `${PLAN_TASKS_SQL} WHERE t.id IN (${inList(missingTasks.length)}) AND t.status IN ('dispatched', 'acknowledged') AND r.status = 'running'`,
        missingTasks,
      );
      for (const t of tasks) list.push({ ...this.planItem(actor, t, true), escalation: escalationOf(byTask.get(t.id)!) });
    }
  }

  /**
   * An event the person was told of by an escalation step but holds no assignment of: the B holder of a
   * post whose A has not acknowledged (they may 签收 for the post), or the duty leader / director (they
   * follow it up; 签收 stays the post's).
   */
  private escalatedEventItem(actor: Actor, e: EventRow, open: readonly OpenAssignmentRow[], escalation: MyTaskEscalation): MyTaskItem {
    const waiting = open.filter((a) => a.event_id === e.id);
    const mine = waiting.find((a) => this.town.holdsPost(actor.id, a.post_id) && allows(actor.roles, 'acknowledge'));
    const postId = mine?.post_id ?? e.lead_post_id;
    // Not taken yet: a post of it still to acknowledge that the person may take, or the event not yet in anyone's hands.
    const awaiting = mine !== undefined || ['reported', 'accepted', 'dispatched'].includes(e.state);
    const dueAt = mine ? mine.ack_due : e.due_at;
    const dueKind = mine ? 'acknowledge' : e.due_kind && EVENT_CLOCKS.has(e.due_kind) ? (e.due_kind as 'acknowledge' | 'on_scene' | 'resolve') : null;
    return {
      key: `event:${e.id}`,
      source: 'event',
      eventId: e.id,
      runId: null,
      taskId: null,
      postId,
      postName: this.postName(postId),
      title: e.title,
      runName: null,
      drill: false,
      level: e.level,
      as: null,
      role: null,
      state: awaiting ? 'awaiting_ack' : 'in_progress',
      eventState: e.state,
      dueAt,
      dueKind: dueAt ? dueKind : null,
      since: escalation.at,
      escalation,
      canAck: !!mine && (e.state === 'dispatched' || e.lead_post_id !== mine.post_id),
    };
  }
}

/** Still to acknowledge first; then the nearest clock; then the oldest. */
function byUrgency(x: MyTaskItem, y: MyTaskItem): number {
  if (x.state !== y.state) return x.state === 'awaiting_ack' ? -1 : 1;
  if (x.dueAt !== y.dueAt) {
    if (x.dueAt === null) return 1;
    if (y.dueAt === null) return -1;
    return x.dueAt < y.dueAt ? -1 : 1;
  }
  return x.since < y.since ? -1 : x.since > y.since ? 1 : x.key.localeCompare(y.key);
}
