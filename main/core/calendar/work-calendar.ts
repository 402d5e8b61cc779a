/**
 * Working days and working hours of the centre.
 * Statutory holidays and adjusted workdays (调休上班) come from the maintained `chinese-days`
 * package; a year it does not know yet (the State Council publishes the next year's schedule late
 * in the year) can be entered by the admin as overrides, which win over the package.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { addDays, beijingDate, beijingMinuteOfDay, fromBeijing, parseHm } from '../beijing-time';

type DayTable = Record<string, string>;
const PACKAGE_HOLIDAYS: DayTable = (chineseDays as { holidays: DayTable }).holidays;
const PACKAGE_WORKDAYS: DayTable = (chineseDays as { workdays: DayTable }).workdays;

export const PACKAGE_YEARS: readonly number[] = [...new Set(Object.keys(PACKAGE_HOLIDAYS).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);

export interface DayOverride {
  readonly date: string;
  readonly kind: 'holiday' | 'workday';
  readonly name: string;
}

export interface WorkingInterval {
  readonly start: string;
  readonly end: string;
}

export const DEFAULT_WORKING_HOURS: readonly WorkingInterval[] = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

export class WorkCalendar {
  private readonly overrides: Map<string, DayOverride>;
  private readonly intervals: ReadonlyArray<readonly [number, number]>;
  /**
   * Per date already looked at: whether it is a working day and the date after it. A calendar never
   * changes (a new one is made when the overrides do), and every deadline walks the same days: a
   * page of district ops computes thousands (issue #20: half its time went to walking them).
   */
  private readonly days = new Map<string, { readonly workday: boolean; readonly next: string }>();

  constructor(overrides: readonly DayOverride[] = [], workingHours: readonly WorkingInterval[] = DEFAULT_WORKING_HOURS) {
    this.overrides = new Map(overrides.map((o) => [o.date, o]));
    const intervals = workingHours.map((w) => [parseHm(w.start), parseHm(w.end)] as const);
    intervals.forEach(([start, end], i) => {
      if (end <= start) throw new Error(`working interval ${workingHours[i]!.start}–${workingHours[i]!.end} ends before it starts`);
      if (i > 0 && start < intervals[i - 1]![1]) throw new Error('working intervals overlap or are out of order');
    });
    if (intervals.length === 0) throw new Error('the centre needs at least one working interval');
    this.intervals = intervals;
  }

  /** Years with a known schedule: the package's plus those the admin entered. */
  knownYears(): number[] {
    const years = new Set(PACKAGE_YEARS);
    for (const date of this.overrides.keys()) years.add(Number(date.slice(0, 4)));
    return [...years].sort((a, b) => a - b);
  }

  isKnownYear(year: number): boolean {
    return this.knownYears().includes(year);
  }

  /** A Beijing calendar date (YYYY-MM-DD) is a working day. */
  isWorkday(date: string): boolean {
    return this.day(date).workday;
  }

  /** The date after a Beijing calendar date. */
  private nextDay(date: string): string {
    return this.day(date).next;
  }

  private day(date: string): { readonly workday: boolean; readonly next: string } {
    let day = this.days.get(date);
    if (!day) {
      day = { workday: this.isWorkdayNow(date), next: addDays(date, 1) };
      if (this.days.size > 20_000) this.days.clear();
      this.days.set(date, day);
    }
    return day;
  }

  private isWorkdayNow(date: string): boolean {
    const override = this.overrides.get(date);
    if (override) return override.kind === 'workday';
    if (date in PACKAGE_HOLIDAYS) return false;
    if (date in PACKAGE_WORKDAYS) return true;
    const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  isHoliday(date: string): boolean {
    const override = this.overrides.get(date);
    if (override) return override.kind === 'holiday';
    return date in PACKAGE_HOLIDAYS;
  }

  holidayName(date: string): string | null {
    const override = this.overrides.get(date);
    if (override) return override.name;
    const raw = PACKAGE_HOLIDAYS[date] ?? PACKAGE_WORKDAYS[date];
    return raw ? (raw.split(',')[1] ?? raw) : null;
  }

  /** `minutes` of working time after `start` (working days, working intervals only). */
  addWorkingMinutes(start: Date, minutes: number): Date {
    let remaining = minutes;
    let date = beijingDate(start);
    let minute = beijingMinuteOfDay(start);
    for (let guard = 0; guard < 3660; guard++) {
      if (this.isWorkday(date)) {
        for (const [from, to] of this.intervals) {
          if (minute >= to) continue;
          const begin = Math.max(minute, from);
          const available = to - begin;
          if (remaining <= available) return fromBeijing(date, begin + remaining);
          remaining -= available;
          minute = to;
        }
      }
      date = this.nextDay(date);
      minute = 0;
    }
    throw new Error('no working time within ten years: check the calendar');
  }

  /**
   * The deadline of "N working days": the end of the working day that is the Nth working day after
   * the day of `start` (the day something arrives does not count, whatever the hour).
   */
  addWorkingDays(start: Date, days: number): Date {
    let date = beijingDate(start);
    let counted = 0;
    for (let guard = 0; guard < 3660; guard++) {
      date = this.nextDay(date);
      if (this.isWorkday(date)) counted += 1;
      if (counted >= days) return fromBeijing(date, this.intervals[this.intervals.length - 1]![1]);
    }
    throw new Error('no working day within ten years: check the calendar');
  }
}
