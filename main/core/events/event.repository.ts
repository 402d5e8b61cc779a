/**
 * SQL of events, their timeline, assignments, sensor readings and approvals. The only code of the
 * events feature that reads or writes those tables, with event-page.ts (a sync page's set-based
 * writes). Hot paths (the queue, one command) are single prepared statements, measured by `npm run bench`.
 */
import type { Sql } from '../db/db';

/** A closed event on the 回访 list (closedToFollowUp). */
export interface FollowUpRecord {
  id: string;
  title: string;
  level: string;
  category_code: string;
  closed_at: string;
  caller_name: string | null;
  caller_phone: string | null;
  version: number;
  unreachable_calls: number;
}

export interface EventRecord {
  id: string;
  town_code: string;
  title: string;
  description: string | null;
  category_code: string;
  board_code: string;
  level: string;
  level_rank: number;
  source: string;
  grid_code: string | null;
  lng: number | null;
  lat: number | null;
  caller_name: string | null;
  caller_phone: string | null;
  state: string;
  is_open: number;
  reported_at: string;
  accepted_at: string | null;
  dispatched_at: string | null;
  acknowledged_at: string | null;
  arrived_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  accept_due: string | null;
  ack_due: string | null;
  on_scene_due: string | null;
  resolve_due: string | null;
  due_at: string | null;
  due_kind: string | null;
  lead_post_id: string | null;
  coop_post_ids: string;
  handler_id: string | null;
  possible_duplicate_of: string | null;
  merged_into: string | null;
  carried_over: number;
  carry_over_note: string | null;
  /** A held event's review date (挂账, Beijing YYYY-MM-DD); null when not held. */
  hold_review_by: string | null;
  /** When the clock stopped (held, or a return waiting for consent); null when it runs. */
  clock_paused_at: string | null;
  /**
   * 首报 (issue #15, event-situation-report.ts): when the first report is due (serious and above, once
   * accepted) and when it was filed; when the final report (终报) was. Absent (NULL) on a row made by
   * hand without them (a new event, the bench's factory).
   */
  first_report_due?: string | null;
  first_report_at?: string | null;
  final_report_at?: string | null;
  /** 续报 (issue #15): when the next update is due (serious and above, once the first report is filed, until the final report or the end). */
  update_report_due?: string | null;
  version: number;
  hlc: string;
  updated_at: string;
}

export const EVENT_COLUMNS: readonly (keyof EventRecord)[] = [
  'id',
  'town_code',
  'title',
  'description',
  'category_code',
  'board_code',
  'level',
  'level_rank',
  'source',
  'grid_code',
  'lng',
  'lat',
  'caller_name',
  'caller_phone',
  'state',
  'is_open',
  'reported_at',
  'accepted_at',
  'dispatched_at',
  'acknowledged_at',
  'arrived_at',
  'resolved_at',
  'closed_at',
  'accept_due',
  'ack_due',
  'on_scene_due',
  'resolve_due',
  'due_at',
  'due_kind',
  'lead_post_id',
  'coop_post_ids',
  'handler_id',
  'possible_duplicate_of',
  'merged_into',
  'carried_over',
  'carry_over_note',
  'hold_review_by',
  'clock_paused_at',
  'first_report_due',
  'first_report_at',
  'final_report_at',
  'update_report_due',
  'version',
  'hlc',
  'updated_at',
];

export const INSERT_EVENT_SQL = `INSERT INTO event (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`;

export function eventParams(e: EventRecord): unknown[] {
  return EVENT_COLUMNS.map((c) => e[c]);
}

/**
 * Rows per multi-row INSERT in insertMany. SQLite (3.32+, and the 3.53.4 sqlite3 is built on)
 * allows 32766 bound variables per statement: 32766 / 45 columns = 728 rows at most.
 */
export const INSERT_MANY_CHUNK = Math.floor(32766 / EVENT_COLUMNS.length);
const insertManySqlCache = new Map<number, string>();

