/**
 * The op envelope of PROTOCOL.md ("Operations") and the push body around it, checked at the door.
 * A broken envelope makes the whole batch a malformed request (400); a node mismatch is a 403.
 * Only the envelope is checked here; what the op means (pairing, role, state, payload) is op-rules.ts.
 */
import { z } from 'zod';
import { isEventAction, type EventAction } from '../../main/core/events/event-lifecycle';

/** PROTOCOL.md's entities, with v1.1's `person` and `grid` (upserts, town-authoritative like `post`). */
export const ENTITIES = [
  'event',
  'roster',
  'shift',
  'post',
  'absence',
  'handover',
  'dutyLog',
  'wallLayout',
  'planRun',
  'catalogue',
  'planTemplate',
  'person',
  'grid',
  'camera',
] as const;
export type EntityName = (typeof ENTITIES)[number];

export const MAX_OPS_PER_PUSH = 500;

/** Loose ISO 8601 date-time: a date, a 'T', a time; Date.parse must accept it. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
export function isIsoTime(value: string): boolean {
  return ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

const plainObject = z.custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), { message: 'must be an object' });

// Ids are idempotency keys and record keys: any non-empty string of sane length is enough for the
// server (the protocol says uuid; the server does not depend on the format).
const id = z.string().min(1, 'must be a non-empty string').max(128, 'must be at most 128 characters');

const opSchema = z
  .object({
    opId: id,
    nodeId: id,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    hlc: z.string().min(1).max(256),
    entity: z.enum(ENTITIES),
    entityId: id,
    kind: z.enum(['action', 'upsert']),
    action: z.unknown().optional(),
    baseVersion: z.number().int().min(0).nullable().optional(),
    payload: plainObject,
    at: z.string().refine(isIsoTime, 'must be an ISO 8601 time'),
  })
  .superRefine((op, ctx) => {
    if (op.kind === 'action' && !isEventAction(op.action)) {
      ctx.addIssue({ code: 'custom', path: ['action'], message: 'must name a row of the lifecycle table' });
    }
  });

/** A valid op as the server keeps it: unknown fields dropped, `action` only for kind=action. */
export interface OpEnvelope {
  readonly opId: string;
  readonly nodeId: string;
  readonly seq: number;
  readonly hlc: string;
  readonly entity: EntityName;
  readonly entityId: string;
  readonly kind: 'action' | 'upsert';
  readonly action?: EventAction;
  readonly baseVersion?: number;
  readonly payload: Record<string, unknown>;
  readonly at: string;
}

export interface OpProblem {
  readonly index: number;
  readonly opId?: string;
  readonly message: string;
}

export type BodyCheck =
  | { readonly ok: true; readonly nodeId: string; readonly ops: readonly OpEnvelope[] }
  | { readonly ok: false; readonly status: 400 | 403 | 413; readonly code: string; readonly message: string; readonly ops?: OpProblem[] };

function opIdOf(raw: unknown): string | undefined {
  const v = (raw as { opId?: unknown } | null)?.opId;
  return typeof v === 'string' ? v : undefined;
}

/**
 * The push body checks after JSON parsing, in the order of PROTOCOL.md "Endpoints":
 * body nodeId (403), number of ops (413), every op's nodeId (403), every op's envelope (400).
 * Every offending op is listed so a client can quarantine all of them at once.
 */
