/**
 * SLA clocks: four per event (accept, acknowledge, on scene, resolve), their limits from the
 * catalogue item and the event's level, and which clock matters in each state.
 */
import type { ClockKind, Level, Limit, State } from '../../../preload/contract/schemas';
import type { WorkCalendar } from '../calendar/work-calendar';

export type ItemLimits = Readonly<Record<'accept' | 'acknowledge' | 'onScene' | 'resolve', Limit>>;

/**
 * The centre's ceiling per level. A more severe level than the item's default tightens the item's
 * limits to these; it never loosens them.
 */
export const LEVEL_CEILINGS: Readonly<Record<Level, ItemLimits>> = {
  general: {
    accept: { value: 10, unit: 'minute' },
    acknowledge: { value: 30, unit: 'minute' },
    onScene: { value: 120, unit: 'minute' },
    resolve: { value: 15, unit: 'work_day' },
  },
  major: {
    accept: { value: 5, unit: 'minute' },
    acknowledge: { value: 10, unit: 'minute' },
    onScene: { value: 60, unit: 'minute' },
    resolve: { value: 3, unit: 'work_day' },
  },
  serious: {
    accept: { value: 3, unit: 'minute' },
    acknowledge: { value: 5, unit: 'minute' },
    onScene: { value: 30, unit: 'minute' },
    resolve: { value: 24, unit: 'hour' },
  },
  especially_serious: {
    accept: { value: 1, unit: 'minute' },
    acknowledge: { value: 3, unit: 'minute' },
    onScene: { value: 20, unit: 'minute' },
    resolve: { value: 12, unit: 'hour' },
  },
};

export function addLimit(calendar: WorkCalendar, start: Date, limit: Limit): Date {
  switch (limit.unit) {
    case 'minute':
      return new Date(start.getTime() + limit.value * 60_000);
    case 'hour':
      return new Date(start.getTime() + limit.value * 3600_000);
    case 'work_hour':
      return calendar.addWorkingMinutes(start, limit.value * 60);
    case 'work_day':
      return calendar.addWorkingDays(start, limit.value);
    default: {
      const never: never = limit.unit;
      throw new Error(`unknown limit unit ${String(never)}`);
    }
  }
}

/** The deadline of one clock started at `start`: the item's limit, tightened by the level's ceiling. */
export function deadline(calendar: WorkCalendar, start: Date, clock: keyof ItemLimits, item: ItemLimits, level: Level): Date {
  const byItem = addLimit(calendar, start, item[clock]);
  const byLevel = addLimit(calendar, start, LEVEL_CEILINGS[level][clock]);
  return byItem.getTime() <= byLevel.getTime() ? byItem : byLevel;
}

export interface ClockTimes {
  readonly acceptDue: string | null;
  readonly ackDue: string | null;
  readonly onSceneDue: string | null;
  readonly resolveDue: string | null;
  readonly arrivedAt: string | null;
  /** When the clock stopped (held, or a return waiting for consent): no clock is watched meanwhile. */
  readonly pausedAt?: string | null;
}

/** The clock the desk watches now, by state: the one whose breach would be the next failure. */
export function currentClock(state: State, t: ClockTimes): { kind: ClockKind; dueAt: string } | null {
  if (t.pausedAt) return null;
  switch (state) {
    case 'reported':
    case 'accepted':
      return t.acceptDue ? { kind: 'accept', dueAt: t.acceptDue } : null;
    case 'dispatched':
      return t.ackDue ? { kind: 'acknowledge', dueAt: t.ackDue } : null;
    case 'in_progress':
      if (!t.arrivedAt && t.onSceneDue) {
        // Whichever comes first: the on-scene clock, or the resolve clock if it is already shorter.
        if (t.resolveDue && t.resolveDue < t.onSceneDue) return { kind: 'resolve', dueAt: t.resolveDue };
        return { kind: 'on_scene', dueAt: t.onSceneDue };
      }
      return t.resolveDue ? { kind: 'resolve', dueAt: t.resolveDue } : null;
    case 'resolved':
    case 'returned':
    case 'escalated':
    case 'closed':
    case 'invalid':
    case 'merged':
      return null;
    default: {
      const never: never = state;
      throw new Error(`unknown state ${String(never)}`);
    }
  }
}
