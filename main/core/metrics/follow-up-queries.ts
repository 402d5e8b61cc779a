/**
 * 考核评价 (issue #16): the SQL behind 满意率 (docs/metrics.md). 回访率's events come with the closed
 * figures (metrics-queries.ts `closed(…, withCalls)`): which closed events are due a call depends on the
 * sampling rule (event-follow-up.ts: serious and above always, a share of the rest by a hash of the event
 * id), which SQLite cannot compute, so each closed event comes back with its level and whether it was
 * called, and figures.ts applies the rule.
 */
import type { Sql } from '../db/db';
import type { MetricsGroupBy, Range } from './metrics-queries';
import { bind, GROUP_KEY } from './metrics-queries';

/** Per group: the calls that reached the reporter in the range (each event's latest), and how they went. */
export interface CallRow {
  k: string;
  reached: number;
  satisfied: number;
  basically: number;
  unsatisfied: number;
}

export class FollowUpQueries {
  /**
   * The `follow_up` rows in the range, one per event: its latest in the range (a second call after a
   * redo is the one that counts), by satisfaction. Unreachable calls are not `follow_up` rows.
   */
  calls(sql: Sql, groupBy: MetricsGroupBy, townCode: string, r: Range): Promise<CallRow[]> {
    return sql.all<CallRow>(
      ...bind(
        `SELECT k, count(*) AS reached, sum(s = 'satisfied') AS satisfied, sum(s = 'basically_satisfied') AS basically,
          sum(s = 'unsatisfied') AS unsatisfied
        FROM (SELECT ${GROUP_KEY[groupBy]} AS k, json_extract(t.payload, '$.satisfaction') AS s
          FROM event_timeline t INDEXED BY idx_timeline_action JOIN event e ON e.id = t.event_id
          WHERE t.action = 'follow_up' AND t.at >= :from AND t.at < :to AND e.town_code = :town
            AND NOT EXISTS (SELECT 1 FROM event_timeline l INDEXED BY idx_timeline_follow_up
              WHERE l.event_id = t.event_id AND l.id > t.id AND l.action = 'follow_up' AND l.at < :to))
        GROUP BY k`,
        { from: r.from, to: r.to, town: townCode },
      ),
    );
  }
}
