/**
 * The data shapes that cross between main and the renderer: zod schemas with their inferred types.
 * Imports nothing from Electron, Node, the DOM or TypeORM, so main, preload and renderer all share it.
 */
import { z } from 'zod';

export const LEVELS = ['general', 'major', 'serious', 'especially_serious'] as const;
export const SOURCES = ['grid', 'hotline', 'sensor', 'phone', 'walk_in', 'district'] as const;
export const STATES = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'returned', 'escalated', 'invalid', 'merged'] as const;
export const ROLES = ['officer', 'leader', 'board_staff', 'wall_viewer', 'admin'] as const;
export const CLOCK_KINDS = ['accept', 'acknowledge', 'on_scene', 'resolve'] as const;

export const Level = z.enum(LEVELS);
export const Source = z.enum(SOURCES);
export const State = z.enum(STATES);
export const Role = z.enum(ROLES);
export const ClockKind = z.enum(CLOCK_KINDS);
export type Level = z.infer<typeof Level>;
export type Source = z.infer<typeof Source>;
export type State = z.infer<typeof State>;
export type Role = z.infer<typeof Role>;
export type ClockKind = z.infer<typeof ClockKind>;

/** Ids are UUIDs (events, people, posts) — bounded so a hostile caller cannot send megabytes. */
export const Id = z.string().min(1).max(64);
export const ShortText = z.string().trim().min(1).max(200);
export const LongText = z.string().trim().min(1).max(4000);
export const IsoTime = z.iso.datetime({ offset: true });
export const Location = z.strictObject({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });

export const Empty = z.strictObject({});

// ---- requests ----------------------------------------------------------------------------------

export const LoginRequest = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

export const QueueFilter = z.strictObject({
  levels: z.array(Level).max(4).optional(),
  states: z.array(State).max(10).optional(),
  sources: z.array(Source).max(6).optional(),
  boardCode: z.string().max(32).optional(),
  search: z.string().max(100).optional(),
  overdueOnly: z.boolean().optional(),
  limit: z.number().int().min(1).max(20000).default(200),
});
export type QueueFilter = z.input<typeof QueueFilter>;

export const EventIdRequest = z.strictObject({ eventId: Id });

export const SensorReading = z.strictObject({
  type: z.string().min(1).max(40),
  value: z.number().finite(),
  unit: z.string().max(16).optional(),
});
export type SensorReading = z.infer<typeof SensorReading>;

export const ReportRequest = z.strictObject({
  title: ShortText,
  categoryCode: z.string().min(1).max(32),
  level: Level,
  source: Source,
  reportedAt: IsoTime.optional(),
  gridCode: z.string().min(1).max(32).optional(),
  description: z.string().max(4000).optional(),
  location: Location.optional(),
  callerName: z.string().max(64).optional(),
  callerPhone: z.string().max(32).optional(),
  /** A sensor alert's reading (source `sensor`): plans trigger on its type and threshold. */
  sensor: SensorReading.optional(),
});
export type ReportRequest = z.input<typeof ReportRequest>;

export const DispatchRequest = z.strictObject({
  eventId: Id,
  leadPostId: Id,
  cooperatingPostIds: z.array(Id).max(30),
  /** Set when the officer overrides the catalogue's routing; the override is logged with this reason. */
  overrideReason: z.string().max(500).optional(),
});
export type DispatchRequest = z.input<typeof DispatchRequest>;

