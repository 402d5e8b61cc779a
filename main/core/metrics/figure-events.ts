/**
 * 考核评价 (issue #16): the events behind a figure, one click from any number on the 考核评价 page. Each
 * list is drawn with the figure's own expressions (metrics-queries.ts, follow-up-queries.ts' rule) over
 * the same anchor, so its `late` / `counted` rows are exactly the events the figure counted
 * (test/metrics/figure-events.test.ts checks every figure against them).
 */
import type { DrillFigure, MetricsEventRow } from '../../../preload/contract/metrics-schemas';
import type { Sql } from '../db/db';
import type { FollowUpRule } from './figures';
import type { MetricsGroupBy, Range } from './metrics-queries';
import { ACCEPT_OK, bind, DISPATCH_OK, DISTRICT_CLOSED, FIRST_REPORT_OK, GROUP_KEY, MINUTES, ON_SCENE_OK, SERIOUS_RANK } from './metrics-queries';

/** The most rows a list carries (the total says how many there are). */
export const DRILL_LIMIT = 500;

interface Raw {
  id: string;
  title: string;
  level: string;
  state: string;
  reported_at: string;
  closed_at: string | null;
  due: string | null;
  minutes: number | null;
  mark: MetricsEventRow['mark'];
}

const COLUMNS = `e.id, e.title, e.level, e.state, e.reported_at, e.closed_at`;

/** Which marks count against the figure (listed first). */
const AGAINST: ReadonlySet<string> = new Set(['late', 'not_counted', 'unsatisfied']);

/** The statement of one figure's events: `:from`, `:to`, `:now`, `:town`, `:key` bound by the caller. */
function statement(figure: Exclude<DrillFigure, 'followUpRate'>, key: string): string {
  const reported = `FROM event e INDEXED BY idx_event_reported WHERE e.reported_at >= :from AND e.reported_at < :to AND e.town_code = :town AND ${key}`;
  const closed = `FROM event e INDEXED BY idx_event_closed WHERE e.closed_at IS NOT NULL AND e.closed_at >= :from AND e.closed_at < :to AND e.town_code = :town AND e.state = 'closed' AND ${key}`;
  const inTimeline = (actions: string) =>
    `e.id IN (SELECT t.event_id FROM event_timeline t INDEXED BY idx_timeline_action WHERE t.action IN (${actions}) AND t.at >= :from AND t.at < :to)`;
  const onTime = (ok: string, due: string) =>
    `SELECT * FROM (SELECT ${COLUMNS}, ${due} AS due, NULL AS minutes, CASE (${ok}) WHEN 1 THEN 'on_time' WHEN 0 THEN 'late' END AS mark ${reported}) WHERE mark IS NOT NULL`;
  const closeOnTime = `SELECT ${COLUMNS}, e.resolve_due AS due, NULL AS minutes,
      CASE WHEN e.resolve_due IS NULL OR e.closed_at <= e.resolve_due THEN 'on_time' ELSE 'late' END AS mark
      ${closed} AND NOT ${DISTRICT_CLOSED}
    UNION ALL
    SELECT ${COLUMNS}, e.resolve_due AS due, NULL AS minutes, 'late' AS mark FROM event e INDEXED BY idx_event_queue
      WHERE e.town_code = :town AND e.is_open = 1 AND e.carried_over = 0 AND e.state NOT IN ('returned', 'escalated')
        AND e.resolve_due IS NOT NULL AND e.resolve_due >= :from AND e.resolve_due < :until AND ${key}`;
  switch (figure) {
    case 'received':
      return `SELECT ${COLUMNS}, NULL AS due, NULL AS minutes, 'counted' AS mark ${reported}`;
    case 'acceptOnTime':
      return onTime(ACCEPT_OK, 'e.accept_due');
    case 'dispatchOnTime':
      return onTime(DISPATCH_OK, 'e.accept_due');
    case 'onSceneOnTime':
      return onTime(ON_SCENE_OK, 'e.on_scene_due');
    case 'closeOnTime':
      return closeOnTime;
    case 'firstReportOnTime':
      return `SELECT * FROM (SELECT ${COLUMNS}, e.first_report_due AS due, NULL AS minutes, CASE (${FIRST_REPORT_OK}) WHEN 1 THEN 'on_time' WHEN 0 THEN 'late' END AS mark
        ${reported} AND e.level_rank >= ${SERIOUS_RANK} AND e.first_report_due IS NOT NULL) WHERE mark IS NOT NULL`;
    case 'overdue':
      return `SELECT * FROM (${closeOnTime}) WHERE mark = 'late'`;
    case 'avgAccept':
      return `SELECT ${COLUMNS}, NULL AS due, ${MINUTES('e.accepted_at', 'e.reported_at')} AS minutes, 'counted' AS mark ${reported} AND e.accepted_at IS NOT NULL`;
    case 'avgHandle':
      return `SELECT ${COLUMNS}, NULL AS due, ${MINUTES('e.closed_at', 'e.dispatched_at')} AS minutes, 'counted' AS mark ${closed} AND NOT ${DISTRICT_CLOSED} AND e.dispatched_at IS NOT NULL`;
    case 'returnRate':
      return `SELECT ${COLUMNS}, NULL AS due, NULL AS minutes, 'counted' AS mark FROM event e WHERE e.town_code = :town AND ${key} AND ${inTimeline(`'return'`)}`;
    case 'reworkRate':
      return `SELECT ${COLUMNS}, NULL AS due, NULL AS minutes,
          CASE WHEN ${inTimeline(`'reject', 'reopen'`)} THEN 'counted' ELSE 'not_counted' END AS mark
        FROM event e WHERE e.town_code = :town AND ${key} AND ${inTimeline(`'reject', 'reopen', 'report_back'`)}`;
    case 'satisfaction':
      return `SELECT ${COLUMNS}, NULL AS due, NULL AS minutes, json_extract(t.payload, '$.satisfaction') AS mark
        FROM event_timeline t INDEXED BY idx_timeline_action JOIN event e ON e.id = t.event_id
        WHERE t.action = 'follow_up' AND t.at >= :from AND t.at < :to AND e.town_code = :town AND ${key}
          AND NOT EXISTS (SELECT 1 FROM event_timeline l INDEXED BY idx_timeline_follow_up
            WHERE l.event_id = t.event_id AND l.id > t.id AND l.action = 'follow_up' AND l.at < :to)`;
    case 'newlyHeld':
      return `SELECT ${COLUMNS}, e.hold_review_by AS due, NULL AS minutes, 'counted' AS mark FROM event e WHERE e.town_code = :town AND ${key} AND ${inTimeline(`'hold'`)}`;
    case 'heldNow':
      return `SELECT ${COLUMNS}, e.hold_review_by AS due, NULL AS minutes, 'counted' AS mark FROM event e INDEXED BY idx_event_queue
        WHERE e.town_code = :town AND e.is_open = 1 AND e.carried_over = 1 AND ${key}`;
  }
}

