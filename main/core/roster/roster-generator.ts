/**
 * The fair rotation, as a pure function: fills every role slot of a month's shifts from the role's
 * pool, deterministically for a seed. Hard rules: nobody on two shifts at once, nobody while
 * absent, rest between shifts (12 h, or the centre's rest after a 24-hour stretch). Fairness:
 * the scarce, unloved slots are filled first — statutory-holiday nights, holiday days, weekend
 * nights, weekend days, workday nights, then workday days — each time by whoever of the pool has
 * had the fewest of that kind so far (then the fewest nights, then the fewest shifts), so nights,
 * weekends, holidays and totals each end up within one of each other when nothing forbids it.
 */
import type { DayKind } from '../../../preload/contract/roster-schemas';
import { HOUR_MS } from './shift-templates';
import { seededRandom } from '../seeded-random';

export interface GenShift {
  readonly startMs: number;
  readonly endMs: number;
  readonly night: boolean;
  readonly dayKind: DayKind;
  /** Role key and how many people it takes. */
  readonly roles: readonly { readonly key: string; readonly count: number }[];
}

export interface GenInput {
  /** The shifts to fill, in time order. */
  readonly shifts: readonly GenShift[];
  /** Who may fill each role key, in a stable order. */
  readonly pools: ReadonlyMap<string, readonly string[]>;
  /** Whether the person is absent at any moment of [startMs, endMs). */
  readonly absent: (personId: string, startMs: number, endMs: number) => boolean;
  /**
   * Time already taken outside these shifts (started shifts kept as they are, neighbouring
   * months), with its kind so it also counts toward fairness when `counts` says so.
   */
  readonly booked?: readonly { personId: string; startMs: number; endMs: number; night: boolean; dayKind: DayKind; counts: boolean }[];
  readonly seed: number;
  /** Rest owed after a 24-hour stretch (default 24 h). */
  readonly restAfter24hMs?: number;
  /** Rest owed after a shorter shift (default 12 h). */
  readonly minRestMs?: number;
}

/** For each shift (same order), role key → the people in its slots (null: nobody could take it). */
export type GenOutput = Map<string, (string | null)[]>[];

export interface Counts {
  total: number;
  nights: number;
  weekends: number;
  holidays: number;
  hours: number;
}

export { seededRandom };

/** A seed from a month (`2026-01` → a stable number), when the caller gives none. */
export function seedOfMonth(month: string): number {
  let h = 2166136261;
  for (let i = 0; i < month.length; i++) h = Math.imul(h ^ month.charCodeAt(i), 16777619);
  return (h >>> 0) & 0x7fffffff;
}

/** Fill order: statutory-holiday nights first, workday days last. */
function phase(s: GenShift): number {
  const kind = s.dayKind === 'holiday' ? 0 : s.dayKind === 'weekend' ? 2 : 4;
  return kind + (s.night ? 0 : 1);
}

function emptyCounts(): Counts {
  return { total: 0, nights: 0, weekends: 0, holidays: 0, hours: 0 };
}

export function addCounts(c: Counts, s: { startMs: number; endMs: number; night: boolean; dayKind: DayKind }): void {
  c.total += 1;
  if (s.night) c.nights += 1;
  if (s.dayKind === 'weekend') c.weekends += 1;
  if (s.dayKind === 'holiday') c.holidays += 1;
  c.hours += (s.endMs - s.startMs) / HOUR_MS;
}

/** What the pick minimizes, most important first. */
function fairnessKey(s: GenShift, c: Counts): number[] {
  switch (s.dayKind) {
    case 'holiday':
      return [c.holidays, s.night ? c.nights : 0, c.total];
    case 'weekend':
      return [c.weekends, s.night ? c.nights : 0, c.total];
    case 'workday':
      return s.night ? [c.nights, c.total] : [c.total, c.nights];
  }
}

interface Interval {
  startMs: number;
  endMs: number;
}

