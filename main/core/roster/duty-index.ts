/**
 * Who is on duty when, in memory: every roster's shifts (sorted, found by binary search) with the
 * people in their roles, and everyone's absences. Built from the database after each roster
 * change; answers "which shift covers this instant", "is this person present / on duty" and
 * "who is the board's on-call person" in well under a microsecond, which is what dispatch, the
 * acting-holder timeline and the benchmark (24 posts × 10,000 instants) need.
 */
import type { AbsenceKind } from '../../../preload/contract/roster-schemas';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import type { DutyView, RosterPost } from '../posts/acting-holder';
import { DAY_MS, roleKey, type ShiftPlan } from './shift-templates';

/** A stored shift of a roster with its people, as the index holds it. */
export interface IndexedShift extends ShiftPlan {
  readonly id: string;
  readonly rosterId: string;
  readonly month: string;
  /** role key → person per slot. */
  readonly slots: ReadonlyMap<string, readonly (string | null)[]>;
  /** Everyone rostered on the shift, any role. */
  readonly people: ReadonlySet<string>;
  /** board → its first on-call person. */
  readonly onCall: ReadonlyMap<string, string>;
}

export interface IndexedAbsence {
  readonly id: string;
  readonly personId: string;
  readonly kind: AbsenceKind;
  readonly startMs: number;
  readonly endMs: number;
}

export interface IndexOptions {
  /** The static flag on a person (false: never present). */
  readonly available: (personId: string) => boolean;
  readonly isWorkday: (date: string) => boolean;
  /** The centre's office day, minutes of the Beijing day: [first working interval's start, last one's end). */
  readonly officeMinutes: readonly [number, number];
  /** Post kind → its standing hours; unknown kinds keep office hours. */
  readonly postHours: Readonly<Record<string, 'office' | 'always'>>;
}

export function indexShift(s: Omit<IndexedShift, 'people' | 'onCall'>): IndexedShift {
  const people = new Set<string>();
  const onCall = new Map<string, string>();
  for (const role of s.roles) {
    const slots = s.slots.get(roleKey(role)) ?? [];
    for (const id of slots) {
      if (id === null) continue;
      people.add(id);
      if (role.kind === 'on_call' && role.boardCode && !onCall.has(role.boardCode)) onCall.set(role.boardCode, id);
    }
  }
  return { ...s, people, onCall };
}

export class DutyIndex {
  readonly shifts: readonly IndexedShift[];
  private readonly starts: Float64Array;
  private readonly absences = new Map<string, IndexedAbsence[]>();
  private readonly workdays = new Map<number, boolean>();
  readonly byId: ReadonlyMap<string, IndexedShift>;

  constructor(
    shifts: readonly IndexedShift[],
    absences: readonly IndexedAbsence[],
    readonly options: IndexOptions,
  ) {
    this.shifts = [...shifts].sort((a, b) => a.startMs - b.startMs);
    this.starts = Float64Array.from(this.shifts, (s) => s.startMs);
    this.byId = new Map(this.shifts.map((s) => [s.id, s]));
    for (const a of absences) {
      let list = this.absences.get(a.personId);
      if (!list) this.absences.set(a.personId, (list = []));
      list.push(a);
    }
    for (const list of this.absences.values()) list.sort((a, b) => a.startMs - b.startMs);
  }

  static empty(options: IndexOptions): DutyIndex {
    return new DutyIndex([], [], options);
  }

  /** Index of the last shift starting at or before `ms`, or -1. */
  private lastStartingBy(ms: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= ms) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The shift that covers the instant (the latest started one, if shifts ever overlap). */
  shiftAt(ms: number): IndexedShift | null {
    const last = this.lastStartingBy(ms);
    for (let i = last; i >= 0 && i >= last - 2; i--) {
      const s = this.shifts[i]!;
      if (s.endMs > ms) return s;
    }
    return null;
  }

  /** The first shift starting after the instant. */
  nextShiftAfter(ms: number): IndexedShift | null {
    return this.shifts[this.lastStartingBy(ms) + 1] ?? null;
  }

  /** The shift that ends exactly where this one starts (the one handing over to it). */
  previousOf(shift: IndexedShift): IndexedShift | null {
    const i = this.lastStartingBy(shift.startMs - 1);
    const prev = i >= 0 ? this.shifts[i]! : null;
    return prev && prev.endMs === shift.startMs ? prev : null;
  }

