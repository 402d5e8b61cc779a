/**
 * SQL of the handover tables, and the reads of other features' tables a handover needs: the live
 * state it is generated from (open events, pending returns, open alarms) and a signer's account. The
 * only code that writes `handover` and `handover_item`.
 */
import type { HandoverItemKind } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';

export interface HandoverRecord {
  id: string;
  shift_id: string;
  next_shift_id: string | null;
  generated_at: string;
  generated_by: string | null;
  refreshed_at: string;
  stats: string;
  outgoing_person_id: string | null;
  outgoing_signed_at: string | null;
  incoming_person_id: string | null;
  incoming_signed_at: string | null;
  signed_at: string | null;
  content_hash: string | null;
  version: number;
  hlc: string;
}

export interface HandoverItemRecord {
  id: string;
  handover_id: string;
  kind: HandoverItemKind;
  ref_id: string | null;
  title: string;
  detail: string;
  sort: number;
  confirmed_by: string | null;
  confirmed_at: string | null;
  note: string | null;
  noted_by: string | null;
  noted_at: string | null;
}

export interface OpenEventRow {
  id: string;
  title: string;
  state: string;
  level: string;
  reported_at: string;
  due_at: string | null;
  due_kind: string | null;
  carried_over: number;
  carry_over_note: string | null;
  lead_post_id: string | null;
  pending_return: number;
}

export interface OpenAlarmRow {
  id: string;
  kind: string;
  event_id: string | null;
  title: string | null;
  message: string;
  raised_at: string;
}

const HANDOVER_COLUMNS = `id, shift_id, next_shift_id, generated_at, generated_by, refreshed_at, stats, outgoing_person_id, outgoing_signed_at,
  incoming_person_id, incoming_signed_at, signed_at, content_hash, version, hlc`;

export class HandoverRepository {
  byId(sql: Sql, id: string): Promise<HandoverRecord | undefined> {
    return sql.get<HandoverRecord>(`SELECT ${HANDOVER_COLUMNS} FROM handover WHERE id = ?`, [id]);
  }

  byShift(sql: Sql, shiftId: string): Promise<HandoverRecord | undefined> {
    return sql.get<HandoverRecord>(`SELECT ${HANDOVER_COLUMNS} FROM handover WHERE shift_id = ?`, [shiftId]);
  }

  byShifts(sql: Sql, shiftIds: readonly string[]): Promise<HandoverRecord[]> {
    if (shiftIds.length === 0) return Promise.resolve([]);
    return sql.all<HandoverRecord>(`SELECT ${HANDOVER_COLUMNS} FROM handover WHERE shift_id IN (${shiftIds.map(() => '?').join(',')})`, [...shiftIds]);
  }

  recent(sql: Sql, limit: number): Promise<HandoverRecord[]> {
    return sql.all<HandoverRecord>(`SELECT ${HANDOVER_COLUMNS} FROM handover ORDER BY generated_at DESC LIMIT ?`, [limit]);
  }

  /** Signed handovers, the latest signature first. */
  signedRecent(sql: Sql, limit: number): Promise<HandoverRecord[]> {
    return sql.all<HandoverRecord>(`SELECT ${HANDOVER_COLUMNS} FROM handover WHERE signed_at IS NOT NULL ORDER BY signed_at DESC, id LIMIT ?`, [limit]);
  }

  /** Signed handovers out of these shifts, the latest signature first. */
  signedOfShifts(sql: Sql, shiftIds: readonly string[], limit: number): Promise<HandoverRecord[]> {
    if (shiftIds.length === 0) return Promise.resolve([]);
    return sql.all<HandoverRecord>(
      `SELECT ${HANDOVER_COLUMNS} FROM handover WHERE signed_at IS NOT NULL AND shift_id IN (${shiftIds.map(() => '?').join(',')}) ORDER BY signed_at DESC, id LIMIT ?`,
      [...shiftIds, limit],
    );
  }

