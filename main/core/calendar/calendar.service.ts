/**
 * The centre's calendar: the package's statutory schedule, plus years the admin enters before the
 * package knows them. Warns when a year the desk needs has no schedule.
 */
import type { CalendarStatus, CalendarYear } from '../../../preload/contract/schemas';
import { beijingDate } from '../beijing-time';
import type { Clock } from '../kernel/clock';
import type { Db } from '../db/db';
import { refuse } from '../errors';
import type { ChangeFeed } from '../feed';
import { DEFAULT_WORKING_HOURS, WorkCalendar, type DayOverride, type WorkingInterval } from './work-calendar';

export class CalendarService {
  private calendar: WorkCalendar;
  private overrides: DayOverride[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
    private readonly workingHours: readonly WorkingInterval[] = DEFAULT_WORKING_HOURS,
  ) {
    this.calendar = new WorkCalendar([], workingHours);
  }

  async init(): Promise<void> {
    this.overrides = await this.db.read((sql) => sql.all<DayOverride>(`SELECT date, kind, name FROM calendar_override ORDER BY date`));
    this.calendar = new WorkCalendar(this.overrides, this.workingHours);
  }

  current(): WorkCalendar {
    return this.calendar;
  }

  status(): CalendarStatus {
    const today = beijingDate(this.clock.now());
    const year = Number(today.slice(0, 4));
    // From December on, the desk already schedules into next year: it needs that year's holidays too.
    const needed = today.slice(5, 7) === '12' ? [year, year + 1] : [year];
    const known = this.calendar.knownYears();
    return { year, knownYears: known, missingYears: needed.filter((y) => !known.includes(y)), overrides: this.overrides.map((o) => ({ ...o })) };
  }

  /** Replaces the admin-entered schedule of one year (holidays and adjusted workdays). */
  async setYear(actorId: string, input: CalendarYear & { holidays: { date: string; name: string }[]; workdays: { date: string; name: string }[] }): Promise<void> {
    const dates = [...input.holidays, ...input.workdays].map((d) => d.date);
    for (const date of dates) {
      if (Number(date.slice(0, 4)) !== input.year) refuse('invalid', `${date} is not in ${input.year}`, { field: 'date', value: date });
    }
    if (new Set(dates).size !== dates.length) refuse('invalid', 'a date is listed twice', { field: 'date' });
    if (input.holidays.length === 0) refuse('invalid', 'a year needs at least one holiday', { field: 'holidays' });
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      await sql.run(`DELETE FROM calendar_override WHERE date LIKE ?`, [`${input.year}-%`]);
      for (const h of input.holidays) await sql.run(`INSERT INTO calendar_override (date, kind, name) VALUES (?, 'holiday', ?)`, [h.date, h.name]);
      for (const w of input.workdays) await sql.run(`INSERT INTO calendar_override (date, kind, name) VALUES (?, 'workday', ?)`, [w.date, w.name]);
      await sql.run(`INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)`, [
        at, actorId, 'calendar.setYear', 'calendar', String(input.year), JSON.stringify(input),
      ]);
    });
    await this.init();
    this.feed.emit({ topic: 'calendar' });
  }
}
