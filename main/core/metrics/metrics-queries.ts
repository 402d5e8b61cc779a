/**
 * 考核评价 (issue #16): the SQL behind the assessment figures (figures.ts assembles them). Each query is
 * one statement on an index, checked with EXPLAIN QUERY PLAN in test/metrics/figures.test.ts.
 *
 * Which timestamp puts an event in a range [from, to):
 * - reported_at (idx_event_reported_figures, migration 0021): received, 按时受理率, 按时派单率, 按时到场率,
 *   平均受理时长, 退回率's denominator, invalid / merged / escalated;
 * - closed_at (idx_event_closed_figures, migration 0021): 按期办结率's closed part, 平均处置时长, district-closed.
 *   Both indexes hold every column their scan reads (town, then time): the scans never touch the table;
 * - resolve_due of the open events (idx_event_open_due, migration 0018): 按期办结率's open part (超期未办结);
 * - the timeline row's `at` (idx_timeline_assessed, migration 0018, holding the event's id): 退回 (return),
 *   返工 (reject, reopen), results that came for verification (report_back), newly held (hold). Their
 *   events' groups come from the reported rows of the same range (most events are reported in the range
 *   their timeline rows fall in), the others looked up by id (`groupKeys`).
 * Whether the district closed an event is one probe of idx_timeline_district_close (migration 0018).
 * Open events are judged at `now`: a clock still running past its limit is late, one that stands (held,
 * or a return waiting for consent) is late only if it had already run out when it stopped.
 */
import type { MetricsFigures } from '../../../preload/contract/metrics-schemas';
import type { Sql } from '../db/db';

export type MetricsGroupBy = MetricsFigures['groupBy'];

/** The SQL expression of a group's key over `event e`. */
export const GROUP_KEY: Readonly<Record<MetricsGroupBy, string>> = {
  town: `''`,
  board: `e.board_code`,
  post: `coalesce(e.lead_post_id, '')`,
  village: `coalesce((SELECT g.village FROM grid g WHERE g.code = e.grid_code), '')`,
  grid: `coalesce(e.grid_code, '')`,
  // The person who held the lead post at the event's latest dispatch (the handler a grid worker's
  // ranking is about); '' for an event never dispatched.
  person: `coalesce((SELECT a.person_id FROM assignment a INDEXED BY idx_assignment_event WHERE a.event_id = e.id AND a.role = 'lead' ORDER BY a.id DESC LIMIT 1), '')`,
};

/**
 * 1 on time, 0 late, NULL not counted, for a clock with deadline `due` stopped at `stop`, still
 * running while `running` holds (else: the event left that clock's path, not counted).
 */
function onTimeCase(due: string, stop: string, running: string): string {
  return `CASE WHEN ${due} IS NULL THEN NULL
    WHEN ${stop} IS NOT NULL THEN (${stop} <= ${due})
    WHEN NOT (${running}) THEN NULL
    WHEN e.clock_paused_at IS NOT NULL THEN (CASE WHEN e.clock_paused_at > ${due} THEN 0 END)
    WHEN ${due} < :now THEN 0 END`;
}

/** An event the district closed (escalated to it): its timeline holds the district's close. */
export const DISTRICT_CLOSED = `EXISTS (SELECT 1 FROM event_timeline d INDEXED BY idx_timeline_district_close WHERE d.event_id = e.id AND d.action = 'district_close')`;

/**
 * 按时受理率: the desk's accept clock (event-clock.ts), stopped by the dispatch or by the desk ending the
 * event itself (closed at the desk, invalid, merged) — not by the district closing one escalated to it.
 */
export const ACCEPT_OK = onTimeCase(
  'e.accept_due',
  `CASE WHEN e.dispatched_at IS NOT NULL THEN e.dispatched_at
    WHEN e.closed_at IS NOT NULL AND NOT (e.state = 'closed' AND ${DISTRICT_CLOSED}) THEN e.closed_at END`,
  `e.state IN ('reported', 'accepted')`,
);
/** 按时派单率: dispatched by the accept limit; events never dispatched (closed at the desk, invalid, merged, returned, escalated) do not count. */
export const DISPATCH_OK = onTimeCase('e.accept_due', 'e.dispatched_at', `e.state IN ('reported', 'accepted')`);
/** 按时到场率: the lead post on scene (or the result reported back without an arrival) by the on-scene limit. */
export const ON_SCENE_OK = onTimeCase('e.on_scene_due', 'coalesce(e.arrived_at, e.resolved_at)', `e.state IN ('dispatched', 'in_progress')`);

/**
 * Ends a subquery in FROM whose columns the outer aggregate reads several times: SQLite does not flatten
 * a subquery with a LIMIT into an aggregate query (https://sqlite.org/optoverview.html#flattening), so each
 * column (the district's close looked up in the timeline, the clocks' CASEs) is computed once per row, not
 * once per use.
 */
const ONCE_PER_ROW = 'LIMIT -1';

