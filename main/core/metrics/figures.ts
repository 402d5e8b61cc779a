/**
 * 考核评价 (issue #16): the assessment figures, each computed here and only here, as docs/metrics.md
 * defines them. A read model over the event table and its timeline: it writes nothing.
 *
 * Which timestamp puts an event in a range [from, to):
 * - reported_at (idx_event_reported): received, 按时受理率, 按时派单率, 按时到场率, 平均受理时长, 退回率's
 *   denominator, invalid / merged / escalated;
 * - closed_at (idx_event_closed): 按期办结率's closed part, 平均处置时长, district-closed;
 * - resolve_due of the open events (the partial open-event indexes): 按期办结率's open part (超期未办结);
 * - the timeline row's `at` (idx_timeline_action): 退回 (return), 返工 (reject, reopen), results that came for
 *   verification (report_back), newly held (hold).
 * Open events are judged at `now`: a clock still running past its limit is late, one that stands (held,
 * or a return waiting for consent) is late only if it had already run out when it stopped.
 */
import type { FigureGroup, FigureSet, MetricsFigures, OnTime, Share } from '../../../preload/contract/metrics-schemas';
import { MetricsQuery } from '../../../preload/contract/metrics-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { permit } from '../kernel/permissions';

export type MetricsGroupBy = MetricsFigures['groupBy'];

