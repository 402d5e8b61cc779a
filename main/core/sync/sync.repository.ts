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

/**
 * The sync records of a pulled page's upserts, read in one query and folded in memory by HLC (as
 * the server folds them), then written in one statement with the page's rows as one JSON parameter.
 */
export class SyncRecordPage {
  private readonly rows = new Map<string, SyncRecordRow>();
  private dirty = new Set<string>();

  static async read(sql: Sql, keys: readonly { entity: string; entityId: string }[]): Promise<SyncRecordPage> {
    const page = new SyncRecordPage();
    if (keys.length === 0) return page;
    const rows = await sql.all<SyncRecordRow & { entity: string; entity_id: string }>(
      `SELECT r.entity, r.entity_id, r.hlc, r.version, r.payload FROM json_each(?) AS k
        JOIN sync_record AS r ON r.entity = k.value ->> 0 AND r.entity_id = k.value ->> 1`,
      [JSON.stringify(keys.map((k) => [k.entity, k.entityId]))],
    );
    for (const r of rows) page.rows.set(JSON.stringify([r.entity, r.entity_id]), { hlc: r.hlc, version: r.version, payload: r.payload });
    return page;
  }

  /**
   * Folds an upsert into its record by HLC: the newest wins, a signed handover is final. Taken: a new
   * record at version 1, or the next version of the one there; false: it changes nothing.
   */
  fold(entity: string, entityId: string, hlc: string, payload: Record<string, unknown>): boolean {
    const key = JSON.stringify([entity, entityId]);
    const existing = this.rows.get(key);
    // Signed as the server counts it (PROTOCOL.md: a payload with `signedAt`).
    const signed = (p: Record<string, unknown>): boolean => entity === 'handover' && p.signedAt !== undefined && p.signedAt !== null;
    if (existing) {
      if (signed(JSON.parse(existing.payload) as Record<string, unknown>)) return false; // a signed handover is final
      if (!signed(payload) && hlc <= existing.hlc) return false;
    }
    this.rows.set(key, { hlc, version: (existing?.version ?? 0) + 1, payload: JSON.stringify(payload) });
    this.dirty.add(key);
    return true;
  }

  /** Writes the records folded since the last flush. */
  async flush(sql: Sql): Promise<void> {
    if (this.dirty.size === 0) return;
    const rows = [...this.dirty].map((key) => {
      const r = this.rows.get(key)!;
      return [...(JSON.parse(key) as [string, string]), r.version, r.hlc, r.payload];
    });
    this.dirty = new Set();
    await sql.run(
      `INSERT INTO sync_record (entity, entity_id, version, hlc, payload)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM jsonb_each(?) WHERE true
        ON CONFLICT(entity, entity_id) DO UPDATE SET version = excluded.version, hlc = excluded.hlc, payload = excluded.payload`,
      [JSON.stringify(rows)],
    );
  }
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

/**
 * The most kept of one op's text: a pull page brings ops up to 32 MiB, and a quarantined op is kept
 * whole to be retried; past this it is cut (and cannot be retried: 重试 says so).
 */
export const MAX_KEPT_OP_CHARS = 8 * 1024 * 1024;

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
    [p.opId, p.serverSeq, p.entity, p.entityId, p.action, p.reason, p.message.slice(0, 500), text.slice(0, MAX_KEPT_OP_CHARS), p.at],
  );
}

/** The problems still open (not ignored). */
export async function inboxProblemCount(sql: Sql): Promise<number> {
  return (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM sync_inbox_problem WHERE ignored_at IS NULL`))?.n ?? 0;
}

export function inboxProblems(sql: Sql, limit: number) {
  return sql.all<{
    seq: number;
    op_id: string | null;
    entity: string | null;
    entity_id: string | null;
    action: string | null;
    reason: string;
    message: string;
    at: string;
    hlc: string | null;
    title: string | null;
  }>(
    `SELECT seq, op_id, entity, entity_id, action, reason, message, at,
        CASE WHEN json_valid(op) THEN json_extract(op, '$.hlc') END AS hlc,
        CASE WHEN json_valid(op) THEN json_extract(op, '$.payload.title') END AS title
      FROM sync_inbox_problem WHERE ignored_at IS NULL ORDER BY seq DESC LIMIT ?`,
    [limit],
  );
}

/** One open problem, with the op as kept. */
export function openInboxProblem(sql: Sql, seq: number) {
  return sql.get<{ seq: number; op_id: string | null; entity: string | null; entity_id: string | null; reason: string; message: string; op: string }>(
    `SELECT seq, op_id, entity, entity_id, reason, message, op FROM sync_inbox_problem WHERE seq = ? AND ignored_at IS NULL`,
    [seq],
  );
}

/** Retried and applied: the problem is over (the audit row keeps what it was). */
export function deleteInboxProblem(sql: Sql, seq: number): Promise<void> {
  return sql.run(`DELETE FROM sync_inbox_problem WHERE seq = ?`, [seq]);
}

/** Retried and still failing: why, now (`at` stays when it was set aside). */
export function updateInboxProblem(sql: Sql, seq: number, reason: string, message: string): Promise<void> {
  return sql.run(`UPDATE sync_inbox_problem SET reason = ?, message = ? WHERE seq = ?`, [reason, message.slice(0, 500), seq]);
}

export function ignoreInboxProblem(sql: Sql, seq: number, actorId: string, at: string): Promise<void> {
  return sql.run(`UPDATE sync_inbox_problem SET ignored_at = ?, ignored_by = ? WHERE seq = ? AND ignored_at IS NULL`, [at, actorId, seq]);
}

/** The open problems by kind (hlc_ahead, or any other reason), with how many and the oldest one's time. */
export async function openInboxConditions(sql: Sql): Promise<{ hlcAhead: boolean; n: number; since: string }[]> {
  const rows = await sql.all<{ ahead: number; n: number; since: string }>(
    `SELECT reason = 'hlc_ahead' AS ahead, count(*) AS n, min(at) AS since FROM sync_inbox_problem WHERE ignored_at IS NULL GROUP BY reason = 'hlc_ahead'`,
  );
  return rows.map((r) => ({ hlcAhead: r.ahead === 1, n: r.n, since: r.since }));
}
