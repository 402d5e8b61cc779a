/**
 * The sync tables: `sync_record` (the records of entities folded last-writer-wins by HLC, so every
 * replica converges) and `sync_inbox_problem` (district ops this console could not apply: kept
 * whole with the reason). The outbox belongs to the kernel (kernel/outbox.repository.ts).
 */
import type { Sql } from '../db/db';

export interface SyncRecordRow {
  hlc: string;
  version: number;
  payload: string;
}

export function getSyncRecord(sql: Sql, entity: string, entityId: string): Promise<SyncRecordRow | undefined> {
  return sql.get<SyncRecordRow>(`SELECT hlc, version, payload FROM sync_record WHERE entity = ? AND entity_id = ?`, [entity, entityId]);
}

/** An upsert folded in: a new record at version 1, or the next version of the one there. */
export function foldSyncRecord(sql: Sql, entity: string, entityId: string, hlc: string, payload: unknown): Promise<void> {
  return sql.run(
    `INSERT INTO sync_record (entity, entity_id, version, hlc, payload) VALUES (?, ?, 1, ?, ?)
      ON CONFLICT(entity, entity_id) DO UPDATE SET version = version + 1, hlc = excluded.hlc, payload = excluded.payload`,
    [entity, entityId, hlc, JSON.stringify(payload)],
  );
}

/** The server's record taken whole (a reset to the snapshot). */
export function putSyncRecord(sql: Sql, r: { entity: string; entityId: string; version: number; hlc: string; payload: unknown }): Promise<void> {
  return sql.run(
    `INSERT INTO sync_record (entity, entity_id, version, hlc, payload) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(entity, entity_id) DO UPDATE SET version = excluded.version, hlc = excluded.hlc, payload = excluded.payload`,
    [r.entity, r.entityId, r.version, r.hlc, JSON.stringify(r.payload)],
  );
}

export interface InboxProblem {
  readonly opId: string | null;
  readonly serverSeq: number | null;
  readonly entity: string | null;
  readonly entityId: string | null;
  readonly action: string | null;
  readonly reason: string;
  readonly message: string;
  readonly op: unknown;
  readonly at: string;
}

/** Keeps a district op that could not be applied (once per op id). */
export function keepInboxProblem(sql: Sql, p: InboxProblem): Promise<void> {
  let text: string;
  try {
    text = JSON.stringify(p.op) ?? 'null';
  } catch {
    text = '"(unreadable)"';
  }
  return sql.run(
    `INSERT INTO sync_inbox_problem (op_id, server_seq, entity, entity_id, action, reason, message, op, at) VALUES (?,?,?,?,?,?,?,?,?)
      ON CONFLICT(op_id) DO NOTHING`,
    [p.opId, p.serverSeq, p.entity, p.entityId, p.action, p.reason, p.message.slice(0, 500), text.slice(0, 64 * 1024), p.at],
  );
}

export async function inboxProblemCount(sql: Sql): Promise<number> {
  return (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM sync_inbox_problem`))?.n ?? 0;
}

export function inboxProblems(sql: Sql, limit: number) {
  return sql.all<{ seq: number; op_id: string | null; entity: string | null; entity_id: string | null; action: string | null; reason: string; message: string; at: string }>(
    `SELECT seq, op_id, entity, entity_id, action, reason, message, at FROM sync_inbox_problem ORDER BY seq DESC LIMIT ?`,
    [limit],
  );
}