  async insert(sql: Sql, h: HandoverRecord): Promise<void> {
    await sql.run(`INSERT INTO handover (${HANDOVER_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, [
      h.id,
      h.shift_id,
      h.next_shift_id,
      h.generated_at,
      h.generated_by,
      h.refreshed_at,
      h.stats,
      h.outgoing_person_id,
      h.outgoing_signed_at,
      h.incoming_person_id,
      h.incoming_signed_at,
      h.signed_at,
      h.content_hash,
      h.version,
      h.hlc,
    ]);
  }

  async update(sql: Sql, h: HandoverRecord): Promise<void> {
    await sql.run(
      `UPDATE handover SET next_shift_id = ?, refreshed_at = ?, stats = ?, outgoing_person_id = ?, outgoing_signed_at = ?, incoming_person_id = ?,
        incoming_signed_at = ?, signed_at = ?, content_hash = ?, version = ?, hlc = ? WHERE id = ?`,
      [
        h.next_shift_id,
        h.refreshed_at,
        h.stats,
        h.outgoing_person_id,
        h.outgoing_signed_at,
        h.incoming_person_id,
        h.incoming_signed_at,
        h.signed_at,
        h.content_hash,
        h.version,
        h.hlc,
        h.id,
      ],
    );
  }

  items(sql: Sql, handoverId: string): Promise<HandoverItemRecord[]> {
    return sql.all<HandoverItemRecord>(`SELECT * FROM handover_item WHERE handover_id = ? ORDER BY sort`, [handoverId]);
  }

  async insertItem(sql: Sql, i: HandoverItemRecord): Promise<void> {
    await sql.run(
      `INSERT INTO handover_item (id, handover_id, kind, ref_id, title, detail, sort, confirmed_by, confirmed_at, note, noted_by, noted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      [i.id, i.handover_id, i.kind, i.ref_id, i.title, i.detail, i.sort, i.confirmed_by, i.confirmed_at, i.note, i.noted_by, i.noted_at],
    );
  }

  async updateItem(sql: Sql, i: HandoverItemRecord): Promise<void> {
    await sql.run(`UPDATE handover_item SET title = ?, detail = ?, sort = ?, confirmed_by = ?, confirmed_at = ?, note = ?, noted_by = ?, noted_at = ? WHERE id = ?`, [
      i.title,
      i.detail,
      i.sort,
      i.confirmed_by,
      i.confirmed_at,
      i.note,
      i.noted_by,
      i.noted_at,
      i.id,
    ]);
  }

  async deleteItem(sql: Sql, id: string): Promise<void> {
    await sql.run(`DELETE FROM handover_item WHERE id = ?`, [id]);
  }

  /** Items neither confirmed nor annotated. */
  async pendingItems(sql: Sql, handoverId: string): Promise<number> {
    return (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM handover_item WHERE handover_id = ? AND confirmed_at IS NULL AND (note IS NULL OR note = '')`, [handoverId]))!
      .n;
  }

  /** Which of these shifts have a signed handover. */
  async signedShifts(sql: Sql, shiftIds: readonly (string | null)[]): Promise<Set<string>> {
    const ids = shiftIds.filter((x): x is string => x !== null);
    if (ids.length === 0) return new Set();
    const rows = await sql.all<{ shift_id: string }>(`SELECT shift_id FROM handover WHERE signed_at IS NOT NULL AND shift_id IN (${ids.map(() => '?').join(',')})`, ids);
    return new Set(rows.map((r) => r.shift_id));
  }

  // ---- live state ------------------------------------------------------------------------------

  /** Every open event (returns and escalations included), most severe first, then oldest. */
  openEvents(sql: Sql): Promise<OpenEventRow[]> {
    return sql.all<OpenEventRow>(
      `SELECT e.id, e.title, e.state, e.level, e.reported_at, e.due_at, e.due_kind, e.carried_over, e.carry_over_note, e.lead_post_id,
        EXISTS (SELECT 1 FROM approval a WHERE a.event_id = e.id AND a.kind = 'return' AND a.status = 'pending') AS pending_return
        FROM event e WHERE e.is_open = 1 ORDER BY e.level_rank DESC, e.reported_at`,
    );
  }

  openAlarms(sql: Sql): Promise<OpenAlarmRow[]> {
    return sql.all<OpenAlarmRow>(
      `SELECT a.id, a.kind, a.event_id, e.title, a.message, a.raised_at FROM alarm a LEFT JOIN event e ON e.id = a.event_id
        WHERE a.acked_at IS NULL ORDER BY a.raised_at`,
    );
  }

  /** A person signing, by username: their id and roles (the town's accounts; the password is sign-in's to check). */
  signer(sql: Sql, username: string): Promise<{ id: string; roles: string } | undefined> {
    return sql.get<{ id: string; roles: string }>(`SELECT id, roles FROM person WHERE username = ?`, [username]);
  }

  async countBetween(sql: Sql, column: 'reported_at' | 'closed_at', fromIso: string, toIso: string): Promise<number> {
    return (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM event WHERE ${column} >= ? AND ${column} < ?`, [fromIso, toIso]))!.n;
  }
}
