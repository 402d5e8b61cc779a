/**
 * The event lifecycle shared by the console and the district (PROTOCOL.md, "Event actions").
 * Pure data and functions: which action may start in which state, where it leads, and what its
 * payload must hold. Both the local command service and the reference district server use it,
 * so the two sides cannot drift apart.
 */

export const EVENT_STATES = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'returned', 'escalated', 'invalid', 'merged'] as const;
export type EventState = (typeof EVENT_STATES)[number];

export const EVENT_ACTIONS = [
  'report',
  'assign_to_town',
  'accept',
  'dispatch',
  'acknowledge',
  'arrive',
  'report_back',
  'verify',
  'reject',
  'close',
  'return',
  'escalate',
  'invalid',
  'merge',
  'extend',
  'note',
  'district_update',
  'district_close',
  // PROTOCOL.md v1.1
  'reclassify',
  'hold',
  'release',
  // PROTOCOL.md v1.1, issue #16: 回访 and the reopen it may lead to
  'follow_up',
  'reopen',
  // PROTOCOL.md v1.1, issue #15: 首报 / 续报 / 终报 (event-situation-report.ts)
  'situation_report',
  // PROTOCOL.md v1.1, issue #15: a photo or file on the event (event-attach.ts; its blob goes first)
  'attach',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

export const LEVELS = ['general', 'major', 'serious', 'especially_serious'] as const;
export type Level = (typeof LEVELS)[number];

export const SOURCES = ['grid', 'hotline', 'sensor', 'phone', 'walk_in', 'district'] as const;
export type Source = (typeof SOURCES)[number];

/** 回访's results on the wire (PROTOCOL.md v1.1); 未接通 (unreachable) stays on the console (docs/protocol-decisions.md). */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** 首报 / 续报 / 终报 on the wire (PROTOCOL.md v1.1 `situation_report`). */
export const SITUATION_STAGES = ['first', 'update', 'final'] as const;
export type SituationStage = (typeof SITUATION_STAGES)[number];

/**
 * PROTOCOL.md v1.1's rule below the table: a `final` after an earlier `final` of the same event, or an
 * `update` before any `first`, is refused (conflict). `filed` is the stages filed before, in any order.
 */
export function situationStageConflict(stage: SituationStage, filed: readonly string[]): string | null {
  if (stage === 'final' && filed.includes('final')) return 'the event already has its final report';
  if (stage === 'update' && !filed.includes('first')) return 'an update needs a first report before it';
  return null;
}

/** States from which nothing more happens locally (the event leaves the queue). */
export const TERMINAL_STATES: ReadonlySet<EventState> = new Set(['closed', 'invalid', 'merged']);

/** States in which the event still needs the desk or a post (the queue shows them). */
export const OPEN_STATES: ReadonlySet<EventState> = new Set(['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'returned', 'escalated']);

/** A full ISO 8601 date-time with a zone (what the protocol means by "ISO 8601" for times). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date (YYYY-MM-DD) that exists. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type FieldRule =
  | { kind: 'string' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'stringArray' }
  | { kind: 'datetime' }
  | { kind: 'date' }
  | { kind: 'location' }
  | { kind: 'sha256' }
  | { kind: 'byteCount'; max: number };

/** PROTOCOL.md v1.1: an attachment (a blob) is at most 20 MiB. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface ActionRule {
  /** `null` means the action creates the event (the entityId must be new). */
  readonly from: readonly EventState[] | 'new' | 'any_open';
  /** `null`: the state does not change. */
  readonly to: EventState | null;
  readonly required: Readonly<Record<string, FieldRule>>;
  readonly optional?: Readonly<Record<string, FieldRule>>;
  readonly districtOnly?: boolean;
}

const S: FieldRule = { kind: 'string' };
const REPORT_FIELDS = {
  title: S,
  categoryCode: S,
  level: { kind: 'enum', values: LEVELS },
  source: { kind: 'enum', values: SOURCES },
  reportedAt: { kind: 'datetime' },
} as const satisfies Record<string, FieldRule>;
const REPORT_OPTIONAL = {
  gridCode: S,
  description: S,
  location: { kind: 'location' },
} as const satisfies Record<string, FieldRule>;

export const ACTION_RULES: Readonly<Record<EventAction, ActionRule>> = {
  report: { from: 'new', to: 'reported', required: REPORT_FIELDS, optional: REPORT_OPTIONAL },
  // Also starts on a new entityId; canStart handles the 'new or returned' pair.
  assign_to_town: {
    from: ['returned'],
    to: 'reported',
    required: REPORT_FIELDS,
    optional: REPORT_OPTIONAL,
    districtOnly: true,
  },
  accept: { from: ['reported'], to: 'accepted', required: {} },
  dispatch: {
    from: ['accepted', 'dispatched', 'in_progress'],
    to: 'dispatched',
    required: { leadPostId: S, cooperatingPostIds: { kind: 'stringArray' } },
  },
  acknowledge: { from: ['dispatched'], to: 'in_progress', required: { postId: S } },
  arrive: { from: ['in_progress'], to: null, required: { postId: S } },
  report_back: { from: ['in_progress'], to: 'resolved', required: { result: S } },
  verify: { from: ['resolved'], to: 'closed', required: {} },
  reject: { from: ['resolved'], to: 'in_progress', required: { reason: S } },
  close: { from: ['accepted'], to: 'closed', required: { result: S } },
  return: { from: ['reported', 'accepted'], to: 'returned', required: { reason: S } },
  escalate: {
    from: ['reported', 'accepted', 'dispatched', 'in_progress'],
    to: 'escalated',
    required: { reason: S },
  },
  invalid: { from: ['reported', 'accepted'], to: 'invalid', required: { reason: S } },
  merge: { from: ['reported', 'accepted'], to: 'merged', required: { intoEventId: S } },
  extend: {
    from: ['dispatched', 'in_progress'],
    to: null,
    required: { until: { kind: 'datetime' }, reason: S, approvedBy: S },
  },
  note: { from: 'any_open', to: null, required: { text: S }, optional: { postId: S } },
  district_update: { from: ['escalated', 'returned'], to: null, required: { note: S }, districtOnly: true },
  district_close: { from: ['escalated'], to: 'closed', required: { result: S }, districtOnly: true },
  reclassify: { from: ['accepted', 'dispatched', 'in_progress'], to: null, required: { categoryCode: S, level: { kind: 'enum', values: LEVELS }, reason: S } },
  hold: { from: ['dispatched', 'in_progress'], to: null, required: { reason: S, reviewBy: { kind: 'date' }, approvedBy: S } },
  release: { from: ['dispatched', 'in_progress'], to: null, required: { reason: S } },
  follow_up: { from: ['closed'], to: null, required: { satisfaction: { kind: 'enum', values: SATISFACTIONS }, text: S } },
  reopen: { from: ['closed'], to: 'reported', required: { reason: S } },
  situation_report: {
    from: ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'returned', 'escalated'],
    to: null,
    required: { stage: { kind: 'enum', values: SITUATION_STAGES }, text: S },
  },
  attach: {
    from: ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'returned', 'escalated'],
    to: null,
    required: { sha256: { kind: 'sha256' }, name: S, mime: S, bytes: { kind: 'byteCount', max: MAX_ATTACHMENT_BYTES } },
  },
};

