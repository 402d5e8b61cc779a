/**
 * What every change of the roster writes beside itself: the outbox op that syncs the record to the
 * district — an `upsert` of the whole record (PROTOCOL.md: roster, shift, absence) — through the
 * kernel's command, with the record's next version and HLC stamp.
 */
import type { Tx } from '../kernel';
import type { HybridLogicalClock } from '../kernel/hlc';

export type WatchEntity = 'roster' | 'shift' | 'absence';

/** Writes the upsert op of a record; `hlc` is the record's new HLC (stamped by the caller with the row). */
export function upsert(tx: Pick<Tx, 'outbox' | 'at'>, entity: WatchEntity, entityId: string, version: number, hlc: string, payload: Record<string, unknown>): Promise<void> {
  return tx.outbox({ entity, entityId, kind: 'upsert', baseVersion: version - 1, payload, hlc, at: tx.at });
}

/** A fresh HLC stamp and the next version of a record. */
export function stamp(hlc: HybridLogicalClock, version: number): { version: number; hlc: string } {
  return { version: version + 1, hlc: hlc.now() };
}
