/**
 * The centre's calendar: the package's statutory schedule, plus years the admin enters before the
 * package knows them. Warns when a year the desk needs has no schedule.
 */
import type { CalendarStatus, CalendarYear } from '../../../preload/contract/schemas';
import { beijingDate } from '../beijing-time';
import { refuse } from '../errors';
import type { Kernel } from '../kernel/command-runner';
import { overrides, replaceYear } from './calendar.repository';
import { DEFAULT_WORKING_HOURS, WorkCalendar, type DayOverride, type WorkingInterval } from './work-calendar';

export class CalendarService {
  private calendar: WorkCalendar;
  private overrides: DayOverride[] = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly workingHours: readonly WorkingInterval[] = DEFAULT_WORKING_HOURS,
  ) {
    this.calendar = new WorkCalendar([], workingHours);
  }

  async init(): Promise<void> {
    this.use(await this.kernel.read(overrides));
  }

  private use(days: DayOverride[]): void {
    this.overrides = days;
    this.calendar = new WorkCalendar(days, this.workingHours);
  }

  current(): WorkCalendar {
    return this.calendar;
  }

  status(): CalendarStatus {
    const today = beijingDate(this.kernel.clock.now());
    const year = Number(today.slice(0, 4));
    // From December on, the desk already schedules into next year: it needs that year's holidays too.
    const needed = today.slice(5, 7) === '12' ? [year, year + 1] : [year];
    const known = this.calendar.knownYears();
    return { year, knownYears: known, missingYears: needed.filter((y) => !known.includes(y)), overrides: this.overrides.map((o) => ({ ...o })) };
  }

  /** Replaces the admin-entered schedule of one year (holidays and adjusted workdays). The door checked the role. */
  async setYear(actorId: string, input: CalendarYear & { holidays: { date: string; name: string }[]; workdays: { date: string; name: string }[] }): Promise<void> {
    const dates = [...input.holidays, ...input.workdays].map((d) => d.date);
    for (const date of dates) {
      if (Number(date.slice(0, 4)) !== input.year) refuse('invalid', `${date} is not in ${input.year}`, { field: 'date', value: date });
    }
    if (new Set(dates).size !== dates.length) refuse('invalid', 'a date is listed twice', { field: 'date' });
    if (input.holidays.length === 0) refuse('invalid', 'a year needs at least one holiday', { field: 'holidays' });
    const actor = { id: actorId, roles: [] };
    await this.kernel.run({ name: 'calendar.setYear', actor, audit: { entity: 'calendar', entityId: String(input.year), detail: input } }, async (tx) => {
      await replaceYear(tx.sql, input.year, input.holidays, input.workdays);
      const days = await overrides(tx.sql);
      tx.afterCommit(() => this.use(days));
      tx.emit({ topic: 'calendar' });
    });
  }
}
