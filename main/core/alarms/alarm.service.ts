/**
 * Alarms: raised inside the transaction of whatever caused them, deduplicated by a key (one alarm
 * per event per clock breach), and open until a person acknowledges them; the acknowledgement is
 * logged. The renderer sounds and flashes while any is open.
 */
import { randomUUID } from 'node:crypto';
import type { Alarm } from '../../../preload/contract/schemas';
import type { Db, Sql } from '../db/db';
import { refuse } from '../errors';

export type AlarmKind = Alarm['kind'];

export class AlarmService {
  constructor(private readonly db: Db) {}

  /** Raises an alarm unless one with the same key exists; returns whether it is new. */
  async raise(sql: Sql, a: { key: string; kind: AlarmKind; eventId: string | null; detail: Record<string, string>; at: string }): Promise<boolean> {
    const existing = await sql.get(`SELECT id FROM alarm WHERE key = ?`, [a.key]);
    if (existing) return false;
    await sql.run(`INSERT INTO alarm (id, key, kind, event_id, message, raised_at) VALUES (?,?,?,?,?,?)`, [
      randomUUID(), a.key, a.kind, a.eventId, JSON.stringify(a.detail), a.at,
    ]);
    return true;
  }

  /** Open alarms first (newest first), then the most recent acknowledged ones. */
  list(limit = 100): Promise<Alarm[]> {
    return this.db.read(async (sql) => {
      const rows = await sql.all<{ id: string; kind: AlarmKind; event_id: string | null; title: string | null; message: string; raised_at: string; acked_at: string | null; acked_by: string | null }>(
        `SELECT a.id, a.kind, a.event_id, e.title, a.message, a.raised_at, a.acked_at, a.acked_by FROM alarm a
          LEFT JOIN event e ON e.id = a.event_id ORDER BY a.acked_at IS NOT NULL, a.raised_at DESC LIMIT ?`,
        [limit],
      );
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        eventId: r.event_id,
        eventTitle: r.title,
        detail: JSON.parse(r.message) as Record<string, string>,
        raisedAt: r.raised_at,
        ackedAt: r.acked_at,
        ackedBy: r.acked_by,
      }));
    });
  }

  async ack(actorId: string, alarmId: string, note: string | undefined, at: string): Promise<void> {
    await this.db.write(async (sql) => {
      const row = await sql.get<{ acked_at: string | null }>(`SELECT acked_at FROM alarm WHERE id = ?`, [alarmId]);
      if (!row) refuse('not_found', `no alarm ${alarmId}`, { id: alarmId });
      if (row.acked_at) refuse('already_decided', 'this alarm is already acknowledged');
      await sql.run(`UPDATE alarm SET acked_at = ?, acked_by = ?, ack_note = ? WHERE id = ?`, [at, actorId, note ?? null, alarmId]);
      await sql.run(`INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)`, [
        at, actorId, 'alarm.ack', 'alarm', alarmId, JSON.stringify({ note: note ?? null }),
      ]);
    });
  }
}