export const PostActionRequest = z.strictObject({ eventId: Id, postId: Id });
export const ResultRequest = z.strictObject({ eventId: Id, result: LongText });
export const ReasonRequest = z.strictObject({ eventId: Id, reason: LongText });
export const MergeRequest = z.strictObject({ eventId: Id, intoEventId: Id, reason: LongText });
export const NoteRequest = z.strictObject({ eventId: Id, text: LongText, postId: Id.optional() });
export const ExtensionRequest = z.strictObject({ eventId: Id, postId: Id.optional(), until: IsoTime, reason: LongText });
export const ApprovalDecision = z.strictObject({
  approvalId: Id,
  approve: z.boolean(),
  note: z.string().max(1000).optional(),
});
export const ReclassifyRequest = z.strictObject({ eventId: Id, categoryCode: Id, level: Level, reason: LongText });
export const HoldRequest = z.strictObject({ eventId: Id, reason: LongText, reviewBy: z.iso.date() });
/** 回访 (issue #16): the call's result; 未接通 (unreachable) is kept on the console only. */
export const FollowUpResult = z.enum(['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable']);
export type FollowUpResult = z.infer<typeof FollowUpResult>;
export const FollowUpRequest = z.strictObject({ eventId: Id, result: FollowUpResult, text: z.string().trim().max(4000).default('') });
/** The 回访 list: closed between two Beijing dates (both included); the share of events below serious, in percent (default 20). */
/** 回访's sampling share of the events below serious (percent): the town's setting. */
export const FollowUpShare = z.strictObject({ sharePercent: z.number().int().min(0).max(100) });
export type FollowUpShare = z.infer<typeof FollowUpShare>;
export const FollowUpListRequest = z.strictObject({ closedFrom: z.iso.date(), closedTo: z.iso.date(), sharePercent: z.number().int().min(0).max(100).optional() });
export type FollowUpListRequest = z.infer<typeof FollowUpListRequest>;
export const CatalogueSearch = z.strictObject({ q: z.string().max(50), limit: z.number().int().min(1).max(100).default(20) });
export const AlarmAck = z.strictObject({ alarmId: Id, note: z.string().max(500).optional() });
export const CalendarYear = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  holidays: z.array(z.strictObject({ date: z.iso.date(), name: ShortText })).max(60),
  workdays: z.array(z.strictObject({ date: z.iso.date(), name: ShortText })).max(30),
});
export type CalendarYear = z.input<typeof CalendarYear>;
export const ClockAdvance = z.strictObject({
  minutes: z
    .number()
    .min(0)
    .max(60 * 24 * 31),
});

// ---- responses ---------------------------------------------------------------------------------

export const Person = z.object({ id: z.string(), name: z.string(), phone: z.string(), roles: z.array(Role) });
export type Person = z.infer<typeof Person>;

export const SessionInfo = z.object({
  person: Person,
  /** The person's username (the password rule refuses a password that contains it). */
  username: z.string(),
  townCode: z.string(),
  centreName: z.string(),
  /** Signed in with a one-time password: nothing works until a new one is set (session:changePassword). */
  mustChangePassword: z.boolean(),
  /** The desk's screen is locked (idle): the password unlocks it (session:unlock). */
  locked: z.boolean(),
  /** Idle time before the desk locks its screen, set by the administrator (account-schemas.ts). */
  idleLockMinutes: z.number(),
  /** The demo town (演示数据): the console says so with a banner. */
  demo: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const Holder = z.object({
  personId: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  /** 'A' or 'B' per the AB rule; null when nobody can act, or when the board's on-call person acts. */
  as: z.enum(['A', 'B']).nullable(),
  /** The board's on-call person (值守) acts for the post: neither A nor B. */
  onCall: z.boolean().optional(),
});
export type Holder = z.infer<typeof Holder>;

export const PostInfo = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  boardCode: z.string(),
  kind: z.string(),
  phone: z.string(),
  a: Person.nullable(),
  b: Person.nullable(),
  acting: Holder,
  /** false: deactivated by the administrator (kept for the history; nothing is dispatched to it). */
  active: z.boolean().optional(),
});
export type PostInfo = z.infer<typeof PostInfo>;

