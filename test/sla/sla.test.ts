import { describe, expect, it } from 'vitest';
import { beijingDate, fromBeijing } from '../../main/core/beijing-time';
import { WorkCalendar } from '../../main/core/calendar/work-calendar';
import { currentClock, deadline, LEVEL_CEILINGS, type ItemLimits } from '../../main/core/sla/sla';

const cal = new WorkCalendar();
const bj = (date: string, hm: string): Date => {
  const [h, m] = hm.split(':').map(Number) as [number, number];
  return fromBeijing(date, h * 60 + m);
};
const iso = (d: Date): string => d.toISOString();

describe('working calendar (chinese-days, with adjusted workdays)', () => {
  it('knows statutory holidays and adjusted workdays', () => {
    expect(cal.isWorkday('2026-10-01')).toBe(false); // 国庆节
    expect(cal.isWorkday('2026-10-02')).toBe(false);
    expect(cal.isWorkday('2026-02-17')).toBe(false); // 春节
    expect(cal.isWorkday('2026-11-23')).toBe(true); // an ordinary Monday
    expect(cal.isWorkday('2026-11-22')).toBe(false); // an ordinary Sunday
    // An adjusted workday (调休上班) is a weekend day that counts as work.
    const adjusted = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'].filter((d) => {
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      return weekday === 0 || weekday === 6;
    });
    expect(adjusted.some((d) => cal.isWorkday(d))).toBe(true);
  });

  it('counts working days across the National Day holiday', () => {
    // Reported Wed 2026-09-30 10:00: day 1 is the first working day after, past the 1–7 Oct holiday.
    const due = cal.addWorkingDays(bj('2026-09-30', '10:00'), 1);
    expect(beijingDate(due)).not.toMatch(/^2026-10-0[1-7]$/);
    expect(cal.isWorkday(beijingDate(due))).toBe(true);
    expect(iso(due)).toBe(iso(bj(beijingDate(due), '17:30')));
  });

  it('counts working hours inside the working intervals only', () => {
    // Mon 16:30 + 2 working hours = 1 h today (to 17:30) + 1 h tomorrow from 08:30 → Tue 09:30
    expect(iso(cal.addWorkingMinutes(bj('2026-11-23', '16:30'), 120))).toBe(iso(bj('2026-11-24', '09:30')));
    // Lunch break 12:00–13:30 is not working time
    expect(iso(cal.addWorkingMinutes(bj('2026-11-23', '11:30'), 60))).toBe(iso(bj('2026-11-23', '14:00')));
    // Friday 17:00 + 1 h → Monday 09:00 (weekend skipped)
    expect(iso(cal.addWorkingMinutes(bj('2026-11-27', '17:00'), 60))).toBe(iso(bj('2026-11-30', '09:00')));
    // Starting at night counts from the next morning
    expect(iso(cal.addWorkingMinutes(bj('2026-11-23', '22:00'), 30))).toBe(iso(bj('2026-11-24', '09:00')));
  });

  it('reports an unknown year and takes admin overrides for it', () => {
    expect(cal.isKnownYear(2026)).toBe(true);
    expect(cal.isKnownYear(2027)).toBe(false);
    const withOverrides = new WorkCalendar([
      { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2027-10-09', kind: 'workday', name: '国庆节调休' },
    ]);
    expect(withOverrides.isKnownYear(2027)).toBe(true);
    expect(withOverrides.isWorkday('2027-10-01')).toBe(false); // a Friday made holiday
    expect(withOverrides.isWorkday('2027-10-09')).toBe(true); // a Saturday made workday
  });

  it('refuses impossible working hours', () => {
    expect(() => new WorkCalendar([], [{ start: '17:00', end: '08:00' }])).toThrow(/ends before it starts/);
    expect(
      () =>
        new WorkCalendar(
          [],
          [
            { start: '08:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        ),
    ).toThrow(/overlap/);
  });
});

describe('SLA deadlines', () => {
  const item: ItemLimits = {
    accept: { value: 10, unit: 'minute' },
    acknowledge: { value: 30, unit: 'minute' },
    onScene: { value: 2, unit: 'hour' },
    resolve: { value: 5, unit: 'work_day' },
  };
  const start = bj('2026-11-23', '09:00');

  it('uses the item limit at its own level', () => {
    expect(iso(deadline(cal, start, 'accept', item, 'general'))).toBe(iso(bj('2026-11-23', '09:10')));
    expect(iso(deadline(cal, start, 'resolve', item, 'general'))).toBe(iso(bj('2026-11-30', '17:30')));
  });

  it('tightens to the level ceiling for a more severe level, never loosens', () => {
    expect(iso(deadline(cal, start, 'accept', item, 'serious'))).toBe(iso(bj('2026-11-23', '09:03')));
    expect(iso(deadline(cal, start, 'resolve', item, 'especially_serious'))).toBe(iso(bj('2026-11-23', '21:00')));
    const quick: ItemLimits = { ...item, accept: { value: 1, unit: 'minute' } };
    expect(iso(deadline(cal, start, 'accept', quick, 'general'))).toBe(iso(bj('2026-11-23', '09:01')));
    expect(LEVEL_CEILINGS.general.accept.value).toBeGreaterThan(LEVEL_CEILINGS.major.accept.value);
  });

  it('shows the clock that matters in each state', () => {
    const t = { acceptDue: 'A', ackDue: 'K', onSceneDue: 'O', resolveDue: 'R', arrivedAt: null };
    expect(currentClock('reported', t)).toEqual({ kind: 'accept', dueAt: 'A' });
    expect(currentClock('dispatched', t)).toEqual({ kind: 'acknowledge', dueAt: 'K' });
    expect(currentClock('in_progress', t)).toEqual({ kind: 'on_scene', dueAt: 'O' });
    expect(currentClock('in_progress', { ...t, arrivedAt: 'x' })).toEqual({ kind: 'resolve', dueAt: 'R' });
    expect(currentClock('resolved', t)).toBeNull();
    expect(currentClock('escalated', t)).toBeNull();
  });
});

describe('Beijing time', () => {
  it('is UTC+8 all year, with no daylight saving', () => {
    expect(beijingDate(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
    expect(beijingDate(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(iso(fromBeijing('2026-07-01', 8 * 60))).toBe('2026-07-01T00:00:00.000Z');
    expect(iso(fromBeijing('2026-01-01', 8 * 60))).toBe('2026-01-01T00:00:00.000Z');
  });
});
