/**
 * The shape of an op as the district serves it (PROTOCOL.md: an applied op plus `serverSeq`),
 * checked before anything of it is applied: a pulled or streamed op that breaks it is quarantined
 * (kept with the reason, shown in 同步问题) and the ops after it go on.
 */
import { z } from 'zod';
import { hlcAheadMs, MAX_HLC_AHEAD_MS } from '../kernel/hlc';

export const SYNC_ENTITIES = [
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

export const ServerOpSchema = z.object({
  opId: z.string().min(1).max(64),
  nodeId: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  serverSeq: z.number().int().min(1),
  hlc: z.string().min(1).max(200),
  entity: z.enum(SYNC_ENTITIES),
  entityId: z.string().min(1).max(64),
  kind: z.enum(['action', 'upsert']),
  action: z.string().max(40).optional(),
  baseVersion: z.number().int().optional(),
  payload: z.record(z.string(), z.unknown()),
  at: z.string().min(1).max(64),
});

export type ServerOp = z.infer<typeof ServerOpSchema>;

/** The op checked, or why it cannot be applied. `serverSeq` is read leniently so the cursor can pass it. */
export function checkServerOp(raw: unknown): { op: ServerOp } | { problem: { message: string; serverSeq: number | null; opId: string | null } } {
  const parsed = ServerOpSchema.safeParse(raw);
  if (parsed.success) {
    const op = parsed.data;
    if (op.kind === 'action' && (op.entity !== 'event' || !op.action)) {
      return { problem: { message: 'an action op must be of an event and name its action', serverSeq: op.serverSeq, opId: op.opId } };
    }
    if (op.kind === 'upsert' && op.entity === 'event') return { problem: { message: 'an event changes by actions, never by upsert', serverSeq: op.serverSeq, opId: op.opId } };
    return { op };
  }
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const serverSeq = typeof r.serverSeq === 'number' && Number.isInteger(r.serverSeq) ? r.serverSeq : null;
  const opId = typeof r.opId === 'string' ? r.opId.slice(0, 64) : null;
  const message = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(op)'}: ${i.message}`)
    .join('; ');
  return { problem: { message, serverSeq, opId } };
}

/**
 * The hlc rule of PROTOCOL.md v1.1 for an op that came down: it must be an hlc (a time, a 4-digit
 * counter, a node: else it could sort after every real one for good) and at most 5 minutes ahead of
 * this console's clock (else `hlc_ahead`: quarantined, never folded into our clock).
 */
export function checkOpHlc(hlc: string, nowMs: number): { reason: 'invalid' | 'hlc_ahead'; message: string } | null {
  const ahead = hlcAheadMs(hlc, nowMs);
  if (ahead === null) return { reason: 'invalid', message: `hlc: not an hlc (<ISO time>-<4-digit counter>-<nodeId>): ${hlc.slice(0, 80)}` };
  if (ahead > MAX_HLC_AHEAD_MS) {
    return {
      reason: 'hlc_ahead',
      message: `hlc: ${hlc.slice(0, 24)} is ${Math.round(ahead / 1000)} s ahead of this console's clock (${new Date(nowMs).toISOString()}); at most 300 s are taken`,
    };
  }
  return null;
}
