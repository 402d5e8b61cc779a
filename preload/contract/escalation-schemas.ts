/**
 * The API's shapes for 升级提醒 (escalation chains, issue #17), the alarm desk's history and 我的任务:
 * - a chain per alarm kind: its steps, each telling one more person after a set time while the alarm
 *   is open and its task not acknowledged (B holder → duty leader → centre director);
 * - the steps an alarm took (its history, also in the event's timeline and the plan run's log);
 * - the alarm desk's history: who acknowledged what and how fast, with the steps;
 * - a person's own open tasks (我的任务): events and plan tasks they hold, and what was escalated to them.
 * Every write is a kernel command, audited.
 */
import { z } from 'zod';
import { Alarm, Id } from './schemas';

/** The alarm kinds a chain may follow: a task somebody must take, or a clock that ran out. */
export const ESCALATION_KINDS = [
  'ack_timeout',
  'plan_task_overdue',
  'overdue',
  'new_serious',
  'district_dispatch',
  'sensor_alert',
  'first_report_overdue',
  'update_report_overdue',
] as const;
export const EscalationKind = z.enum(ESCALATION_KINDS);
export type EscalationKind = z.infer<typeof EscalationKind>;

/**
 * Whom a step tells: `b` the B holder of the alarm's post (for a task still with A: the task passes
 * to B), `leader` the shift's duty leader (带班领导), `director` the centre director the administrator names.
 */
export const ESCALATION_TARGETS = ['b', 'leader', 'director'] as const;
export const EscalationTarget = z.enum(ESCALATION_TARGETS);
export type EscalationTarget = z.infer<typeof EscalationTarget>;

/** Minutes after the alarm's clock ran out (its `dueAt`, else when it was raised). */
export const EscalationStep = z.strictObject({ to: EscalationTarget, afterMinutes: z.number().int().min(0).max(1440) });
export type EscalationStep = z.infer<typeof EscalationStep>;

export const EscalationChain = z.strictObject({
  kind: EscalationKind,
  enabled: z.boolean(),
  /** 1–3 steps, each later than the one before, each target once. */
  steps: z.array(EscalationStep).min(1).max(3),
});
export type EscalationChain = z.infer<typeof EscalationChain>;

export const EscalationSettings = z.object({
  chains: z.array(EscalationChain),
  /** The centre director (中心主任), the last step; null: not named yet (that step is recorded as nobody to tell). */
  directorId: z.string().nullable(),
  directorName: z.string().nullable(),
});
export type EscalationSettings = z.infer<typeof EscalationSettings>;

export const EscalationDirectorSave = z.strictObject({ personId: Id.nullable() });

/** One step an alarm took: automatic when its time came, or a person's 立即升级 at the desk. */
export const AlarmStepInfo = z.object({
  alarmId: z.string(),
  step: z.number().int(),
  to: EscalationTarget,
  /** Who was told; null when nobody holds that place now (the step is still recorded, the next one follows). */
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  at: z.string(),
  /** null: automatic; else the person who escalated by hand. */
  byId: z.string().nullable(),
  byName: z.string().nullable(),
  note: z.string().nullable(),
  /** What the message gateway answered (短信等外部通道): sent, logged only, failed, or no phone on record. */
  delivery: z.enum(['sent', 'logged', 'failed', 'no_phone']).nullable(),
});
export type AlarmStepInfo = z.infer<typeof AlarmStepInfo>;

export const AlarmEscalateNow = z.strictObject({ alarmId: Id, note: z.string().max(500).optional() });
export const AlarmEscalated = z.object({ step: AlarmStepInfo });

/** The alarm desk's history (the leader's view): alarms in a time range, who acknowledged and how fast, the steps. */
export const AlarmHistoryRequest = z.strictObject({
  /** UTC ISO instants; both optional (default: the last 24 hours). */
  from: z.string().datetime().optional(),
  to: z.string().datetime().optional(),
  kind: Alarm.shape.kind.optional(),
  /** only acknowledged, only open, or both (default). */
  status: z.enum(['open', 'acked']).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});
export const AlarmHistoryRow = Alarm.extend({
  ackedByName: z.string().nullable(),
  /** Seconds from raised to acknowledged; null while open. */
  ackSeconds: z.number().nullable(),
  ackNote: z.string().nullable(),
  steps: z.array(AlarmStepInfo),
});
export type AlarmHistoryRow = z.infer<typeof AlarmHistoryRow>;
export const AlarmHistory = z.object({
  rows: z.array(AlarmHistoryRow),
  /** Over the rows: how many acknowledged, their median and slowest acknowledgement in seconds. */
  acked: z.number(),
  medianAckSeconds: z.number().nullable(),
  maxAckSeconds: z.number().nullable(),
});
export type AlarmHistory = z.infer<typeof AlarmHistory>;
