/**
 * The roster as people read it: the year's months with their clash counts, a month's view (days,
 * shifts, cells with names and phones, clashes, fairness, pools), and who can fill a cell. All from
 * the duty index as committed.
 */
import type { Candidate, Clash, DayView, FairnessRow, RosterSummary, RosterView, ShiftTemplate, ShiftView } from '../../../preload/contract/roster-schemas';
import { refuse } from '../errors';
import type { Actor } from '../kernel';
import { permit } from '../kernel/permissions';
import { detectClashes, type ClashShift } from './clashes';
import type { DutyIndex, IndexedShift } from './duty-index';
import { addCounts, type Counts } from './roster-generator';
import type { RosterContext } from './roster-context';
import type { RosterRecord } from './roster.repository';
import { DAY_MS, daysOfMonth, isoWeekday, roleKey } from './shift-templates';

const noCounts = (): Counts => ({ total: 0, nights: 0, weekends: 0, holidays: 0, hours: 0 });

export class RosterViews {
  constructor(private readonly ctx: RosterContext) {}

  async list(actor: Actor, year?: number): Promise<RosterSummary[]> {
    permit(actor, 'readRoster');
    const rows = await this.ctx.kernel.read((sql) => this.ctx.repo.rosters(sql, year ? String(year) : null));
    const index = this.ctx.index;
    return rows.map((r) => {
      const clashes = this.ctx.monthClashes(index, r.id);
      return {
        id: r.id,
        month: r.month,
        shifts: index.shifts.filter((s) => s.rosterId === r.id).length,
        emptySlots: clashes.filter((c) => c.kind === 'empty_role').length,
        errors: clashes.filter((c) => c.severity === 'error').length,
        warnings: clashes.filter((c) => c.severity === 'warning').length,
        updatedAt: r.updated_at,
      };
    });
  }

  async get(actor: Actor, month: string): Promise<RosterView> {
    permit(actor, 'readRoster');
    return this.viewOf(month);
  }

  async clashes(actor: Actor, month: string): Promise<Clash[]> {
    permit(actor, 'readRoster');
    const roster = await this.ctx.kernel.read((sql) => this.ctx.rosterOf(sql, month));
    return this.ctx.monthClashes(this.ctx.index, roster.id);
  }

  /** The roster view from the current index (for callers that already checked permissions). */
  async viewOf(month: string): Promise<RosterView> {
    const roster = await this.ctx.kernel.read((sql) => this.ctx.rosterOf(sql, month));
    return this.view(roster, this.ctx.index);
  }

  async viewById(rosterId: string): Promise<RosterView> {
    const roster = await this.ctx.kernel.read((sql) => this.ctx.repo.rosterById(sql, rosterId));
    return this.view(roster!, this.ctx.index);
  }

  private shiftView(s: IndexedShift, now: number): ShiftView {
    return {
      id: s.id,
      date: s.date,
      templateCode: s.templateCode,
      name: s.name,
      startsAt: new Date(s.startMs).toISOString(),
      endsAt: new Date(s.endMs).toISOString(),
      night: s.night,
      dayKind: s.dayKind,
      started: s.startMs <= now,
      ended: s.endMs <= now,
      roles: s.roles.map((r) => {
        const key = roleKey(r);
        const people = s.slots.get(key) ?? [];
        return {
          key,
          kind: r.kind,
          boardCode: r.boardCode,
          label: r.label,
          slots: Array.from({ length: r.count }, (_, slot) => {
            const id = people[slot] ?? null;
            const p = id ? this.ctx.town.people.get(id) : undefined;
            return { slot, personId: id, name: p?.name ?? null, phone: p?.phone ?? null };
          }),
        };
      }),
    };
  }

  private view(roster: RosterRecord, index: DutyIndex): RosterView {
    const now = this.ctx.clock.now().getTime();
    const shifts = index.shifts.filter((s) => s.rosterId === roster.id);
    const cal = this.ctx.dayCalendar();
    const byDate = new Map<string, IndexedShift[]>();
    for (const s of shifts) {
      let list = byDate.get(s.date);
      if (!list) byDate.set(s.date, (list = []));
      list.push(s);
    }
    const days: DayView[] = daysOfMonth(roster.month).map((date) => ({
      date,
      weekday: isoWeekday(date),
      dayKind: cal.isHoliday(date) ? 'holiday' : cal.isWorkday(date) ? 'workday' : 'weekend',
      holidayName: cal.holidayName(date),
      shifts: (byDate.get(date) ?? []).map((s) => this.shiftView(s, now)),
    }));
    const templates = JSON.parse(roster.templates) as ShiftTemplate[];
    const pools = this.ctx.pools(templates);
    const labels = new Map<string, string>();
    for (const t of templates) for (const r of t.roles) if (!labels.has(roleKey(r))) labels.set(roleKey(r), r.label);
    return {
      id: roster.id,
      month: roster.month,
      centreName: this.ctx.town.town.centreName,
      seed: roster.seed,
      generatedAt: roster.generated_at,
      updatedAt: roster.updated_at,
      version: roster.version,
      templates,
      days,
      clashes: this.ctx.monthClashes(index, roster.id),
      fairness: this.fairness(shifts, pools),
      pools: [...pools].map(([key, ids]) => ({
        roleKey: key,
        label: labels.get(key) ?? key,
        people: ids.map((id) => ({ personId: id, name: this.ctx.personName(id) ?? id })),
      })),
    };
  }

