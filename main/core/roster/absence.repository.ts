/**
 * SQL of the `absence` table (leave, business trips, training …): the only code that reads or writes
 * it; the roster's commands and the sync sink call it inside their kernel transaction.
 */
import type { AbsenceKind } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import type { IndexedAbsence } from './duty-index';

export interface AbsenceRecord {
  id: string;
  person_id: string;
  kind: AbsenceKind;
  starts_at: string;
  ends_at: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
  cancelled_at: string | null;
  cancelled_by: string | null;
  version: number;
  hlc: string;
}

export class AbsenceRepository {
  async allAbsences(sql: Sql): Promise<IndexedAbsence[]> {
    const rows = await sql.all<AbsenceRecord>(`SELECT * FROM absence WHERE cancelled_at IS NULL`);
    return rows.map((a) => ({ id: a.id, personId: a.person_id, kind: a.kind, startMs: Date.parse(a.starts_at), endMs: Date.parse(a.ends_at) }));
  }

  absence(sql: Sql, id: string): Promise<AbsenceRecord | undefined> {
    return sql.get<AbsenceRecord>(`SELECT * FROM absence WHERE id = ?`, [id]);
  }

  absencesOf(sql: Sql, personIds: readonly string[]): Promise<AbsenceRecord[]> {
    if (personIds.length === 0) return Promise.resolve([]);
    return sql.all<AbsenceRecord>(`SELECT * FROM absence WHERE cancelled_at IS NULL AND person_id IN (${personIds.map(() => '?').join(',')}) ORDER BY starts_at`, [...personIds]);
  }

  listAbsences(sql: Sql, filter: { fromIso?: string; toIso?: string; personId?: string; includeCancelled: boolean }): Promise<AbsenceRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!filter.includeCancelled) where.push('cancelled_at IS NULL');
    if (filter.fromIso) {
      where.push('ends_at > ?');
      params.push(filter.fromIso);
    }
    if (filter.toIso) {
      where.push('starts_at < ?');
      params.push(filter.toIso);
    }
    if (filter.personId) {
      where.push('person_id = ?');
      params.push(filter.personId);
    }
    return sql.all<AbsenceRecord>(`SELECT * FROM absence ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY starts_at DESC LIMIT 500`, params);
  }

  async insertAbsence(sql: Sql, a: AbsenceRecord): Promise<void> {
    await sql.run(
      `INSERT INTO absence (id, person_id, kind, starts_at, ends_at, note, created_by, created_at, cancelled_at, cancelled_by, version, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      [a.id, a.person_id, a.kind, a.starts_at, a.ends_at, a.note, a.created_by, a.created_at, a.cancelled_at, a.cancelled_by, a.version, a.hlc],
    );
  }

  /** Replaces an absence whole (a newer version from another console of the town). */
  async replaceAbsence(sql: Sql, a: AbsenceRecord): Promise<void> {
    await sql.run(`DELETE FROM absence WHERE id = ?`, [a.id]);
    await this.insertAbsence(sql, a);
  }

  async cancelAbsence(sql: Sql, id: string, at: string, by: string, version: number, hlc: string): Promise<void> {
    await sql.run(`UPDATE absence SET cancelled_at = ?, cancelled_by = ?, version = ?, hlc = ? WHERE id = ?`, [at, by, version, hlc, id]);
  }
}
