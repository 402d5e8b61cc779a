/**
 * Digital contingency plans (数字预案): templates with triggers, steps and contacts; runs started with
 * one key (or from a proposal when an event matches a trigger); tasks dispatched to the acting
 * holders of their posts; the after-action review (复盘). Shapes only: the rules live in
 * main/core/plans.
 *
 * The schemas are deliberately lenient on numbers and ids that the plan validator words better
 * (a step without a post, a time limit of zero, an order with a cycle): those come back as
 * `PlanIssue`s with the step they concern, not as a bare schema error.
 */
import { z } from 'zod';
import { Level } from './schemas';

const Id = z.string().min(1).max(64);
const Text = (max: number) => z.string().max(max);

export const PLAN_KINDS = ['forest_fire', 'flood', 'geo_hazard', 'other'] as const;
export const PlanKind = z.enum(PLAN_KINDS);
export type PlanKind = z.infer<typeof PlanKind>;

/** Sensor alert types the simulator and the town's devices send (free text beyond these is allowed). */
export const SENSOR_TYPES = ['smoke', 'water_level', 'rainfall', 'displacement', 'methane'] as const;

/** When the console proposes a plan: an event of these categories (from this level up), a sensor reading at or over a threshold, or by hand only. */
export const PlanTrigger = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('category'), categoryCodes: z.array(Id).max(50), minLevel: Level.optional() }),
  z.strictObject({
    kind: z.literal('sensor'),
    sensorType: Text(40),
    /** The reading must be at least this (in the sensor's unit); absent: any alert of the type. */
    threshold: z.number().finite().optional(),
    /** Only alerts of these categories; empty or absent: any. */
    categoryCodes: z.array(Id).max(50).optional(),
  }),
  z.strictObject({ kind: z.literal('manual') }),
]);
export type PlanTrigger = z.infer<typeof PlanTrigger>;

export const PlanStep = z.strictObject({
  /** Unique within the plan; `after` names these. */
  id: Text(40),
  title: Text(80),
  /** The post whose acting holder gets the task ('' is refused by the validator with its reason). */
  postId: Text(64),
  /** Minutes to acknowledge after the task is dispatched. */
  ackMinutes: z.number().int().min(0).max(1440),
  /** Minutes to complete after the task is dispatched (0 is refused by the validator). */
  limitMinutes: z.number().int().min(0).max(10080),
  /** Steps that must be done (or skipped) before this one is dispatched; empty: at the start. */
  after: z.array(Text(40)).max(100),
  checklist: z.array(Text(200)).max(30),
  instructions: Text(1000).optional(),
});
export type PlanStep = z.infer<typeof PlanStep>;

export const PlanContact = z.strictObject({ name: Text(40), role: Text(60), phone: Text(40) });
export type PlanContact = z.infer<typeof PlanContact>;

/** A template as written in the editor (and as the district sends it in a `planTemplate` upsert). */
export const PlanTemplateBody = z.strictObject({
  name: Text(80),
  kind: PlanKind,
  description: Text(2000),
  triggers: z.array(PlanTrigger).max(20),
  steps: z.array(PlanStep).max(200),
  contacts: z.array(PlanContact).max(100),
});
export type PlanTemplateBody = z.infer<typeof PlanTemplateBody>;

export const PlanTemplate = PlanTemplateBody.extend({
  id: z.string(),
  version: z.number().int(),
  /** `district`: arrived by sync (read-only on the console). */
  source: z.enum(['local', 'district']),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  archived: z.boolean(),
});
export type PlanTemplate = z.infer<typeof PlanTemplate>;

export const PlanTemplateSummary = z.object({
  id: z.string(),
  name: z.string(),
  kind: PlanKind,
  version: z.number().int(),
  source: z.enum(['local', 'district']),
  steps: z.number().int(),
  triggers: z.array(PlanTrigger),
  archived: z.boolean(),
  running: z.number().int(),
});
export type PlanTemplateSummary = z.infer<typeof PlanTemplateSummary>;

export const PLAN_ISSUE_CODES = [
  'empty_name',
  'no_steps',
  'no_trigger',
  'duplicate_step',
  'empty_step_id',
  'empty_title',
  'no_post',
  'unknown_post',
  'zero_limit',
  'ack_after_limit',
  'unknown_after',
  'self_after',
  'cycle',
  'empty_trigger',
  'unknown_category',
] as const;
export const PlanIssueCode = z.enum(PLAN_ISSUE_CODES);
/** One reason a plan is refused; `stepId` (and `path`) say where. */
export const PlanIssue = z.object({ code: PlanIssueCode, path: z.string(), stepId: z.string().nullable(), message: z.string() });
export type PlanIssue = z.infer<typeof PlanIssue>;

// ---- runs ------------------------------------------------------------------------------------------

