/**
 * SQL of the roster tables proper: shift templates, rosters, and shifts with their role slots. The
 * only code that reads or writes them; the roster's commands call it inside their kernel transaction.
 * (Absences: absence.repository.ts; swaps: swap.repository.ts; shift notices: notice.repository.ts;
 * the duty settings live in the kernel's `meta` table.)
 */
import type { DayKind, RoleSpec, ShiftTemplate } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import { parseHm } from '../beijing-time';
import { indexShift, type IndexedShift } from './duty-index';

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

/** A cell with the HLC of its last change. */
export interface CellRecord {
  role_key: string;
  slot: number;
  person_id: string | null;
  hlc: string | null;
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

  /**
   * Writes a shift's cells whole. A cell whose person changed loses its HLC (NULL: stamped by
   * `stampCells` with the shift's new HLC); an unchanged one keeps it (per cell, the newest wins).
   */
  async setSlots(sql: Sql, shiftId: string, slots: ReadonlyMap<string, readonly (string | null)[]>): Promise<void> {
    const before = new Map((await this.cells(sql, shiftId)).map((c) => [`${c.role_key}#${c.slot}`, c]));
    await sql.run(`DELETE FROM shift_slot WHERE shift_id = ?`, [shiftId]);
    for (const [key, people] of slots) {
      for (let i = 0; i < people.length; i++) {
        const was = before.get(`${key}#${i}`);
        const person = people[i] ?? null;
        const hlc = was && was.person_id === person ? was.hlc : null;
        await sql.run(`INSERT INTO shift_slot (shift_id, role_key, slot, person_id, hlc) VALUES (?,?,?,?,?)`, [shiftId, key, i, person, hlc]);
      }
    }
  }

  /** One cell; its HLC is cleared, to be stamped by `stampCells` with the shift's new HLC. */
  async setSlot(sql: Sql, shiftId: string, key: string, slot: number, personId: string | null): Promise<void> {
    await sql.run(
      `INSERT INTO shift_slot (shift_id, role_key, slot, person_id, hlc) VALUES (?,?,?,?,NULL)
        ON CONFLICT(shift_id, role_key, slot) DO UPDATE SET person_id = excluded.person_id, hlc = NULL`,
      [shiftId, key, slot, personId],
    );
  }

  /** Stamps the cells changed since the shift's last stamp (their HLC cleared) with its new HLC. */
  async stampCells(sql: Sql, shiftId: string, hlc: string): Promise<void> {
    await sql.run(`UPDATE shift_slot SET hlc = ? WHERE shift_id = ? AND hlc IS NULL`, [hlc, shiftId]);
  }

  /** A shift's cells with the HLC of each one's last change (NULL: older than per-cell HLCs). */
  cells(sql: Sql, shiftId: string): Promise<CellRecord[]> {
    return sql.all<CellRecord>(`SELECT role_key, slot, person_id, hlc FROM shift_slot WHERE shift_id = ? ORDER BY role_key, slot`, [shiftId]);
  }

  /** One cell as the district or another console changed it (its HLC kept). */
  async putCell(sql: Sql, shiftId: string, c: CellRecord): Promise<void> {
    await sql.run(
      `INSERT INTO shift_slot (shift_id, role_key, slot, person_id, hlc) VALUES (?,?,?,?,?)
        ON CONFLICT(shift_id, role_key, slot) DO UPDATE SET person_id = excluded.person_id, hlc = excluded.hlc`,
      [shiftId, c.role_key, c.slot, c.person_id, c.hlc],
    );
  }

  /** A shift of a roster by its day and template (the same shift made on another console). */
  shiftAt(sql: Sql, rosterId: string, date: string, templateCode: string): Promise<ShiftRecord | undefined> {
    return sql.get<ShiftRecord>(`SELECT ${SHIFT_COLUMNS} FROM shift WHERE roster_id = ? AND date = ? AND template_code = ?`, [rosterId, date, templateCode]);
  }

  /** A shift's own columns as they came from elsewhere (its cells are put one by one). */
  async replaceShift(sql: Sql, s: ShiftRecord): Promise<void> {
    await sql.run(`UPDATE shift SET name = ?, starts_at = ?, ends_at = ?, night = ?, day_kind = ?, roles = ?, version = ?, hlc = ? WHERE id = ?`, [
      s.name,
      s.starts_at,
      s.ends_at,
      s.night,
      s.day_kind,
      s.roles,
      s.version,
      s.hlc,
      s.id,
    ]);
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
      return { record, roles, slots: slotMap(roles, slots.get(record.id)) };
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
      const map = slotMap(roles, byShift.get(r.id));
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
}

/** A shift's slots by role key (`on_call:<board>` for an on-call role): each role's count of places, filled from its slot rows. */
function slotMap(roles: readonly RoleSpec[], rows: readonly SlotRecord[] | undefined): Map<string, (string | null)[]> {
  const map = new Map<string, (string | null)[]>();
  for (const r of roles) map.set(r.kind === 'on_call' ? `on_call:${r.boardCode}` : r.kind, new Array<string | null>(r.count).fill(null));
  for (const s of rows ?? []) {
    const list = map.get(s.role_key);
    if (list && s.slot < list.length) list[s.slot] = s.person_id;
  }
  return map;
}
