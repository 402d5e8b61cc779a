/**
 * SQL of the `duty_log` table and its trigram full-text index (`duty_log_fts`): the only code that
 * reads or writes them. Also the two reads of the events an entry may refer to (that it exists, its
 * title).
 */
import type { DutyLogKind } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';

export interface DutyLogRecord {
  seq: number;
  id: string;
  shift_id: string | null;
  at: string;
  kind: DutyLogKind;
  text: string;
  author_id: string;
  event_id: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  version: number;
  hlc: string;
}

export interface DutyLogFilter {
  readonly shiftId?: string;
  readonly fromIso?: string;
  readonly toIso?: string;
  readonly kinds?: readonly string[];
  /** Words: three characters or more go to the full-text index, shorter ones to LIKE. */
  readonly q?: string;
}

/** `"term"` for FTS5: quotes doubled, so any text is one literal phrase. */
function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class DutyLogRepository {
  async insert(sql: Sql, r: Omit<DutyLogRecord, 'seq'>): Promise<void> {
    await sql.run(`INSERT INTO duty_log (id, shift_id, at, kind, text, author_id, event_id, created_at, updated_at, deleted_at, version, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, [
      r.id,
      r.shift_id,
      r.at,
      r.kind,
      r.text,
      r.author_id,
      r.event_id,
      r.created_at,
      r.updated_at,
      r.deleted_at,
      r.version,
      r.hlc,
    ]);
  }

  async update(sql: Sql, r: DutyLogRecord): Promise<void> {
    await sql.run(`UPDATE duty_log SET kind = ?, text = ?, at = ?, shift_id = ?, updated_at = ?, version = ?, hlc = ? WHERE id = ?`, [
      r.kind,
      r.text,
      r.at,
      r.shift_id,
      r.updated_at,
      r.version,
      r.hlc,
      r.id,
    ]);
  }

  async markDeleted(sql: Sql, id: string, at: string, version: number, hlc: string): Promise<void> {
    await sql.run(`UPDATE duty_log SET deleted_at = ?, updated_at = ?, version = ?, hlc = ? WHERE id = ?`, [at, at, version, hlc, id]);
  }

  /** An entry, deleted or not (what a synced upsert is folded into). */
  byId(sql: Sql, id: string): Promise<DutyLogRecord | undefined> {
    return sql.get<DutyLogRecord>(`SELECT * FROM duty_log WHERE id = ?`, [id]);
  }

  /** An entry as it came from elsewhere, whole (deleted or not). */
  async replace(sql: Sql, r: DutyLogRecord): Promise<void> {
    await sql.run(
      `UPDATE duty_log SET shift_id = ?, at = ?, kind = ?, text = ?, author_id = ?, event_id = ?, created_at = ?, updated_at = ?, deleted_at = ?, version = ?, hlc = ?
        WHERE id = ?`,
      [r.shift_id, r.at, r.kind, r.text, r.author_id, r.event_id, r.created_at, r.updated_at, r.deleted_at, r.version, r.hlc, r.id],
    );
  }

  /** An entry that is not deleted. */
  live(sql: Sql, id: string): Promise<DutyLogRecord | undefined> {
    return sql.get<DutyLogRecord>(`SELECT * FROM duty_log WHERE id = ? AND deleted_at IS NULL`, [id]);
  }

  /** The shift's entries, oldest first (for its handover). */
  ofShift(sql: Sql, shiftId: string): Promise<DutyLogRecord[]> {
    return sql.all<DutyLogRecord>(`SELECT * FROM duty_log WHERE shift_id = ? AND deleted_at IS NULL ORDER BY at, seq`, [shiftId]);
  }

  /** The newest entries that match, and how many match in all. */
  async search(sql: Sql, filter: DutyLogFilter, limit: number): Promise<{ rows: DutyLogRecord[]; total: number }> {
    const where = ['d.deleted_at IS NULL'];
    const params: unknown[] = [];
    if (filter.shiftId) {
      where.push('d.shift_id = ?');
      params.push(filter.shiftId);
    }
    if (filter.fromIso) {
      where.push('d.at >= ?');
      params.push(filter.fromIso);
    }
    if (filter.toIso) {
      where.push('d.at < ?');
      params.push(filter.toIso);
    }
    if (filter.kinds?.length) {
      where.push(`d.kind IN (${filter.kinds.map(() => '?').join(',')})`);
      params.push(...filter.kinds);
    }
    const terms = (filter.q ?? '').split(/\s+/).filter(Boolean);
    // A term with a control character (NUL ends an FTS5 query string early) is compared with LIKE:
    // it finds nothing (stored text holds none) and the search answers normally.
    const viaFts = (t: string) => [...t].length >= 3 && !/\p{Cc}/u.test(t);
    const long = terms.filter(viaFts);
    for (const t of terms.filter((x) => !viaFts(x))) {
      where.push(`d.text LIKE ? ESCAPE '\\'`);
      params.push(likePattern(t));
    }
    if (long.length) {
      where.push(`d.seq IN (SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH ?)`);
      params.push(long.map(ftsPhrase).join(' AND '));
    }
    const clause = where.join(' AND ');
    const rows = await sql.all<DutyLogRecord>(`SELECT d.* FROM duty_log d WHERE ${clause} ORDER BY d.at DESC, d.seq DESC LIMIT ?`, [...params, limit]);
    const total = (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM duty_log d WHERE ${clause}`, params))!.n;
    return { rows, total };
  }

  // ---- the events entries refer to ------------------------------------------------------------

  async eventExists(sql: Sql, eventId: string): Promise<boolean> {
    return !!(await sql.get(`SELECT id FROM event WHERE id = ?`, [eventId]));
  }

  async eventTitles(sql: Sql, eventIds: readonly string[]): Promise<Map<string, string>> {
    if (eventIds.length === 0) return new Map();
    const rows = await sql.all<{ id: string; title: string }>(`SELECT id, title FROM event WHERE id IN (${eventIds.map(() => '?').join(',')})`, [...eventIds]);
    return new Map(rows.map((e) => [e.id, e.title]));
  }
}