export function checkPushBody(body: unknown, tokenNodeId: string): BodyCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, status: 400, code: 'malformed', message: 'the body must be a JSON object {nodeId, ops}' };
  }
  const { nodeId, ops } = body as { nodeId?: unknown; ops?: unknown };
  if (typeof nodeId !== 'string') {
    return { ok: false, status: 400, code: 'malformed', message: 'nodeId must be a string' };
  }
  if (nodeId !== tokenNodeId) {
    return { ok: false, status: 403, code: 'node_mismatch', message: 'the body nodeId is not the token node' };
  }
  if (!Array.isArray(ops)) {
    return { ok: false, status: 400, code: 'malformed', message: 'ops must be an array' };
  }
  if (ops.length > MAX_OPS_PER_PUSH) {
    return {
      ok: false,
      status: 413,
      code: 'too_many_ops',
      message: `at most ${MAX_OPS_PER_PUSH} ops per push, got ${ops.length}`,
    };
  }
  const foreign: OpProblem[] = [];
  ops.forEach((raw, index) => {
    const opNode = (raw as { nodeId?: unknown } | null)?.nodeId;
    if (typeof opNode === 'string' && opNode !== nodeId) {
      foreign.push({ index, opId: opIdOf(raw), message: 'op nodeId is not the body nodeId' });
    }
  });
  if (foreign.length > 0) {
    return { ok: false, status: 403, code: 'node_mismatch', message: 'an op of another node', ops: foreign };
  }
  const problems: OpProblem[] = [];
  const valid: OpEnvelope[] = [];
  ops.forEach((raw, index) => {
    const parsed = opSchema.safeParse(raw);
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'op'}: ${issue.message}`).join('; ');
      problems.push({ index, opId: opIdOf(raw), message });
      return;
    }
    const op = parsed.data;
    valid.push({
      opId: op.opId,
      nodeId: op.nodeId,
      seq: op.seq,
      hlc: op.hlc,
      entity: op.entity,
      entityId: op.entityId,
      kind: op.kind,
      ...(op.kind === 'action' ? { action: op.action as EventAction } : {}),
      ...(typeof op.baseVersion === 'number' ? { baseVersion: op.baseVersion } : {}),
      payload: op.payload,
      at: op.at,
    });
  });
  if (problems.length > 0) {
    const first = problems[0];
    return {
      ok: false,
      status: 400,
      code: 'malformed_op',
      message: `op ${first.index}${first.opId ? ` (${first.opId})` : ''}: ${first.message}`,
      ops: problems,
    };
  }
  return { ok: true, nodeId, ops: valid };
}

/** PROTOCOL.md v1.1 limits: JSON nested deeper than this is a 400 (the body object is level 1). */
export const MAX_JSON_DEPTH = 32;
/** PROTOCOL.md v1.1 limits: an op whose hlc is further than this ahead of the server clock is a 400. */
export const MAX_HLC_AHEAD_MS = 5 * 60_000;

/**
 * Whether the JSON text nests arrays and objects deeper than `max`, read byte by byte before it is
 * parsed (so a body of a million `[` costs one pass, never a stack overflow in what handles it next).
 * Brackets inside strings do not count.
 */
export function nestedDeeperThan(body: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c)
        i += 1; // a backslash: the next byte is escaped
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}

/** The wall time an hlc begins with (`2026-11-23T08:30:00.000Z-0003-<nodeId>`), in ms; null when it does not begin with one. */
export function hlcWallMs(hlc: string): number | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)(?:-|$)/.exec(hlc);
  if (!match) return null;
  const ms = Date.parse(match[1]);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The hlc rule of PROTOCOL.md v1.1, after the envelope: every op's hlc must begin with an ISO 8601
 * UTC time (else it could sort after every real one for good) and be at most 5 minutes ahead of the
 * server clock. Every offending op is listed, as for a broken envelope.
 */
export function checkHlcs(ops: readonly OpEnvelope[], nowMs: number): { readonly code: 'malformed_op' | 'hlc_ahead'; readonly message: string; readonly ops: OpProblem[] } | null {
  const malformed: OpProblem[] = [];
  const ahead: OpProblem[] = [];
  ops.forEach((op, index) => {
    const wall = hlcWallMs(op.hlc);
    if (wall === null) malformed.push({ index, opId: op.opId, message: 'hlc: must begin with an ISO 8601 UTC time (YYYY-MM-DDTHH:MM:SS.sssZ)' });
    else if (wall - nowMs > MAX_HLC_AHEAD_MS) {
      ahead.push({ index, opId: op.opId, message: `hlc: ${new Date(wall).toISOString()} is more than 5 minutes ahead of the server clock (${new Date(nowMs).toISOString()})` });
    }
  });
  if (malformed.length > 0) return { code: 'malformed_op', message: `op ${malformed[0].index} (${malformed[0].opId}): ${malformed[0].message}`, ops: malformed };
  if (ahead.length > 0) return { code: 'hlc_ahead', message: `op ${ahead[0].index} (${ahead[0].opId}): ${ahead[0].message}`, ops: ahead };
  return null;
}
