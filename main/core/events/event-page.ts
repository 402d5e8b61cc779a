/**
 * A page of district ops applied set-based (issue #20): the page's events and their active tasks are
 * read in one query each, every op works on them in memory through the same lifecycle as before, and
 * what they wrote goes to SQLite at the end in a handful of statements, each taking the page's rows
 * as one JSON parameter read with `jsonb_each`:
 *
 *   - the new events, each as it stands after the page (one INSERT);
 *   - the events that were there, only the columns the page changed (one UPDATE per set of columns);
 *   - the timeline rows, in order (one INSERT);
 *   - the tasks the page changed (one UPDATE) and the ones it made, in order (one INSERT);
 *   - the alarms, in order (one INSERT; a key already there keeps its alarm), then the ones the page
 *     settled (an accepted district dispatch: raised in the same page, too);
 *
 * and then the report hooks see the page's new events at once (EventContext.flushPage).
 *
 * Only the page's transaction runs meanwhile (writes are serialized), so nothing else can change these
 * rows under the cache. `flush` may run more than once (after every op, when a page is applied again
 * to find the op that failed): each time it writes what changed since the last.
 */
import type { Sql } from '../db/db';
import { raiseAlarms, settleAlarm, type RaiseAlarm } from '../kernel/alarm.repository';
import { EVENT_COLUMNS, type AssignmentRecord, type EventRecord } from './event.repository';
import type { ReportedEvent } from './event-types';

export type PageTimelineRow = { eventId: string; action: string; fromState: string | null; toState: string | null; actorId: string | null; at: string; payload: unknown };
type NewAssignment = Omit<AssignmentRecord, 'id'>;
type PageAssignment = NewAssignment & { id?: number };

/** The columns of a task an op may change (acknowledge, arrive, a new dispatch ending it). */
const TASK_CHANGES = ['active', 'acknowledged_at', 'arrived_at'] as const;
const TASK_COLUMNS = ['event_id', 'post_id', 'role', 'person_id', 'holder_as', 'dispatched_at', 'ack_due', 'acknowledged_at', 'arrived_at', 'active'] as const;

/** `value ->> n` for each of `names`, the n-th element of the page row. */
const fields = (names: readonly string[], from = 0): string => names.map((_, i) => `value ->> ${i + from}`).join(', ');

const INSERT_EVENTS_SQL = `INSERT INTO event (${EVENT_COLUMNS.join(', ')}) SELECT ${fields(EVENT_COLUMNS)} FROM jsonb_each(?)`;
const INSERT_TIMELINE_SQL = `INSERT INTO event_timeline (event_id, action, from_state, to_state, actor_id, at, payload)
  SELECT ${fields(['event_id', 'action', 'from_state', 'to_state', 'actor_id', 'at', 'payload'])} FROM jsonb_each(?) ORDER BY key`;
const INSERT_TASKS_SQL = `INSERT INTO assignment (${TASK_COLUMNS.join(', ')}) SELECT ${fields(TASK_COLUMNS)} FROM jsonb_each(?) ORDER BY key`;
const UPDATE_TASKS_SQL = `UPDATE assignment SET (${TASK_CHANGES.join(', ')}) = (${fields(TASK_CHANGES, 1)}) FROM jsonb_each(?) AS v WHERE assignment.id = v.value ->> 0`;
const updateEventsSqlCache = new Map<string, string>();

function updateEventsSql(columns: readonly string[]): string {
  const key = columns.join(',');
  let text = updateEventsSqlCache.get(key);
  if (!text) {
    const set = columns.length === 1 ? `${columns[0]} = v.value ->> 1` : `(${columns.join(', ')}) = (${columns.map((_, i) => `v.value ->> ${i + 1}`).join(', ')})`;
    text = `UPDATE event SET ${set} FROM jsonb_each(?) AS v WHERE event.id = v.value ->> 0`;
    if (updateEventsSqlCache.size > 64) updateEventsSqlCache.clear();
    updateEventsSqlCache.set(key, text);
  }
  return text;
}

export class EventPage {
  /** The page's events as the ops write them (null: not there). */
  readonly events = new Map<string, EventRecord | null>();
  /** The events as SQLite holds them (as read, or as the last flush wrote them). */
  private readonly stored = new Map<string, EventRecord>();
  private timeline: PageTimelineRow[] = [];
  /** Per event, its active tasks (stored and new), oldest first. */
  private readonly active = new Map<string, PageAssignment[]>();
  private fresh: PageAssignment[] = [];
  private touched = new Set<PageAssignment>();
  private alarms: RaiseAlarm[] = [];
  private settled: { key: string; actorId: string; note: string; at: string }[] = [];
  /** The new events the report hooks are still to see (taken by the caller of flush, after it). */
  reported: { event: ReportedEvent; at: string }[] = [];

