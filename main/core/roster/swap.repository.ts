/** SQL of the `roster_swap` table (asked-for swaps of two cells and their decision): the only code that reads or writes it. */
import type { Sql } from '../db/db';

export interface SwapRecord {
  id: string;
  roster_id: string;
  a_shift_id: string;
  a_role_key: string;
  a_slot: number;
  a_person_id: string | null;
  b_shift_id: string;
  b_role_key: string;
  b_slot: number;
  b_person_id: string | null;
  reason: string;
  status: 'pending' | 'approved' | 'refused';
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  note: string | null;
}

export class SwapRepository {
  swap(sql: Sql, id: string): Promise<SwapRecord | undefined> {
    return sql.get<SwapRecord>(`SELECT * FROM roster_swap WHERE id = ?`, [id]);
  }

  swaps(sql: Sql, filter: { rosterId?: string; pendingOnly: boolean }): Promise<SwapRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.rosterId) {
      where.push('roster_id = ?');
      params.push(filter.rosterId);
    }
    if (filter.pendingOnly) where.push(`status = 'pending'`);
    return sql.all<SwapRecord>(`SELECT * FROM roster_swap ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY requested_at DESC LIMIT 200`, params);
  }

  async insertSwap(sql: Sql, s: SwapRecord): Promise<void> {
    await sql.run(
      `INSERT INTO roster_swap (id, roster_id, a_shift_id, a_role_key, a_slot, a_person_id, b_shift_id, b_role_key, b_slot, b_person_id,
        reason, status, requested_by, requested_at, decided_by, decided_at, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [
        s.id,
        s.roster_id,
        s.a_shift_id,
        s.a_role_key,
        s.a_slot,
        s.a_person_id,
        s.b_shift_id,
        s.b_role_key,
        s.b_slot,
        s.b_person_id,
        s.reason,
        s.status,
        s.requested_by,
        s.requested_at,
        s.decided_by,
        s.decided_at,
        s.note,
      ],
    );
  }

  async decideSwap(sql: Sql, id: string, status: 'approved' | 'refused', by: string, at: string, note: string | null): Promise<void> {
    await sql.run(`UPDATE roster_swap SET status = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ?`, [status, by, at, note, id]);
  }
}
