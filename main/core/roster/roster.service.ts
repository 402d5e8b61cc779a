/**
 * Rosters as commands and views: the centre's shift templates and duty settings, a month's roster
 * (generated fairly, edited by hand with clashes checked), absences and swaps. Every change runs in
 * one transaction with its audit row and the upsert ops of the records it touched (roster, shift,
 * absence), then the in-memory duty index is swapped for one built inside that transaction, so
 * dispatch and the acting-holder queries see exactly what was committed.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../../preload/contract/schemas';
import type {
  Absence,
  AbsenceKind,
  AddAbsenceRequest,
  AssignRequest,
  Candidate,
  Clash,
  DayView,
  DutySettings,
  DutySetup,
  FairnessRow,
  FileResponse,
  ImportResponse,
  RoleSpec,
  RosterSummary,
  RosterView,
  SaveDutySetup,
  ShiftTemplate,
  ShiftView,
  SheetProblem,
  Swap,
  SwapRequest,
} from '../../../preload/contract/roster-schemas';
import { ABSENCE_KINDS } from '../../../preload/contract/roster-schemas';
import { allows, permit, type Permission } from '../kernel/permissions';
import { addDays, fromBeijing, parseHm } from '../beijing-time';
import type { CalendarService } from '../calendar/calendar.service';
import type { Clock } from '../kernel/clock';
import type { Db, Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { ChangeFeed } from '../feed';
import { decideActing, type ActingDecision } from '../posts/acting-holder';
import type { HybridLogicalClock } from '../kernel/hlc';
import type { PostRecord, TownService } from '../town/town.service';
import { detectClashes, type ClashShift } from './clashes';
import { DutyIndex, indexShift, type IndexedShift } from './duty-index';
import { audit, stamp, upsert } from './records';
import { addCounts, generateRoster, seedOfMonth, type Counts } from './roster-generator';
import { readRosterXlsx, sheetLayout, writeRosterXlsx, type ReadCell, type SheetDay } from './roster-xlsx';
import { RosterRepository, type AbsenceRecord, type RosterRecord, type ShiftRecord, type SwapRecord } from './roster.repository';
import { DAY_MS, daysOfMonth, defaultSettings, HOUR_MS, isoWeekday, planMonth, roleKey, templatePresets, templateProblem, type DayCalendar } from './shift-templates';

const SETTINGS_KEY = 'duty_settings';

/** The parts of the watch a change touched, for the change feed. */
export type WatchPart = 'setup' | 'roster' | 'absences' | 'swaps' | 'notices' | 'dutyLog' | 'handover';