  /** The shift that starts exactly where this one ends (the one it hands over to). */
  nextOf(shift: IndexedShift): IndexedShift | null {
    const i = this.lastStartingBy(shift.endMs);
    const next = i >= 0 ? this.shifts[i]! : null;
    return next && next.startMs === shift.endMs ? next : null;
  }

  shiftsBetween(fromMs: number, toMs: number): IndexedShift[] {
    const out: IndexedShift[] = [];
    for (let i = Math.max(0, this.lastStartingBy(fromMs)); i < this.shifts.length && this.shifts[i]!.startMs < toMs; i++) {
      const s = this.shifts[i]!;
      if (s.endMs > fromMs) out.push(s);
    }
    return out;
  }

  absenceAt(personId: string, ms: number): IndexedAbsence | null {
    const list = this.absences.get(personId);
    if (!list) return null;
    for (const a of list) {
      if (a.startMs > ms) break;
      if (a.endMs > ms) return a;
    }
    return null;
  }

  absencesOf(personId: string): readonly IndexedAbsence[] {
    return this.absences.get(personId) ?? [];
  }

  allAbsences(): IndexedAbsence[] {
    return [...this.absences.values()].flat();
  }

  private isWorkdayNumber(day: number): boolean {
    let known = this.workdays.get(day);
    if (known === undefined) {
      known = this.options.isWorkday(new Date(day * DAY_MS).toISOString().slice(0, 10));
      this.workdays.set(day, known);
    }
    return known;
  }

  /** Within the office day of a working day (Beijing). */
  inOfficeHours(ms: number): boolean {
    const local = ms + BEIJING_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    const minute = (local - day * DAY_MS) / 60_000;
    return minute >= this.options.officeMinutes[0] && minute < this.options.officeMinutes[1] && this.isWorkdayNumber(day);
  }

  /** The roster's answers at one instant. */
  viewAt(ms: number): InstantView {
    return new InstantView(this, ms, this.shiftAt(ms));
  }

  /**
   * Every instant in [fromMs, toMs) at which an answer may change: shift starts and ends, absence
   * starts and ends, and the office day's edges. The acting holder is constant between two of them.
   */
  boundaries(fromMs: number, toMs: number, people: readonly string[]): number[] {
    const points = new Set<number>([fromMs]);
    for (const s of this.shiftsBetween(fromMs, toMs)) {
      if (s.startMs > fromMs) points.add(s.startMs);
      if (s.endMs < toMs) points.add(s.endMs);
    }
    for (const id of people) {
      for (const a of this.absencesOf(id)) {
        if (a.startMs > fromMs && a.startMs < toMs) points.add(a.startMs);
        if (a.endMs > fromMs && a.endMs < toMs) points.add(a.endMs);
      }
    }
    const [open, close] = this.options.officeMinutes;
    const firstDay = Math.floor((fromMs + BEIJING_OFFSET_MS) / DAY_MS);
    const lastDay = Math.floor((toMs + BEIJING_OFFSET_MS) / DAY_MS);
    for (let day = firstDay; day <= lastDay; day++) {
      for (const minute of [0, open, close]) {
        const at = day * DAY_MS - BEIJING_OFFSET_MS + minute * 60_000;
        if (at > fromMs && at < toMs) points.add(at);
      }
    }
    return [...points].sort((a, b) => a - b);
  }
}

/** The roster at one instant: a small object with methods (one per instant, shared by every post asked about). */
export class InstantView implements DutyView {
  /** -1: not worked out yet; 0 / 1: outside / inside the office day. */
  private office = -1;

  constructor(
    private readonly index: DutyIndex,
    readonly at: number,
    readonly shift: IndexedShift | null,
  ) {}

  present(personId: string): boolean {
    return this.index.options.available(personId) && this.index.absenceAt(personId, this.at) === null;
  }

  onDuty(personId: string, post: RosterPost): boolean {
    if (this.shift !== null && this.shift.people.has(personId)) return true;
    if (this.index.options.postHours[post.kind] === 'always') return true;
    if (this.office < 0) this.office = this.index.inOfficeHours(this.at) ? 1 : 0;
    return this.office === 1;
  }

  onCall(boardCode: string): string | null {
    return this.shift === null ? null : (this.shift.onCall.get(boardCode) ?? null);
  }
}
