/**
 * SQL of the roster tables: shift templates, rosters, shifts with their role slots, absences, swaps
 * and personal shift notices. The only code that reads or writes them; the roster's commands call it
 * inside their kernel transaction. (The duty settings live in the kernel's `meta` table.)
 */
import type { AbsenceKind, DayKind, RoleSpec, ShiftTemplate } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import { parseHm } from '../beijing-time';
import { indexShift, type IndexedAbsence, type IndexedShift } from './duty-index';

export interface RosterRecord {
  id: string;
  month: string;
  templates: string;
  seed: number | null;
  generated_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  hlc: string;
}

export interface ShiftRecord {
  id: string;
  roster_id: string;
  date: string;
  template_code: string;
  name: string;
  starts_at: string;
  ends_at: string;
  night: number;
  day_kind: DayKind;
  roles: string;
  version: number;
  hlc: string;
}

export interface SlotRecord {
  shift_id: string;
  role_key: string;
  slot: number;
  person_id: string | null;
}

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

export interface NoticeRecord {
  id: string;
  key: string;
  person_id: string;
  kind: 'shift_reminder' | 'shift_started';
  shift_id: string;
  at: string;
  read_at: string | null;
}

/** A shift with its slots, as the services use it. */
export interface ShiftWithSlots {
  readonly record: ShiftRecord;
  readonly roles: RoleSpec[];
  readonly slots: Map<string, (string | null)[]>;
}

const SHIFT_COLUMNS = 'id, roster_id, date, template_code, name, starts_at, ends_at, night, day_kind, roles, version, hlc';

export class RosterRepository {
  // ---- templates ------------------------------------------------------------------------------