function insertManySql(rows: number): string {
  let text = insertManySqlCache.get(rows);
  if (!text) {
    const row = `(${EVENT_COLUMNS.map(() => '?').join(',')})`;
    text = `INSERT INTO event (${EVENT_COLUMNS.join(', ')}) VALUES ${new Array<string>(rows).fill(row).join(',')}`;
    if (insertManySqlCache.size > 8) insertManySqlCache.clear();
    insertManySqlCache.set(rows, text);
  }
  return text;
}

/** The queue's SQL: open events of the town, most severe first, then oldest (uses idx_event_queue). */
export const QUEUE_SQL = `SELECT id, title, level, state, source, category_code, board_code, grid_code, reported_at,
  due_at, due_kind, possible_duplicate_of, carried_over, lead_post_id, version
  FROM event WHERE town_code = ? AND is_open = 1 ORDER BY level_rank DESC, reported_at ASC LIMIT ?`;

export interface QueueRecord {
  id: string;
  title: string;
  level: string;
  state: string;
  source: string;
  category_code: string;
  board_code: string;
  grid_code: string | null;
  reported_at: string;
  due_at: string | null;
  due_kind: string | null;
  possible_duplicate_of: string | null;
  carried_over: number;
  lead_post_id: string | null;
  version: number;
}

export interface QueueQuery {
  townCode: string;
  limit: number;
  levels?: readonly string[];
  states?: readonly string[];
  sources?: readonly string[];
  boardCode?: string;
  search?: string;
  overdueBefore?: string;
}

