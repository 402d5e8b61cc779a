/**
 * Writes the sync outbox row of a change, inside the change's own transaction. The row is the op of
 * PROTOCOL.md minus `nodeId` (the node's) and `seq` (the row's integer key).
 */
import { newId } from './ids';
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
  await sql.run(`INSERT INTO outbox (op_id, entity, entity_id, kind, action, base_version, payload, hlc, at) VALUES (?,?,?,?,?,?,?,?,?)`, [
    newId(),
    op.entity,
    op.entityId,
    op.kind,
    op.action ?? null,
    op.baseVersion ?? null,
    JSON.stringify(op.payload),
    op.hlc,
    op.at,
  ]);
}

/** An outbox row as the sync worker reads it. */
export interface OutboxRow {
  seq: number;
  op_id: string;
  entity: string;
  entity_id: string;
  kind: 'action' | 'upsert';
  action: string | null;
  base_version: number | null;
  payload: string;
  hlc: string;
  at: string;
}

/** Rows per UPDATE … FROM (VALUES …) of push answers (5 parameters a row). */
const ANSWER_ROWS = 100;

/** The newest op's HLC (a restarted node's clock never goes back behind it). */
export async function lastOutboxHlc(sql: Sql): Promise<string | undefined> {
  return (await sql.get<{ hlc: string }>(`SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1`))?.hlc;
}

export function pendingOps(sql: Sql, limit: number): Promise<OutboxRow[]> {
  return sql.all<OutboxRow>(`SELECT seq, op_id, entity, entity_id, kind, action, base_version, payload, hlc, at FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?`, [
    limit,
  ]);
}

/** The district's answers for a pushed batch: [seq, status, result JSON, wire seq, server seq] per op, in statements of 100 rows. */
export async function recordAnswers(sql: Sql, answers: readonly (readonly [number, 'sent' | 'rejected', string, number, number | null])[]): Promise<void> {
  for (let start = 0; start < answers.length; start += ANSWER_ROWS) {
    const chunk = answers.slice(start, start + ANSWER_ROWS);
    await sql.run(
      `UPDATE outbox SET status = v.column2, result = v.column3, wire_seq = v.column4, server_seq = v.column5
        FROM (VALUES ${new Array<string>(chunk.length).fill('(?, ?, ?, ?, ?)').join(', ')}) AS v WHERE outbox.seq = v.column1`,
      chunk.flat(),
    );
  }
}

export function quarantineOutboxOp(sql: Sql, seq: number, message: string, reason = 'invalid'): Promise<void> {
  return sql.run(`UPDATE outbox SET status = 'quarantined', result = ? WHERE seq = ?`, [JSON.stringify({ status: 'quarantined', reason, message }), seq]);
}

/** A quarantined op of ours, by its seq (null when there is none, or it is not quarantined). */
export function quarantinedOutboxOp(sql: Sql, seq: number): Promise<{ seq: number; op_id: string; entity: string; entity_id: string; result: string | null } | undefined> {
  return sql.get(`SELECT seq, op_id, entity, entity_id, result FROM outbox WHERE seq = ? AND status = 'quarantined'`, [seq]);
}

/**
 * A quarantined op of ours sent again (重试: back to pending, in its place by seq) or given up (忽略:
 * 'ignored', kept, never sent; its entity goes back to the district's record like a rejected op's).
 */
export function settleQuarantinedOutboxOp(sql: Sql, seq: number, to: 'pending' | 'ignored'): Promise<void> {
  return sql.run(`UPDATE outbox SET status = ? WHERE seq = ? AND status = 'quarantined'`, [to, seq]);
}

/** How many ops of ours are quarantined, and the oldest one's time. */
export async function quarantinedSince(sql: Sql): Promise<{ n: number; since: string | null }> {
  const row = await sql.get<{ n: number; since: string | null }>(`SELECT count(*) AS n, min(at) AS since FROM outbox WHERE status = 'quarantined'`);
  return { n: row?.n ?? 0, since: row?.since ?? null };
}

/** A pulled op of ours whose push answer we never saw (killed mid-push): the server has it. */
export function markSentByPull(sql: Sql, opId: string, serverSeq: number): Promise<void> {
  return sql.run(`UPDATE outbox SET status = 'sent', server_seq = ? WHERE op_id = ? AND status = 'pending'`, [serverSeq, opId]);
}

export async function pendingEntities(sql: Sql): Promise<Set<string>> {
  const rows = await sql.all<{ entity: string; entity_id: string }>(`SELECT DISTINCT entity, entity_id FROM outbox WHERE status = 'pending'`);
  return new Set(rows.map((r) => `${r.entity}:${r.entity_id}`));
}

export function pendingOpKeys(sql: Sql): Promise<{ op_id: string; entity: string; entity_id: string }[]> {
  return sql.all<{ op_id: string; entity: string; entity_id: string }>(`SELECT op_id, entity, entity_id FROM outbox WHERE status = 'pending'`);
}

/** Which of these op ids this outbox holds. */
export async function knownOpIds(sql: Sql, opIds: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let i = 0; i < opIds.length; i += 500) {
    const chunk = opIds.slice(i, i + 500);
    const rows = await sql.all<{ op_id: string }>(`SELECT op_id FROM outbox WHERE op_id IN (${chunk.map(() => '?').join(',')})`, chunk);
    for (const r of rows) known.add(r.op_id);
  }
  return known;
}

/** Per entity, the highest server seq of our own sent ops above the cursor. */
export async function ownOpsAhead(sql: Sql, cursor: number): Promise<Map<string, number>> {
  const rows = await sql.all<{ entity: string; entity_id: string; s: number }>(
    `SELECT entity, entity_id, MAX(server_seq) AS s FROM outbox WHERE status = 'sent' AND server_seq > ? GROUP BY entity, entity_id`,
    [cursor],
  );
  return new Map(rows.map((r) => [`${r.entity}:${r.entity_id}`, Number(r.s)]));
}

export async function outboxCounts(sql: Sql): Promise<{ pending: number; rejected: number; quarantined: number }> {
  // Two partial indexes (pending; rejected/quarantined) answer these without scanning every op ever sent.
  const rows = [
    ...(await sql.all<{ status: string; n: number }>(`SELECT 'pending' AS status, count(*) AS n FROM outbox WHERE status = 'pending'`)),
    ...(await sql.all<{ status: string; n: number }>(`SELECT status, count(*) AS n FROM outbox WHERE status IN ('rejected', 'quarantined') GROUP BY status`)),
  ];
  const count = (s: string): number => rows.find((r) => r.status === s)?.n ?? 0;
  return { pending: count('pending'), rejected: count('rejected'), quarantined: count('quarantined') };
}

export function outboxProblems(sql: Sql, limit: number) {
  return sql.all<{
    seq: number;
    op_id: string;
    entity: string;
    entity_id: string;
    action: string | null;
    status: 'rejected' | 'quarantined';
    result: string | null;
    at: string;
    hlc: string;
  }>(`SELECT seq, op_id, entity, entity_id, action, status, result, at, hlc FROM outbox WHERE status IN ('rejected', 'quarantined') ORDER BY seq DESC LIMIT ?`, [limit]);
}