/** Whether a person booked on `booked` can also take [start, end) with rest kept on both sides. */
function fits(booked: readonly Interval[], start: number, end: number, restAfter24h: number, minRest: number): boolean {
  const restAfter = (i: Interval) => (i.endMs - i.startMs >= 24 * HOUR_MS ? restAfter24h : minRest);
  const mine = { startMs: start, endMs: end };
  for (const b of booked) {
    if (b.startMs < end && start < b.endMs) return false;
    if (b.endMs <= start && start - b.endMs < restAfter(b)) return false;
    if (end <= b.startMs && b.startMs - end < restAfter(mine)) return false;
  }
  return true;
}

export function generateRoster(input: GenInput): { assignments: GenOutput; counts: Map<string, Counts> } {
  const rng = seededRandom(input.seed);
  const restAfter24h = input.restAfter24hMs ?? 24 * HOUR_MS;
  const minRest = input.minRestMs ?? 12 * HOUR_MS;
  const counts = new Map<string, Counts>();
  const booked = new Map<string, Interval[]>();
  const countsOf = (id: string): Counts => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = emptyCounts()));
    return c;
  };
  const bookedOf = (id: string): Interval[] => {
    let b = booked.get(id);
    if (!b) booked.set(id, (b = []));
    return b;
  };
  for (const pool of input.pools.values()) for (const id of pool) countsOf(id);
  for (const b of input.booked ?? []) {
    bookedOf(b.personId).push({ startMs: b.startMs, endMs: b.endMs });
    if (b.counts) addCounts(countsOf(b.personId), b);
  }

  const output: GenOutput = input.shifts.map((s) => new Map(s.roles.map((r) => [r.key, new Array<string | null>(r.count).fill(null)])));
  const order = input.shifts.map((s, i) => i).sort((a, b) => phase(input.shifts[a]!) - phase(input.shifts[b]!) || input.shifts[a]!.startMs - input.shifts[b]!.startMs);

  for (const index of order) {
    const shift = input.shifts[index]!;
    const filled = output[index]!;
    for (const role of shift.roles) {
      const pool = input.pools.get(role.key) ?? [];
      const slots = filled.get(role.key)!;
      for (let slot = 0; slot < role.count; slot++) {
        let best: string | null = null;
        let bestKey: number[] | null = null;
        for (const id of pool) {
          const tie = rng();
          if (input.absent(id, shift.startMs, shift.endMs)) continue;
          if (!fits(booked.get(id) ?? [], shift.startMs, shift.endMs, restAfter24h, minRest)) continue;
          const key = [...fairnessKey(shift, countsOf(id)), tie];
          if (bestKey === null || less(key, bestKey)) {
            best = id;
            bestKey = key;
          }
        }
        if (best !== null) {
          slots[slot] = best;
          bookedOf(best).push({ startMs: shift.startMs, endMs: shift.endMs });
          addCounts(countsOf(best), shift);
        }
      }
    }
  }
  rebalance(input, output, booked, counts, restAfter24h, minRest);
  return { assignments: output, counts };
}

type Metric = 'holidays' | 'nights' | 'weekends' | 'total';
const METRICS: readonly Metric[] = ['holidays', 'nights', 'weekends', 'total'];

function inMetric(metric: Metric, s: GenShift): boolean {
  switch (metric) {
    case 'holidays':
      return s.dayKind === 'holiday';
    case 'nights':
      return s.night;
    case 'weekends':
      return s.dayKind === 'weekend';
    case 'total':
      return true;
  }
}

/** How many of the three kinds two shifts differ in: a swap of like for like disturbs least. */
function unlikeness(a: GenShift, b: GenShift): number {
  return Number(a.dayKind !== b.dayKind) + Number(a.night !== b.night);
}

/**
 * The greedy pass can be cornered (the one person short of a holiday may be resting just then). This
 * pass evens what is left: while a pool's counts of holidays, nights, weekends or shifts differ by
 * more than one, it swaps a slot of the busiest person for a slot of the least busy one (like for
 * like where it can), or hands a slot over, whenever the hard rules allow it.
 */