function queueWhere(q: QueueQuery): { where: string; params: unknown[] } {
  const clauses = ['town_code = ?', 'is_open = 1'];
  const params: unknown[] = [q.townCode];
  const inList = (column: string, values: readonly string[] | undefined): void => {
    if (!values || values.length === 0) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('level', q.levels);
  inList('state', q.states);
  inList('source', q.sources);
  if (q.boardCode) {
    clauses.push('board_code = ?');
    params.push(q.boardCode);
  }
  if (q.search) {
    clauses.push(`(title LIKE ? ESCAPE '\\' OR id = ? OR grid_code = ? OR category_code = ?)`);
    params.push(`%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, q.search, q.search, q.search);
  }
  if (q.overdueBefore) {
    clauses.push('due_at IS NOT NULL AND due_at < ?');
    params.push(q.overdueBefore);
  }
  return { where: clauses.join(' AND '), params };
}

export class EventRepository {
  async queue(sql: Sql, q: QueueQuery): Promise<QueueRecord[]> {
    const plain = !q.levels?.length && !q.states?.length && !q.sources?.length && !q.boardCode && !q.search && !q.overdueBefore;
    if (plain) return sql.all<QueueRecord>(QUEUE_SQL, [q.townCode, q.limit]);
    const { where, params } = queueWhere(q);
    return sql.all<QueueRecord>(
      `SELECT id, title, level, state, source, category_code, board_code, grid_code, reported_at, due_at, due_kind,
        possible_duplicate_of, carried_over, lead_post_id, version FROM event WHERE ${where}
        ORDER BY level_rank DESC, reported_at ASC LIMIT ?`,
      [...params, q.limit],
    );
  }

  async queueCount(sql: Sql, q: QueueQuery): Promise<number> {
    const { where, params } = queueWhere(q);
    const row = await sql.get<{ n: number }>(`SELECT count(*) AS n FROM event WHERE ${where}`, params);
    return row?.n ?? 0;
  }

  /** 联动 on the wall (issue #18): the town's open events with a place reported at or after `since`, newest first (at most 200). */
  recentLocated(
    sql: Sql,
    townCode: string,
    since: string,
  ): Promise<Pick<EventRecord, 'id' | 'title' | 'level' | 'source' | 'state' | 'grid_code' | 'reported_at' | 'lng' | 'lat'>[]> {
    return sql.all(
      `SELECT id, title, level, source, state, grid_code, reported_at, lng, lat FROM event
        WHERE town_code = ? AND is_open = 1 AND reported_at >= ? AND lng IS NOT NULL AND lat IS NOT NULL ORDER BY reported_at DESC, id DESC LIMIT 200`,
      [townCode, since],
    );
  }

  get(sql: Sql, id: string): Promise<EventRecord | undefined> {
    return sql.get<EventRecord>(`SELECT * FROM event WHERE id = ?`, [id]);
  }

  insert(sql: Sql, e: EventRecord): Promise<void> {
    return sql.run(INSERT_EVENT_SQL, eventParams(e));
  }

  /**
   * Writes many events (an import, a district backfill) in as few statements as SQLite allows:
   * multi-row INSERTs of INSERT_MANY_CHUNK rows, so 100,000 events are 138 calls instead of
   * 100,000. Call inside one `db.write` (all or nothing).
   */
  async insertMany(sql: Sql, events: readonly EventRecord[]): Promise<void> {
    for (let start = 0; start < events.length; start += INSERT_MANY_CHUNK) {
      const chunk = events.slice(start, start + INSERT_MANY_CHUNK);
      const params: unknown[] = new Array(chunk.length * EVENT_COLUMNS.length);
      let k = 0;
      for (const e of chunk) for (const c of EVENT_COLUMNS) params[k++] = e[c];
      await sql.run(insertManySql(chunk.length), params);
    }
  }

  /** Writes the changed columns of an event (one UPDATE). */
  async update(sql: Sql, id: string, changes: Partial<EventRecord>): Promise<void> {
    const keys = Object.keys(changes) as (keyof EventRecord)[];
    if (keys.length === 0) return;
    await sql.run(`UPDATE event SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`, [...keys.map((k) => changes[k]), id]);
  }

  appendTimeline(
    sql: Sql,
    entry: { eventId: string; action: string; fromState: string | null; toState: string | null; actorId: string | null; at: string; payload: unknown },
  ): Promise<void> {
    return sql.run(`INSERT INTO event_timeline (event_id, action, from_state, to_state, actor_id, at, payload) VALUES (?,?,?,?,?,?,?)`, [
      entry.eventId,
      entry.action,
      entry.fromState,
      entry.toState,
      entry.actorId,
      entry.at,
      JSON.stringify(entry.payload),
    ]);
  }

  timeline(
    sql: Sql,
    eventIds: readonly string[],
  ): Promise<{ id: number; event_id: string; action: string; from_state: string | null; to_state: string | null; actor_id: string | null; at: string; payload: string }[]> {
    return sql.all(
      `SELECT id, event_id, action, from_state, to_state, actor_id, at, payload FROM event_timeline
        WHERE event_id IN (${eventIds.map(() => '?').join(', ')}) ORDER BY at, id`,
      [...eventIds],
    );
  }

  /** The latest timeline row among `actions` (the ones that change the event's version). */
  lastChange(sql: Sql, eventId: string, actions: readonly string[]): Promise<{ action: string; actor_id: string | null; at: string } | undefined> {
    return sql.get(`SELECT action, actor_id, at FROM event_timeline WHERE event_id = ? AND action IN (${actions.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT 1`, [
      eventId,
      ...actions,
    ]);
  }

  mergedInto(sql: Sql, eventId: string): Promise<{ id: string }[]> {
    return sql.all(`SELECT id FROM event WHERE merged_into = ?`, [eventId]);
  }

  /** An open event of the same item in the same grid reported within the window before `at`. */
  findPossibleDuplicate(sql: Sql, categoryCode: string, gridCode: string, since: string, at: string): Promise<{ id: string } | undefined> {
    return sql.get(
      `SELECT id FROM event WHERE is_open = 1 AND category_code = ? AND grid_code = ? AND reported_at >= ? AND reported_at <= ?
        ORDER BY reported_at DESC LIMIT 1`,
      [categoryCode, gridCode, since, at],
    );
  }

  overdue(sql: Sql, now: string, limit: number): Promise<{ id: string; due_kind: string; due_at: string; level: string; title: string }[]> {
    return sql.all(`SELECT id, due_kind, due_at, level, title FROM event WHERE is_open = 1 AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT ?`, [now, limit]);
  }

  /** Held open events of the town (挂账), the nearest review first (uses idx_event_held). */
  held(sql: Sql, townCode: string): Promise<HeldRecord[]> {
    return sql.all<HeldRecord>(
      `SELECT id, title, level, state, category_code, lead_post_id, carry_over_note, hold_review_by, clock_paused_at, version FROM event
        WHERE hold_review_by IS NOT NULL AND is_open = 1 AND town_code = ? ORDER BY hold_review_by, id LIMIT 2000`,
      [townCode],
    );
  }

  /**
   * Closed events of the town closed in [from, to) with no 回访 since their last close (follow_up),
   * with how many calls nobody answered since then (the console's `unreachable` action). Every level:
   * the sampling is the caller's (a hash of the id); uses idx_event_closed.
   */
  closedToFollowUp(sql: Sql, townCode: string, from: string, to: string, unreachable: string): Promise<FollowUpRecord[]> {
    return sql.all<FollowUpRecord>(
      `SELECT e.id, e.title, e.level, e.category_code, e.closed_at, e.caller_name, e.caller_phone, e.version,
              (SELECT COUNT(*) FROM event_timeline u WHERE u.event_id = e.id AND u.action = ? AND u.at >= e.closed_at) AS unreachable_calls
         FROM event e
        WHERE e.town_code = ? AND e.state = 'closed' AND e.closed_at >= ? AND e.closed_at < ?
          AND NOT EXISTS (SELECT 1 FROM event_timeline f WHERE f.event_id = e.id AND f.action = 'follow_up' AND f.at >= e.closed_at)
        ORDER BY e.closed_at DESC, e.id LIMIT 50000`,
      [unreachable, townCode, from, to],
    );
  }

  /** A held event leaves the overdue alarms: its open ones are settled by the system, with a note. */
  settleOverdueAlarms(sql: Sql, eventId: string, note: string, at: string): Promise<void> {
    return sql.run(`UPDATE alarm SET acked_at = ?, acked_by = 'system', ack_note = ? WHERE event_id = ? AND kind IN ('overdue', 'ack_timeout') AND acked_at IS NULL`, [
      at,
      note,
      eventId,
    ]);
  }

  /** Held open events whose review date has come (the sweep's reminders). */
  holdsToReview(sql: Sql, today: string, limit: number): Promise<{ id: string; hold_review_by: string }[]> {
    return sql.all(`SELECT id, hold_review_by FROM event WHERE hold_review_by IS NOT NULL AND hold_review_by <= ? AND is_open = 1 ORDER BY hold_review_by LIMIT ?`, [today, limit]);
  }

  assignments(sql: Sql, eventId: string): Promise<AssignmentRecord[]> {
    return sql.all<AssignmentRecord>(`SELECT * FROM assignment WHERE event_id = ? ORDER BY id`, [eventId]);
  }

  deactivateAssignments(sql: Sql, eventId: string): Promise<void> {
    return sql.run(`UPDATE assignment SET active = 0 WHERE event_id = ? AND active = 1`, [eventId]);
  }

  /** A dispatch's assignments, in order, in one statement (a dispatch names at most 31 posts). */
  insertAssignments(sql: Sql, rows: readonly Omit<AssignmentRecord, 'id'>[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return sql.run(
      `INSERT INTO assignment (event_id, post_id, role, person_id, holder_as, dispatched_at, ack_due, acknowledged_at, arrived_at, active)
        VALUES ${rows.map(() => '(?,?,?,?,?,?,?,?,?,?)').join(',')}`,
      rows.flatMap((a) => [a.event_id, a.post_id, a.role, a.person_id, a.holder_as, a.dispatched_at, a.ack_due, a.acknowledged_at, a.arrived_at, a.active]),
    );
  }

  updateAssignment(sql: Sql, id: number, changes: Partial<AssignmentRecord>): Promise<void> {
    const keys = Object.keys(changes) as (keyof AssignmentRecord)[];
    return sql.run(`UPDATE assignment SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`, [...keys.map((k) => changes[k]), id]);
  }

  // ---- the sensor reading beside an event (plans trigger on it) --------------------------------

  putSensor(sql: Sql, eventId: string, s: { type: string; value: number; unit?: string }): Promise<void> {
    return sql.run(`INSERT OR REPLACE INTO event_sensor (event_id, type, value, unit) VALUES (?,?,?,?)`, [eventId, s.type, s.value, s.unit ?? null]);
  }

  sensor(sql: Sql, eventId: string): Promise<{ type: string; value: number; unit: string | null } | undefined> {
    return sql.get(`SELECT type, value, unit FROM event_sensor WHERE event_id = ?`, [eventId]);
  }

  // ---- approvals: return and extension requests, decided by the duty leader --------------------

  pendingApproval(sql: Sql, eventId: string, kind: ApprovalRecord['kind']): Promise<{ id: string } | undefined> {
    return sql.get(`SELECT id FROM approval WHERE event_id = ? AND kind = ? AND status = 'pending'`, [eventId, kind]);
  }

  insertApproval(sql: Sql, a: Pick<ApprovalRecord, 'id' | 'kind' | 'event_id' | 'requested_by' | 'requested_at' | 'payload'>): Promise<void> {
    return sql.run(`INSERT INTO approval (id, kind, event_id, requested_by, requested_at, payload, status) VALUES (?,?,?,?,?,?, 'pending')`, [
      a.id,
      a.kind,
      a.event_id,
      a.requested_by,
      a.requested_at,
      a.payload,
    ]);
  }

  approval(sql: Sql, id: string): Promise<ApprovalRecord | undefined> {
    return sql.get<ApprovalRecord>(`SELECT id, kind, event_id, status, payload, requested_by, requested_at, decided_by, decided_at FROM approval WHERE id = ?`, [id]);
  }

  decideApproval(sql: Sql, id: string, d: { status: 'approved' | 'refused'; by: string; at: string; note: string | null }): Promise<void> {
    return sql.run(`UPDATE approval SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?`, [d.status, d.by, d.at, d.note, id]);
  }

  /** Approvals with their event's title, newest first: of one event, or the pending ones, or all. */
  approvals(sql: Sql, filter: { eventId?: string; pendingOnly?: boolean }): Promise<(ApprovalRecord & { title: string })[]> {
    const where = filter.eventId ? 'a.event_id = ?' : filter.pendingOnly ? `a.status = 'pending'` : '1 = 1';
    return sql.all(
      `SELECT a.id, a.kind, a.event_id, a.status, a.payload, a.requested_by, a.requested_at, a.decided_by, a.decided_at, e.title
        FROM approval a JOIN event e ON e.id = a.event_id WHERE ${where} ORDER BY a.requested_at DESC LIMIT 200`,
      filter.eventId ? [filter.eventId] : [],
    );
  }
}

export interface ApprovalRecord {
  id: string;
  kind: 'return' | 'extend' | 'hold';
  event_id: string;
  status: 'pending' | 'approved' | 'refused';
  payload: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

export type HeldRecord = Pick<EventRecord, 'id' | 'title' | 'level' | 'state' | 'category_code' | 'lead_post_id' | 'carry_over_note' | 'clock_paused_at' | 'version'> & {
  hold_review_by: string;
};

export interface AssignmentRecord {
  id: number;
  event_id: string;
  post_id: string;
  role: 'lead' | 'cooperating';
  person_id: string | null;
  holder_as: 'A' | 'B' | null;
  dispatched_at: string;
  ack_due: string | null;
  acknowledged_at: string | null;
  arrived_at: string | null;
  active: number;
}
