/**
 * What the parts of the roster share: the narrow views of the town and the calendar the roster
 * needs, the kernel (every write is one of its commands), the repository, the in-memory duty index
 * as committed, the cached setup, and the helpers every part uses (pools, clashes, the upserts of a
 * roster and its shifts). A change runs as one kernel command that also builds the next index inside
 * its transaction; the index is swapped in after the commit, so dispatch and the acting-holder
 * queries see exactly what was committed.
 */
import type { FeedMessage } from '../../../preload/contract/feed';
import type { DutySettings, RoleSpec, ShiftTemplate } from '../../../preload/contract/roster-schemas';
import type { Role } from '../../../preload/contract/schemas';
import { parseHm } from '../beijing-time';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor, Kernel, Tx } from '../kernel';
import type { Clock } from '../kernel/clock';
import type { HybridLogicalClock } from '../kernel/hlc';
import type { Permission } from '../kernel/permissions';
import type { RosterPost } from '../posts/acting-holder';
import { AbsenceRepository } from './absence.repository';
import { detectClashes, type ClashShift } from './clashes';
import { DutyIndex, indexShift } from './duty-index';
import { stamp, upsert } from './records';
import { RosterRepository, type RosterRecord, type ShiftRecord } from './roster.repository';
import { DAY_MS, defaultSettings, HOUR_MS, roleKey, type DayCalendar } from './shift-templates';
import { SwapRepository } from './swap.repository';

/** A person as the roster sees them. */
export interface RosterPerson {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly roles: readonly Role[];
  readonly available: boolean;
}

/** A post as the roster sees it: the AB rule's inputs and its names. */
export interface RosterTownPost extends RosterPost {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

/** What the roster needs of the town (TownService satisfies it; wired in app-core.ts). */
export interface RosterTown {
  readonly town: { readonly centreName: string; readonly workingHours?: readonly { readonly start: string; readonly end: string }[] };
  readonly boards: readonly { readonly code: string; readonly name: string }[];
  readonly people: ReadonlyMap<string, RosterPerson>;
  readonly posts: ReadonlyMap<string, RosterTownPost>;
}

/** The holiday calendar as the roster reads it (CalendarService satisfies it). */
export interface RosterCalendar {
  current(): DayCalendar & { isKnownYear(year: number): boolean };
}

/** The parts of the watch a change touched, for the change feed. */
export type WatchPart = 'setup' | 'roster' | 'absences' | 'swaps' | 'notices' | 'dutyLog' | 'handover';

/** The feed messages of a change to the watch. */
export function watchMessages(parts: WatchPart[]): FeedMessage[] {
  const messages: FeedMessage[] = [{ topic: 'roster', parts }];
  // The acting holders shown with every post may have changed.
  if (parts.includes('roster') || parts.includes('absences') || parts.includes('setup')) messages.push({ topic: 'town' });
  return messages;
}

/** A shift's cells being changed, as the clash check takes them. */
export interface ChangedShift {
  readonly record: ShiftRecord;
  readonly roles: RoleSpec[];
  readonly slots: Map<string, (string | null)[]>;
}

export class RosterContext {
  readonly repo = new RosterRepository();
  readonly absenceRepo = new AbsenceRepository();
  readonly swapRepo = new SwapRepository();
  /** The roster as committed: replaced whole after every change. */
  index: DutyIndex;
  settings: DutySettings = defaultSettings();
  templates: ShiftTemplate[] = [];

  constructor(
    readonly kernel: Kernel,
    readonly town: RosterTown,
    readonly calendar: RosterCalendar,
  ) {
    this.index = DutyIndex.empty(this.indexOptions());
  }

  get clock(): Clock {
    return this.kernel.clock;
  }

  get hlc(): HybridLogicalClock {
    return this.kernel.hlc;
  }

  indexOptions() {
    const hours = this.town.town?.workingHours ?? [{ start: '08:30', end: '17:30' }];
    return {
      available: (id: string) => this.town.people.get(id)?.available ?? false,
      isWorkday: (date: string) => this.calendar.current().isWorkday(date),
      officeMinutes: [parseHm(hours[0]!.start), parseHm(hours[hours.length - 1]!.end)] as const,
      postHours: this.settings?.postHours ?? defaultSettings().postHours,
    };
  }

  async loadIndex(sql: Sql): Promise<DutyIndex> {
    return new DutyIndex(await this.repo.allIndexed(sql), await this.absenceRepo.allAbsences(sql), this.indexOptions());
  }

  /** The same shifts and absences under the current options (the calendar or the post hours changed). */
  reindex(): void {
    this.index = new DutyIndex(this.index.shifts, this.index.allAbsences(), this.indexOptions());
  }

