/**
 * The alarms an event raises of itself besides a serious report and a breach (issue #17): a new
 * district dispatch (区级交办) and a sensor alert, each once per event and settled when the event is
 * accepted; a clock about to run out (即将到期), once per event and clock when a running clock has
 * less than SLA_WARN_LEFT of its limit left (the queue's amber), settled when that clock stops
 * (the event moved on, stands, is held or closed) or when its overdue alarm replaces it.
 */
import { SLA_WARN_LEFT } from '../../../preload/contract/sla-rules';
import type { Sql } from '../db/db';
import { settleAlarm } from '../kernel/alarm.repository';
import type { EventContext, EventWrite } from './event-context';
import type { EventRecord } from './event.repository';

export const districtDispatchKey = (eventId: string): string => `district_dispatch:${eventId}`;
export const sensorAlertKey = (eventId: string): string => `sensor_alert:${eventId}`;
export const dueSoonKey = (eventId: string, dueKind: string): string => `due_soon:${eventId}:${dueKind}`;

/** What the settled alarms say (the alarm list shows it). */
export const SETTLED_ACCEPTED = '事件已受理';
export const SETTLED_CLOCK_STOPPED = '该时限已停止';
export const SETTLED_OVERDUE = '已超期，改由超期告警';
export const SETTLED_GONE = '事件已受理或已结束';
export const SETTLED_RELEASED = '已解除挂账';

/** A held event's review reminder (挂账复核), once per review date (event-sweep.ts). */
export const holdReviewKey = (eventId: string, reviewBy: string): string => `hold_review:${eventId}:${reviewBy}`;

/** Where a clock started: the report for the accept clock, the (latest) dispatch for the others. */
const CLOCK_START = `CASE e.due_kind WHEN 'accept' THEN e.reported_at ELSE e.dispatched_at END`;

/** Open events whose running clock has less than SLA_WARN_LEFT of its limit left and was not warned of yet. */
export function dueSoonEvents(sql: Sql, now: string, limit: number): Promise<{ id: string; due_kind: string; due_at: string }[]> {
  return sql.all(
    `SELECT e.id, e.due_kind, e.due_at FROM event e
      WHERE e.is_open = 1 AND e.clock_paused_at IS NULL AND e.due_kind IS NOT NULL AND e.due_at > ?
        AND julianday(e.due_at) - julianday(?) < ? * (julianday(e.due_at) - julianday(${CLOCK_START}))
        AND NOT EXISTS (SELECT 1 FROM alarm a WHERE a.key = 'due_soon:' || e.id || ':' || e.due_kind)
      ORDER BY e.due_at LIMIT ?`,
    [now, now, SLA_WARN_LEFT, limit],
  );
}

/**
 * The open alarms of these kinds whose reason is gone, whatever way the event changed (a sync reset,
 * a return's pause, a sync page): a 即将到期 whose clock no longer runs, a dispatch or sensor alert
 * of an event accepted or closed. The sweep settles them.
 */
export function staleEventAlarms(sql: Sql, limit: number): Promise<{ key: string; kind: string }[]> {
  return sql.all(
    `SELECT a.key, a.kind FROM alarm a LEFT JOIN event e ON e.id = a.event_id
      WHERE a.acked_at IS NULL AND (
        (a.kind = 'due_soon' AND NOT COALESCE(e.is_open = 1 AND e.clock_paused_at IS NULL AND a.key = 'due_soon:' || e.id || ':' || e.due_kind, 0))
        OR (a.kind IN ('district_dispatch', 'sensor_alert') AND COALESCE(e.accepted_at IS NOT NULL OR e.is_open = 0, 1)))
      LIMIT ?`,
    [limit],
  );
}

/**
 * Settles at once what an event's change ends: its dispatch and sensor alerts when accepted, the
 * 挂账复核 reminder of a hold that ended, the 即将到期 of a clock that stopped (in a sync page: with the page's writes). Returns whether it
 * settled one (the desk is told).
 */
export async function settleOnTransition(
  ctx: Pick<EventContext, 'page'>,
  sql: Sql,
  actorId: string,
  before: EventRecord,
  after: EventRecord,
  action: string,
  at: string,
): Promise<boolean> {
  const keys: [string, string][] = [];
  if (action === 'accept') keys.push([districtDispatchKey(before.id), SETTLED_ACCEPTED], [sensorAlertKey(before.id), SETTLED_ACCEPTED]);
  if (before.due_kind && (after.due_kind !== before.due_kind || after.clock_paused_at)) keys.push([dueSoonKey(before.id, before.due_kind), SETTLED_CLOCK_STOPPED]);
  // Released (by a `release`, or on the way out of the handling states): its review reminder is done.
  if (before.hold_review_by && !after.hold_review_by) keys.push([holdReviewKey(before.id, before.hold_review_by), SETTLED_RELEASED]);
  if (keys.length === 0) return false;
  if (ctx.page) {
    for (const [key, note] of keys) ctx.page.settleAlarm(key, actorId, note, at);
    return false;
  }
  const open = await sql.all<{ key: string }>(
    `SELECT key FROM alarm WHERE acked_at IS NULL AND key IN (${keys.map(() => '?').join(',')})`,
    keys.map(([k]) => k),
  );
  for (const { key } of open) await settleAlarm(sql, key, actorId, keys.find(([k]) => k === key)![1], at);
  return open.length > 0;
}

/** A new event the district sent down to the town (assign_to_town): once per event. */
export function raiseDistrictDispatch(w: Pick<EventWrite, 'raiseAlarm'>, eventId: string, title: string, level: string, at: string): Promise<boolean> {
  return w.raiseAlarm({ key: districtDispatchKey(eventId), kind: 'district_dispatch', eventId, detail: { title, level }, at });
}