/** Levels serious (2) and above (event-types.ts LEVEL_RANK): the events that owe a first report (首报). */
export const SERIOUS_RANK = 2;

/** 首报及时率: 1 on time, 0 late, NULL not yet due — the first report against its limit, judged at `:now`. */
export const FIRST_REPORT_OK = `CASE WHEN e.first_report_at IS NOT NULL THEN (e.first_report_at <= e.first_report_due)
  WHEN e.first_report_due < :now THEN 0 END`;

export const MINUTES = (to: string, from: string): string => `(julianday(${to}) - julianday(${from})) * 1440.0`;

export interface ReportedRow {
  k: string;
  received: number;
  acc_on: number | null;
  acc_late: number | null;
  disp_on: number | null;
  disp_late: number | null;
  scene_on: number | null;
  scene_late: number | null;
  acc_minutes: number | null;
  acc_n: number;
  invalid: number | null;
  merged: number | null;
  escalated: number | null;
  first_on: number | null;
  first_late: number | null;
  /** With `withIds`: the group's event ids, joined by ID_SEP. */
  ids?: string | null;
}

export interface ClosedRow {
  k: string;
  on_time: number | null;
  late: number | null;
  handle_minutes: number | null;
  handle_n: number;
  district: number | null;
  /**
   * With `withCalls`: each event as `<called 0|1><level>` UNIT_SEP `<id>`, joined by ID_SEP, for 回访率
   * (follow-up-queries.ts' sampling rule is applied in figures.ts).
   */
  calls?: string | null;
}

export interface CountRow {
  k: string;
  n: number;
}

/** What the timeline rows of a range say of an event (bits, OR-ed over its rows). */
export const TIMELINE_RETURNED = 1;
export const TIMELINE_REWORKED = 2;
export const TIMELINE_JUDGED = 4;
export const TIMELINE_HELD = 8;

/**
 * Many rows in one string: SQLite hands each value to JavaScript one by one, which costs more than the
 * query for tens of thousands of rows; one `group_concat` per group is one value. Event ids and levels
 * never hold these control characters.
 */
export const ID_SEP = '\x1e';
export const UNIT_SEP = '\x1f';

/** `called` since the close: a `follow_up` recorded at or after the event's close (回访率). */
export const CALLED_SINCE_CLOSE = `EXISTS (SELECT 1 FROM event_timeline f INDEXED BY idx_timeline_follow_up WHERE f.event_id = e.id AND f.action = 'follow_up' AND f.at >= e.closed_at)`;

export interface Range {
  readonly from: string;
  readonly to: string;
}

/**
 * The text with its `:name` parameters written as positional ones, and their values in that order (the
 * database layer binds positional parameters only; a name may appear many times).
 */