  /** Per pool and person: shifts, nights, weekends, holidays and hours in the month. */
  private fairness(shifts: readonly IndexedShift[], pools: ReadonlyMap<string, readonly string[]>): FairnessRow[] {
    const counts = countsOf(shifts);
    const rows: FairnessRow[] = [];
    for (const [pool, ids] of pools) {
      for (const id of ids) {
        const c = counts.get(id) ?? noCounts();
        rows.push({ personId: id, name: this.ctx.personName(id) ?? id, pool, ...c });
      }
    }
    return rows;
  }

  /** Who can fill a cell, best first: in the pool, not blocked, fewest shifts. */
  async candidates(actor: Actor, shiftId: string, key: string): Promise<Candidate[]> {
    permit(actor, 'readRoster');
    const index = this.ctx.index;
    const shift = index.byId.get(shiftId);
    if (!shift) refuse('not_found', `no shift ${shiftId}`, { id: shiftId });
    const role = shift.roles.find((r) => roleKey(r) === key);
    if (!role) refuse('invalid', `shift ${shiftId} has no role ${key}`, { field: 'roleKey', value: key });
    const pool = new Set(
      this.ctx.pools(shift.roles.length ? [{ code: shift.templateCode, name: shift.name, start: '00:00', hours: 1, roles: [...shift.roles] }] : []).get(key) ?? [],
    );
    const counts = countsOf(index.shifts.filter((s) => s.rosterId === shift.rosterId));
    const assigned = new Set((shift.slots.get(key) ?? []).filter((x): x is string => x !== null));
    const people = [...this.ctx.town.people.values()].filter((p) => p.roles.some((r) => r === 'officer' || r === 'leader' || r === 'board_staff'));
    const out: Candidate[] = people.map((p) => {
      const probe = this.probe(index, shift, key, p.id);
      const c = counts.get(p.id) ?? noCounts();
      return {
        personId: p.id,
        name: p.name,
        phone: p.phone,
        inPool: pool.has(p.id),
        blocked: assigned.has(p.id) ? null : probe.blocked,
        warnings: probe.warnings,
        assigned: assigned.has(p.id),
        counts: { total: c.total, nights: c.nights, weekends: c.weekends, holidays: c.holidays },
      };
    });
    return out.sort(
      (a, b) =>
        Number(b.assigned) - Number(a.assigned) ||
        Number(b.inPool) - Number(a.inPool) ||
        Number(a.blocked !== null) - Number(b.blocked !== null) ||
        a.counts.total - b.counts.total ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
  }

  /** What assigning the person to a free slot of the role would clash with. */
  private probe(index: DutyIndex, shift: IndexedShift, key: string, personId: string): { blocked: Candidate['blocked']; warnings: 'no_rest'[] } {
    const slots = new Map(shift.slots);
    const list = [...(slots.get(key) ?? [])];
    const free = list.indexOf(null);
    list[free === -1 ? list.length : free] = personId;
    slots.set(key, list);
    const role = shift.roles.find((r) => roleKey(r) === key)!;
    const probeShift: ClashShift = { ...shift, roles: shift.roles.map((r) => (r === role ? { ...r, count: list.length } : r)), slots };
    const context = index.shiftsBetween(shift.startMs - 3 * DAY_MS, shift.endMs + 3 * DAY_MS).filter((s) => s.id !== shift.id && s.people.has(personId));
    const mine = detectClashes(this.ctx.clashInput([probeShift], context, index)).filter((c) => c.personId === personId);
    const error = mine.find((c) => c.severity === 'error');
    return { blocked: error ? (error.kind as 'on_leave' | 'double_booked' | 'unavailable') : null, warnings: mine.some((c) => c.kind === 'no_rest') ? ['no_rest'] : [] };
  }
}

/** Per person: the shifts, nights, weekends, holidays and hours among these shifts. */
function countsOf(shifts: readonly IndexedShift[]): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  for (const s of shifts) {
    for (const id of s.people) {
      let c = counts.get(id);
      if (!c) counts.set(id, (c = noCounts()));
      addCounts(c, s);
    }
  }
  return counts;
}