export type Refusal = { readonly reason: 'conflict' | 'invalid' | 'forbidden'; readonly message: string };

export function isEventAction(value: unknown): value is EventAction {
  return typeof value === 'string' && (EVENT_ACTIONS as readonly string[]).includes(value);
}

/** Whether `action` may start when the event is in `state` (`undefined`: the event does not exist). */
export function canStart(action: EventAction, state: EventState | undefined): boolean {
  const rule = ACTION_RULES[action];
  if (action === 'assign_to_town') return state === undefined || state === 'returned';
  if (rule.from === 'new') return state === undefined;
  if (state === undefined) return false;
  if (rule.from === 'any_open') return !TERMINAL_STATES.has(state);
  return rule.from.includes(state);
}

/** The state after `action` from `state`; assumes `canStart` holds. */
export function nextState(action: EventAction, state: EventState | undefined): EventState {
  const to = ACTION_RULES[action].to;
  if (to !== null) return to;
  if (state === undefined) throw new Error(`action ${action} needs an existing event`);
  return state;
}

function checkField(name: string, rule: FieldRule, value: unknown): string | null {
  switch (rule.kind) {
    case 'string':
      return typeof value === 'string' && value.trim().length > 0 ? null : `${name} must be a non-empty string`;
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? null : `${name} must be one of ${rule.values.join(', ')}`;
    case 'stringArray':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0) ? null : `${name} must be an array of strings`;
    case 'datetime':
      return typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(Date.parse(value)) ? null : `${name} must be an ISO 8601 time`;
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && isRealDate(value) ? null : `${name} must be a date (YYYY-MM-DD)`;
    case 'location': {
      const loc = value as { lng?: unknown; lat?: unknown } | null;
      return loc !== null && typeof loc === 'object' && typeof loc.lng === 'number' && typeof loc.lat === 'number' && Math.abs(loc.lng) <= 180 && Math.abs(loc.lat) <= 90
        ? null
        : `${name} must be {lng, lat} in degrees`;
    }
    case 'sha256':
      return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? null : `${name} must be a SHA-256 (64 lowercase hex)`;
    case 'byteCount':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= rule.max ? null : `${name} must be a whole number of bytes from 1 to ${rule.max}`;
    default:
      return missingCase(rule);
  }
}

function isRealDate(value: string): boolean {
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** Checks a payload against the action's table row; returns the first problem, or null. */
export function checkPayload(action: EventAction, payload: unknown): string | null {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return 'payload must be an object';
  const rule = ACTION_RULES[action];
  const record = payload as Record<string, unknown>;
  for (const [name, fieldRule] of Object.entries(rule.required)) {
    if (!(name in record)) return `${name} is required for ${action}`;
    const problem = checkField(name, fieldRule, record[name]);
    if (problem) return problem;
  }
  for (const [name, fieldRule] of Object.entries(rule.optional ?? {})) {
    if (record[name] === undefined || record[name] === null) continue;
    const problem = checkField(name, fieldRule, record[name]);
    if (problem) return problem;
  }
  return null;
}

/**
 * The protocol's order of checks for one action: role, then state, then payload.
 * `role` is the acting node's role; `state` is the event's current state (undefined when new).
 */
export function checkAction(action: EventAction, state: EventState | undefined, payload: unknown, role: 'console' | 'district'): Refusal | null {
  const rule = ACTION_RULES[action];
  if (rule.districtOnly && role !== 'district') {
    return { reason: 'forbidden', message: `${action} is for the district only` };
  }
  if (!canStart(action, state)) {
    return {
      reason: 'conflict',
      message: state === undefined ? `${action} needs an existing event` : rule.from === 'new' ? `event already exists` : `${action} cannot start from ${state}`,
    };
  }
  const problem = checkPayload(action, payload);
  return problem ? { reason: 'invalid', message: problem } : null;
}

export function missingCase(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
