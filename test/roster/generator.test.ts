/**
 * The fair rotation, pure. The month is January 2023: 31 days with both the New Year holiday
 * (1–2 Jan) and the whole Spring Festival week (21–27 Jan), then two adjusted workdays (Saturday
 * 28 and Sunday 29 Jan: 调休上班). The Spring Festival of 2026 and 2027 falls in February (28
 * days), and January 2028's is not in the calendar package yet, so January 2023 is the 31-day month
 * the calendar knows that holds the festival.
 */
import { describe, expect, it } from 'vitest';
import type { ShiftTemplate } from '../../preload/contract/roster-schemas';
import { fromBeijing } from '../../main/core/beijing-time';
import { WorkCalendar } from '../../main/core/calendar/work-calendar';
import { generateRoster, type GenInput } from '../../main/core/roster/roster-generator';
import { dayKind, defaultRoles, planMonth, roleKey, templateProblem, templatePresets, type ShiftPlan } from '../../main/core/roster/shift-templates';

const calendar = new WorkCalendar();
const BOARDS = [
  { code: 'party', name: '党的建设' },
  { code: 'safety', name: '平安法治' },
];
const roles = defaultRoles(BOARDS);
const DAY_NIGHT: ShiftTemplate[] = [
  { code: 'day', name: '白班', start: '08:30', hours: 9, roles },
  { code: 'night', name: '夜班', start: '17:30', hours: 15, roles },
];
const FULL_DAY: ShiftTemplate[] = [{ code: 'full', name: '24小时班', start: '08:30', hours: 24, roles }];

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const POOLS = new Map<string, string[]>([
  ['leader', ids('L', 6)],
  ['officer', ids('O', 10)],
  ['on_call:party', ids('P', 5)],
  ['on_call:safety', ids('S', 7)],
]);

function input(plan: ShiftPlan[], seed: number, extra: Partial<GenInput> = {}): GenInput {
  return {
    shifts: plan.map((p) => ({ startMs: p.startMs, endMs: p.endMs, night: p.night, dayKind: p.dayKind, roles: p.roles.map((r) => ({ key: roleKey(r), count: r.count })) })),
    pools: POOLS,
    absent: () => false,
    seed,
    ...extra,
  };
}

/** Per pool: each person's count of shifts, nights, weekends and holidays. */
function tally(plan: ShiftPlan[], out: ReturnType<typeof generateRoster>['assignments']) {
  const per = new Map<string, { total: number; nights: number; weekends: number; holidays: number }>();
  out.forEach((roleMap, i) => {
    const s = plan[i]!;
    for (const people of roleMap.values()) {
      for (const id of people) {
        if (!id) continue;
        const c = per.get(id) ?? { total: 0, nights: 0, weekends: 0, holidays: 0 };
        c.total += 1;
        if (s.night) c.nights += 1;
        if (s.dayKind === 'weekend') c.weekends += 1;
        if (s.dayKind === 'holiday') c.holidays += 1;
        per.set(id, c);
      }
    }
  });
  return per;
}

function spread(pool: readonly string[], per: ReturnType<typeof tally>, key: 'total' | 'nights' | 'weekends' | 'holidays'): number {
  const values = pool.map((id) => per.get(id)?.[key] ?? 0);
  return Math.max(...values) - Math.min(...values);
}

describe('January 2023 on the holiday calendar', () => {
  it('has 31 days, the New Year and Spring Festival holidays, and the adjusted workdays', () => {
    const plan = planMonth('2023-01', DAY_NIGHT, calendar);
    expect(plan).toHaveLength(62);
    const kinds = (d: string) => dayKind(calendar, d);
    expect(['2023-01-01', '2023-01-02', '2023-01-21', '2023-01-27'].map(kinds)).toEqual(['holiday', 'holiday', 'holiday', 'holiday']);
    expect(['2023-01-28', '2023-01-29'].map(kinds)).toEqual(['workday', 'workday']); // Saturday and Sunday, 调休上班
    expect(kinds('2023-01-08')).toBe('weekend');
    expect(plan.filter((p) => p.dayKind === 'holiday')).toHaveLength(18);
    expect(plan.filter((p) => p.night)).toHaveLength(31);
  });
});

