/**
 * What every change of the 24-hour watch writes beside itself, in its own transaction: the audit
 * row (who did what, when) and the outbox op that syncs the record to the district — an `upsert`
 * of the whole record (PROTOCOL.md: roster, shift, absence, handover, dutyLog).
 */
import type { Sql } from '../db/db';
import type { HybridLogicalClock } from '../kernel/hlc';
import { appendOutbox } from '../kernel/outbox.repository';

export type WatchEntity = 'roster' | 'shift' | 'absence' | 'handover' | 'dutyLog';

export async function audit(sql: Sql, at: string, actorId: string | null, action: string, entity: string, entityId: string | null, detail: Record<string, unknown>): Promise<void> {
  await sql.run(`INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)`, [
    at, actorId, action, entity, entityId, JSON.stringify(detail),
  ]);
}

/** Writes the upsert op of a record; `hlc` is the record's new HLC (stamped by the caller with the row). */
export async function upsert(sql: Sql, entity: WatchEntity, entityId: string, version: number, hlc: string, payload: Record<string, unknown>, at: string): Promise<void> {
  await appendOutbox(sql, { entity, entityId, kind: 'upsert', baseVersion: version - 1, payload, hlc, at });
}

/** A fresh HLC stamp and the next version of a record. */
export function stamp(hlc: HybridLogicalClock, version: number): { version: number; hlc: string } {
  return { version: version + 1, hlc: hlc.now() };
}