  async templates(sql: Sql): Promise<ShiftTemplate[]> {
    const rows = await sql.all<{ code: string; name: string; start_minute: number; hours: number; roles: string }>(
      `SELECT code, name, start_minute, hours, roles FROM shift_template ORDER BY sort, start_minute`,
    );
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      start: `${String(Math.floor(r.start_minute / 60)).padStart(2, '0')}:${String(r.start_minute % 60).padStart(2, '0')}`,
      hours: r.hours,
      roles: JSON.parse(r.roles) as RoleSpec[],
    }));
  }

  async replaceTemplates(sql: Sql, templates: readonly ShiftTemplate[]): Promise<void> {
    await sql.run(`DELETE FROM shift_template`);
    let sort = 0;
    for (const t of templates) {
      await sql.run(`INSERT INTO shift_template (code, name, start_minute, hours, roles, sort) VALUES (?,?,?,?,?,?)`, [
        t.code,
        t.name,
        parseHm(t.start),
        t.hours,
        JSON.stringify(t.roles),
        sort++,
      ]);
    }
  }

  // ---- rosters and shifts ---------------------------------------------------------------------

  rosterByMonth(sql: Sql, month: string): Promise<RosterRecord | undefined> {
    return sql.get<RosterRecord>(`SELECT * FROM roster WHERE month = ?`, [month]);
  }

  rosterById(sql: Sql, id: string): Promise<RosterRecord | undefined> {
    return sql.get<RosterRecord>(`SELECT * FROM roster WHERE id = ?`, [id]);
  }

  rosters(sql: Sql, yearPrefix: string | null): Promise<RosterRecord[]> {
    return yearPrefix
      ? sql.all<RosterRecord>(`SELECT * FROM roster WHERE month LIKE ? ORDER BY month DESC`, [`${yearPrefix}-%`])
      : sql.all<RosterRecord>(`SELECT * FROM roster ORDER BY month DESC LIMIT 120`);
  }

  async insertRoster(sql: Sql, r: RosterRecord): Promise<void> {
    await sql.run(`INSERT INTO roster (id, month, templates, seed, generated_at, created_at, updated_at, version, hlc) VALUES (?,?,?,?,?,?,?,?,?)`, [
      r.id,
      r.month,
      r.templates,
      r.seed,
      r.generated_at,
      r.created_at,
      r.updated_at,
      r.version,
      r.hlc,
    ]);
  }

  async updateRoster(sql: Sql, r: RosterRecord): Promise<void> {
    await sql.run(`UPDATE roster SET templates = ?, seed = ?, generated_at = ?, updated_at = ?, version = ?, hlc = ? WHERE id = ?`, [
      r.templates,
      r.seed,
      r.generated_at,
      r.updated_at,
      r.version,
      r.hlc,
      r.id,
    ]);
  }

  shiftRecord(sql: Sql, id: string): Promise<ShiftRecord | undefined> {
    return sql.get<ShiftRecord>(`SELECT ${SHIFT_COLUMNS} FROM shift WHERE id = ?`, [id]);
  }

  async insertShift(sql: Sql, s: ShiftRecord): Promise<void> {
    await sql.run(`INSERT INTO shift (${SHIFT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, [
      s.id,
      s.roster_id,
      s.date,
      s.template_code,
      s.name,
      s.starts_at,
      s.ends_at,
      s.night,
      s.day_kind,
      s.roles,
      s.version,
      s.hlc,
    ]);
  }

  async bumpShift(sql: Sql, id: string, version: number, hlc: string): Promise<void> {
    await sql.run(`UPDATE shift SET version = ?, hlc = ? WHERE id = ?`, [version, hlc, id]);
  }

  async deleteShift(sql: Sql, id: string): Promise<void> {
    await sql.run(`DELETE FROM shift_slot WHERE shift_id = ?`, [id]);
    await sql.run(`DELETE FROM shift WHERE id = ?`, [id]);
  }

  async setSlots(sql: Sql, shiftId: string, slots: ReadonlyMap<string, readonly (string | null)[]>): Promise<void> {
    await sql.run(`DELETE FROM shift_slot WHERE shift_id = ?`, [shiftId]);
    for (const [key, people] of slots) {
      for (let i = 0; i < people.length; i++) {
        await sql.run(`INSERT INTO shift_slot (shift_id, role_key, slot, person_id) VALUES (?,?,?,?)`, [shiftId, key, i, people[i] ?? null]);
      }
    }
  }

  async setSlot(sql: Sql, shiftId: string, key: string, slot: number, personId: string | null): Promise<void> {
    await sql.run(
      `INSERT INTO shift_slot (shift_id, role_key, slot, person_id) VALUES (?,?,?,?)
        ON CONFLICT(shift_id, role_key, slot) DO UPDATE SET person_id = excluded.person_id`,
      [shiftId, key, slot, personId],
    );
  }

  /** Shifts (with slots) whose time overlaps [fromIso, toIso), in time order. */
  async shiftsBetween(sql: Sql, fromIso: string, toIso: string): Promise<ShiftWithSlots[]> {
    const rows = await sql.all<ShiftRecord>(`SELECT ${SHIFT_COLUMNS} FROM shift WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at`, [toIso, fromIso]);
    return this.withSlots(sql, rows);
  }

  async shiftsOfRoster(sql: Sql, rosterId: string): Promise<ShiftWithSlots[]> {
    const rows = await sql.all<ShiftRecord>(`SELECT ${SHIFT_COLUMNS} FROM shift WHERE roster_id = ? ORDER BY starts_at`, [rosterId]);
    return this.withSlots(sql, rows);
  }

  async shiftWithSlots(sql: Sql, id: string): Promise<ShiftWithSlots | undefined> {
    const row = await this.shiftRecord(sql, id);
    return row ? (await this.withSlots(sql, [row]))[0] : undefined;
  }

  private async withSlots(sql: Sql, rows: ShiftRecord[]): Promise<ShiftWithSlots[]> {
    if (rows.length === 0) return [];
    const slots = new Map<string, SlotRecord[]>();
    // One query per batch of shifts (SQLite's parameter limit is far above a month's 62 shifts).
    for (let i = 0; i < rows.length; i += 400) {
      const batch = rows.slice(i, i + 400);
      const found = await sql.all<SlotRecord>(
        `SELECT shift_id, role_key, slot, person_id FROM shift_slot WHERE shift_id IN (${batch.map(() => '?').join(',')}) ORDER BY shift_id, role_key, slot`,
        batch.map((r) => r.id),
      );
      for (const s of found) {
        let list = slots.get(s.shift_id);
        if (!list) slots.set(s.shift_id, (list = []));
        list.push(s);
      }
    }
    return rows.map((record) => {
      const roles = JSON.parse(record.roles) as RoleSpec[];
      const map = new Map<string, (string | null)[]>();
      for (const r of roles) {
        const key = r.kind === 'on_call' ? `on_call:${r.boardCode}` : r.kind;
        map.set(key, new Array<string | null>(r.count).fill(null));
      }
      for (const s of slots.get(record.id) ?? []) {
        const list = map.get(s.role_key);
        if (list && s.slot < list.length) list[s.slot] = s.person_id;
      }
      return { record, roles, slots: map };
    });
  }

  /** Every shift of every roster, for the in-memory index. */
  async allIndexed(sql: Sql): Promise<IndexedShift[]> {
    const rows = await sql.all<ShiftRecord & { month: string }>(
      `SELECT s.id, s.roster_id, s.date, s.template_code, s.name, s.starts_at, s.ends_at, s.night, s.day_kind, s.roles, s.version, s.hlc, r.month
        FROM shift s JOIN roster r ON r.id = s.roster_id ORDER BY s.starts_at`,
    );
    const slots = await sql.all<SlotRecord>(`SELECT shift_id, role_key, slot, person_id FROM shift_slot`);
    const byShift = new Map<string, SlotRecord[]>();
    for (const s of slots) {
      let list = byShift.get(s.shift_id);
      if (!list) byShift.set(s.shift_id, (list = []));
      list.push(s);
    }
    return rows.map((r) => {
      const roles = JSON.parse(r.roles) as RoleSpec[];
      const map = new Map<string, (string | null)[]>();
      for (const role of roles) map.set(role.kind === 'on_call' ? `on_call:${role.boardCode}` : role.kind, new Array<string | null>(role.count).fill(null));
      for (const s of byShift.get(r.id) ?? []) {
        const list = map.get(s.role_key);
        if (list && s.slot < list.length) list[s.slot] = s.person_id;
      }
      return indexShift({
        id: r.id,
        rosterId: r.roster_id,
        month: r.month,
        date: r.date,
        templateCode: r.template_code,
        name: r.name,
        startMs: Date.parse(r.starts_at),
        endMs: Date.parse(r.ends_at),
        night: r.night === 1,
        dayKind: r.day_kind,
        roles,
        slots: map,
      });
    });
  }

  // ---- absences -------------------------------------------------------------------------------

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

  // ---- swaps ----------------------------------------------------------------------------------

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

  // ---- notices --------------------------------------------------------------------------------

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