describe('fair rotation', () => {
  for (const seed of [1, 2023, 424242]) {
    it(`nights and holidays differ by at most one per person in every pool (day + night, seed ${seed})`, () => {
      const plan = planMonth('2023-01', DAY_NIGHT, calendar);
      const { assignments } = generateRoster(input(plan, seed));
      const per = tally(plan, assignments);
      for (const [key, pool] of POOLS) {
        expect(spread(pool, per, 'nights'), `${key} nights`).toBeLessThanOrEqual(1);
        expect(spread(pool, per, 'holidays'), `${key} holidays`).toBeLessThanOrEqual(1);
        expect(spread(pool, per, 'weekends'), `${key} weekends`).toBeLessThanOrEqual(1);
        expect(spread(pool, per, 'total'), `${key} shifts`).toBeLessThanOrEqual(1);
      }
      // Every slot filled.
      expect(assignments.every((m) => [...m.values()].every((people) => people.every((p) => p !== null)))).toBe(true);
    });
  }

  it('is fair on the 24-hour template too, with a day of rest after each 24 hours', () => {
    const plan = planMonth('2023-01', FULL_DAY, calendar);
    const { assignments } = generateRoster(input(plan, 7));
    const per = tally(plan, assignments);
    for (const [key, pool] of POOLS) {
      expect(spread(pool, per, 'holidays'), `${key} holidays`).toBeLessThanOrEqual(1);
      expect(spread(pool, per, 'nights'), `${key} nights`).toBeLessThanOrEqual(1);
    }
    // Nobody works two days running.
    for (let i = 1; i < plan.length; i++) {
      const today = new Set([...assignments[i]!.values()].flat());
      const yesterday = new Set([...assignments[i - 1]!.values()].flat());
      expect([...today].filter((p) => p && yesterday.has(p))).toEqual([]);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const plan = planMonth('2023-01', DAY_NIGHT, calendar);
    const a = JSON.stringify(generateRoster(input(plan, 99)).assignments.map((m) => [...m]));
    const b = JSON.stringify(generateRoster(input(plan, 99)).assignments.map((m) => [...m]));
    const c = JSON.stringify(generateRoster(input(plan, 100)).assignments.map((m) => [...m]));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('never rosters someone while absent, and leaves people at least 12 hours between shifts', () => {
    const plan = planMonth('2023-01', DAY_NIGHT, calendar);
    const leave = { id: 'O3', start: fromBeijing('2023-01-20', 0).getTime(), end: fromBeijing('2023-01-29', 0).getTime() };
    const { assignments } = generateRoster(input(plan, 5, { absent: (id, s, e) => id === leave.id && s < leave.end && leave.start < e }));
    const o3 = plan.filter((_, i) => [...assignments[i]!.values()].flat().includes('O3'));
    expect(o3.length).toBeGreaterThan(0);
    expect(o3.filter((s) => s.startMs < leave.end && leave.start < s.endMs)).toEqual([]);
    const byPerson = new Map<string, ShiftPlan[]>();
    plan.forEach((s, i) => {
      for (const id of [...assignments[i]!.values()].flat()) if (id) byPerson.set(id, [...(byPerson.get(id) ?? []), s]);
    });
    for (const [, shifts] of byPerson) {
      for (let i = 1; i < shifts.length; i++) expect(shifts[i]!.startMs - shifts[i - 1]!.endMs).toBeGreaterThanOrEqual(12 * 3600_000);
    }
  });

  it('leaves a slot empty (flagged later) when nobody can take it', () => {
    const plan = planMonth('2023-01', DAY_NIGHT, calendar);
    const tiny = new Map(POOLS);
    tiny.set('leader', ['L0']);
    const { assignments } = generateRoster(input(plan, 1, { pools: tiny }));
    const leaders = assignments.map((m) => m.get('leader')![0]);
    expect(leaders.filter((x) => x === null).length).toBeGreaterThan(0);
    expect(leaders.filter((x) => x === 'L0').length).toBeGreaterThan(0);
  });
});

describe('shift templates', () => {
  it('accepts the presets and refuses sets that do not cover the day exactly once', () => {
    const boards = new Set(BOARDS.map((b) => b.code));
    for (const p of templatePresets(BOARDS)) expect(templateProblem(p.templates, boards)).toBeNull();
    expect(templateProblem([{ ...DAY_NIGHT[0]! }], boards)).toMatch(/cover/);
    expect(templateProblem([DAY_NIGHT[0]!, { ...DAY_NIGHT[1]!, hours: 14 }], boards)).toMatch(/ends at 07:30/);
    expect(templateProblem([{ ...FULL_DAY[0]!, roles: [...roles, roles[0]!] }], boards)).toMatch(/twice/);
    expect(templateProblem([{ ...FULL_DAY[0]!, roles: [{ kind: 'on_call', boardCode: 'nowhere', count: 1, label: 'x' }] }], boards)).toMatch(/unknown board/);
  });
});