/** The events behind `figure` for the group `key`, those counting against it first, then the newest. */
export async function figureEvents(
  sql: Sql,
  q: { groupBy: MetricsGroupBy; key: string; figure: DrillFigure; townCode: string; range: Range; now: string },
  rule: FollowUpRule,
): Promise<{ rows: MetricsEventRow[]; total: number }> {
  const key = `(${GROUP_KEY[q.groupBy]}) = :key`;
  const params = { from: q.range.from, to: q.range.to, until: q.range.to < q.now ? q.range.to : q.now, now: q.now, town: q.townCode, key: q.key };
  let raw: Raw[];
  if (q.figure === 'followUpRate') {
    // The sampling rule is applied here as in figures.ts: SQLite cannot hash the event id.
    const sharePercent = await rule.share(sql);
    const rows = await sql.all<Raw & { called: number }>(
      ...bind(
        `SELECT ${COLUMNS}, NULL AS due, NULL AS minutes, NULL AS mark,
          EXISTS (SELECT 1 FROM event_timeline f INDEXED BY idx_timeline_follow_up WHERE f.event_id = e.id AND f.action = 'follow_up' AND f.at >= e.closed_at) AS called
        FROM event e INDEXED BY idx_event_closed
        WHERE e.closed_at IS NOT NULL AND e.closed_at >= :from AND e.closed_at < :to AND e.town_code = :town AND e.state = 'closed' AND ${key}`,
        params,
      ),
    );
    raw = rows.filter((r) => rule.due(r.id, r.level, sharePercent)).map((r) => ({ ...r, mark: r.called ? 'counted' : 'not_counted' }));
  } else {
    raw = await sql.all<Raw>(...bind(statement(q.figure, key), params));
  }
  raw.sort((a, b) => Number(AGAINST.has(b.mark)) - Number(AGAINST.has(a.mark)) || b.reported_at.localeCompare(a.reported_at) || a.id.localeCompare(b.id));
  const rows = raw.slice(0, DRILL_LIMIT).map((r) => ({
    id: r.id,
    title: r.title,
    level: r.level,
    state: r.state,
    reportedAt: r.reported_at,
    closedAt: r.closed_at,
    due: r.due,
    minutes: r.minutes,
    mark: r.mark,
  }));
  return { rows, total: raw.length };
}
