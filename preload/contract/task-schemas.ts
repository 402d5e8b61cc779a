/**
 * 我的任务 (issue #17, reaching people): the signed-in person's own open tasks, on any console of the
 * town. Three kinds of line, one list:
 * - an event dispatched to a post whose ACTIVE assignment names the person (lead or cooperating),
 *   still dispatched or in progress;
 * - a plan task the person holds in a running plan;
 * - an open alarm an escalation step told the person of (升级提醒, table alarm_step) — folded into the
 *   line of the same event or plan task when the person has one, else a line of its own.
 * The renderer shows what this says (签收 only where `canAck`), and raises a notification for a line it
 * has not told the person of.
 */
import { z } from 'zod';
import { Alarm, Level, State } from './schemas';

/** Whom an escalation step told (the alarm_step's target): the B holder, the duty leader, the centre director. */
export const TASK_ESCALATION_TARGETS = ['b', 'leader', 'director'] as const;

/** Which clock `dueAt` is: acknowledging (签收), being on scene, resolving an event, completing a plan task. */
export const MY_TASK_CLOCKS = ['acknowledge', 'on_scene', 'resolve', 'complete'] as const;

export const MyTaskEscalation = z.object({
  alarmId: z.string(),
  /** The alarm's kind (接单超时, 超期, 预案任务超时 …). */
  kind: Alarm.shape.kind,
  /** The step that told this person, and which place in the chain that was. */
  step: z.number().int(),
  to: z.enum(TASK_ESCALATION_TARGETS),
  at: z.string(),
});
export type MyTaskEscalation = z.infer<typeof MyTaskEscalation>;

export const MyTaskItem = z.object({
  /** Stable per line: `event:<eventId>:<postId>`, `plan:<taskId>`, or `event:<eventId>` / `plan:<taskId>` for an escalation alone. */
  key: z.string(),
  source: z.enum(['event', 'plan']),
  eventId: z.string().nullable(),
  runId: z.string().nullable(),
  taskId: z.string().nullable(),
  /** The post the task is on (null for an escalation the person holds no post of). */
  postId: z.string().nullable(),
  postName: z.string().nullable(),
  /** The event's title, or the plan step's title. */
  title: z.string(),
  /** The plan's name (plan tasks only; a drill's marked 【演练】 by `drill`). */
  runName: z.string().nullable(),
  drill: z.boolean(),
  /** An event's level (events only). */
  level: Level.nullable(),
  /** As the post's A or B holder (null: neither, e.g. an on-call person, or an escalation alone). */
  as: z.enum(['A', 'B']).nullable(),
  /** Lead or cooperating post of an event (null for plan tasks and escalations alone). */
  role: z.enum(['lead', 'cooperating']).nullable(),
  /** The person's part: still to acknowledge (待签收), or acknowledged and being handled (处置中). */
  state: z.enum(['awaiting_ack', 'in_progress']),
  /** The event's own state (events only). */
  eventState: State.nullable(),
  /** The clock the person works to now (UTC ISO), and which one; null when none runs. */
  dueAt: z.string().nullable(),
  dueKind: z.enum(MY_TASK_CLOCKS).nullable(),
  /** When it came to the person (dispatched, released, or the escalation step). */
  since: z.string(),
  /** The newest open alarm an escalation step told this person of, about this event or task; null when none. */
  escalation: MyTaskEscalation.nullable(),
  /** Whether the person may 签收 it here now (the core's answer: their post's active task, not yet acknowledged, their role allows). */
  canAck: z.boolean(),
});
export type MyTaskItem = z.infer<typeof MyTaskItem>;

/** The list, most pressing first: lines still to acknowledge, then by their clock. */
export const MyTaskList = z.object({ items: z.array(MyTaskItem) });
export type MyTaskList = z.infer<typeof MyTaskList>;

/**
 * The payload of the Electron shell's desktop notification (preload's `notify(title, body)` on
 * NOTIFY_CHANNEL → main/shell/notify.ts: an OS notification and the taskbar button flashing).
 */
export const NotifyRequest = z.strictObject({ title: z.string().trim().min(1).max(120), body: z.string().max(1000) });
export type NotifyRequest = z.infer<typeof NotifyRequest>;
