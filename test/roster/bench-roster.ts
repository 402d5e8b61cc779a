/**
 * The roster's figures: `{ roster_generate_ms, acting_holder_10k_ms }` (target: under 50 ms in all).
 *
 * - roster_generate_ms: the fair rotation (main/core/roster/roster-generator.ts, greedy pass and
 *   rebalancing) of a 31-day month (January 2026: New Year's Day, weekends) for 60 people — 6 duty
 *   leaders, 14 duty officers, 4 boards of 10 — on the day + night templates (1 leader, 2 officers,
 *   4 on-call per shift: 434 slots), with a few absences. Pure computation, no database.
 * - acting_holder_10k_ms: 24 AB posts resolved through the rule table (acting-holder.ts) over the
 *   in-memory duty index (duty-index.ts) at 10,000 instants spread over that month: 240,000 decisions.
 *
 * Each figure is the median of 7 runs after three warm-ups (the JIT's first passes). Run alone: `npx tsx test/roster/bench-roster.ts [--json out.json]`.
 */
import { writeFileSync } from 'node:fs';
import type { ShiftTemplate } from '../../preload/contract/roster-schemas';
import { fromBeijing } from '../../main/core/beijing-time';
import { WorkCalendar } from '../../main/core/calendar/work-calendar';
import { decideActing, type RosterPost } from '../../main/core/posts/acting-holder';
import { DutyIndex, indexShift, type IndexedAbsence } from '../../main/core/roster/duty-index';
import { generateRoster } from '../../main/core/roster/roster-generator';
import { defaultRoles, planMonth, roleKey } from '../../main/core/roster/shift-templates';

export const ROSTER_TARGET_MS = 50;
const MONTH = '2026-01';
const BOARDS = ['party', 'economy', 'livelihood', 'safety'].map((code) => ({ code, name: code }));

function people(): { leaders: string[]; officers: string[]; boards: Map<string, string[]> } {
  const leaders = Array.from({ length: 6 }, (_, i) => `leader-${i}`);
  const officers = Array.from({ length: 14 }, (_, i) => `officer-${i}`);
  const boards = new Map(BOARDS.map((b) => [b.code, Array.from({ length: 10 }, (_, i) => `${b.code}-${i}`)]));
  return { leaders, officers, boards };
}

function absences(): IndexedAbsence[] {
  const at = (date: string) => fromBeijing(date, 0).getTime();
  return [
    { id: 'a1', personId: 'officer-3', kind: 'leave', startMs: at('2026-01-05'), endMs: at('2026-01-10') },
    { id: 'a2', personId: 'party-2', kind: 'business_trip', startMs: at('2026-01-12'), endMs: at('2026-01-15') },
    { id: 'a3', personId: 'safety-0', kind: 'training', startMs: at('2026-01-20'), endMs: at('2026-01-23') },
    { id: 'a4', personId: 'safety-1', kind: 'leave', startMs: at('2026-01-20'), endMs: at('2026-01-22') },
  ];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function rosterBench(): Promise<{ roster_generate_ms: number; acting_holder_10k_ms: number }> {
  const calendar = new WorkCalendar();
  const roles = defaultRoles(BOARDS);
  const templates: ShiftTemplate[] = [
    { code: 'day', name: 'day', start: '08:30', hours: 9, roles },
    { code: 'night', name: 'night', start: '17:30', hours: 15, roles },
  ];
  const { leaders, officers, boards } = people();
  const pools = new Map<string, string[]>([['leader', leaders], ['officer', officers], ...[...boards].map(([b, ids]) => [`on_call:${b}`, ids] as [string, string[]])]);
  const away = absences();
  const absent = (id: string, start: number, end: number) => away.some((a) => a.personId === id && a.startMs < end && start < a.endMs);
  const plan = planMonth(MONTH, templates, calendar);
  const generate = () =>
    generateRoster({
      shifts: plan.map((p) => ({ startMs: p.startMs, endMs: p.endMs, night: p.night, dayKind: p.dayKind, roles: p.roles.map((r) => ({ key: roleKey(r), count: r.count })) })),
      pools,
      absent,
      seed: 20260101,
    });

  for (let i = 0; i < 3; i++) generate();
  const generateRuns: number[] = [];
  let result = generate();
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    result = generate();
    generateRuns.push(performance.now() - t0);
  }

  // The duty index of the generated month, and 24 board posts (6 per board) with A and B from the board.
  const shifts = plan.map((p, i) =>
    indexShift({ ...p, id: `s${i}`, rosterId: 'r', month: MONTH, roles: p.roles, slots: result.assignments[i]! as Map<string, (string | null)[]> }),
  );
  const index = new DutyIndex(shifts, away, {
    available: () => true,
    isWorkday: (d) => calendar.isWorkday(d),
    officeMinutes: [510, 1050],
    postHours: { board_post: 'office', joint: 'always' },
  });
  const posts: RosterPost[] = BOARDS.flatMap((b) =>
    Array.from({ length: 6 }, (_, i) => ({ aPersonId: `${b.code}-${i}`, bPersonId: `${b.code}-${(i + 1) % 6}`, boardCode: b.code, kind: 'board_post' })),
  );
  const start = fromBeijing(`${MONTH}-01`, 0).getTime();
  const span = 31 * 86400_000;
  const instants = Array.from({ length: 10_000 }, (_, i) => start + Math.floor((i * span) / 10_000) + ((i * 7919) % 60_000));
  const resolve = () => {
    let acted = 0;
    for (const at of instants) {
      const view = index.viewAt(at);
      for (const post of posts) if (decideActing(post, view).personId !== null) acted += 1;
    }
    return acted;
  };
  for (let i = 0; i < 3; i++) resolve();
  const resolveRuns: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const acted = resolve();
    resolveRuns.push(performance.now() - t0);
    if (acted !== instants.length * posts.length) throw new Error(`only ${acted} of ${instants.length * posts.length} decisions found someone`);
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  return { roster_generate_ms: round(median(generateRuns)), acting_holder_10k_ms: round(median(resolveRuns)) };
}

if (require.main === module) {
  void (async () => {
    const figures = await rosterBench();
    const total = figures.roster_generate_ms + figures.acting_holder_10k_ms;
    console.log(JSON.stringify(figures));
    console.log(
      `roster: generate ${figures.roster_generate_ms} ms + acting holder 10k ${figures.acting_holder_10k_ms} ms = ${round2(total)} ms (target < ${ROSTER_TARGET_MS} ms: ${total < ROSTER_TARGET_MS ? 'PASS' : 'FAIL'})`,
    );
    const json = process.argv.indexOf('--json');
    if (json >= 0 && process.argv[json + 1]) writeFileSync(process.argv[json + 1]!, `${JSON.stringify(figures, null, 2)}\n`);
  })();
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