export const TASK_STATUSES = ['waiting', 'dispatched', 'acknowledged', 'done', 'skipped', 'cancelled'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

/**
 * What a person may do to a task now (签收, 完成, 跳过) and to a run (结束): the core's answer from the
 * status and the person's roles (main/core/plans/plan-queries.ts), shown as is by the renderer.
 */
export const PLAN_TASK_ACTIONS = ['ack', 'complete', 'skip'] as const;
export const PlanTaskAction = z.enum(PLAN_TASK_ACTIONS);
export type PlanTaskAction = z.infer<typeof PlanTaskAction>;
export const PLAN_RUN_ACTIONS = ['end'] as const;
export const PlanRunAction = z.enum(PLAN_RUN_ACTIONS);
export type PlanRunAction = z.infer<typeof PlanRunAction>;

/** Which AB rule gave the holder (main/core/posts/acting-holder.ts), `none` when nobody could be found. */
export const HolderRule = z.enum(['A', 'B', 'on_call', 'none']);

export const PlanTask = z.object({
  id: z.string(),
  stepId: z.string(),
  title: z.string(),
  postId: z.string(),
  postName: z.string(),
  holderId: z.string().nullable(),
  holderName: z.string().nullable(),
  holderPhone: z.string().nullable(),
  rule: HolderRule,
  status: TaskStatus,
  after: z.array(z.string()),
  checklist: z.array(z.string()),
  instructions: z.string().nullable(),
  ackMinutes: z.number().int(),
  limitMinutes: z.number().int(),
  releasedAt: z.string().nullable(),
  ackDueAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  ackedAt: z.string().nullable(),
  ackedBy: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  note: z.string().nullable(),
  /** Past its acknowledgement / completion time and not there yet (or got there late). */
  ackLate: z.boolean(),
  late: z.boolean(),
  /** What the signed-in person may do with the task now (none on a run that is over, or in a run list). */
  allowedActions: z.array(PlanTaskAction),
});
export type PlanTask = z.infer<typeof PlanTask>;

export const PLAN_LOG_KINDS = ['started', 'released', 'acknowledged', 'completed', 'skipped', 'ack_overdue', 'overdue', 'ended', 'finished', 'uncovered', 'escalated'] as const;
export const PlanLogEntry = z.object({
  at: z.string(),
  kind: z.enum(PLAN_LOG_KINDS),
  taskId: z.string().nullable(),
  stepTitle: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  detail: z.record(z.string(), z.string()),
});
export type PlanLogEntry = z.infer<typeof PlanLogEntry>;

export const RunStatus = z.enum(['running', 'finished', 'ended']);
export type RunStatus = z.infer<typeof RunStatus>;

export const PlanRunSummary = z.object({
  id: z.string(),
  templateId: z.string(),
  name: z.string(),
  kind: PlanKind,
  drill: z.boolean(),
  status: RunStatus,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  eventId: z.string().nullable(),
  eventTitle: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int(),
  overdue: z.number().int(),
});
export type PlanRunSummary = z.infer<typeof PlanRunSummary>;

export const PlanRun = PlanRunSummary.extend({
  templateVersion: z.number().int(),
  startedBy: z.string(),
  startedByName: z.string(),
  /** A drill's simulated situation (演练情景). */
  scenario: z.string().nullable(),
  endedBy: z.string().nullable(),
  endReason: z.string().nullable(),
  contacts: z.array(PlanContact),
  tasks: z.array(PlanTask),
  log: z.array(PlanLogEntry),
  /** What the signed-in person may do with the run now (结束 while it runs, for the leader). */
  allowedActions: z.array(PlanRunAction),
});
export type PlanRun = z.infer<typeof PlanRun>;

export const PlanProposal = z.object({
  id: z.string(),
  eventId: z.string(),
  eventTitle: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  kind: PlanKind,
  /** Which trigger matched, in words the renderer builds from: category / sensor / manual. */
  trigger: PlanTrigger,
  createdAt: z.string(),
  status: z.enum(['pending', 'started', 'dismissed']),
  runId: z.string().nullable(),
});
export type PlanProposal = z.infer<typeof PlanProposal>;

/** Each step's plan against what happened. Minutes late are 0 when on time, null when it never happened. */
export const ReviewStep = z.object({
  stepId: z.string(),
  title: z.string(),
  postName: z.string(),
  holderName: z.string().nullable(),
  rule: HolderRule,
  status: TaskStatus,
  /** When the step should have started and ended had every step before it been on time. */
  plannedStartAt: z.string(),
  plannedDoneAt: z.string(),
  releasedAt: z.string().nullable(),
  ackDueAt: z.string().nullable(),
  ackedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  ackLateMinutes: z.number().nullable(),
  doneLateMinutes: z.number().nullable(),
});
export type ReviewStep = z.infer<typeof ReviewStep>;

export const ReviewDelay = z.object({
  stepId: z.string(),
  title: z.string(),
  kind: z.enum(['ack', 'done']),
  minutes: z.number(),
  /** Who held the task while it was late. */
  holderName: z.string().nullable(),
  postName: z.string(),
});
export type ReviewDelay = z.infer<typeof ReviewDelay>;

/**
 * A task the run never did: where it was left when the run was ended (its status is then `cancelled`;
 * this is the state before). `waiting` never released (未下达), `dispatched` released but not
 * acknowledged (已下达，未签收), `acknowledged` acknowledged but not done (已签收，未完成).
 */
export const REVIEW_LEFT_IN = ['waiting', 'dispatched', 'acknowledged'] as const;
export const ReviewUnfinished = z.object({
  stepId: z.string(),
  title: z.string(),
  postName: z.string(),
  /** Who held it when it was left (null when it was never released, or nobody was on duty). */
  holderName: z.string().nullable(),
  rule: HolderRule,
  leftIn: z.enum(REVIEW_LEFT_IN),
});
export type ReviewUnfinished = z.infer<typeof ReviewUnfinished>;

/** A task skipped on purpose (跳过): not done, but not "never done" either. */
export const ReviewSkipped = z.object({
  stepId: z.string(),
  title: z.string(),
  postName: z.string(),
  holderName: z.string().nullable(),
  skippedAt: z.string().nullable(),
  skippedByName: z.string().nullable(),
  reason: z.string().nullable(),
});
export type ReviewSkipped = z.infer<typeof ReviewSkipped>;

/** A run ended before all its steps were done (提前结束): who ended it, when, why, and the counts. */
export const ReviewEndedEarly = z.object({
  endedAt: z.string(),
  endedByName: z.string().nullable(),
  reason: z.string().nullable(),
  total: z.number().int(),
  done: z.number().int(),
  skipped: z.number().int(),
  notDone: z.number().int(),
});
export type ReviewEndedEarly = z.infer<typeof ReviewEndedEarly>;

export const PlanReview = z.object({
  run: PlanRunSummary.extend({ scenario: z.string().nullable(), startedByName: z.string(), endReason: z.string().nullable() }),
  centreName: z.string(),
  /** Minutes from the key to the last task done (or to the end of the run). */
  durationMinutes: z.number(),
  plannedMinutes: z.number(),
  steps: z.array(ReviewStep),
  delays: z.array(ReviewDelay),
  /** Set when the run is over with tasks never done (ended early); null when every step was done or skipped, or it still runs. */
  endedEarly: ReviewEndedEarly.nullable(),
  /** The tasks never done, in plan order (empty unless ended early). */
  unfinished: z.array(ReviewUnfinished),
  /** The tasks skipped on purpose. */
  skipped: z.array(ReviewSkipped),
  /**
   * Whether the review may say "no delays, every step on time" (没有延误): no delay and every step done
   * or skipped. False for a run ended early even when nothing it did was late.
   */
  noDelays: z.boolean(),
  timeline: z.array(PlanLogEntry),
});
export type PlanReview = z.infer<typeof PlanReview>;

// ---- requests ----------------------------------------------------------------------------------------

export const TemplateIdRequest = z.strictObject({ templateId: Id });
export const RunIdRequest = z.strictObject({ runId: Id });
export const ValidatePlanRequest = z.strictObject({ template: PlanTemplateBody });
export const SavePlanRequest = z.strictObject({ templateId: Id.optional(), template: PlanTemplateBody });
export const StartPlanRequest = z.strictObject({
  templateId: Id,
  /** The event that set it off (from a proposal or the event's detail). */
  eventId: Id.optional(),
  proposalId: Id.optional(),
  drill: z.boolean(),
  /** A drill's simulated situation. */
  scenario: Text(500).optional(),
});
export const RunsRequest = z.strictObject({ activeOnly: z.boolean(), includeDrills: z.boolean(), limit: z.number().int().min(1).max(500).optional() });
export const TaskRequest = z.strictObject({ runId: Id, taskId: Id, note: Text(500).optional() });
export const SkipTaskRequest = z.strictObject({ runId: Id, taskId: Id, reason: Text(500).min(1) });
export const EndRunRequest = z.strictObject({ runId: Id, reason: Text(500).min(1) });
export const DismissProposalRequest = z.strictObject({ proposalId: Id, reason: Text(500).optional() });
export const EventMatchRequest = z.strictObject({ eventId: Id });

export const MyTask = PlanTask.extend({ runId: z.string(), runName: z.string(), drill: z.boolean() });
export type MyTask = z.infer<typeof MyTask>;

/** What the wall's active-plans panel shows: running real plans first, drills marked. */
export const WallPlans = z.array(PlanRunSummary);