export class RosterService {
  readonly repo = new RosterRepository();
  private index: DutyIndex;
  private cachedSettings: DutySettings = defaultSettings();
  private cachedTemplates: ShiftTemplate[] = [];
  private offCalendar: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly town: TownService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly hlc: HybridLogicalClock,
    private readonly feed: ChangeFeed,
  ) {
    this.index = DutyIndex.empty(this.indexOptions());
  }

  /** Seeds the default templates (day + night) and settings once, then loads the index. */
  async init(): Promise<void> {
    await this.db.write(async (sql) => {
      if ((await this.repo.templates(sql)).length === 0) {
        await this.repo.replaceTemplates(sql, templatePresets(this.town.boards)[0]!.templates);
      }
      if (!(await this.repo.setting(sql, SETTINGS_KEY))) await this.repo.setSetting(sql, SETTINGS_KEY, JSON.stringify(defaultSettings()));
    });
    await this.db.read(async (sql) => {
      this.cachedTemplates = await this.repo.templates(sql);
      this.cachedSettings = { ...defaultSettings(), ...(JSON.parse((await this.repo.setting(sql, SETTINGS_KEY))!) as DutySettings) };
      this.index = await this.loadIndex(sql);
    });
    // A changed holiday calendar changes which days are working days.
    this.offCalendar = this.feed.subscribe((m) => {
      if (m.topic === 'calendar') this.index = new DutyIndex(this.index.shifts, this.index.allAbsences(), this.indexOptions());
    });
  }

  dispose(): void {
    this.offCalendar?.();
  }

  // ---- helpers -------------------------------------------------------------------------------

  private indexOptions() {
    const hours = this.town.town?.workingHours ?? [{ start: '08:30', end: '17:30' }];
    return {
      available: (id: string) => this.town.people.get(id)?.available ?? false,
      isWorkday: (date: string) => this.calendar.current().isWorkday(date),
      officeMinutes: [parseHm(hours[0]!.start), parseHm(hours[hours.length - 1]!.end)] as const,
      postHours: this.cachedSettings?.postHours ?? defaultSettings().postHours,
    };
  }

  private async loadIndex(sql: Sql): Promise<DutyIndex> {
    return new DutyIndex(await this.repo.allIndexed(sql), await this.repo.allAbsences(sql), this.indexOptions());
  }

  get duty(): DutyIndex {
    return this.index;
  }

  settings(): DutySettings {
    return this.cachedSettings;
  }

  templates(): readonly ShiftTemplate[] {
    return this.cachedTemplates;
  }

  permit(actor: Actor, permission: Permission): void {
    permit(actor, permission);
  }

  /** Runs a change in one transaction, swaps in the index as committed, and tells the UI. */
  private async change<T>(parts: WatchPart[], fn: (sql: Sql, at: string) => Promise<T>): Promise<T> {
    const at = this.clock.now().toISOString();
    let next: DutyIndex | null = null;
    const value = await this.db.write(async (sql) => {
      const result = await fn(sql, at);
      next = await this.loadIndex(sql);
      return result;
    });
    if (next) this.index = next;
    this.announce(parts);
    return value;
  }

  announce(parts: WatchPart[]): void {
    this.feed.emit({ topic: 'roster', parts });
    // The acting holders shown with every post may have changed.
    if (parts.includes('roster') || parts.includes('absences') || parts.includes('setup')) this.feed.emit({ topic: 'town' });
  }

  private dayCalendar(): DayCalendar {
    const c = this.calendar.current();
    return { isWorkday: (d) => c.isWorkday(d), isHoliday: (d) => c.isHoliday(d), holidayName: (d) => c.holidayName(d) };
  }

  personName(id: string | null): string | null {
    return id ? (this.town.people.get(id)?.name ?? null) : null;
  }

  /** Who the generator picks from for each role key. */
  pools(templates: readonly ShiftTemplate[]): Map<string, string[]> {
    const people = [...this.town.people.values()];
    const withRole = (role: Role) => people.filter((p) => p.roles.includes(role)).map((p) => p.id);
    const pools = new Map<string, string[]>();
    for (const t of templates) {
      for (const r of t.roles) {
        const key = roleKey(r);
        if (pools.has(key)) continue;
        if (r.kind === 'leader') pools.set(key, withRole('leader'));
        else if (r.kind === 'officer') pools.set(key, withRole('officer'));
        else {
          const ids: string[] = [];
          for (const post of this.town.posts.values()) {
            if (post.boardCode !== r.boardCode || post.kind !== 'board_post') continue;
            for (const id of [post.aPersonId, post.bPersonId]) if (id && !ids.includes(id) && this.town.people.has(id)) ids.push(id);
          }
          pools.set(key, ids);
        }
      }
    }
    return pools;
  }

  private clashInput(shifts: readonly ClashShift[], context: readonly ClashShift[], index: DutyIndex) {
    return {
      shifts,
      context,
      absences: (id: string) => index.absencesOf(id),
      available: (id: string) => this.town.people.get(id)?.available ?? false,
      personName: (id: string) => this.personName(id),
      restAfter24hMs: this.cachedSettings.restAfter24hHours * HOUR_MS,
    };
  }

  /** The month's clashes, with the neighbouring months' edges as context for overlap and rest. */
  private monthClashes(index: DutyIndex, rosterId: string): Clash[] {
    const shifts = index.shifts.filter((s) => s.rosterId === rosterId);
    if (shifts.length === 0) return [];
    const from = shifts[0]!.startMs - 3 * DAY_MS;
    const to = shifts[shifts.length - 1]!.endMs + 3 * DAY_MS;
    const context = index.shiftsBetween(from, to).filter((s) => s.rosterId !== rosterId);
    return detectClashes(this.clashInput(shifts, context, index));
  }

  private async rosterOf(sql: Sql, month: string): Promise<RosterRecord> {
    const roster = await this.repo.rosterByMonth(sql, month);
    if (!roster) refuse('not_found', `no roster for ${month}`, { month });
    return roster;
  }

  private shiftPayload(record: ShiftRecord, slots: ReadonlyMap<string, readonly (string | null)[]>, month: string, cancelled = false): Record<string, unknown> {
    const list: { roleKey: string; slot: number; personId: string | null }[] = [];
    for (const [key, people] of slots) people.forEach((personId, slot) => list.push({ roleKey: key, slot, personId }));
    return {
      rosterId: record.roster_id,
      month,
      date: record.date,
      templateCode: record.template_code,
      name: record.name,
      startsAt: record.starts_at,
      endsAt: record.ends_at,
      night: record.night === 1,
      dayKind: record.day_kind,
      roles: JSON.parse(record.roles) as unknown,
      slots: list,
      ...(cancelled ? { cancelled: true } : {}),
    };
  }

  /** Stamps a shift's new version and writes its upsert. */
  private async touchShift(sql: Sql, record: ShiftRecord, slots: ReadonlyMap<string, readonly (string | null)[]>, month: string, at: string): Promise<void> {
    const s = stamp(this.hlc, record.version);
    await this.repo.bumpShift(sql, record.id, s.version, s.hlc);
    await upsert(sql, 'shift', record.id, s.version, s.hlc, this.shiftPayload({ ...record, ...s }, slots, month), at);
  }

  private async touchRoster(sql: Sql, roster: RosterRecord, at: string, changes: Partial<RosterRecord> = {}): Promise<RosterRecord> {
    const s = stamp(this.hlc, roster.version);
    const next: RosterRecord = { ...roster, ...changes, updated_at: at, ...s };
    await this.repo.updateRoster(sql, next);
    await upsert(sql, 'roster', next.id, next.version, next.hlc, this.rosterPayload(next), at);
    return next;
  }

  private rosterPayload(r: RosterRecord): Record<string, unknown> {
    return { month: r.month, templates: JSON.parse(r.templates) as unknown, seed: r.seed, generatedAt: r.generated_at, updatedAt: r.updated_at };
  }

  // ---- setup ---------------------------------------------------------------------------------

  setup(actor: Actor): DutySetup {
    this.permit(actor, 'readRoster');
    return { templates: structuredClone(this.cachedTemplates), settings: structuredClone(this.cachedSettings), presets: templatePresets(this.town.boards) };
  }

  async saveSetup(actor: Actor, input: SaveDutySetup): Promise<DutySetup> {
    this.permit(actor, 'editShiftTemplates');
    const problem = templateProblem(input.templates as ShiftTemplate[], new Set(this.town.boards.map((b) => b.code)));
    if (problem) refuse('invalid', problem, { field: 'templates' });
    const codes = new Set(input.settings.fixedChecks.map((c) => c.code));
    if (codes.size !== input.settings.fixedChecks.length) refuse('invalid', 'a fixed check code is listed twice', { field: 'fixedChecks' });
    await this.change(['setup'], async (sql, at) => {
      await this.repo.replaceTemplates(sql, input.templates as ShiftTemplate[]);
      await this.repo.setSetting(sql, SETTINGS_KEY, JSON.stringify(input.settings));
      await audit(sql, at, actor.id, 'roster.setup', 'shift_template', null, input as unknown as Record<string, unknown>);
    });
    // Committed: now the cached setup, and the index's post hours, follow it.
    this.cachedTemplates = structuredClone(input.templates as ShiftTemplate[]);
    this.cachedSettings = structuredClone(input.settings as DutySettings);
    this.index = new DutyIndex(this.index.shifts, this.index.allAbsences(), this.indexOptions());
    return this.setup(actor);
  }

  // ---- reads ---------------------------------------------------------------------------------

  async list(actor: Actor, year?: number): Promise<RosterSummary[]> {
    this.permit(actor, 'readRoster');
    const rows = await this.db.read((sql) => this.repo.rosters(sql, year ? String(year) : null));
    return rows.map((r) => {
      const clashes = this.monthClashes(this.index, r.id);
      return {
        id: r.id,
        month: r.month,
        shifts: this.index.shifts.filter((s) => s.rosterId === r.id).length,
        emptySlots: clashes.filter((c) => c.kind === 'empty_role').length,
        errors: clashes.filter((c) => c.severity === 'error').length,
        warnings: clashes.filter((c) => c.severity === 'warning').length,
        updatedAt: r.updated_at,
      };
    });
  }

  async get(actor: Actor, month: string): Promise<RosterView> {
    this.permit(actor, 'readRoster');
    const roster = await this.db.read((sql) => this.rosterOf(sql, month));
    return this.view(roster, this.index);
  }

  async clashes(actor: Actor, month: string): Promise<Clash[]> {
    this.permit(actor, 'readRoster');
    const roster = await this.db.read((sql) => this.rosterOf(sql, month));
    return this.monthClashes(this.index, roster.id);
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
            const p = id ? this.town.people.get(id) : undefined;
            return { slot, personId: id, name: p?.name ?? null, phone: p?.phone ?? null };
          }),
        };
      }),
    };
  }

  private view(roster: RosterRecord, index: DutyIndex): RosterView {
    const now = this.clock.now().getTime();
    const shifts = index.shifts.filter((s) => s.rosterId === roster.id);
    const cal = this.dayCalendar();
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
    const pools = this.pools(templates);
    const labels = new Map<string, string>();
    for (const t of templates) for (const r of t.roles) if (!labels.has(roleKey(r))) labels.set(roleKey(r), r.label);
    return {
      id: roster.id,
      month: roster.month,
      centreName: this.town.town.centreName,
      seed: roster.seed,
      generatedAt: roster.generated_at,
      updatedAt: roster.updated_at,
      version: roster.version,
      templates,
      days,
      clashes: this.monthClashes(index, roster.id),
      fairness: this.fairness(shifts, pools),
      pools: [...pools].map(([key, ids]) => ({
        roleKey: key,
        label: labels.get(key) ?? key,
        people: ids.map((id) => ({ personId: id, name: this.personName(id) ?? id })),
      })),
    };
  }

  /** Per pool and person: shifts, nights, weekends, holidays and hours in the month. */
  private fairness(shifts: readonly IndexedShift[], pools: ReadonlyMap<string, readonly string[]>): FairnessRow[] {
    const counts = new Map<string, Counts>();
    for (const s of shifts) {
      for (const id of s.people) {
        let c = counts.get(id);
        if (!c) counts.set(id, (c = { total: 0, nights: 0, weekends: 0, holidays: 0, hours: 0 }));
        addCounts(c, s);
      }
    }
    const rows: FairnessRow[] = [];
    for (const [pool, ids] of pools) {
      for (const id of ids) {
        const c = counts.get(id) ?? { total: 0, nights: 0, weekends: 0, holidays: 0, hours: 0 };
        rows.push({ personId: id, name: this.personName(id) ?? id, pool, ...c });
      }
    }
    return rows;
  }

  /** Who can fill a cell, best first: in the pool, not blocked, fewest shifts. */
  async candidates(actor: Actor, shiftId: string, key: string): Promise<Candidate[]> {
    this.permit(actor, 'readRoster');
    const index = this.index;
    const shift = index.byId.get(shiftId);
    if (!shift) refuse('not_found', `no shift ${shiftId}`, { id: shiftId });
    const role = shift.roles.find((r) => roleKey(r) === key);
    if (!role) refuse('invalid', `shift ${shiftId} has no role ${key}`, { field: 'roleKey', value: key });
    const pool = new Set(this.pools(shift.roles.length ? [{ code: shift.templateCode, name: shift.name, start: '00:00', hours: 1, roles: [...shift.roles] }] : []).get(key) ?? []);
    const monthShifts = index.shifts.filter((s) => s.rosterId === shift.rosterId);
    const counts = new Map<string, Counts>();
    for (const s of monthShifts) {
      for (const id of s.people) {
        let c = counts.get(id);
        if (!c) counts.set(id, (c = { total: 0, nights: 0, weekends: 0, holidays: 0, hours: 0 }));
        addCounts(c, s);
      }
    }
    const assigned = new Set((shift.slots.get(key) ?? []).filter((x): x is string => x !== null));
    const people = [...this.town.people.values()].filter((p) => p.roles.some((r) => r === 'officer' || r === 'leader' || r === 'board_staff'));
    const out: Candidate[] = people.map((p) => {
      const probe = this.probe(index, shift, key, p.id);
      const c = counts.get(p.id) ?? { total: 0, nights: 0, weekends: 0, holidays: 0, hours: 0 };
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
    return out.sort((a, b) => Number(b.assigned) - Number(a.assigned) || Number(b.inPool) - Number(a.inPool) || Number(a.blocked !== null) - Number(b.blocked !== null) || a.counts.total - b.counts.total || a.name.localeCompare(b.name, 'zh-CN'));
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
    const mine = detectClashes(this.clashInput([probeShift], context, index)).filter((c) => c.personId === personId);
    const error = mine.find((c) => c.severity === 'error');
    return { blocked: error ? (error.kind as 'on_leave' | 'double_booked' | 'unavailable') : null, warnings: mine.some((c) => c.kind === 'no_rest') ? ['no_rest'] : [] };
  }

  // ---- generate ------------------------------------------------------------------------------

  /**
   * Generates (or regenerates) a month. A month none of whose shifts has started is planned anew
   * from the current templates; once one has started, the started shifts stay as they are and
   * only the shifts still to come are refilled (counting what is kept toward fairness).
   */
  async generate(actor: Actor, month: string, seedArg?: number): Promise<RosterView> {
    this.permit(actor, 'editRoster');
    const year = Number(month.slice(0, 4));
    if (!this.calendar.current().isKnownYear(year)) {
      refuse('invalid', `the holiday calendar does not know ${year} yet: enter it on the calendar page first`, { field: 'month', value: month });
    }
    const seed = seedArg ?? seedOfMonth(month);
    const now = this.clock.now().getTime();
    const rosterId = await this.change(['roster'], async (sql, at) => {
      const fresh = await this.loadIndex(sql);
      let roster = await this.repo.rosterByMonth(sql, month);
      const existing = roster ? await this.repo.shiftsOfRoster(sql, roster.id) : [];
      const started = existing.filter((s) => Date.parse(s.record.starts_at) <= now);
      const templates = started.length > 0 && roster ? (JSON.parse(roster.templates) as ShiftTemplate[]) : this.cachedTemplates;
      if (!roster) {
        roster = { id: randomUUID(), month, templates: JSON.stringify(templates), seed, generated_at: at, created_at: at, updated_at: at, version: 0, hlc: '' };
        await this.repo.insertRoster(sql, roster);
      }
      // Plan: keep started shifts; replace the rest (re-planned from the templates when nothing has started).
      let toFill: { record: ShiftRecord; roles: RoleSpec[] }[];
      if (started.length === 0) {
        for (const s of existing) {
          await this.repo.deleteShift(sql, s.record.id);
          const st = stamp(this.hlc, s.record.version);
          await upsert(sql, 'shift', s.record.id, st.version, st.hlc, this.shiftPayload({ ...s.record, ...st }, s.slots, month, true), at);
        }
        toFill = planMonth(month, templates, this.dayCalendar()).map((p) => ({
          roles: [...p.roles],
          record: {
            id: randomUUID(),
            roster_id: roster!.id,
            date: p.date,
            template_code: p.templateCode,
            name: p.name,
            starts_at: new Date(p.startMs).toISOString(),
            ends_at: new Date(p.endMs).toISOString(),
            night: p.night ? 1 : 0,
            day_kind: p.dayKind,
            roles: JSON.stringify(p.roles),
            version: 0,
            hlc: '',
          },
        }));
      } else {
        toFill = existing.filter((s) => Date.parse(s.record.starts_at) > now).map((s) => ({ record: s.record, roles: s.roles }));
      }
      const fillIds = new Set(toFill.map((s) => s.record.id));
      const first = Date.parse(`${month}-01T00:00:00.000Z`) - 3 * DAY_MS;
      const last = Date.parse(`${month}-01T00:00:00.000Z`) + 35 * DAY_MS;
      // Time already taken: started shifts of this month (they count toward fairness) and the neighbouring months.
      const replaced = (s: IndexedShift) => fillIds.has(s.id) || (s.rosterId === roster!.id && s.startMs > now);
      const booked = fresh.shiftsBetween(first, last).filter((s) => !replaced(s)).flatMap((s) =>
        [...s.people].map((personId) => ({ personId, startMs: s.startMs, endMs: s.endMs, night: s.night, dayKind: s.dayKind, counts: s.rosterId === roster!.id })),
      );
      const result = generateRoster({
        shifts: toFill.map((s) => ({
          startMs: Date.parse(s.record.starts_at),
          endMs: Date.parse(s.record.ends_at),
          night: s.record.night === 1,
          dayKind: s.record.day_kind,
          roles: s.roles.map((r) => ({ key: roleKey(r), count: r.count })),
        })),
        pools: this.pools(templates),
        absent: (id, start, end) => !(this.town.people.get(id)?.available ?? false) || fresh.absencesOf(id).some((a) => a.startMs < end && start < a.endMs),
        booked,
        seed,
        restAfter24hMs: this.cachedSettings.restAfter24hHours * HOUR_MS,
      });
      for (let i = 0; i < toFill.length; i++) {
        const { record } = toFill[i]!;
        const slots = result.assignments[i]!;
        if (started.length === 0) await this.repo.insertShift(sql, record);
        await this.repo.setSlots(sql, record.id, slots);
        await this.touchShift(sql, record, slots, month, at);
      }
      const next = await this.touchRoster(sql, roster, at, { seed, generated_at: at, templates: JSON.stringify(templates) });
      await audit(sql, at, actor.id, 'roster.generate', 'roster', next.id, { month, seed, shifts: toFill.length, kept: started.length });
      return next.id;
    });
    const roster = await this.db.read((sql) => this.repo.rosterById(sql, rosterId));
    return this.view(roster!, this.index);
  }

  // ---- hand edits ----------------------------------------------------------------------------

  /** Puts a person in a cell (or empties it). Refuses what is impossible; warnings are listed in the view. */
  async assign(actor: Actor, req: AssignRequest): Promise<RosterView> {
    this.permit(actor, 'editRoster');
    if (req.personId !== null && !this.town.people.has(req.personId)) refuse('not_found', `no person ${req.personId}`, { id: req.personId });
    const now = this.clock.now().getTime();
    const month = await this.change(['roster'], async (sql, at) => {
      const shift = await this.repo.shiftWithSlots(sql, req.shiftId);
      if (!shift) refuse('not_found', `no shift ${req.shiftId}`, { id: req.shiftId });
      const roster = (await this.repo.rosterById(sql, shift.record.roster_id))!;
      if (Date.parse(shift.record.ends_at) <= now) refuse('shift_ended', `the shift of ${shift.record.date} ${shift.record.name} has ended; its roster is history`, { shiftId: req.shiftId });
      const people = shift.slots.get(req.roleKey);
      if (!people) refuse('invalid', `the shift has no role ${req.roleKey}`, { field: 'roleKey', value: req.roleKey });
      if (req.slot >= people.length) refuse('invalid', `role ${req.roleKey} has ${people.length} slot(s)`, { field: 'slot', value: req.slot });
      const before = people[req.slot] ?? null;
      if (before === req.personId) return roster.month;
      const slots = new Map(shift.slots);
      slots.set(req.roleKey, people.map((p, i) => (i === req.slot ? req.personId : p)));
      if (req.personId !== null) await this.refuseClashes(sql, [{ record: shift.record, roles: shift.roles, slots }], [req.personId]);
      await this.repo.setSlot(sql, shift.record.id, req.roleKey, req.slot, req.personId);
      await this.touchShift(sql, shift.record, slots, roster.month, at);
      await audit(sql, at, actor.id, 'roster.assign', 'shift', shift.record.id, { date: shift.record.date, shift: shift.record.name, roleKey: req.roleKey, slot: req.slot, from: before, to: req.personId });
      return roster.month;
    });
    const roster = await this.db.read((sql) => this.rosterOf(sql, month));
    return this.view(roster, this.index);
  }

  /** Refuses changed shifts that would put one of `people` in an impossible place (checked against the database as it is). */
  private async refuseClashes(sql: Sql, changed: { record: ShiftRecord; roles: RoleSpec[]; slots: Map<string, (string | null)[]> }[], people: readonly string[]): Promise<void> {
    const fresh = await this.loadIndex(sql);
    const changedIds = new Set(changed.map((c) => c.record.id));
    const shifts: ClashShift[] = changed.map((c) =>
      indexShift({
        id: c.record.id,
        rosterId: c.record.roster_id,
        month: '',
        date: c.record.date,
        templateCode: c.record.template_code,
        name: c.record.name,
        startMs: Date.parse(c.record.starts_at),
        endMs: Date.parse(c.record.ends_at),
        night: c.record.night === 1,
        dayKind: c.record.day_kind,
        roles: c.roles,
        slots: c.slots,
      }),
    );
    const from = Math.min(...shifts.map((s) => s.startMs)) - 3 * DAY_MS;
    const to = Math.max(...shifts.map((s) => s.endMs)) + 3 * DAY_MS;
    const context = fresh.shiftsBetween(from, to).filter((s) => !changedIds.has(s.id) && people.some((p) => s.people.has(p)));
    const errors = detectClashes(this.clashInput(shifts, context, fresh)).filter((c) => c.severity === 'error' && c.personId !== null && people.includes(c.personId));
    const first = errors[0];
    if (first) {
      refuse('roster_clash', first.message, {
        kind: first.kind,
        personId: first.personId!,
        personName: first.personName ?? '',
        shiftId: first.shiftId,
        date: first.date,
        shiftName: first.shiftName,
        ...(first.otherShiftId ? { otherShiftId: first.otherShiftId } : {}),
        ...(first.absenceKind ? { absenceKind: first.absenceKind } : {}),
      });
    }
  }

  // ---- spreadsheets --------------------------------------------------------------------------

  async exportXlsx(actor: Actor, month: string): Promise<FileResponse> {
    this.permit(actor, 'readRoster');
    const roster = await this.db.read((sql) => this.rosterOf(sql, month));
    const layout = sheetLayout(month, this.town.town.centreName, JSON.parse(roster.templates) as ShiftTemplate[]);
    const cal = this.calendar.current();
    const shifts = this.index.shifts.filter((s) => s.rosterId === roster.id);
    const days: SheetDay[] = daysOfMonth(month).map((date) => {
      const names = new Map<string, string[]>();
      for (const s of shifts.filter((x) => x.date === date)) {
        for (const [key, people] of s.slots) names.set(`${s.templateCode}|${key}`, people.filter((p): p is string => p !== null).map((p) => this.personName(p) ?? p));
      }
      const holiday = cal.holidayName(date);
      const weekday = isoWeekday(date);
      const remark = holiday ? (cal.isHoliday(date) ? holiday : weekday >= 6 ? `${holiday}调休上班` : null) : null;
      return { date, weekday, remark, names };
    });
    const bytes = await writeRosterXlsx(layout, days);
    return { fileName: `${this.town.town.centreName}值班表-${month}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', dataBase64: bytes.toString('base64') };
  }

  /**
   * Imports a month from its spreadsheet, whole or not at all: the sheet is checked cell by cell,
   * then the roster it describes is checked for impossible clashes (someone twice at once, on
   * leave, unavailable) and for changes to shifts that have ended; any problem imports nothing.
   */
  async importXlsx(actor: Actor, month: string, bytes: Buffer): Promise<ImportResponse> {
    this.permit(actor, 'editRoster');
    const year = Number(month.slice(0, 4));
    if (!this.calendar.current().isKnownYear(year)) {
      refuse('invalid', `the holiday calendar does not know ${year} yet: enter it on the calendar page first`, { field: 'month', value: month });
    }
    const existing = await this.db.read((sql) => this.repo.rosterByMonth(sql, month));
    const templates = existing ? (JSON.parse(existing.templates) as ShiftTemplate[]) : this.cachedTemplates;
    const layout = sheetLayout(month, this.town.town.centreName, templates);
    const byName = new Map<string, string[]>();
    for (const p of this.town.people.values()) byName.set(p.name, [...(byName.get(p.name) ?? []), p.id]);
    const read = await readRosterXlsx(bytes, layout, (name) => byName.get(name) ?? []);
    if (read.problems.length > 0) return { imported: false, problems: read.problems, roster: null };

    // The month as the sheet has it: the stored shifts (or the planned ones) with the sheet's people.
    const index = this.index;
    const now = this.clock.now().getTime();
    const stored = existing ? index.shifts.filter((s) => s.rosterId === existing.id) : [];
    const planned: IndexedShift[] = existing
      ? stored
      : planMonth(month, templates, this.dayCalendar()).map((p) =>
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
        slots.set(key, Array.from({ length: r.count }, (_, i) => found?.people[i] ?? null));
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
    for (const c of detectClashes(this.clashInput(sheetShifts, context, index))) {
      if (c.severity !== 'error' || !c.personId) continue;
      sheetProblem(c.kind as 'double_booked' | 'on_leave' | 'unavailable', c.shiftId, c.roleKey, c.personName, c.message);
    }
    if (problems.length > 0) return { imported: false, problems, roster: null };

    await this.change(['roster'], async (sql, at) => {
      let roster = await this.repo.rosterByMonth(sql, month);
      const fresh = !roster;
      if (!roster) {
        roster = { id: randomUUID(), month, templates: JSON.stringify(templates), seed: null, generated_at: null, created_at: at, updated_at: at, version: 0, hlc: '' };
        await this.repo.insertRoster(sql, roster);
      }
      let changed = 0;
      for (const s of sheetShifts) {
        const slots = new Map(s.slots) as Map<string, (string | null)[]>;
        if (fresh) {
          const record: ShiftRecord = {
            id: randomUUID(), roster_id: roster.id, date: s.date, template_code: (s as IndexedShift).templateCode, name: s.name,
            starts_at: new Date(s.startMs).toISOString(), ends_at: new Date(s.endMs).toISOString(), night: (s as IndexedShift).night ? 1 : 0,
            day_kind: (s as IndexedShift).dayKind, roles: JSON.stringify(s.roles), version: 0, hlc: '',
          };
          await this.repo.insertShift(sql, record);
          await this.repo.setSlots(sql, record.id, slots);
          await this.touchShift(sql, record, slots, month, at);
          changed += 1;
          continue;
        }
        const before = stored.find((x) => x.id === s.id)!;
        if ([...slots].every(([k, v]) => JSON.stringify(v) === JSON.stringify(before.slots.get(k) ?? []))) continue;
        const record = (await this.repo.shiftRecord(sql, s.id))!;
        await this.repo.setSlots(sql, s.id, slots);
        await this.touchShift(sql, record, slots, month, at);
        changed += 1;
      }
      await this.touchRoster(sql, roster, at);
      await audit(sql, at, actor.id, 'roster.import', 'roster', roster.id, { month, changedShifts: changed, bytes: bytes.length });
    });
    return { imported: true, problems: [], roster: await this.viewOf(month) };
  }

  /** The roster view from the current index (for callers that already checked permissions). */
  async viewOf(month: string): Promise<RosterView> {
    const roster = await this.db.read((sql) => this.rosterOf(sql, month));
    return this.view(roster, this.index);
  }

  // ---- swaps ---------------------------------------------------------------------------------

  async requestSwap(actor: Actor, req: SwapRequest): Promise<Swap> {
    this.permit(actor, 'requestSwap');
    const now = this.clock.now().getTime();
    const id = randomUUID();
    await this.change(['swaps'], async (sql, at) => {
      const a = await this.cell(sql, req.shiftId, req.roleKey, req.slot);
      const b = await this.cell(sql, req.withShiftId, req.withRoleKey, req.withSlot);
      for (const side of [a, b]) {
        if (Date.parse(side.shift.record.starts_at) <= now) refuse('shift_ended', `the shift of ${side.shift.record.date} ${side.shift.record.name} has started`, { shiftId: side.shift.record.id });
      }
      if (a.personId === b.personId) refuse('invalid', 'a swap needs two different people', { field: 'withSlot' });
      const manager = allows(actor.roles, 'editRoster');
      if (!manager && actor.id !== a.personId && actor.id !== b.personId) refuse('forbidden', 'you can only ask to swap your own shifts', { permission: 'requestSwap' });
      const record: SwapRecord = {
        id, roster_id: a.shift.record.roster_id, a_shift_id: req.shiftId, a_role_key: req.roleKey, a_slot: req.slot, a_person_id: a.personId,
        b_shift_id: req.withShiftId, b_role_key: req.withRoleKey, b_slot: req.withSlot, b_person_id: b.personId, reason: req.reason,
        status: 'pending', requested_by: actor.id, requested_at: at, decided_by: null, decided_at: null, note: null,
      };
      await this.repo.insertSwap(sql, record);
      await audit(sql, at, actor.id, 'roster.swap_requested', 'roster_swap', id, { ...req });
    });
    return this.swapView(await this.db.read(async (sql) => (await this.repo.swap(sql, id))!));
  }

  private async cell(sql: Sql, shiftId: string, key: string, slot: number) {
    const shift = await this.repo.shiftWithSlots(sql, shiftId);
    if (!shift) refuse('not_found', `no shift ${shiftId}`, { id: shiftId });
    const people = shift.slots.get(key);
    if (!people || slot >= people.length) refuse('invalid', `no slot ${key}#${slot} on that shift`, { field: 'roleKey', value: key });
    return { shift, personId: people[slot] ?? null };
  }

  async swaps(actor: Actor, month: string | undefined, pendingOnly: boolean): Promise<Swap[]> {
    this.permit(actor, 'readRoster');
    const rows = await this.db.read(async (sql) => {
      const roster = month ? await this.repo.rosterByMonth(sql, month) : undefined;
      if (month && !roster) return [];
      return this.repo.swaps(sql, { rosterId: roster?.id, pendingOnly });
    });
    return rows.map((r) => this.swapView(r));
  }

  /** The leader approves (the two cells exchange people, checked for clashes) or refuses. */
  async decideSwap(actor: Actor, swapId: string, approve: boolean, note?: string): Promise<Swap> {
    this.permit(actor, 'decideSwap');
    const now = this.clock.now().getTime();
    await this.change(['swaps', 'roster'], async (sql, at) => {
      const swap = await this.repo.swap(sql, swapId);
      if (!swap) refuse('not_found', `no swap ${swapId}`, { id: swapId });
      if (swap.status !== 'pending') refuse('already_decided', 'this swap has already been decided');
      if (approve) {
        const a = await this.cell(sql, swap.a_shift_id, swap.a_role_key, swap.a_slot);
        const b = await this.cell(sql, swap.b_shift_id, swap.b_role_key, swap.b_slot);
        if (a.personId !== swap.a_person_id || b.personId !== swap.b_person_id) refuse('conflict', 'the roster has changed since the swap was asked for', { action: 'swap', state: 'changed' });
        for (const side of [a, b]) {
          if (Date.parse(side.shift.record.starts_at) <= now) refuse('shift_ended', `the shift of ${side.shift.record.date} ${side.shift.record.name} has started`, { shiftId: side.shift.record.id });
        }
        const sameShift = a.shift.record.id === b.shift.record.id;
        const aSlots = new Map(a.shift.slots);
        const bSlots = sameShift ? aSlots : new Map(b.shift.slots);
        const put = (slots: Map<string, (string | null)[]>, key: string, slot: number, id: string | null) => slots.set(key, (slots.get(key) ?? []).map((p, i) => (i === slot ? id : p)));
        put(aSlots, swap.a_role_key, swap.a_slot, swap.b_person_id);
        put(bSlots, swap.b_role_key, swap.b_slot, swap.a_person_id);
        const changed = sameShift ? [{ ...a.shift, slots: aSlots }] : [{ ...a.shift, slots: aSlots }, { ...b.shift, slots: bSlots }];
        await this.refuseClashes(sql, changed, [swap.a_person_id, swap.b_person_id].filter((x): x is string => x !== null));
        for (const c of changed) {
          const roster = (await this.repo.rosterById(sql, c.record.roster_id))!;
          await this.repo.setSlots(sql, c.record.id, c.slots);
          await this.touchShift(sql, c.record, c.slots, roster.month, at);
        }
      }
      await this.repo.decideSwap(sql, swapId, approve ? 'approved' : 'refused', actor.id, at, note ?? null);
      await audit(sql, at, actor.id, approve ? 'roster.swap_approved' : 'roster.swap_refused', 'roster_swap', swapId, { note: note ?? null });
    });
    return this.swapView(await this.db.read(async (sql) => (await this.repo.swap(sql, swapId))!));
  }

  private swapView(r: SwapRecord): Swap {
    const side = (shiftId: string, key: string, slot: number, personId: string | null) => {
      const s = this.index.byId.get(shiftId);
      const role = s?.roles.find((x) => roleKey(x) === key);
      return {
        shiftId,
        shiftName: s?.name ?? '',
        date: s?.date ?? '',
        startsAt: s ? new Date(s.startMs).toISOString() : '',
        roleKey: key,
        roleLabel: role?.label ?? key,
        slot,
        personId,
        personName: this.personName(personId),
      };
    };
    const month = this.index.byId.get(r.a_shift_id)?.month ?? '';
    return {
      id: r.id,
      month,
      status: r.status,
      reason: r.reason,
      requestedBy: r.requested_by,
      requestedByName: this.personName(r.requested_by) ?? r.requested_by,
      requestedAt: r.requested_at,
      a: side(r.a_shift_id, r.a_role_key, r.a_slot, r.a_person_id),
      b: side(r.b_shift_id, r.b_role_key, r.b_slot, r.b_person_id),
      decidedBy: r.decided_by,
      decidedByName: this.personName(r.decided_by),
      decidedAt: r.decided_at,
      note: r.note,
    };
  }

  // ---- absences ------------------------------------------------------------------------------

  /** A date is the whole Beijing day (`to` inclusive); a time is that instant. */
  static span(from: string, to: string): { start: Date; end: Date } {
    const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
    const start = isDate(from) ? fromBeijing(from, 0) : new Date(from);
    const end = isDate(to) ? fromBeijing(addDays(to, 1), 0) : new Date(to);
    return { start, end };
  }

  async addAbsence(actor: Actor, req: AddAbsenceRequest): Promise<{ absence: Absence; clashes: Clash[] }> {
    this.permit(actor, 'manageAbsences');
    if (!this.town.people.has(req.personId)) refuse('not_found', `no person ${req.personId}`, { id: req.personId });
    const { start, end } = RosterService.span(req.from, req.to);
    if (!(end.getTime() > start.getTime())) refuse('invalid', 'an absence must end after it starts', { field: 'to' });
    if (end.getTime() - start.getTime() > 366 * DAY_MS) refuse('invalid', 'an absence is at most a year', { field: 'to' });
    const id = randomUUID();
    await this.change(['absences', 'roster'], async (sql, at) => {
      const s = stamp(this.hlc, 0);
      const record: AbsenceRecord = {
        id, person_id: req.personId, kind: req.kind, starts_at: start.toISOString(), ends_at: end.toISOString(), note: req.note ?? null,
        created_by: actor.id, created_at: at, cancelled_at: null, cancelled_by: null, ...s,
      };
      await this.repo.insertAbsence(sql, record);
      await upsert(sql, 'absence', id, s.version, s.hlc, this.absencePayload(record), at);
      await audit(sql, at, actor.id, 'absence.add', 'absence', id, { personId: req.personId, kind: req.kind, startsAt: record.starts_at, endsAt: record.ends_at });
    });
    const absence = (await this.db.read((sql) => this.repo.absence(sql, id)))!;
    const touched = this.index.shiftsBetween(start.getTime(), end.getTime()).filter((s) => s.people.has(req.personId));
    const clashes = detectClashes(this.clashInput(touched, [], this.index)).filter((c) => c.personId === req.personId && c.kind === 'on_leave');
    return { absence: this.absenceView(absence), clashes };
  }

  async cancelAbsence(actor: Actor, absenceId: string): Promise<Absence> {
    this.permit(actor, 'manageAbsences');
    await this.change(['absences', 'roster'], async (sql, at) => {
      const a = await this.repo.absence(sql, absenceId);
      if (!a) refuse('not_found', `no absence ${absenceId}`, { id: absenceId });
      if (a.cancelled_at) refuse('already_decided', 'this absence is already cancelled');
      const s = stamp(this.hlc, a.version);
      await this.repo.cancelAbsence(sql, absenceId, at, actor.id, s.version, s.hlc);
      await upsert(sql, 'absence', absenceId, s.version, s.hlc, this.absencePayload({ ...a, cancelled_at: at, cancelled_by: actor.id }), at);
      await audit(sql, at, actor.id, 'absence.cancel', 'absence', absenceId, {});
    });
    return this.absenceView((await this.db.read((sql) => this.repo.absence(sql, absenceId)))!);
  }

  async absences(actor: Actor, filter: { from?: string; to?: string; personId?: string; includeCancelled: boolean }): Promise<Absence[]> {
    this.permit(actor, 'readRoster');
    const rows = await this.db.read((sql) =>
      this.repo.listAbsences(sql, {
        fromIso: filter.from ? fromBeijing(filter.from, 0).toISOString() : undefined,
        toIso: filter.to ? fromBeijing(addDays(filter.to, 1), 0).toISOString() : undefined,
        personId: filter.personId,
        includeCancelled: filter.includeCancelled,
      }),
    );
    return rows.map((r) => this.absenceView(r));
  }

  /**
   * An `absence` upsert from the district or another console of the town (inside the sync
   * transaction): the newest HLC wins over the local record; an entry for an unknown person or with
   * bad dates changes nothing. The acting holders follow once the page is committed (`absencesChanged`).
   */
  async applyRemoteAbsence(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    const p = payload;
    const valid =
      typeof p.personId === 'string' && this.town.people.has(p.personId) && typeof p.kind === 'string' && ABSENCE_KINDS.includes(p.kind as AbsenceKind) &&
      typeof p.startsAt === 'string' && typeof p.endsAt === 'string' && Number.isFinite(Date.parse(p.startsAt)) && Date.parse(p.endsAt) > Date.parse(p.startsAt);
    if (!valid) return false;
    const existing = await this.repo.absence(sql, entityId);
    if (existing && existing.hlc >= hlc) return false;
    const cancelled = p.cancelled === true;
    const record: AbsenceRecord = {
      id: entityId,
      person_id: p.personId as string,
      kind: p.kind as AbsenceKind,
      starts_at: new Date(p.startsAt as string).toISOString(),
      ends_at: new Date(p.endsAt as string).toISOString(),
      note: typeof p.note === 'string' ? p.note : null,
      created_by: existing?.created_by ?? null,
      created_at: existing?.created_at ?? at,
      cancelled_at: cancelled ? (existing?.cancelled_at ?? at) : null,
      cancelled_by: cancelled ? (existing?.cancelled_by ?? null) : null,
      version: (existing?.version ?? 0) + 1,
      hlc,
    };
    if (existing) await sql.run(`DELETE FROM absence WHERE id = ?`, [entityId]);
    await this.repo.insertAbsence(sql, record);
    await audit(sql, at, null, 'absence.synced', 'absence', entityId, { personId: record.person_id, kind: record.kind, cancelled });
    this.hlc.receive(hlc);
    return true;
  }

  /** After a sync page that brought absences: the index (acting holders, clashes) follows, and the UI hears of it. */
  async absencesChanged(): Promise<void> {
    this.index = await this.db.read((sql) => this.loadIndex(sql));
    this.announce(['absences', 'roster']);
  }

  private absencePayload(a: AbsenceRecord): Record<string, unknown> {
    return { personId: a.person_id, kind: a.kind, startsAt: a.starts_at, endsAt: a.ends_at, note: a.note, cancelled: a.cancelled_at !== null };
  }

  private absenceView(a: AbsenceRecord): Absence {
    return {
      id: a.id,
      personId: a.person_id,
      personName: this.personName(a.person_id) ?? a.person_id,
      kind: a.kind as AbsenceKind,
      startsAt: a.starts_at,
      endsAt: a.ends_at,
      note: a.note,
      createdBy: a.created_by,
      createdAt: a.created_at,
      cancelledAt: a.cancelled_at,
    };
  }

  // ---- the acting holder ---------------------------------------------------------------------

  /** Who acts for the post at the instant, by the rule table, from the roster as committed. */
  decide(post: PostRecord, at: Date): ActingDecision {
    return decideActing(post, this.index.viewAt(at.getTime()));
  }

  /** Whether a person can take a task for the post at the instant (present and on duty). */
  canAct(personId: string, post: PostRecord, at: Date): boolean {
    const view = this.index.viewAt(at.getTime());
    return view.present(personId) && view.onDuty(personId, post);
  }
}
