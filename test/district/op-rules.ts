/**
 * What one valid op does to one entity record (PROTOCOL.md "Operations"): pairing of kind and
 * entity, district-only rights, the event lifecycle (through the shared event-lifecycle table),
 * upserts folded by hlc, and the signed-handover rule. Pure: the store feeds it the current record.
 */
import { checkAction, nextState, situationStageConflict, type EventState, type Refusal, type SituationStage } from '../../main/core/events/event-lifecycle';
import type { EntityName, OpEnvelope } from './op-envelope';

export type Role = 'console' | 'district';

/** The server's current record of one entity. `payloadJson` is the merged payload for events. */
export interface EntityRecord {
  readonly version: number;
  readonly hlc: string;
  /** Lifecycle state; null for entities other than events. */
  readonly state: EventState | null;
  readonly payloadJson: string;
  /** Handovers only: a signed record is final. */
  readonly signed: boolean;
}

export type Decision = { readonly status: 'applied'; readonly record: EntityRecord; readonly changed: boolean } | { readonly status: 'rejected'; readonly refusal: Refusal };

const DISTRICT_ONLY_ENTITIES: ReadonlySet<EntityName> = new Set(['catalogue', 'planTemplate']);

function reject(reason: Refusal['reason'], message: string): Decision {
  return { status: 'rejected', refusal: { reason, message } };
}

function isSignedHandover(op: OpEnvelope): boolean {
  return op.entity === 'handover' && op.payload.signedAt !== undefined && op.payload.signedAt !== null;
}

export function decideOp(op: OpEnvelope, current: EntityRecord | undefined, role: Role): Decision {
  if (op.kind === 'action') {
    if (op.entity !== 'event') return reject('invalid', `kind=action is for entity=event only, not ${op.entity}`);
    // The envelope check guarantees `action` for kind=action.
    const action = op.action!;
    const state = current?.state ?? undefined;
    const refusal = checkAction(action, state, op.payload, role);
    if (refusal) return { status: 'rejected', refusal };
    // Snapshot payload: reported fields with every later action's fields merged over them.
    const merged: Record<string, unknown> = current ? { ...(JSON.parse(current.payloadJson) as object), ...op.payload } : op.payload;
    if (action === 'situation_report') {
      // PROTOCOL.md v1.1: a second final, or an update before any first, is a conflict; the stages filed are kept with the record.
      const before = current ? (JSON.parse(current.payloadJson) as { situationStages?: unknown }).situationStages : undefined;
      const filed = Array.isArray(before) ? before.map(String) : [];
      const stage = op.payload.stage as SituationStage;
      const conflict = situationStageConflict(stage, filed);
      if (conflict) return reject('conflict', conflict);
      merged.situationStages = [...filed, stage];
    }
    return {
      status: 'applied',
      changed: true,
      record: {
        version: (current?.version ?? 0) + 1,
        hlc: op.hlc,
        state: nextState(action, state),
        payloadJson: JSON.stringify(merged),
        signed: false,
      },
    };
  }

  if (op.entity === 'event') return reject('invalid', 'an event changes only through kind=action');
  if (DISTRICT_ONLY_ENTITIES.has(op.entity) && role !== 'district') {
    return reject('forbidden', `upserts of ${op.entity} are for the district only`);
  }
  const signed = isSignedHandover(op);
  const replacement: EntityRecord = {
    version: (current?.version ?? 0) + 1,
    hlc: op.hlc,
    state: null,
    payloadJson: JSON.stringify(op.payload),
    signed,
  };
  if (!current) return { status: 'applied', changed: true, record: replacement };
  if (current.signed) return reject('conflict', 'the handover is signed; a signed handover never changes');
  // A signature is final: it replaces an unsigned record whatever the hlc order.
  if (signed || op.hlc > current.hlc) return { status: 'applied', changed: true, record: replacement };
  // Older (or same) hlc: applied and served, but every replica folds it away; version stays.
  return { status: 'applied', changed: false, record: current };
}