/** The SQL expression of a group's key over `event e`. */
const GROUP_KEY: Readonly<Record<MetricsGroupBy, string>> = {
  town: `''`,
  board: `e.board_code`,
  post: `coalesce(e.lead_post_id, '')`,
  village: `coalesce((SELECT g.village FROM grid g WHERE g.code = e.grid_code), '')`,
  grid: `coalesce(e.grid_code, '')`,
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
const DISTRICT_CLOSED = `EXISTS (SELECT 1 FROM event_timeline t INDEXED BY idx_timeline_event WHERE t.event_id = e.id AND t.action = 'district_close')`;

/**
 * 按时受理率: the desk's accept clock (event-clock.ts), stopped by the dispatch or by the desk ending the
 * event itself (closed at the desk, invalid, merged) — not by the district closing one escalated to it.
 */
const ACCEPT_OK = onTimeCase(
  'e.accept_due',
  `CASE WHEN e.dispatched_at IS NOT NULL THEN e.dispatched_at
    WHEN e.closed_at IS NOT NULL AND NOT (e.state = 'closed' AND ${DISTRICT_CLOSED}) THEN e.closed_at END`,
  `e.state IN ('reported', 'accepted')`,
);
/** 按时派单率: dispatched by the accept limit; events never dispatched (closed at the desk, invalid, merged, returned, escalated) do not count. */
const DISPATCH_OK = onTimeCase('e.accept_due', 'e.dispatched_at', `e.state IN ('reported', 'accepted')`);
/** 按时到场率: the lead post on scene (or the result reported back without an arrival) by the on-scene limit. */
const ON_SCENE_OK = onTimeCase('e.on_scene_due', 'coalesce(e.arrived_at, e.resolved_at)', `e.state IN ('dispatched', 'in_progress')`);

const MINUTES = (to: string, from: string): string => `(julianday(${to}) - julianday(${from})) * 1440.0`;

interface ReportedRow {
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
}

interface ClosedRow {
  k: string;
  on_time: number | null;
  late: number | null;
  handle_minutes: number | null;
  handle_n: number;
  district: number | null;
}

interface CountRow {
  k: string;
  n: number;
}

interface TimelineRow {
  k: string;
  returned: number;
  reworked: number;
  judged: number;
  held: number;
}

export interface Range {
  readonly from: string;
  readonly to: string;
}

const n = (v: number | null | undefined): number => v ?? 0;
const rate = (count: number, of: number): number | null => (of > 0 ? count / of : null);
const onTime = (on: number, late: number): OnTime => ({ onTime: on, late, rate: rate(on, on + late) });
const share = (count: number, of: number): Share => ({ count, of, rate: rate(count, of) });

/**
 * The text with its `:name` parameters written as positional ones, and their values in that order (the
 * database layer binds positional parameters only; a name may appear many times).
 */
function bind(text: string, params: Record<string, string>): [string, string[]] {
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
  /** The figures anchored on the report time. */
  reported(sql: Sql, groupBy: MetricsGroupBy, townCode: string, r: Range, now: string): Promise<ReportedRow[]> {
    const k = GROUP_KEY[groupBy];
    return sql.all<ReportedRow>(
      ...bind(
        `SELECT k, count(*) AS received,
          sum(acc = 1) AS acc_on, sum(acc = 0) AS acc_late,
          sum(disp = 1) AS disp_on, sum(disp = 0) AS disp_late,
          sum(scene = 1) AS scene_on, sum(scene = 0) AS scene_late,
          avg(acc_minutes) AS acc_minutes, count(acc_minutes) AS acc_n,
          sum(state = 'invalid') AS invalid, sum(state = 'merged') AS merged, sum(state = 'escalated') AS escalated
        FROM (SELECT ${k} AS k, e.state,
            ${ACCEPT_OK} AS acc, ${DISPATCH_OK} AS disp, ${ON_SCENE_OK} AS scene,
            CASE WHEN e.accepted_at IS NOT NULL THEN ${MINUTES('e.accepted_at', 'e.reported_at')} END AS acc_minutes
          FROM event e INDEXED BY idx_event_reported
          WHERE e.reported_at >= :from AND e.reported_at < :to AND e.town_code = :town)
        GROUP BY k`,
        { from: r.from, to: r.to, town: townCode, now: now },
      ),
    );
  }

  /** The figures anchored on the close time (only events that ended `closed`, not invalid or merged). */
  closed(sql: Sql, groupBy: MetricsGroupBy, townCode: string, r: Range): Promise<ClosedRow[]> {
    const k = GROUP_KEY[groupBy];
    return sql.all<ClosedRow>(
      ...bind(
        `SELECT k, sum(district = 0 AND ok = 1) AS on_time, sum(district = 0 AND ok = 0) AS late,
          avg(CASE WHEN district = 0 THEN handle_minutes END) AS handle_minutes,
          count(CASE WHEN district = 0 THEN handle_minutes END) AS handle_n,
          sum(district) AS district
        FROM (SELECT ${k} AS k, ${DISTRICT_CLOSED} AS district,
            (e.resolve_due IS NULL OR e.closed_at <= e.resolve_due) AS ok,
            CASE WHEN e.dispatched_at IS NOT NULL THEN ${MINUTES('e.closed_at', 'e.dispatched_at')} END AS handle_minutes
          FROM event e INDEXED BY idx_event_closed
          WHERE e.closed_at IS NOT NULL AND e.closed_at >= :from AND e.closed_at < :to AND e.town_code = :town AND e.state = 'closed')
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
        `SELECT ${GROUP_KEY[groupBy]} AS k, count(*) AS n FROM event e INDEXED BY idx_event_queue
        WHERE e.town_code = :town AND e.is_open = 1 AND e.carried_over = 0 AND e.state NOT IN ('returned', 'escalated')
          AND e.resolve_due IS NOT NULL AND e.resolve_due >= :from AND e.resolve_due < :until
        GROUP BY k`,
        { from: r.from, until: until, town: townCode },
      ),
    );
  }

  /**
   * From the timeline rows in the range, the events (each once) that were: returned to the district;
   * reworked (rejected at verification, or reopened after a follow-up call once reopen exists); judged
   * (their result reported back for verification, or reopened); newly held.
   */
  timeline(sql: Sql, groupBy: MetricsGroupBy, townCode: string, r: Range): Promise<TimelineRow[]> {
    return sql.all<TimelineRow>(
      ...bind(
        `SELECT ${GROUP_KEY[groupBy]} AS k,
          count(DISTINCT CASE WHEN t.action = 'return' THEN t.event_id END) AS returned,
          count(DISTINCT CASE WHEN t.action IN ('reject', 'reopen') THEN t.event_id END) AS reworked,
          count(DISTINCT CASE WHEN t.action IN ('report_back', 'reopen') THEN t.event_id END) AS judged,
          count(DISTINCT CASE WHEN t.action = 'hold' THEN t.event_id END) AS held
        FROM event_timeline t INDEXED BY idx_timeline_action JOIN event e ON e.id = t.event_id
        WHERE t.action IN ('return', 'reject', 'reopen', 'report_back', 'hold') AND t.at >= :from AND t.at < :to AND e.town_code = :town
        GROUP BY k`,
        { from: r.from, to: r.to, town: townCode },
      ),
    );
  }

  /** 挂账数 now: open events held. */
  heldNow(sql: Sql, groupBy: MetricsGroupBy, townCode: string): Promise<CountRow[]> {
    return sql.all<CountRow>(
      ...bind(
        `SELECT ${GROUP_KEY[groupBy]} AS k, count(*) AS n FROM event e INDEXED BY idx_event_queue
        WHERE e.town_code = :town AND e.is_open = 1 AND e.carried_over = 1 GROUP BY k`,
        { town: townCode },
      ),
    );
  }
}

function emptySet(): FigureSet {
  return {
    received: 0,
    acceptOnTime: onTime(0, 0),
    dispatchOnTime: onTime(0, 0),
    onSceneOnTime: onTime(0, 0),
    closeOnTime: onTime(0, 0),
    overdue: { total: 0, closedLate: 0, openLate: 0 },
    avgAccept: { minutes: null, count: 0 },
    avgHandle: { minutes: null, count: 0 },
    returnRate: share(0, 0),
    reworkRate: share(0, 0),
    newlyHeld: 0,
    invalid: 0,
    merged: 0,
    escalated: 0,
    districtClosed: 0,
  };
}

/** The previous period of the same length: [from − (to − from), from). */
export function previousRange(r: Range): Range {
  const from = Date.parse(r.from);
  const to = Date.parse(r.to);
  return { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() };
}

/** Every figure of one range, per group key, from the queries above. */
export async function figureSets(q: MetricsQueries, sql: Sql, groupBy: MetricsGroupBy, townCode: string, r: Range, now: string): Promise<Map<string, FigureSet>> {
  const sets = new Map<string, FigureSet>();
  const at = (k: string): FigureSet => {
    let s = sets.get(k);
    if (!s) sets.set(k, (s = emptySet()));
    return s;
  };
  for (const row of await q.reported(sql, groupBy, townCode, r, now)) {
    const s = at(row.k);
    s.received = row.received;
    s.acceptOnTime = onTime(n(row.acc_on), n(row.acc_late));
    s.dispatchOnTime = onTime(n(row.disp_on), n(row.disp_late));
    s.onSceneOnTime = onTime(n(row.scene_on), n(row.scene_late));
    s.avgAccept = { minutes: row.acc_n > 0 ? row.acc_minutes : null, count: row.acc_n };
    s.invalid = n(row.invalid);
    s.merged = n(row.merged);
    s.escalated = n(row.escalated);
  }
  for (const row of await q.closed(sql, groupBy, townCode, r)) {
    const s = at(row.k);
    s.closeOnTime = onTime(n(row.on_time), n(row.late));
    s.overdue = { total: n(row.late), closedLate: n(row.late), openLate: 0 };
    s.avgHandle = { minutes: row.handle_n > 0 ? row.handle_minutes : null, count: row.handle_n };
    s.districtClosed = n(row.district);
  }
  for (const row of await q.openLate(sql, groupBy, townCode, r, now)) {
    const s = at(row.k);
    s.closeOnTime = onTime(s.closeOnTime.onTime, s.closeOnTime.late + row.n);
    s.overdue = { total: s.overdue.closedLate + row.n, closedLate: s.overdue.closedLate, openLate: row.n };
  }
  const timeline = new Map<string, TimelineRow>();
  for (const row of await q.timeline(sql, groupBy, townCode, r)) {
    at(row.k);
    timeline.set(row.k, row);
  }
  for (const [k, s] of sets) {
    const t = timeline.get(k);
    s.returnRate = share(n(t?.returned), s.received);
    s.reworkRate = share(n(t?.reworked), n(t?.judged));
    s.newlyHeld = n(t?.held);
  }
  return sets;
}

/** What the figures need of the town. */
export interface MetricsTown {
  readonly town: { readonly townCode: string };
}

/** The assessment figures: the one place every screen, export and wall panel takes them from. */
export class AssessmentFigures {
  private readonly q = new MetricsQueries();

  constructor(
    private readonly kernel: Kernel,
    private readonly town: MetricsTown,
  ) {}

  /** The figures over [from, to) and the previous period of the same length, per group. */
  async figures(actor: Actor, input: unknown): Promise<MetricsFigures> {
    permit(actor, 'read');
    const parsed = MetricsQuery.safeParse(input);
    if (!parsed.success) refuse('invalid', parsed.error.issues.map((i) => i.message).join('; '));
    const query = parsed.data;
    const range = { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString() };
    if (range.to <= range.from) refuse('invalid', 'the range ends before it starts', { from: range.from, to: range.to });
    return this.compute(query.groupBy, range);
  }

  /** The same, without the actor (the core's own callers: the wall, exports). */
  async compute(groupBy: MetricsGroupBy, range: Range): Promise<MetricsFigures> {
    const townCode = this.town.town.townCode;
    const now = this.kernel.clock.now().toISOString();
    const previous = previousRange(range);
    const { current, before, held } = await this.kernel.read(async (sql) => ({
      current: await figureSets(this.q, sql, groupBy, townCode, range, now),
      before: await figureSets(this.q, sql, groupBy, townCode, previous, now),
      held: new Map((await this.q.heldNow(sql, groupBy, townCode)).map((r) => [r.k, r.n])),
    }));
    const keys = new Set<string>([...current.keys(), ...before.keys(), ...held.keys()]);
    if (groupBy === 'town') keys.add('');
    const groups: FigureGroup[] = [...keys]
      .sort()
      .map((key) => ({ key, current: current.get(key) ?? emptySet(), previous: before.get(key) ?? emptySet(), heldNow: held.get(key) ?? 0 }));
    return { townCode, groupBy, from: range.from, to: range.to, previousFrom: previous.from, now, groups };
  }

  /**
   * 按时受理率 and 按期办结率 of the whole town over [from, to): the two rates the wall shows (its
   * windows end at now, now included, so it passes `to` = now + 1 ms).
   */
  async townRates(sql: Sql, range: Range): Promise<{ accept: OnTime; close: OnTime }> {
    const townCode = this.town.town.townCode;
    const now = this.kernel.clock.now().toISOString();
    const reported = (await this.q.reported(sql, 'town', townCode, range, now))[0];
    const closed = (await this.q.closed(sql, 'town', townCode, range))[0];
    const open = (await this.q.openLate(sql, 'town', townCode, range, now))[0];
    return {
      accept: onTime(n(reported?.acc_on), n(reported?.acc_late)),
      close: onTime(n(closed?.on_time), n(closed?.late) + n(open?.n)),
    };
  }
}
