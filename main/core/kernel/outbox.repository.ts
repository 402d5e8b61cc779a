/**
 * Writes the sync outbox row of a change, inside the change's own transaction. The row is the op of
 * PROTOCOL.md minus `nodeId` (the node's) and `seq` (the row's integer key).
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/db';

export interface OutboxOp {
  readonly entity: string;
  readonly entityId: string;
  readonly kind: 'action' | 'upsert';
  readonly action?: string;
  readonly baseVersion?: number;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly hlc: string;
  readonly at: string;
}

export async function appendOutbox(sql: Sql, op: OutboxOp): Promise<void> {
  await sql.run(
    `INSERT INTO outbox (op_id, entity, entity_id, kind, action, base_version, payload, hlc, at) VALUES (?,?,?,?,?,?,?,?,?)`,
    [randomUUID(), op.entity, op.entityId, op.kind, op.action ?? null, op.baseVersion ?? null, JSON.stringify(op.payload), op.hlc, op.at],
  );
}
