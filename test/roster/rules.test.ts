/**
 * The rules as pure functions: clash detection, the acting-holder rule table over the duty index
 * across shift boundaries and midnight, and Beijing time without daylight saving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoleSpec, ShiftTemplate } from '../../preload/contract/roster-schemas';
import { fromBeijing } from '../../main/core/beijing-time';
import { WorkCalendar } from '../../main/core/calendar/work-calendar';
import { actingHolder, AB_RULES, decideActing, type RosterPost } from '../../main/core/posts/acting-holder';
import { detectClashes, type ClashShift } from '../../main/core/roster/clashes';
import { DutyIndex, indexShift, type IndexedAbsence, type IndexedShift } from '../../main/core/roster/duty-index';
import { planMonth, roleKey } from '../../main/core/roster/shift-templates';

const H = 3600_000;
const ROLES: RoleSpec[] = [
  { kind: 'leader', boardCode: null, count: 1, label: '带班领导' },
  { kind: 'officer', boardCode: null, count: 2, label: '值班员' },
  { kind: 'on_call', boardCode: 'safety', count: 1, label: '平安法治值班' },
];
const DAY_NIGHT: ShiftTemplate[] = [
  { code: 'day', name: '白班', start: '08:30', hours: 9, roles: ROLES },
  { code: 'night', name: '夜班', start: '17:30', hours: 15, roles: ROLES },
];
const bj = (date: string, hm: string) => fromBeijing(date, Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5))).getTime();

function shift(id: string, date: string, start: string, hours: number, people: Record<string, (string | null)[]>, roles: RoleSpec[] = ROLES): IndexedShift {
  const startMs = bj(date, start);
  const slots = new Map(roles.map((r) => [roleKey(r), people[roleKey(r)] ?? new Array<string | null>(r.count).fill(null)]));
  return indexShift({
    id,
    rosterId: 'r',
    month: date.slice(0, 7),
    date,
    templateCode: id,
    name: id,
    startMs,
    endMs: startMs + hours * H,
    night: false,
    dayKind: 'workday',
    roles,
    slots,
  });
}

describe('clash detection', () => {
  const base = (shifts: ClashShift[], absences: Record<string, IndexedAbsence[]> = {}, unavailable: string[] = []) =>
    detectClashes({
      shifts,
      absences: (id) => absences[id] ?? [],
      available: (id) => !unavailable.includes(id),
      personName: (id) => id.toUpperCase(),
      restAfter24hMs: 24 * H,
    });
  const full = { leader: ['l'], officer: ['o1', 'o2'], 'on_call:safety': ['c'] };

  it('finds nothing in a clean roster', () => {
    expect(
      base([shift('d1', '2026-01-05', '08:30', 9, full), shift('n1', '2026-01-05', '17:30', 15, { leader: ['l2'], officer: ['o3', 'o4'], 'on_call:safety': ['c2'] })]),
    ).toEqual([]);
  });

  it('flags an empty role as a warning', () => {
    const clashes = base([shift('d1', '2026-01-05', '08:30', 9, { ...full, officer: ['o1', null] })]);
    expect(clashes).toMatchObject([{ kind: 'empty_role', severity: 'warning', roleKey: 'officer', slot: 1, personId: null }]);
  });

  it('refuses one person twice at once: two slots of a shift, or overlapping shifts', () => {
    const twice = base([shift('d1', '2026-01-05', '08:30', 9, { ...full, officer: ['o1', 'o1'] })]);
    expect(twice.filter((c) => c.kind === 'double_booked')).toMatchObject([{ severity: 'error', personId: 'o1', shiftId: 'd1' }]);
    const overlap = base([
      shift('a', '2026-01-05', '08:30', 24, full),
      shift('b', '2026-01-05', '17:30', 15, { ...full, leader: ['x'], officer: ['o1', 'y'], 'on_call:safety': ['z'] }),
    ]);
    expect(overlap.filter((c) => c.kind === 'double_booked')).toMatchObject([{ personId: 'o1', shiftId: 'b', otherShiftId: 'a' }]);
  });

  it('refuses a person on leave or marked unavailable', () => {
    const leave = { id: 'x', personId: 'o2', kind: 'leave' as const, startMs: bj('2026-01-05', '00:00'), endMs: bj('2026-01-06', '00:00') };
    const clashes = base([shift('d1', '2026-01-05', '08:30', 9, full)], { o2: [leave] }, ['c']);
    expect(clashes.map((c) => [c.kind, c.personId, c.severity, c.absenceKind])).toEqual([
      ['on_leave', 'o2', 'error', 'leave'],
      ['unavailable', 'c', 'error', null],
    ]);
  });

  it('warns of no rest after 24 hours: a 24-hour shift then the next day, or a night then the next day', () => {
    const full24 = [
      shift('f1', '2026-01-05', '08:30', 24, full),
      shift('f2', '2026-01-06', '08:30', 24, { ...full, leader: ['l9'], officer: ['o8', 'o9'], 'on_call:safety': ['c9'] }),
      shift('f3', '2026-01-07', '08:30', 24, { ...full, leader: ['l8'], officer: ['o7', 'o6'], 'on_call:safety': ['c8'] }),
    ];
    // f1 then f3: a full day of rest between them — fine.
    expect(base(full24)).toEqual([]);
    // o1 on f1 and again on f2, straight after: 48 hours in a row.
    const tired = base([full24[0]!, shift('f2', '2026-01-06', '08:30', 24, { ...full, leader: ['l9'], officer: ['o1', 'o9'], 'on_call:safety': ['c9'] })]);
    expect(tired).toMatchObject([{ kind: 'no_rest', severity: 'warning', personId: 'o1', shiftId: 'f2', otherShiftId: 'f1' }]);
    // Night 17:30–08:30 then the day shift from 08:30 is exactly 24 hours: allowed; on into the next night is not.
    const nightDay = [
      shift('n', '2026-01-05', '17:30', 15, full),
      shift('d', '2026-01-06', '08:30', 9, { ...full, leader: ['l9'], officer: ['o1', 'o9'], 'on_call:safety': ['c9'] }),
    ];
    expect(base(nightDay)).toEqual([]);
    const nightDayNight = base([...nightDay, shift('n2', '2026-01-06', '17:30', 15, { ...full, leader: ['l8'], officer: ['o1', 'o8'], 'on_call:safety': ['c8'] })]);
    expect(nightDayNight).toMatchObject([{ kind: 'no_rest', personId: 'o1', shiftId: 'n2' }]);
    expect(nightDayNight[0]!.message).toMatch(/39 hours in a row/);
    // Day then night the same day is exactly 24 hours: allowed, but then the next day's shift is too soon.
    const dayNightDay = base([
      shift('d1', '2026-01-05', '08:30', 9, full),
      shift('n1', '2026-01-05', '17:30', 15, { ...full, leader: ['l9'], officer: ['o1', 'o9'], 'on_call:safety': ['c9'] }),
      shift('n2', '2026-01-06', '17:30', 15, { ...full, leader: ['l8'], officer: ['o1', 'o8'], 'on_call:safety': ['c8'] }),
    ]);
    expect(dayNightDay.map((c) => [c.kind, c.personId, c.shiftId])).toEqual([['no_rest', 'o1', 'n2']]);
  });
});

describe('acting holder: the rule table over the roster', () => {
  const calendar = new WorkCalendar();
  // Monday 5 January 2026: a working day. Day shift 08:30–17:30, night 17:30–08:30 (Tue).
  const day = shift('day5', '2026-01-05', '08:30', 9, { leader: ['L'], officer: ['O1', 'O2'], 'on_call:safety': ['C-day'] });
  const night = shift('night5', '2026-01-05', '17:30', 15, { leader: ['L2'], officer: ['O3', 'O4'], 'on_call:safety': ['C-night'] });
  const day6 = shift('day6', '2026-01-06', '08:30', 9, { leader: ['L'], officer: ['O1', 'O2'], 'on_call:safety': ['C-day6'] });
  const post: RosterPost = { aPersonId: 'A', bPersonId: 'B', boardCode: 'safety', kind: 'board_post' };
  const joint: RosterPost = { aPersonId: 'J1', bPersonId: 'J2', boardCode: 'safety', kind: 'joint' };
  const make = (absences: IndexedAbsence[] = [], unavailable: string[] = [], shifts = [day, night, day6]) =>
    new DutyIndex(shifts, absences, {
      available: (id) => !unavailable.includes(id),
      isWorkday: (d) => calendar.isWorkday(d),
      officeMinutes: [8 * 60 + 30, 17 * 60 + 30],
      postHours: { board_post: 'office', joint: 'always' },
    });
  const at = (index: DutyIndex, ms: number, p = post) => {
    const d = decideActing(p, index.viewAt(ms));
    return `${d.personId}/${d.as}/${d.rule}${d.alarmLeader ? '!' : ''}`;
  };
  const leave = (personId: string, from: string, to: string): IndexedAbsence => ({ id: personId, personId, kind: 'leave', startMs: bj(from, '00:00'), endMs: bj(to, '00:00') });

  it('in office hours A acts; from 17:30 the night’s on-call person, through midnight, until 08:30', () => {
    const index = make();
    const table: [string, number, string][] = [
      ['08:29:59 Monday (the night before has no roster here)', bj('2026-01-05', '08:30') - 1000, 'A/A/a_off_shift'],
      ['08:30 Monday', bj('2026-01-05', '08:30'), 'A/A/a_on_duty'],
      ['17:29:59', bj('2026-01-05', '17:30') - 1000, 'A/A/a_on_duty'],
      ['17:30 the night shift starts', bj('2026-01-05', '17:30'), 'C-night/on_call/on_call_off_shift'],
      ['23:59:59', bj('2026-01-05', '23:59') + 59_000, 'C-night/on_call/on_call_off_shift'],
      ['00:00 Tuesday, same night shift', bj('2026-01-06', '00:00'), 'C-night/on_call/on_call_off_shift'],
      ['03:10 Tuesday', bj('2026-01-06', '03:10'), 'C-night/on_call/on_call_off_shift'],
      ['08:29:59 Tuesday', bj('2026-01-06', '08:30') - 1000, 'C-night/on_call/on_call_off_shift'],
      ['08:30 Tuesday', bj('2026-01-06', '08:30'), 'A/A/a_on_duty'],
    ];
    for (const [what, ms, expected] of table) expect({ what, acting: at(index, ms) }).toEqual({ what, acting: expected });
  });

  it('A absent → B; both absent → the on-call person and the leader is alarmed; nobody → alarm', () => {
    const aAway = make([leave('A', '2026-01-05', '2026-01-07')]);
    expect(at(aAway, bj('2026-01-05', '10:00'))).toBe('B/B/b_on_duty');
    expect(at(aAway, bj('2026-01-06', '03:10'))).toBe('C-night/on_call/on_call_off_shift');
    const both = make([leave('A', '2026-01-05', '2026-01-07'), leave('B', '2026-01-05', '2026-01-06')]);
    expect(at(both, bj('2026-01-05', '10:00'))).toBe('C-day/on_call/on_call_both_absent!');
    expect(at(both, bj('2026-01-05', '20:00'))).toBe('C-night/on_call/on_call_both_absent!');
    // B back on Tuesday at 00:00 (the leave ends): off shift until 08:30, so the night's on-call person acts, without alarm.
    expect(at(both, bj('2026-01-06', '00:00'))).toBe('C-night/on_call/on_call_off_shift');
    expect(at(both, bj('2026-01-06', '09:00'))).toBe('B/B/b_on_duty');
    // Both away and no roster at that time: nobody, and the leader is alarmed.
    expect(at(both, bj('2026-01-05', '06:00'))).toBe('null/null/nobody!');
    // Marked unavailable counts as absent.
    expect(at(make([], ['A']), bj('2026-01-05', '10:00'))).toBe('B/B/b_on_duty');
  });

  it('a holder rostered on the shift is on duty at night; a joint post is staffed round the clock', () => {
    const rostered = make([], [], [day, shift('night5', '2026-01-05', '17:30', 15, { leader: ['L2'], officer: ['O3', 'B'], 'on_call:safety': ['C-night'] })]);
    expect(at(rostered, bj('2026-01-05', '22:00'))).toBe('B/B/b_on_duty');
    expect(at(make(), bj('2026-01-06', '03:10'), joint)).toBe('J1/A/a_on_duty');
  });

  it('follows the holiday calendar: a statutory holiday’s daytime is off shift, an adjusted Saturday workday is not', () => {
    const holiday = shift('h', '2026-02-17', '08:30', 9, { leader: ['L'], officer: ['O1', 'O2'], 'on_call:safety': ['C-h'] });
    const adjusted = shift('w', '2026-02-14', '08:30', 9, { leader: ['L'], officer: ['O1', 'O2'], 'on_call:safety': ['C-w'] });
    const index = make([], [], [adjusted, holiday]);
    expect(at(index, bj('2026-02-17', '10:00'))).toBe('C-h/on_call/on_call_off_shift'); // 春节
    expect(at(index, bj('2026-02-14', '10:00'))).toBe('A/A/a_on_duty'); // Saturday, 调休上班
  });

  it('keeps the rule before rosters for callers without one (A if available, else B, else nobody)', () => {
    expect(actingHolder({ aPersonId: 'a', bPersonId: 'b' }, () => true)).toEqual({ personId: 'a', as: 'A' });
    expect(actingHolder({ aPersonId: 'a', bPersonId: 'b' }, (id) => id === 'b')).toEqual({ personId: 'b', as: 'B' });
    expect(AB_RULES.map((r) => r.id)).toEqual(['a_on_duty', 'b_on_duty', 'on_call_both_absent', 'on_call_off_shift', 'a_off_shift', 'b_off_shift', 'nobody']);
  });

  it('finds the shift at an instant, the one before and after, and the boundaries of a range', () => {
    const index = make();
    expect(index.shiftAt(bj('2026-01-05', '17:30'))?.id).toBe('night5');
    expect(index.shiftAt(bj('2026-01-05', '17:30') - 1)?.id).toBe('day5');
    expect(index.previousOf(night)?.id).toBe('day5');
    expect(index.nextOf(night)?.id).toBe('day6');
    const points = index.boundaries(bj('2026-01-05', '12:00'), bj('2026-01-06', '12:00'), ['A']).map((ms) => new Date(ms).toISOString());
    expect(points).toEqual([
      '2026-01-05T04:00:00.000Z', // from
      '2026-01-05T09:30:00.000Z', // 17:30: day shift ends, office closes
      '2026-01-05T16:00:00.000Z', // 00:00 Beijing
      '2026-01-06T00:30:00.000Z', // 08:30: day shift starts, office opens
    ]);
  });
});

describe('Beijing time has no daylight saving', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it('a shift starts at 08:30 Beijing = 00:30 UTC every day of the year, whatever the machine’s zone', () => {
    for (const tz of ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Shanghai', 'UTC']) {
      process.env.TZ = tz;
      for (const month of ['2026-03', '2026-10', '2026-11']) {
        const plan = planMonth(month, DAY_NIGHT, new WorkCalendar());
        for (const s of plan) {
          const utc = new Date(s.startMs).toISOString().slice(11, 16);
          expect(utc).toBe(s.templateCode === 'day' ? '00:30' : '09:30');
        }
        for (let i = 2; i < plan.length; i += 2) expect(plan[i]!.startMs - plan[i - 2]!.startMs).toBe(24 * H);
      }
    }
  });

  it('fromBeijing is UTC+8 on the days Europe and America change their clocks', () => {
    for (const date of ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01']) {
      expect(new Date(fromBeijing(date, 0).getTime()).toISOString()).toBe(`${new Date(Date.parse(`${date}T00:00:00Z`) - 86400_000).toISOString().slice(0, 10)}T16:00:00.000Z`);
    }
  });
});
