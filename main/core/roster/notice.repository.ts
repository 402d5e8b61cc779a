/** SQL of the `duty_notice` table (a person's shift reminders, read or not): the only code that reads or writes it. */
import type { Sql } from '../db/db';

export interface NoticeRecord {
  id: string;
  key: string;
  person_id: string;
  kind: 'shift_reminder' | 'shift_started';
  shift_id: string;
  at: string;
  read_at: string | null;
}

export class NoticeRepository {
  /** Records a notice once (by key); returns whether it is new. */
  async addNotice(sql: Sql, n: NoticeRecord): Promise<boolean> {
    const existing = await sql.get(`SELECT id FROM duty_notice WHERE key = ?`, [n.key]);
    if (existing) return false;
    await sql.run(`INSERT INTO duty_notice (id, key, person_id, kind, shift_id, at, read_at) VALUES (?,?,?,?,?,?,?)`, [
      n.id,
      n.key,
      n.person_id,
      n.kind,
      n.shift_id,
      n.at,
      n.read_at,
    ]);
    return true;
  }

  notices(sql: Sql, personId: string, unreadOnly: boolean): Promise<NoticeRecord[]> {
    return sql.all<NoticeRecord>(`SELECT * FROM duty_notice WHERE person_id = ? ${unreadOnly ? 'AND read_at IS NULL' : ''} ORDER BY at DESC LIMIT 100`, [personId]);
  }

  async readNotices(sql: Sql, personId: string, ids: readonly string[], at: string): Promise<void> {
    for (const id of ids) await sql.run(`UPDATE duty_notice SET read_at = ? WHERE id = ? AND person_id = ? AND read_at IS NULL`, [at, id, personId]);
  }
}