  /** Reads the events of these ids, and their active tasks, in one query each. */
  static async read(sql: Sql, eventIds: readonly string[]): Promise<EventPage> {
    const page = new EventPage();
    const ids = [...new Set(eventIds)];
    for (const id of ids) page.events.set(id, null);
    if (ids.length === 0) return page;
    const rows = await sql.all<EventRecord>(`SELECT * FROM event WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]);
    for (const row of rows) {
      page.events.set(row.id, row);
      page.stored.set(row.id, row);
    }
    if (rows.length > 0) {
      const tasks = await sql.all<AssignmentRecord>(`SELECT * FROM assignment WHERE active = 1 AND event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, id`, [
        JSON.stringify(rows.map((r) => r.id)),
      ]);
      for (const t of tasks) page.tasksOf(t.event_id).push(t);
    }
    return page;
  }

  private tasksOf(eventId: string): PageAssignment[] {
    let list = this.active.get(eventId);
    if (!list) {
      list = [];
      this.active.set(eventId, list);
    }
    return list;
  }

  has(id: string): boolean {
    return this.events.has(id);
  }

  get(id: string): EventRecord | undefined {
    return this.events.get(id) ?? undefined;
  }

  /** The event as an op left it (a new one is inserted by the flush). */
  remember(e: EventRecord): void {
    this.events.set(e.id, e);
  }

  /** The latest first report or update of an event among the page's timeline rows not written yet (续报's clock). */
  latestReportAt(eventId: string): string | null {
    let latest: string | null = null;
    for (const t of this.timeline) {
      if (t.eventId !== eventId || t.action !== 'situation_report' || (latest && t.at <= latest)) continue;
      const stage = (t.payload as { stage?: unknown } | null)?.stage;
      if (stage === 'first' || stage === 'update') latest = t.at;
    }
    return latest;
  }

  appendTimeline(entry: PageTimelineRow): void {
    this.timeline.push(entry);
  }

  /** An alarm, raised with the page's writes (unless one with its key exists by then, as raiseAlarm). */
  raiseAlarm(alarm: RaiseAlarm): void {
    this.alarms.push(alarm);
  }

  /** An alarm settled by its key, after the page's alarms are written (one the page raised is settled too). */
  settleAlarm(key: string, actorId: string, note: string, at: string): void {
    this.settled.push({ key, actorId, note, at });
  }

  /** A new dispatch: the event's active tasks end. */
  deactivateAssignments(eventId: string): void {
    for (const t of this.active.get(eventId) ?? []) {
      t.active = 0;
      if (t.id !== undefined) this.touched.add(t);
    }
    this.active.set(eventId, []);
  }

  insertAssignments(rows: readonly NewAssignment[]): void {
    for (const row of rows) {
      const t: PageAssignment = { ...row };
      this.fresh.push(t);
      if (t.active === 1) this.tasksOf(t.event_id).push(t);
    }
  }

  /** Marks the active task of a post on an event (acknowledged, arrived), as markAssignment does. */
  markAssignment(eventId: string, postId: string, changes: Partial<AssignmentRecord>): void {
    const mine = (this.active.get(eventId) ?? []).find((a) => a.active === 1 && a.post_id === postId);
    if (!mine) return;
    Object.assign(mine, changes);
    if (mine.id !== undefined) this.touched.add(mine);
  }

  /**
   * Writes what the page changed since the last flush. `last` false: more ops follow, so the ids of
   * the tasks just made are read back (a later op may end or mark them).
   */
  async flush(sql: Sql, last = true): Promise<void> {
    const inserts: unknown[][] = [];
    const updates = new Map<string, unknown[][]>();
    for (const [id, e] of this.events) {
      if (!e) continue;
      const before = this.stored.get(id);
      if (before === e) continue;
      if (!before) {
        inserts.push(EVENT_COLUMNS.map((c) => e[c]));
      } else {
        const columns = EVENT_COLUMNS.filter((c) => e[c] !== before[c]);
        if (columns.length > 0) {
          const key = columns.join(',');
          let rows = updates.get(key);
          if (!rows) updates.set(key, (rows = []));
          rows.push([id, ...columns.map((c) => e[c])]);
        }
      }
      this.stored.set(id, e);
    }
    if (inserts.length > 0) await sql.run(INSERT_EVENTS_SQL, [JSON.stringify(inserts)]);
    for (const [key, rows] of updates) await sql.run(updateEventsSql(key.split(',')), [JSON.stringify(rows)]);
    if (this.timeline.length > 0) {
      const rows = this.timeline.map((t) => [t.eventId, t.action, t.fromState, t.toState, t.actorId, t.at, JSON.stringify(t.payload)]);
      this.timeline = [];
      await sql.run(INSERT_TIMELINE_SQL, [JSON.stringify(rows)]);
    }
    if (this.touched.size > 0) {
      const rows = [...this.touched].map((t) => [t.id, ...TASK_CHANGES.map((c) => t[c])]);
      this.touched = new Set();
      await sql.run(UPDATE_TASKS_SQL, [JSON.stringify(rows)]);
    }
    if (this.fresh.length > 0) {
      const fresh = this.fresh;
      this.fresh = [];
      await sql.run(INSERT_TASKS_SQL, [JSON.stringify(fresh.map((t) => TASK_COLUMNS.map((c) => t[c])))]);
      if (!last && fresh.some((t) => t.active === 1)) {
        const ids = await sql.all<{ id: number }>(`SELECT id FROM assignment ORDER BY id DESC LIMIT ?`, [fresh.length]);
        ids.reverse().forEach((r, i) => (fresh[i].id = r.id));
      }
    }
    if (this.alarms.length > 0) {
      const alarms = this.alarms;
      this.alarms = [];
      await raiseAlarms(sql, alarms);
    }
    const settled = this.settled;
    this.settled = [];
    for (const a of settled) await settleAlarm(sql, a.key, a.actorId, a.note, a.at);
  }
}
