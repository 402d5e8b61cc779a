/** The Beijing periods the 考核评价 and 值班日报 pages start from (renderer/src/lib/beijing-time.ts periodDates). */
import { describe, expect, it } from 'vitest';
import { periodDates } from '../../renderer/src/lib/beijing-time';

describe('periodDates', () => {
  it('a day is itself; a week runs Monday to Sunday, across a month and a year; a month its first to its last day', () => {
    expect(periodDates('day', '2026-11-23')).toEqual(['2026-11-23', '2026-11-23']);
    expect(periodDates('week', '2026-11-23')).toEqual(['2026-11-23', '2026-11-29']); // a Monday
    expect(periodDates('week', '2026-11-29')).toEqual(['2026-11-23', '2026-11-29']); // a Sunday
    expect(periodDates('week', '2026-12-31')).toEqual(['2026-12-28', '2027-01-03']);
    expect(periodDates('month', '2026-11-23')).toEqual(['2026-11-01', '2026-11-30']);
    expect(periodDates('month', '2028-02-10')).toEqual(['2028-02-01', '2028-02-29']);
  });
});