  /**
   * One change of the watch as a kernel command: the index is rebuilt inside its transaction and
   * swapped in after the commit; the feed hears of the parts it touched.
   */
  change<T>(spec: { name: string; actor: Actor; permission: Permission }, parts: WatchPart[], fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.kernel.run(spec, async (tx) => {
      let next: DutyIndex | null = null;
      // Registered first, so the change's own after-commit hooks (a new setup) see the new index.
      tx.afterCommit(() => {
        if (next) this.index = next;
      });
      const result = await fn(tx);
      next = await this.loadIndex(tx.sql);
      for (const message of watchMessages(parts)) tx.emit(message);
      return result;
    });
  }

  dayCalendar(): DayCalendar {
    const c = this.calendar.current();
    return { isWorkday: (d) => c.isWorkday(d), isHoliday: (d) => c.isHoliday(d), holidayName: (d) => c.holidayName(d) };
  }

  refuseUnknownYear(month: string): void {
    const year = Number(month.slice(0, 4));
    if (!this.calendar.current().isKnownYear(year)) {
      refuse('calendar_unknown_year', `the holiday calendar does not know ${year} yet: enter it on the calendar page first`, { year, month });
    }
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

  clashInput(shifts: readonly ClashShift[], context: readonly ClashShift[], index: DutyIndex) {
    return {
      shifts,
      context,
      absences: (id: string) => index.absencesOf(id),
      available: (id: string) => this.town.people.get(id)?.available ?? false,
      personName: (id: string) => this.personName(id),
      restAfter24hMs: this.settings.restAfter24hHours * HOUR_MS,
    };
  }

  /** The month's clashes, with the neighbouring months' edges as context for overlap and rest. */
  monthClashes(index: DutyIndex, rosterId: string) {
    const shifts = index.shifts.filter((s) => s.rosterId === rosterId);
    if (shifts.length === 0) return [];
    const from = shifts[0]!.startMs - 3 * DAY_MS;
    const to = shifts[shifts.length - 1]!.endMs + 3 * DAY_MS;
    const context = index.shiftsBetween(from, to).filter((s) => s.rosterId !== rosterId);
    return detectClashes(this.clashInput(shifts, context, index));
  }

  async rosterOf(sql: Sql, month: string): Promise<RosterRecord> {
    const roster = await this.repo.rosterByMonth(sql, month);
    if (!roster) refuse('not_found', `no roster for ${month}`, { month });
    return roster;
  }

  /**
   * A shift as its `shift` upsert carries it: its own fields, and every cell with the HLC of its last
   * change (`hlc`; per cell, the newest wins on every replica: roster-remote.ts).
   */
  shiftPayload(
    record: ShiftRecord,
    slots: ReadonlyMap<string, readonly (string | null)[]>,
    month: string,
    cancelled = false,
    cellHlcs: ReadonlyMap<string, string | null> = new Map(),
  ): Record<string, unknown> {
    const list: { roleKey: string; slot: number; personId: string | null; hlc: string }[] = [];
    for (const [key, people] of slots) people.forEach((personId, slot) => list.push({ roleKey: key, slot, personId, hlc: cellHlcs.get(`${key}#${slot}`) ?? record.hlc }));
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

  /** Stamps a shift's new version (and its changed cells) and writes its upsert. */
  async touchShift(tx: Tx, record: ShiftRecord, slots: ReadonlyMap<string, readonly (string | null)[]>, month: string): Promise<void> {
    const s = stamp(this.hlc, record.version);
    await this.repo.bumpShift(tx.sql, record.id, s.version, s.hlc);
    await this.repo.stampCells(tx.sql, record.id, s.hlc);
    const cellHlcs = new Map((await this.repo.cells(tx.sql, record.id)).map((c) => [`${c.role_key}#${c.slot}`, c.hlc]));
    await upsert(tx, 'shift', record.id, s.version, s.hlc, this.shiftPayload({ ...record, ...s }, slots, month, false, cellHlcs));
  }

  /** Writes the upsert of a shift that is gone (deleted when its month was planned anew). */
  async cancelShift(tx: Tx, record: ShiftRecord, slots: ReadonlyMap<string, readonly (string | null)[]>, month: string): Promise<void> {
    const s = stamp(this.hlc, record.version);
    await upsert(tx, 'shift', record.id, s.version, s.hlc, this.shiftPayload({ ...record, ...s }, slots, month, true));
  }

  async touchRoster(tx: Tx, roster: RosterRecord, changes: Partial<RosterRecord> = {}): Promise<RosterRecord> {
    const s = stamp(this.hlc, roster.version);
    const next: RosterRecord = { ...roster, ...changes, updated_at: tx.at, ...s };
    await this.repo.updateRoster(tx.sql, next);
    await upsert(tx, 'roster', next.id, next.version, next.hlc, this.rosterPayload(next));
    return next;
  }

  private rosterPayload(r: RosterRecord): Record<string, unknown> {
    return { month: r.month, templates: JSON.parse(r.templates) as unknown, seed: r.seed, generatedAt: r.generated_at, updatedAt: r.updated_at };
  }

  /** Refuses changed shifts that would put one of `people` in an impossible place (checked against the database as it is). */
  async refuseClashes(sql: Sql, changed: readonly ChangedShift[], people: readonly string[]): Promise<void> {
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
}