function rebalance(input: GenInput, output: GenOutput, booked: Map<string, Interval[]>, counts: Map<string, Counts>, restAfter24h: number, minRest: number): void {
  interface Slot {
    shift: number;
    key: string;
    slot: number;
  }
  const shiftOf = (x: Slot) => input.shifts[x.shift]!;
  const personAt = (x: Slot) => output[x.shift]!.get(x.key)![x.slot]!;
  const slotsByPerson = new Map<string, Slot[]>();
  output.forEach((roles, shift) => {
    for (const [key, people] of roles) {
      people.forEach((id, slot) => {
        if (id === null) return;
        let list = slotsByPerson.get(id);
        if (!list) slotsByPerson.set(id, (list = []));
        list.push({ shift, key, slot });
      });
    }
  });
  const intervalOf = (id: string, s: GenShift) => booked.get(id)!.find((i) => i.startMs === s.startMs && i.endMs === s.endMs)!;
  const canTake = (id: string, s: GenShift, giving: GenShift | null): boolean => {
    if (input.absent(id, s.startMs, s.endMs)) return false;
    const mine = booked.get(id) ?? [];
    const without = giving ? mine.filter((i) => i !== intervalOf(id, giving)) : mine;
    return fits(without, s.startMs, s.endMs, restAfter24h, minRest);
  };
  const move = (x: Slot, from: string, to: string) => {
    const s = shiftOf(x);
    const list = booked.get(from)!;
    list.splice(list.indexOf(intervalOf(from, s)), 1);
    let target = booked.get(to);
    if (!target) booked.set(to, (target = []));
    target.push({ startMs: s.startMs, endMs: s.endMs });
    output[x.shift]!.get(x.key)![x.slot] = to;
    const fromSlots = slotsByPerson.get(from)!;
    fromSlots.splice(fromSlots.indexOf(x), 1);
    let toSlots = slotsByPerson.get(to);
    if (!toSlots) slotsByPerson.set(to, (toSlots = []));
    toSlots.push(x);
    const c = counts.get(from)!;
    c.total -= 1;
    if (s.night) c.nights -= 1;
    if (s.dayKind === 'weekend') c.weekends -= 1;
    if (s.dayKind === 'holiday') c.holidays -= 1;
    c.hours -= (s.endMs - s.startMs) / HOUR_MS;
    addCounts(counts.get(to)!, s);
  };

  for (let round = 0; round < 400; round++) {
    let changed = false;
    for (const metric of METRICS) {
      for (const [key, pool] of input.pools) {
        if (pool.length < 2) continue;
        const value = (id: string) => counts.get(id)![metric];
        const sorted = [...pool].sort((a, b) => value(b) - value(a));
        const high = sorted[0]!;
        const low = sorted[sorted.length - 1]!;
        if (value(high) - value(low) <= 1) continue;
        // Give from any of the busiest to any of the least busy.
        const highs = sorted.filter((id) => value(id) === value(high));
        const lows = sorted.filter((id) => value(id) === value(low));
        done: for (const p of highs) {
          for (const q of lows) {
            const give = (slotsByPerson.get(p) ?? []).filter((x) => x.key === key && inMetric(metric, shiftOf(x)));
            if (metric !== 'total') {
              const take = (slotsByPerson.get(q) ?? []).filter((x) => x.key === key && !inMetric(metric, shiftOf(x)));
              for (const x of give) {
                const sx = shiftOf(x);
                const options = [...take].sort((a, b) => unlikeness(sx, shiftOf(a)) - unlikeness(sx, shiftOf(b)));
                for (const y of options) {
                  const sy = shiftOf(y);
                  if (unlikeness(sx, sy) > 1) break;
                  if (!canTake(q, sx, sy) || !canTake(p, sy, sx)) continue;
                  if (personAt(x) !== p || personAt(y) !== q) continue;
                  move(x, p, q);
                  move(y, q, p);
                  changed = true;
                  break done;
                }
              }
            }
            // Hand one over when that also evens the totals (never makes them worse).
            if (metric === 'total' || counts.get(p)!.total > counts.get(q)!.total) {
              for (const x of give) {
                if (!canTake(q, shiftOf(x), null)) continue;
                move(x, p, q);
                changed = true;
                break done;
              }
            }
          }
        }
      }
    }
    if (!changed) break;
  }
}

function less(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  }
  return false;
}
