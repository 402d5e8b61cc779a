/**
 * Shift templates and the shifts of a month, as pure functions: the default template sets (day +
 * night, or one 24-hour shift), their validation (a set must cover the Beijing day exactly once),
 * role keys, and materializing a month's shifts against the holiday calendar.
 */
import type { DayKind, DutySettings, RoleSpec, ShiftTemplate } from '../../../preload/contract/roster-schemas';
import { addDays, fromBeijing, parseHm } from '../beijing-time';

export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The role's key inside a shift: `leader`, `officer`, `on_call:<boardCode>`. */
export function roleKey(role: Pick<RoleSpec, 'kind' | 'boardCode'>): string {
  return role.kind === 'on_call' ? `on_call:${role.boardCode}` : role.kind;
}

/** The default roles of a shift: the duty leader, two duty officers, one on-call person per board. */
export function defaultRoles(boards: readonly { code: string; name: string }[]): RoleSpec[] {
  return [
    { kind: 'leader', boardCode: null, count: 1, label: '带班领导' },
    { kind: 'officer', boardCode: null, count: 2, label: '值班员' },
    ...boards.map((b): RoleSpec => ({ kind: 'on_call', boardCode: b.code, count: 1, label: `${b.name}值班` })),
  ];
}

/** Ready-made sets: day 08:30–17:30 + night 17:30–08:30, or one 24-hour shift from 08:30. */
export function templatePresets(boards: readonly { code: string; name: string }[]): { code: string; templates: ShiftTemplate[] }[] {
  const roles = defaultRoles(boards);
  return [
    {
      code: 'day_night',
      templates: [
        { code: 'day', name: '白班', start: '08:30', hours: 9, roles },
        { code: 'night', name: '夜班', start: '17:30', hours: 15, roles },
      ],
    },
    { code: 'full_day', templates: [{ code: 'full', name: '24小时班', start: '08:30', hours: 24, roles }] },
  ];
}

export function defaultSettings(): DutySettings {
  return {
    postHours: { board_post: 'office', village: 'office', joint: 'always' },
    reminderMinutes: 30,
    handoverDraftMinutes: 30,
    handoverGraceMinutes: 15,
    restAfter24hHours: 24,
    fixedChecks: [
      { code: 'phone', label: '值班电话畅通' },
      { code: 'radio', label: '对讲机、卫星电话电量与通话正常' },
      { code: 'video_link', label: '视频会商系统连通' },
      { code: 'wall', label: '大屏及指挥调度系统运行正常' },
    ],
  };
}

/**
 * Why a template set cannot be used, or null: codes and role keys unique, boards known, and the
 * shifts, in start order, covering the 24 hours of a day end to start with no gap and no overlap.
 */
export function templateProblem(templates: readonly ShiftTemplate[], boardCodes: ReadonlySet<string>): string | null {
  if (templates.length === 0) return 'at least one shift template is needed';
  const codes = new Set<string>();
  for (const t of templates) {
    if (codes.has(t.code)) return `template code ${t.code} is used twice`;
    codes.add(t.code);
    const keys = new Set<string>();
    for (const r of t.roles) {
      if ((r.kind === 'on_call') !== (r.boardCode !== null)) return `${t.code}: an on-call role needs a board, other roles none`;
      if (r.boardCode !== null && !boardCodes.has(r.boardCode)) return `${t.code}: unknown board ${r.boardCode}`;
      if (r.kind === 'leader' && r.count !== 1) return `${t.code}: a shift has exactly one duty leader`;
      const key = roleKey(r);
      if (keys.has(key)) return `${t.code}: role ${key} is listed twice`;
      keys.add(key);
    }
  }
  const sorted = [...templates].sort((a, b) => parseHm(a.start) - parseHm(b.start));
  let covered = 0;
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]!;
    const next = sorted[(i + 1) % sorted.length]!;
    const end = parseHm(t.start) + t.hours * 60;
    const nextStart = parseHm(next.start) + (i + 1 === sorted.length ? 24 * 60 : 0);
    if (end !== nextStart) return `${t.code} ends at ${minutesHm(end)} but the next shift starts at ${minutesHm(nextStart)}: the shifts must cover the day end to start`;
    covered += t.hours;
  }
  if (covered !== 24) return `the shifts cover ${covered} hours, not 24`;
  return null;
}

function minutesHm(m: number): string {
  const x = ((m % 1440) + 1440) % 1440;
  return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
}

/** Calendar facts the month's shifts need: is the Beijing date a working day, a holiday. */
export interface DayCalendar {
  isWorkday(date: string): boolean;
  isHoliday(date: string): boolean;
  holidayName(date: string): string | null;
}

export function dayKind(calendar: DayCalendar, date: string): DayKind {
  if (calendar.isHoliday(date)) return 'holiday';
  return calendar.isWorkday(date) ? 'workday' : 'weekend';
}

/** A shift to be (or as) stored, before people are assigned. */
export interface ShiftPlan {
  readonly date: string;
  readonly templateCode: string;
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly night: boolean;
  readonly dayKind: DayKind;
  readonly roles: readonly RoleSpec[];
}

/** Covers the small hours (00:00–06:00 Beijing): a night for fairness. */
export function isNightShift(startMinute: number, hours: number): boolean {
  const end = startMinute + hours * 60;
  // The small hours of the next day fall at minutes 1440–1800 from the start day's midnight.
  return (startMinute < 6 * 60 && end > 0) || (startMinute < 30 * 60 && end > 24 * 60);
}

export function daysOfMonth(month: string): string[] {
  const first = `${month}-01`;
  const out: string[] = [];
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) out.push(d);
  return out;
}

/** Every shift of a month: each day of it, each template in start order. */
export function planMonth(month: string, templates: readonly ShiftTemplate[], calendar: DayCalendar): ShiftPlan[] {
  const sorted = [...templates].sort((a, b) => parseHm(a.start) - parseHm(b.start));
  const out: ShiftPlan[] = [];
  for (const date of daysOfMonth(month)) {
    const kind = dayKind(calendar, date);
    for (const t of sorted) {
      const startMinute = parseHm(t.start);
      const start = fromBeijing(date, startMinute).getTime();
      out.push({
        date,
        templateCode: t.code,
        name: t.name,
        startMs: start,
        endMs: start + t.hours * HOUR_MS,
        night: isNightShift(startMinute, t.hours),
        dayKind: kind,
        roles: t.roles,
      });
    }
  }
  return out;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
