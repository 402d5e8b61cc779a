/**
 * The event's clock across its life (issue #15; the rule is written in docs/protocol-decisions.md,
 * "The event's clock"):
 * - it stops while the event is held (挂账) and while a return waits for the leader's consent
 *   (GB/T 30428: that time is not the handler's); the event then has no clock the desk watches;
 * - when it runs again, every clock still running moves on by the time it stood;
 * - a reclassification counts the new category's and level's limits from each clock's original start
 *   (accept: the report; acknowledge, on scene, resolve: the first dispatch), keeping what was added
 *   to a clock meanwhile (a pause, an approved extension).
 * Pure functions of an event's row: the same on every console and for an op from the district.
 */
import type { Level } from '../../../preload/contract/schemas';
import { currentClock, deadline, type ItemLimits } from '../sla/sla';
import type { DeadlineCalendar } from './event-context';
import type { EventState } from './event-lifecycle';
import type { EventRecord } from './event.repository';

type DueColumn = 'accept_due' | 'ack_due' | 'on_scene_due' | 'resolve_due';

/** Each clock: its deadline's column, the limit it counts, where it started, and whether it still runs. */
const CLOCKS: readonly { due: DueColumn; limit: keyof ItemLimits; start: (e: EventRecord) => string | null; running: (e: EventRecord) => boolean }[] = [
  { due: 'accept_due', limit: 'accept', start: (e) => e.reported_at, running: (e) => !e.dispatched_at && !e.closed_at },
  { due: 'ack_due', limit: 'acknowledge', start: (e) => e.dispatched_at, running: (e) => !e.acknowledged_at },
  { due: 'on_scene_due', limit: 'onScene', start: (e) => e.dispatched_at, running: (e) => !e.arrived_at },
  { due: 'resolve_due', limit: 'resolve', start: (e) => e.dispatched_at, running: (e) => !e.resolved_at },
];

/** The clock the desk watches now (none while the clock stands). */
export function watchedClock(e: EventRecord): Pick<EventRecord, 'due_at' | 'due_kind'> {
  const clock = currentClock(e.state as EventState, {
    acceptDue: e.accept_due,
    ackDue: e.ack_due,
    onSceneDue: e.on_scene_due,
    resolveDue: e.resolve_due,
    arrivedAt: e.arrived_at,
    pausedAt: e.clock_paused_at,
  });
  return { due_at: clock?.dueAt ?? null, due_kind: clock?.kind ?? null };
}

/** Stops the clock at `at` (a clock already standing keeps its first stop). */
export function pauseClock(e: EventRecord, at: string): Partial<EventRecord> {
  const next = { ...e, clock_paused_at: e.clock_paused_at ?? at };
  return { clock_paused_at: next.clock_paused_at, ...watchedClock(next) };
}

/** Runs the clock again at `at`: every running clock's deadline moves on by the time it stood. */
export function resumeClock(e: EventRecord, at: string): Partial<EventRecord> {
  if (!e.clock_paused_at) return {};
  const stood = Math.max(0, Date.parse(at) - Date.parse(e.clock_paused_at));
  const changes: Partial<EventRecord> = { clock_paused_at: null };
  for (const c of CLOCKS) {
    const due = e[c.due];
    if (due && c.running(e)) changes[c.due] = new Date(Date.parse(due) + stood).toISOString();
  }
  return { ...changes, ...watchedClock({ ...e, ...changes }) };
}

/** The row of a held event (挂账): flagged, its reason and review date kept, its clock stopped at `at`. */
export function holdChanges(e: EventRecord, reason: string, reviewBy: string, at: string): Partial<EventRecord> {
  return { carried_over: 1, carry_over_note: reason, hold_review_by: reviewBy, ...pauseClock(e, at) };
}

/** The row of a released event: its clocks run again, moved on by the time it was held. */
export function releaseChanges(e: EventRecord, at: string): Partial<EventRecord> {
  return { carried_over: 0, carry_over_note: null, hold_review_by: null, ...resumeClock(e, at) };
}

/** The running clocks' deadlines under new limits, counted from each clock's original start. */
export function reclassifiedDues(
  calendar: DeadlineCalendar,
  e: EventRecord,
  before: { limits: ItemLimits; level: Level },
  after: { limits: ItemLimits; level: Level },
): Partial<EventRecord> {
  const changes: Partial<EventRecord> = {};
  for (const c of CLOCKS) {
    const due = e[c.due];
    const start = c.start(e);
    if (!due || !start || !c.running(e)) continue;
    const from = new Date(start);
    const added = Date.parse(due) - deadline(calendar, from, c.limit, before.limits, before.level).getTime();
    changes[c.due] = new Date(deadline(calendar, from, c.limit, after.limits, after.level).getTime() + added).toISOString();
  }
  return changes;
}
