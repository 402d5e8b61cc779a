/**
 * Alarm rows: raised inside the transaction of whatever caused them, deduplicated by a key (one
 * alarm per event per clock breach), acknowledged once. The only code that writes the alarm table.
 */
import type { Alarm } from '../../../preload/contract/schemas';
import { newId } from './ids';
import type { Sql } from '../db/db';
import { refuse } from '../errors';

export type AlarmKind = Alarm['kind'];

export interface RaiseAlarm {
  readonly key: string;
  readonly kind: AlarmKind;
  readonly eventId: string | null;
  readonly detail: Record<string, string>;
  readonly at: string;
}

/** Raises an alarm unless one with the same key exists; returns whether it is new. */
export async function raiseAlarm(sql: Sql, a: RaiseAlarm): Promise<boolean> {
  const existing = await sql.get(`SELECT id FROM alarm WHERE key = ?`, [a.key]);
  if (existing) return false;
  await sql.run(`INSERT INTO alarm (id, key, kind, event_id, message, raised_at) VALUES (?,?,?,?,?,?)`, [newId(), a.key, a.kind, a.eventId, JSON.stringify(a.detail), a.at]);
  return true;
}

/**
 * Raises many alarms in one statement (a sync page's), in order: each unless one with its key exists
 * (the first of a key wins, as with raiseAlarm one by one).
 */
export async function raiseAlarms(sql: Sql, alarms: readonly RaiseAlarm[]): Promise<void> {
  if (alarms.length === 0) return;
  await sql.run(
    `INSERT INTO alarm (id, key, kind, event_id, message, raised_at)
      SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM jsonb_each(?) WHERE true ORDER BY key
      ON CONFLICT(key) DO NOTHING`,
    [JSON.stringify(alarms.map((a) => [newId(), a.key, a.kind, a.eventId, JSON.stringify(a.detail), a.at]))],
  );
}

/** Marks an open alarm acknowledged; refuses an unknown or already acknowledged one. */
export async function ackAlarm(sql: Sql, alarmId: string, actorId: string, note: string | undefined, at: string): Promise<void> {
  const row = await sql.get<{ acked_at: string | null }>(`SELECT acked_at FROM alarm WHERE id = ?`, [alarmId]);
  if (!row) refuse('not_found', `no alarm ${alarmId}`, { id: alarmId });
  if (row.acked_at) refuse('already_decided', 'this alarm is already acknowledged');
  await sql.run(`UPDATE alarm SET acked_at = ?, acked_by = ?, ack_note = ? WHERE id = ?`, [at, actorId, note ?? null, alarmId]);
}

/**
 * Marks the open ones of these alarms acknowledged (a group on the desk); refuses an unknown id, or a
 * group every alarm of which is acknowledged already. Returns how many it acknowledged.
 */
export async function ackAlarms(sql: Sql, alarmIds: readonly string[], actorId: string, note: string | undefined, at: string): Promise<number> {
  const ids = JSON.stringify(alarmIds);
  const found = await sql.get<{ known: number; open: number }>(
    `SELECT COUNT(*) AS known, COALESCE(SUM(acked_at IS NULL), 0) AS open FROM alarm WHERE id IN (SELECT value FROM json_each(?))`,
    [ids],
  );
  if ((found?.known ?? 0) < new Set(alarmIds).size) refuse('not_found', 'an alarm of the group is unknown');
  if (!found?.open) refuse('already_decided', 'every alarm of this group is already acknowledged');
  await sql.run(`UPDATE alarm SET acked_at = ?, acked_by = ?, ack_note = ? WHERE id IN (SELECT value FROM json_each(?)) AND acked_at IS NULL`, [at, actorId, note ?? null, ids]);
  return found.open;
}

/** Settles the open alarm with this key, if any (the thing it was about was dealt with). */
export function settleAlarm(sql: Sql, key: string, actorId: string, note: string, at: string): Promise<void> {
  return sql.run(`UPDATE alarm SET acked_at = ?, acked_by = ?, ack_note = ? WHERE key = ? AND acked_at IS NULL`, [at, actorId, note, key]);
}