export function bind(text: string, params: Record<string, string>): [string, string[]] {
  const values: string[] = [];
  const out = text.replace(/:([a-z]+)\b/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for :${name}`);
    values.push(v);
    return '?';
  });
  return [out, values];
}

export class MetricsQueries {
  /** The figures anchored on the report time; with `withIds`, each group's event ids too. */
  reported(sql: Sql, groupBy: MetricsGroupBy, townCode: string, r: Range, now: string, withIds = false): Promise<ReportedRow[]> {
    const k = GROUP_KEY[groupBy];
    return sql.all<ReportedRow>(
      ...bind(
        `SELECT k, count(*) AS received,
          sum(acc = 1) AS acc_on, sum(acc = 0) AS acc_late,
          sum(disp = 1) AS disp_on, sum(disp = 0) AS disp_late,
          sum(scene = 1) AS scene_on, sum(scene = 0) AS scene_late,
          avg(acc_minutes) AS acc_minutes, count(acc_minutes) AS acc_n,
          sum(state = 'invalid') AS invalid, sum(state = 'merged') AS merged, sum(state = 'escalated') AS escalated,
          sum(first = 1) AS first_on, sum(first = 0) AS first_late${withIds ? `, group_concat(id, char(30)) AS ids` : ''}
        FROM (SELECT ${k} AS k, e.state, e.id,
            ${ACCEPT_OK} AS acc, ${DISPATCH_OK} AS disp, ${ON_SCENE_OK} AS scene,
            CASE WHEN e.level_rank >= ${SERIOUS_RANK} AND e.first_report_due IS NOT NULL THEN ${FIRST_REPORT_OK} END AS first,
            CASE WHEN e.accepted_at IS NOT NULL THEN ${MINUTES('e.accepted_at', 'e.reported_at')} END AS acc_minutes
          FROM event e INDEXED BY idx_event_reported_figures
          WHERE e.reported_at >= :from AND e.reported_at < :to AND e.town_code = :town ${ONCE_PER_ROW})
        GROUP BY k`,
        { from: r.from, to: r.to, town: townCode, now: now },
      ),
    );
  }

  /**
   * The figures anchored on the close time (only events that ended `closed`, not invalid or merged); with
   * `withCalls`, each event closed in the range for 回访率 (whether it was called back since its close):
   * the same read of the closed events serves both.
   */
  closed(sql: Sql, groupBy: MetricsGroupBy, townCode: string, r: Range, withCalls = false): Promise<ClosedRow[]> {
    const k = GROUP_KEY[groupBy];
    return sql.all<ClosedRow>(
      ...bind(
        `SELECT k, sum(district = 0 AND ok = 1) AS on_time, sum(district = 0 AND ok = 0) AS late,
          avg(CASE WHEN district = 0 THEN handle_minutes END) AS handle_minutes,
          count(CASE WHEN district = 0 THEN handle_minutes END) AS handle_n,
          sum(district) AS district${withCalls ? `, group_concat(called || level || char(31) || id, char(30)) AS calls` : ''}
        FROM (SELECT ${k} AS k, ${DISTRICT_CLOSED} AS district,${withCalls ? ` e.id, e.level, ${CALLED_SINCE_CLOSE} AS called,` : ''}
            (e.resolve_due IS NULL OR e.closed_at <= e.resolve_due) AS ok,
            CASE WHEN e.dispatched_at IS NOT NULL THEN ${MINUTES('e.closed_at', 'e.dispatched_at')} END AS handle_minutes
          FROM event e INDEXED BY idx_event_closed_figures
          WHERE e.closed_at IS NOT NULL AND e.closed_at >= :from AND e.closed_at < :to AND e.town_code = :town AND e.state = 'closed' ${ONCE_PER_ROW})
        GROUP BY k`,
        { from: r.from, to: r.to, town: townCode },
      ),
    );
  }

  /**
   * Open events whose resolve limit ran out in [from, min(to, now)): late for 按期办结率. Held events
   * (挂账) are counted apart; returned and escalated ones are the district's.
   */
  openLate(sql: Sql, groupBy: MetricsGroupBy, townCode: string, r: Range, now: string): Promise<CountRow[]> {
    const until = r.to < now ? r.to : now;
    return sql.all<CountRow>(
      ...bind(
        `SELECT ${GROUP_KEY[groupBy]} AS k, count(*) AS n FROM event e INDEXED BY idx_event_open_due
        WHERE e.town_code = :town AND e.is_open = 1 AND e.carried_over = 0 AND e.state NOT IN ('returned', 'escalated')
          AND e.resolve_due IS NOT NULL AND e.resolve_due >= :from AND e.resolve_due < :until
        GROUP BY k`,
        { from: r.from, until: until, town: townCode },
      ),
    );
  }

  /**
   * The timeline rows in the range that the figures count, read from idx_timeline_assessed alone, as one
   * string: each row `<event id> UNIT_SEP <bits>` (TIMELINE_*: returned; reworked — rejected at
   * verification, or reopened after a follow-up call; judged — its result reported back for
   * verification, or reopened; newly held), joined by ID_SEP. figures.ts folds them per event (each
   * event once) and per group.
   */
  async timeline(sql: Sql, r: Range): Promise<string> {
    const row = await sql.get<{ rows: string | null }>(
      ...bind(
        `SELECT group_concat(t.event_id || char(31) || CASE t.action WHEN 'return' THEN ${TIMELINE_RETURNED} WHEN 'reject' THEN ${TIMELINE_REWORKED}
            WHEN 'reopen' THEN ${TIMELINE_REWORKED | TIMELINE_JUDGED} WHEN 'report_back' THEN ${TIMELINE_JUDGED} ELSE ${TIMELINE_HELD} END, char(30)) AS rows
        FROM event_timeline t INDEXED BY idx_timeline_assessed
        WHERE t.action IN ('return', 'reject', 'reopen', 'report_back', 'hold') AND t.at >= :from AND t.at < :to`,
        { from: r.from, to: r.to },
      ),
    );
    return row?.rows ?? '';
  }

  /** The group of each of these events (of the town; others are left out), by id. */
  groupKeys(sql: Sql, groupBy: MetricsGroupBy, townCode: string, ids: readonly string[]): Promise<{ k: string; id: string }[]> {
    return sql.all<{ k: string; id: string }>(
      // json_each first, each id looked up by the primary key (CROSS JOIN keeps that order: the town's
      // figure indexes would otherwise tempt the planner into scanning all of the town's events).
      ...bind(`SELECT ${GROUP_KEY[groupBy]} AS k, e.id FROM json_each(:ids) j CROSS JOIN event e ON e.id = j.value WHERE e.town_code = :town`, {
        ids: JSON.stringify(ids),
        town: townCode,
      }),
    );
  }

  /** 挂账数 now: open events held. */
  heldNow(sql: Sql, groupBy: MetricsGroupBy, townCode: string): Promise<CountRow[]> {
    return sql.all<CountRow>(
      ...bind(
        `SELECT ${GROUP_KEY[groupBy]} AS k, count(*) AS n FROM event e INDEXED BY idx_event_open_due
        WHERE e.town_code = :town AND e.is_open = 1 AND e.carried_over = 1 GROUP BY k`,
        { town: townCode },
      ),
    );
  }
}
