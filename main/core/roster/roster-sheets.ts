/**
 * A month's roster to and from the spreadsheet towns already use (.xlsx): exported from the index
 * as committed; imported whole or not at all, as one kernel command.
 */
import type { FileResponse, ShiftTemplate, SheetProblem } from '../../../preload/contract/roster-schemas';
import { type Actor, newId } from '../kernel';
import { permit } from '../kernel/permissions';
import { detectClashes, type ClashShift } from './clashes';
import { indexShift, type IndexedShift } from './duty-index';
import type { RosterContext } from './roster-context';
import { readRosterXlsx, sheetLayout, writeRosterXlsx, type ReadCell, type SheetDay } from './roster-xlsx';
import type { ShiftRecord } from './roster.repository';
import { DAY_MS, daysOfMonth, isoWeekday, planMonth, roleKey } from './shift-templates';

export class RosterSheets {
  constructor(private readonly ctx: RosterContext) {}

  async exportXlsx(actor: Actor, month: string): Promise<FileResponse> {
    permit(actor, 'readRoster');
    const { town } = this.ctx;
    const roster = await this.ctx.kernel.read((sql) => this.ctx.rosterOf(sql, month));
    const layout = sheetLayout(month, town.town.centreName, JSON.parse(roster.templates) as ShiftTemplate[]);
    const cal = this.ctx.calendar.current();
    const shifts = this.ctx.index.shifts.filter((s) => s.rosterId === roster.id);
    const days: SheetDay[] = daysOfMonth(month).map((date) => {
      const names = new Map<string, string[]>();
      for (const s of shifts.filter((x) => x.date === date)) {
        for (const [key, people] of s.slots)
          names.set(
            `${s.templateCode}|${key}`,
            people.filter((p): p is string => p !== null).map((p) => this.ctx.personName(p) ?? p),
          );
      }
      const holiday = cal.holidayName(date);
      const weekday = isoWeekday(date);
      const remark = holiday ? (cal.isHoliday(date) ? holiday : weekday >= 6 ? `${holiday}调休上班` : null) : null;
      return { date, weekday, remark, names };
    });
    const bytes = await writeRosterXlsx(layout, days);
    return {
      fileName: `${town.town.centreName}值班表-${month}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      dataBase64: bytes.toString('base64'),
    };
  }

  /**
   * Imports a month from its spreadsheet, whole or not at all: the sheet is checked cell by cell,
   * then the roster it describes is checked for impossible clashes (someone twice at once, on
   * leave, unavailable) and for changes to shifts that have ended; any problem imports nothing.
   * Resolves to the problems (none when it was imported).
   */
  async importXlsx(actor: Actor, month: string, bytes: Buffer): Promise<SheetProblem[]> {
    permit(actor, 'editRoster');
    this.ctx.refuseUnknownYear(month);
    const { repo, town } = this.ctx;
    const existing = await this.ctx.kernel.read((sql) => repo.rosterByMonth(sql, month));
    const templates = existing ? (JSON.parse(existing.templates) as ShiftTemplate[]) : this.ctx.templates;
    const layout = sheetLayout(month, town.town.centreName, templates);
    const byName = new Map<string, string[]>();
    for (const p of town.people.values()) byName.set(p.name, [...(byName.get(p.name) ?? []), p.id]);
    const read = await readRosterXlsx(bytes, layout, (name) => byName.get(name) ?? []);
    if (read.problems.length > 0) return read.problems;

    // The month as the sheet has it: the stored shifts (or the planned ones) with the sheet's people.
    const index = this.ctx.index;
    const now = this.ctx.clock.now().getTime();
    const stored = existing ? index.shifts.filter((s) => s.rosterId === existing.id) : [];
    const planned: IndexedShift[] = existing
      ? stored
      : planMonth(month, templates, this.ctx.dayCalendar()).map((p) =>
          indexShift({ ...p, id: `new:${p.date}|${p.templateCode}`, rosterId: 'new', month, slots: new Map(p.roles.map((r) => [roleKey(r), []])) }),
        );
    const cellOf = new Map<string, ReadCell>();
    const sheetShifts: ClashShift[] = planned.map((s) => {
      const day = read.days.get(s.date)!;
      const slots = new Map<string, (string | null)[]>();
      for (const r of s.roles) {
        const key = roleKey(r);
        const found = day.cells.find((c) => c.role.templateCode === s.templateCode && c.role.roleKey === key);
        if (found) cellOf.set(`${s.id}|${key}`, found);
        slots.set(
          key,
          Array.from({ length: r.count }, (_, i) => found?.people[i] ?? null),
        );
      }
      return { ...s, slots };
    });
    const problems: SheetProblem[] = [];
    const sheetProblem = (code: SheetProblem['code'], shiftId: string, key: string | null, value: string | null, message: string): void => {
      const cell = cellOf.get(`${shiftId}|${key}`)?.cell ?? null;
      if (problems.length < 50) problems.push({ cell, code, value, expected: null, message: cell ? `${cell}: ${message}` : message });
    };
    for (const s of sheetShifts) {
      const before = stored.find((x) => x.id === s.id);
      if (!before || before.endMs > now) continue;
      for (const [key, people] of s.slots) {
        if (JSON.stringify(people) !== JSON.stringify(before.slots.get(key) ?? [])) {
          sheetProblem('shift_ended', s.id, key, null, `${s.date} ${s.name} has ended; its roster cannot change`);
        }
      }
    }
    const monthStart = Math.min(...sheetShifts.map((s) => s.startMs));
    const monthEnd = Math.max(...sheetShifts.map((s) => s.endMs));
    const context = index.shiftsBetween(monthStart - 3 * DAY_MS, monthEnd + 3 * DAY_MS).filter((s) => s.month !== month);
    for (const c of detectClashes(this.ctx.clashInput(sheetShifts, context, index))) {
      if (c.severity !== 'error' || !c.personId) continue;
      sheetProblem(c.kind as 'double_booked' | 'on_leave' | 'unavailable', c.shiftId, c.roleKey, c.personName, c.message);
    }
    if (problems.length > 0) return problems;

    await this.ctx.change({ name: 'roster.import', actor, permission: 'editRoster' }, ['roster'], async (tx) => {
      const { sql, at } = tx;
      let roster = await repo.rosterByMonth(sql, month);
      const fresh = !roster;
      if (!roster) {
        roster = { id: newId(), month, templates: JSON.stringify(templates), seed: null, generated_at: null, created_at: at, updated_at: at, version: 0, hlc: '' };
        await repo.insertRoster(sql, roster);
      }
      let changed = 0;
      for (const s of sheetShifts) {
        const slots = new Map(s.slots) as Map<string, (string | null)[]>;
        if (fresh) {
          const record: ShiftRecord = {
            id: newId(),
            roster_id: roster.id,
            date: s.date,
            template_code: (s as IndexedShift).templateCode,
            name: s.name,
            starts_at: new Date(s.startMs).toISOString(),
            ends_at: new Date(s.endMs).toISOString(),
            night: (s as IndexedShift).night ? 1 : 0,
            day_kind: (s as IndexedShift).dayKind,
            roles: JSON.stringify(s.roles),
            version: 0,
            hlc: '',
          };
          await repo.insertShift(sql, record);
          await repo.setSlots(sql, record.id, slots);
          await this.ctx.touchShift(tx, record, slots, month);
          changed += 1;
          continue;
        }
        const before = stored.find((x) => x.id === s.id)!;
        if ([...slots].every(([k, v]) => JSON.stringify(v) === JSON.stringify(before.slots.get(k) ?? []))) continue;
        const record = (await repo.shiftRecord(sql, s.id))!;
        await repo.setSlots(sql, s.id, slots);
        await this.ctx.touchShift(tx, record, slots, month);
        changed += 1;
      }
      await this.ctx.touchRoster(tx, roster);
      await tx.audit('roster.import', 'roster', roster.id, { month, changedShifts: changed, bytes: bytes.length });
    });
    return [];
  }
}