export const QueueRow = z.object({
  id: z.string(),
  title: z.string(),
  level: Level,
  state: State,
  source: Source,
  categoryCode: z.string(),
  categoryName: z.string(),
  boardCode: z.string(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  reportedAt: z.string(),
  dueAt: z.string().nullable(),
  dueKind: ClockKind.nullable(),
  possibleDuplicateOf: z.string().nullable(),
  carriedOver: z.boolean(),
  leadPostName: z.string().nullable(),
  /** The event's version: sent back as `expectedVersion` with a command on it. */
  version: z.number(),
  /** What the signed-in person may do with the event now (the same as events:get's). */
  allowedActions: z.array(z.string()),
});
export type QueueRow = z.infer<typeof QueueRow>;

export const QueueResponse = z.object({ rows: z.array(QueueRow), total: z.number(), now: z.string() });
export type QueueResponse = z.infer<typeof QueueResponse>;

export const TimelineEntry = z.object({
  id: z.number(),
  eventId: z.string(),
  action: z.string(),
  fromState: State.nullable(),
  toState: State.nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Assignment = z.object({
  postId: z.string(),
  postName: z.string(),
  role: z.enum(['lead', 'cooperating']),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  personPhone: z.string().nullable(),
  as: z.enum(['A', 'B']).nullable(),
  dispatchedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  active: z.boolean(),
});
export type Assignment = z.infer<typeof Assignment>;

export const Approval = z.object({
  id: z.string(),
  kind: z.enum(['extend', 'return', 'hold']),
  eventId: z.string(),
  eventTitle: z.string(),
  requestedBy: z.string(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'approved', 'refused']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type Approval = z.infer<typeof Approval>;

/** A row of the 挂账 list. */
export const HeldEvent = z.object({
  id: z.string(),
  title: z.string(),
  level: Level,
  state: State,
  categoryName: z.string(),
  leadPostName: z.string().nullable(),
  reason: z.string(),
  reviewBy: z.string(),
  heldAt: z.string().nullable(),
  /** The review date is today or past. */
  reviewDue: z.boolean(),
  version: z.number(),
});
export type HeldEvent = z.infer<typeof HeldEvent>;

/** A row of the 回访 list: why it is called back (serious and above, or sampled), calls nobody answered. */
export const FollowUpCandidate = z.object({
  id: z.string(),
  title: z.string(),
  level: Level,
  categoryName: z.string(),
  closedAt: z.string(),
  callerName: z.string().nullable(),
  callerPhone: z.string().nullable(),
  why: z.enum(['serious', 'sampled']),
  unreachableCalls: z.number(),
  version: z.number(),
});
export type FollowUpCandidate = z.infer<typeof FollowUpCandidate>;

export const Clock = z.object({ kind: ClockKind, startedAt: z.string().nullable(), dueAt: z.string().nullable(), stoppedAt: z.string().nullable() });
export type Clock = z.infer<typeof Clock>;

export const EventDetail = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  level: Level,
  state: State,
  source: Source,
  categoryCode: z.string(),
  categoryName: z.string(),
  boardCode: z.string(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  location: Location.nullable(),
  reportedAt: z.string(),
  callerName: z.string().nullable(),
  callerPhone: z.string().nullable(),
  sensor: SensorReading.nullable(),
  dueAt: z.string().nullable(),
  dueKind: ClockKind.nullable(),
  clocks: z.array(Clock),
  version: z.number(),
  possibleDuplicateOf: z.string().nullable(),
  mergedInto: z.string().nullable(),
  carriedOver: z.boolean(),
  carryOverNote: z.string().nullable(),
  /** 挂账: the review date (Beijing YYYY-MM-DD) while held. */
  holdReviewBy: z.string().nullable(),
  /** When the clock stopped (held, or a return waiting for consent); null while it runs. */
  clockPausedAt: z.string().nullable(),
  handlerId: z.string().nullable(),
  /** 首报 (issue #15): when the first report is due (serious and above, once accepted), when it and the final report were filed. */
  firstReportDue: z.string().nullable().optional(),
  firstReportAt: z.string().nullable().optional(),
  finalReportAt: z.string().nullable().optional(),
  /** 续报 (issue #15): when the next update is due (the latest first report or update plus the level's interval); null when none is owed. */
  updateReportDue: z.string().nullable().optional(),
  timeline: z.array(TimelineEntry),
  assignments: z.array(Assignment),
  approvals: z.array(Approval),
  allowedActions: z.array(z.string()),
});
export type EventDetail = z.infer<typeof EventDetail>;

export const Limit = z.object({ value: z.number(), unit: z.enum(['minute', 'hour', 'work_hour', 'work_day']) });
export type Limit = z.infer<typeof Limit>;

export const CatalogueItem = z.object({
  code: z.string(),
  name: z.string(),
  pinyin: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  boardCode: z.string(),
  standard: z.string(),
  leadPostId: z.string(),
  cooperatingPostIds: z.array(z.string()),
  defaultLevel: Level,
  limits: z.object({ accept: Limit, acknowledge: Limit, onScene: Limit, resolve: Limit }),
  answerTemplate: z.string(),
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

export const DispatchProposal = z.object({
  eventId: z.string(),
  needsAccept: z.boolean(),
  lead: PostInfo,
  cooperating: z.array(PostInfo),
});
export type DispatchProposal = z.infer<typeof DispatchProposal>;

export const Alarm = z.object({
  id: z.string(),
  kind: z.enum([
    'new_serious',
    'overdue',
    'ack_timeout',
    'no_holder',
    'sync_offline',
    // the district misbehaves (an oversize event or page, a stuck cursor, an hlc too far ahead, quarantined ops) past its alarm time
    'sync_problem',
    // the 24-hour watch: a shift role empty at its start, a shift begun with no signed handover, a post with neither A nor B
    'role_empty',
    'no_handover',
    'ab_uncovered',
    // plans: an event matched a plan's trigger (the leader confirms), a plan task late to acknowledge or complete
    'plan_proposed',
    'plan_task_overdue',
    // 语音播报 (issue #17): a new district dispatch, a clock about to run out, a sensor's alert
    'district_dispatch',
    'due_soon',
    'sensor_alert',
    // 挂账: a held event's review date has come
    'hold_review',
    // 首报超时: a serious event's first report to the district is past due (main/core/events/event-situation-report.ts)
    'first_report_overdue',
    // 续报超时: the next update of a serious event whose first report is filed is past due (the same code)
    'update_report_overdue',
  ]),
  eventId: z.string().nullable(),
  eventTitle: z.string().nullable(),
  /** Facts the renderer words the alarm with (e.g. which clock ran out). */
  detail: z.record(z.string(), z.string()),
  raisedAt: z.string(),
  ackedAt: z.string().nullable(),
  ackedBy: z.string().nullable(),
});
export type Alarm = z.infer<typeof Alarm>;

export const TownInfo = z.object({
  townCode: z.string(),
  name: z.string(),
  centreName: z.string(),
  boards: z.array(z.object({ code: z.string(), name: z.string() })),
  posts: z.array(PostInfo),
  grids: z.array(z.object({ code: z.string(), name: z.string(), village: z.string() })),
});
export type TownInfo = z.infer<typeof TownInfo>;

export const CalendarStatus = z.object({
  year: z.number(),
  knownYears: z.array(z.number()),
  /** Years the console needs (this one, and the next from December) for which no schedule is known. */
  missingYears: z.array(z.number()),
  overrides: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() })),
});
export type CalendarStatus = z.infer<typeof CalendarStatus>;

export const Ok = z.object({ ok: z.literal(true) });

export const SyncCondition = z.object({
  kind: z.enum(['event_too_large', 'page_too_large', 'stuck_cursor', 'hlc_ahead', 'quarantined']),
  /** Since when it lasts (ISO). */
  since: z.string(),
  count: z.number(),
  /** Facts for the log (English); the UI words each kind itself. */
  detail: z.string(),
});
export type SyncCondition = z.infer<typeof SyncCondition>;

export const SyncStatus = z.object({
  configured: z.boolean(),
  state: z.enum(['idle', 'connected', 'offline', 'unauthorized', 'stopped']),
  streaming: z.boolean(),
  lastSuccessAt: z.string().nullable(),
  pending: z.number(),
  rejected: z.number(),
  quarantined: z.number(),
  cursor: z.string(),
  lastError: z.string().nullable(),
  /** How long the desk has been cut off from the district, in ms; the leader is alarmed past offlineAlarmMs. */
  offlineForMs: z.number(),
  offlineAlarmMs: z.number(),
  /** What is wrong with the district's answers now (main/core/sync/sync-options.ts SyncConditionKind); the leader is alarmed past problemAlarmMs. */
  conditions: z.array(SyncCondition),
  problemAlarmMs: z.number(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncProblem = z.object({
  seq: z.number(),
  opId: z.string(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string().nullable(),
  status: z.enum(['rejected', 'quarantined']),
  reason: z.string(),
  message: z.string(),
  at: z.string(),
  /** push: an op of this console the district refused or could not read; pull: a district op this console could not apply (kept, not applied). `seq` counts within each. */
  direction: z.enum(['push', 'pull']),
  /** The op's hlc (how far ahead of this console's clock an `hlc_ahead` one was). */
  hlc: z.string().nullable(),
  /** The title the op carries (a district op set aside here: its event is not on this console). */
  title: z.string().nullable(),
});
export type SyncProblem = z.infer<typeof SyncProblem>;

/** One quarantined op (as listed: its direction and seq) to retry (重试) or ignore (忽略). */
export const SyncProblemRef = z.strictObject({ direction: z.enum(['push', 'pull']), seq: z.number().int().min(1) });
export type SyncProblemRef = z.infer<typeof SyncProblemRef>;

export const SyncRetryOutcome = z.object({
  /** applied: the district op is in; requeued: ours goes to the district again; failed: still kept aside (why: reason, message). */
  outcome: z.enum(['applied', 'requeued', 'failed']),
  reason: z.string().nullable(),
  message: z.string().nullable(),
});
export type SyncRetryOutcome = z.infer<typeof SyncRetryOutcome>;
